"""The allocator setting publish makes for its NER batches: memory freed is kept for the next batch."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GROWING_BLOCKS = """
import resource, sys
sys.path.insert(0, {root!r})
if {keep}:
    from pipeline.allocator import keep_freed_memory
    assert keep_freed_memory()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for i in range(50):  # each block a little bigger than the last, as spaCy's arrays grow with a batch's texts
    block = bytearray(2_000_000 + i * 8192)
    del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def faults(keep: bool) -> int:
    script = GROWING_BLOCKS.format(root=str(Path(__file__).resolve().parent.parent), keep=keep)
    return int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)


def test_blocks_freed_and_taken_again_are_not_faulted_in_again():
    assert faults(keep=True) * 5 < faults(keep=False)
