"""`newsld query`: a SPARQL query answered from the store, read-only."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..console import error_line, note, verbose, verbosity_options
from ..errors import InputError, printable
from .common import config_or_exit, EXIT_INVALID, EXIT_USAGE, store_options, store_or_exit
from .group import main


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
    from ..store import StoreError
    from ..store.embedded import holds_store
    from ..store.forms import QUERY_FORMS, update_operation
    from ..store.hint import empty_default_graph_note
    from ..store.results import render

    if sparql is None and query_file is None:
        raise click.UsageError("give a query, as an argument or with --file")
    if sparql is not None and query_file is not None:
        raise click.UsageError("give the query as an argument or with --file, not both")
    try:
        text = sparql if sparql is not None else query_file.read()
    except UnicodeDecodeError as exc:
        error_line(InputError(query_file.name, f"not UTF-8 text: {exc.reason} at byte {exc.start}"))
        sys.exit(EXIT_USAGE)
    if operation := update_operation(text):  # a server may run an update sent as a query: it is never sent
        error_line(InputError("query", f"{operation} is an update, and newsld query only reads "
                                        f"({', '.join(QUERY_FORMS)}); the store changes through publish, load "
                                        "and prune"))
        sys.exit(EXIT_USAGE)
    config = config_or_exit(config_path)
    directory = store_dir or config.store.directory or Path("output") / "store"
    if not (endpoint or config.store.endpoint) and not holds_store(directory):
        # a query never makes a store: a mistyped path would answer 0 rows from a new, empty one
        error_line(InputError(str(directory), "no embedded store here (publish or load into it first)"
                               if directory.exists() else "no such store directory"))
        sys.exit(EXIT_USAGE)
    store = store_or_exit(config, directory, endpoint)
    try:
        started = time.perf_counter()
        answer = store.query(text)
        if verbose():
            click.echo(printable(f"newsld: {store.location} answered in {time.perf_counter() - started:.3f} s"),
                       err=True)
        click.echo(render(answer, fmt), nl=False)
        remark = empty_default_graph_note(store, text, answer)  # asks the store itself, raises no StoreError
    except StoreError as exc:
        error_line(InputError("query", str(exc)))
        sys.exit(EXIT_INVALID)
    finally:
        store.close()
    if remark:
        note(remark)
