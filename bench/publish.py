"""End-to-end publishing speed against the NER floor, per stage, with peak memory.

    .venv/bin/python bench/publish.py                   # N = 100, 1000, 5000
    .venv/bin/python bench/publish.py --sizes 100 1000  # other sizes
    .venv/bin/python bench/publish.py --workers 2       # the publish run with a process pool
    .venv/bin/python bench/publish.py --kinds text      # wire stories only (or: html, web pages only)
    .venv/bin/python bench/publish.py --repeats 3       # each program 3 times, alternating, least CPU kept

For each N it builds a corpus of N articles (the text and HTML articles of
../shared/corpus/ and the seed, repeated under unique names), then, each in a
fresh process so that peak memory is its own:
  * the NER floor: spaCy with the same models and components doing nothing but
    NER (nlp.pipe, same batch size, same number of processes) over the same texts,
    each text by the model of its language as publish does (French by the French
    model, none where no model is configured), each model's load charged;
  * the page floor: the same NER, and trafilatura's `bare_extraction` on every page;
  * the hand-written peer (`bench/peer.py`): trafilatura, extruct, spaCy, an rdflib
    mapping and rdflib's serializers, no validation;
  * `newsld publish` end to end (validation, Turtle, JSON-LD, dataset files,
    embedded store), with seconds per stage from its --profile report.
CPU time (user + system of each process and its children) is reported beside wall
time: the floors are charged with their model's load, the peer and publish with
their whole program.
It prints articles per second, the ratio to the floor, seconds per stage (summed
over workers) and each stage's share of the floor's NER time (88% of the floor's
rate leaves 0.136 of it for everything but NER), peak memory of each run (its process tree), and the embedded store's
load rate against pyoxigraph's own `bulk_load` of the same N-Quads (the run's
dataset.nq, timed right after), and writes bench/results/publish-w{workers}.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.88
"""Publish's target rate, as a share of the NER floor's."""
NER_STAGE = "NER"
"""publish's stage of spaCy's own work (`nlp.pipe`); what newsld makes of its output is the `entities` stage."""
SHARED = Path(os.environ.get("NEWSLD_SHARED", ROOT.parent / "shared"))


KINDS = ("text", "html")


def build_corpus(directory: Path, count: int, kinds: tuple[str, ...] = KINDS) -> list[Path]:
    """N inputs cycling through the corpus' text articles and the seed and its HTML pages (`kinds`), each under
    its own name and, for pages, its own URL (a page's IRI is its canonical URL: copies would otherwise be one
    article)."""
    corpus = SHARED / "corpus"
    sources = []
    if "text" in kinds:
        sources += [ROOT / "examples" / "000_76c7baf359d68961.txt"]
        sources += sorted(p for p in corpus.glob("d0*.txt") if p.name.count(".") == 1)
    if "html" in kinds:
        sources += sorted(corpus.glob("d0*.html"))
    directory.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        source = sources[number % len(sources)]
        data = source.read_bytes()
        if source.suffix == ".txt" and not data.lstrip().startswith((b"date ", b"---")):
            data = b"---\ndatePublished: 2019-11-19\n---\n" + data  # corpus stories without a year
        if source.suffix == ".html" and number >= len(sources):
            data = _unique_urls(data, source, number)
        target = directory / f"a{number:05d}-{source.stem}{source.suffix}"
        target.write_bytes(data)
        made.append(target)
    return made


def _unique_urls(data: bytes, source: Path, number: int) -> bytes:
    """The page with every spelling of its own URL (ground truth's, and what newsld takes as its IRI)
    given a `?copy=N` of its own."""
    urls = {json.loads(source.with_suffix(".json").read_text(encoding="utf-8")).get("url"), _page_iri(source)}
    for url in sorted(filter(None, urls), key=len, reverse=True):
        data = data.replace(url.encode(), f"{url}?copy={number}".encode())
    return data


@lru_cache(maxsize=None)
def _page_iri(source: Path) -> str:
    from pipeline import publish_file

    return str(publish_file(str(source)).iri)


NER_FLOOR = r"""
import json, sys, time, resource
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from pipeline.sources import read_input
from pipeline.extract import extract
from pipeline.extract.annotate import BATCH_SIZE, _ner_text
from pipeline.config import Config
from pipeline.nlp import load_model
paths = [l for l in Path(sys.argv[2]).read_text().splitlines() if l]
workers = int(sys.argv[3])
config = Config()
texts = {}
for p in paths:
    for doc in read_input(p):
        article = extract(doc, config)
        # as annotate(): each article is read by the model of its language, none where none is configured
        language = (article.language or config.language).split("-")[0].lower()
        if language in config.models:
            texts.setdefault(language, []).append(_ner_text(article)[0])
def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
cpu_started = cpu()
seconds = 0.0
for language, group in texts.items():
    nlp = load_model(config.models[language])  # charged, as publish pays each model it uses
    started = time.perf_counter()
    for _ in nlp.pipe(group, batch_size=BATCH_SIZE, n_process=workers):
        pass
    seconds += time.perf_counter() - started
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu() - cpu_started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PAGE_FLOOR = NER_FLOOR.replace(
    """texts = {}
for p in paths:""", """import trafilatura
texts = {}
for p in (p for p in paths if not p.endswith(".html")):""").replace(
    """cpu_started = cpu()
""", """cpu_started = cpu()
from pipeline.language import detect_language
for p in (p for p in paths if p.endswith(".html")):  # the page floor: trafilatura reads each page
    found = trafilatura.bare_extraction(Path(p).read_bytes().decode("utf-8", "replace"), with_metadata=True)
    text = getattr(found, "text", None) or ""
    language = detect_language(text) or config.language  # as publish, no NER without a model for the language
    if language in config.models:
        texts.setdefault(language, []).append(text)
""")
"""NER over the same texts, and trafilatura's `bare_extraction` on every page: the least any page pipeline
does. Stories are read as newsld reads them (outside the time charged, as for the NER floor)."""
assert "import trafilatura" in PAGE_FLOOR and "bare_extraction" in PAGE_FLOOR, "the page floor's script lost a part"


LAST_CPU: dict[str, float] = {}
"""The CPU seconds (user + system, the process and the children it waited for) of the last `run`."""


def run(command: list[str]) -> tuple[int, str, str, float, float]:
    """Exit code, stdout, stderr, wall seconds and peak MB of the command's process tree (wait4 of its own);
    its CPU seconds are left in LAST_CPU["seconds"]."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        LAST_CPU["seconds"] = usage.ru_utime + usage.ru_stime
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        return child.returncode, out.read().decode(), err.read().decode(), seconds, usage.ru_maxrss / 1024


def ner_floor(paths_file: Path, workers: int, script: str = NER_FLOOR) -> dict[str, float]:
    """The floor's NER (or page floor's) wall seconds, and its CPU seconds charged with the model's load."""
    code, stdout, stderr, _, peak = run([sys.executable, "-c", script, str(ROOT), str(paths_file), str(workers)])
    if code:
        raise RuntimeError(stderr[-2000:])
    return {**json.loads(stdout.strip().splitlines()[-1]), "peak_mb": peak}


