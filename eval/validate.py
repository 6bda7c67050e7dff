"""`newsld validate` over every page of the dev corpus: the summary table of issue 8.

    .venv/bin/python eval/validate.py                  # per-page table, then errors and warnings by rule
    .venv/bin/python eval/validate.py --corpus DIR     # another corpus (default $NEWSLD_SHARED/corpus or ../shared/corpus)

Each `dXXX.html` page is checked with the default layers (schema.org conformance and search-engine
rules), as `newsld validate` does. Beside each page, what the ground truth (`dXXX.json`) says of the
page's own markup: its syntax and types, and any note that mentions its JSON-LD. The figures are
also written to eval/results/validate.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.checker.check import check_input  # noqa: E402
from pipeline.checker.report import summary  # noqa: E402


def main() -> None:
    default = Path(os.environ.get("NEWSLD_SHARED", ROOT.parent / "shared")) / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default)
    args = parser.parse_args()
    pages = sorted(args.corpus.glob("d*.html"))
    if not pages:
        sys.exit(f"no dXXX.html pages in {args.corpus}")
    results = [check_input(str(page)) for page in pages]
    print("| page | markup (ground truth) | syntaxes read | items | errors | warnings | rules that fired |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for page, result in zip(pages, results):
        truth = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        markup = truth.get("embedded_article_markup") or {}
        said = f"{markup.get('syntax', '-')} {'/'.join(markup.get('type') or [])}".strip()
        note = truth.get("notes") or ""
        if "JSON-LD" in str(note):
            said += f" — {str(note)[:90]}"
        syntaxes = ", ".join(f"{k} {v}" for k, v in result.syntaxes.items() if v) or "-"
        fired = ", ".join(sorted({f.rule for f in result.findings if f.severity != "info"})) or "-"
        print(f"| {page.name} | {said} | {syntaxes} | {len(result.items)} | {result.count('error')} "
              f"| {result.count('warning')} | {fired} |")
    total = summary(results)
    seconds = [r.seconds for r in results[1:]] or [results[0].seconds]
    print(f"\n{total['pages']} pages, {total['items']} items, {total['errors']} errors, {total['warnings']} warnings, "
          f"{total['infos']} infos; {total['failed']} pages with errors; seconds per page after the first: "
          f"median {statistics.median(seconds):.3f}, max {max(seconds):.3f}\n")
    print("| severity | rule | count |\n| --- | --- | --- |")
    for row in total["by_rule"]:
        print(f"| {row['severity']} | {row['rule']} | {row['count']} |")
    out = ROOT / "eval" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "validate.json").write_text(json.dumps({"summary": total, "pages": [r.as_dict() for r in results]},
                                                  ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
