"""The journal's own contract: checkpoints appended in order, read back whole, a torn last line ignored."""
from __future__ import annotations

import json

import pytest

from pipeline.journal import Change, Journal, Retirement
from pipeline.manifest import Entry


def entry(number: int) -> Entry:
    return Entry(f"/in/s{number}.txt", f"https://news.example/a/{number}", f"s{number}", "i", "g", [f"s{number}.ttl"])


def change(number: int) -> Change:
    return Change(entry(number), {f"s{number}.ttl": "<a> <b> \"line\u2028separator\" .\n"}, "trig", "nquads\n")


def test_checkpoints_come_back_in_the_order_they_were_recorded(tmp_path):
    journal = Journal(tmp_path)
    journal.clear()
    journal.record([change(1)], [])
    journal.record([change(2)], [Retirement(entry(1), [])])
    assert journal.pending() == [([change(1)], []), ([change(2)], [Retirement(entry(1), [])])]


def test_a_line_torn_by_a_kill_is_left_out_and_the_whole_lines_before_it_kept(tmp_path):
    journal = Journal(tmp_path)
    journal.record([change(1)], [])
    whole = journal.path.read_bytes()
    journal.record([change(2)], [])
    journal.path.write_bytes(journal.path.read_bytes()[:len(whole) + 40])
    assert journal.pending() == [([change(1)], [])]


def test_a_cleared_journal_exists_and_holds_nothing(tmp_path):
    journal = Journal(tmp_path)
    journal.record([change(1)], [])
    journal.clear()
    assert journal.exists() and journal.pending() == []


def test_the_one_object_journal_of_an_older_newsld_is_replayed(tmp_path):
    journal = Journal(tmp_path)
    journal.record([change(3)], [])
    journal.path.write_text(json.dumps(json.loads(journal.path.read_text(encoding="utf-8")), indent=2),
                            encoding="utf-8")
    assert journal.pending() == [([change(3)], [])]


def test_a_damaged_line_is_passed_over_and_the_checkpoints_after_it_replayed(tmp_path):
    journal = Journal(tmp_path)
    for number in (1, 2, 3):
        journal.record([change(number)], [])
    first, second, third, _ = journal.path.read_bytes().split(b"\n")
    journal.path.write_bytes(b"\n".join([first, second[:50], third, b""]))
    assert journal.pending() == [([change(1)], []), ([change(3)], [])]


def test_record_returns_the_bytes_it_appended(tmp_path):
    journal = Journal(tmp_path)
    size = journal.record([change(1)], [])
    assert size == journal.path.stat().st_size and journal.record([], []) == journal.path.stat().st_size - size


def test_a_value_that_is_neither_json_nor_a_dataclass_is_refused_and_nothing_is_appended(tmp_path):
    journal = Journal(tmp_path)
    journal.clear()
    odd = change(1)
    odd.entry.record = {"seen": object()}  # a stray object must not be written as its __dict__
    with pytest.raises(TypeError, match="object is not JSON serializable"):
        journal.record([odd], [])
    assert journal.path.read_bytes() == b""


def test_a_line_holds_each_dataclass_as_its_fields_in_their_order(tmp_path):
    journal = Journal(tmp_path)
    journal.record([change(1)], [Retirement(entry(2), ["s2.ttl"], True)])
    line = json.loads(journal.path.read_text(encoding="utf-8"))
    assert list(line["changes"][0]) == ["entry", "contents", "trig", "nquads"]
    assert list(line["changes"][0]["entry"])[:3] == ["source", "iri", "slug"]
    assert line["retirements"] == [{"entry": line["retirements"][0]["entry"], "kept": ["s2.ttl"], "keep_graph": True}]
