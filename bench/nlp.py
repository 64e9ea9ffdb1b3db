"""Benchmark of nlp/: start-up of the pipeline, and a 2-page born-digital letter end to end.

Prints figures; asserts nothing. Run with `make bench` or `python -m bench.nlp`.
Targets (issue 3): start-up (models loaded) under 3 s; extract + fields under 150 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

os.environ["OMP_THREAD_LIMIT"] = "1"

STARTUP = (
    "import time; t = time.perf_counter(); from nlp.pipeline import nlp; nlp(); "
    "from nlp.read import read_letter; print(time.perf_counter() - t)"
)
ROUNDS = 40


def startup_seconds() -> float:
    """Seconds a fresh interpreter takes to import and load the pipeline (median of 3)."""
    runs = [float(subprocess.run([sys.executable, "-c", STARTUP], check=True,
                                 capture_output=True, text=True).stdout) for _ in range(3)]
    return statistics.median(runs)


def main() -> None:
    """Print the figures."""
    from corpus.synth.compose import compose
    from corpus.synth.render import render
    from extract.pipeline import extract_bytes
    from nlp.read import read_letter

    print(f"pipeline start-up (imports, spaCy, underthesea loaded): {startup_seconds():.2f} s "
          "(target < 3 s)")
    seed = next(s for s in range(1, 300) if len(render(compose(s))[1]) == 2)
    data, _ = render(compose(seed))
    read_letter(extract_bytes(data, name="warm.pdf"))
    extract_ms, read_ms, total_ms = [], [], []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        extraction = extract_bytes(data, name="letter.pdf")
        t1 = time.perf_counter()
        read_letter(extraction)
        t2 = time.perf_counter()
        extract_ms.append((t1 - t0) * 1000)
        read_ms.append((t2 - t1) * 1000)
        total_ms.append((t2 - t0) * 1000)
    print(f"2-page born-digital letter (seed {seed}), median of {ROUNDS}: extract "
          f"{statistics.median(extract_ms):.1f} ms + fields {statistics.median(read_ms):.1f} ms "
          f"= {statistics.median(total_ms):.1f} ms end to end (target < 150 ms)")


if __name__ == "__main__":
    main()
