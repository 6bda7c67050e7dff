"""Web furniture that wire copy drags along: "[Video not showing up above? ...]", copyright lines.

A video pointer becomes `associatedMedia`; the rest only leaves the body.
"""
from __future__ import annotations

import re

from ..model import MediaObject

_BRACKETED = re.compile(r"\[(?P<inner>[^\[\]]{1,400})\]")
_LINK = re.compile(r"(?P<url>(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/[^\s\]]*)?)", re.I)
_VIDEO = re.compile(r"\b(?:video|watch)\b", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright\b).{0,150}", re.I)


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
    return bool(_COPYRIGHT.fullmatch(text))
