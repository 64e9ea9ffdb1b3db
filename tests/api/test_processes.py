"""`congvan serve --processes 2`: two processes answer requests, exactly one runs the workers,
and when that one is killed the other takes the workers over."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.api.live import finished, free_port, start
from tests.api.test_restart import _children


def _spawned(pids: set[int]) -> set[int]:
    """Those of `pids` started by multiprocessing (serving processes, pool processes)."""
    out = set()
    for pid in pids:
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.add(pid)
        except OSError:
            pass
    return out


def _lock_holders(path: Path) -> set[int]:
    """The processes holding a flock on `path` (from /proc/locks)."""
    inode = path.stat().st_ino
    return {int(fields[4]) for fields in (line.split() for line in
                                          Path("/proc/locks").read_text().splitlines())
            if fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == str(inode)}


@pytest.mark.slow
def test_two_processes_one_set_of_workers_and_a_take_over(tmp_path):
    port = free_port()
    proc, token = start(tmp_path / "data", port, tmp_path / "serve.log", workers=1,
                        processes=2)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                          timeout=30) as c:
            lock = tmp_path / "data" / "workers.lock"
            deadline = time.monotonic() + 60
            while len(servers := _spawned(_children(proc.pid))) < 2 or not lock.exists():
                assert time.monotonic() < deadline, "two serving processes did not start"
                time.sleep(0.5)
            leaders = _lock_holders(lock)
            assert len(leaders) == 1 and leaders < servers  # one process runs the workers
            letters = [compose(300 + i) for i in range(4)]
            ids = [c.post("/api/documents", files={"files": (f"{i}.pdf", render(letter)[0])}
                          ).json()["documents"][0]["id"] for i, letter in enumerate(letters)]
            # A new connection each time, so both serving processes are asked.
            assert all(httpx.get(f"{base}/ready", headers={"Connection": "close"}).status_code
                       == 200 for _ in range(10))
            first = [finished(c, i) for i in ids]
            (leader,) = leaders
            os.kill(leader, signal.SIGKILL)
            time.sleep(1.0)
            more = [compose(320 + i) for i in range(3)]
            later = [c.post("/api/documents", files={"files": (f"m{i}.pdf", render(letter)[0])}
                            ).json()["documents"][0]["id"] for i, letter in enumerate(more)]
            second = [finished(c, i) for i in later]
            now = _lock_holders(lock)
        assert [b["document"]["fields"]["doc_ref"]["value"] for b in first + second] == [
            letter.gold["doc_ref"] for letter in letters + more]
        assert len(now) == 1 and leader not in now  # another process took the workers over
    finally:
        proc.terminate()
        proc.wait(30)
    assert "takes over" in (tmp_path / "serve.log").read_text("utf-8")
