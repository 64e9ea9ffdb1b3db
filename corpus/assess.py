"""What is wrong with a letter: its citations on its date, its delegation against the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from corpus.checks.citations import check_citations
from corpus.checks.flag import Flag
from corpus.citations import Resolved, resolve_citations
from corpus.registry import Registry, default_registry
from corpus.rules.check import Letter, check_rules, trip_kind
from corpus.rules.model import Rule, load_rules
from nlp.delegation import body_text
from nlp.read import Reading


@dataclass(frozen=True)
class Assessment:
    """The letter's resolved citations and its flags."""

    citations: list[Resolved]
    flags: list[Flag]
    delegation: dict[str, Any] | None = None

    def citations_list(self) -> list[dict[str, Any]]:
        """The contract's `citations`."""
        return [r.to_dict() for r in self.citations]

    def flags_list(self) -> list[dict[str, Any]]:
        """The contract's `flags`."""
        return [f.to_dict() for f in self.flags]


def _full_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 \
            else None
    except ValueError:
        return None


def assess(reading: Reading, registry: Registry | None = None, *,
           today: date | None = None, rules: list[Rule] | None = None) -> Assessment:
    """Resolve the letter's citations on its date and check them; check the trip it read."""
    registry = registry if registry is not None else default_registry()
    issued_field = reading.fields["issued_date"]
    issued = issued_field.value
    resolved = resolve_citations(reading.citations, registry, issued, today=today,
                                 date_confidence=issued_field.confidence or 0.0)
    flags = check_citations(resolved, registry)
    body = body_text(reading.sheet)
    delegation = reading.delegation
    if delegation is not None:
        letter = Letter(trip_kind(reading.fields["doc_type"].value,
                                  reading.fields["subject"].value),
                        _full_date(issued), reading.fields["issuer"].value,
                        " ".join(body.split()), delegation, reading.fields["place"].value)
        flags += check_rules(letter, rules if rules is not None else load_rules())
    return Assessment(resolved, flags, delegation)
