"""Opening the service's parts, once, for every way in: the HTTP app, Celery, ingest, users.

The database (its schema brought up to date), its sessions and the store of originals.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.settings import Settings, load_settings
from api.store.db import make_engine, sessions
from api.store.migrate import upgrade
from api.store.originals import Store


@dataclass(frozen=True)
class Opened:
    """What every entry into the service starts from."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    store: Store

    def close(self) -> None:
        """Let the database's connections go."""
        self.engine.dispose()


def open_service(settings: Settings | None = None) -> Opened:
    """The settings (from the environment by default), the database migrated, the store."""
    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return Opened(settings, engine, sessions(engine),
                  Store(settings.originals, settings.store_url))
