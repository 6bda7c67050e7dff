"""The one exception type a user may cause, and the one-line messages made of parsers' exceptions and odd
names: the CLI prints them as one line, never a traceback."""
from __future__ import annotations

import difflib
import re
from typing import Iterable


class InputError(Exception):
    """Bad input or configuration, with the name of what was bad (a file, a URL, an option)."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """"; did you mean X?" for the choice closest to a mistyped `word` (case aside), as click says for options;
    "" when none is close."""
    spelt = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(word.lower(), sorted(spelt), n=1, cutoff=cutoff)
    return f"; did you mean {spelt[close[0]]}?" if close else ""


def innermost(exc: Exception) -> str:
    """PyLD's own reason ('Invalid JSON-LD syntax; "@id" value must be a string.'), not its wrappers' tuples."""
    while isinstance(exc.__cause__, Exception) and exc.__cause__ is not exc:
        exc = exc.__cause__
    message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    return message.splitlines()[0] if message.strip() else type(exc).__name__


def one_line(exc: Exception) -> str:
    """A parser's message as one line: the input's own line breaks and control characters quoted, not printed."""
    return printable(str(exc))


NOT_ASCII_UNSAFE = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
"""DEL and the C1 controls (\\x9b starts a terminal command as ESC [ does), line and paragraph separators, bidi
embeddings, overrides and isolates (they reorder the text around them on screen), lone surrogates and U+FFFE/U+FFFF
(no XML document may hold them)."""
_UNSAFE = re.compile(f"[\x00-\x1f{NOT_ASCII_UNSAFE}]")
"""The above and the C0 controls (ESC, BEL, a line break, and the rest XML 1.0 refuses)."""


def printable(text: str) -> str:
    """`text` safe to print as (part of) one line, on a terminal or in XML: line breaks, control and bidi
    characters written as escapes ('\\n', '\\x1b', '\\u202e'), so a file name or a page can neither split a
    message nor drive the terminal, and the reader still sees which character it holds. Other text (accents,
    scripts, emoji with their joiners) stays as it is."""
    return _UNSAFE.sub(lambda match: repr(match[0])[1:-1], text)
