"""The reviewer pages' parts without a browser: access, escaping, boxes, regions, page frames."""

from __future__ import annotations

import io
import time
import uuid
from dataclasses import replace

import pymupdf
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.http.app import create_app
from api.pipeline import understand
from api.settings import load_settings
from api.store import auth
from api.store.db import Correction, Document
from api.web import views
from corpus.synth.compose import compose
from corpus.synth.render import render
from extract import region
from extract.page_image import Frame, page_image
from extract.pipeline import extract_bytes


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return render(compose(3))[0]


@pytest.fixture(scope="module")
def letter_json(letter_pdf) -> dict:
    return understand(extract_bytes(letter_pdf, name="cv.pdf")).document


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data)}),
                       database_url=f"sqlite:///{data / 'congvan.db'}")
    app = create_app(settings, workers=False)
    with TestClient(app) as client:
        state = app.state.service
        auth.add_user(state.sessions, "rev", "reviewer", password="mật khẩu đủ dài")
        yield client, state


def _signed_in(client) -> None:
    assert client.post("/api/session", json={"name": "rev", "password": "mật khẩu đủ dài"}
                       ).status_code == 200


@pytest.mark.parametrize("path", ["/inbox", "/letters/abc", "/registry", "/registry/272-QĐ/TW"])
def test_a_page_without_a_session_sends_the_reader_to_sign_in(site, path):
    client, _ = site
    client.cookies.clear()
    answer = client.get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/signin?next=%2F")


@pytest.mark.parametrize("target, expected", [
    ("/letters/x?flag=a", "/letters/x?flag=a"), ("//evil.example/", "/inbox"),
    ("https://evil.example/", "/inbox"), ("/\\evil", "/inbox"), ("/\t/evil.example", "/inbox"),
    ("/\n/evil.example", "/inbox"), ("/registry/272-Q%C4%90/TW", "/registry/272-Q%C4%90/TW")])
def test_sign_in_only_returns_to_this_site(site, target, expected):
    client, _ = site
    page = client.get("/signin", params={"next": target}).text
    assert f'data-next="{expected}"' in page


def test_pages_forbid_outside_assets_and_inline_script(site):
    client, _ = site
    answer = client.get("/signin")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "http://" not in answer.text and "https://" not in answer.text
    for asset in ("app.css", "common.js", "letter.js", "inbox.js"):
        assert client.get(f"/static/{asset}").status_code == 200


def test_what_a_letter_says_is_shown_as_text_never_run(site, letter_json):
    """A fake stored result (built from a real letter) whose subject and flag carry markup."""
    client, state = site
    _signed_in(client)
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    fake = {**letter_json, "fields": {**letter_json["fields"], "subject": {
        **letter_json["fields"]["subject"], "value": hostile}}}
    fake["flags"] = [{"code": "unknown_citation", "severity": "info", "ref": hostile,
                      "message": hostile, "evidence": {"source": hostile}}]
    ident = uuid.uuid4().hex
    with state.sessions.begin() as session:
        session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name=hostile, size=1,
                             media_type="application/pdf", status="done", result=fake,
                             doc_ref=hostile, issuer=hostile))
    for path in (f"/letters/{ident}", "/inbox"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page


def test_the_inbox_filters_on_a_files_warning(site, letter_json):
    """Fake stored results (built from a real letter): one whose signature is broken."""
    from api.store import documents
    from api.worker.processing import Outcome

    client, state = site
    _signed_in(client)
    idents = []
    for warnings in ([{"code": "signature_broken", "message": "Chữ ký số không còn khớp"}], []):
        ident = uuid.uuid4().hex
        with state.sessions.begin() as session:
            session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name=f"{ident}.pdf",
                                 size=1, media_type="application/pdf", status="processing"))
        documents.finish(state.sessions, ident,
                     Outcome({**letter_json, "warnings": warnings}, "", None, None, 0.1))
        idents.append(ident)
    page = client.get("/inbox", params={"warning": "signature_broken"}).text
    assert '<option value="signature_broken" selected>' in page
    assert f"/letters/{idents[0]}" in page and f"/letters/{idents[1]}" not in page


