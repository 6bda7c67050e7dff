"""A publish run over many inputs: incremental, journaled, loading into the store batch by batch.

The manifest is the output's record of truth, and every run ends with the
article files, dataset.trig, dataset.nq and the store holding exactly the
graphs it lists, whatever happened before: each checkpoint's changes go to
the journal first, then to the files, the store and the manifest; the
dataset files are made again from the manifest at the end of every run (and
of every prune). A run that dies leaves its journal, which the next run (or
prune) replays before anything else.
"""
from __future__ import annotations

import fcntl
import signal
import threading
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .config import Config
from .formats import ARTICLE_FILES
from .errors import InputError
from .journal import Change, Journal, Retirement
from .manifest import MANIFEST, Entry, Manifest, input_hash, text_hash
from .model import Document, RawFile, input_key
from .outcome import ArticleOutcome, Status
from .parallel import render_stream
from .profile import stage
from .run import RunReport
from .serialize import TRIG_HEADER, dataset_blocks
from .sources import stamped, with_corrections
from .sources.published import published_corrections
from .writer import REPORT, PreviousDataset, Spool, write_dataset, write_json, write_text

CHECKPOINT = 32
"""Articles between journal records: what a kill can cost is one batch of redoing."""
MANIFEST_LAG = 16
"""The manifest is written again once the journal holds this many times its size (rewriting it whole at every
checkpoint cost the square of the run's size). A journal line carries each article's files, about twenty times
the bytes of its manifest entry, so this is about as many articles as the manifest lists: the manifest is
written again each time the run's output nearly doubles (with 4, every fifth: 13 times for 1,000 stories, 0.4 s
of JSON), and a kill leaves at most about that many articles to replay, within JOURNAL_CAP."""
JOURNAL_CAP = 64 << 20
"""Bytes of journal after which the manifest is written again however large it is: what a replay reads into
memory stays bounded on outputs of tens of thousands of articles."""
LOAD_BATCH = 256
"""Articles per store load: the embedded store's bulk loader costs the same per call whatever its size, and
loads 256 articles at 2.7x the rate of 32. An article written but not loaded yet is in the manifest as
not loaded, so a run killed before its load loads it next time."""

LOCK = ".newsld.lock"


@dataclass
class Options:
    out: Path
    force: bool = False
    formats: tuple[str, ...] = ARTICLE_FILES  # names in `formats.FORMATS`: the files written per article
    stamp_modified: bool = False
    workers: int = 1
    cluster: str | None = None  # a Dask scheduler address
    store: Any = None  # a `store.Store`, or None: files only


@dataclass
class Outcome:
    report: RunReport
    skipped: int = 0
    loaded: int = 0
    load_failed: dict[str, str] = field(default_factory=dict)
    interrupted: bool = False
    notes: list[str] = field(default_factory=list)  # what the run repaired or dropped, for the user


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


