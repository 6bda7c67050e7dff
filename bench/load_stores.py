"""Load throughput into each store: N article graphs (the seed's graph under N article IRIs), first load
(the bulk path) and a reload where every graph changed (the replace path).

    .venv/bin/python bench/load_stores.py [N]        # default 1000; Virtuoso only where it is installed

Prints triples per second per store and path, and writes bench/results/load_stores.json.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pyoxigraph import Literal, NamedNode, Triple  # noqa: E402

from pipeline import publish_file  # noqa: E402
from pipeline.store import NamedGraph  # noqa: E402
from pipeline.store import load, open_store  # noqa: E402
from servers import start_oxigraph, start_virtuoso, virtuoso_available  # noqa: E402


def article_graphs(count: int, version: str) -> list[NamedGraph]:
    """The seed's graph, its article IRI renamed N times; `version` changes one literal so reloads replace."""
    pub = publish_file(str(ROOT / "examples" / "000_76c7baf359d68961.txt"))
    seed = str(pub.iri)
    base = [(s, p, o) for s, p, o in pub.graph]
    graphs = []
    for number in range(count):
        name = f"{seed}-{number}"

        def term(t):
            text = str(t)
            if hasattr(t, "datatype") or hasattr(t, "language"):
                return Literal(str(t), datatype=NamedNode(str(t.datatype)) if t.datatype else None,
                               language=t.language) if t.datatype or t.language else Literal(str(t))
            return NamedNode(text.replace(seed, name, 1))

        triples = {Triple(term(s), term(p), term(o)) for s, p, o in base}
        triples.add(Triple(NamedNode(name), NamedNode("http://schema.org/version"), Literal(version)))
        graphs.append(NamedGraph(name, frozenset(triples), "bench"))
    return graphs


def measure(store, graphs: list[NamedGraph]) -> dict[str, float]:
    started = time.perf_counter()
    report = load(store, graphs)
    seconds = time.perf_counter() - started
    assert not report.failed, list(report.failed.items())[:2]
    return {"seconds": round(seconds, 2), "triples": report.triples,
            "triples_per_second": round(report.triples / seconds)}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    first, second = article_graphs(count, "1"), article_graphs(count, "2")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        targets = [("embedded", None), ("oxigraph", start_oxigraph(Path(tmp) / "oxigraph"))]
        if virtuoso_available():
            targets.append(("virtuoso", start_virtuoso(Path(tmp) / "virtuoso")))
        for kind, server in targets:
            try:
                endpoint = None if server is None else (server.query_url if kind == "virtuoso" else server.base_url)
                store = open_store(Path(tmp) / "embedded", endpoint)
                results[kind] = {"first load (bulk)": measure(store, first), "reload (replace)": measure(store, second)}
                store.close()
            finally:
                if server is not None:
                    server.stop()
    print(f"{count} articles, {sum(len(g.triples) for g in first)} triples per load")
    for kind, paths in results.items():
        for path, f in paths.items():
            print(f"  {kind:<9} {path:<18} {f['seconds']:>7.2f} s {f['triples_per_second']:>9,} triples/s")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load_stores.json").write_text(json.dumps({"articles": count, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
