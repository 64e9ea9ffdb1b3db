"""Benchmark of the service on loopback: 200 uploads from 20 concurrent clients.

Prints figures; asserts nothing. Run with `make bench` or `python -m bench.api`.
Targets (issue 5): zero errors; upload p95 < 300 ms; GET document p95 < 50 ms; and the
documents processed per second (embedded default: SQLite, in-process workers).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

UPLOADS = 200
CLIENTS = 20


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(data: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    log = data / "serve.log"
    data.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CONGVAN_DATA_DIR": str(data)}
    env.pop("CONGVAN_DATABASE_URL", None)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = log.read_text("utf-8", errors="replace").splitlines()
        if any("Application startup complete" in line for line in lines):
            mark = next(i for i, line in enumerate(lines) if "chỉ hiện một lần" in line)
            return proc, lines[mark + 1].strip()
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the service did not start")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Print the figures."""
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    letters = [render(compose(1000 + i))[0] for i in range(UPLOADS)]
    with tempfile.TemporaryDirectory() as folder:
        port = _port()
        proc, token = _start(Path(folder) / "data", port)
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {token}"}
        try:
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:

                def upload(i: int) -> tuple[float, str | None, int]:
                    t = time.perf_counter()
                    r = client.post("/api/documents", files=[
                        ("files", (f"thư-{i}.pdf", letters[i], "application/pdf"))])
                    ident = r.json()["documents"][0]["id"] if r.status_code == 202 else None
                    return (time.perf_counter() - t) * 1000, ident, r.status_code

                started = time.perf_counter()
                with ThreadPoolExecutor(CLIENTS) as pool:
                    uploads = list(pool.map(upload, range(UPLOADS)))
                errors = sum(code != 202 for _, _, code in uploads)
                ids = [i for _, i, _ in uploads if i]
                pending = set(ids)
                while pending:
                    for ident in list(pending):
                        status = client.get(f"/api/documents/{ident}").json()["status"]
                        if status in ("done", "failed"):
                            pending.discard(ident)
                    time.sleep(0.2)
                elapsed = time.perf_counter() - started

                def fetch(ident: str) -> tuple[float, int]:
                    t = time.perf_counter()
                    r = client.get(f"/api/documents/{ident}")
                    return (time.perf_counter() - t) * 1000, r.status_code

                with ThreadPoolExecutor(CLIENTS) as pool:
                    gets = list(pool.map(fetch, ids))
                alone = [fetch(ident) for ident in ids]
                errors += sum(code != 200 for _, code in gets + alone)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    up = [ms for ms, _, _ in uploads]
    got = [ms for ms, _ in gets]
    one = [ms for ms, _ in alone]
    print(f"{UPLOADS} uploads of born-digital letters from {CLIENTS} concurrent clients, "
          f"{os.cpu_count()} cores, SQLite + in-process workers: {errors} errors")
    print(f"upload latency p50 {statistics.median(up):.0f} ms, p95 {_percentile(up, 0.95):.0f} ms"
          " (target p95 < 300 ms)")
    print(f"GET document latency, {CLIENTS} clients at once: p50 {statistics.median(got):.1f} ms,"
          f" p95 {_percentile(got, 0.95):.1f} ms (target p95 < 50 ms)")
    print(f"GET document latency, one client: p50 {statistics.median(one):.1f} ms, "
          f"p95 {_percentile(one, 0.95):.1f} ms")
    print(f"documents processed: {len(ids)} in {elapsed:.1f} s = {len(ids) / elapsed:.2f} per s")


if __name__ == "__main__":
    main()
