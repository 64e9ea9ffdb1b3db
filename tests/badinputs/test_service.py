"""Every bad input through the HTTP API of a live `congvan serve`, with /health asked all along
and good letters uploaded in between: the service stays up, each bad file gets its answer, and
every good letter comes out right."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from api.errors import HTTP_STATUS
from corpus.synth.compose import compose
from corpus.synth.render import render
from extract.errors import ErrorCode
from extract.limits import Limits
from tests.api import live
from tests.badinputs.table import AT_UPLOAD, LIMIT_S, TABLE, padded

MB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad-service")
    port = live.free_port()
    proc, token = live.start(tmp / "data", port, tmp / "serve.log", workers=2,
                             env={"CONGVAN_MAX_UPLOAD_MB": "1"})
    try:
        yield proc, f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
    finally:
        proc.terminate()
        proc.wait(30)


class Watcher(threading.Thread):
    """Asks /health four times a second; keeps every answer's time (inf for a failure)."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop, self.times = base, threading.Event(), list[float]()

    def run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    ok = client.get(f"{self.base}/health").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.times.append(time.perf_counter() - started if ok else float("inf"))
                self.stop.wait(0.25)


def _finished(client: httpx.Client, ident: str) -> dict:
    deadline = time.monotonic() + LIMIT_S
    while time.monotonic() < deadline:
        body = client.get(f"/api/documents/{ident}").json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"{ident} not finished within {LIMIT_S} s")


def _answer(client: httpx.Client, name: str, data: bytes) -> tuple[str | None, tuple[int, ...],
                                                                    list[str]]:
    """(error code, pages that came out, warning codes) for one upload."""
    sent = client.post("/api/documents", files={"files": (name, data)})
    if sent.status_code != 202:
        refused = sent.json()
        assert refused["detail"] and sent.status_code == HTTP_STATUS[ErrorCode(refused["code"])]
        return f"at upload: {refused['code']}", (), []
    body = _finished(client, sent.json()["documents"][0]["id"])
    if body["status"] == "failed":
        assert body["error"]["message"]
        return body["error"]["code"], (), []
    doc = body["document"]
    return (None, tuple(p["number"] for p in doc["pages"]),
            sorted({w["code"] for w in doc["warnings"]}))


def test_every_bad_input_through_the_api_while_health_answers(server):
    proc, base, headers = server
    watcher = Watcher(base)
    watcher.start()
    got, want, good = [], [], []
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            for i, case in enumerate(TABLE):
                data, _ = padded(case, Limits(max_bytes=1 * MB))
                code = (f"at upload: {case.code}" if case.code in AT_UPLOAD
                        else str(case.code) if case.code else None)
                want.append((case.name, code, case.pages, sorted(case.warnings)))
                started = time.monotonic()
                got.append((case.name, *_answer(client, case.name, data)))
                assert time.monotonic() - started < LIMIT_S, case.name
                if i % 3 == 2:  # a good letter after every third bad one
                    letter = compose(7000 + i)
                    sent = client.post("/api/documents", files={
                        "files": (f"tot-{i}.pdf", render(letter)[0])})
                    body = _finished(client, sent.json()["documents"][0]["id"])
                    good.append((body["status"], body.get("document", {}).get("fields", {})
                                 .get("doc_ref", {}).get("value"), letter.gold["doc_ref"]))
            ready = client.get("/ready")
    finally:
        watcher.stop.set()
        watcher.join(5)
    assert got == want
    assert good and all(status == "done" and ref == gold for status, ref, gold in good), good
    assert proc.poll() is None and ready.status_code == 200, ready.text  # workers still there
    assert len(watcher.times) > 20 and max(watcher.times) < 2.0, (
        f"/health: {len(watcher.times)} asks, slowest {max(watcher.times):.2f} s")
