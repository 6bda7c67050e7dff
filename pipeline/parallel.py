"""Where the per-batch work runs: in this process, a pool of worker processes, or a Dask cluster; results
in input order.

Each worker loads the spaCy model once and renders whole batches
(`api.render_documents`), so only documents and text cross process
boundaries (local stories and pages as bytes: HTML is parsed in the workers);
the main process alone writes files and talks to the store.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator

from .api import Rendered, render_documents
from .config import Config
from .extract.annotate import BATCH_SIZE
from .model import Document, RawFile
from .profile import merge, timed


def render_stream(items: Iterable[Document | RawFile], config: Config, write_html: bool = False,
                  workers: int = 1, cluster: str | None = None) -> Iterator[Rendered]:
    """Rendered articles in input order: here, in `workers` local processes, or on a Dask cluster."""
    chunks = _chunks(items, BATCH_SIZE)
    if cluster:
        from distributed import Client

        with Client(cluster) as client:
            depth = 2 * max(1, len(client.scheduler_info().get("workers", {})))
            yield from _ordered(lambda c: client.submit(timed, render_documents, c, config, write_html, pure=False),
                                chunks, depth)
        return
    if workers <= 1:
        for chunk in chunks:
            yield from render_documents(chunk, config, write_html)
        return
    # spawn, not fork: the parent may hold an open store and its threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from _ordered(lambda c: pool.submit(timed, render_documents, c, config, write_html), chunks, 2 * workers)


def _ordered(submit: Callable, chunks: Iterator[list], depth: int) -> Iterator[Rendered]:
    """At most `depth` batches in flight (memory stays flat), results taken in submission order;
    each worker's stage seconds are added to this process's profile."""
    in_flight: deque = deque()

    def take() -> list[Rendered]:
        rendered, seconds = in_flight.popleft().result()
        merge(seconds)
        return rendered

    for chunk in chunks:
        in_flight.append(submit(chunk))
        if len(in_flight) >= depth:
            yield from take()
    while in_flight:
        yield from take()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
