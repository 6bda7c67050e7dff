"""A publish run over many inputs: incremental, checkpointed, loading into the store batch by batch.

Order of work per batch: article files (atomic), then their graphs into the
store, then the manifest (atomic). A run killed at any moment leaves whole
files only; the next run cleans stale temp files, redoes what the manifest
does not vouch for, and rebuilds the dataset files from scratch.
"""
from __future__ import annotations

import fcntl
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .api import Rendered
from .config import Config
from .errors import InputError
from .manifest import Entry, Manifest, graph_hash, input_hash
from .model import Document, RawFile
from .profile import stage
from .run import RunReport
from .parallel import render_stream
from .serialize import TRIG_HEADER
from .sources import stamped
from .writer import REPORT, PreviousDataset, dataset_files, write_json, write_text

CHECKPOINT = 32
"""Articles between manifest writes: what a kill can cost is one batch of redoing."""
LOAD_BATCH = 256
"""Articles per store load: the embedded store's bulk loader costs the same per call whatever its size, and
loads 256 articles at 2.7x the rate of 32. An article written but not loaded yet is in the manifest as
not loaded, so a run killed before its load loads it next time."""

LOCK = ".newsld.lock"


@dataclass
class Options:
    out: Path
    force: bool = False
    write_html: bool = False
    stamp_modified: bool = False
    workers: int = 1
    cluster: str | None = None  # a Dask scheduler address
    load: Callable[[dict[str, str]], dict[str, str]] | None = None  # {graph: N-Quads} -> {graph: error} of failures
    store_location: str | None = None


@dataclass
class Outcome:
    report: RunReport
    skipped: int = 0
    loaded: int = 0
    load_failed: dict[str, str] = field(default_factory=dict)
    interrupted: bool = False


def lock_output(out: Path):
    """One publish per output directory at a time; stale temp files of killed runs are removed under the lock."""
    out.mkdir(parents=True, exist_ok=True)
    handle = open(out / LOCK, "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise InputError(str(out), "another newsld publish is writing to this output directory") from None
    for stale in out.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    return handle


def publish_batch(documents: Iterable[Document | RawFile], config: Config, options: Options, report: RunReport,
                  on_article: Callable[[dict[str, Any]], None]) -> Outcome:
    out = options.out
    manifest = Manifest.read(out)
    outcome = Outcome(report)
    seen: dict[str, str] = {}
    pending: list[tuple[Entry, str]] = []  # published this batch, not yet loaded: (entry, nquads)

    def carry_over(name: str, digest: str) -> bool:
        """An unchanged article keeps its files and dataset blocks; True when it was carried over."""
        entry = manifest.entries.get(name)
        if options.force or entry is None or entry.input_hash != digest or entry.iri not in previous \
                or not all(Path(f).exists() for f in entry.files):
            return False
        sink.add(*previous[entry.iri])
        seen[entry.slug] = seen[entry.iri] = name
        report.articles.append(entry.record)
        outcome.skipped += 1
        if options.load and entry.loaded != _loaded_mark(options, entry):
            pending.append((entry, previous[entry.iri][1]))
        return True

    def fresh(items: Iterable[Document | RawFile]) -> Iterator[Document | RawFile]:
        for item in items:
            digest = input_hash(item, config)
            if carry_over(item.name, digest):
                continue
            digests[item.name] = digest
            old = manifest.entries.get(item.name)
            if options.stamp_modified and old and old.input_hash != digest:
                stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
                item = replace(item, modified=stamp) if isinstance(item, RawFile) else stamped(item, stamp)
            yield item

    digests: dict[str, str] = {}
    with PreviousDataset(out) as previous, dataset_files(out, TRIG_HEADER) as sink:
        try:
            for item in render_stream(fresh(documents), config, options.write_html, options.workers, options.cluster):
                source, slug, iri = item.source, item.slug, item.iri
                if item.error or (clash := seen.get(slug) or seen.get(iri)):
                    message = item.error or f"same output name or IRI as {clash}: rename one of them"
                    report.errors.append({"source": source, "message": message})
                    on_article({"source": source, "status": "error", "message": message})
                    continue
                seen[slug] = seen[iri] = source
                record = {"source": source, "slug": slug, "iri": iri, "status": "published", **item.record,
                          "files": []}
                if item.conforms:
                    with stage("write"):
                        files = _write_article(item, out)
                        sink.add(item.trig, item.nquads)
                    record["files"] = [str(f) for f in files]
                    entry = Entry(source, iri, slug, digests[source], graph_hash(item.nquads), record["files"], record)
                    old = manifest.entries.get(source)
                    if old and old.graph_hash == entry.graph_hash:
                        entry.loaded = old.loaded
                    manifest.entries[source] = entry
                    if options.load and entry.loaded != _loaded_mark(options, entry):
                        pending.append((entry, item.nquads))
                else:
                    record["status"] = "invalid"
                report.articles.append(record)
                on_article(record)
                if len(pending) >= LOAD_BATCH or len(report.articles) % CHECKPOINT == 0:
                    _checkpoint(manifest, pending, options, outcome, final=False)
        except KeyboardInterrupt:
            outcome.interrupted = True
            _checkpoint(manifest, pending, options, outcome)
            raise
        finally:
            if not outcome.interrupted:
                _checkpoint(manifest, pending, options, outcome)
    write_json(out / REPORT, report.as_dict())
    return outcome


def _loaded_mark(options: Options, entry: Entry) -> dict[str, str]:
    return {"store": options.store_location or "", "graph_hash": entry.graph_hash}


def _checkpoint(manifest: Manifest, pending: list[tuple[Entry, str]], options: Options, outcome: Outcome,
                final: bool = True) -> None:
    """Load what was published since the last load, when a load batch is full or the run ends, then write the
    manifest that says what is loaded."""
    if pending and options.load and (final or len(pending) >= LOAD_BATCH):
        with stage("load"):
            failed = options.load({entry.iri: nquads for entry, nquads in pending})
        for entry, _ in pending:
            if entry.iri in failed:
                outcome.load_failed[entry.iri] = failed[entry.iri]
            else:
                entry.loaded = _loaded_mark(options, entry)
                outcome.loaded += 1
        pending.clear()
    manifest.write(options.out)


def _write_article(item: Rendered, out: Path) -> list[Path]:
    files = [out / f"{item.slug}.ttl", out / f"{item.slug}.jsonld"]
    write_text(files[0], item.turtle)
    write_text(files[1], item.jsonld)
    if item.html is not None:
        files.append(out / f"{item.slug}.html")
        write_text(files[2], item.html)
    return files


def prune_entries(out: Path, entries: list[Entry], store) -> dict[str, str]:
    """Drop each article's graph, then its files and manifest entry; the dataset files are rebuilt without it.

    An article whose graph could not be dropped keeps its files and entry, so a later prune retries it.
    """
    from .store import StoreError

    manifest = Manifest.read(out)
    failed: dict[str, str] = {}
    for entry in entries:
        try:
            if store is not None:
                store.drop(entry.iri)
        except StoreError as exc:
            failed[entry.iri] = str(exc)
            continue
        for name in entry.files:
            Path(name).unlink(missing_ok=True)
        manifest.entries.pop(entry.source, None)
    kept = {e.iri for e in manifest.entries.values()}
    with PreviousDataset(out) as previous, dataset_files(out, TRIG_HEADER) as sink:
        for iri in previous:
            if iri in kept:
                sink.add(*previous[iri])
    manifest.write(out)
    return failed