def peer(paths_file: Path, out: Path) -> dict[str, float]:
    """The hand-written peer (bench/peer.py) on the same inputs: wall and CPU seconds of the whole program."""
    code, _, stderr, seconds, peak = run([sys.executable, str(ROOT / "bench" / "peer.py"), str(paths_file), str(out)])
    if code:
        raise RuntimeError(stderr[-2000:])
    return {"seconds": seconds, "cpu_seconds": LAST_CPU["seconds"], "peak_mb": peak}


def publish(inputs: Path, out: Path, workers: int) -> dict[str, object]:
    command = [sys.executable, "-m", "pipeline", "publish", str(inputs), "--out", str(out), "--format", "json",
               "--profile"]
    if workers > 1:
        command += ["--workers", str(workers)]
    code, stdout, stderr, seconds, peak = run(command)
    if code not in (0, 1):
        raise RuntimeError(stderr[-2000:])
    try:
        report = json.loads(stdout)
    except ValueError:
        raise RuntimeError(f"publish printed no report (exit {code}): {stderr[-2000:]}") from None
    return {"seconds": seconds, "cpu_seconds": LAST_CPU["seconds"], "published": report["summary"]["published"],
            "stages": report.get("profile", {}), "peak_mb": peak}


def bulk_load_rate(nquads: Path, store_dir: Path) -> tuple[int, float]:
    """Quads in the file, and pyoxigraph's own bulk_load rate on it (quads per second) into a fresh store."""
    from pyoxigraph import RdfFormat, Store

    quads = sum(1 for line in nquads.open("rb") if line.strip() and not line.startswith(b"#"))
    store = Store(str(store_dir))
    started = time.perf_counter()
    store.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
    seconds = time.perf_counter() - started
    del store
    return quads, quads / seconds


