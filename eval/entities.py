"""Entity extraction, measured: precision and recall per type on the seed, recall against Reuters' index terms.

    .venv/bin/python eval/entities.py            # tables on stdout
    .venv/bin/python eval/entities.py --json     # the same figures as JSON

The seed's expected entities are `tests/fixtures/seed_entities.json`; the
Reuters stories and their document-level `reuters_tags` come from
`../shared/corpus/` (or $NEWSLD_SHARED/corpus).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import publish_file  # noqa: E402
from pipeline.model import Entity, MonetaryAmount  # noqa: E402

FAMILY = {"Person": "Person", "Organization": "Organization", "Corporation": "Organization", "Place": "Place",
          "City": "Place", "Country": "Place", "AdministrativeArea": "Place", "Product": "Product", "Event": "Event"}


def score(found: set, expected: set) -> dict[str, float | int]:
    hits = len(found & expected)
    return {"found": len(found), "expected": len(expected), "correct": hits,
            "precision": round(hits / len(found), 3) if found else 1.0,
            "recall": round(hits / len(expected), 3) if expected else 1.0}


def seed_figures() -> dict[str, dict]:
    truth = json.loads((ROOT / "tests" / "fixtures" / "seed_entities.json").read_text(encoding="utf-8"))
    article = publish_file(str(ROOT / truth["source"])).article
    things = [*article.about, *article.mentions]
    figures = {}
    for family in ("Person", "Organization", "Place", "Product"):
        found = {e.name for e in things if isinstance(e, Entity) and FAMILY[e.kind] == family}
        figures[family] = score(found, set(truth[family]))
    figures["Quotation"] = score({(q.text, q.speaker.name if q.speaker else None) for q in article.quotations},
                                 {tuple(q) for q in truth["Quotation"]})
    figures["MonetaryAmount"] = score({(a.currency, a.value) for a in things if isinstance(a, MonetaryAmount)},
                                      {tuple(a) for a in truth["MonetaryAmount"]})
    return figures


def _place_names(tag: str) -> set[str]:
    """A Reuters place tag ("usa", "west-germany") and the names a story may use for it."""
    names = {tag.replace("-", " ")}
    try:
        country = pycountry.countries.lookup(tag)
        names |= {getattr(country, a).casefold() for a in ("name", "common_name", "official_name") if hasattr(country, a)}
    except LookupError:
        pass
    return names


def _recalled(tag: str, family: str, entities: list[Entity]) -> bool:
    for entity in entities:
        name = entity.name.casefold()
        if family == "people" and name.split()[-1] == tag:
            return True
        if family == "orgs" and (name == tag or "".join(w[0] for w in name.split()) == tag):
            return True
        if family == "places" and name in _place_names(tag):
            return True
    return False


def reuters_figures(corpus: Path) -> dict[str, dict]:
    totals = {family: {"tags": 0, "recalled": 0} for family in ("people", "orgs", "places")}
    for meta_path in sorted(corpus.glob("d0*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if "reuters_tags" not in meta:
            continue
        article = publish_file(str(corpus / meta["input_file"])).article
        entities = [e for e in (*article.about, *article.mentions) if isinstance(e, Entity)]
        for family in totals:
            for tag in meta["reuters_tags"][family]:
                totals[family]["tags"] += 1
                totals[family]["recalled"] += _recalled(tag, family, entities)
    for figures in totals.values():
        figures["recall"] = round(figures["recalled"] / figures["tags"], 3) if figures["tags"] else None
    return totals


def main() -> None:
    corpus = Path(os.environ.get("NEWSLD_SHARED", ROOT.parent / "shared")) / "corpus"
    result = {"seed": seed_figures(), "reuters": reuters_figures(corpus) if corpus.is_dir() else None}
    if "--json" in sys.argv:
        print(json.dumps(result, indent=2))
        return
    print("seed: precision and recall per type")
    print(f"  {'type':<15}{'found':>6}{'expected':>9}{'correct':>8}{'precision':>10}{'recall':>8}")
    for family, f in result["seed"].items():
        print(f"  {family:<15}{f['found']:>6}{f['expected']:>9}{f['correct']:>8}{f['precision']:>10.3f}{f['recall']:>8.3f}")
    if result["reuters"] is None:
        print(f"reuters: corpus not found at {corpus}")
        return
    print("reuters stories: recall of the document-level index terms")
    for family, f in result["reuters"].items():
        recall = "-" if f["recall"] is None else f"{f['recall']:.3f}"
        print(f"  {family:<15}{f['recalled']:>4} of {f['tags']:<4}{recall:>8}")


if __name__ == "__main__":
    main()
