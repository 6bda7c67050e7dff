"""py3langid's model, unpacked once per machine rather than once per process.

py3langid ships its model as an LZMA-compressed npz (4.5 MB, 68 MB unpacked) and unpacks it each time a process
loads it: 0.45-0.6 s of CPU, a quarter of a one-story `newsld publish` and the largest fixed cost of a batch
after spaCy's. The unpacked npz is kept in the user's cache directory (`$XDG_CACHE_HOME/newsld`, else
`~/.cache/newsld`), named for py3langid's release and the packed model's hash, and read from there (0.1 s).
Where there is no cache to write, or a py3langid release lays its model out otherwise, the model is loaded as
py3langid loads it; tests/test_language.py holds the two identifiers equal.
"""
from __future__ import annotations

import hashlib
import lzma
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

from .writer import atomic_file

UNPACK_ERRORS = (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, lzma.LZMAError,
                 zipfile.BadZipFile)
"""What an unreadable cache or another model layout raises: py3langid's own loading is used instead."""


def language_identifier() -> Any:
    """py3langid's `LanguageIdentifier` with its probabilities normalised over its languages."""
    from py3langid import langid

    packed = Path(langid.__file__).parent / langid.MODEL_FILE
    unpacked = None
    try:
        unpacked = cached_model(packed)
        return unpacked_identifier(unpacked)
    except UNPACK_ERRORS:
        if unpacked is not None:  # a damaged cache is made again by the next process
            unpacked.unlink(missing_ok=True)
        return langid.LanguageIdentifier.from_modelpath(packed, norm_probs=True)


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsld"


def cached_model(packed: Path) -> Path:
    """The unpacked npz of `packed`, unpacked into the cache first if it is not there yet (whole or not at all:
    two processes starting at once each write a temp file and rename it)."""
    from importlib.metadata import version

    digest = hashlib.sha256(packed.read_bytes()).hexdigest()[:16]
    unpacked = cache_dir() / f"py3langid-{version('py3langid')}-{digest}.npz"
    if not unpacked.exists():
        with lzma.open(packed) as source, atomic_file(unpacked, binary=True) as target:
            shutil.copyfileobj(source, target, length=1 << 20)
    return unpacked


def unpacked_identifier(unpacked: Path) -> Any:
    """The identifier py3langid's `load_model` and `from_model_file` make of the same arrays."""
    import numpy as np
    from py3langid import langid, modelio

    with np.load(unpacked, allow_pickle=False) as data:
        return langid.LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            modelio._to_array(data["nextmove"]), data["out_feat"].tolist(), norm_probs=True,
            tk_row=modelio._to_array(data["nextmove_row"]))
