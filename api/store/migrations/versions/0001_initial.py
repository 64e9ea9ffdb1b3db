"""The first schema.

Users, documents (the job queue too), indexes of citations and flags, corrections, the audit
log, and full-text search (SQLite FTS5 / PostgreSQL).

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the schema."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), unique=True),
        sa.Column("password_hash", sa.Text),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(40)),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error_code", sa.String(40)),
        sa.Column("error_message", sa.Text),
        sa.Column("result", sa.JSON),
        sa.Column("text", sa.Text),
        sa.Column("doc_ref", sa.String(80)),
        sa.Column("doc_type", sa.String(60), index=True),
        sa.Column("issuer", sa.String(255)),
        sa.Column("issued_date", sa.String(10), index=True),
        sa.Column("pages", sa.Integer),
        sa.Column("reviewed", sa.Boolean, nullable=False, server_default=sa.false(), index=True),
        sa.Column("reviewed_by", sa.String(120)),
        sa.Column("uploaded_by", sa.String(120)),
        sa.Column("created_at", _TS, nullable=False, index=True),
        sa.Column("updated_at", _TS, nullable=False),
        sa.Column("processing_seconds", sa.Float),
    )
    op.create_table(
        "citation_index",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.String(32),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("ref", sa.String(80), nullable=False, index=True),
        sa.Column("role", sa.String(16), nullable=False),
    )
    op.create_table(
        "flag_index",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.String(32),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("code", sa.String(40), nullable=False, index=True),
        sa.Column("severity", sa.String(10), nullable=False, index=True),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.String(32),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("user", sa.String(120), nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.String(32), index=True),
        sa.Column("user", sa.String(120), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(80)),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("at", _TS, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(document_id UNINDEXED, text, "
                   "tokenize='unicode61 remove_diacritics 0')")
    else:
        op.execute("CREATE INDEX documents_text_fts ON documents "
                   "USING gin (to_tsvector('simple', coalesce(text, '')))")


def downgrade() -> None:
    """Drop the schema."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE documents_fts")
    for table in ("audit", "corrections", "flag_index", "citation_index", "documents", "users"):
        op.drop_table(table)
