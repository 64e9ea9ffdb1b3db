"""The reviewer's desk around a letter: notes on it, and the reviewer it is given to.

Every change is written to the audit log: a note as `note` (its text after), a change of
assignee as `assign` (the names before and after).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.store import review
from api.store.auth import RANK
from api.store.db import Document, Note, User
from api.store.search import control_free

#: The longest note kept (characters); a longer one is refused, never cut.
NOTE_MAX = 4000


class DeskError(ValueError):
    """A note or an assignee that cannot be kept; the message says why, in Vietnamese."""


def notes(session: Session, document_id: str) -> Sequence[Note]:
    """The notes on a letter, the newest first."""
    return session.scalars(select(Note).where(Note.document_id == document_id)
                           .order_by(Note.at.desc(), Note.id.desc())).all()


def add_note(session: Session, doc: Document, user: str, body: str) -> Note:
    """Keep `user`'s note on `doc` (blank or too long: DeskError)."""
    text = unicodedata.normalize("NFC", body.strip())
    if not text:
        raise DeskError("Ghi chú trống: hãy viết nội dung ghi chú")
    if len(text) > NOTE_MAX:
        raise DeskError(f"Ghi chú quá dài: {len(text)} ký tự, tối đa {NOTE_MAX}")
    if not control_free(text.replace("\n", "").replace("\r", "").replace("\t", "")):
        raise DeskError("Ghi chú có ký tự điều khiển (NUL…): hãy bỏ chúng đi")
    note = Note(document_id=doc.id, user=user, body=text)
    session.add(note)
    review.record(session, document_id=doc.id, user=user, action="note", after=text)
    session.flush()
    return note


def reviewers(session: Session) -> list[str]:
    """The names of the users a letter can be given to: reviewers and administrators."""
    rows = session.scalars(select(User).where(User.revoked.is_(False)).order_by(User.name))
    return [u.name for u in rows if RANK.get(u.role, 0) >= RANK["reviewer"]]


def assign(session: Session, doc: Document, assignee: str | None, user: str) -> str | None:
    """Give `doc` to reviewer `assignee` (None: to no one); the assignee it had before.

    Someone who is not a reviewer (or above), or is revoked, cannot be given letters:
    DeskError.
    """
    if assignee is not None and assignee not in reviewers(session):
        raise DeskError("Không giao được: người này không phải người duyệt (hoặc quản trị "
                        "viên) đang hoạt động")
    before = doc.assignee
    if before != assignee:
        doc.assignee = assignee
        review.record(session, document_id=doc.id, user=user, action="assign", before=before,
                      after=assignee)
    return before
