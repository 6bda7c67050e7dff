"""`output/manifest.json`: per article its input, IRI, hashes, files, and where it was loaded.

It lets a rerun skip unchanged articles, redo changed ones, prune vanished
ones, and load only what the store does not have yet. It is the output's
record of truth: the article files, the dataset files and the store are made
to agree with it (`batch`), and it is only ever changed through the journal.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .errors import InputError, printable
from .model import Document, RawFile
from .writer import write_json

MANIFEST = "manifest.json"
FORMAT = 2
"""2: sources are absolute paths (or URLs, `stdin:NAME`), files are names inside the output directory."""


@dataclass
class Entry:
    source: str  # the input's key: an absolute path, a URL, `stdin:NAME`, a feed file's entry
    iri: str
    slug: str
    input_hash: str
    graph_hash: str  # of its sorted N-Quad lines
    files: list[str]  # names inside the output directory
    record: dict[str, Any] = field(default_factory=dict)  # its line in report.json, repeated when carried over
    loaded: dict[str, str] = field(default_factory=dict)  # store location -> hash of the version it holds
    origin: str | None = None  # the local file whose absence means the article is gone (None: URL, stdin)
    trig_hash: str = ""  # of its dataset.trig block ("" in manifests older than format 2)


@dataclass
class Manifest:
    entries: dict[str, Entry] = field(default_factory=dict)  # by source
    drops: dict[str, list[str]] = field(default_factory=dict)  # graph -> stores holding it though no entry does

    @classmethod
    def read(cls, out: Path) -> Manifest:
        """The output's manifest (none yet: an empty one). One that cannot be read is refused, never taken for
        empty: starting over would leave every article it lists behind, in the directory and in the store,
        with nothing to prune it by."""
        path = out / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format", 1) > FORMAT:
                raise InputError(str(path), f"written by a newer newsld ({data.get('newsld')}): upgrade newsld")
            known = {f.name for f in fields(Entry)}
            entries = [Entry(**{k: v for k, v in entry.items() if k in known}) for entry in data["articles"].values()]
            if data.get("format", 1) < FORMAT:
                entries = [_upgraded(entry) for entry in entries]
            return cls({e.source: e for e in entries}, dict(data.get("drops", {})))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            problem = exc.strerror if isinstance(exc, OSError) else printable(str(exc)) or type(exc).__name__
            raise InputError(str(path), f"cannot be read ({problem}): put back a good copy, or move the output "
                                        "directory aside and publish into a new one") from None

    def write(self, out: Path) -> None:
        write_json(out / MANIFEST, {"newsld": __version__, "format": FORMAT,
                                    "articles": {s: vars(e) for s, e in sorted(self.entries.items())},
                                    "drops": dict(sorted(self.drops.items()))})

    def by_iri(self, iri: str) -> Entry | None:
        return next((e for e in self.entries.values() if e.iri == iri), None)

    def owners(self) -> dict[str, Entry]:
        """Each slug and IRI in use, with the entry using it: what a new article may not take silently."""
        taken: dict[str, Entry] = {}
        for entry in self.entries.values():
            taken[entry.slug] = taken[entry.iri] = entry
        return taken


def _upgraded(entry: Entry) -> Entry:
    """A format-1 entry: its source and files were relative to the directory newsld ran in (taken to be
    this one), and a feed file's entries were told apart by the words " entry " in their source."""
    entry.files = [Path(name).name for name in entry.files]
    old_mark = entry.loaded or {}  # {"store": location, "graph_hash": hash}: the last load only
    entry.loaded = {_store_key(old_mark["store"]): old_mark.get("graph_hash", "")} if "store" in old_mark else {}
    if entry.source == "-" or "://" in entry.source.split(" entry ")[0]:
        return entry
    feed = entry.source.split(" entry ")[0]
    entry.origin = os.path.abspath(feed if " entry " in entry.source and Path(feed).is_file() else entry.source)
    entry.source = os.path.join(os.getcwd(), entry.source)
    return entry


def _store_key(location: str) -> str:
    """A format-1 store location as a store's `key`: an endpoint URL as it is, a directory as its real path."""
    return location if "://" in location else os.path.realpath(location)


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


def text_hash(text: str) -> str:
    """The hash of an article's sorted N-Quads (equal graphs, equal hashes) or of its TriG block."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_hash(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"
