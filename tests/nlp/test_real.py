"""Floors on real letters: the born-digital and scanned parts of the real development set.

The documents and their hand-read gold stay outside the project (their text is not ours to
copy): the test reads them where bench.real finds them (`$CONGVAN_REALDEV`, else
`../shared/realdev`) and asserts the figures measured when the readers last changed, so that
nothing slips back. The floors are shares over the set; no document's text appears here.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.real import default_folder, measure, summary
from corpus.realgold import SCALAR, Scored

pytestmark = pytest.mark.slow

#: Field accuracy on the 13 born-digital documents, as measured (issue 18).
FIELD_FLOORS: dict[str, float] = dict.fromkeys(SCALAR, 1.0)
CITATION_F1_FLOOR = 1.0
CITATION_PRECISION_FLOOR = 1.0
#: Delegation parts (no letter of the set proposes a trip: none may be read).
DELEGATION_FLOOR = 1.0


def _read(kind: str, at_least: int) -> list[Scored]:
    """Every document of the set of `kind`, read and scored."""
    folder = default_folder()
    if not folder.is_dir():
        pytest.skip(f"the real development set is not on this machine ({folder}; "
                    "set CONGVAN_REALDEV)")
    results = measure(folder, kinds=(kind,))
    assert len(results) >= at_least, f"the set's {kind} part is smaller than it was"
    return results


@pytest.fixture(scope="module")
def born_digital() -> list[Scored]:
    """Every born-digital document of the set, read and scored."""
    return _read("born-digital", 10)


@pytest.fixture(scope="module")
def figures(born_digital: list[Scored]) -> dict[str, Any]:
    """The set's figures."""
    return summary(born_digital)


@pytest.mark.parametrize("name", SCALAR)
def test_header_field_floor(figures: dict[str, Any], born_digital: list[Scored],
                            name: str) -> None:
    misses = {r.name: r.misses[name] for r in born_digital if name in r.misses}
    assert figures["fields"][name] >= FIELD_FLOORS[name], misses


def test_citation_floor(figures: dict[str, Any], born_digital: list[Scored]) -> None:
    c = figures["citations"]
    wrong = {r.name: (r.cit_missed, r.cit_extra) for r in born_digital
             if r.cit_missed or r.cit_extra}
    assert c["f1"] >= CITATION_F1_FLOOR, wrong
    assert c["precision"] >= CITATION_PRECISION_FLOOR, wrong


def test_no_field_filled_where_the_letter_has_none(born_digital: list[Scored]) -> None:
    filled = [(r.name, name, got) for r in born_digital for name, (want, got) in r.misses.items()
              if want is None]
    assert filled == []


def test_no_false_error_flag(born_digital: list[Scored]) -> None:
    # None of these letters cites an instrument replaced, repealed or dated after it.
    errors = [(r.name, f["code"], f.get("ref")) for r in born_digital for f in r.error_flags]
    assert errors == []


def test_delegation_parts_and_no_delegation_where_no_trip(born_digital: list[Scored]) -> None:
    marks = [ok for r in born_digital for ok in r.delegation.values()]
    assert [r.name for r in born_digital if not r.delegation["present"]] == []
    assert sum(marks) / len(marks) >= DELEGATION_FLOOR


#: Field accuracy on the 18 scans (issue 19), as measured: the numbers and days are written by
#: hand on every one of them.
SCAN_FIELD_FLOORS: dict[str, float] = {
    **dict.fromkeys(SCALAR, 1.0),
    "doc_ref": 0.94, "issued_date": 0.66, "issuer": 0.94, "signer_name": 0.83,
    "signer_title": 0.88,
}
SCAN_CITATION_F1_FLOOR = 0.88


@pytest.fixture(scope="module")
def scans() -> list[Scored]:
    """Every scanned document of the set, read and scored."""
    return _read("scanned", 15)


@pytest.mark.parametrize("name", SCALAR)
def test_scanned_header_field_floor(scans: list[Scored], name: str) -> None:
    misses = {r.name: r.misses[name] for r in scans if name in r.misses}
    assert summary(scans)["fields"][name] >= SCAN_FIELD_FLOORS[name], misses


def test_scanned_citation_floor(scans: list[Scored]) -> None:
    wrong = {r.name: (r.cit_missed, r.cit_extra) for r in scans if r.cit_missed or r.cit_extra}
    assert summary(scans)["citations"]["f1"] >= SCAN_CITATION_F1_FLOOR, wrong


def test_no_false_error_flag_on_scans(scans: list[Scored]) -> None:
    errors = [(r.name, f["code"], f.get("ref")) for r in scans for f in r.error_flags]
    assert errors == []
