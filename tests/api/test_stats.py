"""The archive's figures (api/store/stats.py) on SQLite and PostgreSQL, from letters made here.

Each test writes the letters it counts: documents whose contract JSON is built by hand (a
delegation, flags, fields), their flag index and trip rows, reviewers' corrections and
confirmations.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from api.store import review, stats
from api.store.db import Correction, Document, FlagIndex, Status
from api.store.stats import Period
from api.store.trips import NOT_STATED

YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 1))


def trip(countries: list[str], start: str | None, funding: str | None) -> dict[str, Any]:
    """A delegation as the contract writes it."""
    return {"head": {"name": "Nguyễn Văn Hùng", "title": "Giám đốc Sở"}, "members": [],
            "size": 2, "countries": countries, "places": [], "start": start, "end": None,
            "days": None, "purpose": None, "inviter": None,
            "funding": None if funding is None else {"kind": funding, "text": "…"}}


def letter(session: Session, *, issued: str | None, issuer: str = "UBND tỉnh Lào Cai",
           delegation: dict[str, Any] | None = None, flags: tuple[str, ...] = (),
           fields: dict[str, Any] | None = None, citations: list[dict[str, Any]] | None = None,
           status: Status = Status.DONE, reviewed: bool = False,
           finished: datetime | None = None) -> str:
    """A stored letter with the result given (its flag index, its trip's rows), its id."""
    ident = uuid.uuid4().hex
    values = {"issuer": issuer, "issued_date": issued, "subject": "đoàn công tác",
              **(fields or {})}
    result = {"schema": "congvan/document@1",
              "fields": {k: {"value": v, "confidence": 0.9} for k, v in values.items()},
              "citations": citations or [], "delegation": delegation,
              "flags": [{"code": c, "severity": "warning"} for c in flags]}
    done = status == Status.DONE
    doc = Document(id=ident, sha256=uuid.uuid4().hex * 2, name=f"{ident}.pdf", size=1,
                   status=status, result=result if done else None,
                   issuer=issuer if done else None, issued_date=issued if done else None,
                   reviewed=reviewed, updated_at=finished or datetime(2023, 1, 1, tzinfo=UTC))
    session.add(doc)
    review.relist(session, doc)  # its trip's rows, as a reading writes them
    for code in flags:
        session.add(FlagIndex(document_id=ident, code=code, severity="warning"))
    session.commit()
    return ident


def correct(session: Session, ident: str, target: str, value: Any) -> None:
    session.add(Correction(document_id=ident, target=target, value=value, user="thu.nguyen"))
    session.commit()


def test_trips_are_counted_by_country_month_and_funding(db):
    letter(db, issued="2024-02-10", delegation=trip(["Nhật Bản", "CHDCND Lào"], "2024-04-15",
                                                    "state_budget"))
    letter(db, issued="2024-03", delegation=trip(["Lào"], "2024-06-01", "foreign_partner"))
    letter(db, issued="2024-05-02", delegation=trip(["Nhật Bản"], None, None))
    letter(db, issued="2024-05-03", delegation=None)  # no trip
    letter(db, issued="2023-12-30", delegation=trip(["Pháp"], "2024-01-05", "enterprise"))
    letter(db, issued=None, delegation=trip(["Đức"], "2024-02-01", "self"))
    letter(db, issued="2024-04-01", status=Status.QUEUED)

    trips = stats.trips(db, period=YEAR_2024)

    assert trips.letters == 3
    assert trips.by_country == [("Lào", 2), ("Nhật Bản", 2)]
    assert trips.by_month == [("2024-04", 1), ("2024-05", 0), ("2024-06", 1)]
    assert trips.undated == 1
    assert dict(trips.by_funding) == {"state_budget": 1, "foreign_partner": 1,
                                      NOT_STATED: 1}
    assert stats.letters_counted(db, period=YEAR_2024) == (4, 1)


def test_a_start_decades_away_lists_only_the_months_with_trips(db):
    letter(db, issued="2024-02-10", delegation=trip(["Lào"], "2024-04-15", None))
    letter(db, issued="2024-02-11", delegation=trip(["Lào"], "1924-04-15", None))
    assert stats.trips(db, period=YEAR_2024).by_month == [("1924-04", 1), ("2024-04", 1)]


def test_issuers_are_ranked_within_the_period(db):
    for _ in range(3):
        letter(db, issued="2024-07-01", issuer="Sở Ngoại vụ")
    letter(db, issued="2024-12-31", issuer="Ban Tổ chức Tỉnh ủy")
    letter(db, issued="2024-11", issuer="Ban Tổ chức Tỉnh ủy")
    letter(db, issued="2025-01-01", issuer="Ban Tổ chức Tỉnh ủy")
    letter(db, issued="2023-12-31", issuer="Văn phòng Thành ủy")

    assert stats.by_issuer(db, period=YEAR_2024) == [("Sở Ngoại vụ", 3),
                                                     ("Ban Tổ chức Tỉnh ủy", 2)]
    assert stats.by_issuer(db, period=YEAR_2024, top=1) == [("Sở Ngoại vụ", 3)]


def test_flags_are_counted_by_code_and_month_of_issue(db):
    letter(db, issued="2024-01-05", flags=("superseded_citation", "missing_work_program"))
    letter(db, issued="2024-01-20", flags=("superseded_citation",))
    letter(db, issued="2024-03-01", flags=("superseded_citation",))
    letter(db, issued="2025-03-01", flags=("two_key_leaders",))

    flags = stats.flags_by_month(db, period=Period(date(2024, 1, 1), date(2024, 3, 1)))

    assert list(flags) == ["superseded_citation", "missing_work_program"]
    assert flags["superseded_citation"] == [("2024-01", 2), ("2024-02", 0), ("2024-03", 1)]
    assert flags["missing_work_program"] == [("2024-01", 1), ("2024-02", 0), ("2024-03", 0)]


def test_the_queue_and_the_letters_processed_per_vietnam_day(db):
    letter(db, issued=None, status=Status.QUEUED)
    letter(db, issued=None, status=Status.QUEUED)
    letter(db, issued=None, status=Status.PROCESSING)
    # 18:00 UTC on 1 May is 01:00 on 2 May in Vietnam; 16:59 UTC is still 1 May (23:59).
    letter(db, issued="2024-04-01", finished=datetime(2024, 5, 1, 18, 0, tzinfo=UTC))
    letter(db, issued="2024-04-01", finished=datetime(2024, 5, 1, 16, 59, tzinfo=UTC))
    letter(db, issued="2024-04-01", finished=datetime(2024, 5, 2, 3, 0, tzinfo=UTC))
    letter(db, issued=None, status=Status.FAILED, finished=datetime(2024, 5, 3, 1, 0, tzinfo=UTC))
    letter(db, issued="2024-04-01", finished=datetime(2024, 5, 4, 2, 0, tzinfo=UTC))

    assert stats.queue(db) == stats.Queue(queued=2, processing=1)
    assert stats.processed_by_day(db, first=date(2024, 5, 1), last=date(2024, 5, 3)) == [
        ("2024-05-01", 1), ("2024-05-02", 2), ("2024-05-03", 1)]


def test_accuracy_is_the_share_of_confirmed_letters_whose_machine_value_was_kept(db):
    cited = [{"ref": "272-QĐ/TW", "kind": "Quyết định", "date": "2015-01-21"}]
    changed = letter(db, issued="2024-02-01", reviewed=True, citations=cited)
    same = letter(db, issued="2024-02-02", reviewed=True, citations=cited)
    letter(db, issued="2024-02-03", reviewed=True)
    unconfirmed = letter(db, issued="2024-02-04")
    outside = letter(db, issued="2023-02-04", reviewed=True)
    correct(db, changed, "fields.subject", "cử đoàn đi Nhật Bản")
    correct(db, changed, "citations.272-QĐ/TW", {"date": "2015-02-21"})
    correct(db, same, "fields.issuer", "sai")
    correct(db, same, "fields.issuer", "UBND tỉnh Lào Cai")  # back to what the machine read
    correct(db, same, "citations.272-QĐ/TW", {"kind": "Quyết định"})
    correct(db, unconfirmed, "fields.subject", "khác")
    correct(db, outside, "fields.subject", "khác")

    shares = {a.field: a for a in stats.accuracy(db, period=YEAR_2024)}

    assert (shares["subject"].kept, shares["subject"].letters) == (2, 3)
    assert shares["subject"].share == pytest.approx(2 / 3)
    assert (shares["issuer"].kept, shares["issuer"].letters) == (3, 3)
    assert (shares[stats.CITATIONS].kept, shares[stats.CITATIONS].letters) == (2, 3)
    assert shares["doc_ref"].share == 1.0


def test_no_confirmed_letter_gives_no_share(db):
    letter(db, issued="2024-02-01")
    assert all(a.letters == 0 and a.share is None
               for a in stats.accuracy(db, period=YEAR_2024))


def test_a_period_is_whole_months():
    period = Period.months_to(date(2025, 3, 17))
    assert (period.first, period.last) == (date(2024, 4, 1), date(2025, 3, 1))
    assert (period.lower, period.upper) == ("2024-04", "2025-04")
    assert period.months()[0] == "2024-04" and period.months()[-1] == "2025-03"
    assert len(period.months()) == 12
    assert Period(date(2024, 12, 1), date(2024, 12, 1)).upper == "2025-01"
