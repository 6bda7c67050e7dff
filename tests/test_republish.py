"""Republishing without loss: unchanged articles skipped, changed ones redone, vanished ones pruned,
and a batch killed with SIGKILL at random moments that always ends whole."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from pipeline.cli import main
from pipeline.manifest import MANIFEST
from pipeline.store import same_graph

CITIES = ["TOKYO", "PARIS", "BERLIN", "MADRID", "LONDON", "ROME", "OSLO", "LIMA"]
COMPANIES = ["Nissan", "Renault", "Toyota", "Siemens", "Volvo", "Fiat", "Honda", "Airbus"]


def story(number: int, version: int = 1) -> str:
    city, company = CITIES[number % len(CITIES)], COMPANIES[number % len(COMPANIES)]
    return (f"date 2022-01-{1 + number % 28:02d} {city} -- {company} said on Thursday it would invest "
            f"${number + version} billion in batteries, version {version} of story {number}.")


def publish(*args: object):
    result = CliRunner().invoke(main, ["publish", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def write_stories(directory: Path, count: int, version: int = 1) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (directory / f"s{number:03d}.txt").write_text(story(number, version), encoding="utf-8")


def test_unchanged_articles_are_skipped_and_changed_ones_redone(tmp_path):
    write_stories(tmp_path / "in", 3)
    first = publish(tmp_path / "in", "--out", tmp_path / "out")
    assert first.exit_code == 0, first.output
    (tmp_path / "in" / "s001.txt").write_text(story(1, version=2), encoding="utf-8")
    second = publish(tmp_path / "in", "--out", tmp_path / "out", "--format", "json")
    report = json.loads(second.stdout)
    assert report["skipped"] == 2
    assert report["load"]["loaded"] == 1
    assert "version 2 of story 1" in (tmp_path / "out" / "s001.jsonld").read_text(encoding="utf-8")


def test_force_redoes_every_article(tmp_path):
    write_stories(tmp_path / "in", 2)
    publish(tmp_path / "in", "--out", tmp_path / "out")
    report = json.loads(publish(tmp_path / "in", "--out", tmp_path / "out", "--force", "--format", "json").stdout)
    assert report["skipped"] == 0 and report["summary"]["published"] == 2


def test_dataset_files_hold_every_article_after_an_incremental_run(tmp_path):
    write_stories(tmp_path / "in", 3)
    publish(tmp_path / "in", "--out", tmp_path / "out")
    (tmp_path / "in" / "s002.txt").write_text(story(2, version=3), encoding="utf-8")
    publish(tmp_path / "in", "--out", tmp_path / "out")
    graphs = {q.graph_name.value for q in parse(path=tmp_path / "out" / "dataset.nq", format=RdfFormat.N_QUADS)}
    assert len(graphs) == 3
    trig = {q.graph_name.value for q in parse(path=tmp_path / "out" / "dataset.trig", format=RdfFormat.TRIG)}
    assert trig == graphs


def test_changed_input_keeps_no_invented_date_unless_asked(tmp_path):
    write_stories(tmp_path / "in", 1)
    publish(tmp_path / "in", "--out", tmp_path / "out")
    (tmp_path / "in" / "s000.txt").write_text(story(0, version=2), encoding="utf-8")
    publish(tmp_path / "in", "--out", tmp_path / "out")
    assert "dateModified" not in json.loads((tmp_path / "out" / "s000.jsonld").read_text(encoding="utf-8"))
    (tmp_path / "in" / "s000.txt").write_text(story(0, version=3), encoding="utf-8")
    publish(tmp_path / "in", "--out", tmp_path / "out", "--stamp-modified")
    stamped = json.loads((tmp_path / "out" / "s000.jsonld").read_text(encoding="utf-8"))["dateModified"]
    assert stamped["@value"].startswith(time.strftime("%Y-%m-%d", time.gmtime()))


def test_changed_input_takes_the_modification_date_it_gives(tmp_path):
    write_stories(tmp_path / "in", 1)
    publish(tmp_path / "in", "--out", tmp_path / "out")
    (tmp_path / "in" / "s000.txt").write_text("---\ndateModified: 2022-02-01T10:00:00Z\n---\n" + story(0, 2),
                                              encoding="utf-8")
    publish(tmp_path / "in", "--out", tmp_path / "out", "--stamp-modified")
    document = json.loads((tmp_path / "out" / "s000.jsonld").read_text(encoding="utf-8"))
    modified = datetime.fromisoformat(document["dateModified"]["@value"].replace("Z", "+00:00"))
    assert modified == datetime(2022, 2, 1, 10, tzinfo=timezone.utc)


def test_prune_lists_first_and_removes_files_and_graphs_with_yes(tmp_path):
    write_stories(tmp_path / "in", 3)
    publish(tmp_path / "in", "--out", tmp_path / "out")
    (tmp_path / "in" / "s001.txt").unlink()
    dry = CliRunner().invoke(main, ["prune", "--out", str(tmp_path / "out")])
    assert dry.exit_code == 0 and "would remove https://newsld.example/article/s001" in dry.stdout
    assert (tmp_path / "out" / "s001.ttl").exists()
    done = CliRunner().invoke(main, ["prune", "--out", str(tmp_path / "out"), "--yes"])
    assert done.exit_code == 0, done.output
    assert not (tmp_path / "out" / "s001.ttl").exists()
    assert "s001" not in (tmp_path / "out" / MANIFEST).read_text(encoding="utf-8")
    store = Store(str(tmp_path / "out" / "store"))
    assert {g.value for g in store.named_graphs()} == {"https://newsld.example/article/s000",
                                                       "https://newsld.example/article/s002"}


# --- SIGKILL at random moments ----------------------------------------------------------------------

KILLS = int(os.environ.get("NEWSLD_CRASH_KILLS", "20"))
ARTICLES = 600  # enough that a run is still publishing when the kills come: short stories publish fast


@pytest.mark.slow  # 20 runs killed at random moments
def test_batch_killed_at_random_moments_ends_whole_and_published_once(tmp_path):
    write_stories(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "publish", str(tmp_path / "in"), "--out", str(out)]
    rng = random.Random(20261127)
    deadline = time.monotonic() + 240
    kills, version = 0, 1
    while kills < KILLS and time.monotonic() < deadline:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.5, 5.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        else:  # the run finished before its kill: new versions of the stories give the next one work again
            version += 1
            write_stories(tmp_path / "in", ARTICLES, version)
        process.wait()
    final = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert kills >= min(KILLS, 5)

    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["articles"]
    assert len(manifest) == ARTICLES
    turtle_files = sorted(p.name for p in out.glob("*.ttl"))
    assert turtle_files == sorted(Path(f).name for e in manifest.values() for f in e["files"] if f.endswith(".ttl"))
    assert len({e["iri"] for e in manifest.values()}) == ARTICLES

    store = Store(str(out / "store"))
    assert {g.value for g in store.named_graphs()} == {e["iri"] for e in manifest.values()}
    for entry in manifest.values():
        published = {q.triple for q in parse(path=out / f"{entry['slug']}.ttl", format=RdfFormat.TURTLE)}
        stored = {q.triple for q in store.quads_for_pattern(None, None, None, NamedNode(entry["iri"]))}
        assert same_graph(stored, published), entry["iri"]
    dataset = {q.graph_name.value for q in parse(path=out / "dataset.nq", format=RdfFormat.N_QUADS)}
    assert dataset == {e["iri"] for e in manifest.values()}
    print(f"survived {kills} SIGKILLs over {ARTICLES} articles")


@pytest.mark.slow  # a run interrupted, then run again
def test_ctrl_c_stops_cleanly_with_a_summary_and_the_next_run_finishes(tmp_path):
    write_stories(tmp_path / "in", 120)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "publish", str(tmp_path / "in"), "--out", str(out)]
    # Ctrl-C as in a terminal: a test run started in the background (`pytest &`) ignores SIGINT, and so would
    # the child it starts unless the default is put back
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not (out / MANIFEST).exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)  # interrupt once the first batch is in
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted:" in stderr and "Traceback" not in stderr
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    final = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert len(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["articles"]) == 120


def test_an_article_whose_dataset_lines_were_split_by_hand_is_made_whole_again_from_its_turtle(tmp_path):
    write_stories(tmp_path / "in", 3)
    publish(tmp_path / "in", "--out", tmp_path / "out", "--no-load")
    nquads = tmp_path / "out" / "dataset.nq"
    lines = nquads.read_text(encoding="utf-8").splitlines(keepends=True)
    first_graph = lines[0].rsplit(" ", 2)[-2]
    moved = next(i for i, line in enumerate(lines) if first_graph in line)
    nquads.write_text("".join(lines[:moved] + lines[moved + 1:] + [lines[moved]]), encoding="utf-8")
    report = json.loads(publish(tmp_path / "in", "--out", tmp_path / "out", "--no-load", "--format", "json").stdout)
    assert report["skipped"] == 3
    assert sorted(nquads.read_text(encoding="utf-8").splitlines()) == sorted(line.rstrip("\n") for line in lines)
