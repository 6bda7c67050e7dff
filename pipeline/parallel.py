"""Where the per-batch work runs: in this process, a pool of worker processes, or a Dask cluster; results
in input order.

Each worker loads the spaCy model once and renders whole batches
(`api.render_documents`), so only documents and text cross process
boundaries (local stories and pages as bytes: HTML is parsed in the workers);
the main process alone writes files and talks to the store.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

from .allocator import keep_freed_memory
from .collector import collect_less
from .api import render_documents
from .config import Config
from .chunks import chunks
from .extract.annotate import BATCH_SIZE
from .formats import ARTICLE_FILES
from .model import Document, RawFile
from .outcome import ArticleOutcome
from .profile import merge, timed

PARENT_POLL = 0.5
"""Seconds between a worker's checks that the process that started it is still there."""


def render_stream(items: Iterable[Document | RawFile], config: Config, formats: tuple[str, ...] = ARTICLE_FILES,
                  workers: int = 1, cluster: str | None = None) -> Iterator[ArticleOutcome]:
    """Each input's outcome, in input order: made here, in `workers` local processes, or on a Dask cluster."""
    batches = chunks(items, BATCH_SIZE)
    if cluster:
        from distributed import Client

        with Client(cluster) as client:
            depth = 2 * max(1, len(client.scheduler_info().get("workers", {})))
            yield from _ordered(lambda c: client.submit(timed, render_documents, c, config, formats, pure=False),
                                batches, depth)
        return
    if workers <= 1:
        _batch_process()  # NER batch after batch in this process (in each worker: end_with_parent)
        for chunk in batches:
            yield from render_documents(chunk, config, formats)
        return
    # spawn, not fork: the parent may hold an open store and its threads
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=end_with_parent, initargs=(os.getpid(),))
    try:
        yield from _ordered(lambda c: pool.submit(timed, render_documents, c, config, formats), batches, 2 * workers)
    except BaseException:  # Ctrl-C or a failure here: what is queued is dropped, not waited for
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def end_with_parent(parent: int) -> None:
    """Worker initializer: end when `parent` is gone. A parent killed outright (SIGKILL, the OOM killer) cannot
    stop its workers, and they would wait on their task queue forever, each holding a spaCy model in memory;
    with them gone, multiprocessing's resource tracker sees its pipe close and ends too.

    A thread that watches the parent id rather than prctl's death signal, which Linux sends when the *thread*
    that started the worker ends, and which misses a parent that died before the worker got this far.

    Ctrl-C reaches the whole process group: the workers leave it to the parent, which saves what was done and
    stops them, instead of each printing its own KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _batch_process()
    threading.Thread(target=_watch_parent, args=(parent,), name="newsld-parent-watch", daemon=True).start()


def _batch_process() -> None:
    """Memory kept for the next batch rather than given back (`allocator`), and the cyclic collector run less
    often (`collector`): a process that renders batch after batch."""
    keep_freed_memory()
    collect_less()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:  # an orphan gets a new parent (init or a subreaper)
        time.sleep(PARENT_POLL)
    os._exit(1)  # at once: nothing to clean up for a parent that is gone


def _ordered(submit: Callable, chunks: Iterator[list], depth: int) -> Iterator[ArticleOutcome]:
    """At most `depth` batches in flight (memory stays flat), results taken in submission order;
    each worker's stage seconds are added to this process's profile."""
    in_flight: deque = deque()

    def take() -> list[ArticleOutcome]:
        rendered, seconds = in_flight.popleft().result()
        merge(seconds)
        return rendered

    for chunk in chunks:
        in_flight.append(submit(chunk))
        if len(in_flight) >= depth:
            yield from take()
    while in_flight:
        yield from take()
