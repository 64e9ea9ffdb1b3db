"""Proposed registry and rule changes read from letters; what each citation says of itself.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the proposals table and citation_index's kind, date, issuer and registry status."""
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("document_id", sa.String(32),
                  sa.ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("bbox", sa.JSON, nullable=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("decided_by", sa.String(120), nullable=True),
        sa.Column("decided_at", _TS, nullable=True),
        sa.Column("created_at", _TS, nullable=False),
    )
    with op.batch_alter_table("citation_index") as batch:
        batch.add_column(sa.Column("kind", sa.String(60), nullable=True))
        batch.add_column(sa.Column("issued_date", sa.String(10), nullable=True))
        batch.add_column(sa.Column("issuer", sa.String(255), nullable=True))
        batch.add_column(sa.Column("registry_status", sa.String(16), nullable=True))


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("citation_index") as batch:
        for column in ("registry_status", "issuer", "issued_date", "kind"):
            batch.drop_column(column)
    op.drop_table("proposals")
