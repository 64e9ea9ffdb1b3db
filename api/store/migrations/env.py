"""Alembic environment: the engine comes from the caller (api.store.migrate), never from a file."""

from __future__ import annotations

from alembic import context

from api.store.db import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
