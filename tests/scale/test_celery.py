"""Many machines: `congvan worker`s on a real Redis and a real PostgreSQL.

Fifty letters go in through the HTTP API (CONGVAN_QUEUE=celery); two `congvan worker` processes
read them, the scans split into page tasks; one worker is killed with SIGKILL in the middle of a
task. Every letter must end `done` exactly once, with the result the embedded workers give.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.http.app import create_app
from api.settings import load_settings
from api.store import auth
from api.store.db import AuditEntry, Document, FlagIndex, PageResult, make_engine, sessions
from api.store.originals import Store
from api.worker import processing
from corpus.synth.build import corpus_scan_style, scanned
from corpus.synth.compose import compose
from corpus.synth.render import render
from extract.model import Extraction
from extract.pipeline import extract_bytes
from extract.serial import page_from_dict, page_to_dict
from tests.broker import redis_url
from tests.pg import fresh_database

BORN_DIGITAL = 46
SCANS = 4
VISIBILITY = 12  # seconds before a task a dead worker held is delivered again


def _born_digital(seed: int) -> bytes:
    return render(compose(seed, paragraphs=1))[0]


def _scan(seed: int) -> bytes:
    letter = compose(seed, issued=date(2024, 3, 12), cites=["295-QĐ/TW"],
                     replaced_mention=False)
    return scanned(letter, replace(corpus_scan_style(letter), seal=False), seed=seed)[0]


@pytest.fixture(scope="module")
def letters() -> list[tuple[str, bytes]]:
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        digital = list(pool.map(_born_digital, range(900, 900 + BORN_DIGITAL), chunksize=8))
        scans = list(pool.map(_scan, (11, 18, 23, 25)))
    return [(f"cv-{i}.pdf", d) for i, d in enumerate(digital)] + \
        [(f"quét-{i}.pdf", d) for i, d in enumerate(scans)]


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with fresh_database("congvan_celery") as url:
        yield url


@pytest.fixture(scope="module")
def broker() -> Iterator[str]:
    with redis_url() as url:
        yield url


def _worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "api", "worker", "--name", name],
                                env=env, stdout=out, stderr=subprocess.STDOUT)


def _held(log: Path) -> str | None:
    """The task (name[id]) the worker received last and has not finished, if any."""
    lines = [line for line in log.read_text("utf-8", errors="replace").splitlines()
             if "Task congvan." in line]
    if not lines or "received" not in lines[-1]:
        return None
    return lines[-1].split("Task ", 1)[1].split(" ", 1)[0]


def test_two_workers_one_killed_mid_task_every_letter_done_once_as_embedded(
        letters, database_url, broker, tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "CONGVAN_DATA_DIR": str(data), "CONGVAN_DATABASE_URL": database_url,
           "CONGVAN_QUEUE": "celery", "CONGVAN_BROKER_URL": broker,
           "CONGVAN_VISIBILITY_TIMEOUT": str(VISIBILITY)}
    settings = load_settings(env)
    app = create_app(settings)
    with TestClient(app) as client:
        token = auth.add_user(app.state.service.sessions, "uploader", "uploader")
        ready = client.get("/ready").json()
        assert ready["broker"] is True and ready["database"] is True
        logs = [tmp_path / "w1.log", tmp_path / "w2.log"]
        workers = [_worker(env, "w1", logs[0]), _worker(env, "w2", logs[1])]
        try:
            ids = []
            for i in range(0, len(letters), 10):
                answer = client.post("/api/documents", headers={
                    "Authorization": f"Bearer {token}"},
                    files=[("files", (name, body, "application/pdf"))
                           for name, body in letters[i:i + 10]])
                assert answer.status_code == 202, answer.text
                ids += [d["id"] for d in answer.json()["documents"]]
            assert len(set(ids)) == len(letters)
            # Kill the first worker with SIGKILL in the middle of a page task (of any task if
            # none comes its way within a minute).
            deadline = time.monotonic() + 60
            held = None
            while time.monotonic() < deadline and not (held and "congvan.page" in held):
                held = _held(logs[0])
                time.sleep(0.05)
            while held is None and time.monotonic() < deadline + 60:
                held = _held(logs[0])
                time.sleep(0.05)
            assert held, logs[0].read_text()
            time.sleep(0.3)
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait(10)
            assert _held(logs[0]) == held  # killed in the middle of it
            engine = make_engine(database_url)
            factory = sessions(engine)
            deadline = time.monotonic() + 420
            while time.monotonic() < deadline:
                with factory() as s:
                    open_ = s.scalar(select(func.count()).select_from(Document).where(
                        Document.status.in_(("queued", "processing"))))
                if open_ == 0:
                    break
                time.sleep(1)
            metrics = client.get("/metrics", headers={"Authorization": f"Bearer {token}"}).text
            with factory() as s:
                docs = {d.id: d for d in s.scalars(select(Document)).all()}
                pages_kept = s.scalar(select(func.count()).select_from(PageResult))
                flags = s.execute(select(FlagIndex.document_id, FlagIndex.code)).all()
                audit = s.scalar(select(func.count()).select_from(AuditEntry))
            engine.dispose()
        finally:
            for w in workers:
                if w.poll() is None:
                    w.send_signal(signal.SIGTERM)
            for w in workers:
                try:
                    w.wait(30)
                except subprocess.TimeoutExpired:
                    w.kill()
    log_text = logs[1].read_text("utf-8", errors="replace")
    # The task the killed worker held was delivered again, to the other worker, and finished.
    assert f"Task {held} received" in log_text, held
    print(f"\nkilled mid-task: {held}")
    assert sorted(docs) == sorted(ids)
    assert {d.status for d in docs.values()} == {"done"}, {
        d.name: (d.status, d.error_code, d.error_message) for d in docs.values()
        if d.status != "done"}
    assert "congvan.page" in log_text and "congvan.assemble" in log_text  # scans were split
    assert pages_kept == 2 * SCANS  # each scan page read and kept once
    assert f"congvan_page_jobs {2 * SCANS}.0" in metrics
    assert 'congvan_documents{status="done"} 50.0' in metrics
    assert len(flags) == len(set(flags))  # no flag written twice
    assert audit == 0
    assert sum(d.attempts for d in docs.values()) <= len(docs) + 2  # only the killed task again
    # The same letters read by the embedded path give the same contract JSON.
    store = Store(settings.originals)
    by_name = {d.name: d for d in docs.values()}
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        embedded = list(pool.map(_embedded, [
            (str(store.path(by_name[n].sha256)), n, str(data)) for n, _ in letters]))
    for (name, _), expected in zip(letters, embedded, strict=True):
        got = by_name[name].result
        assert got is not None
        assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True), name


def _embedded(job: tuple[str, str, str]) -> dict:
    path, name, data_dir = job
    outcome = processing.process(path, name, data_dir)
    assert outcome.document is not None, outcome.error_message
    return outcome.document


def test_a_page_round_trips_through_its_stored_form_exactly():
    data = render(compose(5))[0]
    extraction = extract_bytes(data, name="cv.pdf")
    again = tuple(page_from_dict(json.loads(json.dumps(page_to_dict(p))))
                  for p in extraction.pages)
    assert again == extraction.pages
    assert Extraction(extraction.file, again) == extraction


def test_reading_some_pages_gives_them_as_a_whole_reading_does():
    data = render(compose(11))[0]
    whole = extract_bytes(data, name="cv.pdf")
    assert whole.file.pages >= 2
    second = extract_bytes(data, name="cv.pdf", only={2})
    assert second.file == whole.file
    assert second.pages == (whole.pages[1],)