class Output:
    """The output directory while a run or a prune holds its lock: every change goes through the journal,
    and `finish` makes the dataset files and the store agree with the manifest."""

    def __init__(self, out: Path, store: Any, outcome: Outcome) -> None:
        self.out, self.store, self.outcome = out, store, outcome
        self.manifest = Manifest.read(out)
        self.journal = Journal(out)
        self.spool = Spool(out)
        self.unloaded: list[tuple[Entry, str]] = []  # changed this run, not loaded yet: (entry, nquads)
        self._loading = False
        replay = self.journal.pending()
        for changes, retirements in replay:
            self._apply(changes, retirements)
        if replay:
            articles = sum(len(changes) for changes, _ in replay)
            outcome.notes.append(f"finished what an interrupted run had begun ({articles} article(s))")
            self.manifest.write(out)  # before the journal is emptied: a kill now must not lose the replay
        self.journal.clear()
        self._journaled = 0  # bytes the journal holds: the manifest is written again once they pass
        self._manifest_size = self._size_of_manifest()

    def commit(self, changes: list[Change], retirements: list[Retirement]) -> None:
        """Journal first, then files, store and manifest: a kill at any point is replayed by the next run."""
        if changes or retirements:
            with self._sheltered():
                self._commit(changes, retirements)

    def _commit(self, changes: list[Change], retirements: list[Retirement]) -> None:
        with stage("write"):
            self._journaled += self.journal.record(changes, retirements)
            self._apply(changes, retirements)
        self._drop_retired()
        if len(self.unloaded) >= LOAD_BATCH:
            self._load([(e, nquads) for e, nquads in self.unloaded if self.manifest.entries.get(e.source) is e
                        and not self._loaded(e)])
            self.unloaded = []
        if self._journaled > min(MANIFEST_LAG * self._manifest_size, JOURNAL_CAP):
            with stage("write"):
                self.manifest.write(self.out)
                self.journal.clear()
            self._journaled, self._manifest_size = 0, self._size_of_manifest()

    def _size_of_manifest(self) -> int:
        try:
            return (self.out / MANIFEST).stat().st_size
        except OSError:
            return 0

    def finish(self) -> None:
        """The dataset files made from the manifest, streamed in IRI order (each graph's blocks from this run,
        the previous dataset files, or its Turtle file, whichever is whole and agrees with the manifest),
        every graph the store lacks loaded on the way, then the journal closed."""
        with self._sheltered():
            self._finish()

    @contextmanager
    def _sheltered(self) -> Iterator[None]:
        """Ctrl-C waits until the output agrees with its manifest again (a second one too: a kill is what
        stops a run at once, and the journal covers that); during a store load it stops the load."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def interrupt(*_: object) -> None:
            self.outcome.interrupted = True
            if self._loading:
                raise KeyboardInterrupt

        previous = signal.signal(signal.SIGINT, interrupt)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    def _finish(self) -> None:
        lost: list[Entry] = []

        def blocks(previous: PreviousDataset) -> Iterator[tuple[str, str]]:
            unloaded: list[tuple[Entry, str]] = []
            for entry in sorted(self.manifest.entries.values(), key=lambda e: e.iri):
                trig, nquads = self._blocks(entry, previous)
                if trig is None or nquads is None or not all((self.out / n).exists() for n in entry.files):
                    lost.append(entry)
                    continue
                if self.store is not None and not (self._loaded(entry) and entry.iri in present):
                    unloaded.append((entry, nquads))
                    if len(unloaded) >= LOAD_BATCH:
                        self._load(unloaded)
                        unloaded = []
                yield trig, nquads
            self._load(unloaded)

        present = self._present()
        with PreviousDataset(self.out) as previous:
            write_dataset(self.out, TRIG_HEADER, blocks(previous))
        for entry in lost:
            self.outcome.notes.append(f"a file of {entry.iri} is missing or unreadable, so it left the output: "
                                      "publish its input again")
        self._apply([], [Retirement(entry, []) for entry in lost])
        self._drop_retired()
        self.manifest.write(self.out)
        self.journal.close()

    def close(self) -> None:
        self.spool.__exit__()

    def _apply(self, changes: list[Change], retirements: list[Retirement]) -> None:
        for retired in retirements:
            for name in set(retired.entry.files) - set(retired.kept):
                (self.out / name).unlink(missing_ok=True)
        for change in changes:
            for name, text in change.contents.items():
                write_text(self.out / name, text)
            self.spool.add(change.entry.iri, change.trig, change.nquads)
        settle(self.manifest, changes, retirements)
        for change in changes:
            if self.store is not None and not self._loaded(change.entry):
                self.unloaded.append((change.entry, change.nquads))

    def _blocks(self, entry: Entry, previous: PreviousDataset) -> tuple[str | None, str | None]:
        """The entry's TriG block and N-Quad lines from wherever they are whole and what the manifest says."""
        for found in (self.spool.get(entry.iri), previous.get(entry.iri)):
            if found and text_hash(found[1]) == entry.graph_hash and entry.trig_hash in ("", text_hash(found[0])):
                return found
        try:
            trig, nquads = dataset_blocks((self.out / f"{entry.slug}.ttl").read_text(encoding="utf-8"), entry.iri)
        except (OSError, UnicodeDecodeError, SyntaxError):
            return None, None
        if text_hash(nquads) != entry.graph_hash:  # the Turtle is what readers see: the rest follows it
            entry.graph_hash, entry.loaded = text_hash(nquads), dict.fromkeys(entry.loaded, "")
        entry.trig_hash = text_hash(trig)
        return trig, nquads

    def _loaded(self, entry: Entry) -> bool:
        """This run's store holds the entry's current graph, as far as the manifest knows."""
        return entry.loaded.get(self.store.key) == entry.graph_hash

    def _present(self) -> set[str]:
        """The manifest's graphs this run's store really has: one it lost (a store deleted, another process's
        drop) is loaded again, whatever the manifest says was loaded. Unknown when the store cannot say."""
        from .store import BULK_CHUNK, StoreError

        if self.store is None:
            return set()
        names = [entry.iri for entry in self.manifest.entries.values()]
        present: set[str] = set()
        try:
            with stage("load"):
                for start in range(0, len(names), BULK_CHUNK):
                    present |= self.store.existing(names[start:start + BULK_CHUNK])
        except StoreError:
            return set(names)  # the loads will say what is wrong with the store
        return present

    def _load(self, articles: list[tuple[Entry, str]]) -> None:
        """Into the store, marking each entry loaded; Ctrl-C stops loading (the rest stays marked not loaded,
        for the next run) but not the writing of the manifest and the dataset files."""
        from .store import load_nquads

        for start in range(0, len(articles), LOAD_BATCH):
            if self.outcome.interrupted:
                return
            chunk = articles[start:start + LOAD_BATCH]
            try:
                self._loading = True
                with stage("load"):
                    failed = load_nquads(self.store, {entry.iri: nquads for entry, nquads in chunk})
            except KeyboardInterrupt:
                self.outcome.interrupted = True
                return
            finally:
                self._loading = False
            for entry, _ in chunk:
                if entry.iri in failed:
                    self.outcome.load_failed[entry.iri] = f"not loaded: {failed[entry.iri]}"
                else:
                    entry.loaded[self.store.key] = entry.graph_hash
                    self.outcome.loaded += 1
                    self.outcome.load_failed.pop(entry.iri, None)

    def _drop_retired(self) -> None:
        """Graphs whose articles left the output go from the store that holds them (when it is this run's);
        one that cannot be dropped now stays listed, and a later run drops it."""
        from .store import StoreError

        if self.store is None:
            return
        for iri, locations in list(self.manifest.drops.items()):
            if self.store.key not in locations:
                continue
            try:
                with stage("load"):
                    self.store.drop(iri)
            except StoreError as exc:
                self.outcome.load_failed[iri] = f"not dropped: {exc}"
                continue
            locations.remove(self.store.key)
            if not locations:
                del self.manifest.drops[iri]


