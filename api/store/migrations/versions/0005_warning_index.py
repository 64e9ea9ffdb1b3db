"""The files' warnings indexed, so the list filters on them ("every broken signature").

Revision ID: 0005
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the index and fill it from the letters already read."""
    op.create_table(
        "warning_index",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.String(32),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
    )
    op.create_index("ix_warning_index_document_id", "warning_index", ["document_id"])
    op.create_index("ix_warning_index_code", "warning_index", ["code"])
    connection = op.get_bind()
    table = sa.table("warning_index", sa.column("document_id"), sa.column("code"))
    last = ""
    while True:  # a page of letters at a time: an archive's results are not all held at once
        rows = connection.execute(sa.text(
            "SELECT id, result FROM documents WHERE status = 'done' AND result IS NOT NULL "
            "AND id > :last ORDER BY id LIMIT 500"), {"last": last}).all()
        if not rows:
            break
        last = rows[-1][0]
        for ident, result in rows:
            loaded = json.loads(result) if isinstance(result, str) else result
            codes = {w["code"] for w in (loaded or {}).get("warnings") or []}
            if codes:
                connection.execute(table.insert(), [{"document_id": ident, "code": c}
                                                    for c in sorted(codes)])


def downgrade() -> None:
    """Drop it."""
    op.drop_table("warning_index")
