"""The page image and region routes: extract/'s work in a child with the settings' limits.

A page the reading never reached answers 404; a page that hangs MuPDF answers with an error
code once its render time is up, while the service goes on answering others.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.pipeline import understand
from api.settings import load_settings
from api.store import auth
from api.store.db import Document
from corpus.synth.compose import compose
from corpus.synth.render import render
from extract.pipeline import extract_bytes
from tests.shared_files import badinputs

HANG = badinputs() / "pdf_cycle_struct_tree_render_hang__pymupdf-test_2548.pdf"
#: The render limit these tests give the service (CONGVAN_RENDER_TIMEOUT_S).
RENDER_S = 4


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data),
                                      "CONGVAN_RENDER_TIMEOUT_S": str(RENDER_S)}),
                       database_url=f"sqlite:///{data / 'congvan.db'}")
    assert settings.limits.render_timeout_s == RENDER_S
    app = create_app(settings, workers=False)
    with TestClient(app) as client:
        service = app.state.service
        token = auth.add_user(service.sessions, "rev", "reviewer")
        yield client, service, {"Authorization": f"Bearer {token}"}


def _stored(service, data: bytes, result: dict) -> str:
    """A document as if read: its original stored, and a result given by the test."""
    stored = service.store.put_bytes(data, limit=10**9)
    ident = uuid.uuid4().hex
    with service.sessions.begin() as session:
        session.add(Document(id=ident, sha256=stored.sha256, name="thư.pdf", size=len(data),
                             media_type="application/pdf", status="done", result=result))
    return ident


@pytest.fixture(scope="module")
def letter(site):
    _, service, _ = site
    pdf = render(compose(5))[0]
    return _stored(service, pdf, understand(extract_bytes(pdf, name="thư.pdf")).document)


def test_a_read_page_is_rendered_then_served_from_the_cache(site, letter):
    client, service, headers = site
    first = client.get(f"/api/documents/{letter}/pages/1.png", headers=headers)
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG")
    cached = list(service.settings.page_images.rglob("1*.png"))
    assert cached
    again = client.get(f"/api/documents/{letter}/pages/1.png", headers=headers)
    assert again.content == first.content


def test_a_page_the_reading_never_reached_is_404(site, letter):
    client, service, headers = site
    with service.sessions() as session:
        read = len(session.get(Document, letter).result["pages"])
    for number in (0, read + 1, 99):
        answer = client.get(f"/api/documents/{letter}/pages/{number}.png", headers=headers)
        assert answer.status_code == 404
        region = client.post(f"/api/documents/{letter}/pages/{number}/region", headers=headers,
                             json={"bbox": [10, 10, 200, 100]})
        assert region.status_code == 404


def test_a_region_is_read_in_a_child_and_a_bad_one_refused(site, letter):
    client, service, headers = site
    with service.sessions() as session:
        result = session.get(Document, letter).result
    field = result["fields"]["doc_ref"]
    x0, y0, x1, y1 = field["bbox"]
    read = client.post(f"/api/documents/{letter}/pages/{field['page']}/region", headers=headers,
                       json={"bbox": [x0 - 2, y0 - 2, x1 + 2, y1 + 2]})
    assert read.status_code == 200
    assert field["value"] in read.json()["text"]
    tiny = client.post(f"/api/documents/{letter}/pages/1/region", headers=headers,
                       json={"bbox": [10, 10, 10.5, 300]})
    assert tiny.status_code == 422


@pytest.mark.skipif(not HANG.is_file(), reason="the shared bad inputs are not on this machine")
def test_a_page_that_hangs_mupdf_answers_with_an_error_code_and_holds_no_request(site):
    client, service, headers = site
    fake_result = {"pages": [{"number": 1, "width": 595.0, "height": 842.0,
                              "source": "text_layer", "quality": None}]}
    ident = _stored(service, HANG.read_bytes(), fake_result)
    answers: dict[str, object] = {}

    def ask() -> None:
        answers["page"] = client.get(f"/api/documents/{ident}/pages/1.png", headers=headers)

    asking = threading.Thread(target=ask)
    asking.start()
    # While the render hangs in its child, the service answers other requests.
    health = client.get("/api/session", headers=headers)
    assert health.status_code == 200
    assert asking.is_alive()
    asking.join(RENDER_S * 10)
    page = answers["page"]
    assert page.status_code == 422
    assert page.json()["code"] == "timeout"
