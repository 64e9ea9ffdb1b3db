"""Starting a real `congvan serve` for the tests and benchmarks that need a server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(data: Path, port: int, log: Path, *, workers: int = 1, processes: int = 1,
          env: dict[str, str] | None = None, preexec: Callable[[], None] | None = None
          ) -> tuple[subprocess.Popen[bytes], str | None]:
    """Start `congvan serve` on `data`; the process and the admin token printed on first start.

    `env` adds settings (CONGVAN_MAX_UPLOAD_MB…) to the process's environment; `preexec` runs
    in the child before the service starts (resource limits).

    Its output goes to `log` (a pipe nobody reads could fill up and stop the server).
    """
    given = env or {}
    full = {**os.environ, "CONGVAN_DATA_DIR": str(data), "CONGVAN_WORKERS": str(workers),
            **given}
    if "CONGVAN_DATABASE_URL" not in given:  # the embedded default unless asked otherwise
        full.pop("CONGVAN_DATABASE_URL", None)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port),
                                 "--processes", str(processes)],
                                env=full, stdout=out, stderr=subprocess.STDOUT,
                                preexec_fn=preexec)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = log.read_text("utf-8", errors="replace").splitlines()
        if any("Application startup complete" in line for line in lines):
            marks = [i for i, line in enumerate(lines) if "chỉ hiện một lần" in line]
            return proc, lines[marks[0] + 1].strip() if marks else None
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.kill()
    raise AssertionError("the service did not start: " + log.read_text("utf-8"))


def finished(client: Any, ident: str, timeout: float = 180.0, **kwargs: Any) -> dict[str, Any]:
    """The document's answer once it is `done` or `failed` (AssertionError after `timeout` s).

    `client` is an httpx.Client or a TestClient; `kwargs` go to each GET (headers=…).
    """
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(f"/api/documents/{ident}", **kwargs).json()
        if body["status"] in ("done", "failed"):
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"{ident} still {body['status']} after {timeout:.0f} s")
        time.sleep(0.2)


class HealthWatch(threading.Thread):
    """Asks /health every `every` seconds; keeps each answer's seconds (inf for a failure)."""

    def __init__(self, base: str, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.base, self.every = base, every
        self.stop, self.times = threading.Event(), list[float]()

    def run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    ok = client.get(f"{self.base}/health").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.times.append(time.perf_counter() - started if ok else float("inf"))
                self.stop.wait(self.every)

    def __enter__(self) -> HealthWatch:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.join(5)

    def summary(self) -> str:
        """How many asks and the slowest answer, for an assertion's message."""
        return f"/health: {len(self.times)} asks, slowest {max(self.times, default=0):.2f} s"

    def steady(self, most: float = 5.0, asks: int = 5) -> bool:
        """Whether /health was asked `asks` times or more and always answered within `most` s."""
        return len(self.times) >= asks and max(self.times) < most


def settled_once_each(engine: Any, ids: list[str], timeout: float) -> list[Any]:
    """Wait until no document is queued or processing; assert each of `ids` is there once, done.

    After a service was killed and started again: none lost, none doubled. The documents.
    """
    from sqlalchemy import func, select

    from api.store.db import Document, sessions

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sessions(engine)() as s:
            pending = s.scalar(select(func.count()).where(
                Document.status.in_(("queued", "processing"))))
        if not pending:
            break
        time.sleep(0.5)
    with sessions(engine)() as s:
        docs = list(s.scalars(select(Document)).all())
    assert sorted(d.id for d in docs) == sorted(ids)  # none lost, none twice
    assert all(d.status == "done" for d in docs), [(d.name, d.status, d.error_code)
                                                     for d in docs if d.status != "done"]
    return docs
