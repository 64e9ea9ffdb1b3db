"""A multi-file upload is answered file by file: the files taken are named with their ids even
when a later one is refused (207), and a refusal alone keeps its own status (issue 21, 5)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.http.app import create_app
from api.settings import load_settings
from api.store import auth
from api.store.db import Document
from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.pg import fresh_database

HTML = b"<html><body>kh\xc3\xb4ng ph\xe1\xba\xa3i c\xc3\xb4ng v\xc4\x83n</body></html>"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory) -> Iterator[tuple[TestClient, object]]:
    data = tmp_path_factory.mktemp("data")

    def serve(url: str) -> Iterator[tuple[TestClient, object]]:
        settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data)}), database_url=url,
                           max_upload_mb=1)
        app = create_app(settings, workers=False)
        with TestClient(app) as client:
            state = app.state.service
            token = auth.add_user(state.sessions, "nhiều-tệp", "uploader")
            client.headers["Authorization"] = f"Bearer {token}"
            yield client, state

    if request.param == "sqlite":
        yield from serve(f"sqlite:///{data / 'congvan.db'}")
        return
    with fresh_database() as url:
        yield from serve(url)


def _pdf(seed: int) -> bytes:
    return render(compose(seed))[0]


def _count(state: object) -> int:
    with state.sessions() as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(Document)))


def test_good_files_before_and_after_a_bad_one_are_named_with_their_ids(site):
    client, state = site
    before = _count(state)
    answer = client.post("/api/documents", files=[
        ("files", ("một.pdf", _pdf(501), "application/pdf")),
        ("files", ("trang.pdf", HTML, "application/pdf")),
        ("files", ("lớn.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1), "application/pdf")),
        ("files", ("hai.pdf", _pdf(502), "application/pdf")),
    ])
    assert answer.status_code == 207, answer.text
    body = answer.json()
    assert [f["name"] for f in body["files"]] == ["một.pdf", "trang.pdf", "lớn.pdf", "hai.pdf"]
    one, html, big, two = body["files"]
    assert one["id"] and one["status"] == "queued" and two["id"] and two["status"] == "queued"
    assert (html["error"]["code"], html["http_status"]) == ("unsupported_type", 415)
    assert (big["error"]["code"], big["http_status"]) == ("too_large", 413)
    assert html["error"]["message"] and big["error"]["message"]
    assert "id" not in html or html["id"] is None
    assert [d["id"] for d in body["documents"]] == [one["id"], two["id"]]
    assert _count(state) == before + 2
    for ident in (one["id"], two["id"]):  # really stored and queued
        assert client.get(f"/api/documents/{ident}").json()["status"] == "queued"


def test_all_good_is_still_202_and_a_single_refusal_keeps_its_status(site):
    client, _ = site
    pdf = _pdf(503)
    good = client.post("/api/documents", files=[
        ("files", ("ba.pdf", pdf, "application/pdf")),
        ("files", ("ba-lại.pdf", pdf, "application/pdf"))])
    assert good.status_code == 202
    first, again = good.json()["documents"]
    assert again["id"] == first["id"] and again["duplicate"] is True
    alone = client.post("/api/documents", files=[("files", ("x.pdf", HTML, "application/pdf"))])
    assert alone.status_code == 415 and alone.json()["code"] == "unsupported_type"
    both_bad = client.post("/api/documents", files=[
        ("files", ("x.pdf", HTML, "application/pdf")),
        ("files", ("rỗng.pdf", b"", "application/pdf"))])
    assert both_bad.status_code == 415 and both_bad.json()["code"] == "unsupported_type"
