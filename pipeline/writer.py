"""The output directory: every file appears whole or not at all (temp file, then rename)."""
from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

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


def write_dataset(out: Path, header: str, blocks: Iterable[tuple[str, str]]) -> None:
    """dataset.trig and dataset.nq from each graph's TriG block and N-Quad lines, both renamed into place
    only once both are whole."""
    with atomic_file(out / DATASET_TRIG) as trig, atomic_file(out / DATASET_NQUADS) as nquads:
        trig.write(header)
        for trig_block, lines in blocks:
            trig.write("\n" + trig_block)
            nquads.write(lines)


class Spool:
    """This run's new dataset blocks in a temp file beside the output, read back by byte span: a long
    run's blocks wait for the dataset files without being held in memory."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        fd, self._path = tempfile.mkstemp(dir=out, prefix=".newsld-spool.", suffix=".tmp")
        self._handle = os.fdopen(fd, "w+b")
        self._spans: dict[str, tuple[int, int, int]] = {}

    def add(self, iri: str, trig_block: str, nquads: str) -> None:
        trig, lines = trig_block.encode("utf-8"), nquads.encode("utf-8")
        start = self._handle.seek(0, os.SEEK_END)
        self._handle.write(trig + lines)
        self._spans[iri] = (start, len(trig), len(lines))

    def get(self, iri: str) -> tuple[str, str] | None:
        if iri not in self._spans:
            return None
        start, trig, lines = self._spans[iri]
        self._handle.seek(start)
        data = self._handle.read(trig + lines)
        return data[:trig].decode("utf-8"), data[trig:].decode("utf-8")

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self._handle.close()
        Path(self._path).unlink(missing_ok=True)


_TRIG_START = re.compile(rb"^<([^>\n]+)> \{\n$")
_NQUAD_GRAPH = re.compile(rb"<([^>\n]+)> \.\n?$")


class PreviousDataset:
    """The previous run's dataset files, indexed by article graph: each graph's TriG block and N-Quad
    lines as byte spans, read on demand, so carrying unchanged articles over costs no memory per article.

    The files stay open while the new ones are written and renamed over them: the index keeps reading
    the old contents. A graph whose lines are not in one run (a hand-edited file) is left out and its
    article published again.
    """

    def __init__(self, out: Path) -> None:
        self._files: list[IO[bytes]] = []
        self._spans: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
        try:
            trig, nquads = open(out / DATASET_TRIG, "rb"), open(out / DATASET_NQUADS, "rb")
        except OSError:
            return
        self._files = [trig, nquads]
        lines = _nquad_spans(nquads)
        blocks = _trig_spans(trig, set(lines))
        self._spans = {iri: (blocks[iri], span) for iri, span in lines.items() if iri in blocks}

    def get(self, iri: str) -> tuple[str, str] | None:
        """The graph's TriG block and its N-Quad lines, if the files hold it whole."""
        if iri not in self._spans:
            return None
        trig, lines = (_read_span(f, span).decode("utf-8", "replace") for f, span in zip(self._files, self._spans[iri]))
        return trig, lines

    def close(self) -> None:
        for handle in self._files:
            handle.close()

    def __enter__(self) -> PreviousDataset:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _nquad_spans(handle: IO[bytes]) -> dict[str, tuple[int, int]]:
    """Byte span of each graph's run of N-Quad lines; a graph found in two runs is left out."""
    spans: dict[str, tuple[int, int]] = {}
    broken: set[str] = set()
    current, start, offset = None, 0, 0
    for line in handle:
        match = _NQUAD_GRAPH.search(line)
        graph = match.group(1).decode("utf-8", "replace") if match else None
        if graph != current:
            _close(spans, broken, current, start, offset)
            current, start = graph, offset
        offset += len(line)
    _close(spans, broken, current, start, offset)
    return {iri: span for iri, span in spans.items() if iri not in broken}


def _trig_spans(handle: IO[bytes], graphs: set[str]) -> dict[str, tuple[int, int]]:
    """Byte span of each graph's TriG block: from its `<iri> {` line to the next one (less the blank line
    between) or the end. Blocks are found by their opening lines, never by a `}` line, which a multi-line
    literal may hold; a block that does not end in `}` is left out."""
    spans: dict[str, tuple[int, int]] = {}
    broken: set[str] = set()
    current, start, offset = None, 0, 0
    for line in handle:
        match = _TRIG_START.match(line)
        graph = match.group(1).decode("utf-8", "replace") if match else None
        if graph in graphs:
            _close(spans, broken, current, start, offset - 1)  # the "\n" that precedes each block
            current, start = graph, offset
        offset += len(line)
    _close(spans, broken, current, start, offset)
    for iri, (_, end) in spans.items():
        handle.seek(end - 2)
        if handle.read(2) != b"}\n":
            broken.add(iri)
    return {iri: span for iri, span in spans.items() if iri not in broken}


def _close(spans: dict, broken: set, graph: str | None, start: int, end: int) -> None:
    if graph is None:
        return
    if graph in spans:
        broken.add(graph)
    spans[graph] = (start, end)


def _read_span(handle: IO[bytes], span: tuple[int, int]) -> bytes:
    handle.seek(span[0])
    return handle.read(span[1] - span[0])
