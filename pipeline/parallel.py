"""Where the per-batch work runs: in this process, or in a pool of worker processes, results in input order.

Each worker loads the spaCy model once and renders whole batches
(`api.render_documents`), so only documents and text cross process
boundaries; the main process alone writes files and talks to the store.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator

from .api import Rendered, render_documents
from .config import Config
from .extract.annotate import BATCH_SIZE
from .model import Document


def render_stream(documents: Iterable[Document], config: Config, write_html: bool = False,
                  workers: int = 1) -> Iterator[Rendered]:
    chunks = _chunks(documents, BATCH_SIZE)
    if workers <= 1:
        for chunk in chunks:
            yield from render_documents(chunk, config, write_html)
        return
    # spawn, not fork: the parent may hold an open store and its threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        in_flight: deque = deque()
        for chunk in chunks:
            in_flight.append(pool.submit(render_documents, chunk, config, write_html))
            if len(in_flight) >= 2 * workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk
