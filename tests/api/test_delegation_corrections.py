"""Correcting a letter's delegation over HTTP: checked, audited, withdrawn, counted, exported.

On SQLite and PostgreSQL (tests/api/conftest.py).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi.testclient import TestClient

from api.store import review
from api.store.db import Document
from tests.api.conftest import bearer
from tests.api.test_stats import trip

#: A period of its own, so that other modules' letters in the same database do not count.
PERIOD = {"from": "1999-01", "to": "1999-12"}


def _letter(client: TestClient, delegation: dict[str, Any] | None) -> str:
    """A letter read in 1999, with the delegation given (or none)."""
    ident = uuid.uuid4().hex
    result: dict[str, Any] = {"fields": {"issued_date": {"value": "1999-03-02"}},
                              "citations": [], "flags": [], "warnings": [],
                              "delegation": delegation}
    sessions = client.app.state.service.sessions  # type: ignore[attr-defined]
    with sessions.begin() as session:
        doc = Document(id=ident, sha256=uuid.uuid4().hex * 2, name="thư.pdf", size=1,
                       media_type="application/pdf", status="done", result=result,
                       issued_date="1999-03-02")
        session.add(doc)
        review.relist(session, doc)  # as a reading writes them: its trip's rows
    return ident


def _countries(client: TestClient, tokens: dict[str, str]) -> dict[str, int]:
    body = client.get("/api/stats", params=PERIOD, headers=bearer(tokens, "reviewer")).json()
    return {c["country"]: c["trips"] for c in body["trips"]["by_country"]}


def test_a_corrected_country_is_counted_and_withdrawn_it_is_the_machine_s_again(service):
    client, tokens = service
    reviewer = bearer(tokens, "reviewer")
    ident = _letter(client, trip(["Nhật Bản"], "1999-04-15", "state_budget"))
    _letter(client, trip(["Nhật Bản"], "1999-05-01", None))
    assert _countries(client, tokens) == {"Nhật Bản": 2}

    answer = client.patch(f"/api/documents/{ident}/delegation/countries",
                          json={"value": ["Hàn Quốc", "CHDCND Lào"]}, headers=reviewer)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"target": "delegation.countries", "before": ["Nhật Bản"],
                             "after": ["Hàn Quốc", "CHDCND Lào"]}
    assert _countries(client, tokens) == {"Nhật Bản": 1, "Hàn Quốc": 1, "Lào": 1}
    funding = {"kind": "enterprise", "text": "Công ty X"}
    assert client.patch(f"/api/documents/{ident}/delegation/funding", json={"value": funding},
                        headers=reviewer).status_code == 200

    shown = client.get(f"/api/documents/{ident}", headers=reviewer).json()
    assert shown["review"]["corrections"]["delegation.countries"]["value"] == [
        "Hàn Quốc", "CHDCND Lào"]
    exported = client.get("/api/export", params={"format": "jsonl", "ids": ident},
                          headers=reviewer)
    assert exported.status_code == 200, exported.text
    (line,) = [json.loads(x) for x in exported.text.splitlines()]
    assert line["document"]["delegation"]["countries"] == ["Hàn Quốc", "CHDCND Lào"]
    assert line["document"]["delegation"]["funding"] == funding
    assert line["source"]["delegation.countries"] == "reviewer"

    withdrawn = client.delete(f"/api/documents/{ident}/delegation/countries", headers=reviewer)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["after"] == ["Nhật Bản"]
    assert _countries(client, tokens) == {"Nhật Bản": 2}
    trail = client.get(f"/api/documents/{ident}/audit", headers=reviewer).json()["audit"]
    assert [(a["action"], a["target"]) for a in trail if a["target"]] == [
        ("correct", "delegation.countries"), ("correct", "delegation.funding"),
        ("withdraw", "delegation.countries")]


def test_a_delegation_value_the_contract_cannot_hold_is_refused(service):
    client, tokens = service
    reviewer = bearer(tokens, "reviewer")
    ident = _letter(client, trip(["Pháp"], "1999-04-15", None))
    for part, value in (("countries", "Pháp"), ("countries", ["Pháp", None]),
                        ("start", "15/04/1999"), ("end", "1999-02-30"),
                        ("funding", {"kind": "ngân sách"}), ("funding", "ngân sách"),
                        ("funding", {"kind": "self", "text": None, "amount": 5})):
        answer = client.patch(f"/api/documents/{ident}/delegation/{part}",
                              json={"value": value}, headers=reviewer)
        assert answer.status_code == 422, (part, value, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert client.patch(f"/api/documents/{ident}/delegation/purpose", json={"value": "x"},
                        headers=reviewer).status_code == 404
    assert client.patch(f"/api/documents/{ident}/delegation/countries", json={"value": []},
                        headers=bearer(tokens, "uploader")).status_code == 403
    assert client.delete(f"/api/documents/{ident}/delegation/start",
                         headers=reviewer).status_code == 404  # nothing to withdraw
    assert _countries(client, tokens).get("Pháp") == 1


def test_a_letter_with_no_delegation_has_none_to_correct(service):
    client, tokens = service
    ident = _letter(client, None)
    answer = client.patch(f"/api/documents/{ident}/delegation/countries",
                          json={"value": ["Pháp"]}, headers=bearer(tokens, "reviewer"))
    assert answer.status_code == 404 and "không nêu chuyến đi" in answer.json()["detail"]
