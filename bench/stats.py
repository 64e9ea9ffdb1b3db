"""Benchmark of the statistics: each figure of a year of letters; trips before and after the tables.

Writes `--letters` letters (100,000 by default) issued in 2024, results of about 4 KB, seven in
ten with a delegation, one in twenty confirmed with a correction, into a new database at the
revision before the trips tables; times the migration that makes and fills them; then times each
figure of api/store/stats.py (best of `--runs`) and the trips counted the old way, reading every
result's JSON (tests/api/json_trips.py), and checks both give the same trips.

Prints figures; asserts nothing. `python -m bench.stats [--letters 100000] [--postgresql]`
(PostgreSQL: CONGVAN_TEST_DATABASE_URL's server, or the local one, in a new database).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from api.store import stats
from api.store.db import Correction, Document, FlagIndex, Status, make_engine, sessions
from api.store.migrate import upgrade
from api.store.stats import Period
from tests.api.json_trips import trips_from_json
from tests.pg import fresh_database

YEAR = Period(date(2024, 1, 1), date(2024, 12, 1))
COUNTRIES = ("Nhật Bản", "Hàn Quốc", "CHDCND Lào", "Lào", "Campuchia", "Thái Lan", "Hoa Kỳ",
             "Pháp", "Cộng hòa Liên bang Đức", "Trung Quốc", "Xin-ga-po", "Ô-xtrây-li-a",
             "Liên bang Nga", "Ấn Độ")
FUNDING = ("state_budget", "state_budget", "state_budget", "foreign_partner", "enterprise",
           "self", "mixed", None)
ISSUERS = tuple(f"Sở {n} tỉnh Lào Cai" for n in ("Ngoại vụ", "Công Thương", "Y tế",
                                                 "Giáo dục và Đào tạo", "Nội vụ", "Tài chính"))
FLAGS = ("missing_work_program", "enterprise_funded", "superseded_citation", "two_key_leaders")
#: Letters written per INSERT.
BATCH = 5000


def _field(value: Any, rng: random.Random) -> dict[str, Any]:
    return {"value": value, "confidence": round(rng.uniform(0.6, 1.0), 3), "page": 1,
            "bbox": [72.0, 100.0, 520.0, 118.0], "text": str(value)[:80] if value else None}


def _result(rng: random.Random, issued: str, issuer: str) -> dict[str, Any]:
    """A contract JSON of about 4 KB: every field, three citations, maybe a delegation."""
    fields = {name: _field(None, rng) for name in (
        "doc_number", "doc_symbol", "place", "recipients", "distribution", "signer",
        "confidentiality", "urgency", "deadlines", "incoming", "e_signature", "signers",
        "issuers")}
    fields.update(doc_ref=_field(f"{rng.randint(1, 9999)}/SNgV-LS", rng),
                  doc_type=_field("Công văn", rng), issuer=_field(issuer, rng),
                  issued_date=_field(issued, rng),
                  subject=_field("cử cán bộ đi công tác nước ngoài " * 3, rng))
    citations = [{"ref": f"{n}-QĐ/TW", "kind": "Quyết định", "number": str(n), "year": None,
                  "symbol": "QĐ/TW", "date": "2015-01-21", "issuer": "Bộ Chính trị",
                  "role": "basis", "text": f"Quyết định số {n}-QĐ/TW ngày 21 tháng 01 năm 2015 "
                  "của Bộ Chính trị về quản lý đoàn đi nước ngoài", "page": 1,
                  "bbox": [72.0, 301.2, 520.4, 330.0],
                  "registry": {"id": f"{n}-QĐ/TW", "title": "Quy chế quản lý thống nhất các "
                               "hoạt động đối ngoại", "status_on_date": "in_force",
                               "replaced_by": [], "match": "exact", "score": 100}}
                 for n in (272, 295, 33)]
    delegation = None
    if rng.random() < 0.7:
        month = rng.randint(1, 12)
        funding = rng.choice(FUNDING)
        delegation = {
            "head": {"name": "Nguyễn Văn Hùng", "title": "Giám đốc Sở"},
            "members": [{"name": "Trần Thị Mai", "title": "Trưởng phòng"}] * rng.randint(0, 4),
            "size": 3, "countries": rng.sample(COUNTRIES, rng.choice((0, 1, 1, 1, 2, 3))),
            "places": ["Tokyo"], "start": None if rng.random() < 0.1 else
            f"2024-{month:02d}-{rng.randint(1, 28):02d}", "end": None, "days": 6,
            "purpose": "khảo sát, học tập kinh nghiệm", "inviter": None,
            "funding": None if funding is None else {"kind": funding, "text": "ngân sách tỉnh"}}
    return {"schema": "congvan/document@1",
            "file": {"name": "cv.pdf", "sha256": uuid.uuid4().hex * 2,
                     "media_type": "application/pdf", "pages": 2, "bytes": 48213},
            "text_source": "text_layer", "ocr": {"pages": 0, "mean_confidence": None},
            "fields": fields, "citations": citations, "delegation": delegation,
            "flags": [{"code": code, "severity": "warning"} for code in FLAGS
                      if rng.random() < 0.15]}


def write(engine: Engine, letters: int, seed: int = 7) -> None:
    """`letters` letters issued in 2024, their flag index, a few confirmed and corrected."""
    rng = random.Random(seed)
    finished = datetime(2025, 1, 20, tzinfo=UTC)
    with engine.begin() as connection:
        for start in range(0, letters, BATCH):
            docs, flags, corrections = [], [], []
            for _ in range(min(BATCH, letters - start)):
                ident = uuid.uuid4().hex
                issued = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                issuer = rng.choice(ISSUERS)
                result = _result(rng, issued, issuer)
                reviewed = rng.random() < 0.05
                docs.append({"id": ident, "sha256": uuid.uuid4().hex * 2, "name": "cv.pdf",
                             "size": 48213, "status": Status.DONE.value, "attempts": 1,
                             "result": result, "doc_type": "Công văn", "issuer": issuer,
                             "issued_date": issued, "pages": 2, "reviewed": reviewed,
                             "created_at": finished, "assignee": None,
                             "updated_at": finished - timedelta(minutes=rng.randint(0, 50_000))})
                flags += [{"document_id": ident, "code": f["code"], "severity": "warning"}
                          for f in result["flags"]]
                if reviewed and rng.random() < 0.5:
                    corrections.append({"document_id": ident, "target": "fields.subject",
                                        "value": "cử đoàn đi Nhật Bản", "user": "rev",
                                        "at": finished})
            connection.execute(insert(Document), docs)
            for rows, table in ((flags, FlagIndex), (corrections, Correction)):
                if rows:
                    connection.execute(insert(table), rows)


def _best(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, answer = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        answer = work()
        best = min(best, time.perf_counter() - started)
    return best, answer


def measure(url: str, letters: int, runs: int) -> None:
    """Write the letters into the database at `url`, fill the trips table, time each figure."""
    engine = make_engine(url)
    upgrade(engine, "0008")
    started = time.perf_counter()
    write(engine, letters)
    print(f"  {letters:,} letters written in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    upgrade(engine)
    print(f"  migration 0009 (the trips tables filled): {time.perf_counter() - started:.2f} s")
    if engine.dialect.name == "postgresql":  # its planner's statistics, as autovacuum keeps them
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    made = sessions(engine)
    with made() as session:
        figures: dict[str, Callable[[], Any]] = {
            "trips, reading every result's JSON (before)":
                lambda: trips_from_json(session, period=YEAR),
            "trips, GROUP BY on the trips tables (after)":
                lambda: stats.trips(session, period=YEAR),
            "letters counted": lambda: stats.letters_counted(session, period=YEAR),
            "by issuer": lambda: stats.by_issuer(session, period=YEAR),
            "flags by month": lambda: stats.flags_by_month(session, period=YEAR),
            "processed by day (30 days)": lambda: stats.processed_by_day(
                session, first=date(2024, 12, 22), last=date(2025, 1, 20)),
            "accuracy": lambda: stats.accuracy(session, period=YEAR),
            "queue": lambda: stats.queue(session),
        }
        answers = {}
        for name, work in figures.items():
            seconds, answers[name] = _best(runs, work)
            print(f"  {name:<46} {seconds * 1000:9.1f} ms")
        before, after = (answers[k] for k in list(figures)[:2])
        print(f"  same trips both ways: {before == after} ({after.letters:,} trip letters)")
    engine.dispose()


@contextmanager
def _sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'congvan.db'}"


def main() -> None:
    """Run the benchmark on SQLite, and on PostgreSQL when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgresql", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    places = ([("SQLite", _sqlite)] if not args.no_sqlite else []) + (
        [("PostgreSQL", lambda: fresh_database("congvan_bench"))] if args.postgresql else [])
    for name, database in places:
        print(f"{name}:")
        with database() as url:
            measure(url, args.letters, args.runs)


if __name__ == "__main__":
    main()
