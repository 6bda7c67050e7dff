"""The one exception type a user may cause: the CLI prints it as one line, never a traceback."""
from __future__ import annotations


class InputError(Exception):
    """Bad input or configuration, with the name of what was bad (a file, a URL, an option)."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem
