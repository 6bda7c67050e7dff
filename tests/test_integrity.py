"""Nothing lost, nothing stale: republishing, kills at the worst moments, runs of other inputs into the same
output, clashing names and pruning all leave files, manifest, dataset files and store in agreement."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from integrity import ROOT, assert_whole, graphs_of, killed_at, newsld, store_graphs
from pyoxigraph import RdfFormat

pytestmark = pytest.mark.slow  # publishes killed at random moments

CITIES = ["TOKYO", "PARIS", "BERLIN", "MADRID", "LONDON", "ROME", "OSLO", "LIMA"]
COMPANIES = ["Nissan", "Renault", "Toyota", "Siemens", "Volvo", "Fiat", "Honda", "Airbus"]


def story(number: int, version: int = 1, own_id: str | None = None) -> str:
    city, company = CITIES[number % len(CITIES)], COMPANIES[number % len(COMPANIES)]
    front = f"---\nid: https://news.example.com/{own_id}\n---\n" if own_id else ""
    return (f"{front}date 2022-01-{1 + number % 28:02d} {city} -- {company} said on Thursday it would invest "
            f"${number + version} billion in batteries, version {version} of story {number}.")


def write_stories(directory: Path, count: int, version: int = 1) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (directory / f"s{number:03d}.txt").write_text(story(number, version), encoding="utf-8")


def bodies(out: Path) -> dict[str, str]:
    """Each article's body as the dataset (N-Quads) has it, by slug."""
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"].values()
    graphs = graphs_of(out / "dataset.nq", RdfFormat.N_QUADS)
    return {e["slug"]: next(t.object.value for t in graphs[e["iri"]] if t.predicate.value.endswith("articleBody"))
            for e in entries}


# --- kills during a republish --------------------------------------------------------------------------

@pytest.mark.parametrize(("point", "count"), [("manifest-written", 1), ("before-dataset", 1), ("after-dataset", 1)])
def test_a_republish_killed_at_a_checkpoint_leaves_no_article_stale_after_the_next_run(tmp_path, point, count):
    write_stories(tmp_path / "in", 40)
    out = tmp_path / "out"
    assert newsld("publish", tmp_path / "in", "--out", out).exit_code == 0
    write_stories(tmp_path / "in", 40, version=2)
    killed = killed_at(point, count, "publish", tmp_path / "in", "--out", out)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    rerun = newsld("publish", tmp_path / "in", "--out", out)
    assert rerun.exit_code == 0, rerun.output
    assert_whole(out)
    assert all("version 2 of story" in body for body in bodies(out).values())


def test_a_kill_leaves_a_journal_that_load_refuses_until_the_output_is_finished(tmp_path):
    write_stories(tmp_path / "in", 3)
    out = tmp_path / "out"
    killed_at("before-dataset", 1, "publish", tmp_path / "in", "--out", out)
    refused = newsld("load", out, "--store", tmp_path / "other")
    assert refused.exit_code == 1 and "interrupted" in refused.output
    assert newsld("prune", "--out", out, "--yes").exit_code == 0  # finishes it, pruning nothing
    assert newsld("load", out, "--store", tmp_path / "other").exit_code == 0
    assert store_graphs(tmp_path / "other") == store_graphs(out / "store")


def test_ctrl_c_during_the_final_load_still_writes_the_manifest_and_the_dataset_files(tmp_path):
    write_stories(tmp_path / "in", 3)
    out = tmp_path / "out"
    interrupted = killed_at("sigint-in-load", 1, "publish", tmp_path / "in", "--out", out)
    assert interrupted.returncode == 130, interrupted.stderr
    assert "Traceback" not in interrupted.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]
    assert len(manifest) == 3 and not any(e["loaded"] for e in manifest.values())
    assert set(graphs_of(out / "dataset.nq", RdfFormat.N_QUADS)) == {e["iri"] for e in manifest.values()}
    assert newsld("publish", tmp_path / "in", "--out", out).exit_code == 0
    assert_whole(out)


def test_a_replayed_journal_survives_a_kill_of_the_run_that_replayed_it(tmp_path):
    write_stories(tmp_path / "in", 3)
    out = tmp_path / "out"
    newsld("publish", tmp_path / "in", "--out", out)
    (tmp_path / "in" / "s000.txt").write_text(story(0, version=2), encoding="utf-8")
    killed_at("journal-recorded", 1, "publish", tmp_path / "in", "--out", out)  # the change is journaled only
    killed = killed_at("manifest-written", 1, "publish", tmp_path / "in" / "s001.txt", "--out", out)  # replayed
    assert killed.returncode == -signal.SIGKILL
    assert newsld("prune", "--out", out, "--yes").exit_code == 0
    assert_whole(out)
    assert "version 2 of story 0" in bodies(out)["s000"]


