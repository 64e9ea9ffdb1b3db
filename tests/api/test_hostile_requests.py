"""Hostile requests (issue 21): each answered with a clean 4xx, in Vietnamese, on SQLite and
PostgreSQL; nothing sent is echoed back; an export never runs as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.store import auth
from api.store.export import inert
from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.api.conftest import bearer
from tests.api.live import finished


@pytest.fixture(scope="module")
def done(service):
    """A letter read to the end, uploaded under a name a spreadsheet would take for a formula."""
    client, tokens = service
    pdf = render(compose(21, issued=date(2024, 3, 12), cites=["295-QĐ/TW"],
                         replaced_mention=False))[0]
    answer = client.post("/api/documents", headers=bearer(tokens),
                         files=[("files", ("=SUM(1+1)*cmd.pdf", pdf, "application/pdf"))])
    assert answer.status_code == 202, answer.text
    ident = answer.json()["documents"][0]["id"]
    body = finished(client, headers=bearer(tokens), ident=ident)
    assert body["status"] == "done", body
    return ident, body["document"]


def _refused(answer, *where: str) -> list[dict]:
    """A 422 problem listing its errors, in Vietnamese, without the value sent."""
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert isinstance(answer.json()["detail"], str)
    errors = answer.json()["errors"]
    assert isinstance(errors, list) and errors
    for e in errors:
        assert set(e) == {"loc", "msg", "type"}, e  # no `input`: nothing echoed back
        assert e["msg"] and not e["msg"].startswith(("Value error", "String should"))
    for name in where:
        assert any(e["loc"][-1] == name for e in errors), errors
    return errors


# --- 1: a NUL byte or an endless filter: 422, never a 500 or a cut stream -------------------

@pytest.mark.parametrize("params", [
    {"q": "\x00"}, {"q": "abc\x00def"}, {"issuer": "\x00"}, {"cites": "a\x00"},
    {"doc_type": "\x1b[31m"}, {"issuer": "x" * 60_000}, {"cites": "%" * 5_000},
    {"q": "x" * 201}, {"flag": "f" * 65}])
def test_a_filter_with_a_control_character_or_too_long_is_refused(service, params):
    client, tokens = service
    [name] = params
    _refused(client.get("/api/documents", params=params, headers=bearer(tokens)), name)
    _refused(client.get("/api/export", params=params, headers=bearer(tokens, "reviewer")), name)
    _refused(client.post("/api/reprocess", params=params, headers=bearer(tokens, "admin")), name)


def test_the_refusal_says_why_in_vietnamese(service):
    client, tokens = service
    [nul] = _refused(client.get("/api/documents", params={"q": "a\x00"}, headers=bearer(tokens)))
    assert "ký tự điều khiển" in nul["msg"]
    [long] = _refused(client.get("/api/documents", params={"issuer": "x" * 60_000},
                                 headers=bearer(tokens)))
    assert "tối đa 200 ký tự" in long["msg"]


def test_the_inbox_refuses_a_filter_it_cannot_use_and_lists_nothing(service, done):
    client, tokens = service
    name = f"duyệt-{uuid.uuid4().hex[:6]}"
    auth.add_user(client.app.state.service.sessions, name, "reviewer", password="mật khẩu đủ dài")
    browser = TestClient(client.app)
    assert browser.post("/api/session", json={"name": name, "password": "mật khẩu đủ dài"}
                        ).status_code == 200
    for params in ({"q": "\x00"}, {"q": "abc\x00def"}, {"issuer": "x" * 60_000},
                   {"issued_from": "2020-13-45"}, {"status": "bogus"}):
        page = browser.get("/inbox", params=params)
        assert page.status_code == 422, (params, page.status_code)
        assert 'role="alert"' in page.text and done[0] not in page.text
        assert "x" * 300 not in page.text  # the value is not echoed into the page
    assert done[0] in browser.get("/inbox").text


def test_good_filters_still_select(service, done):
    client, tokens = service
    ident, _ = done

    def ids(**params):
        got = client.get("/api/documents", params=params, headers=bearer(tokens))
        assert got.status_code == 200, got.text
        return {d["id"] for d in got.json()["documents"]}

    assert ident in ids(status="done", issued_from="2024-01-01", issued_to="2024-12-31")
    assert ident not in ids(status="failed")
    assert ident in ids(q="Quyết định", issuer="")


# --- 7: values taken without a check -------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"issued_from": "2020-13-45"}, {"issued_from": "notadate"}, {"issued_to": "2021-02-31"},
    {"issued_to": "20240312"}, {"status": "bogus"}, {"status": "DONE"}])
def test_a_bad_date_or_status_filter_is_refused(service, params):
    client, tokens = service
    [name] = params
    [error] = _refused(client.get("/api/documents", params=params, headers=bearer(tokens)), name)
    assert ("YYYY-MM-DD" if name.startswith("issued") else "queued") in error["msg"]


@pytest.mark.parametrize("value", ["31/02/2021", "2021-02-31", "2021-13", "12 tháng 3 năm 2024",
                                   20210212, ["2021-02-12"]])
def test_a_correction_to_a_date_must_be_a_real_day_in_the_contract_s_format(service, done, value):
    client, tokens = service
    ident, _ = done
    answer = client.patch(f"/api/documents/{ident}/fields/issued_date",
                          headers=bearer(tokens, "reviewer"), json={"value": value})
    [error] = _refused(answer, "value")
    assert "YYYY-MM-DD" in error["msg"]
    state = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()["review"]
    assert "fields.issued_date" not in state["corrections"]


@pytest.mark.parametrize(("name", "value"), [
    ("subject", "x" * 20_000), ("subject", "a" * 5 * 1024 * 1024), ("recipients", "Sở Ngoại vụ"),
    ("recipients", ["a", None]), ("signer", {"name": "A", "password": "x"}),
    ("signer", ["Lê Văn An"]), ("incoming", {"number": "12", "date": "2024-02-30"}),
    ("deadlines", ["30/04/2024"]), ("doc_ref", {"a": 1}), ("place", "Hà\x00Nội")])
def test_a_correction_the_field_cannot_hold_is_refused(service, done, name, value):
    client, tokens = service
    ident, _ = done
    _refused(client.patch(f"/api/documents/{ident}/fields/{name}",
                          headers=bearer(tokens, "reviewer"), json={"value": value}), "value")


@pytest.mark.parametrize("value", [{"date": "2021-02-31"}, {"role": "bogus"}, {"ref": ""},
                                   {"secret": "x"}, {"issuer": "x" * 20_000}])
def test_a_citation_correction_the_contract_cannot_hold_is_refused(service, done, value):
    client, tokens = service
    ident, _ = done
    _refused(client.patch(f"/api/documents/{ident}/citations/0",
                          headers=bearer(tokens, "reviewer"), json={"value": value}), "value")


def test_good_corrections_are_kept(service, done):
    client, tokens = service
    ident, _ = done
    reviewer = bearer(tokens, "reviewer")
    for name, value in (("issued_date", "2024-03-13"), ("issued_date", "2022-10"),
                        ("recipients", ["Sở Ngoại vụ", "Công an tỉnh"]),
                        ("signer", {"name": "Lê Văn An", "title": "Giám đốc", "authority": None}),
                        ("incoming", {"number": "12", "date": "2024-02-29"}),
                        ("subject", "Về việc cử đoàn\nđi công tác"), ("urgency", None),
                        ("signers", ["Lê Văn An, Giám đốc"])):
        answer = client.patch(f"/api/documents/{ident}/fields/{name}", headers=reviewer,
                              json={"value": value})
        assert answer.status_code == 200, (name, answer.text)
    assert client.patch(f"/api/documents/{ident}/citations/0", headers=reviewer,
                        json={"value": {"date": "2010-03-23", "role": "reference"}}
                        ).status_code == 200


@pytest.mark.parametrize("bbox", ["[NaN, 0, 10, 10]", "[0, 0, Infinity, 10]",
                                  "[0, -Infinity, 10, 10]", "[0, 0, 1e999, 10]"])
def test_a_region_must_be_finite(service, done, bbox):
    client, tokens = service
    ident, _ = done
    answer = client.post(f"/api/documents/{ident}/pages/1/region",
                         headers={**bearer(tokens, "reviewer"),
                                  "Content-Type": "application/json"},
                         content=f'{{"bbox": {bbox}}}')
    [error] = _refused(answer)
    assert "hữu hạn" in error["msg"]


def test_a_correction_can_be_withdrawn_and_the_machine_value_shows_again(service, done):
    client, tokens = service
    ident, document = done
    reviewer = bearer(tokens, "reviewer")
    machine = document["fields"]["place"]["value"]
    url = f"/api/documents/{ident}/fields/place"
    assert client.delete(url, headers=reviewer).status_code == 404  # nothing to withdraw
    assert client.patch(url, headers=reviewer, json={"value": "Nơi khác"}).status_code == 200
    assert client.patch(url, headers=reviewer, json={"value": "Nơi thứ ba"}).status_code == 200
    assert client.delete(url, headers=bearer(tokens)).status_code == 403  # an uploader may not
    gone = client.delete(url, headers=reviewer)
    assert gone.status_code == 200, gone.text
    assert gone.json() == {"target": "fields.place", "before": "Nơi thứ ba", "after": machine}
    state = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()["review"]
    assert "fields.place" not in state["corrections"]
    rows = client.get("/api/export", params={"format": "jsonl"}, headers=reviewer).text
    mine = next(json.loads(r) for r in rows.splitlines() if json.loads(r)["id"] == ident)
    assert mine["document"]["fields"]["place"]["value"] == machine
    assert "fields.place" not in mine["source"]
    trail = client.get(f"/api/documents/{ident}/audit", headers=bearer(tokens)).json()["audit"]
    last = [a for a in trail if a["target"] == "fields.place"][-1]
    assert (last["action"], last["user"], last["before"], last["after"]) == (
        "withdraw", "reviewer-user", "Nơi thứ ba", machine)
    assert client.delete(url, headers=reviewer).status_code == 404
    assert client.delete(f"/api/documents/{ident}/fields/nope",
                         headers=reviewer).status_code == 404


def test_a_citation_correction_can_be_withdrawn(service, done):
    client, tokens = service
    ident, document = done
    reviewer = bearer(tokens, "reviewer")
    first = document["citations"][0]
    target = f"citations.{first['ref']}"
    assert client.patch(f"/api/documents/{ident}/citations/0", headers=reviewer,
                        json={"value": {"issuer": "Bộ Chính trị"}}).status_code == 200
    gone = client.delete(f"/api/documents/{ident}/citations/{first['ref']}", headers=reviewer)
    assert gone.status_code == 200, gone.text
    assert gone.json()["target"] == target and gone.json()["after"] == first
    state = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()["review"]
    assert target not in state["corrections"]
    trail = client.get(f"/api/documents/{ident}/audit", headers=bearer(tokens)).json()["audit"]
    assert [a["action"] for a in trail if a["target"] == target][-1] == "withdraw"
    assert client.delete(f"/api/documents/{ident}/citations/0",
                         headers=reviewer).status_code == 404


# --- 8: CSV formula injection --------------------------------------------------------------

def test_the_csv_export_never_starts_a_cell_with_a_formula(service, done):
    client, tokens = service
    ident, _ = done
    reviewer = bearer(tokens, "reviewer")
    assert client.patch(f"/api/documents/{ident}/fields/subject", headers=reviewer,
                        json={"value": "@HYPERLINK(\"http://x\")"}).status_code == 200
    assert client.patch(f"/api/documents/{ident}/fields/doc_ref", headers=reviewer,
                        json={"value": "-2+3"}).status_code == 200
    text = client.get("/api/export", params={"format": "csv"},
                      headers=reviewer).content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == ident)
    assert row["file"] == "'=SUM(1+1)*cmd.pdf"
    assert row["subject"] == "'@HYPERLINK(\"http://x\")" and row["doc_ref"] == "'-2+3"
    for cell in (c for r in csv.reader(io.StringIO(text)) for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("a=1", "a=1"), ("", ""), (None, None), ("Sở Ngoại vụ", "Sở Ngoại vụ")])
def test_inert(value, cell):
    assert inert(value) == cell


# --- 9: nothing echoed back ----------------------------------------------------------------

def test_a_part_the_upload_cannot_take_is_not_echoed_back(service):
    client, tokens = service
    secret = b"%PDF-1.7 " + b"S" * 300_000
    boundary = "xBOUNDARYx"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename*=UTF-8''v%C4%83n.pdf\r\nContent-Type: application/pdf\r\n\r\n"
            ).encode() + secret + f"\r\n--{boundary}--\r\n".encode()
    answer = client.post("/api/documents", content=body, headers={
        **bearer(tokens), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status_code == 422, answer.text[:300]
    assert len(answer.content) < 2_000 and b"SSSS" not in answer.content
    [error] = _refused(answer)
    assert error["loc"][:2] == ["body", "files"] and "filename" in error["msg"]
