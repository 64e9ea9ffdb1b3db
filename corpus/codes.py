"""The codes of the flags a letter can get.

One list, read by the checks, the rules, the evaluation and the reviewer pages.
"""

from __future__ import annotations

from enum import StrEnum


class FlagCode(StrEnum):
    """What is wrong with a letter: its citations (corpus/checks), its trip (corpus/rules)."""

    SUPERSEDED_CITATION = "superseded_citation"
    REPEALED_CITATION = "repealed_citation"
    CITATION_DATE_MISMATCH = "citation_date_mismatch"
    CITATION_ISSUER_MISMATCH = "citation_issuer_mismatch"
    CITATION_KIND_MISMATCH = "citation_kind_mismatch"
    FUTURE_CITATION = "future_citation"
    UNKNOWN_CITATION = "unknown_citation"
    TWO_KEY_LEADERS = "two_key_leaders"
    ENTERPRISE_FUNDED = "enterprise_funded"
    MISSING_WORK_PROGRAM = "missing_work_program"
    RELATIVES_IN_DELEGATION = "relatives_in_delegation"
    LATE_TRIP_REPORT = "late_trip_report"
    RESTRICTED_PERIOD = "restricted_period"


#: The flags the citation checks raise.
CITATION_FLAGS: tuple[str, ...] = tuple(c.value for c in FlagCode if "citation" in c.value)
#: The checks a trip rule can run, which are also the flag codes they raise.
RULE_FLAGS: tuple[str, ...] = (
    FlagCode.MISSING_WORK_PROGRAM, FlagCode.TWO_KEY_LEADERS, FlagCode.ENTERPRISE_FUNDED,
    FlagCode.RELATIVES_IN_DELEGATION, FlagCode.LATE_TRIP_REPORT, FlagCode.RESTRICTED_PERIOD)
