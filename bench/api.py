"""Benchmark of the service on loopback: 200 uploads from 20 concurrent clients.

Prints figures; asserts nothing. Run with `make bench` or `python -m bench.api`.
Targets (issue 5): zero errors; upload p95 < 300 ms; GET document p95 < 50 ms; and the
documents processed per second (embedded default: SQLite, in-process workers).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from tests.api.live import free_port, start

UPLOADS = 200
CLIENTS = 20


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _served(r: httpx.Response) -> float:
    return float(r.headers.get("server-timing", "dur=nan").split("dur=")[1])


async def _run(base: str, headers: dict[str, str], letters: list[bytes]) -> dict[str, object]:
    """The 20 clients as 20 asyncio tasks (one thread: the client does not fight itself)."""
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60,
                                 limits=limits) as client:
        todo = list(range(UPLOADS))
        uploads: list[tuple[float, float, str | None, int]] = []

        async def uploader() -> None:
            while todo:
                i = todo.pop()
                t = time.perf_counter()
                r = await client.post("/api/documents", files=[
                    ("files", (f"thư-{i}.pdf", letters[i], "application/pdf"))])
                ident = r.json()["documents"][0]["id"] if r.status_code == 202 else None
                uploads.append(((time.perf_counter() - t) * 1000, _served(r), ident,
                                r.status_code))

        started = time.perf_counter()
        await asyncio.gather(*(uploader() for _ in range(CLIENTS)))
        ids = [ident for _, _, ident, _ in uploads if ident]
        pending = set(ids)
        while pending:
            for ident in list(pending):
                status = (await client.get(f"/api/documents/{ident}")).json()["status"]
                if status in ("done", "failed"):
                    pending.discard(ident)
            await asyncio.sleep(0.2)
        elapsed = time.perf_counter() - started
        fetch_todo = list(ids)
        gets: list[tuple[float, float, int]] = []

        async def fetcher() -> None:
            while fetch_todo:
                ident = fetch_todo.pop()
                t = time.perf_counter()
                r = await client.get(f"/api/documents/{ident}")
                gets.append(((time.perf_counter() - t) * 1000, _served(r), r.status_code))

        await asyncio.gather(*(fetcher() for _ in range(CLIENTS)))
        alone = []
        for ident in ids:
            t = time.perf_counter()
            r = await client.get(f"/api/documents/{ident}")
            alone.append(((time.perf_counter() - t) * 1000, _served(r), r.status_code))
    return {"uploads": uploads, "gets": gets, "alone": alone, "ids": ids, "elapsed": elapsed}


def _line(name: str, values: list[float], target: str = "") -> str:
    return (f"{name}: p50 {statistics.median(values):.1f} ms, "
            f"p95 {_percentile(values, 0.95):.1f} ms{target}")


def main() -> None:
    """Print the figures."""
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    letters = [render(compose(1000 + i))[0] for i in range(UPLOADS)]
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        proc, token = start(Path(folder) / "data", port, Path(folder) / "serve.log",
                            workers=os.cpu_count() or 1)
        assert token, "the service printed no admin token"
        try:
            got = asyncio.run(_run(f"http://127.0.0.1:{port}",
                                   {"Authorization": f"Bearer {token}"}, letters))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    uploads = got["uploads"]
    gets = got["gets"]
    alone = got["alone"]
    assert isinstance(uploads, list) and isinstance(gets, list) and isinstance(alone, list)
    errors = sum(u[3] != 202 for u in uploads) + sum(g[2] != 200 for g in gets + alone)
    ids, elapsed = got["ids"], got["elapsed"]
    assert isinstance(ids, list) and isinstance(elapsed, float)
    size = statistics.mean(map(len, letters)) / 1e3
    print(f"{UPLOADS} uploads of born-digital letters ({size:.0f} kB each) from {CLIENTS} "
          f"concurrent clients, {os.cpu_count()} cores, SQLite + "
          f"in-process workers reading them meanwhile: {errors} errors")
    print(_line("upload latency", [u[0] for u in uploads], " (target p95 < 300 ms)"))
    print(_line("  the service's own time (Server-Timing)", [u[1] for u in uploads]))
    print(_line(f"GET document latency, {CLIENTS} clients at once", [g[0] for g in gets],
                " (target p95 < 50 ms)"))
    print(_line("  the service's own time (Server-Timing)", [g[1] for g in gets]))
    print(_line("GET document latency, one client", [a[0] for a in alone]))
    print(f"documents processed: {len(ids)} in {elapsed:.1f} s = {len(ids) / elapsed:.2f} per s")


if __name__ == "__main__":
    main()
