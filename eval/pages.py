"""Metadata extraction on the dev corpus's HTML pages: newsld against trafilatura alone.

    .venv/bin/python eval/pages.py                 # two tables: newsld, trafilatura alone
    .venv/bin/python eval/pages.py --details       # ... and newsld's mismatches, page by page
    .venv/bin/python eval/pages.py --json          # every figure as JSON
    .venv/bin/python eval/pages.py --corpus DIR    # another corpus (default $NEWSLD_SHARED/corpus or ../shared/corpus)

Every run also writes `eval/results/pages.json` (the figures and each page's values).

Every `dXXX.json` with `input_format == "html"` is one page. newsld reads it with
`pipeline.publish_file` and its graph gives headline, authors (the names of the
`schema:author` nodes), datePublished, publisher (`schema:name` of the
`schema:publisher` node), inLanguage and dateline; an exception counts as every
field wrong. The baseline is `trafilatura.bare_extraction(html, with_metadata=True, url=...)`:
title, author (split on "; "), date, sitename, language; it has no dateline.

Comparison rules (the same for both extractors, no per-site cases):

- text normalisation (`normalise`): Unicode NFKC, casefold, every quote mark made
  `'` (single) or `"` (double), every dash made `-`, whitespace collapsed and trimmed.
- headline: the normalised output equals `headline` or one of `headline_alt`; failing
  that, the output cut before a trailing site-name suffix (" | X", " - X", " – X",
  " — X", " :: X", " · X", " / X", the cut-off part at most 60 characters) is tried,
  and counts only if the cut text then matches.
- authors: the set of normalised names equals the set of `authors`, or of one
  alternative of `author_alt` (a list of alternative author lists; a plain string
  stands for a one-author list). Order does not matter; `[]` matches no author.
- datePublished: parsed as ISO 8601 (a `YYYY-MM-DD` prefix suffices). When both
  sides carry a UTC offset, the output is converted to the expected value's offset
  and the calendar days must be equal; otherwise the calendar days as written may
  differ by at most one (time-zone shifts). Against `datePublished` or any `date_alt`.
- publisher: normalised equality with `publisher` or one of `publisher_alt`.
- language: equal primary subtags (`en-GB` ~ `en`), case-insensitive.
- dateline: normalised equality with `dateline`; a `null` dateline matches only an
  absent (or empty) one.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIELDS = ("headline", "authors", "datePublished", "publisher", "language", "dateline")
RESULTS = ROOT / "eval" / "results" / "pages.json"

# ---------------------------------------------------------------- loading


def default_corpus() -> Path:
    return Path(os.environ.get("NEWSLD_SHARED", ROOT.parent / "shared")) / "corpus"


def load_items(corpus: Path) -> list[dict[str, Any]]:
    """The ground truth of every HTML page of the corpus, in id order."""
    items = []
    for meta_path in sorted(corpus.glob("d*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if isinstance(meta, dict) and meta.get("input_format") == "html":
            items.append(meta)
    return items


# ---------------------------------------------------------------- extraction


def newsld_fields(path: Path) -> dict[str, Any]:
    """The six fields as newsld's graph states them."""
    from rdflib import Literal

    import pipeline
    from pipeline.namespaces import SCHEMA

    pub = pipeline.publish_file(str(path))
    g, iri = pub.graph, pub.iri

    def text(node) -> str | None:
        return None if node is None else str(node)

    authors = []
    for author in g.objects(iri, SCHEMA.author):
        name = g.value(author, SCHEMA.name)
        if name is not None:
            authors.append(str(name))
        elif isinstance(author, Literal):  # an author given as plain text
            authors.append(str(author))
    publisher = g.value(iri, SCHEMA.publisher)
    return {
        "headline": text(g.value(iri, SCHEMA.headline)),
        "authors": sorted(authors),
        "datePublished": text(g.value(iri, SCHEMA.datePublished)),
        "publisher": text(g.value(publisher, SCHEMA.name)) if publisher is not None else None,
        "language": text(g.value(iri, SCHEMA.inLanguage)),
        "dateline": text(g.value(iri, SCHEMA.dateline)),
        "refused": not pub.report.conforms,
    }


