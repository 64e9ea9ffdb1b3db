"""Full-text search over the text without marks (documents.folded_text): "hoa ky" finds "Hoa Kỳ".

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _fill_fts(column: str) -> None:
    op.execute("DELETE FROM documents_fts")
    op.execute(f"INSERT INTO documents_fts (document_id, text) SELECT id, {column} "  # noqa: S608
               f"FROM documents WHERE {column} IS NOT NULL")


def upgrade() -> None:
    """SQLite's FTS5 table is rebuilt from folded_text; PostgreSQL indexes its tsvector."""
    if op.get_bind().dialect.name == "sqlite":
        _fill_fts("folded_text")
    else:
        op.execute("DROP INDEX IF EXISTS documents_text_fts")
        op.execute("CREATE INDEX documents_folded_fts ON documents "
                   "USING gin (to_tsvector('simple', coalesce(folded_text, '')))")


def downgrade() -> None:
    """Back to searching the text as written."""
    if op.get_bind().dialect.name == "sqlite":
        _fill_fts("text")
    else:
        op.execute("DROP INDEX IF EXISTS documents_folded_fts")
        op.execute("CREATE INDEX documents_text_fts ON documents "
                   "USING gin (to_tsvector('simple', coalesce(text, '')))")
