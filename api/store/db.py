"""The database: documents (which are also the job queue), users, corrections, the audit log.

One code path for SQLite (embedded default, WAL) and PostgreSQL; the schema is made by the
Alembic migrations in api/store/migrations, run at start.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


class Status(StrEnum):
    """A document's life: uploaded and committed → queued → processing → done | failed."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"

    @classmethod
    def settled(cls) -> tuple[Status, Status]:
        """The statuses of a document no one is reading or waiting to read."""
        return cls.DONE, cls.FAILED




class StatusColumn(TypeDecorator[str]):
    """A status column: a Status is stored as its plain string, and read back as one."""

    impl = String(16)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        """The string of a Status; any other string as it is (a filter on "bogus" finds none)."""
        if value is None:
            return None
        return value.value if isinstance(value, Status) else str(value)

    def process_result_value(self, value: Any, dialect: Any) -> Status | None:
        """The Status of a stored string."""
        return None if value is None else Status(value)
ROLES = ("uploader", "reviewer", "admin")


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new document id."""
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    """The tables."""


class User(Base):
    """Someone who uses the service: a role, an API token (hashed), maybe a password (hashed)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    password_hash: Mapped[str | None] = mapped_column(Text, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class LoginSession(Base):
    """A signed-in browser: the cookie's SHA-256, its user, a CSRF token, when it ends."""

    __tablename__ = "login_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Document(Base):
    """An uploaded letter: its original (by digest), its processing state and what was read."""

    __tablename__ = "documents"
    #: The statistics find their letters without reading the rows (whose results come before
    #: the listed columns): those read and issued within months (with their id and issuer),
    #: and those whose reading ended on a day.
    __table_args__ = (Index("ix_documents_period", "status", "issued_date", "id", "issuer"),
                      Index("ix_documents_settled", "status", "updated_at"))
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[Status] = mapped_column(StatusColumn(), index=True, default=Status.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    doc_ref: Mapped[str | None] = mapped_column(String(80), nullable=True)
    doc_type: Mapped[str | None] = mapped_column(String(60), nullable=True, index=True)
    issuer: Mapped[str | None] = mapped_column(String(255), nullable=True)
    issued_date: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    uploaded_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now,
                                                 index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    processing_seconds: Mapped[float | None] = mapped_column(nullable=True)
    #: Until when the worker that claimed it (Celery) holds it; a redelivered task waits.
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: The reviewer (user name) the letter is given to, if any.
    assignee: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    #: The text lower-cased without marks (nlp.unmarked.fold): "hoa ky" finds "Hoa Kỳ".
    folded_text: Mapped[str | None] = mapped_column(Text, nullable=True)


class SignInFailure(Base):
    """One failed sign-in, counted per name and per address (api.store.auth.SignInLimiter)."""

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class PageResult(Base):
    """One page of an original as read (a page job), kept under the original's digest."""

    __tablename__ = "page_results"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    seconds: Mapped[float] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class CitationIndex(Base):
    """One cited instrument of a document, for "every letter citing 295-QĐ/TW"."""

    __tablename__ = "citation_index"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    ref: Mapped[str] = mapped_column(String(80), index=True)
    role: Mapped[str] = mapped_column(String(16))
    #: What the citation itself says of the instrument (for "cited but unknown").
    kind: Mapped[str | None] = mapped_column(String(60), nullable=True)
    issued_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    issuer: Mapped[str | None] = mapped_column(String(255), nullable=True)
    #: The registry's status on the letter's date; null when the registry lacks it.
    registry_status: Mapped[str | None] = mapped_column(String(16), nullable=True)


class Proposal(Base):
    """A change a letter proposes to the registry or the rules, for an administrator to decide."""

    __tablename__ = "proposals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # registry | rule
    document_id: Mapped[str | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bbox: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # proposed|accepted|rejected
    decided_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class FlagIndex(Base):
    """One flag of a document, for filtering on flag code and severity."""

    __tablename__ = "flag_index"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(10), index=True)


class Trip(Base):
    """A letter's trip as reviewed: the month it starts and who pays, for counting trips.

    Its countries are TripCountry rows; both carry the letter's issued date as listed, so that
    a period's trips are counted on their own index, and are written by api/store/trips.py.
    """

    __tablename__ = "trips"
    __table_args__ = (Index("ix_trips_period", "issued_date", "start_month", "funding"),)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             primary_key=True)
    #: The letter's issued date as listed (`documents.issued_date`).
    issued_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    #: "2024-04", the month the trip starts; null when no start was read.
    start_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    #: The funding's kind (state_budget, …), or "not_stated" when the letter states none.
    funding: Mapped[str] = mapped_column(Text)


class TripCountry(Base):
    """One country a letter's trip goes to, as reviewed, in its canonical name (nlp.countries).

    A name the countries table does not know is kept as written.
    """

    __tablename__ = "trip_countries"
    __table_args__ = (Index("ix_trip_countries_period", "issued_date", "country"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    #: The letter's issued date as listed (`documents.issued_date`).
    issued_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    country: Mapped[str] = mapped_column(Text)


class WarningIndex(Base):
    """One warning of a document's file (signature_broken, page_failed…), for filtering."""

    __tablename__ = "warning_index"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    code: Mapped[str] = mapped_column(String(40), index=True)


class Correction(Base):
    """A reviewer's value for a field or a citation, kept beside the machine's."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    target: Mapped[str] = mapped_column(String(80))  # "fields.subject", "citations.295-QĐ/TW"
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    user: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Note(Base):
    """A reviewer's note on a letter (free text, kept with its author and time)."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    user: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class SavedView(Base):
    """A named inbox query a user keeps ("Đoàn chờ duyệt" → "?doc_type=…&reviewed=false")."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("user", "name", name="saved_views_user_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user: Mapped[str] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(String(120))
    query: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class AuditEntry(Base):
    """Who changed what, when, from what to what."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    user: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(80), nullable=True)
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite in WAL mode with its folder made."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               json_serializer=_json)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=_json)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def sessions(engine: Engine) -> sessionmaker[Any]:
    """The session factory."""
    return sessionmaker(engine, expire_on_commit=False)
