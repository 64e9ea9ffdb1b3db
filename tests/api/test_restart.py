"""Restart safety: the service killed with SIGKILL mid-work loses nothing and does nothing twice."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from api.store.db import Document, make_engine, sessions
from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.api.live import free_port, settled_once_each, start

LETTERS = 20


def _stat(pid: int | str) -> list[str] | None:
    """A process's /proc stat fields after its name (state, ppid, …), or None when gone."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid`."""
    return {int(p.name) for p in Path("/proc").iterdir()
            if p.name.isdigit() and (_stat(p.name) or ["", "0"])[1] == str(pid)}


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


@pytest.mark.slow
def test_sigkill_mid_work_then_restart_ends_every_letter_once(tmp_path):
    data = tmp_path / "data"
    port = free_port()
    proc, token = start(data, port, tmp_path / "first.log")
    assert token
    headers = {"Authorization": f"Bearer {token}"}
    files = [("files", (f"thư-{i}.pdf", render(compose(200 + i))[0], "application/pdf"))
             for i in range(LETTERS)]
    try:
        answer = httpx.post(f"http://127.0.0.1:{port}/api/documents", files=files,
                            headers=headers, timeout=60)
        assert answer.status_code == 202
        ids = [d["id"] for d in answer.json()["documents"]]
        assert len(set(ids)) == LETTERS
        time.sleep(1.5)
        workers = _children(proc.pid)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert workers, "the service had no worker processes"
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers), "the dead service's workers live on"
    engine = make_engine(f"sqlite:///{data / 'congvan.db'}")
    with sessions(engine)() as s:
        pending = s.scalar(select(func.count()).where(Document.status.in_(("queued",
                                                                           "processing"))))
    assert pending, "every letter was done before the kill: the test proves nothing"
    proc, again = start(data, port, tmp_path / "second.log")
    assert again is None  # the admin exists already: no second one-time token
    try:
        settled_once_each(engine, ids, 180)
        stored = [p for p in (data / "originals").rglob("*") if p.is_file()
                  and ".incoming" not in p.parts]
        assert len(stored) == LETTERS
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        engine.dispose()
