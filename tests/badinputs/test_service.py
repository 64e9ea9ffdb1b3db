"""Every bad input through the HTTP API of a live `congvan serve`, with /health asked all along
and good letters uploaded in between: the service stays up, each bad file gets its answer, and
every good letter comes out right."""

from __future__ import annotations

import time

import httpx
import pytest

from corpus.synth.compose import compose
from corpus.synth.render import render
from extract.limits import Limits
from tests.api import live
from tests.badinputs.table import AT_UPLOAD, LIMIT_S, TABLE, padded

MB = 1024 * 1024
#: The upload's answer for a file it refuses before storing it (422 is FastAPI's own, for
#: fields that fail validation, so an empty file is 415 there).
UPLOAD_STATUS = {"empty_file": 415, "unsupported_type": 415, "too_large": 413}


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


def _answer(client: httpx.Client, name: str, data: bytes) -> tuple[str | None, tuple[int, ...],
                                                                    list[str]]:
    """(error code, pages that came out, warning codes) for one upload."""
    sent = client.post("/api/documents", files={"files": (name, data)})
    if sent.status_code != 202:
        refused = sent.json()
        assert refused["detail"] and sent.status_code == UPLOAD_STATUS[refused["code"]]
        return f"at upload: {refused['code']}", (), []
    body = live.finished(client, sent.json()["documents"][0]["id"], LIMIT_S)
    if body["status"] == "failed":
        assert body["error"]["message"]
        return body["error"]["code"], (), []
    doc = body["document"]
    return (None, tuple(p["number"] for p in doc["pages"]),
            sorted({w["code"] for w in doc["warnings"]}))


def test_every_bad_input_through_the_api_while_health_answers(server):
    proc, base, headers = server
    got, want, good = [], [], []
    with live.HealthWatch(base) as watch, \
            httpx.Client(base_url=base, headers=headers, timeout=60) as client:
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
                body = live.finished(client, sent.json()["documents"][0]["id"], LIMIT_S)
                good.append((body["status"], body.get("document", {}).get("fields", {})
                             .get("doc_ref", {}).get("value"), letter.gold["doc_ref"]))
        ready = client.get("/ready")
    assert got == want
    assert good and all(status == "done" and ref == gold for status, ref, gold in good), good
    assert proc.poll() is None and ready.status_code == 200, ready.text  # workers still there
    assert len(watch.times) > 20 and watch.steady(), watch.summary()
