"""The inbox's API on SQLite and PostgreSQL: saved views (/api/views, per user, CSRF for the
cookie session), an export of a chosen set of letters (`ids`), the filters' new keys."""

from __future__ import annotations

import csv
import io
import uuid

from api.store import auth
from api.store.db import Document, Status
from tests.api.conftest import bearer


def _letters(client, n: int) -> list[str]:
    made = client.app.state.service.sessions
    idents = []
    with made.begin() as session:
        for i in range(n):
            ident = uuid.uuid4().hex
            session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name=f"cv-{i}.pdf",
                                 size=1, status=Status.FAILED, error_code="invalid_pdf"))
            idents.append(ident)
    return idents


def test_saved_views_through_the_api(service):
    client, tokens = service
    me, other = bearer(tokens, "reviewer"), bearer(tokens, "uploader")
    listed = client.get("/api/views", headers=me).json()["views"]
    assert [v["id"] for v in listed] == ["builtin-awaiting", "builtin-superseded"]
    assert listed[1]["query"] == "flag=superseded_citation"
    made = client.post("/api/views", headers=me,
                       json={"name": "Đoàn Nhật", "query": "flag=missing_work_program&page=2"})
    assert made.status_code == 201, made.text
    view = made.json()
    assert view["query"] == "flag=missing_work_program"
    assert made.headers["location"] == f"/api/views/{view['id']}"
    assert [v["name"] for v in client.get("/api/views", headers=me).json()["views"]][2:] == [
        "Đoàn Nhật"]
    assert len(client.get("/api/views", headers=other).json()["views"]) == 2
    assert client.delete(f"/api/views/{view['id']}", headers=other).status_code == 404
    assert client.delete("/api/views/builtin-awaiting", headers=me).status_code == 403
    refused = client.post("/api/views", headers=me, json={"name": "x",
                                                          "query": "issued_to=2024-13-01"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "query"]
    blank = client.post("/api/views", headers=me, json={"name": "  ", "query": ""})
    assert blank.status_code == 422 and blank.json()["errors"][0]["loc"] == ["body", "name"]
    assert client.delete(f"/api/views/{view['id']}", headers=me).status_code == 204
    assert client.delete(f"/api/views/{view['id']}", headers=me).status_code == 404


def test_a_cookie_session_needs_its_csrf_token_to_save_a_view(service):
    client, tokens = service
    auth.add_user(client.app.state.service.sessions, "lan", "reviewer",
                  password="một mật khẩu đủ dài")
    signed = client.post("/api/session", json={"name": "lan", "password": "một mật khẩu đủ dài"})
    assert signed.status_code == 200
    csrf = signed.json()["csrf"]
    body = {"name": "Chờ duyệt", "query": "reviewed=false"}
    assert client.post("/api/views", json=body).status_code == 403
    assert client.post("/api/views", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    client.delete("/api/session", headers={"X-CSRF-Token": csrf})
    client.cookies.clear()


def test_an_export_of_the_chosen_letters_only(service):
    client, tokens = service
    chosen, left = _letters(client, 2), _letters(client, 1)
    answer = client.get("/api/export", headers=bearer(tokens, "reviewer"),
                        params={"format": "csv", "ids": ",".join(chosen)})
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(chosen) and left[0] not in answer.text
    many = ",".join(uuid.uuid4().hex for _ in range(201))
    assert client.get("/api/export", headers=bearer(tokens, "reviewer"),
                      params={"ids": many}).status_code == 422
    listed = client.get("/api/documents", headers=bearer(tokens),
                        params={"ids": left[0], "sort": "-status"}).json()["documents"]
    assert [d["id"] for d in listed] == left


def test_a_thumbnail_is_asked_of_a_letter_read(service):
    client, tokens = service
    failed = _letters(client, 1)[0]
    headers = bearer(tokens)
    assert client.get(f"/api/documents/{failed}/thumbnail.png", headers=headers
                      ).status_code == 409
    assert client.get("/api/documents/nope/thumbnail.png", headers=headers).status_code == 404
    assert client.get(f"/api/documents/{failed}/thumbnail.png").status_code == 401
