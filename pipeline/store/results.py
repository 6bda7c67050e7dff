"""A query's answer as a terminal table, CSV or SPARQL 1.1 JSON results; triples as N-Triples."""
from __future__ import annotations

import csv
import io
import json

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, serialize

from . import QueryAnswer

FORMATS = ("table", "csv", "json")


def render(answer: QueryAnswer, fmt: str) -> str:
    if answer.triples is not None:
        return serialize(answer.triples, format=RdfFormat.N_TRIPLES).decode("utf-8")
    if answer.boolean is not None:
        return json.dumps(json_results(answer)) + "\n" if fmt == "json" else f"{str(answer.boolean).lower()}\n"
    if fmt == "json":
        return json.dumps(json_results(answer), ensure_ascii=False, indent=2) + "\n"
    cells = [[_text(t) for t in row] for row in answer.rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(answer.variables)
        writer.writerows(cells)
        return out.getvalue()
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(answer.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(answer.variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + f"\n({len(cells)} row{'s' if len(cells) != 1 else ''})\n"


def _text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value  # IRIs and literal values read best bare in a table or a spreadsheet


def json_results(answer: QueryAnswer, limit: int | None = None) -> dict:
    """A boolean or solutions (the first `limit` rows) as a SPARQL 1.1 Query Results JSON document."""
    if answer.boolean is not None:
        return {"head": {}, "boolean": answer.boolean}
    return {"head": {"vars": answer.variables},
            "results": {"bindings": [{v: _json_term(t) for v, t in zip(answer.variables, row) if t is not None}
                                     for row in answer.rows[:limit]]}}


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out
