"""The filters every listing and export shares, and the query they make."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Annotated, Any

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from sqlalchemy import Select, String, and_, column, func, or_, select, text

from api.store.db import CitationIndex, Document, FlagIndex, Status, WarningIndex
from nlp.read import FIELD_NAMES
from nlp.unmarked import fold

#: The most letters one `ids` selection names (a page's bulk action: export, reprocess).
MAX_IDS = 200
#: The longest value each text filter takes (a longer one is refused, never cut).
CAPS = {"status": 16, "flag": 64, "severity": 16, "warning": 64, "doc_type": 100,
        "issuer": 200, "issued_from": 10, "issued_to": 10, "cites": 200, "q": 200,
        "assignee": 120, "ids": MAX_IDS * 33}
#: The assignee filter's word for "the user asking" (the route puts their name in its place).
ME = "me"
#: The columns a listing can be sorted on (`sort=issuer`, `sort=-issued_date`).
SORTS = {"created_at": Document.created_at, "issued_date": Document.issued_date,
         "doc_ref": Document.doc_ref, "issuer": Document.issuer,
         "doc_type": Document.doc_type, "status": Document.status}
SORT_PATTERN = "^-?(" + "|".join(SORTS) + ")$"
#: A document id as the store makes them (uuid4 hex).
DOC_ID = re.compile(r"^[0-9a-f]{1,32}$")
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
    if name == "ids" and value:
        chosen = id_list(value)
        if len(chosen) > MAX_IDS:
            return f"Chọn quá nhiều văn bản: tối đa {MAX_IDS} một lần"
        if not all(DOC_ID.match(i) for i in chosen):
            return "Mã văn bản không hợp lệ trong ids: các mã cách nhau bằng dấu phẩy"
    return None


def id_list(value: str | None) -> list[str]:
    """The document ids of an `ids` filter ("a1,b2"), in order, each once."""
    return list(dict.fromkeys(i.strip() for i in (value or "").split(",") if i.strip()))


@dataclass
class Filters:
    """The query parameters that select documents, and their order.

    Status, flag code and severity, the file's warning code, type, issuer, issued dates, cited
    ref, reviewed or not, full text (without marks), the reviewer a letter is given to, a
    chosen set of ids.
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
    no_field: Annotated[bool | None, Query(description=(
        "true: letters read with no field found (a cut file, blank pages); false: the others"
    ))] = None
    q: Annotated[str | None, Query(max_length=CAPS["q"])] = None
    ids: Annotated[str | None, Query(max_length=CAPS["ids"], description=(
        f"comma-separated document ids, at most {MAX_IDS}"))] = None
    sort: Annotated[str, Query(pattern=SORT_PATTERN)] = "-created_at"
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
    """Full-text search over the letter's text without marks ("hoa ky" finds "Hoa Kỳ").

    The phrase is folded as the text was (nlp.unmarked.fold): FTS5 over folded_text on SQLite,
    its tsvector on PostgreSQL.
    """
    folded = fold(q)
    if sqlite:
        phrase = '"' + folded.replace('"', '""') + '"'
        matched = text("SELECT document_id FROM documents_fts WHERE documents_fts MATCH :q") \
            .bindparams(q=phrase).columns(column("document_id", String))
        return Document.id.in_(matched)
    return or_(text("to_tsvector('simple', coalesce(documents.folded_text, '')) @@ "
                    "phraseto_tsquery('simple', :q)").bindparams(q=folded))


def no_field_read() -> Any:
    """A letter read (done) from which no field came: every field's value null or empty."""
    empty = ("", "[]", "{}")
    values = (Document.result[("fields", name, "value")].as_string() for name in FIELD_NAMES)
    return and_(Document.status == Status.DONE,
                *(or_(value.is_(None), value.in_(empty)) for value in values))


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
    if f.no_field is not None:
        conditions.append(no_field_read() if f.no_field else ~no_field_read())
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
    if f.q and fold(f.q).strip():
        conditions.append(_text_search(sqlite, f.q))
    if f.ids:
        conditions.append(Document.id.in_(id_list(f.ids)[:MAX_IDS]))
    query = select(Document)
    if conditions:
        query = query.where(and_(*conditions))
    order = SORTS.get(f.sort.lstrip("-"), Document.created_at)
    # Letters without the value (no ref read) come last either way, on both databases.
    ordered = order.desc() if f.sort.startswith("-") else order.asc()
    return query.order_by(ordered.nulls_last(), Document.id)


def count(session: Any, f: Filters, *, sqlite: bool) -> int:
    """How many documents the filters select."""
    inner = documents_query(f, sqlite=sqlite).order_by(None).with_only_columns(Document.id)
    return int(session.scalar(select(func.count()).select_from(inner.subquery())) or 0)


def snippet(content: str | None, folded: str | None, q: str | None,
            *, width: int = 60) -> tuple[str, str, str] | None:
    """Where the search phrase is in a letter: (before, hit, after), in the letter's own words.

    The phrase and the text are compared without marks; the words shown are the text's when
    folding kept its length (Vietnamese text in NFC does), else the folded text's. None when
    there is no phrase or it is not found.
    """
    words = fold(q or "").split()
    if not words or not content:
        return None
    folded = folded if folded is not None else fold(content)
    found = re.search(r"\b" + r"\s+".join(re.escape(w) for w in words), folded)
    if found is None:
        return None
    shown = content if len(content) == len(folded) else folded
    start, end = found.span()
    before = re.sub(r"\s+", " ", shown[max(0, start - width):start]).lstrip()
    after = re.sub(r"\s+", " ", shown[end:end + width]).rstrip()
    return (("…" if start > width else "") + before, " ".join(shown[start:end].split()),
            after + ("…" if end + width < len(shown) else ""))
