"""The output directory: every file appears whole or not at all (temp file, then rename)."""
from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

DATASET_TRIG = "dataset.trig"
DATASET_NQUADS = "dataset.nq"
REPORT = "report.json"


def _file_mode() -> int:
    """What a plain open() would give: 0o666 less the umask (mkstemp alone makes files private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_file(path: Path, binary: bool = False) -> Iterator[IO]:
    """Write through a temp file beside `path`, renamed over it only when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _file_mode())
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    with atomic_file(path) as handle:
        handle.write(text)


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_file(path, binary=True) as handle:
        handle.write(data)


def write_json(path: Path, data: Any) -> None:
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class DatasetSink:
    """The output's TriG and N-Quads files, fed article by article."""

    def __init__(self, trig: IO[str], nquads: IO[str], header: str) -> None:
        self.trig, self.nquads, self.graphs = trig, nquads, 0
        self.trig.write(header)

    def add(self, trig_block: str, nquads: str) -> None:
        self.trig.write("\n" + trig_block)
        self.nquads.write(nquads)
        self.graphs += 1


@contextmanager
def dataset_files(out: Path, header: str) -> Iterator[DatasetSink]:
    """Both files appear when the run ends normally; an interrupted run leaves the previous ones."""
    with atomic_file(out / DATASET_TRIG) as trig, atomic_file(out / DATASET_NQUADS) as nquads:
        yield DatasetSink(trig, nquads, header)


_TRIG_BLOCK = re.compile(r"^<([^>\n]+)> \{\n.*?^\}\n", re.S | re.M)
_NQUAD_GRAPH = re.compile(r"<([^>\n]+)> \.$")


def read_dataset_blocks(out: Path) -> dict[str, tuple[str, str]]:
    """The previous run's TriG block and N-Quad lines per article graph, to carry unchanged articles over
    without publishing them again; empty when either file is missing."""
    try:
        trig = (out / DATASET_TRIG).read_text(encoding="utf-8")
        nquads = (out / DATASET_NQUADS).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    lines: dict[str, list[str]] = {}
    for line in nquads.splitlines(keepends=True):
        if match := _NQUAD_GRAPH.search(line):
            lines.setdefault(match.group(1), []).append(line)
    return {m.group(1): (m.group(0), "".join(lines[m.group(1)]))
            for m in _TRIG_BLOCK.finditer(trig) if m.group(1) in lines}
