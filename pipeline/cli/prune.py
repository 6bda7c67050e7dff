"""`newsld prune`: the articles whose input files are gone, removed."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..console import detail, error_line, format_option, say, verbosity_options
from ..errors import InputError
from .common import (
    config_or_exit, EXIT_INVALID, EXIT_OK, EXIT_USAGE, locked_output, report_outcome, store_options, store_or_exit,
)
from .group import main


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
    from ..batch import prune_entries
    from ..manifest import Manifest

    config = config_or_exit(config_path)
    if not out.is_dir():
        error_line(InputError(str(out), "no such output directory"))
        sys.exit(EXIT_USAGE)  # a mistyped --out must not become a new, empty output
    try:
        manifest = Manifest.read(out)
    except InputError as exc:
        error_line(exc)
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
    lock = locked_output(out)
    store = None if no_load else store_or_exit(config, store_dir or config.store.directory or out / "store", endpoint)
    try:
        outcome = prune_entries(out, candidates, store)
    finally:
        if store is not None:
            store.close()
        lock.close()
    report_outcome(outcome)
    if text:
        say(f"pruned {len(candidates)} article(s)")
    else:
        click.echo(json.dumps({**listing, "pruned": len(candidates),
                               "failed": [{"graph": g, "message": m} for g, m in outcome.load_failed.items()]},
                              ensure_ascii=False, indent=2))
    sys.exit(EXIT_INVALID if outcome.load_failed else EXIT_OK)