def test_a_run_killed_after_several_checkpoints_its_manifest_has_not_caught_up_with_loses_none(tmp_path):
    write_stories(tmp_path / "in", 40)
    out = tmp_path / "out"
    assert newsld("publish", tmp_path / "in", "--out", out).exit_code == 0
    write_stories(tmp_path / "in", 40, version=2)
    killed = killed_at("journal-recorded", 3, "publish", tmp_path / "in", "--out", out, checkpoint=3)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    journaled = (out / ".newsld.journal").read_bytes().count(b"\n")
    assert journaled >= 2, "the manifest was written at every checkpoint: this test tests nothing"
    rerun = newsld("publish", tmp_path / "in", "--out", out)
    assert rerun.exit_code == 0 and "finished what an interrupted run had begun" in rerun.output, rerun.output
    assert_whole(out)
    assert all("version 2 of story" in body for body in bodies(out).values())


def test_prune_after_a_killed_run_sees_the_articles_its_journal_holds(tmp_path):
    """The manifest on disk may lag a dead run's journal by many checkpoints: prune lists and removes what the
    output holds once the journal is replayed, not what the manifest last said."""
    write_stories(tmp_path / "in", 40)
    out = tmp_path / "out"
    assert newsld("publish", tmp_path / "in", "--out", out).exit_code == 0
    (tmp_path / "in2").mkdir()
    for number in range(100, 112):
        (tmp_path / "in2" / f"n{number}.txt").write_text(story(number), encoding="utf-8")
    killed = killed_at("journal-recorded", 4, "publish", tmp_path / "in2", "--out", out, checkpoint=3)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]) == 40
    shutil.rmtree(tmp_path / "in2")
    listed = newsld("prune", "--out", out)
    assert "12 article(s) to prune" in listed.output, listed.output
    pruned = newsld("prune", "--out", out, "--yes")
    assert pruned.exit_code == 0 and "pruned 12 article(s)" in pruned.output, pruned.output
    assert len(assert_whole(out)) == 40


def test_a_long_run_writes_fewer_manifest_bytes_than_journal_bytes(tmp_path, monkeypatch):
    """The manifest is rewritten once the journal outgrows it, not at every checkpoint: writing it whole at
    each of a run's checkpoints costs the square of the run's size."""
    from pipeline import batch, journal, manifest

    written = {"manifest": [], "journal": []}
    write, record = manifest.Manifest.write, journal.Journal.record

    def manifest_written(self, out):
        write(self, out)
        written["manifest"].append((out / manifest.MANIFEST).stat().st_size)

    monkeypatch.setattr(manifest.Manifest, "write", manifest_written)
    monkeypatch.setattr(journal.Journal, "record", lambda *a: written["journal"].append(record(*a)) or written["journal"][-1])
    monkeypatch.setattr(batch, "CHECKPOINT", 1)
    write_stories(tmp_path / "in", 60)
    assert newsld("publish", tmp_path / "in", "--out", tmp_path / "out", "--no-load").exit_code == 0
    assert len(written["journal"]) == 60
    assert sum(written["manifest"]) <= sum(written["journal"]) / batch.MANIFEST_LAG + 2 * written["manifest"][-1]
    assert len(written["manifest"]) < 20


def test_a_journal_past_its_cap_has_the_manifest_written_whatever_its_size(tmp_path, monkeypatch):
    """However large the manifest, the journal a kill can leave (and a replay reads) stays within JOURNAL_CAP."""
    from pipeline import batch, journal, manifest

    written = {"manifest": 0, "journal": []}
    write, record = manifest.Manifest.write, journal.Journal.record

    def manifest_written(self, out):
        write(self, out)
        written["manifest"] += 1

    monkeypatch.setattr(manifest.Manifest, "write", manifest_written)
    monkeypatch.setattr(journal.Journal, "record", lambda *a: written["journal"].append(record(*a)) or written["journal"][-1])
    monkeypatch.setattr(batch, "CHECKPOINT", 1)
    monkeypatch.setattr(batch, "JOURNAL_CAP", 1)
    write_stories(tmp_path / "in", 6)
    assert newsld("publish", tmp_path / "in", "--out", tmp_path / "out", "--no-load").exit_code == 0
    assert len(written["journal"]) == 6 and written["manifest"] == 6 + 1  # each checkpoint, and the end


