"""Benchmark of extract/: text-layer pages per second, and OCR against raw tesseract.

Prints figures; asserts nothing. Run with `make bench` or `python -m bench.extract`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"

import pymupdf  # noqa: E402

from corpus.synth.build import scanned  # noqa: E402
from corpus.synth.compose import compose  # noqa: E402
from corpus.synth.render import render  # noqa: E402
from corpus.synth.scan import ScanStyle  # noqa: E402
from extract import recognise  # noqa: E402
from extract.pdf import render_page  # noqa: E402
from extract.pipeline import extract_bytes  # noqa: E402

TEXT_LETTERS = 60
OCR_PAGES = 4


def text_layer() -> None:
    letters = [render(compose(seed))[0] for seed in range(1, TEXT_LETTERS + 1)]
    extract_bytes(letters[0], name="warm.pdf")  # imports, dictionaries
    pages = 0
    wall = time.perf_counter()
    cpu = time.process_time()
    for i, data in enumerate(letters):
        pages += len(extract_bytes(data, name=f"{i}.pdf").pages)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    print(f"text layer: {pages} pages in {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"-> {pages / wall:.0f} pages/s on one core")


def ocr() -> None:
    images = []
    for seed in (2, 5, 9, 14):
        data, _ = scanned(compose(seed), ScanStyle(dpi=200), seed=seed)
        doc = pymupdf.open(stream=data, filetype="pdf")
        for index in range(doc.page_count):
            page = doc[index]
            images.append(render_page(page, dpi=300, max_pixels=60_000_000))
    images = images[:OCR_PAGES]
    ours, raw = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (image, dpi) in enumerate(images):
            path = Path(tmp) / f"page{i}.pgm"
            image.save(path, format="PPM")
            for _ in range(2):  # interleaved, twice each
                t = time.perf_counter()
                subprocess.run(["tesseract", str(path), str(Path(tmp) / "out"), "-l", "vie",
                                "--psm", "3", "--dpi", str(round(dpi)), "tsv"],
                               check=True, capture_output=True)
                raw.append(time.perf_counter() - t)
                t = time.perf_counter()
                recognise.ocr_page(image=image, dpi=dpi, timeout=120, number=i + 1)
                ours.append(time.perf_counter() - t)
    r, o = statistics.median(raw), statistics.median(ours)
    print(f"OCR (300 dpi page images, OMP_THREAD_LIMIT=1): raw tesseract {r:.2f} s/page, "
          f"congvan ocr_page {o:.2f} s/page -> overhead {100 * (o / r - 1):+.1f}%")


if __name__ == "__main__":
    text_layer()
    ocr()
