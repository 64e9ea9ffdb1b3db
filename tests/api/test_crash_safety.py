"""Crash safety: a worker process killed mid-page, the database connection dropped mid-commit,
a full disk under the store. Each document ends done (tried again) or failed with a reason;
no original is lost or half-written; the service keeps answering."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, select, text

from api.http.app import create_app
from api.settings import load_settings
from api.store import auth
from api.store.db import Document, make_engine, sessions
from corpus.synth.build import scanned
from corpus.synth.compose import compose
from corpus.synth.render import render
from corpus.synth.scan import ScanStyle
from tests.api.live import HealthWatch, finished, free_port, start
from tests.api.test_restart import _children
from tests.pg import fresh_database

MB = 1024 * 1024


def _pool_processes(service: int) -> set[int]:
    """The service's worker processes (spawned by multiprocessing), not its helpers."""
    return {pid for pid in _children(service)
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()}


def _stored_whole(data_dir: Path) -> list[bool]:
    """For every original in the store: whether its bytes match the digest it is named by."""
    files = [p for p in (data_dir / "originals").rglob("*")
             if p.is_file() and ".incoming" not in p.parts]
    return [hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in files]


@pytest.mark.slow
def test_worker_processes_killed_mid_page_the_letter_is_read_again(tmp_path):
    port = free_port()
    proc, token = start(tmp_path / "data", port, tmp_path / "serve.log", workers=2)
    base = f"http://127.0.0.1:{port}"
    scan = scanned(compose(11), ScanStyle(dpi=200))[0]  # two OCR pages: read page by page
    try:
        with HealthWatch(base) as watch, httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
            ident = c.post("/api/documents", files={"files": ("quet.pdf", scan)}
                           ).json()["documents"][0]["id"]
            deadline = time.monotonic() + 60
            while c.get(f"/api/documents/{ident}").json()["status"] != "processing":
                assert time.monotonic() < deadline
                time.sleep(0.1)
            time.sleep(1.5)  # inside the page jobs' OCR
            victims = _pool_processes(proc.pid)
            assert victims, "no worker process to kill"
            for pid in victims:
                os.kill(pid, signal.SIGKILL)
            body = finished(c, ident)
            letter = compose(21)
            after = c.post("/api/documents", files={"files": ("sau.pdf", render(letter)[0])}
                           ).json()["documents"][0]["id"]
            later = finished(c, after)
        assert body["status"] == "done", body.get("error")
        assert len(body["document"]["pages"]) == 2
        assert later["status"] == "done"  # the pool was started again
        assert later["document"]["fields"]["doc_ref"]["value"] == letter.gold["doc_ref"]
        assert not (victims & _pool_processes(proc.pid))
        assert proc.poll() is None and watch.steady(), watch.summary()
    finally:
        proc.terminate()
        proc.wait(30)
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'congvan.db'}")
    with sessions(engine)() as session:
        assert session.scalar(select(Document.attempts).where(Document.id == ident)) == 2
    engine.dispose()
    assert "worker process died" in (tmp_path / "serve.log").read_text("utf-8")
    assert all(_stored_whole(tmp_path / "data"))


def test_the_connection_dropped_mid_commit_the_result_is_written_again(tmp_path):
    with fresh_database() as url:
        admin_url = url.rsplit("/", 1)[0] + "/postgres"  # the same server's admin database
        settings = replace(load_settings({"CONGVAN_DATA_DIR": str(tmp_path / "data")}),
                           database_url=url, workers=1)
        app = create_app(settings)
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        dropped: list[int] = []

        with TestClient(app) as client:
            service = app.state.service

            @event.listens_for(service.engine, "before_cursor_execute")
            def note(conn, cursor, statement, *args):  # noqa: ANN001 - SQLAlchemy's hook
                if statement.lstrip().upper().startswith("DELETE FROM CITATION_INDEX"):
                    conn.info["writing_result"] = True

            @event.listens_for(service.engine, "commit")
            def drop(conn):  # noqa: ANN001 - SQLAlchemy's hook
                # The worker is about to commit a result: its server connection goes away first.
                if conn.info.pop("writing_result", False) and not dropped:
                    pid = conn.connection.dbapi_connection.info.backend_pid
                    with admin.connect() as c:
                        ended = c.execute(text("SELECT pg_terminate_backend(:pid)"),
                                          {"pid": pid}).scalar()
                    assert ended, "the backend was not found on this server"
                    dropped.append(pid)

            token = auth.add_user(service.sessions, "crash-uploader", "uploader")
            client.headers["Authorization"] = f"Bearer {token}"
            letter = compose(8)
            ident = client.post("/api/documents", files={"files": ("cv.pdf", render(letter)[0])}
                                ).json()["documents"][0]["id"]
            body = finished(client, ident, timeout=120)
            health = client.get("/health")
        admin.dispose()
        assert len(dropped) == 1  # the connection really went away mid-commit
        assert body["status"] == "done" and health.status_code == 200
        assert body["document"]["fields"]["doc_ref"]["value"] == letter.gold["doc_ref"]
        engine = make_engine(url)
        with sessions(engine)() as session:
            doc = session.get(Document, ident)
            assert doc is not None and doc.attempts == 1 and doc.doc_ref == letter.gold["doc_ref"]
        engine.dispose()
    assert all(_stored_whole(tmp_path / "data"))


def _small_disk() -> None:
    """In the service: no file may grow past 4 MB (writes past it fail with EFBIG, as on a
    full disk), and the signal that limit sends is ignored so the write fails instead."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4 * MB, 4 * MB))


def test_a_full_disk_refuses_the_upload_whole_and_the_service_goes_on(tmp_path):
    port = free_port()
    proc, token = start(tmp_path / "data", port, tmp_path / "serve.log", workers=1,
                        env={"CONGVAN_MAX_UPLOAD_MB": "20"}, preexec=_small_disk)
    base = f"http://127.0.0.1:{port}"
    letter = compose(6)
    good = render(letter)[0]
    big = good + b"\n%" + b"-" * (6 * MB)  # a good PDF, too big for what is left of the disk
    try:
        with HealthWatch(base) as watch, httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            refused = c.post("/api/documents", files={"files": ("lon.pdf", big)})
            ok = c.post("/api/documents", files={"files": ("cv.pdf", good)})
            body = finished(c, ok.json()["documents"][0]["id"])
            listed = c.get("/api/documents").json()
        assert refused.status_code == 507 and refused.json()["code"] == "storage_full"
        assert "đầy" in refused.json()["detail"]
        assert body["status"] == "done"
        assert body["document"]["fields"]["doc_ref"]["value"] == letter.gold["doc_ref"]
        assert [d["name"] for d in listed["documents"]] == ["cv.pdf"]
        assert proc.poll() is None and watch.steady(), watch.summary()
    finally:
        proc.terminate()
        proc.wait(30)
    originals = tmp_path / "data" / "originals"
    assert list((originals / ".incoming").iterdir()) == []  # nothing half-written left
    assert _stored_whole(tmp_path / "data") == [True]
    assert hashlib.sha256(big).hexdigest() not in {p.name for p in originals.rglob("*")}
