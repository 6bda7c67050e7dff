"""Article bodies on the dev corpus's HTML pages: newsld against trafilatura alone, by token F1.

    .venv/bin/python eval/bodies.py           # per-page precision, recall and F1, then the means
    .venv/bin/python eval/bodies.py --json    # the same figures as JSON

Every run also writes `eval/results/bodies.json`.

Every HTML page whose ground truth names a body file (`gold_body_file`, hand-checked, or else
`reference_body_file`, another extractor's output) is compared. newsld's body is the `articleBody`
that `pipeline.publish_file` maps (the dateline cut off, as it is published); the baseline is
`trafilatura.bare_extraction(html)` with its defaults. Tokens: the text normalised as in
`eval/pages.py`, then each Han, kana or Hangul character alone and every other run of letters and
digits as one word, counted as a multiset; precision is the share of the output's tokens that are
in the body, recall the share of the body's tokens found.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))

from pages import default_corpus, load_items, normalise  # noqa: E402

RESULTS = ROOT / "eval" / "results" / "bodies.json"
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]+")


def tokens(text: str | None) -> Counter[str]:
    """Word tokens, and each CJK character as a token of its own (those scripts put no spaces between words)."""
    return Counter(_TOKEN.findall(normalise(text)))


def scores(got: str | None, expected: str) -> dict[str, float]:
    found, wanted = tokens(got), tokens(expected)
    common = sum((found & wanted).values())
    precision = common / sum(found.values()) if found else 0.0
    recall = common / sum(wanted.values()) if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def newsld_body(path: Path) -> str | None:
    from pipeline import publish_file

    return publish_file(str(path)).article.body


def baseline_body(path: Path) -> str | None:
    import trafilatura

    result = trafilatura.bare_extraction(path.read_bytes())
    return getattr(result, "text", None) if result is not None else None


def evaluate(corpus: Path) -> dict[str, Any]:
    pages = []
    for meta in load_items(corpus):
        body_file = meta.get("gold_body_file") or meta.get("reference_body_file")
        if not body_file or not (corpus / body_file).exists():
            continue
        expected = (corpus / body_file).read_text(encoding="utf-8")
        path = corpus / meta["input_file"]
        pages.append({"id": meta["id"], "truth": "gold" if meta.get("gold_body_file") else "reference",
                      "newsld": scores(newsld_body(path), expected),
                      "trafilatura": scores(baseline_body(path), expected)})
    means = {who: {k: round(sum(p[who][k] for p in pages) / len(pages), 3) for k in ("precision", "recall", "f1")}
             for who in ("newsld", "trafilatura")} if pages else {}
    return {"pages": pages, "mean": means}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="example: .venv/bin/python eval/bodies.py --json --corpus ../shared/corpus")
    parser.add_argument("--json", action="store_true",
                        help="print the figures as JSON instead of tables (e.g. --json > bodies.json)")
    parser.add_argument("--corpus", type=Path, default=default_corpus(),
                        help="the corpus folder, its dXXX.json beside the pages (default: %(default)s; e.g. --corpus ../shared/corpus)")
    args = parser.parse_args(argv)
    figures = evaluate(args.corpus)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{len(figures['pages'])} pages with a body file in {args.corpus}")
    if not figures["pages"]:
        return 1
    print(f"  {'page':6} {'truth':9} {'newsld P':>8} {'R':>6} {'F1':>6}   {'trafilatura P':>13} {'R':>6} {'F1':>6}")
    for page in figures["pages"] + [{"id": "mean", "truth": "", **figures["mean"]}]:
        ours, theirs = page["newsld"], page["trafilatura"]
        print(f"  {page['id']:6} {page['truth']:9} {ours['precision']:>8} {ours['recall']:>6} {ours['f1']:>6}   "
              f"{theirs['precision']:>13} {theirs['recall']:>6} {theirs['f1']:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
