"""Reviewers' corrections, kept beside the machine's values, and the audit log of every change.

A correction names what it corrects by a target: "fields.<name>" for a field, and for a
citation "citations.<ref>", the citation's number and symbol as read, without spaces
("citations.295-QĐ/TW"); a ref read twice in the letter adds which one it is from the second
on ("citations.295-QĐ/TW#2"). Reading the letter again may give its citations in another
order, or one more or less: the ref still finds the one the reviewer corrected. A correction
whose citation is no longer read is kept and shown as such (`unmatched`), never put on
another. Older rows carry the citation's position ("citations.3"): those still apply by
position in the current reading. A part of the delegation is "delegation.<part>"
("delegation.countries"; the parts api/store/trips.py names).
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.store import listing, trips
from api.store.db import AuditEntry, Correction, Document
from api.store.times import zoned
from nlp.numbering import compact


def corrections(session: Session, document_id: str) -> dict[str, Correction]:
    """The latest correction of each target ("fields.subject", "citations.295-QĐ/TW").

    In the order they were made, the latest last.
    """
    rows = session.scalars(select(Correction).where(Correction.document_id == document_id)
                           .order_by(Correction.at, Correction.id)).all()
    latest: dict[str, Correction] = {}
    for row in rows:
        latest.pop(row.target, None)
        latest[row.target] = row
    return latest


def _ref(ref: Any) -> str:
    """A ref as a key: as read, without spaces, its letters composed one way (NFC)."""
    return unicodedata.normalize("NFC", compact(ref)) if isinstance(ref, str) else ""


def citation_target(citations: Sequence[dict[str, Any]], index: int) -> str:
    """The target of the citation at `index`: "citations.295-QĐ/TW", "citations.295-QĐ/TW#2".

    A citation with no ref (none is read without one) keeps its position.
    """
    ref = _ref(citations[index].get("ref"))
    if not ref:
        return f"citations.{index}"
    same = sum(1 for c in citations[:index] if _ref(c.get("ref")).casefold() == ref.casefold())
    return f"citations.{ref}" if same == 0 else f"citations.{ref}#{same + 1}"


def citation_index(citations: Sequence[dict[str, Any]], target: str) -> int | None:
    """Where the citation a target names is in `citations`, or None if it is not read there.

    A ref is found whatever its spaces or case; a number alone is a position (older rows).
    """
    kind, _, key = target.partition(".")
    if kind != "citations" or not key:
        return None
    if key.isdigit():
        index = int(key)
        return index if index < len(citations) else None
    ref, nth = _named(key)
    wanted = _ref(ref).casefold()
    seen = 0
    for index, c in enumerate(citations):
        if _ref(c.get("ref")).casefold() == wanted:
            seen += 1
            if seen == nth:
                return index
    return None


def _named(key: str) -> tuple[str, int]:
    """A citation's key as its ref and which citation of that ref it is (1, 2…)."""
    ref, mark, nth = key.rpartition("#")
    if mark and ref and nth.isdigit() and int(nth) >= 1:
        return ref, int(nth)
    return key, 1


def citation_ref(target: str) -> str:
    """The ref a citation's target names ("" for a position of an older row)."""
    key = target.partition(".")[2]
    return "" if key.isdigit() else _named(key)[0]


def machine_value(doc: Document, target: str) -> Any:
    """What the machine read for a target, or None."""
    result = doc.result or {}
    kind, _, key = target.partition(".")
    if kind == "fields":
        return (result.get("fields", {}).get(key) or {}).get("value")
    if kind == "citations":
        cited = result.get("citations", [])
        index = citation_index(cited, target)
        return None if index is None else cited[index]
    if kind == "delegation":
        delegation = result.get("delegation")
        return delegation.get(key) if isinstance(delegation, dict) else None
    return None


