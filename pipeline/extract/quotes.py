"""Direct quotations and who said them.

A quotation is attributed from the words around it, within its sentence:
`"...," Senard said`, `"...," said Uchida`, `He told reporters ... "totally
unbreakable."`, `"...," he said`. A
quotation with no attribution of its own continues the quotation before it
in the same paragraph. A pronoun ("he said") stands for the person named
last before the quotation, outside quotations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clusters import Cluster

_QUOTE = re.compile(r"“(?P<curly>[^“”\n]+)”|\"(?P<straight>[^\"\n]+)\"")
_SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|asks|stated|explained|explains|noted|notes|warned|warns|"
    r"wrote|writes|insisted|argued|recalled|declared|announced|replied|continued|according to)\b")
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_BOUNDARY_BEFORE = re.compile(r"(?:[.!?][\"”’]?\s+|\n)(?=[^\n]*$)")
_BOUNDARY_AFTER = re.compile(r"[.!?](?:\s|$)|\n|[“\"]")
_ABBREVIATION = re.compile(r"(?<![\w.])(?:[A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|Prof)\.$")
"""A full stop that ends no sentence: an honorific's, an initial's ("said Dr. Alan Poe", "John F. Kennedy")."""
SPEAKER_KINDS = {"Person", "Organization", "Corporation"}
PLACE_KINDS = {"Place", "City", "Country", "AdministrativeArea"}
"""A place speaks through someone: nearest a speech verb, it leaves the quotation without a speaker rather than
give it to an organisation further off ("Britain told the IMF")."""
_SPEAKING = SPEAKER_KINDS | PLACE_KINDS


@dataclass(frozen=True)
class FoundQuote:
    start: int
    end: int
    text: str
    speaker: Cluster | None


def find_quotes(text: str, body_start: int, clusters: list[Cluster]) -> list[FoundQuote]:
    """Quotations of two words or more in `text[body_start:]`, each with its speaker where one can be told."""
    quotes = [m for m in _QUOTE.finditer(text, body_start) if len((m["curly"] or m["straight"]).split()) >= 2]
    inside = [(m.start(), m.end()) for m in quotes]
    kinds = [(c, c.kind) for c in clusters]  # a property voted over the mentions: read once a cluster
    speakers = [(m.start, m.end, c, kind) for c, kind in kinds if kind in _SPEAKING for m in c.mentions
                if not any(s <= m.start < e for s, e in inside)]
    people = [(start, c) for start, _, c, kind in speakers if kind == "Person"]
    found: list[FoundQuote] = []
    for match in quotes:  # a single quoted word is a name or a scare quote, not a quotation: skipped above
        quoted = match["curly"] or match["straight"]
        last_person = max(((s, c) for s, c in people if s < match.start()), key=lambda sc: sc[0], default=(0, None))[1]
        speaker = _attribute(text, match.start(), match.end(), speakers, last_person)
        if speaker is None and found and _same_paragraph(text, found[-1].end, match.start()):
            speaker = found[-1].speaker
        if speaker is None and not _starts_paragraph(text, match.start()):
            speaker = _subject(text, match.start(), speakers, last_person)
        found.append(FoundQuote(match.start(), match.end(), _clean(quoted), speaker))
    return found


def _attribute(text: str, start: int, end: int, speakers, last_person: Cluster | None) -> Cluster | None:
    """The speaker next to a speech verb after the quotation, else before it."""
    after_end = _boundary_after(text, end)
    after = (end, after_end)
    line_start = text.rfind("\n", 0, start) + 1
    boundary = _BOUNDARY_BEFORE.search(text, line_start, start)
    before = (boundary.end() if boundary else line_start, start)
    for lo, hi in (after, before):
        verb = _SPEECH_VERB.search(text, lo, hi)
        if verb:
            return _nearest(text, lo, hi, verb.start(), speakers, last_person)
    return None


def _boundary_after(text: str, start: int) -> int:
    """Where the sentence that goes on after a quotation ends: a full stop after an abbreviation does not end
    it."""
    for match in _BOUNDARY_AFTER.finditer(text, start):
        if match.group()[0] == "." and _ABBREVIATION.search(text, max(0, match.start() - 6), match.start() + 1):
            continue
        return match.start()
    return len(text)


def _subject(text: str, start: int, speakers, last_person: Cluster | None) -> Cluster | None:
    """A partial quotation inside a sentence without a speech verb ("He blamed a "lack of trust"") is its subject's."""
    boundary = _BOUNDARY_BEFORE.search(text, text.rfind("\n", 0, start) + 1, start)
    lo = boundary.end() if boundary else text.rfind("\n", 0, start) + 1
    return _nearest(text, lo, start, lo, speakers, last_person)


def _nearest(text: str, lo: int, hi: int, anchor: int, speakers, last_person: Cluster | None) -> Cluster | None:
    """Of the named speakers and pronouns between lo and hi, the one closest to `anchor`, people before
    organisations and places ("said Acme Chief Executive Max Mustermann" is Mustermann's); a place is no
    speaker."""
    candidates = [(kind != "Person", abs(s - anchor), c, kind) for s, e, c, kind in speakers if lo <= s and e <= hi]
    if last_person is not None:
        candidates += [(False, abs(p.start() - anchor), last_person, "Person")
                       for p in _PRONOUN.finditer(text, lo, hi)]
    if not candidates:
        return None
    _, _, speaker, kind = min(candidates, key=lambda c: c[:2])
    return speaker if kind in SPEAKER_KINDS else None


def _same_paragraph(text: str, previous_end: int, start: int) -> bool:
    return "\n" not in text[previous_end:start]


def _starts_paragraph(text: str, start: int) -> bool:
    return not text[text.rfind("\n", 0, start) + 1:start].strip()


def _clean(quoted: str) -> str:
    """Drop the comma American style puts inside the marks, and the stop of a partial quotation."""
    quoted = quoted.strip().rstrip(",;:").strip()
    if quoted and not quoted[0].isupper():
        quoted = quoted.rstrip(".")
    return quoted
