"""`newsld load`: published output into a store, each article graph replacing its old version whole."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..console import detail, error_line, format_option, say, verbosity_options
from ..errors import InputError
from .common import config_or_exit, EXIT_INVALID, EXIT_OK, EXIT_USAGE, store_options, store_or_exit
from .group import main


def _load(config, store_dir: Path, endpoint: str | None, graphs, text: bool) -> dict[str, Any]:
    """Load graphs into the chosen store; one summary line, and one error line per failed graph."""
    from ..store import load

    store = store_or_exit(config, store_dir, endpoint)
    try:
        report = load(store, graphs)
    except InputError as exc:
        error_line(exc)
        sys.exit(EXIT_INVALID)
    finally:
        store.close()
    for graph, message in report.failed.items():
        error_line(InputError(graph, f"not loaded: {message}"))
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
    from ..sources.published import read_published

    missing = [path for path in paths if not Path(path).exists()]
    for path in missing:
        error_line(InputError(path, "no such file or directory"))
    if missing:
        sys.exit(EXIT_USAGE)  # a path that is not there is a usage error, as for every command
    config = config_or_exit(config_path)

    def graphs():
        for path in paths:
            yield from read_published(path)

    report = _load(config, store_dir or config.store.directory or Path("output") / "store", endpoint, graphs(),
                   report_format == "text")
    if report_format == "json":
        click.echo(json.dumps(report, indent=2))
    sys.exit(EXIT_INVALID if report["failed"] else EXIT_OK)
