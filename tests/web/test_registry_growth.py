"""The registry grows from the archive, in a real browser (Debian's chromium, Playwright).

One `congvan serve` (SQLite, one worker) reads generated letters citing instruments the
registry lacks; an administrator sees them listed by how many letters cite them, adds one in
one step, and it leaves the list. A decree whose effects are set by hand (another part of the
work reads them) proposes a change, which the administrator accepts beside its boxed clause and
follows by reading again the letters citing the replaced decree.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from api.store import documents
from api.store.db import Document, Status, make_engine, sessions
from tests.api import live
from tests.handmade import CLAUSE, NOT_YET_REPLACED, decree_replacing, request_citing
from tests.web.browser import ARTIFACTS, PASSWORD
from tests.web.browser import users as _users

pytestmark = pytest.mark.heavy

DECISION = "Quyết định số 1234/QĐ-UBND ngày 05 tháng 3 năm 2021 của Ủy ban nhân dân tỉnh Nam Định"
PLAN = "Kế hoạch số 45/KH-UBND ngày 10 tháng 01 năm 2023 của Ủy ban nhân dân tỉnh Nam Định"
DECREE_50 = "Nghị định số 50/2011/NĐ-CP ngày 04 tháng 7 năm 2011 của Chính phủ"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    folder = tmp_path_factory.mktemp("growth")
    data = folder / "data"
    port = live.free_port()
    proc, token = live.start(data, port, folder / "serve.log", workers=1)
    assert token
    try:
        _users(data, "password", "admin")  # the first start's administrator
        yield f"http://127.0.0.1:{port}", token, data
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _upload(base: str, token: str, name: str, pdf: bytes) -> str:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                      timeout=60) as client:
        answer = client.post("/api/documents", files={"files": (name, pdf)})
        assert answer.status_code == 202, answer.text
        ident = answer.json()["documents"][0]["id"]
        assert live.finished(client, ident)["status"] == "done"
    return str(ident)


def _sign_in(page: Page, base: str, start: str) -> None:
    page.goto(base + start)
    page.fill("#name", "admin")
    page.fill("#password", PASSWORD)
    page.click("#signin button[type=submit]")
    page.wait_for_url(f"{base}{start}")


def test_cited_instruments_the_registry_lacks_are_listed_by_count_and_added(server, browser):
    base, token, _ = server
    for n in range(3):
        _upload(base, token, f"qd-{n}.pdf", request_citing(
            301 + n, f"1{n} tháng 7 năm 2023", [DECISION] + ([PLAN] if n == 0 else [])))
    page = browser.new_page()
    _sign_in(page, base, "/registry")
    page.click("#unknown-link")
    page.wait_for_url(f"{base}/registry/unknown")
    rows = page.locator("#unknown tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-ref", "1234/QĐ-UBND")
    expect(rows.nth(0).locator(".count")).to_have_text("3")
    expect(rows.nth(0)).to_contain_text("Quyết định")
    expect(rows.nth(0)).to_contain_text("05/03/2021")
    expect(rows.nth(0)).to_contain_text("Ủy ban nhân dân tỉnh Nam Định")
    expect(rows.nth(1)).to_have_attribute("data-ref", "45/KH-UBND")
    expect(rows.nth(1).locator(".count")).to_have_text("1")

    first = rows.nth(0)
    first.locator("summary").click()
    draft = first.locator("textarea").input_value()
    assert "ref: 1234/QĐ-UBND" in draft and "signed: '2021-03-05'" in draft
    first.locator("textarea").fill(draft.replace("title: null", "title: phê duyệt kế hoạch"))
    first.locator("button[type=submit]").click()
    expect(page.locator("#unknown tbody tr")).to_have_count(1, timeout=10_000)
    expect(page.locator("#unknown tbody tr").nth(0)).to_have_attribute("data-ref", "45/KH-UBND")
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        listed = client.get("/api/registry/unknown").json()
        assert [i["ref"] for i in listed["instruments"]] == ["45/KH-UBND"]
        assert client.get("/api/registry/1234/QĐ-UBND").status_code == 200
    page.goto(f"{base}/registry/unknown?lang=en")
    expect(page.locator("h1")).to_have_text("Cited but not in the registry")
    expect(page.locator("#unknown thead")).to_contain_text("Letters citing")
    page.close()


def test_an_administrator_accepts_a_proposed_replacement_beside_its_clause(server, browser):
    base, token, data = server
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        before = client.post("/api/registry", content=NOT_YET_REPLACED.encode(),
                             headers={"Content-Type": "text/yaml"})
        assert before.status_code == 200, before.text
    citing = _upload(base, token, "so.pdf", request_citing(215, "10 tháng 6 năm 2023",
                                                           [DECREE_50]))
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        flags = client.get(f"/api/documents/{citing}").json()["document"]["flags"]
        assert "superseded_citation" not in {f["code"] for f in flags}
    decree = _upload(base, token, "nd18.pdf", decree_replacing())
    engine = make_engine(f"sqlite:///{data / 'congvan.db'}")
    made = sessions(engine)
    with made.begin() as session:  # the effects the reader of effects would add
        doc = session.get(Document, decree)
        result, text = dict(doc.result), doc.text
        doc.status = Status.PROCESSING
    effects = [{"kind": "replaces", "ref": "50/2011/NĐ-CP", "part": None, "date": "2022-05-01",
                "page": 1, "bbox": [60.0, 170.0, 520.0, 203.0], "text": CLAUSE}]
    assert documents.finish(made, decree, documents.Outcome(
        {**result, "effects": effects}, text, None, None, 0.1))
    engine.dispose()

    page = browser.new_page()
    _sign_in(page, base, "/registry")
    card = page.locator("#proposals .proposal")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("50/2011/NĐ-CP")
    expect(card.locator(".clause")).to_have_text(CLAUSE)
    box = card.locator(".evidence .box")
    expect(box).to_be_visible()
    assert box.bounding_box()["width"] > 100  # placed on the page image, not collapsed
    expect(card.locator(".evidence img")).to_have_js_property("complete", True)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "proposals.png"))
    card.locator("button.accept").click()
    expect(card.locator(".reread")).to_contain_text("50/2011/NĐ-CP")
    card.locator("button.reread-all").click()
    expect(page.locator("#toast")).to_contain_text(":")
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                      timeout=60) as client:
        again = live.finished(client, citing)
        flag = next(f for f in again["document"]["flags"] if f["code"] == "superseded_citation")
        assert flag["evidence"]["how"] == "own_text"
        assert "18/2022/NĐ-CP" in flag["evidence"]["source"]
    page.close()
