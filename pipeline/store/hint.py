"""Why a query found nothing, when the reason is where newsld keeps its data.

Each article is a named graph. The embedded store and Virtuoso read the default graph as the union of
all graphs; an Oxigraph server (without --union-default-graph) and many others keep it empty, so there a
query without GRAPH finds nothing and says nothing. After a SELECT that gave 0 rows, an ASK that gave
false or a CONSTRUCT or DESCRIBE that gave no triples, and that chose no graphs itself (no GRAPH, no FROM), two fixed queries tell whether that is why.
The user's text is only scanned for those two keywords, never pasted into a query.
"""
from __future__ import annotations

import re

from . import QueryAnswer, Store, StoreError

DEFAULT_GRAPH_HOLDS_DATA = "ASK { ?s ?p ?o }"
NAMED_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

_NOT_KEYWORDS = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\""          # long strings
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""  # short strings
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"      # IRIs
    r"|#[^\n]*",                        # comments
    re.S)
"""Where GRAPH or FROM is no keyword: strings, IRIs and comments, each consumed whole from its start."""
_CHOOSES_GRAPHS = re.compile(r"(?<![\w?$:])(?:GRAPH|FROM)(?![\w:-])", re.I)


def chooses_graphs(sparql: str) -> bool:
    """Whether the query names its graphs (GRAPH) or its dataset (FROM): then the store's default graph is
    not what it read, or not all."""
    return bool(_CHOOSES_GRAPHS.search(_NOT_KEYWORDS.sub(" ", sparql)))


def empty_default_graph_note(store: Store, sparql: str, answer: QueryAnswer) -> str | None:
    """The note for an answer that is empty because the data is in named graphs the query did not read, else
    None. A store that fails these two queries gets no note: the answer stands without it."""
    found_nothing = answer.boolean is False or (answer.triples is not None and not answer.triples) \
        or (answer.boolean is None and answer.triples is None and not answer.rows)
    if not found_nothing or chooses_graphs(sparql):
        return None
    try:
        if store.query(DEFAULT_GRAPH_HOLDS_DATA).boolean:
            return None
        rows = store.query(NAMED_GRAPHS).rows
    except StoreError:
        return None
    count = _integer(rows[0][0]) if rows and rows[0] else 0
    if not count:
        return None
    hold = "named graph holds" if count == 1 else "named graphs hold"
    said = "false" if answer.boolean is False else "no triples" if answer.triples is not None else "0 rows"
    return f"{said}; the default graph is empty and {count} {hold} the data: use GRAPH ?g {{ ... }}"


def _integer(term: object) -> int:
    try:
        return int(getattr(term, "value", ""))
    except ValueError:
        return 0
