"""The pipeline as a library: text in, graph, JSON-LD, Turtle and report out, without touching the disk."""
from __future__ import annotations

import os

from rdflib import Graph
from rdflib.compare import isomorphic

from pipeline import Config, publish_text
from pipeline.model import Organization

STORY = "date 2022-01-28 TOKYO -- Nissan said on Thursday it would invest in batteries."


def test_publish_text_returns_graph_jsonld_turtle_and_report():
    pub = publish_text(STORY, name="cms-42")
    assert str(pub.iri) == "https://newsld.example/article/cms-42"
    assert pub.jsonld["dateline"] == "TOKYO"
    assert isomorphic(Graph().parse(data=pub.turtle, format="turtle"), pub.graph)
    assert pub.report.conforms


def test_publish_text_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    publish_text(STORY).jsonld_text
    assert os.listdir(tmp_path) == []


def test_config_publisher_and_base_reach_the_graph():
    config = Config(base="https://news.example.com/ld/",
                    publisher=Organization("Example News", "https://news.example.com/", "https://news.example.com/logo.png"))
    pub = publish_text(STORY, config, name="a")
    assert str(pub.iri) == "https://news.example.com/ld/article/a"
    assert pub.jsonld["publisher"]["name"] == "Example News"
    assert pub.jsonld["publisher"]["logo"] == {"@id": "https://news.example.com/logo.png", "@type": "ImageObject",
                                              "url": "https://news.example.com/logo.png"}


def test_same_text_gives_the_same_iris():
    assert publish_text(STORY, name="a").turtle == publish_text(STORY, name="a").turtle
