"""Seconds per pipeline stage, accumulated over a run: what `publish --profile` and the benchmark report."""
from __future__ import annotations

import resource
import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Any, Callable, Iterator

_seconds: dict[str, float] = defaultdict(float)


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        _seconds[name] += time.perf_counter() - started


def report() -> dict[str, float]:
    """Stage seconds so far, and this process's peak memory in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {**{k: round(v, 3) for k, v in sorted(_seconds.items())}, "peak_mb": round(peak, 1)}


def timed(function: Callable[..., Any], *args: Any) -> tuple[Any, dict[str, float]]:
    """`function(*args)` and the stage seconds it took, for a worker process to send back with its result."""
    before = dict(_seconds)
    result = function(*args)
    return result, {k: v - before.get(k, 0.0) for k, v in _seconds.items() if v > before.get(k, 0.0)}


def merge(seconds: dict[str, float]) -> None:
    """Add a worker's stage seconds to this process's: with workers, a stage's seconds are summed over them."""
    for name, value in seconds.items():
        _seconds[name] += value
