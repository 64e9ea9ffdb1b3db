"""Benchmark of `congvan ingest`: its pages per minute against raw tesseract's; memory.

Pages per minute with 1 and 2 workers beside raw tesseract run 1 and 2 at a time on the same
page images (their ratio, end to end: the command's start, planning, OCR, reading, storing),
the seconds a 500-page blank TIFF takes, and peak memory as the archive grows.

Prints figures; asserts nothing.
`python -m bench.ingest [--scans 16] [--blank 500] [--rss 1000,10000]`.
Targets: congvan's pages/min >= 0.90 of raw tesseract's, with 1 and with 2 workers (issue 19;
the 2-worker speed-up >= 90% of raw tesseract's, issue 7); the 500-page blank TIFF answered
within 60 s; peak RSS for 10,000 born-digital letters < 1 GB and flat from 1,000 to 10,000.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pymupdf

from corpus.synth import hostile
from corpus.synth.build import corpus_scan_style, scanned
from corpus.synth.compose import compose
from corpus.synth.render import render
from extract.pdf import render_page


def _scans(folder: Path, count: int) -> int:
    """Write `count` scanned letters; their page count."""
    pages = 0
    for seed in range(count):
        letter = compose(7000 + seed)
        data, _ = scanned(letter, corpus_scan_style(letter), seed=seed)
        (folder / f"quét-{seed:03d}.pdf").write_bytes(data)
        pages += pymupdf.open(stream=data, filetype="pdf").page_count
    return pages


def _page_images(folder: Path, out: Path) -> list[Path]:
    """The scans' pages as 300 dpi grey images, as the pipeline hands them to Tesseract."""
    paths = []
    for pdf in sorted(folder.glob("*.pdf")):
        doc = pymupdf.open(pdf)
        for index in range(doc.page_count):
            image, _ = render_page(doc[index], dpi=300, max_pixels=60_000_000)
            path = out / f"{pdf.stem}-{index}.pgm"
            image.convert("L").save(path, format="PPM")
            paths.append(path)
    return paths


def _raw_tesseract(images: list[Path], at_once: int) -> float:
    """Pages per minute of raw `tesseract` processes, `at_once` of them at a time."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        subprocess.run(["tesseract", str(path), str(path.with_suffix("")), "-l", "vie",
                        "--psm", "3", "--dpi", "300", "tsv"], check=True, capture_output=True,
                       env=env)

    one(images[0])  # warm: the model and the images in the page cache, as for the pipeline
    started = time.perf_counter()
    with ThreadPoolExecutor(at_once) as pool:
        list(pool.map(one, images))
    return len(images) / (time.perf_counter() - started) * 60


def _ingest(folder: Path, workers: int) -> tuple[float, int, float]:
    """Seconds, documents, and peak RSS (MB, the command and its workers) of one ingest run."""
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "CONGVAN_DATA_DIR": data}
        env.pop("CONGVAN_DATABASE_URL", None)
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "api", "ingest", str(folder),
                                 "--workers", str(workers), "--quiet"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_mb(proc.pid))
            time.sleep(0.2)
        return time.perf_counter() - started, len(list(folder.glob("*.pdf"))), peak


def _start_up(tmp: Path) -> float:
    """Seconds `congvan ingest` takes over one born-digital letter: its fixed cost."""
    folder = tmp / "one"
    folder.mkdir()
    (folder / "thư.pdf").write_bytes(render(compose(20_000))[0])
    seconds, _, _ = _ingest(folder, 1)
    return seconds


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if entry.name != str(pid) and stat[1] != str(pid):
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, IndexError):
            continue
    return total / 1024


def speed(count: int) -> None:
    """Pages per minute, 1 and 2 workers, beside raw tesseract 1 and 2 at a time."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scans"
        folder.mkdir()
        pages = _scans(folder, count)
        images_dir = Path(tmp) / "images"
        images_dir.mkdir()
        images = _page_images(folder, images_dir)
        raw1, raw2 = _raw_tesseract(images, 1), _raw_tesseract(images, 2)
        one, _, _ = _ingest(folder, 1)
        two, _, _ = _ingest(folder, 2)
        start = _start_up(Path(tmp))
    ours1, ours2 = pages / one * 60, pages / two * 60
    raw_gain, our_gain = raw2 / raw1, ours2 / ours1
    print(f"{count} scanned letters, {pages} pages at 200 dpi, {os.cpu_count()} cores")
    print(f"raw tesseract: {raw1:.1f} pages/min one at a time, {raw2:.1f} two at a time "
          f"-> x{raw_gain:.2f}")
    print(f"congvan ingest: {ours1:.1f} pages/min with 1 worker, {ours2:.1f} with 2 "
          f"-> x{our_gain:.2f}")
    print(f"congvan / raw tesseract: {ours1 / raw1:.2f} with 1 worker, {ours2 / raw2:.2f} "
          "with 2 (target >= 0.90)")
    # The command's own start (imports, database, worker processes, their first letter) is
    # paid once a run however long the archive: the rate once it has started, beside it.
    after1, after2 = pages / (one - start) * 60, pages / (two - start) * 60
    print(f"start-up (one born-digital letter, 1 worker): {start:.1f} s; without it: "
          f"{after1:.1f} / {after2:.1f} pages/min -> {after1 / raw1:.2f} / {after2 / raw2:.2f} "
          "of raw tesseract's")
    share = 100 * our_gain / raw_gain
    print(f"the pipeline's speed-up is {share:.0f}% of raw tesseract's (target >= 90%)")


def blank_tiff(pages: int) -> None:
    """Seconds `congvan ingest` takes over a batch scan of `pages` blank sheets, 1 worker."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = hostile.blank_tiff(pages)
        (folder / "trắng.tif").write_bytes(data)
        seconds, _, peak = _ingest(folder, 1)
    print(f"a {pages}-page blank TIFF ({len(data) // 1024} KB): {seconds:.1f} s end to end, "
          f"peak RSS {peak:.0f} MB (target < 60 s)")


def memory(sizes: list[int]) -> None:
    """Peak RSS of ingesting born-digital archives of each size."""
    letters = [render(compose(20_000 + i))[0] for i in range(50)]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for i in range(size):  # 50 letters, each made unique by a trailing comment
                data = letters[i % 50] + f"\n% congvan bench {i}\n".encode()
                (folder / f"thư-{i:05d}.pdf").write_bytes(data)
            seconds, docs, peak = _ingest(folder, 2)
        print(f"{size} born-digital letters: {seconds:.0f} s ({docs / seconds:.1f} letters/s), "
              f"peak RSS {peak:.0f} MB (target < 1024 MB, flat as the archive grows)")


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=16, help="0: no speed figures")
    parser.add_argument("--blank", type=int, default=500, help="0: no blank TIFF")
    parser.add_argument("--rss", default="1000,10000")
    args = parser.parse_args()
    if args.scans:
        speed(args.scans)
    if args.blank:
        blank_tiff(args.blank)
    memory([int(x) for x in args.rss.split(",") if x])


if __name__ == "__main__":
    main()
