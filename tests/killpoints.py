"""Run `newsld ARGS...` in this process and end it at a named point of a publish, for crash tests:

    python tests/killpoints.py POINT COUNT ARGS...

POINT is `journal-recorded` (SIGKILL right after the COUNTth checkpoint was appended to the journal, before any of
it is applied), `manifest-written` (SIGKILL right after the COUNTth manifest write: the first is a replay's, when
the run found a dead run's journal), `before-dataset` (SIGKILL as the
dataset files are about to be written, after the last checkpoint's manifest write), `after-dataset` (SIGKILL
right after they were renamed into place, before the final manifest write) or `sigint-in-load` (a real SIGINT,
Ctrl-C, while the COUNTth store load runs). KILLPOINTS_CHECKPOINT in the environment sets the articles between
checkpoints (batch.CHECKPOINT). The process is really killed: nothing of newsld's own code is
replaced, only wrapped.
"""
from __future__ import annotations

import os
import signal
import sys
from typing import Any, Callable

from pipeline import batch, journal, manifest, store
from pipeline.cli import main


def _wrap(owner: Any, name: str, count: int, before: Callable[[], None] | None = None,
          after: Callable[[], None] | None = None) -> None:
    original = getattr(owner, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        hit = calls[0] == count
        if hit and before:
            before()
        result = original(*args, **kwargs)
        if hit and after:
            after()
        return result

    setattr(owner, name, wrapper)


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _interrupt() -> None:
    os.kill(os.getpid(), signal.SIGINT)


if __name__ == "__main__":
    point, count = sys.argv[1], int(sys.argv[2])
    batch.CHECKPOINT = int(os.environ.get("KILLPOINTS_CHECKPOINT", batch.CHECKPOINT))  # more checkpoints a run
    {"journal-recorded": lambda: _wrap(journal.Journal, "record", count, after=_kill),
     "manifest-written": lambda: _wrap(manifest.Manifest, "write", count, after=_kill),
     "before-dataset": lambda: _wrap(batch, "write_dataset", count, before=_kill),
     "after-dataset": lambda: _wrap(batch, "write_dataset", count, after=_kill),
     "sigint-in-load": lambda: _wrap(store, "load_nquads", count, before=_interrupt)}[point]()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a test run in the background ignores SIGINT
    sys.argv = ["newsld", *sys.argv[3:]]
    main()
