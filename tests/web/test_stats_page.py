"""The statistics page in a real browser: Debian's chromium, driven headless by Playwright.

One `congvan serve` (SQLite, one worker) reads two trip letters made by the project's
generator; both are confirmed, one after its subject was corrected. A reviewer opens /stats in
Vietnamese and in English: the charts are drawn (SVG bars and columns with a size on screen),
the accuracy table gives 50 % for the subject, nothing breaks the page's CSP, and no request
leaves the host. A screenshot is saved under tests/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from api.web.countries import country_label
from corpus.synth.compose import compose
from corpus.synth.render import render
from nlp.countries import country
from tests.api import live
from tests.web.browser import ARTIFACTS, PASSWORD
from tests.web.browser import users as _users

pytestmark = pytest.mark.heavy
REVIEWER = "lan.tran"
#: Generated trip letters (corpus/synth): to Australia, state budget; to Germany.
SEEDS = (2, 3)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A running service holding two confirmed trip letters; the first's subject corrected."""
    folder = tmp_path_factory.mktemp("stats")
    data = folder / "data"
    port = live.free_port()
    proc, token = live.start(data, port, folder / "serve.log", workers=1)
    assert token
    base = f"http://127.0.0.1:{port}"
    try:
        _users(data, "add", REVIEWER, "--role", "reviewer", "--password")
        issued = date.today() - timedelta(days=10)
        read = []
        with httpx.Client(base_url=base, timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as api:
            for seed in SEEDS:
                pdf = render(compose(seed, trip="request", issued=issued))[0]
                answer = api.post("/api/documents", files={"files": (f"trip-{seed}.pdf", pdf)})
                assert answer.status_code == 202
                ident = answer.json()["documents"][0]["id"]
                body = live.finished(api, ident)
                assert body["status"] == "done" and body["document"]["delegation"]
                read.append(body["document"])
                if seed == SEEDS[0]:
                    assert api.patch(f"/api/documents/{ident}/fields/subject",
                                     json={"value": "cử đoàn công tác đi Ô-xtrây-li-a"}
                                     ).status_code == 200
                assert api.post(f"/api/documents/{ident}/review").status_code == 200
        yield base, read
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + "/stats")
    page.wait_for_url("**/signin?next=%2Fstats")
    page.fill("#name", REVIEWER)
    page.fill("#password", PASSWORD)
    page.click("#signin button[type=submit]")
    page.wait_for_url(f"{base}/stats")
    expect(page.get_by_test_id("who")).to_contain_text(REVIEWER)


def _drawn(page: Page, chart: str, mark: str) -> list[float]:
    """The values of a chart's marks, each checked to take room on the screen."""
    expect(page.locator(f"figure#{chart} svg")).to_be_visible()
    marks = page.locator(f"figure#{chart} svg rect.{mark}")
    assert marks.count() > 0
    values = []
    for i in range(marks.count()):
        value = float(marks.nth(i).get_attribute("data-value") or 0)
        box = marks.nth(i).bounding_box()
        assert box is not None
        if value:
            assert box["width"] > 0 and box["height"] > 0
        values.append(value)
    return values


def test_a_reviewer_sees_the_archive_in_pictures_in_both_languages(server, browser):
    base, read = server
    countries = [country(c).name for doc in read  # type: ignore[union-attr]
                 for c in doc["delegation"]["countries"]]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    elsewhere: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:")
               else elsewhere.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    _sign_in(page, base)
    page.goto(base + "/stats?lang=vi")
    expect(page.locator("h1")).to_have_text("Thống kê văn bản")
    expect(page.locator("header nav a[aria-current='page']")).to_have_text("Thống kê")
    assert sum(_drawn(page, "trips_by_country", "bar")) == len(countries)
    labels = page.locator("figure#trips_by_country rect.bar").evaluate_all(
        "bars => bars.map(b => b.dataset.label)")
    assert sorted(labels) == sorted(set(countries))
    assert sum(_drawn(page, "by_issuer", "bar")) == 2
    assert sum(_drawn(page, "by_funding", "bar")) == 2
    assert sum(_drawn(page, "trips_by_month", "column")) == 2
    days = _drawn(page, "processed_by_day", "column")
    assert len(days) == 30 and days[-1] + days[-2] >= 2  # both read today (or just before 0:00)
    flags = {f["code"] for doc in read for f in doc["flags"]}
    expect(page.locator("figure#flags_by_month svg g.series")).to_have_count(len(flags))
    subject = page.locator("#accuracy-table tr[data-field='subject']")
    expect(subject.locator("td").nth(0)).to_have_text("Trích yếu")
    expect(subject.locator("td.share")).to_have_text("50,0 %")
    expect(subject.locator("td").nth(3)).to_have_text("2")
    expect(page.locator("#accuracy-table tr[data-field='doc_ref'] td.share")).to_have_text(
        "100,0 %")
    expect(page.get_by_test_id("queue")).to_contain_text("Đang chờ: 0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stats.png"), full_page=True)

    page.click("header a.lang")
    expect(page.locator("h1")).to_have_text("The letters in figures")
    english = page.locator("figure#trips_by_country rect.bar").evaluate_all(
        "bars => bars.map(b => b.dataset.label)")
    assert sorted(english) == sorted({country_label(c, "en") for c in countries})
    assert "Australia" in english
    expect(subject.locator("td").nth(0)).to_have_text("Subject")
    expect(subject.locator("td.share")).to_have_text("50.0 %")
    expect(page.get_by_test_id("queue")).to_contain_text("Waiting: 0")
    assert sum(_drawn(page, "trips_by_country", "bar")) == len(countries)

    assert errors == []  # no script error, no CSP refusal
    assert elsewhere == []
    context.close()
