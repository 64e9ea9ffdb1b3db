"""A letter's way from what extract/ read to the contract: read it, assess it, write it down.

The one place the steps after extraction are put together: the workers (in-process pool,
Celery), `congvan extract` and the benchmarks all call `understand`; `api/contract.py` only
writes down what the steps give it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corpus.assess import Assessment
    from extract.model import Extraction
    from nlp.read import Reading


@dataclass(frozen=True)
class Understood:
    """What a letter says and what is wrong with it: the contract object and its parts."""

    document: dict[str, Any]
    reading: Reading
    assessment: Assessment

    @property
    def text(self) -> str:
        """The letter's text, as its fields were read from (for search)."""
        return self.reading.sheet.text


def understand(extraction: Extraction, *, data_dir: Path | None = None) -> Understood:
    """Read the letter's fields, citations and delegation; check them; build the contract.

    Citations are checked against the registry of `data_dir` (shipped + administrators'
    overlay) and trips against its rules; without one, against the shipped ones.
    """
    from api import contract
    from corpus.assess import assess
    from corpus.registry.store import registry_for
    from corpus.rules.model import load_rules
    from nlp.read import read_letter

    reading = read_letter(extraction)
    if data_dir is None:
        assessment = assess(reading)
    else:
        assessment = assess(reading, registry_for(data_dir), rules=load_rules(data_dir))
    return Understood(contract.document(extraction, reading, assessment), reading, assessment)