def review_state(session: Session, document_id: str, reviewed: bool, reviewed_by: str | None,
                 citations: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Per corrected target: the reviewer's value, who, when; whether the letter is confirmed.

    Given the citations read now, a citation's correction says where that citation is in
    them (`index`), null when it is no longer read.
    """
    state: dict[str, dict[str, Any]] = {}
    for target, c in corrections(session, document_id).items():
        state[target] = {"value": c.value, "by": c.user, "at": zoned(c.at)}
        if citations is not None and target.startswith("citations."):
            state[target]["index"] = citation_index(citations, target)
    return {"reviewed": reviewed, "reviewed_by": reviewed_by, "corrections": state}


def record(session: Session, *, document_id: str | None, user: str, action: str,
           target: str | None = None, before: Any = None, after: Any = None) -> None:
    """Write one entry of the audit log."""
    session.add(AuditEntry(document_id=document_id, user=user, action=action, target=target,
                           before=before, after=after))


def correct(session: Session, doc: Document, target: str, value: Any, user: str) -> Any:
    """Keep a reviewer's value for `target` beside the machine's; the value it replaces.

    A citation's earlier correction may be an older row naming it by position.
    """
    cited = (doc.result or {}).get("citations") or []
    index = citation_index(cited, target)
    known = [c for t, c in corrections(session, doc.id).items()
             if t == target or (index is not None and t.startswith("citations.")
                                and citation_index(cited, t) == index)]
    before = known[-1].value if known else machine_value(doc, target)
    session.add(Correction(document_id=doc.id, target=target, value=value, user=user))
    record(session, document_id=doc.id, user=user, action="correct", target=target,
           before=before, after=value)
    relist(session, doc)
    return before


def relist(session: Session, doc: Document) -> None:
    """Bring the letter's listed columns and its trip's rows to its reviewed values.

    The columns: number and symbol, type, issuer, date (api/store/listing.py); the rows:
    countries, start month, funding (api/store/trips.py).
    """
    session.flush()
    corrected = {t: c.value for t, c in corrections(session, doc.id).items()}
    listing.sync(doc, corrected)
    trips.sync(session, doc, corrected)


def withdraw(session: Session, doc: Document, target: str, user: str
             ) -> tuple[Any, Any] | None:
    """Withdraw the corrections of `target`: (the value withdrawn, the machine's value).

    None when there is none. A citation's older rows naming it by position go too; the audit
    log keeps the withdrawal, so the history of the value stays whole.
    """
    cited = (doc.result or {}).get("citations") or []
    index = citation_index(cited, target)
    rows = [c for c in session.scalars(select(Correction)
                                       .where(Correction.document_id == doc.id)
                                       .order_by(Correction.at, Correction.id)).all()
            if c.target.casefold() == target.casefold()
            or (index is not None and c.target.startswith("citations.")
                and citation_index(cited, c.target) == index)]
    if not rows:
        return None
    before, after = rows[-1].value, machine_value(doc, target)
    for row in rows:
        session.delete(row)
    record(session, document_id=doc.id, user=user, action="withdraw", target=target,
           before=before, after=after)
    relist(session, doc)
    return before, after


def reviewed_document(session: Session, doc: Document
                      ) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """The contract JSON with reviewers' values in place, the targets they changed, the rest.

    The rest are the corrections of citations this reading no longer finds, and of a
    delegation it no longer reads (target → the reviewer's value): kept and reported, never
    made into citations or a trip the reading does not have.
    """
    result = copy.deepcopy(doc.result or {})
    sources: dict[str, str] = {}
    unmatched: dict[str, Any] = {}
    read = (doc.result or {}).get("citations") or []  # found as read, not as corrected
    for target, c in corrections(session, doc.id).items():  # the latest last: it wins
        kind, _, key = target.partition(".")
        if kind == "fields" and key in result.get("fields", {}):
            result["fields"][key]["value"] = c.value
        elif kind == "citations":
            index = citation_index(read, target)
            if index is None:
                unmatched[target] = c.value
                continue
            result["citations"][index].update(c.value or {})
        elif kind == "delegation" and key in trips.PARTS:
            if not isinstance(result.get("delegation"), dict):
                unmatched[target] = c.value
                continue
            result["delegation"][key] = c.value
        else:
            continue
        sources[target] = "reviewer"
    return result, sources, unmatched
