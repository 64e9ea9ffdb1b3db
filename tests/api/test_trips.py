"""The trips tables (api/store/trips.py) the statistics count trips on, SQLite and PostgreSQL.

The SQL count gives what reading every result's JSON gave (tests/api/json_trips.py); a
reviewer's correction of the delegation (or of the issued date) moves it; a letter read again
is counted once, with its last reading while it waits; a failed or deleted one not at all;
migration 0009 fills the tables from the letters already read.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from api.http.deps import requeue
from api.store import documents, review, stats
from api.store.db import Document, Status, Trip, TripCountry, make_engine, sessions
from api.store.migrate import upgrade
from api.store.stats import Period
from api.store.trips import NOT_STATED
from nlp.read import FIELD_NAMES
from tests.api.json_trips import trips_from_json
from tests.api.test_stats import YEAR_2024, letter, trip
from tests.pg import fresh_database

#: Countries as letters write them: canonical, long and short forms of one country, spaces,
#: decomposed marks, a name the table lacks, an empty one, one that is not text.
NAMES = ("Nhật Bản", "CHDCND Lào", "Lào", "Cộng hòa Dân chủ Nhân dân Lào", " Hàn  Quốc ",
         unicodedata.normalize("NFD", "Pháp"), "Hoa Kỳ", "Xứ Sở Lạ", "", 7)
STARTS = ("2024-04-15", "2024-05", "2024-11-30", "2023-12-01", "1924-04-15", None, "",
          "15/04/2024", 2024)
FUNDINGS: tuple[Any, ...] = ({"kind": "state_budget", "text": "ngân sách tỉnh"},
                             {"kind": "enterprise", "text": "Công ty X"},
                             {"kind": "mixed", "text": None}, {"kind": "", "text": "…"},
                             {"kind": None, "text": None}, {"text": "…"}, "ngân sách", None)
ISSUED = ("2024-02-10", "2024-03", "2024-12-31", "2023-12-30", "2025-01-01", None)
SPAN = Period(date(2023, 1, 1), date(2025, 12, 1))


def delegation(rng: random.Random) -> Any:
    """A delegation as results hold them, odd ones included; sometimes none, or not an object."""
    if rng.random() < 0.15:
        return rng.choice((None, [], {}))
    return {"head": None, "members": [], "size": None,
            "countries": rng.sample(NAMES, rng.choice((0, 1, 1, 2, 3))),
            "places": [], "start": rng.choice(STARTS), "end": None, "days": None,
            "purpose": None, "inviter": None, "funding": rng.choice(FUNDINGS)}


def counted(session: Session, period: Period = YEAR_2024) -> stats.Trips:
    return stats.trips(session, period=period)


def test_the_sql_count_gives_what_reading_every_result_gave(db):
    rng = random.Random(2024)
    for _ in range(150):
        letter(db, issued=rng.choice(ISSUED), delegation=delegation(rng),
               status=rng.choice((Status.DONE,) * 5 + (Status.FAILED, Status.QUEUED)))
    for period in (YEAR_2024, SPAN, Period(date(2024, 3, 1), date(2024, 3, 1))):
        assert counted(db, period) == trips_from_json(db, period=period)
    whole = counted(db, SPAN)
    assert whole.letters > 50 and whole.undated > 0
    assert {"Lào", "Hàn Quốc", "Pháp", "Xứ Sở Lạ"} == {c for c, _ in whole.by_country} - {
        "Nhật Bản", "Hoa Kỳ"}
    assert NOT_STATED in dict(whole.by_funding)


def test_one_letter_naming_a_country_twice_is_one_trip_there(db):
    letter(db, issued="2024-02-10", delegation=trip(["CHDCND Lào", "Lào", "Nhật Bản"],
                                                    "2024-04-15", None))
    letter(db, issued="2024-02-11", delegation=trip([], None, "self"))
    trips = counted(db)
    assert trips.by_country == [("Lào", 1), ("Nhật Bản", 1)]
    assert (trips.letters, trips.undated) == (2, 1)
    assert dict(trips.by_funding) == {NOT_STATED: 1, "self": 1}


def test_a_reviewer_s_correction_of_the_delegation_moves_the_count(db):
    ident = letter(db, issued="2024-02-10", delegation=trip(["Nhật Bản"], "2024-04-15",
                                                            "state_budget"))
    letter(db, issued="2024-02-11", delegation=trip(["Nhật Bản"], "2024-04-20", "state_budget"))
    doc = db.get(Document, ident)
    assert doc is not None
    review.correct(db, doc, "delegation.countries", ["Hàn Quốc", "CHDCND Lào"], "thu.nguyen")
    review.correct(db, doc, "delegation.start", "2024-06-01", "thu.nguyen")
    review.correct(db, doc, "delegation.funding", {"kind": "enterprise", "text": "Công ty X"},
                   "thu.nguyen")
    db.commit()
    trips = counted(db)
    assert trips.by_country == [("Hàn Quốc", 1), ("Lào", 1), ("Nhật Bản", 1)]
    assert trips.by_month == [("2024-04", 1), ("2024-05", 0), ("2024-06", 1)]
    assert dict(trips.by_funding) == {"state_budget": 1, "enterprise": 1}

    review.correct(db, doc, "delegation.start", None, "thu.nguyen")
    review.withdraw(db, doc, "delegation.countries", "thu.nguyen")
    db.commit()
    trips = counted(db)
    assert trips.by_country == [("Nhật Bản", 2)]  # the machine's country again
    assert (trips.by_month, trips.undated) == ([("2024-04", 1)], 1)

    review.correct(db, doc, "fields.issued_date", "2023-05-02", "thu.nguyen")  # out of 2024
    db.commit()
    assert counted(db).letters == 1


def _result(trip_read: dict[str, Any] | None, issued: str = "2024-02-10") -> dict[str, Any]:
    values = {"issued_date": issued, "issuer": "Sở Ngoại vụ"}
    return {"fields": {n: {"value": values.get(n)} for n in FIELD_NAMES},
            "file": {"media_type": "application/pdf", "pages": 1}, "citations": [],
            "flags": [], "warnings": [], "delegation": trip_read}


def _read(made: sessionmaker[Session], ident: str, result: dict[str, Any] | None) -> None:
    """The worker's part: claim the queued letter, write what it read (or that it failed)."""
    claimed = documents.claim(made)
    assert claimed is not None and claimed.id == ident
    outcome = documents.Outcome(result, "", None, None, 0.1) if result is not None else \
        documents.Outcome(None, None, "internal_error", "hỏng", 0.1)
    assert documents.finish(made, ident, outcome)