def test_a_store_that_lost_its_graphs_is_filled_again_by_the_next_run(tmp_path):
    write_stories(tmp_path / "in", 3)
    out = tmp_path / "out"
    newsld("publish", tmp_path / "in", "--out", out)
    shutil.rmtree(out / "store")
    result = newsld("publish", tmp_path / "in", "--out", out)
    assert "loaded into" in result.output and ": 3 graphs" in result.output
    assert_whole(out)


def test_a_pruned_article_leaves_every_store_that_holds_any_version_of_it(tmp_path):
    write_stories(tmp_path / "in", 3)
    out = tmp_path / "out"
    newsld("publish", tmp_path / "in", "--out", out)
    newsld("publish", tmp_path / "in", "--out", out, "--store", tmp_path / "second", "--force")
    (tmp_path / "in" / "s002.txt").write_text(story(2, version=2), encoding="utf-8")
    newsld("publish", tmp_path / "in", "--out", out, "--no-load")  # the newest version is in no store
    (tmp_path / "in" / "s002.txt").unlink()
    newsld("prune", "--out", out, "--yes")
    assert_whole(out)
    newsld("prune", "--out", out, "--yes", "--store", tmp_path / "second")
    assert set(store_graphs(tmp_path / "second")) == {"https://newsld.example/article/s000",
                                                      "https://newsld.example/article/s001"}
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["drops"] == {}


def test_an_id_that_another_live_article_has_is_refused_even_when_the_name_is_its_own(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(story(1, own_id="shared"), encoding="utf-8")
    (tmp_path / "a" / "z.txt").write_text(story(2), encoding="utf-8")
    out = tmp_path / "out"
    newsld("publish", tmp_path / "a", "--out", out)
    (tmp_path / "a" / "z.txt").write_text(story(2, version=2, own_id="shared"), encoding="utf-8")
    second = newsld("publish", tmp_path / "a" / "z.txt", "--out", out)
    assert second.exit_code == 1 and "x.txt, published before" in second.output
    assert set(assert_whole(out)) == {"https://news.example.com/shared", "https://newsld.example/article/z"}


def _feed(*items: tuple[str, str]) -> str:
    entries = "".join(
        f'<item><title>{title}</title><link>https://news.example.com/{slug}</link>'
        '<pubDate>Fri, 28 Jan 2022 10:00:00 GMT</pubDate>'
        f'<content:encoded><![CDATA[<p>{story(len(slug))} {title}.</p>]]></content:encoded></item>'
        for slug, title in items)
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>T</title>{entries}</channel></rss>")


def test_a_local_feed_that_gains_an_item_at_the_top_keeps_publishing_its_older_items(tmp_path):
    feed = tmp_path / "news.xml"
    out = tmp_path / "out"
    feed.write_text(_feed(("older", "Older news")), encoding="utf-8")
    assert newsld("publish", feed, "--out", out).exit_code == 0
    feed.write_text(_feed(("newer", "Newer news"), ("older", "Older news, corrected")), encoding="utf-8")
    again = newsld("publish", feed, "--out", out)
    assert again.exit_code == 0, again.output
    entries = assert_whole(out)
    assert set(entries) == {"https://news.example.com/newer", "https://news.example.com/older"}
    assert "corrected" in bodies(out)[entries["https://news.example.com/older"]["slug"]]


# --- runs of other inputs into one output ----------------------------------------------------------------

def test_dataset_files_keep_the_articles_of_earlier_runs_of_other_inputs(tmp_path):
    write_stories(tmp_path / "a", 2)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "other.txt").write_text(story(7), encoding="utf-8")
    out = tmp_path / "out"
    newsld("publish", tmp_path / "a", "--out", out)
    newsld("publish", tmp_path / "c", "--out", out)
    entries = assert_whole(out)
    assert len(entries) == 3
    assert newsld("load", out, "--store", tmp_path / "fresh").exit_code == 0
    assert set(store_graphs(tmp_path / "fresh")) == set(entries)


CONTROLS = ["\u2028", "\u2029", "\x0c", "\x0b", "\x85", "\x1c", "\x1d", "\x1e"]


