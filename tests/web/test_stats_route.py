"""The statistics page and GET /api/stats without a browser: access, period, words, same figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import load_settings
from api.store import auth
from api.store.db import make_engine, sessions
from api.store.migrate import upgrade
from api.store.stats import Period
from api.web import stats as page
from api.web.routes import CSP
from tests.api.test_stats import correct, letter, trip

PASSWORD = "mật khẩu đủ dài"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data)}),
                       database_url=f"sqlite:///{data / 'congvan.db'}")
    app = create_app(settings, workers=False)
    with TestClient(app) as client:
        state = app.state.service
        auth.add_user(state.sessions, "rev", "reviewer", password=PASSWORD)
        auth.add_user(state.sessions, "up", "uploader", password=PASSWORD)
        this_month = f"{page.today():%Y-%m}-01"
        with state.sessions() as session:
            first = letter(session, issued=this_month, reviewed=True,
                           issuer="Sở Ngoại vụ <b>",
                           delegation=trip(["Nhật Bản"], this_month, "state_budget"),
                           flags=("missing_work_program",))
            letter(session, issued=this_month, reviewed=True,
                   delegation=trip(["Hoa Kỳ", "Nhật Bản"], None, None))
            correct(session, first, "fields.subject", "cử đoàn đi Nhật Bản")
            letter(session, issued="2001-01-01", issuer="Văn phòng cũ")
        yield client


def _sign_in(client, name):
    client.cookies.clear()
    assert client.post("/api/session", json={"name": name, "password": PASSWORD}
                       ).status_code == 200


def test_the_page_asks_for_a_reviewer(site):
    site.cookies.clear()
    answer = site.get("/stats", follow_redirects=False)
    assert answer.status_code == 303 and "/signin" in answer.headers["location"]
    _sign_in(site, "up")
    assert site.get("/stats").status_code == 403
    assert site.get("/api/stats").status_code == 403
    assert 'href="/stats"' not in site.get("/inbox").text  # the nav offers it to reviewers only


def test_the_page_draws_its_charts_in_vietnamese_under_the_csp(site):
    _sign_in(site, "rev")
    answer = site.get("/stats?lang=vi")
    assert answer.status_code == 200
    assert answer.headers["content-security-policy"] == CSP
    html = answer.text
    assert 'href="/stats" aria-current="page">Thống kê' in html
    assert " style=" not in html and "<style" not in html  # the CSP allows no inline style
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) == 6
    for svg in svgs:
        ET.fromstring(svg)
    assert 'data-label="Nhật Bản" data-value="2"' in html
    assert 'data-label="Ngân sách nhà nước" data-value="1"' in html
    assert 'data-label="Không nêu" data-value="1"' in html
    assert 'data-label="Chưa có chương trình làm việc cụ thể"' in html  # api/web/labels.py
    assert "Sở Ngoại vụ &lt;b&gt;" in html and "Sở Ngoại vụ <b>" not in html
    assert "Văn phòng cũ" not in html  # issued outside the last twelve months
    row = re.search(r'<tr data-field="subject">(.*?)</tr>', html, flags=re.S)
    assert row and "50,0 %" in row.group(1) and "Trích yếu" in row.group(1)


def test_the_page_in_english_names_countries_and_flags_in_english(site):
    _sign_in(site, "rev")
    html = site.get("/stats?lang=en").text
    assert 'data-label="Japan" data-value="2"' in html
    assert 'data-label="United States" data-value="1"' in html
    assert 'data-label="No concrete work programme"' in html
    row = re.search(r'<tr data-field="subject">(.*?)</tr>', html, flags=re.S)
    assert row and "50.0 %" in row.group(1) and "Subject" in row.group(1)


def test_a_month_that_is_not_one_is_refused(site):
    _sign_in(site, "rev")
    answer = site.get("/stats?from=13/2024")
    assert answer.status_code == 422 and "tháng/năm" in answer.text
    problem = site.get("/api/stats", params={"from": "2024-13"})
    assert problem.status_code == 422


def test_the_api_gives_the_page_s_figures_and_takes_a_period(site):
    _sign_in(site, "rev")
    body = site.get("/api/stats").json()
    assert body["trips"]["letters"] == 2
    assert body["trips"]["by_country"][0] == {"country": "Nhật Bản", "trips": 2}
    assert body["trips"]["undated"] == 1
    subject = next(a for a in body["accuracy"] if a["field"] == "subject")
    assert subject == {"field": "subject", "kept": 1, "letters": 2, "share": 0.5}
    assert body["queue"] == {"queued": 0, "processing": 0}
    assert len(body["processed_by_day"]) == page.RECENT_DAYS
    old = site.get("/api/stats", params={"from": "01/2001", "to": "2001-01"}).json()
    assert old["period"] == {"from": "2001-01", "to": "2001-01"}
    assert old["by_issuer"] == [{"issuer": "Văn phòng cũ", "letters": 1}]
    assert old["trips"]["letters"] == 0


def test_figures_are_counted_on_each_view_and_accuracy_is_kept_for_a_while(tmp_path,
                                                                          monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'kept.db'}")
    upgrade(engine)
    made = sessions(engine)
    period = Period.months_to(page.today())
    issued = f"{page.today():%Y-%m}-01"
    page._kept.clear()
    with made() as session:
        letter(session, issued=issued, reviewed=True)
        first = page.counted(made, period)
        corrected = letter(session, issued=issued, reviewed=True,
                           delegation=trip(["Lào"], issued, None))
        correct(session, corrected, "fields.subject", "khác")
        again = page.counted(made, period)
        assert (again.letters, again.trips.by_country) == (2, [("Lào", 1)])  # counted now
        assert again.accuracy is first.accuracy and again.accuracy_at == first.accuracy_at
        monkeypatch.setattr(page, "KEEP_SECONDS", -1.0)
        page._kept.clear()
        subject = next(a for a in page.counted(made, period).accuracy if a.field == "subject")
        assert (subject.kept, subject.letters) == (1, 2)  # expired: counted again
    engine.dispose()


def test_the_page_says_when_accuracy_was_counted_and_nothing_of_the_other_figures(site):
    _sign_in(site, "rev")
    html = site.get("/stats?lang=vi").text
    said = re.search(r'<span data-testid="accuracy-as-of">(.*?)</span>', html, flags=re.S)
    assert said and "tính lại sau mỗi 5 phút" in said.group(1)
    assert "Số liệu lúc" not in html
    body = site.get("/api/stats").json()
    assert body["as_of"] and body["accuracy_as_of"]


def test_months_are_read_in_both_ways():
    assert page.month("03/2025") == page.month("2025-03") == date(2025, 3, 1)
    assert page.month("3/2025") == date(2025, 3, 1)
    assert page.month("13/2025") is None and page.month("2025-3-1") is None
    period = page.period_of("2025-06", "01/2025", "vi")  # given backwards: put in order
    assert (period.first, period.last) == (date(2025, 1, 1), date(2025, 6, 1))
    assert page.period_of("1990-01", "2025-01", "vi").first == date(2015, 2, 1)
