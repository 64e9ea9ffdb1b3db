"""Running the Alembic migrations at start, on whichever database is configured."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database's schema to the newest revision (or to `revision`)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("api.store") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
