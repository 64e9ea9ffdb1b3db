"""What an integrator reads besides the letter: `Location` on 202, totals and `Link` paging,
times with their zone, and the CSV export as Excel opens it (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import uuid
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pymupdf

from api.store.db import Document
from api.store.export import CSV_COLUMNS
from tests.api.conftest import bearer
from tests.api.live import finished

TRIP = {
    "head": {"name": "Nguyễn Văn Hùng", "title": "Giám đốc Sở Công Thương"},
    "members": [{"name": "Trần Thị Mai", "title": "Trưởng phòng Quản lý thương mại"},
                {"name": "Lê Quốc Việt", "title": None}],
    "size": 3, "countries": ["Nhật Bản", "Hàn Quốc"], "places": ["Tokyo"],
    "start": "2024-04-15", "end": "2024-04-20", "days": 6, "purpose": "xúc tiến thương mại",
    "inviter": "JETRO", "funding": {"kind": "state_budget", "text": "ngân sách tỉnh"}}


def _stored(client, issuer: str, result: dict | None = None) -> str:
    ident = uuid.uuid4().hex
    with client.app.state.service.sessions.begin() as session:
        session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name="thư.pdf", size=1,
                             media_type="application/pdf", status="done", issuer=issuer,
                             result=result or {"fields": {}, "citations": []}))
    return ident


def _one_line_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text: accepted, and read in a moment."""
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text, fontname="helv")
    return doc.tobytes()


def _links(header: str) -> dict[str, str]:
    """RFC 8288 `Link`: rel → target."""
    return {rel: url for url, rel in re.findall(r'<([^>]*)>;\s*rel="([^"]+)"', header)}


def test_an_upload_answers_202_with_the_documents_location(service):
    client, tokens = service
    pdf = _one_line_pdf(f"Công văn {uuid.uuid4().hex}")  # new bytes: not a duplicate
    answer = client.post("/api/documents", headers=bearer(tokens),
                         files=[("files", ("cv-7.pdf", pdf, "application/pdf"))])
    assert answer.status_code == 202, answer.text
    ident = answer.json()["documents"][0]["id"]
    assert answer.headers["location"] == f"/api/documents/{ident}"
    assert answer.json()["documents"][0]["url"] == answer.headers["location"]
    assert set(answer.json()) == {"documents", "files"}
    assert client.get(answer.headers["location"], headers=bearer(tokens)).json()["id"] == ident
    # Read to the end, so that no reading is left running when the store goes.
    assert finished(client, headers=bearer(tokens), ident=ident)["id"] == ident


def test_a_listing_gives_its_total_and_links_to_every_page(service):
    client, tokens = service
    issuer = f"Sở {uuid.uuid4().hex[:8]}"
    made = {_stored(client, issuer) for _ in range(5)}
    first = client.get("/api/documents", params={"issuer": issuer, "per_page": 2},
                       headers=bearer(tokens))
    assert first.status_code == 200
    body = first.json()
    assert {"documents", "page", "per_page", "more", "total"} <= set(body)
    assert body["total"] == 5 and first.headers["x-total-count"] == "5"
    links = _links(first.headers["link"])
    assert set(links) == {"first", "next", "last"}  # no previous page before the first
    last = parse_qs(urlsplit(links["last"]).query)
    assert last == {"issuer": [issuer], "per_page": ["2"], "page": ["3"]}
    assert links["last"].startswith("/api/documents?")
    seen = [d["id"] for d in body["documents"]]
    rels = []
    while "next" in links:
        target = urlsplit(links["next"])
        answer = client.get(f"{target.path}?{target.query}", headers=bearer(tokens))
        assert answer.headers["x-total-count"] == "5"
        seen += [d["id"] for d in answer.json()["documents"]]
        links = _links(answer.headers["link"])
        rels.append(set(links))
    assert sorted(seen) == sorted(made)  # every letter once
    assert rels == [{"first", "prev", "next", "last"}, {"first", "prev", "last"}]
    none = client.get("/api/documents", params={"issuer": "không có ai"},
                      headers=bearer(tokens))
    assert none.json()["total"] == 0 and none.headers["x-total-count"] == "0"


def test_times_carry_their_zone(service):
    client, tokens = service
    issuer = f"Sở {uuid.uuid4().hex[:8]}"
    ident = _stored(client, issuer, {"fields": {"place": {"value": "Huế"},
                                                "issuer": {"value": issuer}}, "citations": []})
    client.patch(f"/api/documents/{ident}/fields/place", headers=bearer(tokens, "reviewer"),
                 json={"value": "Đà Nẵng"})
    listed = client.get("/api/documents", params={"issuer": issuer},
                        headers=bearer(tokens)).json()["documents"][0]["created_at"]
    audit = client.get(f"/api/documents/{ident}/audit", headers=bearer(tokens)).json()
    state = client.get(f"/api/documents/{ident}", headers=bearer(tokens)).json()["review"]
    for stamp in (listed, audit["audit"][0]["at"], state["corrections"]["fields.place"]["at"]):
        assert stamp.endswith("+00:00"), stamp
        moment = datetime.fromisoformat(stamp)
        assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0


def test_the_csv_export_opens_in_excel_with_its_marks_and_the_delegation_spread(service):
    client, tokens = service
    issuer = f"Sở Ngoại vụ tỉnh Thừa Thiên Huế {uuid.uuid4().hex[:6]}"
    trip = _stored(client, issuer, {
        "fields": {"subject": {"value": "cử đoàn công tác đi Nhật Bản"},
                   "issuer": {"value": issuer},
                   "recipients": {"value": ["Ban Tổ chức Tỉnh ủy", "Sở Tài chính"]},
                   "signer": {"value": {"name": "Phạm Thị Hòa", "title": "Giám đốc"}},
                   "deadlines": {"value": ["2024-04-01", "2024-04-10"]}},
        "citations": [{"ref": "272-QĐ/TW"}], "delegation": TRIP, "flags": []})
    plain = _stored(client, issuer)
    answer = client.get("/api/export", params={"format": "csv", "issuer": issuer},
                        headers=bearer(tokens, "reviewer"))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel looks for
    text = answer.content.decode("utf-8-sig")
    assert not text.startswith("\ufeff") and "\r\n" in text
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert list(csv.reader(io.StringIO(text)))[0] == list(CSV_COLUMNS)
    row = rows[trip]
    assert row["delegation_head"] == "Nguyễn Văn Hùng (Giám đốc Sở Công Thương)"
    assert row["delegation_members"] == ("Trần Thị Mai (Trưởng phòng Quản lý thương mại); "
                                         "Lê Quốc Việt")
    assert row["delegation_size"] == "3"
    assert row["delegation_countries"] == "Nhật Bản; Hàn Quốc"
    assert (row["delegation_start"], row["delegation_end"]) == ("2024-04-15", "2024-04-20")
    assert row["delegation_funding"] == "Ngân sách nhà nước; ngân sách tỉnh"
    assert row["recipients"] == "Ban Tổ chức Tỉnh ủy; Sở Tài chính"
    assert row["signer"] == "Phạm Thị Hòa (Giám đốc)"
    assert row["deadlines"] == "2024-04-01; 2024-04-10"
    assert row["subject"] == "cử đoàn công tác đi Nhật Bản" and row["issuer"] == issuer
    for cell in row.values():  # marks intact and composed; no JSON anywhere
        assert cell == unicodedata.normalize("NFC", cell)
        assert not cell.startswith(("[", "{", '"')), cell
    assert all(rows[plain][f"delegation_{p}"] == "" for p in
               ("head", "members", "size", "countries", "start", "end", "funding"))