def baseline_fields(path: Path, url: str | None) -> dict[str, Any]:
    """The same fields from trafilatura alone (2.x returns a Document; older versions a dict)."""
    import trafilatura

    result = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True, url=url)
    if result is None:
        record: dict[str, Any] = {}
    elif hasattr(result, "as_dict"):
        record = result.as_dict()
    else:
        record = dict(result)
    author = record.get("author")
    return {
        "headline": record.get("title"),
        "authors": [a.strip() for a in author.split("; ") if a.strip()] if author else [],
        "datePublished": record.get("date"),
        "publisher": record.get("sitename"),
        "language": record.get("language"),
        "dateline": None,
    }


# ---------------------------------------------------------------- comparison

_QUOTES = str.maketrans({
    **dict.fromkeys("‘’‚‛′‹›", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
})
_SUFFIX_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|/)\s+")
MAX_SUFFIX = 60


def normalise(value: str | None) -> str:
    """NFKC, casefold, one quote and one dash character, collapsed whitespace."""
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", value).casefold().translate(_QUOTES)
    return " ".join(value.split())


def _alternatives(primary: Any, alternatives: Any) -> list[Any]:
    alts = alternatives if isinstance(alternatives, list) else ([alternatives] if alternatives else [])
    return [primary, *alts]


def matches_headline(got: str | None, expected: str | None, alternatives: Iterable[str] | None = None) -> bool:
    targets = {normalise(h) for h in _alternatives(expected, alternatives) if h}
    if not got or not targets:
        return not got and not targets
    text = normalise(got)
    if text in targets:
        return True
    for separator in _SUFFIX_SEPARATORS.finditer(text):  # " | Site", " - Site", ...: strip only if it then matches
        if len(text) - separator.end() <= MAX_SUFFIX and text[:separator.start()] in targets:
            return True
    return False


def _name_set(names: Iterable[str]) -> frozenset[str]:
    return frozenset(n for n in (normalise(x) for x in names) if n)


def matches_authors(got: Iterable[str] | None, expected: Iterable[str] | None, alternatives: Any = None) -> bool:
    """Set equality of normalised names; `alternatives` is `author_alt`: a list of author lists."""
    found = _name_set(got or [])
    variants = [list(expected or [])]
    for alt in alternatives or []:
        variants.append([alt] if isinstance(alt, str) else list(alt))
    return any(found == _name_set(v) for v in variants)


def _parse_date(value: Any) -> datetime | date | None:
    """An aware or naive datetime, or a date; None when unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
        if not match:
            return None
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return None
    if len(text) <= 10 and "T" not in text and ":" not in text:
        return parsed.date()
    return parsed


def _same_day(got: Any, expected: Any) -> bool:
    g, e = _parse_date(got), _parse_date(expected)
    if g is None or e is None:
        return False
    g_aware = isinstance(g, datetime) and g.tzinfo is not None
    e_aware = isinstance(e, datetime) and e.tzinfo is not None
    if g_aware and e_aware:
        return g.astimezone(e.tzinfo).date() == e.date()
    g_day = g.date() if isinstance(g, datetime) else g
    e_day = e.date() if isinstance(e, datetime) else e
    return abs(g_day - e_day) <= timedelta(days=1)


def matches_datePublished(got: Any, expected: Any, alternatives: Any = None) -> bool:  # noqa: N802
    targets = [d for d in _alternatives(expected, alternatives) if d]
    if not targets:
        return not got
    return any(_same_day(got, target) for target in targets)


def matches_publisher(got: str | None, expected: str | None, alternatives: Iterable[str] | None = None) -> bool:
    targets = {normalise(p) for p in _alternatives(expected, alternatives) if p}
    return normalise(got) in targets if targets else not normalise(got)


def matches_language(got: str | None, expected: str | None) -> bool:
    def primary(tag: str | None) -> str:
        return re.split(r"[-_]", tag.strip().casefold())[0] if tag else ""
    return primary(got) == primary(expected)


def matches_dateline(got: str | None, expected: str | None) -> bool:
    return normalise(got) == normalise(expected)


def field_matches(fields: dict[str, Any], meta: dict[str, Any]) -> dict[str, bool]:
    """Every field of one page's output checked against its ground truth."""
    return {
        "headline": matches_headline(fields["headline"], meta.get("headline"), meta.get("headline_alt")),
        "authors": matches_authors(fields["authors"], meta.get("authors"), meta.get("author_alt")),
        "datePublished": matches_datePublished(fields["datePublished"], meta.get("datePublished"), meta.get("date_alt")),
        "publisher": matches_publisher(fields["publisher"], meta.get("publisher"), meta.get("publisher_alt")),
        "language": matches_language(fields["language"], meta.get("language")),
        "dateline": matches_dateline(fields["dateline"], meta.get("dateline")),
    }


