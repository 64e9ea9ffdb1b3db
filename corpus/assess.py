"""What is wrong with a letter: its citations resolved on its date, and the flags they raise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from corpus.checks.citations import check_citations
from corpus.checks.flag import Flag
from corpus.citations import Resolved, resolve_citations
from corpus.registry import Registry, default_registry
from nlp.read import Reading


@dataclass(frozen=True)
class Assessment:
    """The letter's resolved citations and its flags."""

    citations: list[Resolved]
    flags: list[Flag]

    def citations_list(self) -> list[dict[str, Any]]:
        """The contract's `citations`."""
        return [r.to_dict() for r in self.citations]

    def flags_list(self) -> list[dict[str, Any]]:
        """The contract's `flags`."""
        return [f.to_dict() for f in self.flags]


def assess(reading: Reading, registry: Registry | None = None, *,
           today: date | None = None) -> Assessment:
    """Resolve the letter's citations on its date and check them."""
    registry = registry if registry is not None else default_registry()
    issued = reading.fields["issued_date"].value
    resolved = resolve_citations(reading.citations, registry, issued, today=today)
    return Assessment(resolved, check_citations(resolved, registry))
