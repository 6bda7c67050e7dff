"""`output/manifest.json`: per article its IRI, input and graph hashes, files, and where it was loaded.

It lets a rerun skip unchanged articles, redo changed ones, prune vanished
ones, and load only what the store does not have yet. Written atomically
after every batch, so a killed run loses at most one batch of bookkeeping
(and the next run redoes that batch: same inputs, same files).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .model import Document, RawFile
from .writer import write_json

MANIFEST = "manifest.json"


@dataclass
class Entry:
    source: str
    iri: str
    slug: str
    input_hash: str
    graph_hash: str
    files: list[str]
    record: dict[str, Any] = field(default_factory=dict)  # its line in report.json, repeated when carried over
    loaded: dict[str, str] | None = None  # {"store": location, "graph_hash": hash} of the last load


@dataclass
class Manifest:
    entries: dict[str, Entry] = field(default_factory=dict)  # by source

    @classmethod
    def read(cls, out: Path) -> Manifest:
        path = out / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls({source: Entry(**entry) for source, entry in data["articles"].items()})
        except FileNotFoundError:
            return cls()
        except (ValueError, KeyError, TypeError):
            return cls()  # unreadable bookkeeping: every article is redone, nothing is lost

    def write(self, out: Path) -> None:
        write_json(out / MANIFEST, {"newsld": __version__,
                                    "articles": {s: asdict(e) for s, e in sorted(self.entries.items())}})

    def by_iri(self, iri: str) -> Entry | None:
        return next((e for e in self.entries.values() if e.iri == iri), None)


def input_hash(item: Document | RawFile, config: Config) -> str:
    """Everything that decides an article's outputs: the input (a local file's bytes, unparsed; else the
    document as read), the configuration, newsld's version."""
    digest = hashlib.sha256()
    if isinstance(item, RawFile):
        parts: tuple[str | bytes, ...] = ("file", item.data, str(item.html))
    else:
        parts = ("document", item.text, json.dumps(item.meta, sort_keys=True), repr(item.page), repr(item.notices))
    for part in (__version__, *parts, config.base, config.language, repr(config.publisher),
                 json.dumps(dict(config.models), sort_keys=True), _file_hash(config.authority)):
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def graph_hash(nquads: str) -> str:
    """The hash of an article's sorted N-Quads: equal graphs, equal hashes."""
    return hashlib.sha256(nquads.encode("utf-8")).hexdigest()


def _file_hash(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"