def outside_ner(stages: dict[str, float], floor_seconds: float) -> dict[str, float]:
    """Each stage's seconds besides NER as a share of the floor's NER seconds (with workers: the floor's wall
    time times their number, as stages are summed over workers), with what publish's NER took beyond the
    floor's (the same texts, the same model: about nothing), and their total. Reaching TARGET of the floor's
    rate leaves 1 / TARGET - 1 (0.136) of it for all of them."""
    shares = {stage: seconds / floor_seconds for stage, seconds in stages.items()
              if stage not in (NER_STAGE, "peak_mb")}
    shares["NER overhead"] = max(0.0, stages.get(NER_STAGE, 0.0) - floor_seconds) / floor_seconds
    shares["total"] = sum(shares.values())
    return {stage: round(share, 3) for stage, share in sorted(shares.items(), key=lambda item: -item[1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS),
                        help="which inputs make the corpus: wire stories (text), web pages (html) or both (e.g. --kinds text)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="runs of each program, alternating; each is reported by its run of least CPU time "
                             "(a shared machine's noise only ever adds time), e.g. --repeats 3")
    args = parser.parse_args()
    results = []
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            inputs = Path(tmp) / "in"
            paths = build_corpus(inputs, count, tuple(args.kinds))
            paths_file = Path(tmp) / "paths.txt"
            paths_file.write_text("\n".join(map(str, paths)))
            runs: dict[str, list[dict]] = {"floor": [], "page floor": [], "peer": [], "publish": []}
            for _ in range(args.repeats):
                runs["floor"].append(ner_floor(paths_file, args.workers))
                runs["page floor"].append(ner_floor(paths_file, args.workers, PAGE_FLOOR))
                shutil.rmtree(Path(tmp) / "peer", ignore_errors=True)
                runs["peer"].append(peer(paths_file, Path(tmp) / "peer"))
                shutil.rmtree(Path(tmp) / "out", ignore_errors=True)
                runs["publish"].append(publish(inputs, Path(tmp) / "out", args.workers))
            floor, page_floor, hand_written, done = (min(r, key=lambda run: run["cpu_seconds"]) for r in runs.values())
            quads, bulk_rate = bulk_load_rate(Path(tmp) / "out" / "dataset.nq", Path(tmp) / "bulk")
            shutil.rmtree(Path(tmp) / "out", ignore_errors=True)
        load_seconds = done["stages"].get("load", 0.0)
        row = {"articles": count, "kinds": args.kinds, "workers": args.workers, "repeats": args.repeats,
               "published": done["published"],
               "ner_floor_articles_per_s": round(count / floor["seconds"], 1),
               "publish_articles_per_s": round(count / done["seconds"], 1),
               "ratio_to_floor": round(floor["seconds"] / done["seconds"], 3),
               "cpu": {"publish": round(done["cpu_seconds"], 1), "ner_floor": round(floor["cpu_seconds"], 1),
                       "page_floor": round(page_floor["cpu_seconds"], 1), "peer": round(hand_written["cpu_seconds"], 1),
                       "ratio_to_ner_floor": round(floor["cpu_seconds"] / done["cpu_seconds"], 3),
                       "ratio_to_page_floor": round(page_floor["cpu_seconds"] / done["cpu_seconds"], 3),
                       "ratio_to_peer": round(hand_written["cpu_seconds"] / done["cpu_seconds"], 3)},
               "peer_seconds": round(hand_written["seconds"], 1),
               "publish_seconds": round(done["seconds"], 1), "stages": done["stages"],
               "peak_mb": round(done["peak_mb"], 1), "ner_floor_peak_mb": round(floor["peak_mb"], 1),
               "quads": quads, "embedded_load_quads_per_s": round(quads / load_seconds) if load_seconds else None,
               "outside_ner_share_of_floor": outside_ner(done["stages"], floor["seconds"] * args.workers),
               "bulk_load_quads_per_s": round(bulk_rate),
               "load_ratio_to_bulk_load": round(quads / load_seconds / bulk_rate, 3) if load_seconds else None}
        results.append(row)
        print(json.dumps(row), flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if set(args.kinds) == set(KINDS) else "-" + "-".join(args.kinds)
    (out / f"publish-w{args.workers}{suffix}.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'N':>6} {'floor a/s':>10} {'publish a/s':>12} {'ratio':>6} {'peak MB':>8} {'load/bulk_load':>15}")
    for row in results:
        print(f"{row['articles']:>6} {row['ner_floor_articles_per_s']:>10} {row['publish_articles_per_s']:>12} "
              f"{row['ratio_to_floor']:>6} {row['peak_mb']:>8} {row['load_ratio_to_bulk_load']!s:>15}")
    print("CPU seconds (user + system, children included; floors charged with the model load), and the floors' "
          "and the peer's CPU as a share of publish's (above 1: publish uses less):")
    for row in results:
        c = row["cpu"]
        print(f"{row['articles']:>6} publish {c['publish']} | NER floor {c['ner_floor']} ({c['ratio_to_ner_floor']}) | "
              f"page floor {c['page_floor']} ({c['ratio_to_page_floor']}) | peer {c['peer']} ({c['ratio_to_peer']})")
    print(f"Time outside NER, as a share of the floor's NER time ({TARGET:.0%} of the floor allows "
          f"{1 / TARGET - 1:.3f} in total):")
    for row in results:
        print(f"{row['articles']:>6} " + ", ".join(f"{stage} {share}" for stage, share in
                                                   row["outside_ner_share_of_floor"].items()))


if __name__ == "__main__":
    main()
