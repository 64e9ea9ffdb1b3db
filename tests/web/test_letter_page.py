"""The letter page in a real browser (Debian's chromium, Playwright): issue 22's letter items.

One `congvan serve` (SQLite, one worker) reads three generated letters: a born-digital letter
that stands on a superseded instrument, the same PDF cut to a third (it "reads" with every
field empty), and its first 400 bytes (it fails). A reviewer flips through the page strip and
zooms, writes notes, gives the letter to someone, corrects the number and withdraws it, types
a date as dd/mm/yyyy; the pages say every code in words and every date as dd/mm/yyyy, in
Vietnamese and in English; an unknown path is the 404 page; the registry names what replaced
an instrument, and takes its own example.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from playwright.sync_api import Page, expect

from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.api import live
from tests.web.browser import ARTIFACTS
from tests.web.browser import users as _users
from tests.web.test_reviewer_pages import _sign_in

#: What a Vietnamese or English page must never show: the codes behind the words.
RAW_CODES = ("superseded_citation", "repealed_citation", "basis", "in_force", "primary_letter",
             "secondary_source", "express_clause", "text_layer", "registry-facts", "fields.",
             "correct ", "withdraw ", "vpcp-1170", "not_yet_issued")
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """The service, a reviewer, and the three letters read (name → id)."""
    folder = tmp_path_factory.mktemp("letter-page")
    data = folder / "data"
    port = live.free_port()
    proc, token = live.start(data, port, folder / "serve.log", workers=1)
    assert token
    try:
        _users(data, "add", "thu.nguyen", "--role", "reviewer", "--password")
        _users(data, "add", "lan.tran", "--role", "reviewer", "--password")
        _users(data, "password", "admin")
        base = f"http://127.0.0.1:{port}"
        full = render(compose(11, issued=date(2024, 3, 12), cites=["295-QĐ/TW"],
                              replaced_mention=False))[0]
        files = {"full": full, "cut": full[:len(full) // 3], "broken": full[:400]}
        client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                              timeout=60)
        ids = {}
        for name, body in files.items():
            sent = client.post("/api/documents", files={"files": (f"{name}.pdf", body)})
            assert sent.status_code == 202, sent.text
            ids[name] = sent.json()["documents"][0]["id"]
        outcomes = {name: live.finished(client, ident, timeout=400)["status"]
                    for name, ident in ids.items()}
        assert outcomes == {"full": "done", "cut": "done", "broken": "failed"}
        yield base, ids
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture()
def page(server, browser) -> Iterator[Page]:
    base, _ = server
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("dialog", lambda dialog: dialog.accept())
    _sign_in(tab, base, "thu.nguyen")
    yield tab
    context.close()
    assert not errors, errors


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)


def _no_codes(text: str) -> None:
    shown = [code for code in RAW_CODES if code in text]
    assert not shown, f"raw codes on the page: {shown}"


def test_the_page_strip_shows_each_page_and_zoom_carries_the_boxes(server, page):
    base, ids = server
    _open(page, f"{base}/letters/{ids['full']}")
    thumbs = page.locator("#strip .thumb")
    expect(thumbs).to_have_count(2)
    expect(thumbs.nth(0)).to_have_class(re.compile(r"\bcurrent\b"))
    # A click on the second page's picture brings that page up, large.
    thumbs.nth(1).click()
    expect(thumbs.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    second = page.locator(".page[data-page='2']").bounding_box()
    pane = page.locator("#pages").bounding_box()
    assert second and pane and abs(second["y"] - pane["y"]) < 40
    thumbs.nth(0).click()

    box = page.locator(".page .box[data-target='fields.doc_ref']")
    sheet = page.locator(".page[data-page='1']")

    def shape() -> tuple[float, float, float]:
        b, s = box.bounding_box(), sheet.bounding_box()
        assert b and s
        return b["width"], (b["x"] - s["x"]) / s["width"], s["width"]

    width, left, sheet_width = shape()
    page.click("#zoom-in")
    expect(page.locator("#zoom-level")).to_have_text("125%")
    page.locator("body").press("+")
    expect(page.locator("#zoom-level")).to_have_text("150%")
    zoomed, zoomed_left, zoomed_sheet = shape()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "letter-zoomed.png"))
    assert zoomed_sheet == pytest.approx(sheet_width * 1.5, abs=2)
    assert zoomed == pytest.approx(width * 1.5, abs=2)  # the box grew with the page
    assert zoomed_left == pytest.approx(left, abs=0.002)  # and stayed on its words
    page.locator("body").press("-")
    page.locator("body").press("-")
    page.locator("body").press("-")
    expect(page.locator("#zoom-level")).to_have_text("75%")
    assert shape()[0] == pytest.approx(width * 0.75, abs=2)
    page.click("#zoom-fit")
    expect(page.locator("#zoom-level")).to_have_text("100%")
    assert shape()[0] == pytest.approx(width, abs=1)

    # A flag's box on the page is closed on all four sides: the panel's .flag rule stays there.
    flag_box = page.locator(".page .box.flag").first
    sides = flag_box.evaluate("""b => { const s = getComputedStyle(b);
        return [s.borderTopWidth, s.borderRightWidth, s.borderBottomWidth, s.borderLeftWidth,
                s.marginBottom, s.paddingLeft]; }""")
    assert sides == ["3px", "3px", "3px", "3px", "0px", "0px"]


def test_notes_are_listed_newest_first_with_author_and_vietnam_time(server, page):
    base, ids = server
    _open(page, f"{base}/letters/{ids['full']}")
    expect(page.locator("#notes")).to_contain_text("Chưa có ghi chú")
    page.fill("#note-body", "Hỏi lại Sở Ngoại vụ về chương trình làm việc")
    page.click("#note-form button[type=submit]")
    expect(page.locator("#notes li").first).to_contain_text("Hỏi lại Sở Ngoại vụ",
                                                            timeout=10_000)
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#note-body", "Đã hỏi, chờ trả lời")
    page.click("#note-form button[type=submit]")
    expect(page.locator("#notes li")).to_have_count(2, timeout=10_000)
    first, second = page.locator("#notes li").nth(0), page.locator("#notes li").nth(1)
    expect(first).to_contain_text("Đã hỏi, chờ trả lời")
    expect(second).to_contain_text("Hỏi lại Sở Ngoại vụ")
    expect(first).to_contain_text("thu.nguyen")
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", first.locator("time").inner_text())
    expect(page.locator("#audit tr[data-action='note']")).to_have_count(2)
    expect(page.locator("#audit")).to_contain_text("Ghi chú")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#notes").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "letter-notes.png"))


def test_a_letter_is_given_to_a_reviewer_and_taken_back(server, page):
    base, ids = server
    _open(page, f"{base}/letters/{ids['full']}")
    expect(page.locator("#assignee-name")).to_have_text("Chưa giao cho ai")
    options = page.locator("#assignee option").all_inner_texts()
    assert {"thu.nguyen", "lan.tran", "admin"} <= set(options)
    page.select_option("#assignee", "lan.tran")
    expect(page.locator("#assignee-name")).to_have_text("lan.tran", timeout=10_000)
    mine = page.request.get(f"{base}/api/documents?assignee=lan.tran").json()["documents"]
    assert [d["id"] for d in mine] == [ids["full"]]
    page.wait_for_selector("body[data-ready='1']")
    page.select_option("#assignee", "thu.nguyen")
    expect(page.locator("#assignee-name")).to_have_text("thu.nguyen", timeout=10_000)
    mine = page.request.get(f"{base}/api/documents?assignee=me").json()["documents"]
    assert [d["id"] for d in mine] == [ids["full"]]
    page.wait_for_selector("body[data-ready='1']")
    page.select_option("#assignee", "")
    expect(page.locator("#assignee-name")).to_have_text("Chưa giao cho ai", timeout=10_000)
    assert page.request.get(f"{base}/api/documents?assignee=me").json()["documents"] == []
    expect(page.locator("#audit tr[data-action='assign']")).to_have_count(3)


def test_a_corrected_number_shows_everywhere_and_can_be_withdrawn(server, page):
    base, ids = server
    _open(page, f"{base}/letters/{ids['full']}")
    ref = page.locator("#fields .field[data-name='doc_ref'] .value").inner_text().strip()
    number = page.locator("#fields .field[data-name='doc_number'] .value").inner_text().strip()
    assert ref.startswith(number), (ref, number)
    wanted = ref.replace(number, "9" + number, 1)
    field = page.locator("#fields .field[data-name='doc_number']")
    field.focus()
    page.keyboard.press("e")
    field.locator("form.editor input").fill("9" + number)
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-ready='1']")
    # The number and symbol, the page's title and the inbox all follow.
    expect(page.locator("#fields .field[data-name='doc_ref'] .value")).to_have_text(wanted)
    expect(page.locator("#fields .field[data-name='doc_ref'] .derived")).to_be_visible()
    expect(page.locator(".panel .head h1")).to_contain_text(wanted)
    audit = page.locator("#audit")
    expect(audit).to_contain_text("Sửa trường Số")
    page.goto(f"{base}/inbox")
    expect(page.locator(f"#inbox tr[data-id='{ids['full']}'] a.open")).to_have_text(wanted)

    # Withdrawn ("Rút lại"): the machine's number is back, and so is the number and symbol.
    _open(page, f"{base}/letters/{ids['full']}")
    page.locator("#fields .field[data-name='doc_number'] button.withdraw").click()
    page.wait_for_url(f"{base}/letters/{ids['full']}")
    expect(page.locator("#fields .field[data-name='doc_number'] button.withdraw")).to_have_count(
        0, timeout=10_000)
    expect(page.locator("#fields .field[data-name='doc_ref'] .value")).to_have_text(ref)
    expect(page.locator("#audit")).to_contain_text("Rút lại bản sửa trường Số")
    page.goto(f"{base}/inbox")
    expect(page.locator(f"#inbox tr[data-id='{ids['full']}'] a.open")).to_have_text(ref)


def test_dates_are_shown_and_typed_as_day_month_year(server, page):
    base, ids = server
    _open(page, f"{base}/letters/{ids['full']}")
    expect(page.locator("#letter-meta")).to_contain_text("12/03/2024")
    field = page.locator("#fields .field[data-name='issued_date']")
    expect(field.locator(".value")).to_have_text("12/03/2024")
    field.focus()
    page.keyboard.press("e")
    editor = field.locator("form.editor input")
    expect(editor).to_have_value("12/03/2024")
    expect(editor).to_have_attribute("placeholder", "dd/mm/yyyy")
    editor.fill("21/3/2024")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-ready='1']")
    expect(page.locator("#fields .field[data-name='issued_date'] .value")).to_have_text(
        "21/03/2024")
    trail = page.request.get(f"{base}/api/documents/{ids['full']}/audit").json()["audit"]
    assert trail[-1]["target"] == "fields.issued_date" and trail[-1]["after"] == "2024-03-21"
    assert not ISO_DAY.search(page.locator("#panel").inner_text())
    # The inbox lists it under its new date, and its date filters are typed dd/mm/yyyy.
    page.goto(f"{base}/inbox")
    row = page.locator(f"#inbox tr[data-id='{ids['full']}']")
    expect(row).to_contain_text("21/03/2024")
    since = page.locator("input[name=issued_from]")
    assert since.get_attribute("type") in (None, "text")
    expect(since).to_have_attribute("placeholder", "dd/mm/yyyy")
    since.fill("20/03/2024")
    page.click("#filters button[type=submit]")
    expect(page.locator("#inbox tbody tr[data-id]")).to_have_count(1)
    expect(page.locator("input[name=issued_from]")).to_have_value("20/03/2024")
    page.fill("input[name=issued_from]", "22/03/2024")
    page.click("#filters button[type=submit]")
    expect(page.locator("#inbox tbody tr[data-id]")).to_have_count(0)
    assert not ISO_DAY.search(page.locator("#inbox").inner_text())


def test_codes_are_shown_as_words(server, page):
    base, ids = server
    _open(page, f"{base}/letters/{ids['full']}")
    flag = page.locator("#flags li[data-code='superseded_citation']")
    expect(flag.locator(".flag-label")).to_have_text("Dẫn văn bản đã bị thay thế")
    expect(page.locator("#letter-meta")).to_contain_text("Chữ có sẵn trong PDF")
    expect(page.locator("#citations")).to_contain_text("Đã bị thay thế")
    _no_codes(page.locator("#panel").inner_text())
    page.goto(f"{base}/inbox")
    flags = page.locator("select[name=flag] option").all_inner_texts()
    assert any(f.startswith("Dẫn văn bản đã bị thay thế (") for f in flags)  # with its count
    warnings = page.locator("select[name=warning] option").all_inner_texts()
    assert "Có trang không đọc được" in warnings
    _no_codes(" ".join(flags + warnings))
    page.goto(f"{base}/registry/295-QĐ/TW")
    _no_codes(page.locator("main").inner_text())
    expect(page.locator("main")).to_contain_text("Công văn chính thức")


def test_a_blank_reading_and_a_failed_one_say_what_happened_and_what_to_do(server, page):
    base, ids = server
    ARTIFACTS.mkdir(exist_ok=True)
    _open(page, f"{base}/letters/{ids['cut']}")
    expect(page.locator("#nothing-read")).to_contain_text("Không đọc được trường nào —")
    expect(page.locator("#nothing-read")).to_contain_text("Đọc lại")
    expect(page.locator("#no-flags")).not_to_contain_text("Không phát hiện sai sót")
    page.screenshot(path=str(ARTIFACTS / "letter-nothing-read.png"))
    _open(page, f"{base}/letters/{ids['broken']}")
    meta = page.locator("#letter-meta").inner_text()
    assert "· ·" not in meta and not meta.startswith("·"), meta
    expect(page.locator("#failure")).to_contain_text("PDF không đọc được")
    expect(page.locator("#failure")).to_contain_text("xuất lại hoặc quét lại")
    page.screenshot(path=str(ARTIFACTS / "letter-failed.png"))


def test_an_unknown_page_is_the_404_page_and_an_unknown_api_path_json(server, page):
    base, _ = server
    answer = page.goto(f"{base}/nowhere")
    assert answer is not None and answer.status == 404
    assert answer.headers["content-type"].startswith("text/html")
    expect(page.get_by_test_id("not-found")).to_contain_text("Không có trang này")
    api = page.request.get(f"{base}/api/nowhere")
    assert api.status == 404 and api.headers["content-type"] == "application/problem+json"


def test_the_registry_names_what_replaced_an_instrument_and_takes_its_example(server, browser):
    base, _ = server
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _sign_in(page, base, "admin")
    page.goto(f"{base}/registry?q=295-QĐ/TW")  # one page of 50, newest first: found by search
    replaced = page.locator("#instruments tr[data-ref='295-QĐ/TW'] td.ended")
    expect(replaced.locator("a[href='/registry/272-QĐ/TW']")).to_have_text("272-QĐ/TW")
    expect(replaced).to_contain_text("21/01/2015")
    expect(page.locator("#instruments tr[data-ref='295-QĐ/TW']")).to_contain_text("23/03/2010")
    assert not ISO_DAY.search(page.locator("#instruments").inner_text())
    page.goto(f"{base}/registry?q=09/2010/NĐ-CP")
    repealed = page.locator("#instruments tr[data-ref='09/2010/NĐ-CP'] td.ended")
    expect(repealed).to_contain_text("Bãi bỏ")
    expect(repealed).to_contain_text("05/03/2020")
    example = page.locator("#registry-yaml").get_attribute("placeholder")
    assert example
    page.fill("#registry-yaml", example)
    page.click("#registry-import button[type=submit]")
    expect(page.locator("#toast")).to_contain_text("272-QĐ/TW", timeout=10_000)
    expect(page.locator("#import-errors")).to_be_empty()
    context.close()


def test_the_letter_page_in_english(server, page):
    base, ids = server
    _open(page, f"{base}/letters/{ids['full']}?lang=en")
    flag = page.locator("#flags li[data-code='superseded_citation']")
    expect(flag.locator(".flag-label")).to_have_text("Cites a replaced instrument")
    expect(page.locator("#viewer-bar")).to_contain_text("Fit")
    expect(page.locator("#assignee-line")).to_contain_text("Assigned to")
    expect(page.locator("#panel")).to_contain_text("Notes")
    expect(page.locator("#letter-meta")).to_contain_text("The PDF's own text")
    _no_codes(page.locator("#panel").inner_text())
    page.locator("body").press("+")
    expect(page.locator("#zoom-level")).to_have_text("125%")
    _open(page, f"{base}/letters/{ids['cut']}?lang=en")
    expect(page.locator("#nothing-read")).to_contain_text("No field could be read —")
    expect(page.locator("#failure")).to_have_count(0)
    _open(page, f"{base}/letters/{ids['broken']}?lang=en")
    expect(page.locator("#failure")).to_contain_text("What to do")
    answer = page.goto(f"{base}/nowhere?lang=en")
    assert answer is not None and answer.status == 404
    expect(page.get_by_test_id("not-found")).to_contain_text("There is no such page")
