"""Reading the embedded store while newsld writes to it: what `newsld serve` answers from.

RocksDB may be opened read-only by many processes, but reading while another
process writes is undefined. So each read takes the store's lock shared (after
passing the gate writers close while they wait), and the read-only handle is
opened again whenever a writer has stamped a new generation since it was opened
(about 10 ms, once per publish). Between requests the lock is free: a publish
never waits for a server longer than one request.

One reader per process and thread: flocks belong to the open file, so two
threads sharing one reader would release each other's lock (`newsld serve` runs
single-threaded workers).
"""
from __future__ import annotations

import fcntl
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pyoxigraph import Store as OxStore

from . import StoreError
from .embedded import GATE_FILE, LOCK_FILE, generation, take_lock

READ_WAIT = 2.0
"""Seconds a request waits for a writer to finish before it is answered from what was made before, or 503."""


class StoreBusy(StoreError):
    """A writer (publish, load, prune) holds the store longer than a request may wait."""


class StoreReader:
    """Read-only access to the embedded store in `directory`, always as the last writer left it."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        if not (self.directory / "CURRENT").is_file():  # RocksDB's own file: there is a store here
            raise StoreError(f"{self.directory}: no embedded store here (publish or load into it first)")
        self._wait = READ_WAIT
        self._store: OxStore | None = None
        self._generation: tuple[int, int] | None = None

    @property
    def last_generation(self) -> tuple[int, int] | None:
        """The generation last read: what documents made before a writer took the store were made from."""
        return self._generation

    @contextmanager
    def reading(self) -> Iterator[tuple[OxStore, tuple[int, int]]]:
        """The store, safe to read until the block ends, and its generation (the same generation, the same
        data: callers may cache by it)."""
        deadline = time.monotonic() + self._wait
        try:
            gate = take_lock(self.directory / GATE_FILE, fcntl.LOCK_SH, deadline, self._wait)
            try:
                lock = take_lock(self.directory / LOCK_FILE, fcntl.LOCK_SH, deadline, self._wait)
            finally:
                gate.close()
        except StoreError as exc:
            raise StoreBusy(f"{self.directory}: a publish, load or prune is writing the store") from exc
        try:
            now = generation(self.directory)
            if self._store is None or now != self._generation:
                self._store = None  # close the old handle before opening the new one
                try:
                    self._store = OxStore.read_only(str(self.directory))
                except OSError as exc:
                    raise StoreError(f"{self.directory}: cannot open the embedded store: {exc}") from None
                self._generation = now
            yield self._store, now
        finally:
            lock.close()
