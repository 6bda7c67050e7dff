"""Readers: one per input kind, each turning bytes into a `Document`.

`expand` turns the command line's PATH arguments into the list of inputs, so
a missing path or an empty directory is reported once, by name; `read_input`
reads one input (a feed gives many documents). A publish run reads local
stories and pages in two steps: the bytes here (`RawFile`, cheap, hashed for
the skip check), the parsing where the article is rendered (`parse_raw`, in a
worker process), so HTML extraction runs in parallel too.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError
from ..config import Limits
from ..iri import file_slug
from ..model import Document, RawFile
from . import registry
from .feed import is_feed, read_feed
from .html import is_html, read_html
from .text import read_text, stdin_bytes, stdin_naming
from .web import Allow, Fetched, fetch, is_url, public_only, url_slug

READABLE_SUFFIXES = registry.suffixes(registry.PUBLISH, directory=True)
"""What a directory contributes; a file named on the command line is read whatever its suffix."""

__all__ = ["expand", "files_in", "read_input", "read_text", "parse_raw", "RawFile", "READABLE_SUFFIXES"]


def parse_raw(raw: RawFile, limits: Limits = Limits()) -> Document:
    """The document in a `RawFile`, within `limits`; raises InputError."""
    slug = file_slug(Path(raw.name).stem)
    if raw.html:
        document = read_html(raw.data, raw.name, slug, max_bytes=limits.file_bytes)
    else:
        document = read_text(raw.data, raw.name, slug)
    return with_corrections(stamped(replace(_within(document, limits), key=raw.key, origin=raw.origin),
                                    raw.modified), raw.corrections)


_LEADING_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\S*\s+")


def with_corrections(document: Document, earlier: str) -> Document:
    """`document` with the corrections published before (one per line) ahead of its own, each once: a
    republished story keeps its correction history though its text no longer carries it."""
    if not earlier:
        return document
    own = document.meta.get("correction", "")
    texts = {_LEADING_DATE.sub("", line) for line in own.split("\n") if line}
    kept = [line for line in earlier.split("\n") if line and _LEADING_DATE.sub("", line) not in texts]
    merged = "\n".join(kept + ([own] if own else []))
    return replace(document, meta={**document.meta, "correction": merged}) if merged else document


def stamped(document: Document, modified: str | None) -> Document:
    """`document` with dateModified `modified`, unless it states its own."""
    if modified is None or "dateModified" in document.meta:
        return document
    return replace(document, meta={**document.meta, "dateModified": modified})


def expand(arguments: list[str], follow_links: bool = False, output: Path | None = None
           ) -> tuple[list[str], list[InputError], list[tuple[str, str]]]:
    """Inputs in a stable order (directories sorted, recursively), the arguments that name nothing, and
    (name, why) for what a directory holds that is not read, for a warning: nothing is left out unsaid.
    The `output` directory, when a directory given holds it, is no input: its pages are newsld's own."""
    inputs: list[str] = []
    errors: list[InputError] = []
    skipped: list[tuple[str, str]] = []
    for arg in arguments:
        if arg == "-" or is_url(arg):
            inputs.append(arg)
            continue
        path = Path(arg)
        if path.is_dir():
            found = files_in(path, READABLE_SUFFIXES, follow_links, skipped, output)
            if not found:
                errors.append(InputError(arg, f"directory holds no {', '.join(READABLE_SUFFIXES)} file"))
            inputs.extend(found)
        elif path.exists():
            inputs.append(arg)
        else:
            errors.append(InputError(arg, "no such file or directory"))
    return inputs, errors, skipped


def files_in(directory: Path, suffixes: tuple[str, ...], follow_links: bool, skipped: list[tuple[str, str]],
             output: Path | None = None) -> list[str]:
    """The files under `directory` with one of `suffixes`, sorted; what is not read goes to `skipped`, with why.

    Hidden files and directories (names starting with ".") are passed over as Unix tools pass them over, but
    hidden stories are named (`..txt` is more likely a slip than a secret). A symbolic link leading out of
    `directory` is not read unless `follow_links`: the user asked for this directory, not for what a link in
    it reaches (/etc/passwd). A link to a directory inside is not walked, its files are read where they are;
    each directory is walked once, so link loops end.
    """
    root = Path(os.path.realpath(directory))
    found: list[str] = []
    hidden: list[str] = []
    walked = {root, Path(os.path.realpath(output))} if output is not None else {root}
    pending = [directory]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError as exc:
            skipped.append((str(folder), f"not read: {exc.strerror or exc}"))
            continue
        for entry in entries:
            target = Path(os.path.realpath(entry))
            leaves = entry.is_symlink() and not target.is_relative_to(root)
            story = entry.suffix.lower() in suffixes and entry.is_file()
            if entry.name.startswith("."):
                if story:
                    hidden.append(str(entry.relative_to(directory)))
            elif entry.is_symlink() and not entry.exists() and entry.suffix.lower() in suffixes:
                skipped.append((str(entry), f"a link to {target}, which does not exist: not read"))
            elif leaves and not follow_links and (story or entry.is_dir()):
                skipped.append((str(entry), f"a link to {target}, outside {directory}: not read "
                                            "(--follow-links reads it)"))
            elif entry.is_dir() and (leaves or not entry.is_symlink()) and target not in walked:
                walked.add(target)
                pending.append(entry)
            elif story:
                found.append(str(entry))
    if hidden:
        more = f" and {len(hidden) - 5} more" if len(hidden) > 5 else ""
        skipped.append((str(directory), f"hidden files not read: {', '.join(hidden[:5])}{more} "
                                        "(name one on the command line to publish it)"))
    return sorted(found)


