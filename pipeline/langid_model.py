"""py3langid's model, unpacked once per machine rather than once per process.

py3langid ships its model as an LZMA-compressed npz (4.5 MB, 68 MB unpacked) and unpacks it each time a process
loads it: 0.45-0.6 s of CPU, a fifth of a one-story `newsld publish` and the largest fixed cost of a batch
after spaCy's. The unpacked npz is kept in the user's cache directory (`$XDG_CACHE_HOME/newsld`, else
`~/.cache/newsld`), named for py3langid's release and the packed model's hash, and read from there (0.1 s).
Its arrays are checked against each other before use (shapes, and every index the language identifier
follows within its table), so a damaged or foreign file is dropped, never followed out of bounds. Where there
is no cache to write, or a py3langid release lays its model out otherwise, the model is loaded as py3langid
loads it; tests/test_langid_model.py holds the two identifiers equal.
"""
from __future__ import annotations

import hashlib
import lzma
import os
import shutil
import time
import zipfile
from contextlib import suppress
from pathlib import Path
from typing import Any

from .writer import atomic_file

UNPACK_ERRORS = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, EOFError, MemoryError,
                 RuntimeError, lzma.LZMAError, zipfile.BadZipFile)
"""What no cache directory (RuntimeError: no home), an unreadable cache or another model layout raise:
py3langid's own loading is used instead."""
STALE_TEMP = 3600
"""Seconds after which a temp file of an unpacking is taken for one a killed process left."""


def language_identifier() -> Any:
    """py3langid's `LanguageIdentifier` with its probabilities normalised over its languages."""
    from py3langid import langid

    packed = Path(langid.__file__).parent / langid.MODEL_FILE
    unpacked = None
    try:
        unpacked = cached_model(packed)
        return unpacked_identifier(unpacked)
    except UNPACK_ERRORS:
        if unpacked is not None and unpacked.is_file() and not unpacked.is_symlink():
            with suppress(OSError):  # a damaged cache is made again by the next process
                unpacked.unlink()
        return langid.LanguageIdentifier.from_modelpath(packed, norm_probs=True)


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/newsld` (a relative value is ignored, as the XDG specification says), else
    `~/.cache/newsld`; RuntimeError where there is no home directory either."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
    return base / "newsld"


def cached_model(packed: Path) -> Path:
    """The unpacked npz of `packed`, unpacked into the cache first if it is not there yet (whole or not at all:
    two processes starting at once each write a temp file and rename it). Anything there that is no regular
    file (a directory, a pipe) is refused."""
    from importlib.metadata import version

    digest = hashlib.sha256(packed.read_bytes()).hexdigest()[:16]
    unpacked = cache_dir() / f"py3langid-{version('py3langid')}-{digest}.npz"
    if not unpacked.exists():
        _drop_stale_temps(unpacked)
        with lzma.open(packed) as source, atomic_file(unpacked, binary=True) as target:
            shutil.copyfileobj(source, target, length=1 << 20)
    if not unpacked.is_file():
        raise OSError(f"{unpacked} is not a regular file")
    return unpacked


def _drop_stale_temps(unpacked: Path) -> None:
    """Temp files of unpackings killed before their rename (68 MB each)."""
    with suppress(OSError):
        for temp in unpacked.parent.glob(f".{unpacked.name}.*.tmp"):
            if time.time() - temp.stat().st_mtime > STALE_TEMP:
                temp.unlink()


def unpacked_identifier(unpacked: Path) -> Any:
    """The identifier py3langid's `load_model` and `from_model_file` make of the same arrays, once they are
    found consistent (`_check`)."""
    import numpy as np
    from py3langid import langid, modelio

    with np.load(unpacked, allow_pickle=False) as data:
        ptc, pc, classes, nextmove, rows, output = (data[name] for name in ARRAYS)
        _check(ptc, pc, classes, nextmove, rows, output)
        return langid.LanguageIdentifier(
            ptc, pc, classes.tolist(), modelio._to_array(nextmove), output.tolist(), norm_probs=True,
            tk_row=modelio._to_array(rows))


ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
"""The npz's arrays, as py3langid's `modelio.load_model` reads them."""


def _check(ptc: Any, pc: Any, classes: Any, nextmove: Any, rows: Any, output: Any) -> None:
    """ValueError where the arrays do not make one model: a class per column, 256 moves per row, each state's
    row and each move's state within the tables, each output a feature of the table (or -1)."""
    states = len(rows)
    if (ptc.ndim != 2 or pc.shape != (ptc.shape[1],) or classes.shape != pc.shape or nextmove.ndim != 1
            or not nextmove.size or nextmove.size % 256 or rows.ndim != 1 or output.shape != (states,)
            or not states or int(nextmove.max()) >= states or int(rows.max()) >= nextmove.size // 256
            or int(output.min()) < -1 or int(output.max()) >= ptc.shape[0]):
        raise ValueError("the cached language model's arrays do not fit together")
