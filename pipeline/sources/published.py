"""Published RDF read back for loading: an output directory, a dataset file, or one article's Turtle or JSON-LD.

Each item is one named graph (the article IRI) with its triples, as
pyoxigraph terms, the currency of the store layer.
"""
from __future__ import annotations

import fcntl
import json
from collections import defaultdict
from pathlib import Path
from typing import BinaryIO, Iterator

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Triple, parse

from ..errors import InputError, innermost, one_line
from ..store import NamedGraph
from ..writer import DATASET_NQUADS
from . import registry

NEWS_ARTICLE = NamedNode("http://schema.org/NewsArticle")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def read_published(path: str) -> Iterator[NamedGraph]:
    """The named graphs in `path`: a publish output directory (its dataset.nq), a dataset, or an article file."""
    p = Path(path)
    if p.is_dir():
        dataset = p / DATASET_NQUADS
        if _unfinished(p):
            raise InputError(path, "an interrupted publish left this output unfinished (its dataset files may lag "
                                   "its articles): run newsld publish or newsld prune --yes on it first")
        if not dataset.is_file():
            raise InputError(path, f"no {DATASET_NQUADS} here: not a newsld output directory")
        p = dataset
    elif not p.exists():
        raise InputError(path, "no such file or directory")
    known = registry.by_suffix(p.suffix, registry.LOAD)
    if known is not None and known.rdf is not None and known.rdf.supports_datasets:
        yield from _dataset(p, known.rdf)
    elif known is not None:
        yield _article(p, known.rdf)  # None: JSON-LD, through PyLD
    else:
        expected = ", ".join(s for f in sorted(_loadable(), key=_dataset_first) for s in f.suffixes)
        raise InputError(path, f"cannot load {p.suffix.lower() or 'a file without suffix'}: expected one of {expected}")


def _loadable() -> list[registry.InputFormat]:
    return [f for f in registry.FORMATS if registry.LOAD in f.read_by]


def _dataset_first(fmt: registry.InputFormat) -> tuple[bool, bool]:
    """Datasets, then RDF graphs, then JSON-LD: the order a user reaches for them in."""
    return fmt.rdf is None, fmt.rdf is not None and not fmt.rdf.supports_datasets


def _unfinished(out: Path) -> bool:
    """A journal that no running publish holds: a run died before the dataset files caught up with it."""
    from ..batch import LOCK
    from ..journal import JOURNAL

    if not (out / JOURNAL).exists():
        return False
    try:
        with open(out / LOCK, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # a publish is under way: the dataset files are the last whole ones
    except OSError:
        return True
    return True


def _dataset(path: Path, fmt: RdfFormat) -> Iterator[NamedGraph]:
    with _opened(path) as stream:
        yield from _grouped(parse(stream, format=fmt), str(path), fmt.name)


def graphs_from_nquads(text: str, source: str) -> Iterator[NamedGraph]:
    yield from _grouped(parse(text, format=RdfFormat.N_QUADS), source, "N-Quads")


def _grouped(quads, source: str, fmt: str) -> Iterator[NamedGraph]:
    graphs: dict[str, set[Triple]] = defaultdict(set)
    try:
        for quad in quads:
            if isinstance(quad.graph_name, DefaultGraph):
                raise InputError(source, f"triple outside any named graph ({quad.triple}): load needs one "
                                         "named graph per article")
            graphs[quad.graph_name.value].add(quad.triple)
    except SyntaxError as exc:
        raise InputError(source, f"not valid {fmt}: {one_line(exc)}") from None
    if not graphs:
        raise InputError(source, f"no named graph in this {fmt} input: nothing to load")
    for name in graphs:
        yield NamedGraph(name, frozenset(graphs[name]), source)


def _article(path: Path, fmt: RdfFormat | None) -> NamedGraph:
    try:
        if fmt is None:
            triples = {q.triple for q in parse(_jsonld_to_nquads(path), format=RdfFormat.N_QUADS)}
        else:
            with _opened(path) as stream:
                triples = {q.triple for q in parse(stream, format=fmt)}
    except SyntaxError as exc:
        raise InputError(str(path), f"not valid RDF: {one_line(exc)}") from None
    articles = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == NEWS_ARTICLE}
    if len(articles) != 1 or not isinstance(next(iter(articles)), NamedNode):
        raise InputError(str(path), f"expected one NewsArticle with an IRI to name the graph, found {len(articles)}")
    return NamedGraph(next(iter(articles)).value, frozenset(triples), str(path))


def _opened(path: Path) -> BinaryIO:
    """The file, past a UTF-8 byte order mark if it starts with one (editors write them; pyoxigraph refuses them)."""
    stream = path.open("rb")
    if stream.read(3) != b"\xef\xbb\xbf":
        stream.seek(0)
    return stream


def _jsonld_to_nquads(path: Path) -> bytes:
    """JSON-LD through PyLD with the local schema.org context: a remote context is refused, never fetched."""
    from pyld import jsonld

    from ..serialize import document_loader

    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
        nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": document_loader})
        return nquads.encode("utf-8")  # raises on a lone surrogate ("\ud800" in the JSON): text but no Unicode
    except RecursionError:
        raise SyntaxError("JSON nested too deeply") from None
    except jsonld.JsonLdError as exc:
        raise SyntaxError(innermost(exc)) from None
    except ValueError as exc:
        raise SyntaxError(str(exc).splitlines()[0]) from None
    except (TypeError, KeyError, AttributeError, IndexError) as exc:  # PyLD's own, on JSON-LD it does not expect
        raise SyntaxError(f"JSON-LD that cannot be expanded ({type(exc).__name__}: {exc})") from None


CORRECTION = NamedNode("http://schema.org/correction")
TEXT = NamedNode("http://schema.org/text")
DATE_PUBLISHED = NamedNode("http://schema.org/datePublished")


def published_corrections(turtle: Path) -> str:
    """The corrections an article's published Turtle carries, one "DATE TEXT" (or "TEXT") per line, in their
    order; "" when there is none or the file cannot be read (then there is nothing to keep)."""
    try:
        triples = list(parse(turtle.read_bytes(), format=RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError):
        return ""
    nodes = sorted({t.object for t in triples if t.predicate == CORRECTION}, key=lambda n: _number(str(n)))
    lines = []
    for node in nodes:
        text = next((t.object.value for t in triples if t.subject == node and t.predicate == TEXT), None)
        date = next((t.object.value for t in triples if t.subject == node and t.predicate == DATE_PUBLISHED), None)
        if text:
            lines.append(f"{date} {text}" if date else text)
    return "\n".join(lines)


def _number(iri: str) -> int:
    tail = iri.rsplit("-", 1)[-1].rstrip(">")
    return int(tail) if tail.isdigit() else 0
