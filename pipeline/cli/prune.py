"""`newsld prune`: the articles whose input files are gone, removed."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..console import detail, error_line, format_option, say, verbosity_options
from ..errors import InputError
from .common import (
    config_or_exit, EXIT_INVALID, EXIT_OK, EXIT_USAGE, locked_output, report_outcome, store_options, store_or_exit,
)
from .group import main

if TYPE_CHECKING:
    from ..manifest import Entry


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
    from ..batch import current_manifest, prune_entries

    config = config_or_exit(config_path)
    if not out.is_dir():
        error_line(InputError(str(out), "no such output directory"))
        sys.exit(EXIT_USAGE)  # a mistyped --out must not become a new, empty output

    def gone(entry: Entry) -> bool:
        return entry.origin is not None and not Path(entry.origin).exists()

    text = output_format == "text"
    if not yes:
        try:  # as the output will list them once finished: a dead run's journal may hold more than the manifest
            candidates = [e for e in current_manifest(out).entries.values() if gone(e)]
        except InputError as exc:
            error_line(exc)
            sys.exit(EXIT_INVALID)
        _list(out, candidates, "would remove", text)
        if text:
            say(f"{len(candidates)} article(s) to prune; run again with --yes to remove them")
        else:
            click.echo(json.dumps({**_listing(candidates, dry_run=True), "pruned": 0}, ensure_ascii=False, indent=2))
        return
    lock = locked_output(out)
    store = None if no_load else store_or_exit(config, store_dir or config.store.directory or out / "store", endpoint)
    try:
        outcome, candidates = prune_entries(out, gone, store)
    except InputError as exc:
        error_line(exc)
        sys.exit(EXIT_INVALID)
    finally:
        if store is not None:
            store.close()
        lock.close()
    _list(out, candidates, "removing", text)
    listing = _listing(candidates, dry_run=False)
    report_outcome(outcome)
    if text:
        say(f"pruned {len(candidates)} article(s)")
    else:
        click.echo(json.dumps({**listing, "pruned": len(candidates),
                               "failed": [{"graph": g, "message": m} for g, m in outcome.load_failed.items()]},
                              ensure_ascii=False, indent=2))
    sys.exit(EXIT_INVALID if outcome.load_failed else EXIT_OK)


def _list(out: Path, entries: list[Entry], verb: str, text: bool) -> None:
    if not text:
        return
    for entry in entries:
        say(f"{verb} {entry.iri}  ({entry.origin} is gone)")
        for name in entry.files:
            detail(f"     {out / name}")


def _listing(entries: list[Entry], dry_run: bool) -> dict:
    return {"dry_run": dry_run, "articles": [{"iri": e.iri, "origin": e.origin, "files": list(e.files)}
                                             for e in entries]}
