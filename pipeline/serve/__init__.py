"""Linked data you can look up: `newsld serve` answers for every IRI newsld minted, and `newsld site`
writes the same documents as static files.

Data flows one way: a source (`source.py`: the embedded store or a SPARQL
server) gives graphs and query answers; `documents.py` makes each document from
them with the same serializers publish uses; `app.py` chooses the document by
path and `Accept` and answers over HTTP (`server.py` runs it under gunicorn);
`site.py` writes every document to a directory instead.
"""
from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..store import StoreError
from .app import App, Options
from .documents import Site
from .source import EmbeddedSource, EndpointSource, Source


def open_source(config: Config, store_dir: Path, endpoint: str | None) -> Source:
    """The embedded store in `store_dir`, or the SPARQL server at `endpoint` (or `[store]` in newsld.toml)."""
    endpoint = endpoint or config.store.endpoint
    if endpoint:
        from ..store.remote import Endpoints, RemoteStore

        return EndpointSource(RemoteStore(Endpoints.derive(endpoint, query=config.store.query,
                                                           update=config.store.update,
                                                           graph_store=config.store.graph_store)))
    return EmbeddedSource(store_dir)


def make_app(config: Config, store_dir: Path, endpoint: str | None, options: Options) -> App:
    return App(open_source(config, store_dir, endpoint), options)


__all__ = ["App", "Options", "Site", "StoreError", "make_app", "open_source"]
