"""`congvan serve` killed with SIGKILL at several moments after its first letter starts: no
process of the service lives on, and after a restart every letter is read once (issue 21, 2)."""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

import httpx
import pytest

from api.store.db import make_engine
from corpus.synth.build import scanned
from corpus.synth.compose import compose
from corpus.synth.render import render
from corpus.synth.scan import ScanStyle
from tests.api.live import free_port, settled_once_each, start

MARK = "CONGVAN_TEST_KILL_MARK"


def _marked(mark: str) -> set[int]:
    """The live processes whose environment carries `mark` (the service and all it started)."""
    found = set()
    needle = f"{MARK}={mark}".encode()
    for p in Path("/proc").iterdir():
        if not p.name.isdigit() or int(p.name) == os.getpid():
            continue
        try:
            if (p / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue  # a zombie is dead; only its parent's wait is missing
            if needle in (p / "environ").read_bytes():
                found.add(int(p.name))
        except OSError:
            pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.5, 1.5, 3.0])
def test_killed_at_any_moment_no_process_lives_on_and_nothing_is_lost(tmp_path, delay):
    data = tmp_path / "data"
    port = free_port()
    mark = uuid.uuid4().hex
    env = {MARK: mark}
    proc, token = start(data, port, tmp_path / "first.log", workers=2, env=env)
    assert token
    base = f"http://127.0.0.1:{port}"
    scan = scanned(compose(31), ScanStyle(dpi=200))[0]  # two OCR pages: read page by page
    files = [("files", ("quet.pdf", scan, "application/pdf"))] + [
        ("files", (f"thu-{i}.pdf", render(compose(230 + i))[0], "application/pdf"))
        for i in range(3)]
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                          timeout=60) as c:
            answer = c.post("/api/documents", files=files)
            assert answer.status_code == 202
            ids = [d["id"] for d in answer.json()["documents"]]
            deadline = time.monotonic() + 60
            while c.get(f"/api/documents/{ids[0]}").json()["status"] == "queued":
                assert time.monotonic() < deadline, "the first letter was never started"
                time.sleep(0.05)
        time.sleep(delay)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 60  # generous: only that they end, not how fast
    while (left := _marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not left, [Path(f"/proc/{pid}/cmdline").read_bytes()[:200] for pid in left]

    proc, again = start(data, port, tmp_path / "second.log", workers=2, env=env)
    assert again is None
    engine = make_engine(f"sqlite:///{data / 'congvan.db'}")
    try:
        settled_once_each(engine, ids, 240)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        engine.dispose()
    deadline = time.monotonic() + 60
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.5)
