"""A headline for stories that have none: the lead sentence, cut to fit."""
from __future__ import annotations

import re

MAX_HEADLINE = 110

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "co", "corp", "inc", "ltd", "bros", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
}
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?=\s+[\"“‘(]?[A-Z0-9])")


def first_sentence(paragraph: str) -> str:
    """The text up to the first full stop that is not an abbreviation's ("Mitsubishi Motors Corp. plans")."""
    for match in _SENTENCE_END.finditer(paragraph):
        words = paragraph[: match.start()].rsplit(None, 1)
        if not words:
            continue  # a stop with no word before it ends no sentence
        word = words[-1].lower().strip("\"“(")
        if word not in _ABBREVIATIONS and not re.fullmatch(r"[a-z]", word):
            return paragraph[: match.end()].strip()
    return paragraph.strip()


def derive_headline(lead: str) -> str:
    """Extractive: the lead sentence without its final stop, cut at a word boundary to 110 characters."""
    sentence = re.sub(r"\s+", " ", first_sentence(lead)).rstrip(".")
    if len(sentence) > MAX_HEADLINE:
        cut = sentence[: MAX_HEADLINE + 1]
        sentence = cut[: cut.rfind(" ")] if " " in cut else cut[:MAX_HEADLINE]
    return sentence.rstrip(" ,;:-–—")