def test_boxes_are_placed_in_percent_of_the_page_they_are_on(letter_json):
    view = views.letter(letter_json, {}, "vi")
    page = view["pages"][0]
    field = letter_json["fields"]["doc_ref"]
    box = next(b for b in page["boxes"] if b["target"] == "fields.doc_ref")
    x0, y0, x1, _ = field["bbox"]
    assert box["left"] == pytest.approx((x0 - 1.5) / page["width"] * 100, abs=0.01)
    assert box["top"] == pytest.approx((y0 - 1.5) / page["height"] * 100, abs=0.01)
    assert box["width"] == pytest.approx((x1 - x0 + 3) / page["width"] * 100, abs=0.01)
    citations = [b for p in view["pages"] for b in p["boxes"] if b["kind"] == "citation"]
    assert len(citations) == sum(1 for c in letter_json["citations"] if c.get("bbox"))


def test_a_recipients_list_continued_overleaf_is_boxed_on_both_pages():
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    data, _ = render(compose(0, trap="long_recipients"))
    doc = understand(extract_bytes(data, name="cv.pdf")).document
    view = views.letter(doc, {}, "vi")
    on = [p["number"] for p in view["pages"]
          for b in p["boxes"] if b["target"] == "fields.recipients"]
    assert on == [1, 2]


def test_a_correction_is_shown_with_the_machine_value_beside_it(letter_json):
    machine = letter_json["fields"]["signer"]["value"]
    corrected = {"fields.signer": {"value": {"name": "Lê Văn An", "title": "Giám đốc",
                                             "authority": None}, "by": "rev", "at": "…"}}
    signer = next(f for f in views.letter(letter_json, corrected, "en")["fields"]
                  if f["name"] == "signer")
    assert signer["value"] == "Lê Văn An — Giám đốc"
    assert signer["machine"] == views.show(machine)
    assert signer["label"] == "Signer"
    assert [k["key"] for k in signer["editor"]["keys"]] == ["name", "title", "authority"]
    assert signer["editor"]["keys"][0]["value"] == "Lê Văn An"


def _citing(letter_json, *refs):
    template = {"ref": "", "kind": "Quyết định", "date": None, "issuer": None, "role": "basis",
                "text": "", "page": None, "bbox": None, "registry": None}
    return {**letter_json, "citations": [{**template, "ref": r} for r in refs]}


def test_a_corrected_citation_is_found_by_its_ref_and_one_no_longer_read_is_listed(letter_json):
    doc = _citing(letter_json, "12-QĐ/TW", "38-CT/TW", "295-QĐ/TW")
    made = {"by": "rev", "at": "…"}
    corrections = {"citations.295-QĐ/TW": {**made, "value": {"role": "reference"}},
                   "citations.0": {**made, "value": {"issuer": "Bộ Chính trị"}},  # older row
                   "citations.99-QĐ/TW": {**made, "value": {"role": "replaced"}}}
    cited = views.letter(doc, corrections, "vi")["citations"]
    assert [(c["target"], c["ref"], c["role"], c["issuer"], c["unmatched"]) for c in cited] == [
        ("citations.12-QĐ/TW", "12-QĐ/TW", "basis", "Bộ Chính trị", False),
        ("citations.38-CT/TW", "38-CT/TW", "basis", None, False),
        ("citations.295-QĐ/TW", "295-QĐ/TW", "reference", None, False),
        ("citations.99-QĐ/TW", "99-QĐ/TW", "replaced", None, True)]
    assert [c["corrected"] is not None for c in cited] == [True, False, True, True]


def test_the_letter_page_marks_corrected_citations_and_those_no_longer_read(site, letter_json):
    client, state = site
    _signed_in(client)
    ident = uuid.uuid4().hex
    with state.sessions.begin() as session:
        session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name="cv.pdf", size=1,
                             media_type="application/pdf", status="done",
                             result=_citing(letter_json, "38-CT/TW", "295-QĐ/TW")))
        session.flush()
        for target in ("citations.295-QĐ/TW", "citations.99-QĐ/TW"):
            session.add(Correction(document_id=ident, target=target, value={"role": "replaced"},
                                   user="rev"))
    page = client.get(f"/letters/{ident}").text
    assert "Văn bản được viện dẫn (2)" in page  # what this reading found
    assert page.count('class="citation corrected"') == 1
    assert page.count('class="citation corrected unmatched"') == 1
    assert 'data-target="citations.99-QĐ/TW"' in page and "Không còn đọc thấy" in page


def test_a_region_of_a_text_layer_page_gives_the_words_inside(letter_pdf, letter_json):
    field = letter_json["fields"]["doc_ref"]
    x0, y0, x1, y1 = field["bbox"]
    info = region.page_of(letter_json, field["page"])
    read = region.read_region(letter_pdf, "application/pdf", info, field["page"],
                              [x0 - 2, y0 - 2, x1 + 2, y1 + 2])
    assert read["source"] == "text_layer"
    assert field["value"] in read["text"]
    with pytest.raises(region.BadRegion):
        region.read_region(letter_pdf, "application/pdf", region.page_of(letter_json, 1), 1,
                           [10, 10, 10.5, 300])