def test_line_separators_inside_a_story_break_neither_its_load_nor_the_batch(tmp_path):
    """N-Quads ends lines at "\\n" only: a literal holding U+2028, a form feed or the like is one line."""
    (tmp_path / "in").mkdir()
    for number, char in enumerate(CONTROLS):
        text = story(number).replace(" said on", f" said{char}on").replace("batteries,", f"batteries{char}\n\n,")
        (tmp_path / "in" / f"odd{number}.txt").write_text(text, encoding="utf-8")
    write_stories(tmp_path / "in", 3)
    out = tmp_path / "out"
    result = newsld("publish", tmp_path / "in", "--out", out)
    assert result.exit_code == 0, result.output
    assert len(assert_whole(out)) == len(CONTROLS) + 3
    assert newsld("load", out, "--store", tmp_path / "fresh").exit_code == 0
    assert store_graphs(tmp_path / "fresh") == store_graphs(out / "store")


def test_a_second_input_with_the_same_output_name_is_refused_while_the_first_exists(tmp_path):
    for folder, number in (("a", 1), ("b", 2)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(story(number), encoding="utf-8")
    out = tmp_path / "out"
    newsld("publish", tmp_path / "a", "--out", out)
    before = (out / "story.ttl").read_bytes()
    second = newsld("publish", tmp_path / "b", "--out", out)
    assert second.exit_code == 1 and "published before" in second.output and "a/story.txt" in second.output
    assert (out / "story.ttl").read_bytes() == before
    assert_whole(out)


def test_a_moved_input_takes_its_article_over_and_prune_leaves_it_alone(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text(story(1), encoding="utf-8")
    out = tmp_path / "out"
    newsld("publish", tmp_path / "a", "--out", out)
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").rename(tmp_path / "b" / "story.txt")
    assert newsld("publish", tmp_path / "b", "--out", out).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]
    assert list(manifest) == [str(tmp_path / "b" / "story.txt")]
    pruned = newsld("prune", "--out", out, "--yes")
    assert "pruned 0" in pruned.output
    assert (out / "story.ttl").exists()
    assert_whole(out)


def test_a_story_whose_iri_changes_leaves_no_old_files_or_graph_behind(tmp_path):
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "story.txt"
    source.write_text(story(1, own_id="first"), encoding="utf-8")
    out = tmp_path / "out"
    newsld("publish", tmp_path / "in", "--out", out)
    source.write_text(story(1, version=2, own_id="second"), encoding="utf-8")
    newsld("publish", tmp_path / "in", "--out", out)
    entries = assert_whole(out)
    assert list(entries) == ["https://news.example.com/second"]


def test_two_different_stories_piped_in_are_two_articles(tmp_path):
    out = tmp_path / "out"
    for number in (1, 2):
        result = subprocess.run([sys.executable, "-m", "pipeline", "publish", "-", "--out", str(out)],
                                input=story(number), capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    entries = assert_whole(out)
    assert len(entries) == 2  # each named after its date and headline, and a hash of its text
    assert all(re.search(r"/article/2022-01-0\d-[a-z0-9-]+-[0-9a-f]{8}$", iri) for iri in entries), entries


def test_a_named_piped_story_replaces_what_was_published_under_that_name(tmp_path):
    out = tmp_path / "out"
    for version in (1, 2):
        result = subprocess.run([sys.executable, "-m", "pipeline", "publish", "-", "--name", "Budget 2026",
                                 "--out", str(out)], input=story(1, version), capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
    entries = assert_whole(out)
    assert list(entries) == ["https://newsld.example/article/budget-2026"]
    assert "version 2" in (out / "budget-2026.ttl").read_text(encoding="utf-8")


def test_name_without_standard_input_is_a_usage_error(tmp_path):
    (tmp_path / "s.txt").write_text(story(1), encoding="utf-8")
    result = newsld("publish", tmp_path / "s.txt", "--name", "x", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "standard input" in result.output


def test_an_article_whose_file_was_deleted_by_hand_leaves_the_output_whole_and_says_so(tmp_path):
    write_stories(tmp_path / "a", 2)
    write_stories(tmp_path / "b", 1)
    out = tmp_path / "out"
    newsld("publish", tmp_path / "a", "--out", out)
    (out / "s001.jsonld").unlink()
    (tmp_path / "b" / "s000.txt").rename(tmp_path / "b" / "other.txt")
    result = newsld("publish", tmp_path / "b", "--out", out)
    assert "a file of https://newsld.example/article/s001 is missing" in result.output
    assert set(assert_whole(out)) == {"https://newsld.example/article/s000", "https://newsld.example/article/other"}


@pytest.mark.parametrize("command", ["publish", "prune"])
def test_an_unreadable_manifest_stops_the_run_and_changes_nothing(tmp_path, command):
    write_stories(tmp_path / "in", 2)
    out = tmp_path / "out"
    newsld("publish", tmp_path / "in", "--out", out)
    (out / "manifest.json").write_text('{"articles": {"x": ', encoding="utf-8")  # cut short by a hand edit
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (tmp_path / "in" / "s001.txt").unlink()
    args = [tmp_path / "in"] if command == "publish" else ["--yes"]
    result = newsld(command, *args, "--out", out)
    assert result.exit_code == 1
    assert "manifest.json: cannot be read" in result.output and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".newsld.lock"} == \
        {name: data for name, data in before.items() if name != ".newsld.lock"}


# --- prune -------------------------------------------------------------------------------------------------

def test_prune_keeps_a_story_whose_file_name_has_entry_in_it(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "budget entry notes.txt").write_text(story(1), encoding="utf-8")
    out = tmp_path / "out"
    newsld("publish", tmp_path / "in", "--out", out)
    assert "pruned 0" in newsld("prune", "--out", out, "--yes").output
    assert len(assert_whole(out)) == 1


def published_relatively_then_in(cwd: str, tmp_path: Path, *prune: str) -> str:
    """`publish in --out out` run in tmp_path, one input deleted, then `prune --out /abs/out ...` run in `cwd`."""
    write_stories(tmp_path / "in", 2)
    published = subprocess.run([sys.executable, "-m", "pipeline", "publish", "in", "--out", "out"], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120)
    assert published.returncode == 0, published.stderr
    (tmp_path / "in" / "s001.txt").unlink()
    pruned = subprocess.run([sys.executable, "-m", "pipeline", "prune", "--out", str(tmp_path / "out"), *prune],
                            cwd=cwd, capture_output=True, text=True, timeout=120)
    assert pruned.returncode == 0, pruned.stderr
    return pruned.stdout


def test_prune_from_another_directory_sees_the_inputs_where_they_are(tmp_path):
    listing = published_relatively_then_in("/", tmp_path)
    assert "article/s001" in listing and "article/s000" not in listing


def test_a_store_named_by_a_relative_path_is_the_same_store_when_named_absolutely(tmp_path):
    published_relatively_then_in("/", tmp_path, "--yes")
    assert set(store_graphs(tmp_path / "out" / "store")) == {"https://newsld.example/article/s000"}
    assert_whole(tmp_path / "out")


def test_a_republish_without_html_removes_the_page_the_last_run_wrote(tmp_path):
    write_stories(tmp_path / "in", 2)
    out = tmp_path / "out"
    newsld("publish", tmp_path / "in", "--out", out, "--html")
    assert (out / "s000.html").exists()
    newsld("publish", tmp_path / "in", "--out", out, "--force")
    assert not list(out.glob("*.html"))
    assert_whole(out)


def test_prune_of_a_feed_file_removes_its_entries_only_when_the_feed_is_gone(tmp_path):
    feed = tmp_path / "news.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        '<item><title>Nissan invests</title><link>https://news.example.com/nissan</link>'
        '<pubDate>Fri, 28 Jan 2022 10:00:00 GMT</pubDate><description>x</description>'
        f'<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>{story(1)}</p>]]>'
        '</content:encoded></item></channel></rss>', encoding="utf-8")
    out = tmp_path / "out"
    assert newsld("publish", feed, "--out", out).exit_code == 0
    assert "pruned 0" in newsld("prune", "--out", out, "--yes").output
    feed.unlink()
    assert "pruned 1" in newsld("prune", "--out", out, "--yes").output
    assert assert_whole(out) == {}


# --- any sequence of operations --------------------------------------------------------------------------

OPERATIONS = int(os.environ.get("NEWSLD_INTEGRITY_OPERATIONS", "36"))
POOL = 70  # more than a checkpoint's 32 articles, so that kills fall between checkpoints too


def _kill_after_lines(lines: int, pool: Path, out: Path) -> bool:
    """A publish SIGKILLed once it has reported `lines` articles (or has ended by itself); True when the kill
    ended a live run."""
    command = [sys.executable, "-m", "pipeline", "publish", str(pool), "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for _ in range(lines):
        if not process.stdout.readline().startswith(("ok", "FAIL")):
            break
    process.kill()
    process.communicate()
    return process.returncode == -signal.SIGKILL


def test_any_sequence_of_publishes_edits_kills_moves_and_prunes_leaves_the_output_whole(tmp_path):
    """After every operation that finishes, files = manifest = dataset files = store, and every published
    input's article is its current version; kills come at random moments and at the checkpoints."""
    rng = random.Random(20261204)
    pool = tmp_path / "in"
    out = tmp_path / "out"
    versions: dict[Path, int] = {}

    def write(path: Path, number: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        versions[path] = versions.get(path, 0) + 1
        own_id = f"id-{number}-{versions[path] % 2}" if number % 5 == 0 else None  # some IRIs change on edits
        path.write_text(story(number, versions[path], own_id), encoding="utf-8")

    for number in range(POOL):
        write(pool / f"s{number:03d}.txt", number)
    done = []
    for step in range(OPERATIONS):
        files = sorted(versions)
        operation = rng.choice(["publish", "html", "no-load", "force", "edit", "kill", "kill-at", "move",
                                "delete", "prune", "add"])
        if operation in ("publish", "html", "no-load", "force"):
            subset = rng.sample(files, rng.randint(1, len(files)))
            options = {"publish": [], "html": ["--html"], "no-load": ["--no-load"], "force": ["--force"]}[operation]
            result = newsld("publish", *subset, "--out", out, *options)
            assert result.exit_code in (0, 1), result.output
            assert_whole(out, store=operation != "no-load")  # the store catches up with the next loading run
            _assert_current(out, subset, versions, result.output)
        elif operation == "edit":
            for path in rng.sample(files, rng.randint(1, min(len(files), 45))):
                write(path, int(path.stem[1:]))
        elif operation == "kill":
            if _kill_after_lines(rng.randint(1, len(files)), pool, out):
                operation = "killed"
        elif operation == "kill-at":
            point = rng.choice(["journal-recorded", "manifest-written", "before-dataset", "after-dataset"])
            if killed_at(point, rng.randint(1, 2), "publish", pool, "--out", out).returncode == -signal.SIGKILL:
                operation = f"killed-at-{point}"
        elif operation == "move":
            source = rng.choice(files)
            target = pool / rng.choice(["moved", "elsewhere"]) / source.name
            if not target.exists():
                target.parent.mkdir(exist_ok=True)
                source.rename(target)
                versions[target] = versions.pop(source)
        elif operation == "delete" and len(files) > 3:
            path = rng.choice(files)
            path.unlink()
            del versions[path]
        elif operation == "prune":
            result = newsld("prune", "--out", out, "--yes")
            assert result.exit_code == 0, result.output
            if (out / "manifest.json").exists():
                entries = assert_whole(out)
                gone = [e for e in entries.values() if e["origin"] and not Path(e["origin"]).exists()]
                assert not gone
        elif operation == "add":
            number = POOL + step
            write(pool / f"s{number:03d}.txt", number)
        done.append(operation)
    result = newsld("publish", pool, "--out", out)
    newsld("prune", "--out", out, "--yes")
    assert_whole(out)
    _assert_current(out, sorted(versions), versions, result.output)
    assert sum(op.startswith("killed") for op in done) >= 5, done
    print("operations:", " ".join(done))


def _assert_current(out: Path, inputs: list[Path], versions: dict[Path, int], output: str) -> None:
    """Every input of a finished publish that was not refused is published in its current version."""
    current = bodies(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]
    for path in inputs:
        entry = manifest.get(str(path))
        if entry is None:
            assert str(path) in output or path.name in output, f"{path} neither published nor refused"
            continue
        assert f"version {versions[path]} of story {int(path.stem[1:])}." in current[entry["slug"]], path


def test_prune_escapes_the_names_it_lists(tmp_path):
    (tmp_path / "in").mkdir()
    odd = tmp_path / "in" / "line\nbreak\u202e.txt"
    odd.write_text(story(1), encoding="utf-8")
    out = tmp_path / "out"
    newsld("publish", tmp_path / "in", "--out", out)
    odd.unlink()
    listing = newsld("prune", "--out", out).output
    assert "line\\nbreak\\u202e.txt is gone" in listing and "\u202e" not in listing
