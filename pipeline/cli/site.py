"""`newsld site`: every article and entity as static files, with sitemaps and server configuration."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..console import detail, error_line, say, verbosity_options, warning_line
from ..errors import InputError
from .common import config_with_base, EXIT_INVALID, EXIT_OK, EXIT_USAGE, store_options
from .group import main


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
    from ..serve import StoreError, open_source
    from ..serve.site import write_site

    config = config_with_base(config_path, base)
    store = store_dir or config.store.directory or output_dir / "store"
    if not (endpoint or config.store.endpoint):
        inside = to.resolve() == store.resolve() or store.resolve() in to.resolve().parents
        if inside:
            raise click.UsageError(f"--to {to} is inside the store {store}: the site would write into the database")
        if to.resolve() in store.resolve().parents:
            warning_line(str(to), f"the site's directory holds the store {store}: a web server would publish it")
    try:
        source = open_source(config, store, endpoint)
        report = write_site(source, config.base, to, config.publisher.name if config.publisher else "newsld")
    except StoreError as exc:
        error_line(InputError("store", str(exc)))
        sys.exit(EXIT_USAGE if "no embedded store" in str(exc) else EXIT_INVALID)
    for name in report.skipped:
        warning_line(str(to / name), "not written: its name leaves the site, passes through a link, or is "
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
