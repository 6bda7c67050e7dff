"""Shared fixtures: the seed, the shared corpus beside the checkout, the schema.org vocabulary."""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

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


def publish_outputs(inputs: Path, out: Path, *options: str) -> dict[str, bytes]:
    """Publish `inputs` without loading and return the output files by name, less those that name their
    directory (manifest.json, report.json): what two runs into different directories must agree on."""
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["publish", str(inputs), "--out", str(out), "--no-load", *options])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in out.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.name not in ("manifest.json", "report.json")}


def write_stories(directory: Path, count: int) -> None:
    """`count` short dated wire stories, each with its own amount."""
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (directory / f"s{number}.txt").write_text(
            f"date 2022-01-2{number % 10} TOKYO -- Renault said on Thursday it would invest ${number + 1} billion.",
            encoding="utf-8")


# A story whose every text field tries to end a <script> element or open a comment (embed and browser tests).
INJECTION = "</script><script>window.pwned=1</script>"

STORY = f"""---
headline: Parser trips on {INJECTION} & <!-- comments -->
url: https://news.example.org/2024/03/parser
author: Jane Doe
datePublished: 2024-03-05
language: en
---
BERLIN -- Acme Corp. said on Tuesday that its parser had choked on {INJECTION} in a headline & on <!-- markup -->.

"Never trust {INJECTION} or <!-- in text,\u2028 it breaks everything," said Acme Chief Executive Officer Max Mustermann.

The company said it would fix the bug & publish a report.

Information for this article was contributed by Erika Musterfrau of The Associated Press.
"""


class SiteHandler(BaseHTTPRequestHandler):
    """A page server's handler for the tests' local sites on 127.0.0.1 (the live web cannot run here)."""

    def send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that gave up (a timeout under test) is no error of the site's; anything else is printed.
        socketserver prints to whatever sys.stderr is at that moment: another test's captured output."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def local_site(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server on a free port of 127.0.0.1 while the block runs; yields its base URL."""
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def require_program(path: Path, package: str) -> None:
    """A Debian program a test drives: skipped where it is not installed, a failure under CI (which installs it)."""
    if not path.exists():
        message = f"{path} not found (apt-get install {package})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def as_linked_data(graph):
    """A graph read from the search profile, with its literals as the linked-data form types them: schema:Date
    and schema:DateTime as xsd:date and xsd:dateTime, every number as its xsd:decimal value. The search
    profile and the published Turtle are isomorphic after this, and only after it."""
    from decimal import Decimal

    from rdflib import XSD, Graph, Literal, URIRef

    schema_dates = {URIRef("http://schema.org/Date"): XSD.date, URIRef("http://schema.org/DateTime"): XSD.dateTime}
    numbers = {XSD.integer, XSD.decimal, XSD.double, XSD.float}
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in schema_dates:
            o = Literal(str(o), datatype=schema_dates[o.datatype])
        elif isinstance(o, Literal) and o.datatype in numbers and p != URIRef("http://schema.org/wordCount"):
            o = Literal(Decimal(str(o)).normalize(), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def graph_from_jsonld(document):
    """Parse JSON-LD with PyLD and the local schema.org context (no network)."""
    from pyld import jsonld
    from rdflib import Graph

    from pipeline.serialize import document_loader

    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": document_loader})
    return Graph().parse(data=nquads, format="nt")