def _again(made: sessionmaker[Session], ident: str) -> None:
    with made.begin() as session:
        doc = session.get(Document, ident)
        assert doc is not None
        requeue(session, doc, "thu.nguyen")


def _rows(session: Session, ident: str) -> tuple[int, int]:
    return tuple(session.scalar(select(func.count()).select_from(t)  # type: ignore[return-value]
                                .where(t.document_id == ident)) for t in (Trip, TripCountry))


def test_a_letter_read_again_is_counted_once_with_its_corrections_kept(made, db):
    ident = documents.enqueue(made, uuid.uuid4().hex * 2, 10, "application/pdf", "a.pdf",
                              "thu")["id"]
    _read(made, ident, _result(trip(["Nhật Bản"], "2024-04-15", "state_budget")))
    assert counted(db).by_country == [("Nhật Bản", 1)]

    _again(made, ident)
    assert counted(db).by_country == [("Nhật Bản", 1)]  # its last reading, until the new one
    _read(made, ident, _result(trip(["Nhật Bản", "Lào"], "2024-05-02", "enterprise")))
    db.expire_all()
    trips = counted(db)
    assert (trips.letters, trips.by_country) == (1, [("Lào", 1), ("Nhật Bản", 1)])
    assert trips.by_month == [("2024-05", 1)] and trips.by_funding == [("enterprise", 1)]
    assert _rows(db, ident) == (1, 2)

    doc = db.get(Document, ident)
    assert doc is not None
    review.correct(db, doc, "delegation.countries", ["Pháp"], "thu.nguyen")
    db.commit()
    _again(made, ident)
    _read(made, ident, _result(trip(["Nhật Bản"], "2024-05-02", "enterprise")))
    assert counted(db).by_country == [("Pháp", 1)]  # the reviewer's countries win again

    _again(made, ident)
    _read(made, ident, _result(None))  # read again, it names no trip: nothing to count
    assert counted(db).letters == 0 and _rows(db, ident) == (0, 0)


def test_a_failed_or_deleted_letter_takes_its_trip_along(made, db):
    failed = documents.enqueue(made, uuid.uuid4().hex * 2, 10, "application/pdf", "f.pdf",
                               "thu")["id"]
    _read(made, failed, _result(trip(["Nhật Bản"], "2024-04-15", None)))
    _again(made, failed)
    _read(made, failed, None)
    gone = letter(db, issued="2024-02-10", delegation=trip(["Lào"], "2024-04-15", None))
    assert documents.forget(made, gone, "thu.nguyen") is not None
    assert _rows(db, failed) == (0, 0) and _rows(db, gone) == (0, 0)
    assert counted(db).letters == 0


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.heavy)])
def blank_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with fresh_database() as url:
        yield url


def test_the_migration_fills_the_tables_from_the_letters_already_read(blank_url):
    engine = make_engine(blank_url)
    upgrade(engine, "0008")
    rng = random.Random(9)
    # More letters than the migration reads at a time (1,000): it goes page by page.
    letters = [(rng.choice(ISSUED), delegation(rng), rng.choice((Status.DONE,) * 5 + (
        Status.FAILED,))) for _ in range(1_100)]
    with engine.begin() as connection:
        connection.execute(insert(Document), [
            {"id": uuid.uuid4().hex, "sha256": uuid.uuid4().hex * 2, "name": "a.pdf", "size": 1,
             "status": status, "result": {"fields": {}, "delegation": trip_read},
             "issued_date": issued} for issued, trip_read, status in letters])
    upgrade(engine)
    with sessions(engine)() as session:
        for period in (YEAR_2024, SPAN):
            assert counted(session, period) == trips_from_json(session, period=period)
        assert counted(session, SPAN).letters > 500
        failed = session.scalars(select(Document.id).where(Document.status == Status.FAILED)
                                 .limit(1)).one()
        assert _rows(session, failed) == (0, 0)  # as a failed reading leaves it
    engine.dispose()
