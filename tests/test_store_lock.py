"""One newsld process at a time in an embedded store: the others wait for its lock, or say clearly why not."""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, Store as OxStore

from pipeline.cli import main
from pipeline.sources.published import read_published
from pipeline.store import StoreError, same_graph
from pipeline.store.embedded import LOCK_FILE, EmbeddedStore

STORIES = {
    "nissan.txt": "date 2022-01-28 TOKYO -- Nissan Motor Co. and Renault will invest $26 billion in batteries, "
                  "Nissan Chief Executive Officer Makoto Uchida said.",
    "tesla.txt": "date 2022-02-04 AUSTIN -- Tesla said on Friday it would open a factory in Berlin. "
                 "\"We are ready,\" Elon Musk said.",
}

# Opens the store with newsld's own class, so it takes the lock; optionally loads, then keeps on
# rewriting every graph (each write whole) until told to stop on stdin, or killed.
HOLDER = """
import sys
from pathlib import Path
from pyoxigraph import Literal, NamedNode, Triple
from pipeline.sources.published import read_published
from pipeline.store import NamedGraph, load
from pipeline.store.embedded import EmbeddedStore

store = EmbeddedStore(Path(sys.argv[1]))
mode = sys.argv[2]
if mode == "write":
    graphs = list(read_published(sys.argv[3]))
    load(store, graphs)
    note = NamedNode("http://schema.org/comment")
    rounds = 0
    while True:
        for graph in graphs:
            extra = Triple(NamedNode(graph.name), note, Literal(f"rewrite {rounds}"))
            store.replace(NamedGraph(graph.name, graph.triples | {extra}, "holder"))
        if rounds == 0:
            print("open", flush=True)
        rounds += 1
print("open", flush=True)
sys.stdin.readline()
store.close()
"""


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("published")
    for name, text in STORIES.items():
        (root / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", *(str(root / n) for n in STORIES), "--out", str(root / "out"),
                                       "--no-load"])
    assert result.exit_code == 0, result.output
    return root / "out"


def newsld(*args: object, cwd: Path, wait: float | None = None) -> subprocess.Popen:
    env = {**os.environ}
    env.pop("NEWSLD_STORE_LOCK_WAIT", None)
    if wait is not None:
        env["NEWSLD_STORE_LOCK_WAIT"] = str(wait)
    return subprocess.Popen([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float = 60) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"still running after {timeout} s: {out}\n{err}")
    return process.returncode, out, err


class Holder:
    """A process that has the store open through EmbeddedStore (so it holds the lock)."""

    def __init__(self, store: Path, mode: str = "hold", published: Path | None = None) -> None:
        argv = [sys.executable, "-c", HOLDER, str(store), mode, *([str(published)] if published else [])]
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        assert line.strip() == "open", f"holder did not open the store (exit {self.process.poll()})"

    def release(self) -> None:
        self.process.stdin.write("done\n")
        self.process.stdin.flush()
        assert self.process.wait(timeout=30) == 0

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def assert_store_is_published(store: Path, published: Path) -> None:
    """Read with pyoxigraph itself: every published graph whole, no other graph."""
    graphs = {g.name: g for g in read_published(str(published))}
    ox = OxStore(str(store))
    try:
        names = {g.value for g in ox.named_graphs()}
        assert names == set(graphs)
        for name, graph in graphs.items():
            stored = {q.triple for q in ox.quads_for_pattern(None, None, None, NamedNode(name))}
            assert same_graph(stored, graph.triples), name
    finally:
        del ox


@pytest.mark.slow  # load processes behind a lock holder
@pytest.mark.parametrize("start", ["together", "behind another holder"])
def test_two_loads_at_once_both_succeed_one_after_the_other(published, tmp_path, start):
    store = tmp_path / "store"
    holder = Holder(store) if start != "together" else None
    try:
        loads = [newsld("load", published, "--store", store, cwd=tmp_path) for _ in range(2)]
        if holder:
            time.sleep(1.0)
            assert [p.poll() for p in loads] == [None, None], "a load did not wait for the lock"
            holder.release()
        results = [finish(p) for p in loads]
    finally:
        if holder:
            holder.kill()
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    summaries = sorted(out.strip().splitlines()[-1] for _, out, _ in results)
    assert "2 new" in summaries[0] + summaries[1] and "2 unchanged" in summaries[0] + summaries[1], summaries
    assert_store_is_published(store, published)


@pytest.mark.slow  # waits out the lock
def test_a_load_that_waited_too_long_says_so_in_one_line(published, tmp_path):
    store = tmp_path / "store"
    holder = Holder(store)
    try:
        started = time.monotonic()
        code, out, err = finish(newsld("load", published, "--store", store, cwd=tmp_path, wait=1))
        waited = time.monotonic() - started
    finally:
        holder.release()
    assert code == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "in use by another newsld process" in lines[0] and "waited 1 s" in lines[0], err
    assert waited >= 1.0
    assert finish(newsld("load", published, "--store", store, cwd=tmp_path, wait=1))[0] == 0  # now free


@pytest.mark.slow  # a lock holder killed
def test_a_holder_killed_mid_write_leaves_a_store_the_next_load_opens_and_completes(published, tmp_path):
    store = tmp_path / "store"
    holder = Holder(store, "write", published)
    time.sleep(0.3)  # let it rewrite graphs for a while
    holder.kill()  # SIGKILL while holding the lock, in the middle of writing
    code, out, err = finish(newsld("load", published, "--store", store, "--format", "json", cwd=tmp_path, wait=5))
    assert code == 0, err
    assert '"failed": []' in out
    assert_store_is_published(store, published)


def test_the_lock_is_released_on_close_and_on_a_failed_open(tmp_path, monkeypatch):
    store = EmbeddedStore(tmp_path / "store")
    assert (tmp_path / "store" / LOCK_FILE).exists()
    monkeypatch.setenv("NEWSLD_STORE_LOCK_WAIT", "0.3")
    with pytest.raises(StoreError, match="in use by another newsld process; waited 0.3 s"):
        EmbeddedStore(tmp_path / "store")  # a second opener, even in the same process, waits for the first
    store.close()
    store.close()  # twice is harmless
    EmbeddedStore(tmp_path / "store").close()

    raw = OxStore(str(tmp_path / "store"))  # RocksDB's own lock, not ours: the open fails after taking ours
    try:
        with pytest.raises(StoreError, match="open in another process"):
            EmbeddedStore(tmp_path / "store")
    finally:
        del raw
    with open(tmp_path / "store" / LOCK_FILE) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again


def test_a_lock_wait_that_is_not_a_number_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLD_STORE_LOCK_WAIT", "soon")
    with pytest.raises(StoreError, match="NEWSLD_STORE_LOCK_WAIT must be a number of seconds"):
        EmbeddedStore(tmp_path / "store")
