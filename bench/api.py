"""Benchmark of the service on loopback: 200 uploads from 20 concurrent clients.

Prints figures; asserts nothing. Run with `make bench` or `python -m bench.api`. The clients
are separate processes with plain keep-alive connections (bench/load.py).
Targets (issue 5): zero errors; upload p95 < 300 ms; GET document p95 < 50 ms; and the
documents processed per second (embedded default: SQLite, in-process workers).
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench import load
from tests.api.live import free_port, start

UPLOADS = 200
CLIENTS = 20


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _run(base: str, headers: dict[str, str], letters: list[bytes]) -> dict[str, Any]:
    """Uploads by 20 clients at once; then, every letter read, GETs by 20 clients and by one."""
    uploads = []
    for i, data in enumerate(letters):
        content_type, body = load.multipart("files", f"thu-{i}.pdf", data, "application/pdf")
        uploads.append(load.Ask("POST", "/api/documents",
                                {**headers, "Content-Type": content_type}, body))
    sent, _ = load.run(base, uploads, CLIENTS)
    ids = [json.loads(a.body)["documents"][0]["id"] for a in sent if a.status == 202]
    started = time.perf_counter()
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        pending = set(ids)
        while pending:
            for ident in list(pending):
                if client.get(f"/api/documents/{ident}").json()["status"] in ("done", "failed"):
                    pending.discard(ident)
            time.sleep(0.2)
    elapsed = time.perf_counter() - started + max(a.ms for a in sent) / 1000
    reads = [load.Ask("GET", f"/api/documents/{ident}", headers) for ident in ids]
    gets, _ = load.run(base, reads, CLIENTS)
    alone, _ = load.run(base, reads, 1)
    return {"uploads": sent, "gets": gets, "alone": alone, "ids": ids, "elapsed": elapsed}


def _line(name: str, values: list[float], target: str = "") -> str:
    return (f"{name}: p50 {statistics.median(values):.1f} ms, "
            f"p95 {_percentile(values, 0.95):.1f} ms{target}")


def measure(letters: list[bytes], processes: int) -> None:
    """Start a service with `processes` serving processes, load it, print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        proc, token = start(Path(folder) / "data", port, Path(folder) / "serve.log",
                            workers=os.cpu_count() or 1, processes=processes)
        assert token, "the service printed no admin token"
        try:
            time.sleep(3.0)  # every serving process up
            got = _run(f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}, letters)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    uploads, gets, alone = got["uploads"], got["gets"], got["alone"]
    errors = sum(u.status != 202 for u in uploads) + sum(g.status != 200 for g in gets + alone)
    ids, elapsed = got["ids"], got["elapsed"]
    size = statistics.mean(map(len, letters)) / 1e3
    print(f"\n`congvan serve --processes {processes}`: {UPLOADS} uploads of born-digital letters "
          f"({size:.0f} kB each) from {CLIENTS} concurrent clients, {os.cpu_count()} cores, "
          f"SQLite + in-process workers reading them meanwhile: {errors} errors")
    print(_line("upload latency", [u.ms for u in uploads], " (target p95 < 300 ms)"))
    print(_line("  the service's own time (Server-Timing)", [u.served_ms for u in uploads]))
    print(_line(f"GET document latency, {CLIENTS} clients at once", [g.ms for g in gets],
                " (target p95 < 50 ms)"))
    print(_line("  the service's own time (Server-Timing)", [g.served_ms for g in gets]))
    print(_line("GET document latency, one client", [a.ms for a in alone]))
    print(f"documents processed: {len(ids)} in {elapsed:.1f} s = {len(ids) / elapsed:.2f} per s")


def main() -> None:
    """Print the figures for one serving process and for two, side by side in one run."""
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    letters = [render(compose(1000 + i))[0] for i in range(UPLOADS)]
    for processes in (1, 2):
        measure(letters, processes)


if __name__ == "__main__":
    main()
