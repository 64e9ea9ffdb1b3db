"""Every error of the API in one shape (RFC 9457 problem+json with a stable code), on SQLite
and PostgreSQL; corrections refused by their field's type, the field named."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.http import problems
from api.store.db import Document
from tests.api.conftest import bearer


def _stored(client, *, status="done", result=None) -> str:
    """A letter put in the store as if read (or failed), without reading one."""
    ident = uuid.uuid4().hex
    with client.app.state.service.sessions.begin() as session:
        session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name="thư.pdf", size=1,
                             media_type="application/pdf", status=status, result=result))
    return ident


def _is_problem(answer, status: int, code: str) -> dict:
    """The answer is a problem of `status` and `code`, said in Vietnamese, nothing echoed."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert {"type", "title", "status", "detail", "instance", "code"} <= set(body), body
    assert body["status"] == status and body["code"] == code, body
    assert body["type"] == f"urn:congvan:problem:{code}"
    assert isinstance(body["detail"], str) and body["detail"].strip()
    assert not body["title"].isascii(), body["title"]  # Vietnamese: it has its marks
    assert not body["detail"].isascii(), body["detail"]
    return body


def _ask(client, tokens, kind: str):
    """One request of each error kind: (answer, status, code, instance)."""
    reviewer, admin = bearer(tokens, "reviewer"), bearer(tokens, "admin")
    if kind == "no sign-in":
        return client.get("/api/documents"), 401, "unauthenticated", "/api/documents"
    if kind == "bad token":
        answer = client.get("/api/documents", headers={"Authorization": "Bearer sai"})
        return answer, 401, "unauthenticated", "/api/documents"
    if kind == "role":
        answer = client.delete("/api/documents/abc", headers=bearer(tokens))
        return answer, 403, "forbidden", "/api/documents/abc"
    if kind == "unknown path":
        answer = client.get("/api/khong-co", headers=bearer(tokens))
        return answer, 404, "not_found", "/api/khong-co"
    if kind == "unknown letter":
        answer = client.get("/api/documents/khong-co", headers=bearer(tokens))
        return answer, 404, "not_found", "/api/documents/khong-co"
    if kind == "method":
        return client.put("/api/documents", headers=bearer(tokens)), 405, \
            "method_not_allowed", "/api/documents"
    if kind == "not read":
        ident = _stored(client, status="failed")
        path = f"/api/documents/{ident}/fields/subject"
        return client.patch(path, headers=reviewer, json={"value": "x"}), 409, "conflict", path
    if kind == "too large":
        big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
        answer = client.post("/api/documents", headers=bearer(tokens),
                             files=[("files", ("lon.pdf", big, "application/pdf"))])
        return answer, 413, "too_large", "/api/documents"
    if kind == "body over the cap":
        answer = client.post("/api/documents", headers={**bearer(tokens),
                             "Content-Type": "application/octet-stream"},
                             content=b"0" * (9 * 1024 * 1024))
        return answer, 413, "too_large", "/api/documents"
    if kind == "not a letter":
        answer = client.post("/api/documents", headers=bearer(tokens),
                             files=[("files", ("a.txt", b"hello", "text/plain"))])
        return answer, 415, "unsupported_type", "/api/documents"
    if kind == "invalid query":
        answer = client.get("/api/documents", params={"page": "0"}, headers=bearer(tokens))
        return answer, 422, "invalid_request", "/api/documents"
    if kind == "broken json":
        answer = client.post("/api/session", content=b"{nope",
                             headers={"Content-Type": "application/json"})
        return answer, 422, "invalid_request", "/api/session"
    if kind == "no filter":
        return client.post("/api/reprocess", headers=admin), 400, "bad_request", \
            "/api/reprocess"
    if kind == "headers":
        answer = client.get("/api/documents", headers={**bearer(tokens), "X-Big": "a" * 70_000})
        return answer, 431, "headers_too_large", "/api/documents"
    if kind == "sign-ins":
        name = f"ai-{uuid.uuid4().hex[:6]}"
        for _ in range(5):
            client.post("/api/session", json={"name": name, "password": "sai"})
        answer = client.post("/api/session", json={"name": name, "password": "sai"})
        return answer, 429, "too_many_requests", "/api/session"
    raise AssertionError(kind)


KINDS = ("no sign-in", "bad token", "role", "unknown path", "unknown letter", "method",
         "not read", "too large", "body over the cap", "not a letter", "invalid query",
         "broken json", "no filter", "headers", "sign-ins")


