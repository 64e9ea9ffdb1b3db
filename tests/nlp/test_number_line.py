"""The "Số: …" line: its number and symbol in pieces on the row, or typed with spaces."""

from __future__ import annotations

import pytest

from nlp.read import read_letter
from tests.nlp.fakes import fake_extraction

HEADER_RIGHT = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60),
                ("Độc lập - Tự do - Hạnh phúc", 330, 76),
                ("Cao Lộc, ngày 12 tháng 10 năm 2023", 320, 112)]
BODY = [("Kính gửi: Sở Ngoại vụ.", 120, 190),
        ("Ủy ban nhân dân huyện đề nghị các cơ quan phối hợp thực hiện.", 85, 230)]


def _letter(number_lines: list[tuple[str, float, float]], region: str = "header-left"):
    left = [("ỦY BAN NHÂN DÂN", 70, 60), ("HUYỆN CAO LỘC", 80, 76)]
    regions = {"header-left": left + (number_lines if region == "header-left" else []),
               "header-right": HEADER_RIGHT,
               "body": (number_lines if region == "body" else []) + BODY}
    return {k: v.value for k, v in read_letter(fake_extraction(regions)).fields.items()}


@pytest.mark.parametrize("region", ["header-left", "body"])
def test_a_number_stamped_into_the_blank_is_joined_with_its_line(region):
    # "Số:" typed, the number stamped later in the blank, the symbol after it: three pieces.
    values = _letter([("Số:", 70, 112), ("185", 110, 113), ("/UBND-VP", 150, 112)], region)
    assert (values["doc_ref"], values["doc_number"], values["doc_symbol"]) == (
        "185/UBND-VP", "185", "UBND-VP")
    assert values["issuer"] == "Ủy ban nhân dân huyện Cao Lộc"


def test_a_blank_number_far_from_its_symbol_gives_the_symbol_alone():
    values = _letter([("Số:", 70, 112), ("/UBND-VP", 130, 112)])
    assert (values["doc_ref"], values["doc_number"]) == ("/UBND-VP", None)


@pytest.mark.parametrize(("printed", "ref"), [
    ("Số : 12 /TB - VP", "12/TB-VP"),
    ("Số 17 - CV/BTGTU", "17-CV/BTGTU"),
    ("Số: 7 / 2024 / QĐ - UBND", "7/2024/QĐ-UBND"),
])
def test_a_number_line_typed_with_spaces_gives_the_symbol_without_them(printed, ref):
    assert _letter([(printed, 70, 112)])["doc_ref"] == ref


def test_a_number_on_another_row_is_not_joined():
    values = _letter([("Số:", 70, 112), ("/UBND-VP", 100, 112), ("185", 90, 140)])
    assert values["doc_ref"] == "/UBND-VP"


def test_the_place_date_line_beside_the_number_is_not_joined_to_it():
    # No header columns found: the number and the place-date line are pieces of one body row.
    values = _letter([("Số:", 70, 112), ("185 /UBND-VP", 100, 112),
                      ("Cao Lộc, ngày 12 tháng 10 năm 2023", 190, 112)], "body")
    assert values["doc_ref"] == "185/UBND-VP"
