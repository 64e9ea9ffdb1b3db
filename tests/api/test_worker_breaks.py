"""Which letter pays when a worker process dies: the one that broke the pool, not its neighbour.

A unit test of the workers' bookkeeping with a fake pool and fake reads (named as fakes): the
real pool's death is tested in test_crash_safety.py.
"""

from __future__ import annotations

import time
from concurrent.futures.process import BrokenProcessPool

from api.store import documents
from api.store.db import Document, make_engine, sessions
from api.store.migrate import upgrade
from api.store.originals import Store
from api.worker import pool
from api.worker.processing import Outcome


class FakePool:
    """Stands for a process pool: `broken` once a fake read has killed one of its processes."""

    def __init__(self) -> None:
        self.broken = False

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def _fake_result() -> dict:
    fields = {name: {"value": None} for name in ("doc_ref", "doc_type", "issuer", "issued_date")}
    return {"fields": fields, "file": {"media_type": "application/pdf", "pages": 1},
            "citations": [], "flags": []}


class FakeBreakingWorkers(pool.Workers):
    """Workers whose reads are fakes: `hong.pdf` kills its pool process every time."""

    def _new_pool(self):  # type: ignore[override]
        return FakePool()

    def _read(self, doc, pool):  # type: ignore[override]
        if doc.name == "hong.pdf":
            deadline = time.monotonic() + 1.0  # give its neighbour time to be in the pool
            while len(self.in_flight) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            pool.broken = True
            raise BrokenProcessPool("a worker process died")
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:  # the pool dies under whatever it holds
            if pool.broken:
                raise BrokenProcessPool("a worker process died")
            time.sleep(0.01)
        return Outcome(_fake_result(), "", None, None, 0.1)


def test_only_the_letter_that_breaks_the_pool_uses_up_its_tries(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'congvan.db'}")
    upgrade(engine)
    made = sessions(engine)
    store = Store(tmp_path / "originals")
    ids = {}
    for name in ("hong.pdf", "tot.pdf"):  # the broken one is older: claimed first
        stored = store.put_bytes(f"%PDF-1.7 {name}".encode(), limit=1000)
        ids[name] = documents.enqueue(made, stored.sha256, stored.size, "application/pdf", name,
                                  "tester")["id"]
        time.sleep(0.01)
    workers = FakeBreakingWorkers(made, store, 2, tmp_path)
    workers.start()
    try:
        deadline = time.monotonic() + 60
        while True:
            with made() as session:
                docs = {d.name: d for d in session.query(Document).all()}
            if all(d.status in ("done", "failed") for d in docs.values()):
                break
            assert time.monotonic() < deadline, {n: d.status for n, d in docs.items()}
            time.sleep(0.1)
    finally:
        workers.stop()
        engine.dispose()
    assert (docs["hong.pdf"].status, docs["hong.pdf"].error_code) == ("failed", "interrupted")
    assert docs["hong.pdf"].attempts == documents.MAX_ATTEMPTS
    assert docs["tot.pdf"].status == "done"  # its neighbour paid nothing
    assert docs["tot.pdf"].attempts == 1
    assert not workers.suspects and not workers.in_flight
