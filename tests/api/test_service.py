"""The HTTP API over its real parts: real letters, real processing, SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from dataclasses import replace
from datetime import date

import jsonschema
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from api import contract
from api.http.app import create_app
from api.settings import load_settings
from api.store import auth, documents
from api.store.db import AuditEntry, Correction, Document, make_engine, sessions
from api.store.migrate import upgrade
from corpus.synth.build import corpus_scan_style, scanned
from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.api.conftest import bearer
from tests.api.live import finished
from tests.registry_cases import CASES, Case, case_id


@pytest.fixture(scope="module")
def letters():
    old = render(compose(12, issued=date(2024, 3, 12), cites=["295-QĐ/TW"],
                         replaced_mention=False))[0]
    fine = render(compose(3))[0]
    letter = compose(5)
    scan = scanned(letter, replace(corpus_scan_style(letter), seal=False), seed=5)[0]
    return {"old": old, "fine": fine, "scan": scan}


def test_upload_poll_and_read_the_contract_json(service, letters):
    client, tokens = service
    files = [("files", ("cũ.pdf", letters["old"], "application/pdf")),
             ("files", ("quét.pdf", letters["scan"], "application/pdf"))]
    answer = client.post("/api/documents", files=files, headers=bearer(tokens))
    assert answer.status_code == 202
    docs = answer.json()["documents"]
    assert [d["status"] for d in docs] == ["queued", "queued"]
    assert [d["duplicate"] for d in docs] == [False, False]
    for d in docs:
        body = finished(client, headers=bearer(tokens), ident=d["id"])
        assert body["status"] == "done", body
        jsonschema.validate(body["document"], contract.schema())
    old = finished(client, headers=bearer(tokens), ident=docs[0]["id"])["document"]
    assert [f["code"] for f in old["flags"]] == ["superseded_citation"]
    scan = finished(client, headers=bearer(tokens), ident=docs[1]["id"])["document"]
    assert scan["text_source"] == "ocr" and scan["fields"]["doc_ref"]["value"]


def test_a_file_already_stored_is_the_same_document(service, letters):
    client, tokens = service
    first = client.post("/api/documents", headers=bearer(tokens),
                        files=[("files", ("a.pdf", letters["fine"], "application/pdf"))])
    again = client.post("/api/documents", headers=bearer(tokens, "admin"),
                        files=[("files", ("tên khác.pdf", letters["fine"], "application/pdf"))])
    one, two = first.json()["documents"][0], again.json()["documents"][0]
    assert two["id"] == one["id"] and two["duplicate"] is True
    assert finished(client, headers=bearer(tokens), ident=one["id"])["status"] == "done"


def test_the_list_filters_on_cited_ref_flag_and_text(service, letters):
    client, tokens = service
    answer = client.post("/api/documents", headers=bearer(tokens),
                         files=[("files", ("cũ.pdf", letters["old"], "application/pdf"))])
    ident = answer.json()["documents"][0]["id"]
    finished(client, headers=bearer(tokens), ident=ident)

    def ids(**params):
        got = client.get("/api/documents", params=params, headers=bearer(tokens))
        assert got.status_code == 200, got.text
        return {d["id"] for d in got.json()["documents"]}

    assert ident in ids(cites="295-QĐ/TW")
    assert ident in ids(flag="superseded_citation", severity="error")
    assert ident not in ids(cites="38-CT/TW")
    assert ident in ids(status="done", issued_from="2024-01-01", issued_to="2024-12-31")
    assert ident in ids(q="Quyết định")
    assert ident not in ids(q="từkhôngcótrongvănbản")


def test_bad_files_get_a_clear_answer(service):
    client, tokens = service
    html = client.post("/api/documents", headers=bearer(tokens),
                       files=[("files", ("x.pdf", b"<html><body>hi</body></html>",
                                         "application/pdf"))])
    assert html.status_code == 415
    big = client.post("/api/documents", headers=bearer(tokens),
                      files=[("files", ("big.pdf", b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024),
                                        "application/pdf"))])
    assert big.status_code == 413
    broken = client.post("/api/documents", headers=bearer(tokens),
                         files=[("files", ("cut.pdf", b"%PDF-1.7\n1 0 obj <<", "application/pdf"))])
    assert broken.status_code == 202
    body = finished(client, headers=bearer(tokens), ident=broken.json()["documents"][0]["id"])
    assert body["status"] == "failed" and body["error"]["code"] == "invalid_pdf"
    assert body["error"]["message"]


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/api/documents"), ("get", "/api/documents"), ("get", "/api/documents/x"),
    ("get", "/api/documents/x/original"),
])
def test_every_route_but_health_needs_a_token(service, method, path):
    client, _ = service
    assert getattr(client, method)(path).status_code == 401
    assert getattr(client, method)(path, headers={"Authorization": "Bearer nope"}
                                   ).status_code == 401
    assert client.get("/health").status_code == 200
    assert client.get("/ready").json()["database"] is True
    assert client.get("/health").headers["server-timing"].startswith("app;dur=")


def test_queue_recovery_after_a_crash(database_url, tmp_path):
    engine = make_engine(database_url)
    upgrade(engine)
    factory = sessions(engine)
    with factory.begin() as s:
        s.add(Document(id="a" * 32, sha256="1" * 64, name="a", size=1, status="processing",
                       attempts=1))
        s.add(Document(id="b" * 32, sha256="2" * 64, name="b", size=1, status="processing",
                       attempts=documents.MAX_ATTEMPTS))
    assert documents.recover(factory) == (1, 1)
    with factory() as s:
        assert s.get(Document, "a" * 32).status == "queued"
        failed = s.get(Document, "b" * 32)
        assert failed.status == "failed" and failed.error_code == "interrupted"
    claimed = documents.claim(factory)
    assert claimed is not None and claimed.id == "a" * 32 and claimed.attempts == 2
    with factory.begin() as s:
        s.execute(text("DELETE FROM documents WHERE id IN (:a, :b)"),
                  {"a": "a" * 32, "b": "b" * 32})
    engine.dispose()


def _done_letter(client, tokens, data, name="thư.pdf"):
    answer = client.post("/api/documents", headers=bearer(tokens),
                         files=[("files", (name, data, "application/pdf"))])
    ident = answer.json()["documents"][0]["id"]
    assert finished(client, headers=bearer(tokens), ident=ident)["status"] == "done"
    return ident


def test_a_correction_is_kept_beside_the_machine_value_and_audited(service, letters):
    client, tokens = service
    ident = _done_letter(client, tokens, letters["fine"])
    machine = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()
    subject = machine["document"]["fields"]["subject"]["value"]
    fixed = client.patch(f"/api/documents/{ident}/fields/subject",
                         headers=bearer(tokens, "reviewer"), json={"value": "trích yếu đã sửa"})
    assert fixed.status_code == 200 and fixed.json()["before"] == subject
    again = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()
    assert again["document"]["fields"]["subject"]["value"] == subject  # never overwritten
    assert again["review"]["corrections"]["fields.subject"]["value"] == "trích yếu đã sửa"
    assert again["review"]["corrections"]["fields.subject"]["by"] == "reviewer-user"
    cited = client.patch(f"/api/documents/{ident}/citations/0",
                         headers=bearer(tokens, "reviewer"), json={"value": {"role": "reference"}})
    first = f"citations.{machine['document']['citations'][0]['ref']}"  # kept under its ref
    assert cited.status_code == 200 and cited.json()["target"] == first
    assert client.post(f"/api/documents/{ident}/review",
                       headers=bearer(tokens, "reviewer")).json()["reviewed"] is True
    trail = client.get(f"/api/documents/{ident}/audit", headers=bearer(tokens)).json()["audit"]
    assert [(a["action"], a["target"], a["user"]) for a in trail] == [
        ("correct", "fields.subject", "reviewer-user"),
        ("correct", first, "reviewer-user"),
        ("review", None, "reviewer-user")]
    assert trail[0]["before"] == subject and trail[0]["after"] == "trích yếu đã sửa"
    exported = client.get("/api/export", params={"format": "jsonl", "reviewed": True},
                          headers=bearer(tokens, "reviewer"))
    rows = [json.loads(line) for line in exported.text.splitlines()]
    mine = next(r for r in rows if r["id"] == ident)
    assert mine["document"]["fields"]["subject"]["value"] == "trích yếu đã sửa"
    assert mine["source"] == {"fields.subject": "reviewer", first: "reviewer"}
    csv_text = client.get("/api/export", params={"format": "csv", "reviewed": True},
                          headers=bearer(tokens, "reviewer")).content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(csv_text)) if r["id"] == ident)
    assert row["subject"] == "trích yếu đã sửa" and row["source"] == "reviewer"


def test_reprocess_reads_again_and_keeps_corrections(service, letters):
    client, tokens = service
    ident = _done_letter(client, tokens, letters["fine"])
    client.patch(f"/api/documents/{ident}/fields/place", headers=bearer(tokens, "reviewer"),
                 json={"value": "Nơi khác"})
    answer = client.post(f"/api/documents/{ident}/reprocess", headers=bearer(tokens, "reviewer"))
    assert answer.status_code == 202
    body = finished(client, headers=bearer(tokens), ident=ident)
    assert body["status"] == "done"
    assert body["review"]["corrections"]["fields.place"]["value"] == "Nơi khác"


def _letter_citing(client, tokens, letters, refs):
    """A letter of its own (a copy of a read one) citing `refs`, and the citations as read."""
    read = _done_letter(client, tokens, letters["old"])
    seen = client.get(f"/api/documents/{read}", headers=bearer(tokens)).json()["document"]
    ident = uuid.uuid4().hex
    with client.app.state.service.sessions.begin() as session:
        session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name="bản sao.pdf", size=1,
                             media_type="application/pdf", status="done", result=seen))
    cite = {r: {**seen["citations"][0], "ref": r, "role": "basis"} for r in refs}
    return ident, cite


def _read_as(client, ident, citations):
    """The letter as a new reading found it (after a registry change, a better reader)."""
    with client.app.state.service.sessions.begin() as session:
        doc = session.get(Document, ident)
        doc.result = {**doc.result, "citations": citations}


def _exported(client, tokens, ident, fmt="jsonl"):
    answer = client.get("/api/export", params={"format": fmt},
                        headers=bearer(tokens, "reviewer"))
    if fmt == "csv":
        text = answer.content.decode("utf-8-sig")  # Excel's byte-order mark first
        return next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == ident)
    return next(r for r in map(json.loads, answer.text.splitlines()) if r["id"] == ident)


def test_a_citation_correction_stays_on_its_ref_when_the_letter_is_read_again(service, letters):
    client, tokens = service
    ident, cite = _letter_citing(client, tokens, letters, ("295-QĐ/TW", "38-CT/TW", "12-QĐ/TW"))
    twice = {**cite["295-QĐ/TW"], "date": "2019-01-01"}  # the same ref, a second time
    _read_as(client, ident, [cite["295-QĐ/TW"], cite["38-CT/TW"], twice])
    reviewer = bearer(tokens, "reviewer")
    by_index = client.patch(f"/api/documents/{ident}/citations/0", headers=reviewer,
                            json={"value": {"role": "reference"}})
    assert by_index.status_code == 200 and by_index.json()["target"] == "citations.295-QĐ/TW"
    by_ref = client.patch(f"/api/documents/{ident}/citations/38-CT/TW", headers=reviewer,
                          json={"value": {"issuer": "Bộ Chính trị"}})
    assert by_ref.status_code == 200 and by_ref.json()["target"] == "citations.38-CT/TW"
    second = client.patch(f"/api/documents/{ident}/citations/295-Q%C4%90%2FTW%232",
                          headers=reviewer, json={"value": {"role": "replaced"}})
    assert second.json()["target"] == "citations.295-QĐ/TW#2"
    assert client.patch(f"/api/documents/{ident}/citations/99-QĐ/TW", headers=reviewer,
                        json={"value": {"role": "basis"}}).status_code == 404

    # Read again: one citation more before them, and in another order.
    _read_as(client, ident, [cite["12-QĐ/TW"], cite["38-CT/TW"], cite["295-QĐ/TW"], twice])
    state = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()["review"]
    assert {t: c["index"] for t, c in state["corrections"].items()} == {
        "citations.295-QĐ/TW": 2, "citations.38-CT/TW": 1, "citations.295-QĐ/TW#2": 3}
    row = _exported(client, tokens, ident)
    assert [(c["ref"], c["role"], c["issuer"]) for c in row["document"]["citations"]] == [
        ("12-QĐ/TW", "basis", cite["12-QĐ/TW"]["issuer"]),
        ("38-CT/TW", "basis", "Bộ Chính trị"),
        ("295-QĐ/TW", "reference", cite["295-QĐ/TW"]["issuer"]),
        ("295-QĐ/TW", "replaced", cite["295-QĐ/TW"]["issuer"])]
    assert row["unmatched"] == {}

    # Read again without 295-QĐ/TW: its corrections are kept, reported, put on no other.
    _read_as(client, ident, [cite["12-QĐ/TW"], cite["38-CT/TW"]])
    state = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()["review"]
    assert state["corrections"]["citations.295-QĐ/TW"]["index"] is None
    row = _exported(client, tokens, ident)
    assert [c["role"] for c in row["document"]["citations"]] == ["basis", "basis"]
    assert row["source"] == {"citations.38-CT/TW": "reviewer"}
    assert row["unmatched"] == {"citations.295-QĐ/TW": {"role": "reference"},
                                "citations.295-QĐ/TW#2": {"role": "replaced"}}
    flat = _exported(client, tokens, ident, "csv")
    assert flat["unmatched"] == "citations.295-QĐ/TW; citations.295-QĐ/TW#2"
    assert flat["corrected"] == "citations.38-CT/TW"


def test_an_older_correction_by_position_still_applies_by_position(service, letters):
    client, tokens = service
    ident, cite = _letter_citing(client, tokens, letters, ("295-QĐ/TW", "38-CT/TW"))
    _read_as(client, ident, [cite["295-QĐ/TW"], cite["38-CT/TW"]])
    with client.app.state.service.sessions.begin() as session:  # a row from before the refs
        session.add(Correction(document_id=ident, target="citations.1",
                               value={"role": "replaced"}, user="reviewer-user"))
    row = _exported(client, tokens, ident)
    assert [c["role"] for c in row["document"]["citations"]] == ["basis", "replaced"]
    assert row["source"] == {"citations.1": "reviewer"}
    state = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()["review"]
    assert state["corrections"]["citations.1"]["index"] == 1
    # Corrected again, it is kept under its ref; what it replaces is the older correction.
    again = client.patch(f"/api/documents/{ident}/citations/1", headers=bearer(tokens, "reviewer"),
                         json={"value": {"role": "reference"}})
    assert again.json() == {"target": "citations.38-CT/TW", "before": {"role": "replaced"},
                            "after": {"role": "reference"}}
    row = _exported(client, tokens, ident)
    assert [c["role"] for c in row["document"]["citations"]] == ["basis", "reference"]


@pytest.mark.parametrize(("method", "path", "body", "allowed"), [
    ("patch", "/api/documents/{id}/fields/subject", {"value": "x"}, "reviewer"),
    ("patch", "/api/documents/{id}/citations/0", {"value": {"role": "basis"}}, "reviewer"),
    ("post", "/api/documents/{id}/review", None, "reviewer"),
    ("post", "/api/documents/{id}/reprocess", None, "reviewer"),
    ("get", "/api/export", None, "reviewer"),
    ("get", "/api/documents/{id}", None, "uploader"),
    ("get", "/api/documents/{id}/audit", None, "uploader"),
])
def test_each_role_can_do_what_it_should_and_nothing_more(service, letters, method, path, body,
                                                          allowed):
    client, tokens = service
    ident = _done_letter(client, tokens, letters["fine"])
    url = path.format(id=ident)
    rank = ["uploader", "reviewer", "admin"]
    for who in rank:
        kwargs = {"headers": bearer(tokens, who)}
        if body is not None:
            kwargs["json"] = body
        got = getattr(client, method)(url, **kwargs)
        if rank.index(who) < rank.index(allowed):
            assert got.status_code == 403, (who, url, got.text)
        else:
            assert got.status_code in (200, 202), (who, url, got.text)
            if path.endswith("reprocess"):
                finished(client, headers=bearer(tokens), ident=ident)
    assert getattr(client, method)(url).status_code == 401


def test_page_images_and_metrics(service, letters):
    client, tokens = service
    ident = _done_letter(client, tokens, letters["fine"])
    png = client.get(f"/api/documents/{ident}/pages/1.png", headers=bearer(tokens))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    again = client.get(f"/api/documents/{ident}/pages/1.png", headers=bearer(tokens))
    assert again.content == png.content
    assert client.get(f"/api/documents/{ident}/pages/99.png",
                      headers=bearer(tokens)).status_code == 404
    text_ = client.get("/metrics", headers=bearer(tokens)).text
    assert 'congvan_documents{status="done"}' in text_
    assert "congvan_processing_seconds_bucket" in text_ and "congvan_queue_depth" in text_


def test_registry_routes_read_for_all_write_for_admins(service):
    client, tokens = service
    found = client.get("/api/registry", params={"search": "quy chế"}, headers=bearer(tokens))
    assert "272-QĐ/TW" in {i["id"] for i in found.json()["instruments"]}
    check = client.get("/api/registry/check", params={"ref": "295-QĐ/TW", "on": "2024-03-12"},
                       headers=bearer(tokens)).json()
    assert (check["status"], check["replaced_by"]) == ("superseded", ["272-QĐ/TW"])
    both = client.get("/api/registry/86-QĐ/TW", headers=bearer(tokens)).json()["instruments"]
    assert len(both) == 2
    bad = "instruments:\n  - ref: 7-QĐ/TW\n    kind: Quyết định\n    signed: 2019-02-30\n" \
          "    sources: [{how: own_text, note: x}]\n"
    assert client.post("/api/registry", content=bad.encode(),
                       headers=bearer(tokens, "reviewer")).status_code == 403
    refused = client.post("/api/registry", content=bad.encode(), headers=bearer(tokens, "admin"))
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["line"] == 4


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_registry_check_over_http_answers_as_the_cli(service, case: Case):
    """The same table of cases as `congvan registry check` (tests/corpus/test_lookup.py)."""
    client, tokens = service
    answer = client.get("/api/registry/check", params={"ref": case.query,
                                                       "on": case.on.isoformat()},
                        headers=bearer(tokens))
    if case.id is None:
        assert answer.status_code == 404
        return
    assert answer.status_code == 200, answer.text
    out = answer.json()
    assert (out["id"], out["status"]) == (case.id, case.status)
    assert out["replaced_by"] == list(case.replaced_by)
    if case.match is not None:
        assert out["match"] == case.match


def test_reprocess_after_a_registry_change_raises_the_new_flag(service):
    client, tokens = service
    data = render(compose(31, issued=date(2024, 5, 6), cites=["21-CT/TW"],
                          replaced_mention=False))[0]
    ident = _done_letter(client, tokens, data, name="21.pdf")
    before = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()["document"]
    assert [f["code"] for f in before["flags"]] == []
    change = """instruments:
  - ref: 21-CT/TW
    kind: Chỉ thị
    issuer: Ban Bí thư
    signed: 2012-12-21
    sources: [{how: primary_letter, note: bản chép cho kiểm thử}]
    changes:
      - {type: replaced_by, by: 998-CT/TW, since: 2023-01-01, how: express_clause, note: giả định}
  - ref: 998-CT/TW
    kind: Chỉ thị
    issuer: Ban Bí thư
    signed: 2023-01-01
    sources: [{how: own_text, note: giả định cho kiểm thử}]
