"""The filters every listing and export shares, and the query they make."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Annotated, Any

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from sqlalchemy import Select, String, and_, column, or_, select, text

from api.store.db import CitationIndex, Document, FlagIndex, Status, WarningIndex

#: The longest value each text filter takes (a longer one is refused, never cut).
CAPS = {"status": 16, "flag": 64, "severity": 16, "warning": 64, "doc_type": 100,
        "issuer": 200, "issued_from": 10, "issued_to": 10, "cites": 200, "q": 200,
        "assignee": 120}
#: The assignee filter's word for "the user asking" (the route puts their name in its place).
ME = "me"
#: A day as the contract writes it: YYYY-MM-DD.
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def control_free(value: str) -> bool:
    """Whether `value` holds no control character (NUL, tab, line breaks, DEL…)."""
    return not any(unicodedata.category(ch) == "Cc" for ch in value)


def filter_problem(name: str, value: Any) -> str | None:
    """Why a filter's value cannot be used (in Vietnamese), or None when it can."""
    if not isinstance(value, str) or name not in CAPS:
        return None
    if len(value) > CAPS[name]:
        return f"Bộ lọc {name} quá dài: tối đa {CAPS[name]} ký tự"
    if not control_free(value):
        return f"Bộ lọc {name} có ký tự điều khiển (NUL, xuống dòng, tab…): hãy bỏ chúng đi"
    if name == "status" and value and value not in set(Status):
        return (f"Trạng thái không hợp lệ: chỉ nhận {', '.join(s.value for s in Status)}")
    if name in ("issued_from", "issued_to") and value:
        try:
            if not ISO_DAY.match(value):
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            return f"Ngày {name} không hợp lệ: viết YYYY-MM-DD, là một ngày có thật (2024-03-12)"
    return None


@dataclass
class Filters:
    """The query parameters that select documents, and their order.

    Status, flag code and severity, the file's warning code, type, issuer, issued dates, cited
    ref, reviewed or not, full text, the reviewer a letter is given to.
    """

    status: Annotated[str | None, Query(max_length=CAPS["status"])] = None
    flag: Annotated[str | None, Query(max_length=CAPS["flag"])] = None
    severity: Annotated[str | None, Query(max_length=CAPS["severity"])] = None
    warning: Annotated[str | None, Query(max_length=CAPS["warning"])] = None
    doc_type: Annotated[str | None, Query(max_length=CAPS["doc_type"])] = None
    issuer: Annotated[str | None, Query(max_length=CAPS["issuer"])] = None
    issued_from: Annotated[str | None, Query(max_length=CAPS["issued_from"],
                                             description="YYYY-MM-DD")] = None
    issued_to: Annotated[str | None, Query(max_length=CAPS["issued_to"],
                                           description="YYYY-MM-DD")] = None
    cites: Annotated[str | None, Query(max_length=CAPS["cites"])] = None
    reviewed: bool | None = None
    q: Annotated[str | None, Query(max_length=CAPS["q"])] = None
    sort: Annotated[str, Query(pattern="^-?(created_at|issued_date)$")] = "-created_at"
    assignee: Annotated[str | None, Query(
        max_length=CAPS["assignee"],
        description="the reviewer letters are given to; `me` for the user asking")] = None

    def for_user(self, name: str) -> Filters:
        """These filters as `name` means them: `assignee=me` is `name`'s letters."""
        return replace(self, assignee=name) if self.assignee == ME else self

    def __post_init__(self) -> None:
        """A value the filters cannot use is refused (422), never searched for.

        Each text filter has its longest value (CAPS); none takes a control character; the
        status is one of Status; the dates are real days written YYYY-MM-DD.
        """
        errors = [{"loc": ["query", f.name], "msg": problem, "type": "value_error"}
                  for f in fields(self)
                  if (problem := filter_problem(f.name, getattr(self, f.name))) is not None]
        if errors:
            raise RequestValidationError(errors)


def _text_search(sqlite: bool, q: str) -> Any:
    """Full-text search over the letter's text: FTS5 on SQLite, tsvector on PostgreSQL."""
    if sqlite:
        phrase = '"' + q.replace('"', '""') + '"'
        matched = text("SELECT document_id FROM documents_fts WHERE documents_fts MATCH :q") \
            .bindparams(q=phrase).columns(column("document_id", String))
        return Document.id.in_(matched)
    return or_(text("to_tsvector('simple', coalesce(documents.text, '')) @@ "
                    "plainto_tsquery('simple', :q)").bindparams(q=q))


def documents_query(f: Filters, *, sqlite: bool) -> Select[Any]:
    """The documents the filters select, in their order."""
    conditions: list[Any] = []
    if f.status:
        conditions.append(Document.status == f.status)
    if f.doc_type:
        conditions.append(Document.doc_type == f.doc_type)
    if f.issuer:
        conditions.append(Document.issuer.ilike(f"%{f.issuer}%"))
    if f.issued_from:
        conditions.append(Document.issued_date >= f.issued_from)
    if f.issued_to:
        conditions.append(Document.issued_date <= f.issued_to)
    if f.reviewed is not None:
        conditions.append(Document.reviewed == f.reviewed)
    if f.assignee:
        conditions.append(Document.assignee == f.assignee)
    if f.flag or f.severity:
        flagged = select(FlagIndex.document_id)
        if f.flag:
            flagged = flagged.where(FlagIndex.code == f.flag)
        if f.severity:
            flagged = flagged.where(FlagIndex.severity == f.severity)
        conditions.append(Document.id.in_(flagged))
    if f.warning:
        conditions.append(Document.id.in_(select(WarningIndex.document_id)
                                          .where(WarningIndex.code == f.warning)))
    if f.cites:
        refs = {f.cites, "".join(f.cites.split())}
        conditions.append(Document.id.in_(select(CitationIndex.document_id)
                                          .where(CitationIndex.ref.in_(refs))))
    if f.q:
        conditions.append(_text_search(sqlite, f.q))
    query = select(Document)
    if conditions:
        query = query.where(and_(*conditions))
    order = Document.issued_date if "issued_date" in f.sort else Document.created_at
    return query.order_by(order.desc() if f.sort.startswith("-") else order.asc(), Document.id)