def test_a_turned_page_is_shown_upright_in_the_frame_it_was_read_in():
    image = Image.new("RGB", (400, 600), "white")
    image.paste((0, 0, 0), (20, 20, 120, 40))  # a mark at the top left of the upright page
    sideways = image.rotate(90, expand=True)  # fed sideways: 600 wide, 400 high
    pdf = pymupdf.open()
    page = pdf.new_page(width=600 * 72 / 100, height=400 * 72 / 100)
    out = io.BytesIO()
    sideways.save(out, "PNG")
    page.insert_image(page.rect, stream=out.getvalue())
    data = pdf.tobytes()
    # Reading turned it 90° clockwise to be upright, as the contract's page record says.
    shown = page_image(data, "application/pdf", 1, dpi=100, frame=Frame(rotation=90))
    assert shown.width < shown.height
    grey = shown.convert("L")
    assert grey.getpixel((70, 30)) < 100  # the mark is back at the top left
    assert Frame.of({"pages": [{"number": 1, "quality": {"rotation": 90, "skew": -1.2}}]},
                    1) == Frame(90, -1.2)
    assert Frame.of({"pages": [{"number": 1, "quality": None}]}, 1) == Frame()


def test_the_files_warnings_are_listed_on_the_letter_page(site, letter_json):
    """A fake stored result (a real letter's) with a page left out."""
    client, state = site
    _signed_in(client)
    warned = {**letter_json, "warnings": [
        {"code": "page_failed", "message": "Trang 2 không đọc được và bị bỏ qua", "page": 2,
         "reason": "timeout"}]}
    ident = uuid.uuid4().hex
    with state.sessions.begin() as session:
        session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name="bỏ-trang.pdf",
                             size=1, media_type="application/pdf", status="done",
                             result=warned))
    page = client.get(f"/letters/{ident}").text
    assert "Lưu ý về tệp" in page and "Trang 2 không đọc được và bị bỏ qua" in page
    assert "Lưu ý về tệp" not in client.get(
        f"/letters/{ident}".replace(ident, _plain(state, letter_json))).text


def _plain(state, letter_json) -> str:
    ident = uuid.uuid4().hex
    with state.sessions.begin() as session:
        session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name="thường.pdf", size=1,
                             media_type="application/pdf", status="done", result=letter_json))
    return ident


def test_sign_in_slows_down_after_five_failures(site):
    """Last in this module: it leaves the test client's address blocked for 15 minutes."""
    client, state = site
    auth.add_user(state.sessions, "đoán-mò", "reviewer", password="mật khẩu thật dài")
    for _ in range(5):
        assert client.post("/api/session", json={"name": "đoán-mò", "password": "đoán"}
                           ).status_code == 401
    blocked = client.post("/api/session", json={"name": "đoán-mò",
                                                "password": "mật khẩu thật dài"})
    assert blocked.status_code == 429
    assert 800 < int(blocked.headers["retry-after"]) <= 901
    assert "thử lại sau" in blocked.json()["detail"]


def test_the_limiter_counts_per_name_and_per_address_and_forgets(site):
    _, state = site
    limiter = auth.SignInLimiter(state.sessions, limit=2, window=0.3, per_name=2,
                                 per_address=2)
    limiter.failed("An", "10.0.0.1")
    assert limiter.wait("an", "10.0.0.1") == 0  # one failure: no wait
    limiter.failed("an", "10.0.0.2")
    assert limiter.wait("AN", "10.0.0.1") > 0  # two for the name: those who failed wait
    assert limiter.wait("AN", "10.0.0.9") == 0  # an address that did not fail goes ahead
    limiter.succeeded("an", "10.0.0.9")
    assert limiter.wait("an", "10.0.0.1") == 0
    limiter.failed("bình", "10.0.0.5")
    limiter.failed("chi", "10.0.0.5")
    assert limiter.wait("bình", "10.0.0.5") > 0  # two from the address: its names wait
    assert limiter.wait("dũng", "10.0.0.5") == 0  # but not a name it did not fail on
    time.sleep(0.35)
    assert limiter.wait("bình", "10.0.0.5") == 0



