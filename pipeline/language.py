"""Which language a text is written in: py3langid, trusted only when the text is long enough and it is sure.

Every input gets it (pages, wire text, feed entries); a language the input states (front matter
`language`, `<html lang>`, the markup's `inLanguage`) wins over it, and the configured language is
what is left when it cannot tell.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .model import count_words

MIN_WORDS = 10
"""Fewer words than this say too little about their language."""
SURE = 0.5
"""py3langid's probability (normalised over its 97 languages) below which its answer is not taken: more likely
than all the others together (clear Chinese news text scores 0.88)."""
SAMPLE = 5000
"""Characters read: the lead of a story says which language it is in as well as the whole."""


def detect_language(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when the text is short or py3langid unsure. With a
    `declared` language, that one, unless the text plainly says otherwise (CONTRADICTING): one classification
    either way."""
    if count_words(text) < (MIN_WORDS if declared is None else CONTRADICTING_WORDS):
        return declared
    language, probability = _identifier().classify(text[:SAMPLE])
    if declared is not None:
        return str(language) if language != declared and probability >= CONTRADICTING else declared
    return str(language) if probability >= SURE else None


CONTRADICTING_WORDS = 50
CONTRADICTING = 0.99
"""A declared language gives way to the text's only on this many words at least, detected this surely."""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from .langid_model import language_identifier

    return language_identifier()
