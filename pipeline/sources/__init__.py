"""Readers: one per input kind, each turning bytes into a `Document`.

`expand` turns the command line's PATH arguments into the list of inputs, so
a missing path or an empty directory is reported once, by name; `read_input`
reads one input (a feed gives many documents).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..config import Limits
from ..iri import slugify
from ..model import Document
from .feed import FEED_SUFFIXES, FEED_TYPES, is_feed, read_feed
from .html import read_html
from .text import read_text, read_text_file
from .web import fetch, is_url, url_slug

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
READABLE_SUFFIXES = (".txt", *HTML_SUFFIXES)
"""What a directory contributes; a file named on the command line is read whatever its suffix."""

__all__ = ["expand", "read_input", "read_text", "read_text_file", "READABLE_SUFFIXES"]


def expand(arguments: list[str]) -> tuple[list[str], list[InputError]]:
    """Inputs in a stable order (directories sorted, recursively), and the arguments that name nothing."""
    inputs: list[str] = []
    errors: list[InputError] = []
    for arg in arguments:
        if arg == "-" or is_url(arg):
            inputs.append(arg)
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                errors.append(InputError(arg, f"directory holds no {', '.join(READABLE_SUFFIXES)} file"))
            inputs.extend(found)
        elif path.exists():
            inputs.append(arg)
        else:
            errors.append(InputError(arg, "no such file or directory"))
    return inputs, errors


def read_input(argument: str, limit: int | None = None, limits: Limits = Limits()) -> Iterator[Document | InputError]:
    """One command-line input as documents: a story, a page, a URL, or a feed's entries, each within `limits`.

    A document that fails (a feed entry, an article over a limit) is yielded as its error so the
    others still publish; an input that fails as a whole raises.
    """
    for item in _read(argument, limit, limits):
        if isinstance(item, Document) and len(item.text) > limits.body_chars:
            item = InputError(item.name, f"article text is {len(item.text):,} characters, over the "
                                         f"{limits.body_chars:,}-character limit ([limits] body_chars)")
        yield item


def _read(argument: str, limit: int | None, limits: Limits) -> Iterator[Document | InputError]:
    if argument == "-":
        yield read_text_file(argument, limits.file_bytes)
        return
    if is_url(argument):
        fetched = fetch(argument, limits.page_bytes)
        if fetched.content_type in FEED_TYPES or is_feed(fetched.content):
            yield from read_feed(fetched.content, argument, _fetch_page, limit)
        elif fetched.content_type.startswith("text/plain"):
            yield read_text(fetched.content, argument, url_slug(fetched.url))
        else:
            yield read_html(fetched.content, argument, url_slug(fetched.url), url=fetched.url,
                            header_charset=fetched.charset)
        return
    path = Path(argument)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in FEED_SUFFIXES:
        data = _read_bytes(path, limits.file_bytes)
        if suffix in FEED_SUFFIXES or is_feed(data):
            yield from read_feed(data, argument, _fetch_page, limit)
        else:
            yield read_html(data, argument, slugify(path.stem), max_bytes=limits.file_bytes)
        return
    yield read_text_file(argument, limits.file_bytes)


def _fetch_page(url: str) -> Document:
    fetched = fetch(url)
    return read_html(fetched.content, url, url_slug(fetched.url), url=fetched.url, header_charset=fetched.charset)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {size:,} bytes, larger than the {max_bytes:,}-byte limit "
                                        "([limits] file_bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
