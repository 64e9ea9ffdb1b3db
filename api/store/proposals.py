"""Proposed changes a letter makes to the registry (its `effects`) or to the rules it states.

Made when a letter finishes processing; a letter read again replaces its still-undecided
proposals and keeps the decided ones (a proposal already decided is not made again). An
administrator accepts or rejects each; the decision is audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.store import review
from api.store.db import CitationIndex, Document, Proposal, now

KINDS = ("registry", "rule")
STATUSES = ("proposed", "accepted", "rejected")
#: Where a proposal was read: kept in its columns, not in its payload.
_WHERE = ("page", "bbox", "text")


def _source(doc: Document) -> dict[str, Any]:
    """The letter a proposal comes from, as the registry's and the rules' sources name it."""
    return {"document_id": doc.id, "doc_ref": doc.doc_ref, "doc_type": doc.doc_type,
            "issuer": doc.issuer, "date": doc.issued_date, "how_known": "own_text"}


def _registry_payload(doc: Document, effect: dict[str, Any]) -> dict[str, Any]:
    return {"instrument": doc.doc_ref, "effect": effect.get("kind"), "ref": effect.get("ref"),
            "part": effect.get("part"), "date": effect.get("date"), "source": _source(doc)}


def _rule_payload(doc: Document, rule: dict[str, Any]) -> dict[str, Any]:
    stated = {k: v for k, v in rule.items() if k not in _WHERE}
    return {"rule": stated, "source": _source(doc)}


def _same(payload: dict[str, Any]) -> dict[str, Any]:
    """What makes two proposals one: the payload without where its letter stands."""
    return {k: v for k, v in payload.items() if k != "source"}


def propose(session: Session, doc: Document, result: dict[str, Any]) -> int:
    """Replace the letter's undecided proposals by those its result makes; how many were made."""
    session.execute(delete(Proposal).where(Proposal.document_id == doc.id,
                                           Proposal.status == "proposed"))
    decided = [_same(p.payload) for p in session.scalars(
        select(Proposal).where(Proposal.document_id == doc.id)).all()]
    made = 0
    items = [("registry", _registry_payload(doc, e), e) for e in result.get("effects") or []]
    items += [("rule", _rule_payload(doc, r), r) for r in result.get("rules_stated") or []]
    for kind, payload, item in items:
        if _same(payload) in decided:
            continue
        session.add(Proposal(kind=kind, document_id=doc.id, payload=payload,
                             page=item.get("page"), bbox=item.get("bbox"),
                             text=item.get("text"), status="proposed", created_at=now()))
        made += 1
    return made


def to_dict(p: Proposal) -> dict[str, Any]:
    """A proposal as the API answers it."""
    return {"id": p.id, "kind": p.kind, "document_id": p.document_id, "payload": p.payload,
            "page": p.page, "bbox": p.bbox, "text": p.text, "status": p.status,
            "decided_by": p.decided_by,
            "decided_at": p.decided_at.isoformat() if p.decided_at else None,
            "created_at": p.created_at.isoformat() if p.created_at else None}


def listing(session: Session, *, kind: str | None, status: str | None, page: int,
            per_page: int) -> tuple[list[Proposal], int]:
    """One page of proposals (newest first) and how many the filters select."""
    query = select(Proposal)
    if kind:
        query = query.where(Proposal.kind == kind)
    if status:
        query = query.where(Proposal.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Proposal.created_at.desc(), Proposal.id.desc())
                           .offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), int(total)


def get(session: Session, ident: int) -> Proposal | None:
    """The proposal of that id, its row locked for the decision on PostgreSQL."""
    return session.get(Proposal, ident, with_for_update=True)


def decide(session: Session, proposal: Proposal, *, accepted: bool, user: str,
           note: dict[str, Any] | None = None) -> None:
    """Mark a proposal accepted or rejected by `user`, and audit it."""
    before = proposal.status
    proposal.status = "accepted" if accepted else "rejected"
    proposal.decided_by, proposal.decided_at = user, now()
    review.record(session, document_id=proposal.document_id, user=user,
                  action=f"proposal_{'accept' if accepted else 'reject'}",
                  target=f"proposals.{proposal.id}", before=before,
                  after={"status": proposal.status, **(note or {})})


def citing(session: Session, ref: str) -> list[str]:
    """The ids of the letters in the archive that cite `ref` (CitationIndex)."""
    refs = {ref, "".join(ref.split())}
    return sorted(set(session.scalars(select(CitationIndex.document_id)
                                      .where(CitationIndex.ref.in_(refs))).all()))
