"""The publisher's authority file: canonical names, aliases, types, IRIs and `sameAs` links for entities.

CSV (`name,type,iri,aliases,sameAs`, lists separated by `|`; `iri` may be a
full IRI or a slug under `{base}{category}/`) or Turtle (each subject an
entity: `a schema:Organization; schema:name; schema:alternateName; schema:sameAs`).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from .errors import InputError
from .iri import CATEGORY, EntityKey
from .namespaces import SCHEMA, SCHEMA_HTTPS


@dataclass(frozen=True)
class Authority:
    """Look-up by any known name, case-insensitively."""

    entries: dict[str, AuthorityEntry]

    def lookup(self, names: list[str]) -> AuthorityEntry | None:
        for name in names:
            if entry := self.entries.get(name.casefold()):
                return entry
        return None


@dataclass(frozen=True)
class AuthorityEntry:
    kind: str
    name: str
    iri: str | None  # a full IRI, or None to mint one from `slug`
    slug: str | None
    same_as: tuple[str, ...]

    @property
    def key(self) -> EntityKey | None:
        """The key a slug names, without the base (mapping mints `{base}{category}/{slug}`); None where the
        entry gives a full IRI or none."""
        return EntityKey(CATEGORY[self.kind], self.slug) if self.slug and not self.iri else None


def load_authority(path: Path) -> Authority:
    try:
        entries = _from_turtle(path) if path.suffix.lower() in (".ttl", ".turtle") else _from_csv(path)
    except OSError as exc:
        raise InputError(str(path), f"authority file: {exc.strerror or exc}") from None
    index: dict[str, AuthorityEntry] = {}
    for entry, aliases in entries:
        for alias in (entry.name, *aliases):
            index.setdefault(alias.casefold(), entry)
    return Authority(index)


def _kind(value: str, path: Path, where: str) -> str:
    kind = value.strip().removeprefix("schema:")
    if kind not in CATEGORY:
        raise InputError(str(path), f"{where}: type {value!r} is not one of {', '.join(CATEGORY)}")
    return kind


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _from_csv(path: Path) -> list[tuple[AuthorityEntry, tuple[str, ...]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entries = []
    for number, row in enumerate(rows, start=2):
        if not (row.get("name") or "").strip():
            raise InputError(str(path), f"line {number}: every row needs a name (columns: name,type,iri,aliases,sameAs)")
        iri = (row.get("iri") or "").strip()
        full = iri.startswith(("http://", "https://", "urn:"))
        entries.append((AuthorityEntry(
            kind=_kind(row.get("type") or "Thing", path, f"line {number}"), name=row["name"].strip(),
            iri=iri if full else None, slug=iri or None, same_as=_split(row.get("sameAs")),
        ), _split(row.get("aliases"))))
    return entries


def _from_turtle(path: Path) -> list[tuple[AuthorityEntry, tuple[str, ...]]]:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several parser-specific types
        raise InputError(str(path), f"authority file is not valid Turtle: {exc}") from None
    entries = []
    for subject in sorted(set(graph.subjects(RDF.type, None)), key=str):
        if not isinstance(subject, URIRef):
            continue
        types = [t for t in graph.objects(subject, RDF.type) if str(t).startswith((str(SCHEMA), str(SCHEMA_HTTPS)))]
        name = graph.value(subject, SCHEMA.name) or graph.value(subject, SCHEMA_HTTPS.name)
        if not types or name is None:
            continue
        kind = _kind(str(types[0]).rsplit("/", 1)[-1], path, f"<{subject}>")
        aliases = tuple(str(a) for p in (SCHEMA.alternateName, SCHEMA_HTTPS.alternateName) for a in graph.objects(subject, p))
        same_as = tuple(sorted(str(s) for p in (SCHEMA.sameAs, SCHEMA_HTTPS.sameAs) for s in graph.objects(subject, p)))
        entries.append((AuthorityEntry(kind, str(name), str(subject), None, same_as), aliases))
    return entries
