"""How many letters each filter option would give, the other filters kept (the inbox's counts)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, select

from api.store.db import Document, FlagIndex
from api.store.search import Filters, count, documents_query


def _ids(f: Filters, sqlite: bool) -> Any:
    return documents_query(f, sqlite=sqlite).order_by(None).with_only_columns(Document.id)


def _grouped(session: Any, f: Filters, sqlite: bool, column: Any) -> dict[Any, int]:
    query = documents_query(f, sqlite=sqlite).order_by(None) \
        .with_only_columns(column, func.count()).group_by(column)
    return {key: int(n) for key, n in session.execute(query) if key is not None}


def facets(session: Any, f: Filters, *, sqlite: bool) -> dict[str, dict[str, int]]:
    """For status, type, flag code and reviewed: each value's count under the other filters.

    Each facet drops its own filter and keeps the rest, so an option shows how many letters
    choosing it would list ("Đã đọc (12)"). Reviewed is keyed "true"/"false"; no_field
    counts the letters read with no field found ("true") and the others ("false").
    """
    status = _grouped(session, replace(f, status=None), sqlite, Document.status)
    doc_type = _grouped(session, replace(f, doc_type=None), sqlite, Document.doc_type)
    reviewed = _grouped(session, replace(f, reviewed=None), sqlite, Document.reviewed)
    flagged = select(FlagIndex.code, func.count(func.distinct(FlagIndex.document_id))) \
        .where(FlagIndex.document_id.in_(_ids(replace(f, flag=None), sqlite))) \
        .group_by(FlagIndex.code)
    return {"status": {str(k): n for k, n in status.items()},
            "doc_type": {str(k): n for k, n in doc_type.items()},
            "flag": {str(code): int(n) for code, n in session.execute(flagged)},
            "reviewed": {("true" if k else "false"): n for k, n in reviewed.items()},
            "no_field": {str(v).lower(): count(session, replace(f, no_field=v), sqlite=sqlite)
                         for v in (True, False)}}
