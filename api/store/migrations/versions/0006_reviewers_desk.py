"""The reviewer's desk: notes on a letter, an assignee, saved views, text searchable without marks.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from nlp.unmarked import fold

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add notes, saved views, documents.assignee and documents.folded_text (filled)."""
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.String(32),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("user", sa.String(120), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user", sa.String(120), nullable=False, index=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("query", sa.String(2000), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.UniqueConstraint("user", "name", name="saved_views_user_name"),
    )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("assignee", sa.String(120), nullable=True))
        batch.add_column(sa.Column("folded_text", sa.Text, nullable=True))
        batch.create_index("ix_documents_assignee", ["assignee"])
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, text FROM documents WHERE text IS NOT NULL")).all()
    for ident, content in rows:
        bind.execute(sa.text("UPDATE documents SET folded_text = :f WHERE id = :i"),
                     {"f": fold(content), "i": ident})


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_assignee")
        batch.drop_column("folded_text")
        batch.drop_column("assignee")
    op.drop_table("saved_views")
    op.drop_table("notes")