def settle(manifest: Manifest, changes: list[Change], retirements: list[Retirement]) -> None:
    """The manifest as it stands once a checkpoint is applied (its files are the caller's to write)."""
    for retired in retirements:
        current = manifest.entries.get(retired.entry.source)
        if current is not None and current.iri == retired.entry.iri:
            del manifest.entries[retired.entry.source]
        if not retired.keep_graph:
            held = manifest.drops.setdefault(retired.entry.iri, [])
            held += [location for location in retired.entry.loaded if location not in held]
            if not held:
                del manifest.drops[retired.entry.iri]
    for change in changes:
        for location in manifest.drops.pop(change.entry.iri, []):  # an old version there: replace it
            change.entry.loaded.setdefault(location, "")
        manifest.entries[change.entry.source] = change.entry


def current_manifest(out: Path) -> Manifest:
    """The output's manifest with what a dead run's journal holds settled into it, in memory: what the output
    lists once it is finished (the manifest on disk may lag the journal by several checkpoints)."""
    manifest = Manifest.read(out)
    for changes, retirements in Journal(out).pending():
        settle(manifest, changes, retirements)
    return manifest


def publish_batch(documents: Iterable[Document | RawFile], config: Config, options: Options, report: RunReport,
                  on_article: Callable[[ArticleOutcome], None]) -> Outcome:
    outcome = Outcome(report)
    output = Output(options.out, options.store, outcome)
    manifest = output.manifest
    owners = manifest.owners()
    this_run: dict[str, str] = {}  # slug or IRI -> key of the input that has it in this run
    retiring: set[str] = set()  # keys of earlier articles this run takes names over from
    inputs: deque[tuple[str, str, str | None]] = deque()  # (key, input hash, origin), in render order
    changes: list[Change] = []
    retirements: list[Retirement] = []

    def carried_over(item: Document | RawFile, key: str, digest: str) -> bool:
        entry = manifest.entries.get(key)
        if options.force or entry is None or entry.input_hash != digest \
                or not all((options.out / name).exists() for name in entry.files):
            return False
        this_run[entry.slug] = this_run[entry.iri] = key
        report.articles.append(ArticleOutcome.from_record(entry.record))
        outcome.skipped += 1
        return True

    def fresh(items: Iterable[Document | RawFile]) -> Iterator[Document | RawFile]:
        for item in items:
            key, digest = input_key(item), input_hash(item, config)
            if carried_over(item, key, digest):
                continue
            old = manifest.entries.get(key)
            if options.stamp_modified and old and old.input_hash != digest:
                stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
                item = replace(item, modified=stamp) if isinstance(item, RawFile) else stamped(item, stamp)
            if old and (earlier := published_corrections(options.out / f"{old.slug}.ttl")):
                item = replace(item, corrections=earlier) if isinstance(item, RawFile) \
                    else with_corrections(item, earlier)
            inputs.append((key, digest, item.origin))
            yield item

    def taken(item: ArticleOutcome, key: str) -> tuple[str | None, list[Entry]]:
        """Why `item` may not have its slug or IRI (another input has it, in this run or in the output), or
        the entries it takes them over from: earlier articles whose input is gone (moved, renamed) or is a
        URL or standard input, which cannot be seen to be gone. The slug and the IRI are checked apart: each
        may belong to another article."""
        if clash := this_run.get(item.slug) or this_run.get(item.iri):
            return f"same output name or IRI as {_shown(clash, manifest)}: rename one of them", []
        others = {id(o): o for o in (owners.get(item.slug), owners.get(item.iri)) if o is not None
                  and o.source != key and o.source not in retiring and manifest.entries.get(o.source) is o}
        for owner in others.values():
            if owner.origin is not None and Path(owner.origin).exists():
                return (f"same output name or IRI as {_shown(owner.source, manifest)}, published before: rename "
                        "one of them (or remove that one and run newsld prune)"), []
        return None, list(others.values())

    try:
        for item in render_stream(fresh(documents), config, options.formats, options.workers,
                                  options.cluster):
            key, digest, origin = inputs.popleft()
            problem, previous_owners = (None, []) if item.status is Status.ERROR else taken(item, key)
            if problem:
                item = item.refused(problem)
            if item.status is Status.ERROR:
                report.errors.append(item)
                on_article(item)
                continue
            this_run[item.slug] = this_run[item.iri] = key
            if item.status is Status.PUBLISHED:
                item = replace(item, files=tuple(str(options.out / name) for name in item.documents))
                change = _change(item, key, digest, origin, manifest.entries.get(key))
                old = manifest.entries.get(key)
                for gone in ([old] if old else []) + previous_owners:
                    if gone.source != key or (gone.slug, gone.iri) != (item.slug, item.iri) \
                            or set(gone.files) - set(change.entry.files):  # e.g. its page, now without --html
                        retirements.append(Retirement(gone, change.entry.files, keep_graph=gone.iri == item.iri))
                        retiring.add(gone.source)
                        if gone.iri == item.iri:  # the stores holding its graph hold an old version of this one
                            for location, held in gone.loaded.items():
                                change.entry.loaded.setdefault(location, held)
                changes.append(change)
                for name in (item.slug, item.iri):
                    owners[name] = change.entry
            report.articles.append(item.reported())
            on_article(item)
            if len(changes) >= CHECKPOINT:
                output.commit(changes, retirements)
                changes, retirements = [], []
                if outcome.interrupted:  # Ctrl-C while the checkpoint was being written
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        output.commit(changes, retirements)
        output.finish()
        output.close()
        write_json(options.out / REPORT, report.as_dict())
    if outcome.interrupted:
        raise KeyboardInterrupt
    return outcome