# ---------------------------------------------------------------- running


def _evaluate(items: list[dict], corpus: Path, extractor: str) -> dict[str, Any]:
    pages, totals = [], {f: 0 for f in FIELDS}
    for meta in items:
        path = corpus / meta["input_file"]
        try:
            fields = newsld_fields(path) if extractor == "newsld" else baseline_fields(path, meta.get("url"))
            ok, error = field_matches(fields, meta), None
        except Exception as exc:  # noqa: BLE001 - an extractor failure is a result, not a crash
            print(f"pages: {extractor}: {meta.get('id', path.name)}: {type(exc).__name__}: {exc}".splitlines()[0],
                  file=sys.stderr)
            fields, ok, error = {f: None for f in FIELDS}, {f: False for f in FIELDS}, f"{type(exc).__name__}: {exc}"
        for f in FIELDS:
            totals[f] += ok[f]
        pages.append({"id": meta.get("id", path.stem), "fields": fields, "correct": ok, "error": error})
    n = len(items)
    summary = {f: {"correct": totals[f], "total": n, "percent": round(100 * totals[f] / n, 1) if n else None}
               for f in FIELDS}
    with_one = [(p, m) for p, m in zip(pages, items) if m.get("dateline")]
    right = sum(p["correct"]["dateline"] for p, _ in with_one)
    summary["dateline where printed"] = {"correct": right, "total": len(with_one),
                                         "percent": round(100 * right / len(with_one), 1) if with_one else None}
    return {"summary": summary, "pages": pages,
            "invented datelines": [p["id"] for p, m in zip(pages, items)
                                   if not m.get("dateline") and p["fields"].get("dateline")],
            "refused": [p["id"] for p in pages if p["fields"].get("refused") or p["error"]]}


def _print_table(title: str, summary: dict[str, dict]) -> None:
    print(title)
    print(f"  {'field':<15}{'correct':>12}{'percent':>9}")
    for field, s in summary.items():
        percent = "-" if s["percent"] is None else f"{s['percent']:.1f}%"
        print(f"  {field:<15}{s['correct']:>5} / {s['total']:<4}{percent:>9}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    parser.add_argument("--details", action="store_true", help="list newsld's mismatches page by page")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus directory (default: $NEWSLD_SHARED/corpus or ../shared/corpus)")
    args = parser.parse_args(argv)

    corpus = args.corpus or default_corpus()
    if not corpus.is_dir():
        print(f"pages: corpus not found at {corpus} (use --corpus or set NEWSLD_SHARED)", file=sys.stderr)
        return 2
    items = load_items(corpus)
    result: dict[str, Any] = {"corpus": str(corpus), "pages": len(items)}
    for extractor in ("newsld", "trafilatura"):
        result[extractor] = _evaluate(items, corpus, extractor)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0

    print(f"{len(items)} HTML pages in {corpus}")
    _print_table("newsld", result["newsld"]["summary"])
    for label in ("invented datelines", "refused"):
        print(f"  {label}: {len(result['newsld'][label])} {' '.join(result['newsld'][label])}")
    _print_table("trafilatura alone", result["trafilatura"]["summary"])
    if args.details:
        print("newsld mismatches (field: got | expected)")
        by_id = {m.get("id"): m for m in items}
        for page in result["newsld"]["pages"]:
            wrong = [f for f in FIELDS if not page["correct"][f]] + (["refused"] if page["fields"].get("refused") else [])
            if not wrong:
                continue
            print(f"  {page['id']}" + (f"  [{page['error']}]" if page["error"] else ""))
            for f in wrong:
                print(f"    {f:<14} {page['fields'][f]!r} | {by_id[page['id']].get(f, False)!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
