"""Instruments the archive cites and the registry lacks: how often, and what the letters say.

Read from citation_index, whose rows keep what each citation said of its instrument (kind,
date, issuer) and the registry's status at reading (`unknown` when the registry lacked it).
An instrument added to the registry since leaves the list at once (the registry is asked again).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.store.db import CitationIndex

#: The most cited unknown refs looked at (the list is for the ones that matter).
MOST = 5000


def unknown(session: Session, known: Callable[[str], bool], *, page: int,
            per_page: int) -> tuple[list[dict[str, Any]], int]:
    """One page of the cited instruments the registry lacks, most cited first; how many."""
    letters = func.count(func.distinct(CitationIndex.document_id))
    rows = session.execute(
        select(CitationIndex.ref, letters).where(CitationIndex.registry_status == "unknown")
        .group_by(CitationIndex.ref).order_by(letters.desc(), CitationIndex.ref)
        .limit(MOST)).all()
    lacking = [(ref, int(n)) for ref, n in rows if not known(ref)]
    chosen = lacking[(page - 1) * per_page: page * per_page]
    return [{"ref": ref, "letters": n, **_best(session, ref)} for ref, n in chosen], len(lacking)


def _best(session: Session, ref: str) -> dict[str, Any]:
    """The kind, date and issuer the citations of `ref` give most often (null: none gave one)."""
    said = session.execute(select(CitationIndex.kind, CitationIndex.issued_date,
                                  CitationIndex.issuer)
                           .where(CitationIndex.ref == ref).limit(1000)).all()
    out: dict[str, Any] = {}
    for key, column in (("kind", 0), ("date", 1), ("issuer", 2)):
        counted = Counter(row[column] for row in said if row[column])
        out[key] = counted.most_common(1)[0][0] if counted else None
    return out
