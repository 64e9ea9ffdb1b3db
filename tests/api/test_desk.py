"""Notes on a letter, its assignee, and what a correction does to the listed columns.

On SQLite and PostgreSQL (tests/api/conftest.py), through the HTTP API.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient

from api.store import auth
from api.store.db import Document
from tests.api.conftest import bearer

PASSWORD = "mật khẩu của người duyệt"


def _field(value: Any) -> dict[str, Any]:
    return {"value": value, "confidence": 0.99 if value is not None else None,
            "page": None, "bbox": None}


def _letter(client: TestClient, **fields: Any) -> str:
    """A letter already read, its fields as given (the rest null)."""
    names = ("doc_ref", "doc_number", "doc_symbol", "doc_type", "issuer", "issued_date",
             "subject")
    result = {"fields": {n: _field(fields.get(n)) for n in names}, "citations": [],
              "flags": [], "warnings": [], "pages": []}
    ident = uuid.uuid4().hex
    with client.app.state.service.sessions.begin() as session:  # type: ignore[attr-defined]
        session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name="thư.pdf", size=1,
                             media_type="application/pdf", status="done", result=result,
                             doc_ref=fields.get("doc_ref"), doc_type=fields.get("doc_type"),
                             issuer=fields.get("issuer"),
                             issued_date=fields.get("issued_date")))
    return ident


def _audit(client: TestClient, tokens: dict[str, str], ident: str) -> list[tuple[Any, ...]]:
    trail = client.get(f"/api/documents/{ident}/audit", headers=bearer(tokens, "reviewer"))
    assert trail.status_code == 200
    return [(a["user"], a["action"], a["before"], a["after"]) for a in trail.json()["audit"]]


def test_notes_are_kept_newest_first_with_author_time_and_audit(service):
    client, tokens = service
    ident = _letter(client, doc_ref="12/UBND-NV")
    reviewer = bearer(tokens, "reviewer")
    assert client.get(f"/api/documents/{ident}/notes", headers=reviewer).json() == {"notes": []}
    first = client.post(f"/api/documents/{ident}/notes", json={"body": "  Hỏi lại Sở Ngoại vụ "},
                        headers=reviewer)
    assert first.status_code == 201, first.text
    assert first.json()["body"] == "Hỏi lại Sở Ngoại vụ" and first.json()["user"] == \
        "reviewer-user"
    assert datetime.fromisoformat(first.json()["at"]).utcoffset() is not None  # has its zone
    second = client.post(f"/api/documents/{ident}/notes", json={"body": "Đã hỏi, chờ trả lời"},
                         headers=bearer(tokens, "admin"))
    assert second.status_code == 201
    listed = client.get(f"/api/documents/{ident}/notes", headers=reviewer).json()["notes"]
    assert [(n["user"], n["body"]) for n in listed] == [
        ("admin-user", "Đã hỏi, chờ trả lời"), ("reviewer-user", "Hỏi lại Sở Ngoại vụ")]
    assert [a for a in _audit(client, tokens, ident) if a[1] == "note"] == [
        ("reviewer-user", "note", None, "Hỏi lại Sở Ngoại vụ"),
        ("admin-user", "note", None, "Đã hỏi, chờ trả lời")]


def test_a_note_is_refused_blank_to_an_uploader_and_on_no_letter(service):
    client, tokens = service
    ident = _letter(client)
    reviewer = bearer(tokens, "reviewer")
    assert client.post(f"/api/documents/{ident}/notes", json={"body": "   "},
                       headers=reviewer).status_code == 422
    assert client.post(f"/api/documents/{ident}/notes", json={"body": "x" * 4001},
                       headers=reviewer).status_code == 422
    assert client.post(f"/api/documents/{ident}/notes", json={"body": "nul\u0000 ở giữa"},
                       headers=reviewer).status_code == 422
    assert client.post(f"/api/documents/{ident}/notes", json={"body": "ghi"},
                       headers=bearer(tokens, "uploader")).status_code == 403
    assert client.post(f"/api/documents/{'0' * 32}/notes", json={"body": "ghi"},
                       headers=reviewer).status_code == 404
    assert client.get(f"/api/documents/{ident}/notes", headers=reviewer).json() == {"notes": []}


def test_a_signed_in_page_must_echo_its_csrf_token_to_write_a_note(service):
    client, _ = service
    name = f"duyet-{uuid.uuid4().hex[:6]}"
    auth.add_user(client.app.state.service.sessions, name, "reviewer",  # type: ignore[attr-defined]
                  PASSWORD)
    ident = _letter(client)
    signed = TestClient(client.app)
    answer = signed.post("/api/session", json={"name": name, "password": PASSWORD})
    assert answer.status_code == 200
    csrf = answer.json()["csrf"]
    assert signed.post(f"/api/documents/{ident}/notes",
                       json={"body": "không có mã"}).status_code == 403
    assert signed.put(f"/api/documents/{ident}/assignee",
                      json={"assignee": name}).status_code == 403
    kept = signed.post(f"/api/documents/{ident}/notes", json={"body": "có mã"},
                       headers={"X-CSRF-Token": csrf})
    assert kept.status_code == 201 and kept.json()["user"] == name
    given = signed.put(f"/api/documents/{ident}/assignee", json={"assignee": name},
                       headers={"X-CSRF-Token": csrf})
    assert given.status_code == 200 and given.json()["assignee"] == name


def test_a_letter_is_given_to_a_reviewer_found_by_assignee_and_taken_back(service):
    client, tokens = service
    ident = _letter(client, doc_ref="7/KH-UBND")
    other = _letter(client, doc_ref="8/KH-UBND")
    reviewer = bearer(tokens, "reviewer")
    offered = client.get(f"/api/documents/{ident}/assignee", headers=reviewer).json()
    assert offered["assignee"] is None
    assert {"reviewer-user", "admin-user"} <= set(offered["reviewers"])
    assert "uploader-user" not in offered["reviewers"]
    # Only reviewers and administrators can be given letters.
    refused = client.put(f"/api/documents/{ident}/assignee", json={"assignee": "uploader-user"},
                         headers=reviewer)
    assert refused.status_code == 422
    assert client.put(f"/api/documents/{ident}/assignee", json={"assignee": "không-ai"},
                      headers=reviewer).status_code == 422
    given = client.put(f"/api/documents/{ident}/assignee", json={"assignee": "reviewer-user"},
                       headers=bearer(tokens, "admin"))
    assert given.status_code == 200
    assert given.json() == {"id": ident, "assignee": "reviewer-user", "before": None}
    mine = client.get("/api/documents?assignee=me", headers=reviewer).json()["documents"]
    assert [d["id"] for d in mine] == [ident]
    named = client.get("/api/documents?assignee=reviewer-user",
                       headers=bearer(tokens, "admin")).json()["documents"]
    assert [d["id"] for d in named] == [ident]
    assert client.get("/api/documents?assignee=me",
                      headers=bearer(tokens, "admin")).json()["documents"] == []
    assert other not in [d["id"] for d in mine]
    cleared = client.put(f"/api/documents/{ident}/assignee", json={"assignee": None},
                         headers=reviewer)
    assert cleared.status_code == 200 and cleared.json()["assignee"] is None
    assert client.get("/api/documents?assignee=me", headers=reviewer).json()["documents"] == []
    assert [a for a in _audit(client, tokens, ident) if a[1] == "assign"] == [
        ("admin-user", "assign", None, "reviewer-user"),
        ("reviewer-user", "assign", "reviewer-user", None)]
    assert client.put(f"/api/documents/{ident}/assignee", json={"assignee": "reviewer-user"},
                      headers=bearer(tokens, "uploader")).status_code == 403


def test_a_corrected_number_carries_into_the_listed_number_and_symbol(service):
    client, tokens = service
    ident = _letter(client, doc_ref="123/BNG-LS", doc_number="123", doc_symbol="BNG-LS",
                    issuer="Bộ Ngoại giao", issued_date="2024-03-12", doc_type="Công văn")
    reviewer = bearer(tokens, "reviewer")

    def listed() -> dict[str, Any]:
        rows = client.get("/api/documents?issuer=Bộ Ngoại giao", headers=reviewer).json()
        return next(d for d in rows["documents"] if d["id"] == ident)

    assert client.patch(f"/api/documents/{ident}/fields/doc_number", json={"value": "132"},
                        headers=reviewer).status_code == 200
    assert listed()["doc_ref"] == "132/BNG-LS"
    assert client.patch(f"/api/documents/{ident}/fields/issued_date",
                        json={"value": "2024-03-21"}, headers=reviewer).status_code == 200
    assert client.patch(f"/api/documents/{ident}/fields/issuer", json={"value": "Sở Ngoại vụ"},
                        headers=reviewer).status_code == 200
    row = client.get("/api/documents?issuer=Sở Ngoại vụ", headers=reviewer).json()["documents"]
    assert [(d["id"], d["doc_ref"], d["issued_date"]) for d in row] == [
        (ident, "132/BNG-LS", "2024-03-21")]
    # The number and symbol corrected itself wins; withdrawn, the carried number is back.
    assert client.patch(f"/api/documents/{ident}/fields/doc_ref", json={"value": "99/BNG-LS"},
                        headers=reviewer).status_code == 200
    row = client.get("/api/documents?issuer=Sở Ngoại vụ", headers=reviewer).json()["documents"]
    assert row[0]["doc_ref"] == "99/BNG-LS"
    assert client.delete(f"/api/documents/{ident}/fields/doc_ref",
                         headers=reviewer).status_code == 200
    assert client.delete(f"/api/documents/{ident}/fields/doc_number",
                         headers=reviewer).status_code == 200
    row = client.get("/api/documents?issuer=Sở Ngoại vụ", headers=reviewer).json()["documents"]
    assert row[0]["doc_ref"] == "123/BNG-LS"


def test_a_letter_read_again_keeps_its_corrected_values_in_the_list(service):
    from api.store import documents

    client, tokens = service
    ident = _letter(client, doc_ref="5/SNV-HTQT", doc_number="5", doc_symbol="SNV-HTQT",
                    issuer="Sở Ngoại vụ", issued_date="2024-01-02", doc_type="Công văn")
    reviewer = bearer(tokens, "reviewer")
    assert client.patch(f"/api/documents/{ident}/fields/doc_symbol", json={"value": "SNV-LS"},
                        headers=reviewer).status_code == 200
    sessions = client.app.state.service.sessions  # type: ignore[attr-defined]
    with sessions.begin() as session:
        doc = session.get(Document, ident)
        result = {**doc.result, "file": {"media_type": "application/pdf", "pages": 1},
                  "fields": {**doc.result["fields"], "issuer": _field("Sở Ngoại vụ tỉnh")}}
        doc.status = "processing"
    # The new reading's own values, with the reviewer's correction over them.
    assert documents.finish(sessions, ident, documents.Outcome(result, "", None, None, 0.1))
    with sessions() as session:
        doc = session.get(Document, ident)
        assert (doc.doc_ref, doc.issuer) == ("5/SNV-LS", "Sở Ngoại vụ tỉnh")
