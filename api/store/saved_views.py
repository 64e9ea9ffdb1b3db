"""Saved views: a user's named inbox filters ("Đoàn chờ duyệt"), and the two every user has."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from api.store.db import SavedView
from api.store.search import Filters, control_free, filter_problem

#: The query keys a view keeps: the inbox's filters and its order (never a page or a selection).
VIEW_KEYS = tuple(f.name for f in fields(Filters) if f.name != "ids")
MAX_NAME = 120
MAX_VIEWS = 100


@dataclass(frozen=True)
class View:
    """A view as the inbox lists it: built in (id "builtin-…", not deletable) or the user's."""

    id: str
    name: str
    name_en: str
    query: str
    built_in: bool

    def as_json(self) -> dict[str, Any]:
        """The view for the API."""
        return {"id": self.id, "name": self.name, "name_en": self.name_en, "query": self.query,
                "built_in": self.built_in}


#: Every user's views: trips read and waiting for a reviewer; letters citing what was replaced.
BUILT_IN = (
    View("builtin-awaiting", "Đoàn chờ duyệt", "Trips awaiting review",
         "status=done&reviewed=false", True),
    View("builtin-superseded", "Trích dẫn văn bản bị thay thế", "Cites superseded instruments",
         "flag=superseded_citation", True),
)


class ViewRefused(ValueError):
    """A view that cannot be kept; the message says why, in Vietnamese; `field` which part."""

    def __init__(self, message: str, field: str = "query") -> None:
        """A refusal of the view's `field` ("name" or "query")."""
        super().__init__(message)
        self.field = field


def clean_query(query: str) -> str:
    """A view's query string with only the filters it may keep, each one usable.

    Raises ViewRefused for a filter the inbox would refuse.
    """
    kept: dict[str, str] = {}
    for key, value in parse_qsl(query.lstrip("?"), keep_blank_values=False):
        value = value.strip()
        if key not in VIEW_KEYS or not value:
            continue
        problem = filter_problem(key, value)
        if problem is not None:
            raise ViewRefused(problem)
        kept[key] = unicodedata.normalize("NFC", value)
    return urlencode(kept)


def clean_name(name: str) -> str:
    """A view's name, NFC and trimmed; ViewRefused when empty, too long or with controls."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise ViewRefused("Đặt tên cho bộ lọc cần lưu", "name")
    if len(name) > MAX_NAME or not control_free(name):
        raise ViewRefused(f"Tên bộ lọc tối đa {MAX_NAME} ký tự, không có ký tự điều khiển",
                          "name")
    return name


def views_of(sessions: sessionmaker[Session], user: str) -> list[View]:
    """The built-in views, then the user's own by name."""
    with sessions() as session:
        own = session.scalars(select(SavedView).where(SavedView.user == user)
                              .order_by(SavedView.name, SavedView.id)).all()
    return [*BUILT_IN, *(View(str(v.id), v.name, v.name, v.query, False) for v in own)]


def save(sessions: sessionmaker[Session], user: str, name: str, query: str) -> View:
    """Keep the filters `query` under `name` for `user` (a view of that name is replaced)."""
    name, query = clean_name(name), clean_query(query)
    if any(name in (v.name, v.name_en) for v in BUILT_IN):
        raise ViewRefused(f"“{name}” là tên của một bộ lọc có sẵn: hãy chọn tên khác", "name")
    with sessions.begin() as session:
        view = session.scalars(select(SavedView).where(SavedView.user == user,
                                                       SavedView.name == name)).first()
        if view is None:
            held = len(session.scalars(select(SavedView.id)
                                       .where(SavedView.user == user)).all())
            if held >= MAX_VIEWS:
                raise ViewRefused(f"Mỗi người lưu tối đa {MAX_VIEWS} bộ lọc: hãy xoá bớt")
            view = SavedView(user=user, name=name, query=query)
            session.add(view)
        else:
            view.query = query
        session.flush()
        return View(str(view.id), view.name, view.name, view.query, False)


def forget(sessions: sessionmaker[Session], user: str, ident: str) -> bool:
    """Delete the user's view `ident`; False when the user has none such (or it is built in)."""
    if not ident.isdigit():
        return False
    with sessions.begin() as session:
        gone = session.execute(delete(SavedView).where(SavedView.user == user,
                                                       SavedView.id == int(ident)))
        return bool(getattr(gone, "rowcount", 0))
