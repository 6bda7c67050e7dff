"""glibc's malloc told to keep the memory a publish run frees, since it takes it again at once.

spaCy allocates and frees arrays of a few hundred kB for every batch. By default glibc
gives large blocks back to the kernel (each one mmap'd, and the top of the heap once
128 kB of it is free) and the next batch faults them in again, page by page. Between
NER batches publish's other stages move the heap's top, so NER in publish took three
times the page faults of NER alone (245,000 against 78,000 for 300 wire stories) and a
second of system time per 300 stories more. Fixed thresholds keep those blocks in the
process: the peak grows by about 5 % (memory freed is held until the run ends), the
faults and their system time go. Other C libraries (musl, macOS) are left as they are.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
TRIM_THRESHOLD = 1 << 30
"""Free bytes at the heap's top before glibc gives them back: in practice, never during a run."""
MMAP_THRESHOLD = 32 << 20
"""Blocks below this come from the heap, not from mmap (glibc's largest allowed value on 64-bit systems)."""


@lru_cache(maxsize=1)
def keep_freed_memory() -> bool:
    """Set the thresholds, once per process; False where the C library has no glibc `mallopt`."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)) and bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
