"""py3langid's model is unpacked once per machine into the cache, and gives the identifier py3langid gives."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from py3langid import langid

from pipeline import langid_model
from pipeline.langid_model import cache_dir, language_identifier

PACKED = Path(langid.__file__).parent / langid.MODEL_FILE
TEXTS = ["Ceci est un article de presse en français, publié à Paris par une agence.",
         "TOKYO -- Nissan Motor Co. said on Thursday it would invest $2 billion in batteries.",
         "Bundeskanzler Olaf Scholz hat am Freitag in Berlin einen neuen Plan vorgestellt.",
         "12 345 678 90 -- 1,234.5 | 3.14 | 2.72", ""]


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "newsld"


@pytest.fixture(scope="module")
def reference():
    return langid.LanguageIdentifier.from_modelpath(PACKED, norm_probs=True)


def same_identifier(made, reference) -> None:
    assert np.array_equal(made.nb_ptc, reference.nb_ptc) and np.array_equal(made.nb_pc, reference.nb_pc)
    assert list(made.nb_classes) == list(reference.nb_classes)
    assert made.tk_nextmove == reference.tk_nextmove and made.tk_row == reference.tk_row
    assert list(made.tk_output) == list(reference.tk_output)
    assert [made.classify(t) for t in TEXTS] == [reference.classify(t) for t in TEXTS]


def test_the_unpacked_model_gives_py3langids_own_identifier(cache, reference):
    same_identifier(language_identifier(), reference)
    assert [p.suffix for p in cache.iterdir()] == [".npz"]


def test_the_model_is_unpacked_once_and_read_from_the_cache_after(cache, monkeypatch, reference):
    language_identifier()
    monkeypatch.setattr(langid_model.lzma, "open", lambda *a, **k: pytest.fail("unpacked again"))
    same_identifier(language_identifier(), reference)


def test_without_a_cache_directory_py3langid_loads_its_model_itself(tmp_path, monkeypatch, reference):
    (tmp_path / "file").write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    same_identifier(language_identifier(), reference)


def test_a_damaged_cache_is_passed_over_and_dropped(cache, reference):
    unpacked = langid_model.cached_model(PACKED)
    unpacked.write_bytes(unpacked.read_bytes()[:1000])
    same_identifier(language_identifier(), reference)
    assert not unpacked.exists()


def test_the_cache_is_in_xdg_cache_home(cache):
    assert cache_dir() == cache


def test_a_cache_path_that_is_no_file_is_passed_over_and_left(cache, reference):
    unpacked = langid_model.cached_model(PACKED)
    unpacked.unlink()
    unpacked.mkdir()
    same_identifier(language_identifier(), reference)
    assert unpacked.is_dir()


def test_a_model_whose_moves_lead_out_of_its_table_is_dropped(cache, reference):
    unpacked = langid_model.cached_model(PACKED)
    with np.load(unpacked) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["nextmove"] = arrays["nextmove"][:256]
    with unpacked.open("wb") as handle:
        np.savez(handle, **arrays)
    same_identifier(language_identifier(), reference)
    assert not unpacked.exists()


def test_without_a_home_directory_py3langid_loads_its_model_itself(monkeypatch, reference):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    same_identifier(language_identifier(), reference)


def test_a_relative_cache_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "newsld"


def test_a_temp_file_a_killed_unpacking_left_is_removed_later(cache, reference):
    cache.mkdir(parents=True)
    unpacked = langid_model.cached_model(PACKED)
    unpacked.unlink()
    stale = cache / f".{unpacked.name}.abc123.tmp"
    stale.write_bytes(b"half an unpacking")
    old = stale.stat().st_mtime - langid_model.STALE_TEMP - 10
    os.utime(stale, (old, old))
    same_identifier(language_identifier(), reference)
    assert not stale.exists() and unpacked.is_file()
