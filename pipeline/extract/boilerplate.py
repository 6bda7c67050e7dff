"""Web furniture that wire copy and pages drag along: "[Video not showing up above? ...]", copyright lines,
a page's date-section-comments line, newsletter sign-ups.

A video pointer becomes `associatedMedia`; the rest only leaves the body (and so names no entities).
"""
from __future__ import annotations

import re

from ..model import MediaObject

_BRACKETED = re.compile(r"\[(?P<inner>[^\[\]]{1,400})\]")
_LINK = re.compile(r"(?P<url>(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/[^\s\]]*)?)", re.I)
_VIDEO = re.compile(r"\b(?:video|watch)\b", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright\b).{0,150}", re.I)
FURNITURE = (
    re.compile(r"(?=.{0,160}$)(?:.{0,60}[-|·•]\s*)?(?:from the section|filed under|posted in)\b[^.!?]*", re.I),
    re.compile(r"(?=.{0,160}$)[^.!?]*\b\d[\d,.]*k?\s+(?:comments?|shares?|replies|kommentare?|commentaires?|"
               r"comentarios?|commenti|reacties|komentář[eů]?)\b[^.!?]*", re.I),
    re.compile(r"(?=.{0,200}$)(?=(?:sign up|sign-up|subscribe|register|get|join)\b)"
               r"(?=.*\b(?:sign up|sign-up|subscribe|register)\b)(?=.*\b(?:newsletters?|inbox|e-?mails?|briefing)\b).*",
               re.I),
)
"""Lines no story is made of, as whole paragraphs: a page's line of date, section and comment count ("3 May
2016 - From the section Europe - 120 comments"), a counter of comments or shares, a newsletter sign-up."""


def claim_boilerplate(paragraph: str, media: list[MediaObject]) -> bool:
    """True when the paragraph is furniture, not story; a video link it names is added to `media`."""
    text = paragraph.strip()
    if match := _BRACKETED.fullmatch(text):
        link = _LINK.search(match["inner"])
        if link is None:
            return False  # an editor's note in brackets is story text
        if _VIDEO.search(match["inner"]):
            url = link["url"].rstrip(".,")
            media.append(MediaObject("VideoObject", url if "://" in url else f"https://{url}"))
        return True
    return bool(_COPYRIGHT.fullmatch(text)) or any(rule.fullmatch(text) for rule in FURNITURE)
