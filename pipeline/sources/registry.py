"""Every input format newsld reads, as one table: `publish`, `load` and `validate` look suffixes and media types up
here instead of each keeping its own list, so a format is added (or a command taught one) by one row.

Modelled on rdflib's plugin table (name, kind, module, class): a row names the format, its suffixes and media
types, its kind (which reader takes it), the pyoxigraph `RdfFormat` of an RDF syntax, the commands that read it
by suffix or media type, and those that take it when they walk a directory. A file named on the command line
whose suffix no row gives the command is still read: as a story by `publish`, by sniffing by `validate`.
The table's order is the order suffixes are listed in messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pyoxigraph import RdfFormat

Kind = Literal["story", "page", "feed", "rdf", "json-ld"]

PUBLISH, LOAD, VALIDATE = "publish", "load", "validate"


@dataclass(frozen=True)
class InputFormat:
    """One row: how files with `suffixes`, or answers with `media_types`, are read, and by which commands."""

    name: str  # also the syntax `validate` reports for an RDF file ("turtle", "n-quads")
    kind: Kind
    suffixes: tuple[str, ...]
    media_types: tuple[str, ...]
    read_by: frozenset[str]  # the commands that read it by its suffix or media type
    from_directory: frozenset[str] = frozenset()  # the commands that take it from a directory they walk
    rdf: RdfFormat | None = None  # the pyoxigraph syntax, for kind "rdf"


def _commands(*names: str) -> frozenset[str]:
    return frozenset(names)


FORMATS: tuple[InputFormat, ...] = (
    InputFormat("text", "story", (".txt",), ("text/plain",), _commands(PUBLISH), _commands(PUBLISH)),
    InputFormat("html", "page", (".html", ".htm", ".xhtml"), ("text/html", "application/xhtml+xml"),
                _commands(PUBLISH, VALIDATE), _commands(PUBLISH, VALIDATE)),
    InputFormat("feed", "feed", (".xml", ".rss", ".atom"),
                ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml"),
                _commands(PUBLISH)),
    InputFormat("json-ld", "json-ld", (".jsonld",), ("application/ld+json",), _commands(LOAD, VALIDATE),
                _commands(VALIDATE)),
    # .json in a site or an output directory is mostly other JSON (newsld's own report.json and manifest.json):
    # read when named, not taken from a directory
    InputFormat("json", "json-ld", (".json",), ("application/json",), _commands(VALIDATE)),
    InputFormat("turtle", "rdf", (".ttl",), ("text/turtle", "application/x-turtle"), _commands(LOAD, VALIDATE),
                _commands(VALIDATE), RdfFormat.TURTLE),
    InputFormat("n-triples", "rdf", (".nt",), ("application/n-triples",), _commands(LOAD, VALIDATE),
                _commands(VALIDATE), RdfFormat.N_TRIPLES),
    InputFormat("n-quads", "rdf", (".nq",), ("application/n-quads",), _commands(LOAD, VALIDATE),
                _commands(VALIDATE), RdfFormat.N_QUADS),
    InputFormat("trig", "rdf", (".trig",), ("application/trig",), _commands(LOAD, VALIDATE),
                _commands(VALIDATE), RdfFormat.TRIG),
)

def by_suffix(suffix: str, command: str) -> InputFormat | None:
    """The format `command` reads a file with `suffix` (any case) as, if it knows one."""
    suffix = suffix.lower()
    return next((f for f in FORMATS if command in f.read_by and suffix in f.suffixes), None)


def by_media_type(media_type: str, command: str) -> InputFormat | None:
    """The format `command` reads an answer of `media_type` (without parameters) as, if it knows one."""
    return next((f for f in FORMATS if command in f.read_by and media_type in f.media_types), None)


def suffixes(command: str, kinds: tuple[str, ...] | None = None, directory: bool = False) -> tuple[str, ...]:
    """The suffixes `command` reads (those of `kinds` only, when given), in table order; with `directory`, those it
    takes from a directory."""
    return tuple(s for f in FORMATS if command in (f.from_directory if directory else f.read_by)
                 and (kinds is None or f.kind in kinds) for s in f.suffixes)


def media_types(command: str, kind: str) -> tuple[str, ...]:
    """The media types of `kind` that `command` reads, in table order."""
    return tuple(t for f in FORMATS if command in f.read_by and f.kind == kind for t in f.media_types)
