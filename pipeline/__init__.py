"""newsld: news articles published as schema.org linked data.

The library entry points are `publish_text` and `publish_file`; the `newsld`
command is a thin layer over them (see `pipeline.cli`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.3.0"

if TYPE_CHECKING:
    from .api import Publication, publish_document, publish_file, publish_text
    from .config import Config, load_config

__all__ = ["Config", "Publication", "load_config", "publish_document", "publish_file", "publish_text", "__version__"]


def __getattr__(name: str):
    """Import lazily so that `newsld --help` does not pay for rdflib and pyshacl."""
    if name in ("Publication", "publish_document", "publish_file", "publish_text"):
        from . import api
        return getattr(api, name)
    if name in ("Config", "load_config"):
        from . import config
        return getattr(config, name)
    raise AttributeError(name)
