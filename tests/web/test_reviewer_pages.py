"""The reviewer pages in a real browser: Debian's chromium, driven headless by Playwright.

One `congvan serve` (SQLite, one worker) takes a scanned letter that stands on a superseded
instrument; a reviewer signs in, uploads it, watches it finish, opens it, finds the flag and
its box, corrects the signer, reads a region, confirms, and finds all that in the export and
the audit trail; an administrator edits the registry, which the reviewer cannot.
Screenshots of the inbox and the letter are saved under tests/artifacts/.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pymupdf
import pytest
from playwright.sync_api import Page, expect

from corpus.synth.build import corpus_scan_style, scanned
from corpus.synth.compose import compose
from corpus.synth.render import render
from corpus.synth.statedata import write_state_metadata
from tests.api import live
from tests.web.browser import ARTIFACTS, PASSWORD
from tests.web.browser import users as _users


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    folder = tmp_path_factory.mktemp("web")
    data = folder / "data"
    port = live.free_port()
    proc, token = live.start(data, port, folder / "serve.log", workers=1)
    assert token
    try:
        _users(data, "add", "thu.nguyen", "--role", "reviewer", "--password")
        _users(data, "password", "admin")  # the first start's administrator
        yield f"http://127.0.0.1:{port}", token, folder / "serve.log"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def scan_file(tmp_path_factory) -> Path:
    """A two-page 200 dpi scan, skewed 1.2°, of a letter that stands on 295-QĐ/TW."""
    letter = compose(11, issued=date(2024, 3, 12), cites=["295-QĐ/TW"], replaced_mention=False)
    data = scanned(letter, replace(corpus_scan_style(letter), skew=1.2, seal=False), seed=11)[0]
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert doc.page_count == 2
    path = tmp_path_factory.mktemp("upload") / "to-trinh-quet.pdf"
    path.write_bytes(data)
    return path


def _sign_in(page: Page, base: str, name: str, start: str = "/inbox") -> None:
    page.goto(base + start)
    expect(page).to_have_url(f"{base}/signin?next=%2Finbox" if start == "/inbox" else
                             page.url)
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("#signin button[type=submit]")
    page.wait_for_url(f"{base}{start}")
    expect(page.get_by_test_id("who")).to_contain_text(name)


def _ready_ms(page: Page) -> int:
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    return int(page.evaluate("document.body.dataset.readyMs"))


def test_a_reviewer_reads_corrects_and_confirms_a_scanned_letter(server, browser, scan_file):
    base, admin_token, log = server
    # A second letter, born digital, so j/k have somewhere to go.
    other = render(compose(3))[0]
    answer = httpx.post(f"{base}/api/documents", files={"files": ("khac.pdf", other)},
                        headers={"Authorization": f"Bearer {admin_token}"}, timeout=60)
    assert answer.status_code == 202
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    elsewhere: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:")
               else elsewhere.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    _sign_in(page, base, "thu.nguyen")

    # Upload the scan from the inbox and watch it finish.
    page.set_input_files("#files", str(scan_file))
    page.click("#upload button[type=submit]")
    item = page.locator("#uploads li", has_text="to-trinh-quet.pdf")
    expect(item.locator("progress")).to_have_attribute("value", "100", timeout=30_000)
    expect(item.locator(".note[data-status='done']")).to_be_visible(timeout=240_000)
    scan_id = item.get_attribute("data-id")
    page.reload()
    expect(page.locator("#inbox tbody tr")).to_have_count(2, timeout=60_000)
    row = page.locator(f"#inbox tr[data-id='{scan_id}']")
    expect(row.locator(".badge.error")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "inbox.png"), full_page=True)

    # Open it: the flag explains itself, and hovering it lights its box on the page.
    row.locator("a.open").click()
    first_ms = _ready_ms(page)
    flag = page.locator("#flags li[data-code='superseded_citation']")
    expect(flag).to_contain_text("295-QĐ/TW")
    expect(flag).to_contain_text("272-QĐ/TW")
    expect(flag).to_contain_text("21/01/2015")
    expect(flag.locator("dl.facts")).to_contain_text("Nguồn")
    flag.hover()
    target = flag.get_attribute("data-target")
    box = page.locator(f".page .box[data-target='{target}']")
    expect(box).to_have_class(re.compile(r"\bon\b"))
    shape = box.bounding_box()
    assert shape and shape["width"] > 50 and shape["height"] > 5
    page.screenshot(path=str(ARTIFACTS / "letter.png"))

    # A citation box and its row light each other.
    page.locator(".page .box.citation").first.hover()
    expect(page.locator("#citations tr.citation.on")).to_have_count(1)

    # Read a region: draw around the number-and-symbol's box, the OCR'd text fills the field.
    ref_field = page.locator("#fields .field[data-name='doc_ref']")
    machine_ref = ref_field.locator(".value").inner_text().strip()
    ref_box = page.locator(".page .box[data-target='fields.doc_ref']").bounding_box()
    assert ref_box
    ref_field.hover()
    ref_field.locator("button.region").click()
    page.mouse.move(ref_box["x"] - 4, ref_box["y"] - 4)
    page.mouse.down()
    page.mouse.move(ref_box["x"] + ref_box["width"] + 4, ref_box["y"] + ref_box["height"] + 4,
                    steps=5)
    page.mouse.up()
    editor = ref_field.locator("form.editor input")
    expect(editor).not_to_have_value("", timeout=30_000)
    number = machine_ref.split("/")[0].split("-")[0]
    assert number and number in editor.input_value(), (machine_ref, editor.input_value())
    ref_field.locator("button.cancel").click()

    # Correct the signer's name with the keyboard: focus, e, type, Enter.
    signer = page.locator("#fields .field[data-name='signer']")
    signer.focus()
    page.keyboard.press("e")
    name_input = signer.locator("input[data-key='name']")
    expect(name_input).to_be_focused()
    name_input.fill("Lê Thị Thu Hà")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-ready='1']")
    signer = page.locator("#fields .field[data-name='signer']")
    expect(signer).to_have_class(re.compile(r"\bcorrected\b"))
    expect(signer.locator(".value")).to_contain_text("Lê Thị Thu Hà")

    # Confirm with "c".
    page.locator("body").press("c")
    expect(page.locator("#review-state")).to_contain_text("Đã xác nhận", timeout=10_000)
    expect(page.locator("#confirm")).to_be_disabled()

    # The audit trail on the page shows the correction and the confirmation.
    audit = page.locator("#audit")
    expect(audit).to_contain_text("Sửa trường Người ký")  # said in words, not "correct …"
    expect(audit).to_contain_text("Lê Thị Thu Hà")
    expect(audit).to_contain_text("Xác nhận đã duyệt")
    letter_id = page.locator("#letter").get_attribute("data-id")

    # The export, fetched with the same session: the reviewer's value, marked as such.
    exported = page.request.get(f"{base}/api/export?format=csv&reviewed=true")
    assert exported.ok
    rows = list(csv.DictReader(io.StringIO(exported.body().decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [letter_id]
    assert rows[0]["signer"].startswith("Lê Thị Thu Hà")  # "name (title)", no JSON
    assert rows[0]["source"] == "reviewer" and "fields.signer" in rows[0]["corrected"]
    trail = page.request.get(f"{base}/api/documents/{letter_id}/audit").json()["audit"]
    assert [(a["user"], a["action"], a["target"]) for a in trail] == [
        ("thu.nguyen", "correct", "fields.signer"), ("thu.nguyen", "review", None)]

    # Interactive in under a second on loopback once the page images are cached.
    page.reload()
    again_ms = _ready_ms(page)
    print(f"\nletter page interactive: first view {first_ms} ms, cached {again_ms} ms")
    assert again_ms < 1000, again_ms

    # j goes to the next letter in the inbox's order, k comes back.
    page.locator("body").press("j")
    page.wait_for_url(lambda url: letter_id not in url)
    _ready_ms(page)
    page.locator("body").press("k")
    page.wait_for_url(f"{base}/letters/{letter_id}")

    # "/" jumps to the search box, which finds the letter by a word of its text.
    page.goto(f"{base}/inbox")
    page.locator("body").press("/")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("295-QĐ/TW")
    page.keyboard.press("Enter")
    expect(page.locator("#inbox tbody tr[data-id]")).to_have_count(1)

    # A reviewer cannot edit the registry: no form, and the API refuses.
    page.goto(f"{base}/registry")
    expect(page.locator("#admins-only")).to_be_visible()
    expect(page.locator("#registry-import")).to_have_count(0)
    csrf = page.locator("meta[name=csrf]").get_attribute("content")
    refused = page.request.post(f"{base}/api/registry", data="instruments: []\n",
                                headers={"Content-Type": "application/yaml",
                                         "X-CSRF-Token": csrf or ""})
    assert refused.status == 403
    page.goto(f"{base}/registry/295-QĐ/TW")
    expect(page.locator("#timeline li")).to_contain_text(["295-QĐ/TW", "272-QĐ/TW"])
    expect(page.locator(f"main a[href='/letters/{scan_id}']")).to_be_visible()  # cites it

    # English is there too.
    page.goto(f"{base}/inbox?lang=en")
    expect(page.locator("header nav")).to_contain_text("Letters")

    assert not errors, errors
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    # Neither the password nor the session's cookie or CSRF token is ever written to the log.
    session = next(c["value"] for c in context.cookies() if c["name"] == "congvan_session")
    logged = log.read_text("utf-8", errors="replace")
    assert "POST /api/session" in logged  # the log does record requests
    assert PASSWORD not in logged and session not in logged and (csrf or "-") not in logged
    context.close()


def test_an_administrator_edits_the_registry_from_its_page(server, browser, tmp_path):
    base, _, _ = server
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _sign_in(page, base, "admin")
    page.goto(f"{base}/registry")
    page.fill("#registry-yaml", "instruments:\n  - ref: 77-QĐ/TU\n    kind: Quyết định\n"
                                "    issuer: Tỉnh ủy Thử\n    signed: 2021-05-04\n"
                                "    title: Quy chế thử nghiệm\n    sources:\n"
                                "      - how: own_text\n        note: thử\n")
    page.click("#registry-import button[type=submit]")
    page.wait_for_load_state("load")
    expect(page.locator("#instruments")).to_contain_text("77-QĐ/TU", timeout=10_000)
    page.fill("#registry-yaml", "instruments:\n  - ref: 78-QĐ/TU\n    kind: Quyết định\n"
                                "    signed: 2021-02-30\n")
    page.click("#registry-import button[type=submit]")
    expect(page.locator("#import-errors")).not_to_be_empty()
    # A file of the state's metadata, JSON Lines: kept under its name, counted, then listed.
    state = tmp_path / "vbpl.jsonl"
    write_state_metadata(state, 300, seed=41)
    before = page.locator("#count").inner_text()
    page.set_input_files("#registry-file", str(state))
    page.click("#registry-import button[type=submit]")
    expect(page.locator("#toast")).to_contain_text("văn bản", timeout=30_000)
    expect(page.locator("#count")).not_to_have_text(before, timeout=10_000)
    first = json.loads(state.read_text("utf-8").splitlines()[0])["so_ky_hieu"]
    page.goto(f"{base}/registry?{urlencode({'q': first})}")
    expect(page.locator(f"#instruments tr[data-ref='{first}']").first).to_be_visible()
    bad = tmp_path / "hong.jsonl"
    bad.write_text('{"so_ky_hieu": "1/2030/NĐ-CP", "loai_van_ban": "Nghị định", '
                   '"ngay_ban_hanh": "30/02/2030"}\n', "utf-8")
    page.set_input_files("#registry-file", str(bad))
    page.click("#registry-import button[type=submit]")
    expect(page.locator("#import-errors")).to_contain_text("dòng 1: ngay_ban_hanh")
    context.close()


def test_a_page_asked_for_without_signing_in_goes_to_sign_in_and_back(server, browser):
    base, _, _ = server
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/registry?q=272")
    assert page.url.startswith(f"{base}/signin?next=")
    page.fill("#name", "thu.nguyen")
    page.fill("#password", "sai mật khẩu")
    page.click("#signin button[type=submit]")
    expect(page.locator("#signin-error")).to_contain_text("Sai tên đăng nhập")
    page.fill("#password", PASSWORD)
    page.click("#signin button[type=submit]")
    page.wait_for_url(f"{base}/registry?q=272")
    expect(page.locator("#instruments")).to_contain_text("272-QĐ/TW")
    context.close()


def test_an_administrator_deletes_a_letter_from_its_page(server, browser):
    base, admin_token, _ = server
    sent = httpx.post(f"{base}/api/documents", files={"files": ("nham.pdf",
                                                                render(compose(49))[0])},
                      headers={"Authorization": f"Bearer {admin_token}"}, timeout=60)
    ident = sent.json()["documents"][0]["id"]
    assert live.finished(httpx.Client(base_url=base, headers={
        "Authorization": f"Bearer {admin_token}"}), ident)["status"] == "done"
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _sign_in(page, base, "thu.nguyen")  # a reviewer sees no delete button
    page.goto(f"{base}/letters/{ident}")
    expect(page.locator("#reprocess")).to_be_visible()
    expect(page.locator("#delete")).to_have_count(0)
    context.close()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _sign_in(page, base, "admin")
    page.goto(f"{base}/letters/{ident}")
    page.once("dialog", lambda dialog: dialog.accept())  # "Xoá hẳn văn bản này…?"
    page.click("#delete")
    page.wait_for_url(f"{base}/inbox")
    expect(page.locator(f"a[href^='/letters/{ident}']")).to_have_count(0)
    context.close()
    gone = httpx.get(f"{base}/api/documents/{ident}",
                     headers={"Authorization": f"Bearer {admin_token}"})
    assert gone.status_code == 404
