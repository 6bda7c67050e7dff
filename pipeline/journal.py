"""The output's write-ahead journal: what a run is about to change, written before it changes anything.

A run appends each checkpoint's changes (new article files with their text,
articles retired from the output) here as one line, then applies them to the
files, the manifest and the store. The manifest is rewritten only once the
journal holds about as many articles as it lists (`batch.MANIFEST_LAG`) and at
the end: writing it whole at every checkpoint cost the square of the run's size.
The journal is emptied after each manifest write, stays (empty) while the run
goes on, and is removed only once the dataset files and the manifest agree
again. A journal found at the start of a run is that of a run that died:
replaying it, checkpoint by checkpoint, is always safe (every step of applying
it can be done twice).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, is_dataclass
from pathlib import Path

from .manifest import Entry
from .writer import write_text

JOURNAL = ".newsld.journal"


@dataclass
class Change:
    """One article's new state: its manifest entry, its files' text by name, its dataset blocks."""

    entry: Entry
    contents: dict[str, str]
    trig: str
    nquads: str


@dataclass
class Retirement:
    """An article leaving the output (pruned, or replaced under another name): its files but `kept`, and its
    named graph unless another article now has that IRI."""

    entry: Entry
    kept: list[str]
    keep_graph: bool = False


Checkpoint = tuple[list[Change], list[Retirement]]


def _fields(value: object) -> dict[str, object]:
    """A dataclass as its fields, for json.dumps (asdict's deep copy cost more than the dump); anything else is
    refused, as json.dumps refuses it."""
    if is_dataclass(value) and not isinstance(value, type):
        return vars(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class Journal:
    def __init__(self, out: Path) -> None:
        self.path = out / JOURNAL

    def exists(self) -> bool:
        return self.path.exists()

    def clear(self) -> None:
        """Atomically: an empty journal (a run is under way, the dataset files may lag)."""
        write_text(self.path, "")

    def record(self, changes: list[Change], retirements: list[Retirement]) -> int:
        """Append one checkpoint's steps as one line, on disk before it returns; the bytes it took."""
        line = json.dumps({"changes": changes, "retirements": retirements}, ensure_ascii=False,
                          default=_fields) + "\n"
        data = line.encode("utf-8")
        with open(self.path, "ab") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return len(data)

    def pending(self) -> list[Checkpoint]:
        """What a run that died had recorded and maybe not applied, checkpoint by checkpoint, in order. A
        last line without its newline was being written when the run died: its steps were never applied. A
        damaged line (the disk's doing, never newsld's) is passed over: the checkpoints after it were applied
        and are replayed, so their files stay listed."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return []
        lines = data.split(b"\n")[:-1]  # only whole lines (json.dumps escapes newlines inside strings)
        if data.startswith(b"{\n"):  # one indented object: an older newsld's journal, rewritten at each checkpoint
            lines = [data]
        checkpoints = []
        for line in lines:
            try:
                record = json.loads(line.decode("utf-8"))
                changes = [Change(**{**c, "entry": Entry(**c["entry"])}) for c in record["changes"]]
                retirements = [Retirement(**{**r, "entry": Entry(**r["entry"])}) for r in record["retirements"]]
            except (ValueError, KeyError, TypeError):
                continue
            checkpoints.append((changes, retirements))
        return checkpoints

    def close(self) -> None:
        """The output agrees with its manifest again."""
        self.path.unlink(missing_ok=True)
