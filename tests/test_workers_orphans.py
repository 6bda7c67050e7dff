"""Worker processes end with their parent: a `publish --workers 2` killed with SIGKILL leaves no process behind
(neither its workers, about 180 MB each, nor multiprocessing's resource tracker)."""
from __future__ import annotations

import pytest

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import write_stories

pytestmark = pytest.mark.slow  # process pools, killed

STORIES = 600  # enough that the run is still publishing when it is killed
START_WAIT = 40.0  # seconds for the workers to appear (each loads spaCy)
END_WAIT = 15.0  # seconds for every child to end once the parent is gone


def _children(pid: int) -> set[int]:
    """Live processes whose parent is `pid`, read from /proc (zombies have ended)."""
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (status := _status(int(entry.name))):
            if status.get("PPid") == str(pid) and not status.get("State", "").startswith("Z"):
                children.add(int(entry.name))
    return children


def _status(pid: int) -> dict[str, str]:
    """/proc/PID/status as a dict, or {} when the process has gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def _alive(pid: int) -> bool:
    status = _status(pid)
    return bool(status) and not status.get("State", "").startswith("Z")


def _workers(pid: int) -> set[int]:
    """The children of `pid` that are multiprocessing workers (started by `spawn_main`)."""
    found = set()
    for child in _children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.add(child)
    return found


def test_publish_workers_and_resource_tracker_end_when_the_parent_is_killed(tmp_path):
    write_stories(tmp_path / "in", STORIES)
    command = [sys.executable, "-m", "pipeline", "publish", str(tmp_path / "in"), "--workers", "2", "--no-load",
               "--out", str(tmp_path / "out")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    try:
        started = time.monotonic()
        while len(_workers(process.pid)) < 2 and time.monotonic() - started < START_WAIT:
            assert process.poll() is None, "publish ended before its workers were seen"
            time.sleep(0.1)
        assert len(_workers(process.pid)) == 2, "the two workers never appeared"
        children = _children(process.pid)  # the workers and the resource tracker
        process.send_signal(signal.SIGKILL)
        process.wait()
        ends = time.monotonic() + END_WAIT
        while {c for c in children if _alive(c)} and time.monotonic() < ends:
            time.sleep(0.1)
        left = {c: _status(c).get("Name") for c in children if _alive(c)}
        assert not left, f"still alive {END_WAIT:g} s after the parent was killed: {left}"
    finally:
        process.kill()
        for child in children:  # only on failure: what this test started must not outlive it
            if _alive(child):
                os.kill(child, signal.SIGKILL)


def test_ctrl_c_to_the_whole_process_group_ends_publish_workers_without_tracebacks(tmp_path):
    """A terminal sends SIGINT to every process of the group, workers included: only the parent answers it.
    Forty stories are two batches, so one worker is idle, waiting on its task queue, when the signal comes at
    once; 400 keep both busy for the later signals. (A signal after the last file is written but while Python
    shuts down kills the process by SIGINT, which shells also report as 130: forty stories end about 0.25 s after
    the first "ok", so a later signal would test that window, not publish.)"""
    write_stories(tmp_path / "few", 40)
    write_stories(tmp_path / "many", 400)
    for number, (stories, delay) in enumerate((("few", 0.0), ("many", 0.05), ("many", 0.2))):
        out = tmp_path / f"out{number}"
        command = [sys.executable, "-m", "pipeline", "publish", str(tmp_path / stories), "--workers", "2",
                   "--no-load", "--out", str(out)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            while not process.stdout.readline().startswith("ok"):
                assert process.poll() is None, process.stderr.read()
            time.sleep(delay)
            os.killpg(process.pid, signal.SIGINT)
            _, stderr = process.communicate(timeout=120)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        assert process.returncode == 130, stderr
        assert "Traceback" not in stderr and "interrupted:" in stderr, stderr
        assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]
