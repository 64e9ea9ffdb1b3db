"""The service on SQLite and on PostgreSQL with one user of each role, for the API's tests;
and the archive alone (`made`, `db`) for the store's own tests.

A test module that defines its own `service` or `database_url` uses its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from api.http.app import create_app
from api.settings import load_settings
from api.store import auth
from api.store.db import Document, make_engine, sessions
from api.store.migrate import upgrade
from tests.pg import fresh_database


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'congvan.db'}"
        return
    with fresh_database() as url:
        yield url


@pytest.fixture(scope="module")
def service(database_url, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    settings = replace(load_settings({"CONGVAN_DATA_DIR": str(data)}),
                       database_url=database_url, workers=2, max_upload_mb=2)
    app = create_app(settings)
    with TestClient(app) as client:
        state = app.state.service
        tokens = {r: auth.add_user(state.sessions, f"{r}-user", r)
                  for r in ("uploader", "reviewer", "admin")}
        yield client, tokens


def bearer(tokens, role="uploader"):
    """The Authorization header of the user with `role`."""
    return {"Authorization": f"Bearer {tokens[role]}"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql",
                                                               marks=pytest.mark.heavy)])
def archive_url(request, tmp_path_factory) -> Iterator[str]:
    """A database for the store's own tests (no service): SQLite, and PostgreSQL as heavy."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'congvan.db'}"
        return
    with fresh_database() as url:
        yield url


@pytest.fixture(scope="module")
def made(archive_url) -> Iterator[sessionmaker[Session]]:
    """The archive's sessions, on a migrated database."""
    engine = make_engine(archive_url)
    upgrade(engine)
    yield sessions(engine)
    engine.dispose()


@pytest.fixture
def db(made) -> Iterator[Session]:
    """A session on an empty archive."""
    with made.begin() as session:
        session.execute(delete(Document))
    with made() as session:
        yield session
