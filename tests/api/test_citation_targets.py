"""A citation's correction is kept under its ref, so that a new reading finds it again."""

from __future__ import annotations

import unicodedata

import pytest

from api.store.review import citation_index, citation_ref, citation_target


def _cited(*refs: str) -> list[dict]:
    return [{"ref": ref, "role": "basis"} for ref in refs]


def test_a_citation_is_named_by_its_ref_and_which_of_that_ref_it_is():
    cited = _cited("295-QĐ/TW", "38-CT/TW", "295-QĐ/TW", "295-QĐ/TW")
    targets = [citation_target(cited, i) for i in range(len(cited))]
    assert targets == ["citations.295-QĐ/TW", "citations.38-CT/TW", "citations.295-QĐ/TW#2",
                       "citations.295-QĐ/TW#3"]
    assert [citation_index(cited, t) for t in targets] == [0, 1, 2, 3]


def test_a_new_reading_in_another_order_finds_the_same_citation():
    first = _cited("295-QĐ/TW", "38-CT/TW")
    target = citation_target(first, 0)
    again = _cited("12-QĐ/TW", "38-CT/TW", "295-QĐ/TW")  # one more before it, another order
    assert again[citation_index(again, target)]["ref"] == "295-QĐ/TW"
    assert citation_index(_cited("12-QĐ/TW", "38-CT/TW"), target) is None  # no longer read


def test_spaces_case_and_unicode_forms_of_a_ref_are_one_ref():
    cited = _cited("295 - QĐ/TW", "15/2023/TT-BTC", "12-NQ/TƯ")
    assert citation_target(cited, 0) == "citations.295-QĐ/TW"
    assert citation_index(cited, "citations.15/2023/tt-btc") == 1
    decomposed = unicodedata.normalize("NFD", "12-NQ/TƯ")
    assert decomposed != "12-NQ/TƯ" and citation_index(cited, f"citations.{decomposed}") == 2
    assert citation_target(_cited(decomposed), 0) == "citations.12-NQ/TƯ"


@pytest.mark.parametrize(("target", "index"), [
    ("citations.0", 0), ("citations.2", 2), ("citations.3", None),  # older rows: a position
    ("citations.295-QĐ/TW#1", 0), ("citations.295-QĐ/TW#4", None), ("citations.", None),
    ("fields.subject", None), ("citations.38-CT/TW#x", None),
])
def test_older_rows_name_a_position_and_odd_targets_name_nothing(target, index):
    assert citation_index(_cited("295-QĐ/TW", "38-CT/TW", "295-QĐ/TW"), target) == index


def test_the_ref_a_target_names():
    assert citation_ref("citations.295-QĐ/TW#2") == "295-QĐ/TW"
    assert citation_ref("citations.38-CT/TW") == "38-CT/TW"
    assert citation_ref("citations.3") == ""


def test_a_citation_read_without_a_ref_keeps_its_position():
    cited = [{"ref": None}, {"ref": "38-CT/TW"}]
    assert citation_target(cited, 0) == "citations.0"
    assert citation_index(cited, "citations.0") == 0
