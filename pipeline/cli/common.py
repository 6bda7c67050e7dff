"""What several commands share: the store, link and address options, the output directory's lock, the store
and the configuration opened with one error line instead of a traceback, and the exit codes."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable

import click

from ..console import error_line, note
from ..errors import InputError

if TYPE_CHECKING:
    from ..batch import Outcome


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


def locked_output(out: Path) -> IO[str]:
    """The output directory locked for this process, its manifest readable; else an error line and exit 1."""
    from ..batch import lock_output
    from ..manifest import Manifest

    lock = None
    try:
        lock = lock_output(out)
        Manifest.read(out)
    except InputError as exc:
        if lock is not None:
            lock.close()
        error_line(exc)
        sys.exit(EXIT_INVALID)
    return lock


def store_or_exit(config, store_dir: Path, endpoint: str | None):
    from ..store import StoreError, open_store

    endpoint = endpoint or config.store.endpoint
    try:
        return open_store(store_dir, endpoint, config.store.query, config.store.update, config.store.graph_store)
    except StoreError as exc:
        error_line(InputError("store", str(exc)))
        sys.exit(EXIT_INVALID)


def config_with_base(config_path: Path | None, base: str | None):
    """newsld.toml with `--base` over its base; a bad one is a usage error."""
    config = config_or_exit(config_path)
    try:
        return config.with_options(base=base)
    except InputError as exc:
        error_line(exc)
        sys.exit(EXIT_USAGE)


def config_or_exit(config_path: Path | None):
    from ..config import load_config

    try:
        return load_config(config_path)
    except InputError as exc:
        error_line(exc)
        sys.exit(EXIT_USAGE)


def report_outcome(outcome: Outcome) -> None:
    """After a run that wrote the output (publish, prune): an error line for each graph the store did not take,
    then the run's notes."""
    for graph, message in outcome.load_failed.items():
        error_line(InputError(graph, message))
    for remark in outcome.notes:
        note(remark)
