"""Shared fixtures: the seed, the shared corpus beside the checkout, the schema.org vocabulary."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_76c7baf359d68961.txt"


def shared_dir() -> Path:
    """`../shared` beside the checkout (CI lays it there), or $NEWSLD_SHARED."""
    return Path(os.environ.get("NEWSLD_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    corpus = shared_dir() / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"dev corpus not found at {corpus} (set NEWSLD_SHARED)")
    return corpus


@pytest.fixture(scope="session")
def schemaorg_dir() -> Path:
    directory = shared_dir() / "schemaorg"
    if not directory.is_dir():
        pytest.skip(f"schema.org vocabulary not found at {directory} (set NEWSLD_SHARED)")
    return directory


@pytest.fixture(scope="session")
def stories(seed_path) -> list[Path]:
    """The seed and, where the dev corpus is present, its plain-text wire stories."""
    corpus = shared_dir() / "corpus"
    return [seed_path, *sorted(p for p in corpus.glob("d0*.txt") if p.name.count(".") == 1)]
