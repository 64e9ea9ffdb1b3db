"""Notes on a letter and the reviewer it is given to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from api.http.deps import Reviewer, document_of, service_of
from api.store import desk
from api.store.db import Note

router = APIRouter()


class NoteBody(BaseModel):
    """A reviewer's note on a letter: free text."""

    body: str = Field(min_length=1, max_length=desk.NOTE_MAX)


class AssigneeBody(BaseModel):
    """The reviewer a letter is given to (a user name), or null to give it to no one."""

    assignee: str | None = Field(default=None, max_length=120)


def _at(moment: datetime) -> str:
    """A stored time with its zone (SQLite keeps none: it is UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _refused(key: str, error: desk.DeskError) -> RequestValidationError:
    """A value the desk cannot keep: 422 in the shape of every other refused body."""
    return RequestValidationError([{"loc": ["body", key], "msg": str(error),
                                    "type": "value_error"}])


def note_of(note: Note) -> dict[str, Any]:
    """A note as the API gives it."""
    return {"id": note.id, "user": note.user, "body": note.body, "at": _at(note.at)}


@router.get("/api/documents/{ident}/notes", tags=["review"])
def list_notes(request: Request, ident: str, user: Reviewer) -> dict[str, Any]:
    """The reviewers' notes on the letter, the newest first."""
    with service_of(request).sessions() as session:
        document_of(session, ident)
        return {"notes": [note_of(n) for n in desk.notes(session, ident)]}


@router.post("/api/documents/{ident}/notes", status_code=201, tags=["review"])
def add_note(request: Request, ident: str, body: NoteBody, user: Reviewer) -> dict[str, Any]:
    """Add a note to the letter (kept with its author and time; the audit log records it)."""
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident)
        try:
            note = desk.add_note(session, doc, user.name, body.body)
        except desk.DeskError as e:
            raise _refused("body", e) from None
        return note_of(note)


@router.get("/api/documents/{ident}/assignee", tags=["review"])
def get_assignee(request: Request, ident: str, user: Reviewer) -> dict[str, Any]:
    """Who the letter is given to, and who it can be given to."""
    with service_of(request).sessions() as session:
        doc = document_of(session, ident)
        return {"id": ident, "assignee": doc.assignee, "reviewers": desk.reviewers(session)}


@router.put("/api/documents/{ident}/assignee", tags=["review"])
def set_assignee(request: Request, ident: str, body: AssigneeBody,
                 user: Reviewer) -> dict[str, Any]:
    """Give the letter to a reviewer (or an administrator), or to no one (`null`).

    The audit log records the change (`assign`, the names before and after).
    """
    with service_of(request).sessions.begin() as session:
        doc = document_of(session, ident)
        try:
            before = desk.assign(session, doc, body.assignee or None, user.name)
        except desk.DeskError as e:
            raise _refused("assignee", e) from None
        return {"id": ident, "assignee": doc.assignee, "before": before}
