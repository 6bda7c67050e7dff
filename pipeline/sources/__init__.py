"""Readers: one per input kind, each turning bytes into a `Document`.

`expand` turns the command line's PATH arguments into the list of inputs,
so a missing path or an empty directory is reported once, by name.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .text import read_text, read_text_file

READABLE_SUFFIXES = (".txt",)
"""What a directory contributes; a file named on the command line is read whatever its suffix."""

__all__ = ["expand", "read_text", "read_text_file", "READABLE_SUFFIXES"]


def expand(arguments: list[str]) -> tuple[list[str], list[InputError]]:
    """Inputs in a stable order (directories sorted, recursively), and the arguments that name nothing."""
    inputs: list[str] = []
    errors: list[InputError] = []
    for arg in arguments:
        if arg == "-":
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
