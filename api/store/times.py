"""Times as the API writes them: ISO 8601 with their zone (stored times are UTC)."""

from __future__ import annotations

from datetime import UTC, datetime


def zoned(moment: datetime | None) -> str | None:
    """`2026-12-07T14:07:30+00:00`: a stored time in UTC with its offset.

    SQLite keeps no zone: a naive time read back from it is UTC, as every time is stored.
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()
