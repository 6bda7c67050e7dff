"""The output's write-ahead journal: what a run is about to change, written before it changes anything.

A run records each checkpoint's changes (new article files with their text,
articles retired from the output) here, then applies them to the files, the
manifest and the store. The journal stays, empty, while the run goes on and is
removed only once the dataset files and the manifest agree again; a journal
found at the start of a run is that of a run that died, and replaying it is
always safe (every step of applying it can be done twice).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .manifest import Entry
from .writer import write_json

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


class Journal:
    def __init__(self, out: Path) -> None:
        self.path = out / JOURNAL

    def exists(self) -> bool:
        return self.path.exists()

    def record(self, changes: list[Change] = (), retirements: list[Retirement] = ()) -> None:
        """Atomically: the next steps, or none (`open`: a run is under way, the dataset files may lag)."""
        write_json(self.path, {"changes": [asdict(c) for c in changes],
                               "retirements": [asdict(r) for r in retirements]})

    def pending(self) -> tuple[list[Change], list[Retirement]]:
        """What a run that died had recorded and maybe not applied; nothing when there is no journal."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            changes = [Change(**{**c, "entry": Entry(**c["entry"])}) for c in data["changes"]]
            retirements = [Retirement(**{**r, "entry": Entry(**r["entry"])}) for r in data["retirements"]]
        except (OSError, ValueError, KeyError, TypeError):
            return [], []  # written atomically: absent, or not ours
        return changes, retirements

    def close(self) -> None:
        """The output agrees with its manifest again."""
        self.path.unlink(missing_ok=True)