@pytest.mark.parametrize("kind", KINDS)
def test_every_error_kind_answers_one_problem_shape(service, kind):
    client, tokens = service
    answer, status, code, instance = _ask(client, tokens, kind)
    body = _is_problem(answer, status, code)
    assert body["instance"] == instance
    if status == 401:
        assert answer.headers["www-authenticate"] == "Bearer"
    if status == 405:
        assert "GET" in answer.headers["allow"]
    if status == 429:
        assert int(answer.headers["retry-after"]) > 0


def test_a_validation_problem_lists_the_invalid_params_without_their_values(service):
    client, tokens = service
    answer = client.get("/api/documents", params={"page": "0", "per_page": "secret-9999"},
                        headers=bearer(tokens))
    body = _is_problem(answer, 422, "invalid_request")
    assert {tuple(e["loc"]) for e in body["errors"]} == {("query", "page"),
                                                         ("query", "per_page")}
    for error in body["errors"]:
        assert set(error) == {"loc", "msg", "type"} and not error["msg"].isascii()
    assert "secret-9999" not in answer.text
    assert "query.page" in body["detail"] and "query.per_page" in body["detail"]


@pytest.mark.parametrize(("field", "value", "said"), [
    ("issued_date", "2024-02-30", "YYYY-MM-DD"),
    ("issued_date", 20240212, "YYYY-MM-DD"),
    ("recipients", "Sở Ngoại vụ", "danh sách"),
    ("deadlines", ["mai"], "deadlines[0]"),
    ("signer", ["Nguyễn Văn A"], "đối tượng JSON"),
    ("subject", {"text": "x"}, "chuỗi ký tự"),
    ("urgency", "gấp", "Hỏa tốc"),
    ("confidentiality", "Bí mật", "Tuyệt mật"),
    ("incoming", {"number": "377", "date": "12/09/2019"}, "incoming.date"),
    ("e_signature", {"time": "hôm qua"}, "ISO 8601"),
])
def test_a_correction_of_the_wrong_type_is_a_422_naming_the_field(service, field, value, said):
    client, tokens = service
    ident = _stored(client, result={"fields": {field: {"value": None}}, "citations": []})
    path = f"/api/documents/{ident}/fields/{field}"
    answer = client.patch(path, headers=bearer(tokens, "reviewer"), json={"value": value})
    body = _is_problem(answer, 422, "invalid_correction")
    assert body["field"] == field and body["instance"] == path
    assert body["errors"][0]["loc"] == ["body", "value"]
    assert said in body["detail"] and field in body["detail"]
    audit = client.get(f"/api/documents/{ident}/audit", headers=bearer(tokens)).json()
    assert audit["audit"] == []  # nothing kept


@pytest.mark.parametrize(("field", "value"), [
    ("issued_date", "2024-02-29"), ("issued_date", "2023-09"), ("urgency", "Thượng khẩn"),
    ("recipients", ["Sở Ngoại vụ", "Ban Tổ chức Thành ủy"]), ("deadlines", ["2023-10-05"]),
    ("e_signature", {"signer": "Văn phòng", "time": "2019-09-11T17:37:24+07:00"}),
    ("signer", {"name": "Trần Anh Tuấn", "title": "Phó Chánh Văn phòng"}), ("subject", None)])
def test_a_correction_of_the_right_type_is_kept(service, field, value):
    client, tokens = service
    ident = _stored(client, result={"fields": {field: {"value": None}}, "citations": []})
    answer = client.patch(f"/api/documents/{ident}/fields/{field}",
                          headers=bearer(tokens, "reviewer"), json={"value": value})
    assert answer.status_code == 200, answer.text
    assert answer.json()["after"] == value


def test_a_citation_correction_of_the_wrong_type_names_the_citation(service):
    client, tokens = service
    ident = _stored(client, result={"fields": {}, "citations": [{"ref": "272-QĐ/TW"}]})
    answer = client.patch(f"/api/documents/{ident}/citations/0",
                          headers=bearer(tokens, "reviewer"), json={"value": {"year": 2015}})
    body = _is_problem(answer, 422, "invalid_correction")
    assert body["field"] == "citations.0" and "year" in body["detail"]


def test_an_unforeseen_error_is_a_500_problem_without_its_trace():
    app = FastAPI()
    problems.install(app)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret /srv/path")

    answer = TestClient(app, raise_server_exceptions=False).get("/api/boom")
    body = _is_problem(answer, 500, "internal")
    assert body["instance"] == "/api/boom" and "secret" not in answer.text