def read_input(argument: str, limit: int | None = None, limits: Limits = Limits(),
               defer: bool = False, stdin_name: str | None = None,
               allow: Allow = public_only) -> Iterator[Document | RawFile | InputError]:
    """One command-line input as documents: a story, a page, a URL, or a feed's entries, each within `limits`;
    URLs (feed entries' links too) are fetched from the addresses `allow` accepts.

    With `defer`, a local story or page comes as its `RawFile`, for `parse_raw` to finish elsewhere.
    A document that fails (a feed entry, an article over a limit) is yielded as its error so the
    others still publish; an input that fails as a whole raises.
    """
    for item in _read(argument, limit, limits, stdin_name, allow):
        if isinstance(item, Document) or (isinstance(item, RawFile) and not defer):
            try:
                item = _within(item, limits) if isinstance(item, Document) else parse_raw(item, limits)
            except InputError as exc:
                item = exc
        yield item


def _within(document: Document, limits: Limits) -> Document:
    if len(document.text) > limits.body_chars:
        raise InputError(document.name, f"article text is {len(document.text):,} characters, over the "
                                        f"{limits.body_chars:,}-character limit ([limits] body_chars)")
    return document


def _read(argument: str, limit: int | None, limits: Limits,
          stdin_name: str | None, allow: Allow) -> Iterator[Document | RawFile | InputError]:
    get = partial(fetch, max_bytes=limits.page_bytes, seconds=limits.fetch_seconds, allow=allow)
    if argument == "-":
        yield from _read_stdin(limits, stdin_name, limit, get)
        return
    if is_url(argument):
        fetched = get(argument)
        media = registry.by_media_type(fetched.content_type, registry.PUBLISH)
        if (media is not None and media.kind == "feed") or is_feed(fetched.content):
            yield from read_feed(fetched.content, argument, partial(_fetch_page, get), limit)
        elif fetched.content_type.startswith(registry.media_types(registry.PUBLISH, "story")):
            yield read_text(fetched.content, argument, url_slug(fetched.url))
        else:
            yield read_html(fetched.content, argument, url_slug(fetched.url), url=fetched.url,
                            header_charset=fetched.charset)
        return
    known = registry.by_suffix(Path(argument).suffix, registry.PUBLISH)
    kind = known.kind if known is not None else "story"
    data = _read_bytes(argument, limits.file_bytes)
    origin = os.path.abspath(argument)
    if kind == "feed" or (kind == "page" and is_feed(data)):
        yield from read_feed(data, argument, partial(_fetch_page, get), limit, origin=origin)
    else:
        yield RawFile(argument, data, html=kind == "page", key=origin, origin=origin)


def _read_stdin(limits: Limits, name: str | None, limit: int | None,
                get: Callable[[str], Fetched]) -> Iterator[Document | InputError]:
    """Standard input as what its bytes say it is: a feed, a page (`curl URL | newsld publish -`) or a story."""
    data = stdin_bytes(limits.file_bytes)
    if is_feed(data):
        yield from read_feed(data, "-", partial(_fetch_page, get), limit)
        return
    slug, naming = stdin_naming(data, name)
    if is_html(data):
        yield replace(read_html(data, "-", slug, max_bytes=limits.file_bytes), **naming)
    else:
        yield replace(read_text(data, name="-", slug=slug), **naming)


def _fetch_page(get: Callable[[str], Fetched], url: str) -> Document:
    fetched = get(url)
    return read_html(fetched.content, url, url_slug(fetched.url), url=fetched.url, header_charset=fetched.charset)


def _read_bytes(name: str, max_bytes: int) -> bytes:
    path = Path(name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"file is {size:,} bytes, larger than the {max_bytes:,}-byte limit "
                                        "([limits] file_bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
