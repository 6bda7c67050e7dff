"""`newsld serve` against Oxigraph server: requests per second and p50/p99 latency at concurrency 1, 8, 32.

    .venv/bin/python bench/serve.py                    # publishes 1,000 articles first (a few minutes)
    .venv/bin/python bench/serve.py --out /tmp/out1k   # an output published before (its store and dataset.nq)
    .venv/bin/python bench/serve.py --seconds 5        # shorter runs

Needs wrk (`apt-get install wrk`), the load generator both servers are measured with.
Articles: `newsld serve` gives each article's Turtle (`/article/{slug}`, Accept: text/turtle);
Oxigraph server (`oxigraph serve-read-only` over the same dataset.nq) answers the
equivalent `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <article> { ?s ?p ?o } }`.
Entities: the entity's Turtle document (its statements and its articles) against a
CONSTRUCT of the entity's statements in every graph. Requests cycle through every
article (every entity); each cell runs after a warm-up of the same length, so
newsld's per-worker document cache is warm, as on a site between two publishes.
Target: article documents at concurrency 8 at least half of Oxigraph server's rate.
Writes bench/results/serve.json.
"""
from __future__ import annotations

import argparse
import json
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
BIN = Path(sys.executable).parent
CONCURRENCY = (1, 8, 32)
TARGET = 0.5
LUA = """
paths = {}
for line in io.lines(os.getenv("NEWSLD_BENCH_PATHS")) do paths[#paths + 1] = line end
counter = math.random(#paths)
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Accept"] = "text/turtle"})
end
"""
ENTITY_CONSTRUCT = "CONSTRUCT {{ {e} ?p ?o }} WHERE {{ GRAPH ?g {{ {e} ?p ?o }} }}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(url: str) -> None:
    for _ in range(300):
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise SystemExit(f"no answer from {url}")


def wrk(base: str, paths: list[str], connections: int, seconds: int, work: Path) -> dict[str, float]:
    """One wrk run cycling through `paths`; requests per second and latency percentiles in ms."""
    listing, script = work / "paths.txt", work / "cycle.lua"
    listing.write_text("\n".join(paths) + "\n")
    script.write_text(LUA)
    threads = min(connections, 2)
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
                           base], capture_output=True, text=True, env={"NEWSLD_BENCH_PATHS": str(listing)})
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    out = done.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": _ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
            "p99_ms": _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
            "errors": int(errors.group(1)) if errors else 0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def publish_corpus(work: Path, count: int) -> Path:
    import publish as publish_bench

    inputs = work / "in"
    publish_bench.build_corpus(inputs, count)
    subprocess.run([str(BIN / "newsld"), "publish", str(inputs), "--out", str(work / "out")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return work / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="a publish output to serve (default: publish 1,000 articles)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsld-bench-serve-") as temp:
        work = Path(temp)
        out = args.out or publish_corpus(work, args.count)
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(work / "ox"), "--file",
                        str(out / "dataset.nq")], check=True, capture_output=True)
        newsld_port, ox_port = free_port(), free_port()
        newsld = subprocess.Popen([str(BIN / "newsld"), "serve", str(out), "--port", str(newsld_port), "--workers",
                                   str(args.workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        oxigraph = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(work / "ox"),
                                     "--bind", f"127.0.0.1:{ox_port}"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
        try:
            newsld_base, ox_base = f"http://127.0.0.1:{newsld_port}", f"http://127.0.0.1:{ox_port}"
            wait_up(newsld_base + "/robots.txt")
            wait_up(ox_base + "/")
            rows = requests.get(newsld_base + "/sparql", timeout=60, headers={"Accept": "application/json"}, params={
                "query": "SELECT ?a ?id WHERE { GRAPH ?a { ?a <http://schema.org/identifier> ?id } }"}).json()
            articles = [(b["a"]["value"], b["id"]["value"]) for b in rows["results"]["bindings"]]
            rows = requests.get(newsld_base + "/sparql", timeout=60, headers={"Accept": "application/json"}, params={
                "query": "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e a <http://schema.org/Person> } }"}).json()
            entities = [b["e"]["value"] for b in rows["results"]["bindings"]
                        if b["e"]["value"].startswith("https://newsld.example/person/")]
            suites = {
                "article": ([f"/article/{quote(slug)}" if iri.endswith(f"article/{slug}")
                             else f"/article?iri={quote(iri, safe='')}" for iri, slug in articles],
                            ["/query?query=" + quote(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
                             for iri, _ in articles]),
                "entity": (["/" + quote(e.split("/", 3)[3]) + ".ttl" for e in entities],
                           ["/query?query=" + quote(ENTITY_CONSTRUCT.format(e=f"<{e}>")) for e in entities]),
            }
            results: dict[str, dict] = {}
            for kind, (ours, theirs) in suites.items():
                for connections in CONCURRENCY:
                    cell = {}
                    for name, base, paths in (("newsld", newsld_base, ours), ("oxigraph", ox_base, theirs)):
                        wrk(base, paths, connections, args.seconds, work)  # warm-up
                        cell[name] = wrk(base, paths, connections, args.seconds, work)
                    cell["ratio"] = round(cell["newsld"]["rps"] / cell["oxigraph"]["rps"], 2)
                    results[f"{kind}-c{connections}"] = cell
                    print(f"{kind:8} c={connections:<3} newsld {cell['newsld']['rps']:8.0f} rps "
                          f"p50 {cell['newsld']['p50_ms']:6.2f} p99 {cell['newsld']['p99_ms']:6.2f} ms | "
                          f"oxigraph {cell['oxigraph']['rps']:8.0f} rps p50 {cell['oxigraph']['p50_ms']:6.2f} "
                          f"p99 {cell['oxigraph']['p99_ms']:6.2f} ms | ratio {cell['ratio']:.2f}"
                          + (f" | errors {cell['newsld']['errors']}/{cell['oxigraph']['errors']}"
                             if cell["newsld"]["errors"] or cell["oxigraph"]["errors"] else ""), flush=True)
            ratio = results["article-c8"]["ratio"]
            print(f"target: article documents at c=8 >= {TARGET:.0%} of Oxigraph server's rate: "
                  f"{ratio:.0%} {'met' if ratio >= TARGET else 'NOT met'}")
            (ROOT / "bench" / "results").mkdir(exist_ok=True)
            (ROOT / "bench" / "results" / "serve.json").write_text(json.dumps(
                {"articles": len(articles), "entities": len(entities), "workers": args.workers,
                 "seconds": args.seconds, "results": results}, indent=2) + "\n")
        finally:
            newsld.terminate()
            oxigraph.terminate()
            newsld.wait(timeout=30)
            oxigraph.wait(timeout=30)


if __name__ == "__main__":
    main()
