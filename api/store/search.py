"""The filters every listing and export shares, and the query they make."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query
from sqlalchemy import Select, String, and_, column, or_, select, text

from api.store.db import CitationIndex, Document, FlagIndex, WarningIndex


@dataclass
class Filters:
    """The query parameters that select documents, and their order.

    Status, flag code and severity, the file's warning code, type, issuer, issued dates, cited
    ref, reviewed or not, full text.
    """

    status: str | None = None
    flag: str | None = None
    severity: str | None = None
    warning: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_from: str | None = None
    issued_to: str | None = None
    cites: str | None = None
    reviewed: bool | None = None
    q: Annotated[str | None, Query(max_length=200)] = None
    sort: Annotated[str, Query(pattern="^-?(created_at|issued_date)$")] = "-created_at"


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
