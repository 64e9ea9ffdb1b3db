"""Letters the corpus writes, read end to end: citations resolved on the letter's date, flagged."""

import dataclasses
from datetime import date

import pytest

from api.pipeline import understand
from corpus.checks.citations import SURE_DATE
from corpus.synth.build import corpus_scan_style, scanned
from corpus.synth.compose import Block, Letter, compose
from corpus.synth.render import render
from extract.pipeline import extract_file


def _read(tmp_path, letter: Letter, *, scan: bool = False) -> dict:
    if scan:
        data, _ = scanned(letter, dataclasses.replace(corpus_scan_style(letter), seal=False),
                          seed=7)
    else:
        data, _ = render(letter)
    path = tmp_path / f"{letter.key}.pdf"
    path.write_bytes(data)
    return understand(extract_file(path)).document


def _flags(doc: dict, code: str) -> list[dict]:
    return [f for f in doc["flags"] if f["code"] == code]


def _citation(doc: dict, ref: str) -> dict:
    found = [c for c in doc["citations"] if c["ref"] == ref]
    assert len(found) == 1, doc["citations"]
    return found[0]


def _damaged(letter: Letter, old: str, new: str) -> Letter:
    """The letter with one reference printed as OCR would misread it."""
    blocks = [dataclasses.replace(b, lines=tuple(t.replace(old, new) for t in b.lines))
              if isinstance(b, Block) else b for b in letter.blocks]
    return dataclasses.replace(letter, blocks=blocks)


def test_a_2012_letter_citing_295_is_not_flagged(tmp_path):
    doc = _read(tmp_path, compose(11, issued=date(2012, 5, 14), cites=["295-QĐ/TW"],
                                  replaced_mention=False))
    c = _citation(doc, "295-QĐ/TW")
    assert c["role"] == "basis"
    assert c["registry"]["status_on_date"] == "in_force"
    assert doc["flags"] == []


@pytest.mark.parametrize("issued", [date(2016, 3, 9), date(2024, 3, 12)])
def test_later_letters_relying_on_295_are_flagged_superseded_by_272(tmp_path, issued):
    doc = _read(tmp_path, compose(12, issued=issued, cites=["295-QĐ/TW"],
                                  replaced_mention=False))
    [flag] = _flags(doc, "superseded_citation")
    assert flag["severity"] == "error"
    assert flag["ref"] == "295-QĐ/TW"
    assert "272-QĐ/TW" in flag["message"] and "21/01/2015" in flag["message"]
    assert flag["evidence"]["replaced_by"] == ["272-QĐ/TW"]
    assert flag["evidence"]["since"] == "2015-01-21"
    assert flag["evidence"]["how"] == "primary_letter"
    assert flag["page"] == 1 and flag["bbox"] is not None
    c = _citation(doc, "295-QĐ/TW")
    assert c["registry"]["status_on_date"] == "superseded"
    assert c["registry"]["replaced_by"] == ["272-QĐ/TW"]


@pytest.mark.parametrize("issued", [date(2016, 3, 9), date(2024, 3, 12)])
def test_the_short_form_qd_295_is_resolved_and_flagged_too(tmp_path, issued):
    doc = _read(tmp_path, compose(13, issued=issued, short_only="295-QĐ/TW"))
    c = _citation(doc, "295-QĐ/TW")
    assert c["registry"]["match"] == "short_form"
    [flag] = _flags(doc, "superseded_citation")
    assert "272-QĐ/TW" in flag["message"]


def test_a_letter_saying_272_replaced_295_is_not_flagged(tmp_path):
    doc = _read(tmp_path, compose(14, issued=date(2024, 3, 12), cites=["272-QĐ/TW"],
                                  replaced_mention=True))
    assert _citation(doc, "295-QĐ/TW")["role"] == "replaced"
    assert _citation(doc, "272-QĐ/TW")["role"] == "basis"
    assert doc["flags"] == []


def test_a_wrong_date_on_272_is_a_date_mismatch(tmp_path):
    doc = _read(tmp_path, compose(15, issued=date(2019, 6, 3), cites=["272-QĐ/TW"],
                                  wrong_date="272-QĐ/TW", replaced_mention=False))
    [flag] = _flags(doc, "citation_date_mismatch")
    assert flag["severity"] == "warning"
    assert flag["evidence"]["cited_date"] == "2016-01-21"
    assert flag["evidence"]["registry_date"] == "2015-01-21"
    assert [f["code"] for f in doc["flags"]] == ["citation_date_mismatch"]


def test_an_ocr_damaged_ref_resolves_as_fuzzy(tmp_path):
    letter = _damaged(compose(16, issued=date(2019, 6, 3), cites=["295-QĐ/TW"],
                              replaced_mention=False), "295-QĐ/TW", "Z95-QD/TW")
    doc = _read(tmp_path, letter)
    [c] = [c for c in doc["citations"] if c["number"] == "295"]
    assert c["ref"] in ("Z95-QD/TW", "Z95-QĐ/TW")  # as printed
    assert c["registry"]["id"] == "295-QĐ/TW" and c["registry"]["match"] == "fuzzy"
    assert 0 < c["registry"]["score"] < 100
    assert [f["ref"] for f in _flags(doc, "superseded_citation")] == [c["ref"]]


