"""`publish --stdout`: the published graphs on standard output instead of files, for pipes
(`curl ... | newsld publish - --stdout turtle | riot --validate`). Nothing else is touched: no output
directory, no manifest, no store.

N-Quads go out article by article, each in its named graph, as they are published. Turtle and JSON-LD are
one document each, written at the end: Turtle the union of the articles' graphs (its blank nodes kept apart),
JSON-LD the article's framed document (what its .jsonld file holds, for `embed`), an array of them for several,
`[]` for none (still JSON).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO, Iterable

if TYPE_CHECKING:
    from .publication import Publication

STREAM_FORMATS = ("turtle", "jsonld", "nquads")


def write_stream(publications: Iterable["Publication"], fmt: str, out: BinaryIO) -> None:
    """Write the conforming `publications` (the caller reports the others) to `out` in `fmt`."""
    from rdflib import Graph

    from .serialize import jsonld_text, rdf_triples, to_ntriples, to_turtle

    if fmt not in STREAM_FORMATS:
        raise ValueError(f"format must be one of {', '.join(STREAM_FORMATS)}, got {fmt!r}")
    kept: list["Publication"] = []
    for publication in publications:
        if fmt == "nquads":
            out.write(publication.nquads.encode("utf-8"))
            out.flush()
        else:
            kept.append(publication)
    if fmt == "turtle" and kept:
        union = Graph()
        for publication in kept:
            union += publication.graph
        out.write(to_turtle(rdf_triples(to_ntriples(union))).encode("utf-8"))
    elif fmt == "jsonld":
        texts = [jsonld_text(p.jsonld) for p in kept]
        text = texts[0] if len(texts) == 1 else "[\n" + ",\n".join(t.rstrip("\n") for t in texts) + "\n]\n"
        out.write((text if texts else "[]\n").encode("utf-8"))
    out.flush()
