"""The one exception type a user may cause, and the one-line messages made of parsers' exceptions and odd
names: the CLI prints them as one line, never a traceback."""
from __future__ import annotations


class InputError(Exception):
    """Bad input or configuration, with the name of what was bad (a file, a URL, an option)."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def innermost(exc: Exception) -> str:
    """PyLD's own reason ('Invalid JSON-LD syntax; "@id" value must be a string.'), not its wrappers' tuples."""
    while isinstance(exc.__cause__, Exception) and exc.__cause__ is not exc:
        exc = exc.__cause__
    message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    return message.splitlines()[0] if message.strip() else type(exc).__name__


def one_line(exc: Exception) -> str:
    """A parser's message as one line: the input's own line breaks and control characters quoted, not printed."""
    return printable(str(exc))


def printable(text: str) -> str:
    """`text` safe to print as (part of) one line: line breaks, control and bidi characters ('\\n', '\\u202e')
    written as escapes, so a file name or a page cannot split a message or drive the terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