def test_a_damaged_digit_stays_unresolved_and_is_not_turned_into_another_instrument(tmp_path):
    letter = _damaged(compose(17, issued=date(2019, 6, 3), cites=["272-QĐ/TW"],
                              replaced_mention=False), "272-QĐ/TW", "273-QĐ/TW")
    doc = _read(tmp_path, letter)
    c = _citation(doc, "273-QĐ/TW")
    assert c["registry"] is None
    assert [(f["code"], f["severity"], f["ref"]) for f in doc["flags"]] == [
        ("unknown_citation", "info", "273-QĐ/TW")]


def test_a_kind_that_does_not_fit_its_symbol(tmp_path):
    letter = _damaged(compose(18, issued=date(2019, 6, 3), cites=["38-CT/TW"],
                              replaced_mention=False), "Chỉ thị số 38-CT/TW",
                      "Quyết định số 38-CT/TW")
    doc = _read(tmp_path, letter)
    assert [f["code"] for f in doc["flags"]] == ["citation_kind_mismatch"]


def test_a_citation_dated_after_the_letter(tmp_path):
    doc = _read(tmp_path, compose(19, issued=date(2021, 6, 3), cites=["86-QĐ/TW"],
                                  replaced_mention=False))
    # Quy định 86 of 28/10/2022 printed in a 2021 letter: the printed date picks the 2022 one
    # (not the 2017 one of the same number), which did not exist yet.
    [flag] = doc["flags"]
    assert (flag["code"], flag["severity"]) == ("future_citation", "error")
    assert _citation(doc, "86-QĐ/TW")["registry"]["id"] == "86-QĐ/TW@2022-10-28"


def test_a_repealed_decree_after_its_repeal(tmp_path):
    doc = _read(tmp_path, compose(20, issued=date(2021, 6, 3), cites=["09/2010/NĐ-CP"],
                                  replaced_mention=False))
    [flag] = _flags(doc, "repealed_citation")
    assert flag["severity"] == "error"
    assert "05/03/2020" in flag["message"] and "30/2020/NĐ-CP" in flag["message"]


@pytest.mark.slow
def test_a_200_dpi_scan_relying_on_295_is_flagged(tmp_path):
    doc = _read(tmp_path, compose(21, issued=date(2018, 9, 4), cites=["295-QĐ/TW"],
                                  replaced_mention=False), scan=True)
    assert [f["ref"] for f in _flags(doc, "superseded_citation")] == ["295-QĐ/TW"]
    c = _citation(doc, "295-QĐ/TW")
    assert c["date"] == "2010-03-23"
    assert c["page"] == 1


# --- Flags that rest on the letter's own date ------------------------------------------------

def _dated_letter(seed: int, issued: date, place_date_day: str, sentence: str) -> Letter:
    """A letter whose place-date line prints `place_date_day` as its day, citing `sentence`."""
    letter = compose(seed, issued=issued, cites=["30/2020/NĐ-CP"], replaced_mention=False)
    blocks = list(letter.blocks)
    at = next(i for i, b in enumerate(blocks) if b.region == "header-right"
              and f"năm {issued.year}" in b.lines[0])
    place = blocks[at].lines[0].split(",")[0]
    blocks[at] = dataclasses.replace(
        blocks[at], lines=(f"{place}, ngày {place_date_day} tháng {issued.month} năm "
                           f"{issued.year}",))
    first = next(i for i, b in enumerate(blocks) if b.region == "body" and b.align == "justify")
    blocks.insert(first, Block("body", (sentence,), "regular", 14, align="justify", wrap=True,
                               indent=28, space_before=18))
    return dataclasses.replace(letter, blocks=blocks)


def test_a_letter_dated_by_month_only_stands_for_the_whole_month(tmp_path):
    doc = _read(tmp_path, _dated_letter(
        31, date(2023, 9, 20), "     ",
        "Thực hiện Công văn số 45/UBND-VP ngày 08/9/2023 của Ủy ban nhân dân tỉnh; Công văn số "
        "46/UBND-VP ngày 05/10/2023 của Ủy ban nhân dân tỉnh;"))
    issued = doc["fields"]["issued_date"]
    assert issued["value"] == "2023-09"
    # 08/09/2023 may well be before the letter's day; 05/10/2023 is after the whole month.
    [flag] = _flags(doc, "future_citation")
    assert flag["ref"] == "46/UBND-VP"
    # An error only if the reader is sure of the letter's own date (a blank day may not be).
    sure = issued["confidence"] >= SURE_DATE
    assert flag["severity"] == ("error" if sure else "warning")
    assert "tháng 09/2023" in flag["message"]
    assert ("chưa chắc chắn" in flag["message"]) is not sure


def test_an_instrument_signed_in_the_letter_s_month_is_in_force_not_future(tmp_path):
    doc = _read(tmp_path, _dated_letter(
        32, date(2022, 10, 30), "     ",
        "Căn cứ Quy định số 86-QĐ/TW ngày 28/10/2022 của Ban Bí thư;"))
    assert doc["fields"]["issued_date"]["value"] == "2022-10"
    assert _flags(doc, "future_citation") == []
    assert _citation(doc, "86-QĐ/TW")["registry"]["status_on_date"] == "in_force"


def test_the_same_citation_in_a_letter_dated_to_the_day_before_it_is_future(tmp_path):
    doc = _read(tmp_path, _dated_letter(
        32, date(2022, 10, 20), "20",
        "Căn cứ Quy định số 86-QĐ/TW ngày 28/10/2022 của Ban Bí thư;"))
    [flag] = _flags(doc, "future_citation")
    assert (flag["ref"], flag["severity"]) == ("86-QĐ/TW", "error")
