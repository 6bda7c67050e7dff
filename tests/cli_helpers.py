"""Fixtures and helpers for the `newsld` command-line tests (tests/test_cli.py).

Every run happens with the working directory set to the test's `tmp_path`, so a
`newsld.toml` in the checkout is never picked up and nothing is written into the repo.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_76c7baf359d68961.txt"
SEED_SLUG = "000-76c7baf359d68961"

DATED_STORY = (
    "date 2022-01-28 TOKYO -- Nissan Motor Co. said on Thursday it would invest $26 billion "
    "in electric vehicles over the next five years.\n\n"
    "The plan was presented online by the alliance's chairman.\n"
)
"""A small story that publishes cleanly (a date, a dateline, a lead sentence)."""


def output_files(slug: str) -> list[str]:
    """The files one published article leaves in --out (besides the store and the hidden lock file)."""
    return [f"{slug}.ttl", f"{slug}.jsonld", "dataset.trig", "dataset.nq", "report.json", "manifest.json"]


def assert_no_traceback(result: Result) -> None:
    """An exception other than SystemExit, or a printed traceback, is a crash, not a report."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"newsld crashed: {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output, result.output
    assert "Traceback" not in result.stderr


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_one_error_line(result: Result, name: str, *words: str) -> str:
    """Exactly one `newsld: error: NAME: problem` line on stderr, naming `name` (and mentioning `words`)."""
    lines = stderr_lines(result)
    assert len(lines) == 1, f"expected one error line on stderr, got {lines!r}"
    line = lines[0]
    assert line.startswith(f"newsld: error: {name}: "), line
    for word in words:
        assert word in line, f"{word!r} not in {line!r}"
    return line


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def literal(value: Any) -> Any:
    """A JSON-LD value without its datatype wrapper: {"@value": "2021-05-06", ...} -> "2021-05-06"."""
    return value.get("@value") if isinstance(value, dict) else value


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def newsld(workdir: Path) -> Callable[..., Result]:
    """`newsld(*args, input=None)`: run the CLI in-process; a traceback fails the test."""
    runner = CliRunner()

    def run(*args: str | Path, input: str | bytes | None = None) -> Result:
        result = runner.invoke(main, [str(a) for a in args], input=input)
        assert_no_traceback(result)
        return result

    return run


@pytest.fixture
def story(workdir: Path) -> Callable[[str, str | bytes], Path]:
    """`story(relative_name, text_or_bytes)`: write an input file under the test's directory."""

    def write(name: str, content: str | bytes) -> Path:
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def run_module(*args: str | Path, cwd: Path, input: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m pipeline ...` in a real subprocess (the module entry point)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *[str(a) for a in args]],
        cwd=cwd, input=input.decode("utf-8") if input is not None else None,
        capture_output=True, text=True, timeout=120,
    )
