"""The trips tables (a letter's trip and its countries), and documents indexed for statistics.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.store import trips

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: How many letters' delegations are read at a time while the table is filled.
BATCH = 1000


def upgrade() -> None:
    """Create the tables and fill them from the delegations of the letters already read.

    No correction of a delegation can be older than these tables (its parts became correctable
    with them), so the rows are the machine's: api/store/trips.py makes them as a new reading
    does, with the letter's issued date as listed. Only each letter's `delegation` is read, a
    page of letters at a time. Two indexes on documents let the statistics find a period's
    letters, and the letters whose reading ended on a day, without reading their rows.
    """
    op.create_table(
        "trips",
        sa.Column("document_id", sa.String(32),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("issued_date", sa.String(10), nullable=True),
        sa.Column("start_month", sa.String(7), nullable=True),
        sa.Column("funding", sa.Text, nullable=False),
    )
    op.create_table(
        "trip_countries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.String(32),
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("issued_date", sa.String(10), nullable=True),
        sa.Column("country", sa.Text, nullable=False),
    )
    op.create_index("ix_trip_countries_document_id", "trip_countries", ["document_id"])
    op.create_index("ix_documents_period", "documents", ["status", "issued_date", "id", "issuer"])
    op.create_index("ix_documents_settled", "documents", ["status", "updated_at"])
    connection = op.get_bind()
    documents = sa.table("documents", sa.column("id", sa.String), sa.column("status", sa.String),
                         sa.column("issued_date", sa.String), sa.column("result", sa.JSON))
    trip_rows = sa.table("trips", sa.column("document_id"), sa.column("issued_date"),
                         sa.column("start_month"), sa.column("funding"))
    country_rows = sa.table("trip_countries", sa.column("document_id"),
                            sa.column("issued_date"), sa.column("country"))
    last = ""
    while True:
        # Paged on the primary key alone: a filter on the status could lead the planner to
        # another index, and every page to run through the whole table.
        page = connection.execute(
            sa.select(documents.c.id, documents.c.status, documents.c.issued_date,
                      documents.c.result["delegation"])
            .where(documents.c.id > last).order_by(documents.c.id).limit(BATCH)).all()
        if not page:
            break
        last = page[-1][0]
        made = [(ident, issued, trip) for ident, status, issued, delegation in page
                if status == "done" and (trip := trips.row(delegation)) is not None]
        if made:
            connection.execute(trip_rows.insert(), [
                {"document_id": ident, "issued_date": issued, "start_month": t.start_month,
                 "funding": t.funding} for ident, issued, t in made])
        named = [{"document_id": ident, "issued_date": issued, "country": c}
                 for ident, issued, t in made for c in t.countries]
        if named:
            connection.execute(country_rows.insert(), named)
    # After the rows are in: an index is built once, not kept up row by row.
    op.create_index("ix_trips_period", "trips", ["issued_date", "start_month", "funding"])
    op.create_index("ix_trip_countries_period", "trip_countries", ["issued_date", "country"])


def downgrade() -> None:
    """Drop what upgrade made."""
    op.drop_index("ix_trip_countries_period", "trip_countries")
    op.drop_index("ix_trips_period", "trips")
    op.drop_index("ix_documents_settled", "documents")
    op.drop_index("ix_documents_period", "documents")
    op.drop_table("trip_countries")
    op.drop_table("trips")