def test_audit_times_are_shown_on_vietnams_clock():
    from datetime import UTC, datetime

    from api.web.routes import local_time

    assert local_time(datetime(2015, 1, 21, 2, 30, tzinfo=UTC)) == "21/01/2015 09:30"
    assert local_time(datetime(2015, 1, 21, 20, 0)) == "22/01/2015 03:00"  # SQLite: no zone


def test_two_processes_count_the_same_failures(site):
    """Each process of `congvan serve --processes N` has its own limiter, on one database."""
    _, state = site
    first, second = (auth.SignInLimiter(state.sessions, limit=3, window=60, per_name=3)
                     for _ in range(2))
    first.failed("giang", "10.1.0.1")
    second.failed("giang", "10.1.0.2")
    assert first.wait("giang", "10.1.0.3") == second.wait("giang", "10.1.0.3") == 0
    first.failed("giang", "10.1.0.4")
    assert 55 < second.wait("giang", "10.1.0.4") <= 60  # three for the name: who failed waits


def test_the_delegation_table_heads_its_name_column_full_name(site, letter_json):
    """Issue 22: the people's names were headed "Tên đăng nhập" (a login name)."""
    client, state = site
    _signed_in(client)
    named = {**letter_json, "delegation": {"head": {"name": "Nguyễn Văn An",
                                                    "title": "Thứ trưởng"}, "members": []}}
    page = client.get(f"/letters/{_plain(state, named)}").text
    table = page[page.index('id="delegation"'):]
    table = table[:table.index("</thead>")]
    assert "<th>Họ và tên</th>" in table and "Tên đăng nhập" not in table


def test_the_panels_field_rules_leave_the_boxes_on_the_page_alone():
    """Issue 22: `.field`'s bottom border (and its highlight) reached the boxes, `box field`.

    Every selector that names the class `field` is kept inside the panel (`.fields`).
    """
    import re
    from pathlib import Path

    import api.web

    css = (Path(api.web.__file__).parent / "static" / "app.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", css) for s in block.split(",")]
    naming_field = [s for s in selectors if re.search(r"\.field(?![-\w])", s)]
    assert naming_field  # the panel is still styled
    assert all(s.startswith(".fields .field") for s in naming_field), naming_field


def test_the_favicon_is_served_and_linked(site):
    """Issue 22: every page asked for /favicon.ico and got a 404."""
    client, _ = site
    client.cookies.clear()
    for path in ("/favicon.ico", "/static/favicon.svg"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["content-type"].startswith("image/svg+xml")
        assert answer.content.startswith(b"<svg")
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/signin").text


def test_an_unknown_letter_or_instrument_is_a_page_not_json(site):
    """Issue 22: `/letters/<unknown>` showed FastAPI's raw JSON; the API keeps its JSON."""
    client, _ = site
    _signed_in(client)
    for path, said, back in (
            ("/letters/khong-co", "Không có văn bản này", 'href="/inbox"'),
            ("/registry/99-XYZ/KHÔNG", "Không có văn bản 99-XYZ/KHÔNG trong danh mục",
             'href="/registry"')):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("text/html")
        assert "Không tìm thấy" in answer.text and said in answer.text and back in answer.text
        assert answer.headers["Content-Security-Policy"]
    api = client.get("/api/documents/khong-co")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/")
    assert api.json()["detail"]


def test_the_inbox_shows_the_letters_given_to_me_and_refuses_a_day_that_is_not(site, letter_json):
    from api.store import documents
    from api.worker.processing import Outcome

    client, state = site
    _signed_in(client)
    idents = []
    for assignee in ("rev", "someone else"):
        ident = uuid.uuid4().hex
        with state.sessions.begin() as session:
            session.add(Document(id=ident, sha256=uuid.uuid4().hex * 2, name=f"{ident}.pdf",
                                 size=1, media_type="application/pdf", status="processing"))
        documents.finish(state.sessions, ident, Outcome(letter_json, "", None, None, 0.1))
        with state.sessions.begin() as session:
            session.get(Document, ident).assignee = assignee
        idents.append(ident)
    page = client.get("/inbox", params={"assignee": "me"}).text
    assert '<option value="me" selected>' in page
    assert f"/letters/{idents[0]}" in page and f"/letters/{idents[1]}" not in page
    refused = client.get("/inbox", params={"issued_from": "31/02/2024"}).text
    assert "Ban hành từ ngày: không phải một ngày có thật" in refused
    assert "YYYY-MM-DD" not in refused
    shown = client.get("/inbox", params={"issued_from": "05/03/2024"}).text
    assert 'value="05/03/2024"' in shown and "không phải một ngày có thật" not in shown