def _change(item: ArticleOutcome, key: str, digest: str, origin: str | None, old: Entry | None) -> Change:
    """The article's new state; it keeps its predecessor's stores, each with the version it holds, so a store
    holding an older version has it replaced and one holding this version is left alone."""
    entry = Entry(key, item.iri, item.slug, digest, text_hash(item.nquads), list(item.documents), item.record(),
                  origin=origin, trig_hash=text_hash(item.trig))
    if old and old.iri == entry.iri:
        entry.loaded = dict(old.loaded)
    return Change(entry, item.documents, item.trig, item.nquads)


def _shown(key: str, manifest: Manifest) -> str:
    entry = manifest.entries.get(key)
    return entry.record.get("source", key) if entry else key


def prune_entries(out: Path, gone: Callable[[Entry], bool], store: Any) -> tuple[Outcome, list[Entry]]:
    """Retire each article the manifest lists (once a dead run's journal is replayed) that is `gone`: its named
    graph, files and manifest entry; then make the dataset files again without it. A graph that could not be
    dropped stays listed in the manifest, and a later run drops it. The outcome, and the entries retired."""
    outcome = Outcome(RunReport(base="", out=str(out)))
    output = Output(out, store, outcome)
    try:
        current = [entry for entry in output.manifest.entries.values() if gone(entry)]
        output.commit([], [Retirement(entry, []) for entry in current])
        output.finish()
    finally:
        output.close()
    return outcome, current
