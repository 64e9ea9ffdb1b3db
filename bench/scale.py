"""Benchmark of the Celery path: its speed-up with 2 workers against raw tesseract's; overhead.

On the project's generated scans: pages per minute with 1 and 2 `congvan worker`s (Redis,
PostgreSQL), beside raw `tesseract` run 1 and 2 at a time on the same page images, and beside
the embedded path (`congvan ingest` with 1 and 2 in-process workers) on the same documents.

Prints figures; asserts nothing. `python -m bench.scale [--scans 12]`.
Targets (issue 9): the Celery 2-worker speed-up >= 90% of raw tesseract's on this machine;
the Celery path's time <= 110% of the embedded path's on the same documents.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from api.store.db import make_engine
from api.store.migrate import upgrade
from bench.ingest import _ingest, _page_images, _raw_tesseract, _scans
from tests.broker import redis_url
from tests.pg import postgres_admin_url


def _celery(folder: Path, workers: int, admin_url: str, broker: str) -> float:
    """Seconds `congvan ingest` takes with `workers` Celery workers reading the letters."""
    name = f"congvan_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "CONGVAN_DATA_DIR": data, "CONGVAN_DATABASE_URL": url,
                   "CONGVAN_QUEUE": "celery", "CONGVAN_BROKER_URL": broker}
            engine = make_engine(url)
            upgrade(engine)  # before the workers, so they do not race to create the schema
            engine.dispose()
            procs = [subprocess.Popen([sys.executable, "-m", "api", "worker", "--name",
                                       f"bench{i}", "--loglevel", "WARNING"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for i in range(workers)]
            time.sleep(5)  # the workers load, connect and sweep an empty queue
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "api", "ingest", str(folder), "--quiet"],
                           env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return time.perf_counter() - started
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(60)
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, postgres_admin_url() as admin_url, \
            redis_url() as broker:
        folder = Path(tmp) / "scans"
        folder.mkdir()
        pages = _scans(folder, args.scans)
        images_dir = Path(tmp) / "images"
        images_dir.mkdir()
        images = _page_images(folder, images_dir)
        raw1, raw2 = _raw_tesseract(images, 1), _raw_tesseract(images, 2)
        embedded1, _, _ = _ingest(folder, 1)
        embedded2, _, _ = _ingest(folder, 2)
        celery1 = _celery(folder, 1, admin_url, broker)
        celery2 = _celery(folder, 2, admin_url, broker)
    print(f"{args.scans} scanned letters, {pages} pages at 200 dpi, {os.cpu_count()} cores")
    print(f"raw tesseract: {raw1:.1f} pages/min one at a time, {raw2:.1f} two at a time "
          f"-> x{raw2 / raw1:.2f}")
    for label, one, two in (("embedded (congvan ingest)", embedded1, embedded2),
                            ("celery (congvan worker)", celery1, celery2)):
        per1, per2 = pages / one * 60, pages / two * 60
        print(f"{label}: {per1:.1f} pages/min with 1 worker, {per2:.1f} with 2 -> "
              f"x{per2 / per1:.2f} ({100 * (per2 / per1) / (raw2 / raw1):.0f}% of raw "
              f"tesseract's speed-up; target >= 90%)")
    for n, emb, cel in ((1, embedded1, celery1), (2, embedded2, celery2)):
        print(f"celery against embedded, {n} worker(s): {cel:.1f} s vs {emb:.1f} s -> "
              f"{100 * (cel / emb - 1):+.1f}% (target <= +10%)")


if __name__ == "__main__":
    main()
