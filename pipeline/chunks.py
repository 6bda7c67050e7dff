"""Items taken a bounded number at a time, so that a stream of any length is worked through in flat memory."""
from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size`, the last one shorter; nothing for no items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
