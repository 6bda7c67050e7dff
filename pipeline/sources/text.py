"""Plain-text stories: decoding, the size limit and the optional front matter.

Front matter (`---` / `key: value` / `---`) is the user's own statement about
the story, so its keys are checked strictly: a misspelt key would otherwise
silently lose a date or a headline.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import sys

from charset_normalizer import from_bytes

from ..config import Limits
from ..errors import InputError, did_you_mean
from ..iri import file_slug
from ..kinds import UnknownKind, article_kind
from ..model import Document, Notice

MAX_BYTES = Limits.file_bytes  # the default of `[limits] file_bytes`
"""A wire story is a few kilobytes; anything past this is not one."""

FRONT_MATTER_KEYS = {
    key.lower(): key
    for key in ("headline", "id", "url", "author", "datePublished", "dateModified",
                "image", "section", "language", "type", "genre", "correction", "access", "paywall")
}

FRONT_MATTER_HINTS = {
    "title": "headline", "date": "datePublished", "published": "datePublished", "updated": "dateModified",
    "modified": "dateModified", "lastmod": "dateModified", "authors": "author", "byline": "author",
    "lang": "language", "category": "section", "categories": "section", "link": "url", "permalink": "url",
    "kind": "type",
}
"""Other tools' names for front-matter keys (Hugo, Jekyll, feeds), and the key newsld calls it."""

REPEATABLE = {"correction", "paywall", "image"}
_CLASS_SELECTOR = re.compile(r"\.-?[_a-zA-Z][\w-]*")
"""Keys a story may give more than once; their values are kept one per line."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\v\f\x1c-\x1e\x85\u2028\u2029]")
"""Where str.splitlines() also ends a line; front matter lines end at \\n alone."""
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""UTF-32's little-endian mark begins with UTF-16's, so it is tried first."""


STDIN_HASH = 8
"""Hex digits of a story's hash that end the slug of an unnamed story from standard input."""


def stdin_bytes(max_bytes: int = MAX_BYTES) -> bytes:
    """Standard input, whole, within `max_bytes`."""
    data = sys.stdin.buffer.read(max_bytes + 1) if sys.stdin is not None else b""
    if len(data) > max_bytes:
        raise InputError("-", f"input is larger than the {max_bytes:,}-byte limit")
    return data


def stdin_naming(data: bytes, name: str | None) -> tuple[str, dict[str, object]]:
    """The slug of a document read from standard input (`-`), and the fields naming it across runs.

    A pipe has no file name to mint a stable IRI from: a named input (`publish --id`) replaces what was
    published under that name before; an unnamed one is named after its date and headline, with a hash of its
    bytes (`titled`, finished by extraction), so two different piped stories never share an IRI."""
    label = name or hashlib.sha256(data).hexdigest()[:STDIN_HASH]
    return (file_slug(name) if name else label), {"key": f"stdin:{label}", "titled": not name}




def read_text(data: bytes | str, name: str, slug: str) -> Document:
    """Decode and split off the front matter; `name` is what error lines show."""
    notices: list[Notice] = []
    text = data if isinstance(data, str) else _decode(data, name, notices)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(name, "empty file: no story to publish")
    meta, text = _split_front_matter(text, name)
    if not text.strip():
        raise InputError(name, "front matter but no story text")
    return Document(name=name, slug=slug, text=text, meta=meta, notices=tuple(notices))


def _decode(data: bytes, name: str, notices: list[Notice]) -> str:
    if not data.strip():
        raise InputError(name, "empty file: no story to publish")
    text = _decode_marked(data, name)
    if text is None:
        text = _decode_unmarked(data, name, notices)
    if len(_CONTROL.findall(text[:8192])) > 0.01 * min(len(text), 8192) + 2:
        raise InputError(name, "binary file (control characters), not a text story")
    return _CONTROL.sub(lambda control: " " if control.group().isspace() else "", text)  # \x1c-\x1f part words


def marked_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding a byte-order mark at the start of `data` names, if any."""
    return next((encoding for mark, encoding in _BOMS if data.startswith(mark)), None)


def _decode_marked(data: bytes, name: str) -> str | None:
    """UTF-16 or UTF-32 text as its byte-order mark says, None without such a mark. The mark settles the
    encoding (a Windows editor's "Unicode"), and the NUL bytes of such text are no sign of a binary file."""
    if (encoding := marked_encoding(data)) is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(name, f"starts with a {encoding.upper()} byte-order mark but is not "
                               f"{encoding.upper()} text") from None


def _decode_unmarked(data: bytes, name: str, notices: list[Notice]) -> str:
    """UTF-8 (with or without its mark), else a legacy encoding, with a warning naming it."""
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (NUL bytes), not a text story")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data, name)
        notices.append(Notice("Warning", "articleBody", f"input is not UTF-8; read as {encoding}"))
        return text


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Windows-1252 (a superset of Latin-1) when the text reads as Western prose, else charset-normalizer's guess.

    Detectors guess badly on a short Western story (a few accented letters), and
    such stories are by far the commonest legacy input; text in another script
    is almost all non-ASCII letters once misread as Windows-1252, which the ratio catches.
    """
    try:
        text = data.decode("cp1252")
        letters = [c for c in text if c.isalpha()]
        if sum(not c.isascii() for c in letters) <= 0.15 * len(letters):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(name, "not UTF-8, and no other text encoding fits")
    return str(best), best.encoding


def _split_front_matter(text: str, name: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---"):
        return {}, text
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise InputError(name, "front matter opened with --- but never closed with ---")
    meta: dict[str, str] = {}
    for number, line in enumerate(match.group(1).split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        canonical = FRONT_MATTER_KEYS.get(key.strip().lower())
        if not sep or canonical is None:
            known = ", ".join(FRONT_MATTER_KEYS.values())
            said = key.strip()
            hint = (f"; did you mean {FRONT_MATTER_HINTS[said.lower()]}?" if said.lower() in FRONT_MATTER_HINTS
                    else did_you_mean(said, FRONT_MATTER_KEYS.values(), cutoff=0.8))
            if sep and hint:
                raise InputError(name, f"front matter line {number}: unknown key {said!r}{hint} (keys: {known})")
            raise InputError(name, f"front matter line {number}: expected 'key: value' with key one of {known}")
        value = _LINE_BREAK.sub(" ", value).strip().strip('"').strip("'").strip()
        if canonical == "type":
            try:
                value = article_kind(value)
            except UnknownKind as exc:
                raise InputError(name, f"front matter line {number}: {exc}") from None
        if canonical == "access" and value.lower() not in ("free", "paywalled"):
            raise InputError(name, f"front matter line {number}: access is free or paywalled, not {value!r}")
        if canonical == "paywall" and not _CLASS_SELECTOR.fullmatch(value):
            raise InputError(name, f"front matter line {number}: paywall is a class selector such as .premium "
                                   f"(Google reads paywalled parts by class), not {value!r}")
        if canonical in REPEATABLE and canonical in meta:
            value = f"{meta[canonical]}\n{value}"  # one per line: "correction:" may be given again and again
        meta[canonical] = value
    return meta, text[match.end():]
