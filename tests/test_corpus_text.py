"""The dev corpus' wire stories (AEB, Reuters-21578) publish, with datelines, dates and headlines as the ground truth says.

None of them carries a year in its text (AEB stories carry no date at all,
Reuters datelines only "Feb 26"), so the date enters through front matter,
as a newsroom would give it; the dateline's own day is checked against it.
"""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from rdflib import Literal

from pipeline import publish_file
from pipeline.namespaces import SCHEMA


def text_items(corpus_dir):
    items = []
    for story in sorted(corpus_dir.glob("d0*.txt")):
        if story.name.count(".") == 1:
            items.append((story, json.loads(story.with_suffix(".json").read_text(encoding="utf-8"))))
    return items


@pytest.fixture(scope="module")
def published(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    results = []
    for story, truth in text_items(corpus_dir):
        front = f"---\ndatePublished: {truth['datePublished']}\n" + (f"url: {truth['url']}\n" if truth["url"] else "") + "---\n"
        copy = out / story.name
        copy.write_text(front + story.read_text(encoding="utf-8"), encoding="utf-8")
        results.append((truth, publish_file(str(copy))))
    assert len(results) >= 10
    return results


def test_corpus_text_stories_publish_without_violation(published):
    failed = {t["id"]: [r.message for r in p.report.results if r.severity == "Violation"]
              for t, p in published if not p.report.conforms}
    assert not failed


def test_corpus_text_datelines_match_ground_truth(published):
    wrong = {t["id"]: (str(p.graph.value(p.iri, SCHEMA.dateline)), t["dateline"])
             for t, p in published if p.graph.value(p.iri, SCHEMA.dateline) != (Literal(t["dateline"]) if t["dateline"] else None)}
    assert not wrong


def test_corpus_text_dates_match_ground_truth(published):
    wrong = {t["id"]: str(p.graph.value(p.iri, SCHEMA.datePublished))
             for t, p in published
             if p.graph.value(p.iri, SCHEMA.datePublished).toPython() != _iso(t["datePublished"])}
    assert not wrong


def _iso(value: str):
    return (datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else date.fromisoformat(value))


def test_corpus_dateline_days_agree_with_ground_truth_dates(published):
    disagreeing = {t["id"] for t, p in published if any(r.path == "schema:dateline" for r in p.report.results)}
    assert not disagreeing


def test_corpus_text_headlines_match_ground_truth(published):
    wrong = {t["id"]: str(p.graph.value(p.iri, SCHEMA.headline))
             for t, p in published
             if str(p.graph.value(p.iri, SCHEMA.headline)) not in [t["headline"], *t.get("headline_alt", [])]}
    assert not wrong


def test_corpus_reuters_story_without_a_year_is_reported_not_published(corpus_dir):
    reuters = [s for s, t in text_items(corpus_dir) if t["dateline_raw"] and t["dateline_raw"][-3:].strip(" -").isdigit()]
    assert reuters
    pub = publish_file(str(reuters[0]))
    assert not pub.report.conforms
    assert any(r.path == "schema:datePublished" and "year" in r.message for r in pub.report.results)