"""
    imported = client.post("/api/registry", content=change.encode("utf-8"),
                           headers=bearer(tokens, "admin"))
    assert imported.status_code == 200, imported.text
    # Every letter citing the changed instrument, read again at once (admins only).
    assert client.post("/api/reprocess", params={"cites": "21-CT/TW"},
                       headers=bearer(tokens, "reviewer")).status_code == 403
    assert client.post("/api/reprocess", headers=bearer(tokens, "admin")).status_code == 400
    assert client.post("/api/reprocess", params={"cites": "", "q": ""},  # empty is not a filter
                       headers=bearer(tokens, "admin")).status_code == 400
    many = client.post("/api/reprocess", params={"cites": "21-CT/TW"},
                       headers=bearer(tokens, "admin"))
    assert many.status_code == 202 and many.json() == {"queued": 1}
    after = finished(client, headers=bearer(tokens), ident=ident)["document"]
    audit = client.get(f"/api/documents/{ident}/audit", headers=bearer(tokens)).json()["audit"]
    assert [(a["user"], a["action"]) for a in audit][-1:] == [("admin-user", "reprocess")]
    [flag] = after["flags"]
    assert flag["code"] == "superseded_citation" and "998-CT/TW" in flag["message"]


def test_sign_in_with_a_password_gives_a_session_that_needs_its_csrf_token(service, letters):
    client, tokens = service
    state = client.app.state.service
    browser = TestClient(client.app)  # its own cookie jar; the service is the module's
    name = f"bà-duyệt-{uuid.uuid4().hex[:6]}"
    auth.add_user(state.sessions, name, "reviewer", password="mật khẩu đủ dài")
    assert browser.post("/api/session", json={"name": name, "password": "sai"}
                        ).status_code == 401
    assert browser.get("/api/documents").status_code == 401
    signed = browser.post("/api/session", json={"name": name, "password": "mật khẩu đủ dài"})
    assert signed.status_code == 200 and signed.json()["role"] == "reviewer"
    csrf, cookie = signed.json()["csrf"], signed.cookies["congvan_session"]
    assert "httponly" in signed.headers["set-cookie"].lower()
    assert "samesite=strict" in signed.headers["set-cookie"].lower()
    assert browser.get("/api/documents").status_code == 200
    ident = _done_letter(client, tokens, letters["fine"])
    url = f"/api/documents/{ident}/fields/subject"
    assert browser.patch(url, json={"value": "x"}).status_code == 403
    assert browser.patch(url, json={"value": "x"}, headers={"X-CSRF-Token": "sai-ma"}
                         ).status_code == 403
    assert browser.patch(url, json={"value": "Về việc cử đoàn"},
                         headers={"X-CSRF-Token": csrf}).status_code == 200
    audit = browser.get(f"/api/documents/{ident}/audit").json()["audit"]
    assert audit[-1]["user"] == name
    assert browser.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert browser.get("/api/documents").status_code == 401
    browser.cookies.set("congvan_session", cookie)  # the old cookie, sent again: ended
    assert browser.get("/api/documents").status_code == 401


def test_a_revoked_token_stops_working(service):
    client, _ = service
    state = client.app.state.service
    name = f"tạm-{uuid.uuid4().hex[:6]}"
    token = auth.add_user(state.sessions, name, "uploader")
    state.tokens.ttl = 0.2
    assert client.get("/api/documents", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 200
    assert auth.revoke(state.sessions, name)
    time.sleep(0.3)
    assert client.get("/api/documents", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 401


def test_a_body_over_the_request_cap_is_refused_while_it_arrives(service):
    client, tokens = service
    state = client.app.state.service
    cap = state.settings.max_request_bytes
    before = set(state.settings.originals.rglob("*"))
    declared = client.post("/api/documents", headers={**bearer(tokens),
                                                      "Content-Type": "multipart/form-data; "
                                                                      "boundary=x"},
                           content=b"x" * (cap + 1))
    assert declared.status_code == 413 and "MB" in declared.json()["detail"]

    def stream():
        yield b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n"
        for _ in range(cap // (1024 * 1024) + 2):
            yield b"%" * (1024 * 1024)

    streamed = client.post("/api/documents", content=stream(), headers={
        **bearer(tokens), "Content-Type": "multipart/form-data; boundary=x"})
    assert streamed.status_code == 413
    assert set(state.settings.originals.rglob("*")) == before


def test_cors_is_closed_unless_origins_are_named(service, tmp_path):
    client, _ = service
    ask = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    assert "access-control-allow-origin" not in client.options("/api/documents",
                                                               headers=ask).headers
    settings = load_settings({"CONGVAN_DATA_DIR": str(tmp_path),
                              "CONGVAN_CORS_ORIGINS": "https://so-ngoai-vu.example"})
    with TestClient(create_app(settings, workers=False)) as other:
        ok = other.options("/api/documents", headers={**ask,
                                                      "Origin": "https://so-ngoai-vu.example"})
        assert ok.headers["access-control-allow-origin"] == "https://so-ngoai-vu.example"
        assert "access-control-allow-origin" not in other.options("/api/documents",
                                                                  headers=ask).headers


def test_an_admin_deletes_a_letter_uploaded_by_mistake_and_the_audit_keeps_it(service):
    client, tokens = service
    data = render(compose(47))[0]
    ident = _done_letter(client, tokens, data, name="nham.pdf")
    assert client.get(f"/api/documents/{ident}/pages/1.png", headers=bearer(tokens)
                      ).status_code == 200  # a cached page image
    state = client.app.state.service
    sha256 = client.get(f"/api/documents/{ident}", headers=bearer(tokens)
                        ).json()["document"]["file"]["sha256"]
    cached = state.settings.page_images / sha256[:2] / sha256
    assert state.store.has(sha256) and cached.exists()
    assert client.delete(f"/api/documents/{ident}",
                         headers=bearer(tokens, "reviewer")).status_code == 403
    assert client.delete(f"/api/documents/{ident}",
                         headers=bearer(tokens, "admin")).status_code == 204
    assert client.get(f"/api/documents/{ident}", headers=bearer(tokens)).status_code == 404
    assert client.delete(f"/api/documents/{ident}",
                         headers=bearer(tokens, "admin")).status_code == 404
    assert not state.store.has(sha256) and not cached.exists()
    with state.sessions() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.document_id == ident,
                                                           AuditEntry.action == "delete")).all()
    assert entry.user == "admin-user" and entry.before["sha256"] == sha256
    again = client.post("/api/documents", headers=bearer(tokens),
                        files=[("files", ("lai.pdf", data, "application/pdf"))]).json()
    assert again["documents"][0]["duplicate"] is False  # a new document, read again
    assert finished(client, again["documents"][0]["id"],
                    headers=bearer(tokens))["status"] == "done"


def test_the_list_filters_on_the_files_warnings(service):
    from corpus.synth import hostile

    client, tokens = service
    broken = _done_letter(client, tokens, hostile.tampered_signature_pdf(), name="sua.pdf")
    plain = _done_letter(client, tokens, render(compose(52))[0], name="thuong.pdf")
    listed = client.get("/api/documents", params={"warning": "signature_broken"},
                        headers=bearer(tokens)).json()["documents"]
    assert [d["id"] for d in listed] == [broken]
    assert plain not in {d["id"] for d in client.get(
        "/api/documents", params={"warning": "signature_broken", "per_page": 200},
        headers=bearer(tokens)).json()["documents"]}


def test_the_warning_index_is_filled_for_letters_read_before_it_existed(tmp_path):
    from api.store.db import WarningIndex

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0004")
    with engine.begin() as c:
        c.execute(text("INSERT INTO documents (id, sha256, name, size, status, attempts, "
                       "result, reviewed, created_at, updated_at) VALUES ('d1', :s, 'x.pdf', 1, "
                       "'done', 1, :r, 0, '2026-01-01', '2026-01-01')"),
                  {"s": "a" * 64, "r": json.dumps({"warnings": [
                      {"code": "repaired", "message": "…"},
                      {"code": "page_failed", "message": "…", "page": 2}]})})
    upgrade(engine)
    with sessions(engine)() as session:
        codes = sorted(session.scalars(select(WarningIndex.code)).all())
    engine.dispose()
    assert codes == ["page_failed", "repaired"]


def test_the_original_downloads_under_its_own_name_with_an_ending(service):
    """Issue 22: the original came as "<id>", without its name or ending."""
    from urllib.parse import unquote

    client, tokens = service
    answer = client.post("/api/documents", headers=bearer(tokens), files=[(
        "files", ("Công văn đoàn ra – Đà Nẵng", render(compose(61))[0], "application/pdf"))])
    ident = answer.json()["documents"][0]["id"]
    original = client.get(f"/api/documents/{ident}/original", headers=bearer(tokens))
    assert original.status_code == 200 and original.content.startswith(b"%PDF")
    said = original.headers["content-disposition"]
    assert said.isascii() and said.startswith("attachment; ")
    assert 'filename="Cong van doan ra _ Da Nang.pdf"' in said
    assert unquote(said.split("filename*=UTF-8''")[1]) == "Công văn đoàn ra – Đà Nẵng.pdf"
    finished(client, ident, headers=bearer(tokens))


def test_a_name_with_its_ending_keeps_it():
    from api.store.names import attachment

    assert attachment("quét.JPG", "image/jpeg") == (
        "attachment; filename=\"quet.JPG\"; filename*=UTF-8''qu%C3%A9t.JPG")
    assert 'filename="a.pdf.png"' in attachment("a.pdf", "image/png")
    assert 'filename="x"' in attachment("x", "application/octet-stream")
