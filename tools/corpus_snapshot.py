"""The whole dev corpus published, as one fingerprint: for a refactoring that must change no byte of output.

    .venv/bin/python tools/corpus_snapshot.py before.json                      # publish, fingerprint, save
    .venv/bin/python tools/corpus_snapshot.py after.json --compare before.json # ... and list what differs

Every input of the corpus (pages and wire stories) is published with `--html` into one fixed directory (so the
absolute paths the manifest records are the same run after run), loading the embedded store. The fingerprint
is the sha256 of every file of the output (the article files, the dataset files, report.json, manifest.json)
and of the store's quads, sorted, as N-Quads. Exit 1 when `--compare` finds a difference.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path("/tmp/newsld-corpus-snapshot")


def corpus() -> Path:
    return Path(os.environ.get("NEWSLD_SHARED", ROOT.parent / "shared")) / "corpus"


def publish(inputs: list[Path]) -> Path:
    shutil.rmtree(WORK, ignore_errors=True)
    out = WORK / "out"
    subprocess.run([sys.executable, "-m", "pipeline", "publish", *map(str, inputs), "--out", str(out), "--html"],
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return out


def fingerprint(out: Path) -> dict[str, str]:
    from pyoxigraph import RdfFormat, Store, serialize

    prints = {str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
              for path in sorted(out.rglob("*")) if path.is_file() and "store" not in path.relative_to(out).parts
              and not path.name.startswith(".")}
    store = Store.read_only(str(out / "store"))
    lines = sorted(serialize(store, format=RdfFormat.N_QUADS).decode("utf-8").splitlines(keepends=True))
    prints["store (N-Quads, sorted)"] = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
    return prints


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("save", type=Path, help="where to write the fingerprint (JSON)")
    parser.add_argument("--compare", type=Path, help="an earlier fingerprint to compare with")
    args = parser.parse_args(argv)
    inputs = sorted(p for p in corpus().glob("d0*.*") if p.suffix in (".html", ".txt") and p.name.count(".") == 1)
    prints = fingerprint(publish(inputs))
    args.save.write_text(json.dumps(prints, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(inputs)} inputs, {len(prints)} fingerprints -> {args.save}")
    if args.compare is None:
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = sorted(name for name in before.keys() | prints.keys() if before.get(name) != prints.get(name))
    for name in differ:
        print(f"differs: {name}")
    print("identical" if not differ else f"{len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
