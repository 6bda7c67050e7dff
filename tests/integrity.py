"""The promise every publish and prune keeps, checked as a whole: the manifest, the article files, dataset.nq,
dataset.trig and the store hold exactly the same graphs with the same content."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from pathlib import Path

from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from pipeline.cli import main
from pipeline.manifest import MANIFEST

ROOT = Path(__file__).resolve().parent.parent


def newsld(*args: object):
    """One in-process command (the model stays loaded between calls); a traceback fails the test."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        "".join(traceback.format_exception(result.exception))
    return result


def killed_at(point: str, count: int, *args: object, checkpoint: int | None = None) -> subprocess.CompletedProcess:
    """`newsld ARGS` in a real process, SIGKILLed (or interrupted) at `point` (see tests/killpoints.py), with
    `checkpoint` articles between checkpoints when given."""
    command = [sys.executable, str(ROOT / "tests" / "killpoints.py"), point, str(count), *map(str, args)]
    env = {**os.environ, **({"KILLPOINTS_CHECKPOINT": str(checkpoint)} if checkpoint else {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)


def graphs_of(path: Path, fmt: RdfFormat) -> dict[str, set]:
    graphs: dict[str, set] = {}
    for quad in parse(path=path, format=fmt):
        graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    return graphs


def store_graphs(directory: Path) -> dict[str, set]:
    store = Store(str(directory))
    try:
        return {g.value: {q.triple for q in store.quads_for_pattern(None, None, None, NamedNode(g.value))}
                for g in store.named_graphs()}
    finally:
        del store


def assert_whole(out: Path, store: bool = True) -> dict[str, dict]:
    """Files = manifest = dataset.nq = dataset.trig (= the embedded store in OUT/store): the same graphs, the
    same triples, no file or graph left over, no temporary file, no journal. The manifest's entries by IRI."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    entries = {e["iri"]: e for e in manifest["articles"].values()}
    assert len(entries) == len(manifest["articles"]), "two manifest entries share an IRI"
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name == ".newsld.journal"]
    listed = {name for e in entries.values() for name in e["files"]}
    on_disk = {p.name for p in out.iterdir() if p.suffix in (".ttl", ".jsonld", ".html")}
    assert on_disk == listed, f"files not in the manifest: {on_disk - listed}; missing: {listed - on_disk}"
    turtle = {iri: {q.triple for q in parse(path=out / f"{e['slug']}.ttl", format=RdfFormat.TURTLE)}
              for iri, e in entries.items()}
    assert graphs_of(out / "dataset.nq", RdfFormat.N_QUADS) == turtle
    assert graphs_of(out / "dataset.trig", RdfFormat.TRIG) == turtle
    if store:
        assert store_graphs(out / "store") == turtle  # canonical literals: the store keeps what was published
    return entries
