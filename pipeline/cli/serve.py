"""`newsld serve`: every published IRI answered over HTTP."""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from ..console import error_line, level, quiet, verbosity_options
from ..errors import InputError
from .common import config_with_base, EXIT_USAGE, store_options
from .group import main


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
    from ..serve import Options, Site, StoreError, make_app
    from ..serve.server import Listen, Server

    config = config_with_base(config_path, base)
    slots = tempfile.mkdtemp(prefix="newsld-serve-slots-")  # the workers' shared query slots
    options = Options(Site(config.base), config.publisher.name if config.publisher else "newsld",
                      sparql_timeout, sparql_limit, sitemap_urls, (slots, max(1, workers - 1)))
    store = store_dir or config.store.directory or output_dir / "store"
    try:
        make_app(config, store, endpoint, options)  # fails here, once, on a store that is not there
    except StoreError as exc:
        error_line(InputError("store", str(exc)))
        sys.exit(EXIT_USAGE)
    if not quiet():
        click.echo(f"newsld: serving {endpoint or config.store.endpoint or store} at http://{host}:{port}/ "
                   f"(IRIs under {config.base}); Ctrl-C stops", err=True)
    listen = Listen(host, port, workers, sparql_timeout, level())
    try:
        Server(lambda: make_app(config, store, endpoint, options), listen).run()
    finally:
        shutil.rmtree(slots, ignore_errors=True)
