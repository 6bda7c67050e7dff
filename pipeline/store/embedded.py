"""The embedded store: pyoxigraph on a directory, nothing to install or start.

One writing newsld process at a time: RocksDB refuses a second opener
outright, so opening first takes an exclusive lock on `<store>/.newsld-store.lock`
and waits for it (LOCK_WAIT seconds, or NEWSLD_STORE_LOCK_WAIT). The kernel drops
the lock when its holder dies, however it dies. Readers (`newsld serve`, `reader.py`)
take the same lock shared, one request at a time; a writer first takes the gate
(`.newsld-store.gate`) so that a stream of readers cannot keep it out, and once it
holds the lock stamps `.newsld-store.generation`, which tells readers to open the
store again (before writing anything, so a writer killed mid-write still tells them).
"""
from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import IO

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, RdfFormat, Store as OxStore, Triple, serialize

from . import NamedGraph, QueryAnswer, StoreError, as_quads


LOCK_FILE = ".newsld-store.lock"  # not publish's output lock, even when --store is --out
GATE_FILE = ".newsld-store.gate"
GENERATION_FILE = ".newsld-store.generation"
LOCK_WAIT = 30.0
"""Seconds to wait for another newsld process to finish with the store (env NEWSLD_STORE_LOCK_WAIT overrides)."""
LOCK_POLL = 0.1


class EmbeddedStore:
    def __init__(self, directory: Path) -> None:
        directory = Path(directory)
        self.location = str(directory)
        self.key = os.path.realpath(directory)  # `out/store` and `/abs/out/store` are one store
        wait = lock_wait()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._lock: _Both | None = _acquire(directory, wait)
        except OSError as exc:
            raise StoreError(f"{directory}: cannot open the embedded store: {exc.strerror or exc}") from None
        try:
            stamp_generation(directory)  # before any write: a reader never trusts a handle opened before it
            self._store = OxStore(str(directory))
        except OSError as exc:
            self._release()
            message = str(exc)
            if "lock" in message.lower():
                message = "the store is open in another process (another newsld load or query?)"
            raise StoreError(f"{directory}: cannot open the embedded store: {message}") from None

    def existing(self, names: list[str]) -> set[str]:
        return {n for n in names if self._store.contains_named_graph(NamedNode(n))}

    def triples(self, name: str) -> set[Triple]:
        return {q.triple for q in self._store.quads_for_pattern(None, None, None, NamedNode(name))}

    def replace(self, graph: NamedGraph) -> None:
        """One SPARQL Update, so one transaction: the old graph or the new one, never a mix."""
        name = str(NamedNode(graph.name))  # validated IRI in <...>
        body = serialize([t for t in graph.triples], format=RdfFormat.N_TRIPLES).decode("utf-8")
        try:
            self._store.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}}} }}")
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.location}: {exc}") from None

    def add_new(self, graphs: list[NamedGraph]) -> None:
        """pyoxigraph's bulk loader: the fast path for graphs the store does not have yet."""
        try:
            self._store.bulk_extend(q for g in graphs for q in as_quads(g))
        except OSError as exc:
            raise StoreError(f"{self.location}: {exc}") from None

    def add_nquads(self, text: str) -> None:
        """New graphs as N-Quads text, straight into pyoxigraph's bulk loader."""
        try:
            self._store.bulk_load(input=text.encode("utf-8"), format=RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.location}: {exc}") from None

    def drop(self, name: str) -> None:
        try:
            self._store.remove_graph(NamedNode(name))
        except OSError as exc:
            raise StoreError(f"{self.location}: {exc}") from None

    def query(self, sparql: str) -> QueryAnswer:
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise StoreError(f"query is not valid SPARQL: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{self.location}: {exc}") from None
        return answer_of(result)

    def close(self) -> None:
        """Flush, close, then let the next newsld process in; closing twice is harmless."""
        try:
            if hasattr(self, "_store"):
                self._store.flush()
                del self._store
        finally:
            self._release()

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.close()  # closing the descriptor drops the flock


def holds_store(directory: Path) -> bool:
    """Whether `directory` holds an embedded store (RocksDB's own CURRENT file): a command that only reads must
    not make a new, empty store where a path was mistyped (opening one creates it)."""
    return (Path(directory) / "CURRENT").is_file()


def lock_wait() -> float:
    """LOCK_WAIT, or NEWSLD_STORE_LOCK_WAIT when set (seconds; 0 means do not wait)."""
    value = os.environ.get("NEWSLD_STORE_LOCK_WAIT", "").strip()
    if not value:
        return LOCK_WAIT
    try:
        seconds = float(value)
    except ValueError:
        raise StoreError(f"NEWSLD_STORE_LOCK_WAIT must be a number of seconds, got {value!r}") from None
    if seconds != seconds or seconds < 0:  # NaN or negative
        raise StoreError(f"NEWSLD_STORE_LOCK_WAIT must be a number of seconds, got {value!r}")
    return seconds


def _acquire(directory: Path, wait: float) -> "_Both":
    """The gate, then an exclusive flock on the store's lock file, polled until `wait` seconds have passed.
    The gate is held as long as the lock: readers wait at it, and those inside finish their request."""
    deadline = time.monotonic() + wait
    gate = take_lock(directory / GATE_FILE, fcntl.LOCK_EX, deadline, wait)
    try:
        handle = take_lock(directory / LOCK_FILE, fcntl.LOCK_EX, deadline, wait)
    except BaseException:
        gate.close()
        raise
    return _Both(handle, gate)


class _Both:
    """The lock and the gate, closed (so released) together."""

    def __init__(self, lock: IO[str], gate: IO[str]) -> None:
        self.lock, self.gate = lock, gate

    def close(self) -> None:
        self.lock.close()
        self.gate.close()


def take_lock(path: Path, mode: int, deadline: float, wait: float) -> IO[str]:
    """A flock of `mode` (shared or exclusive) on `path`, polled until the deadline."""
    handle = open(path, "a", encoding="utf-8")
    try:
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(f"{path.parent}: the store is in use by another newsld process; "
                                     f"waited {wait:g} s") from None
                time.sleep(min(LOCK_POLL, max(deadline - time.monotonic(), 0.0)))
    except BaseException:
        handle.close()
        raise


def stamp_generation(directory: Path) -> None:
    """A new generation file (a new inode, by rename): readers that see it open the store again."""
    temp = directory / f"{GENERATION_FILE}.tmp"
    temp.write_text(f"{time.time_ns()}\n", encoding="utf-8")
    os.replace(temp, directory / GENERATION_FILE)


def generation(directory: Path) -> tuple[int, int]:
    """What tells one state of the store from the next: the generation file's inode and mtime."""
    try:
        stat = os.stat(directory / GENERATION_FILE)
    except FileNotFoundError:
        return (0, 0)
    return (stat.st_ino, stat.st_mtime_ns)


def answer_of(result: object) -> QueryAnswer:
    """pyoxigraph's result objects (from its store or its results parser) as a `QueryAnswer`."""
    if isinstance(result, QueryBoolean):
        return QueryAnswer(boolean=bool(result))
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        return QueryAnswer(variables=variables, rows=[[row[v] for v in variables] for row in result])
    return QueryAnswer(triples=list(result))
