import unicodedata

import pytest

from nlp.casing import normal_case
from nlp.normalise import normalise_words


@pytest.mark.parametrize(("read", "fixed"), [
    (["30/CT-T'Tg"], ["30/CT-TTg"]), (["5/QĐ-UB’ND"], ["5/QĐ-UBND"]),
    (["Chi", "thị", "số"], ["Chỉ", "thị", "số"]),
    (["Quyết", "đinh"], ["Quyết", "định"]),
    (["272-QD/TW"], ["272-QĐ/TW"]),
    (["67/2011/QD-TTg"], ["67/2011/QĐ-TTg"]),
    (["05-HD/BĐNTW"], ["05-HD/BĐNTW"]),  # HD is Hướng dẫn, not a slip
    (["4536/2018/QĐÐ-UBND"], ["4536/2018/QĐ-UBND"]),
    (["/TTIr-UBND"], ["/TTr-UBND"]),
    (["215/SCT-VP"], ["215/SCT-VP"]),  # a body's code is left alone
    (["Hoà", "bình"], ["Hòa", "bình"]),
    (["Uỷ", "ban"], ["Ủy", "ban"]),
    (["2O15"], ["2015"]),
    (["(để", "b/C);"], ["(để", "b/c);"]),
])
def test_ocr_slips_are_fixed_word_for_word(read, fixed):
    assert normalise_words(read) == fixed


def test_text_comes_out_nfc_whatever_form_it_went_in():
    decomposed = unicodedata.normalize("NFD", "Quyết định")
    assert normalise_words(decomposed.split()) == ["Quyết", "định"]


def test_a_line_keeps_its_number_of_words():
    line = "Căn cứ Chi thị số 38-CT/TW ngày 21/7/2014 của Bộ Chính trị"
    words = line.split(" ")
    assert len(normalise_words(words)) == len(words)


@pytest.mark.parametrize(("caps", "normal"), [
    ("SỞ NGOẠI VỤ", "Sở Ngoại vụ"),
    ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
    ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("TRƯỜNG ĐẠI HỌC KINH TẾ QUỐC DÂN", "Trường Đại học Kinh tế Quốc dân"),
    ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Bộ Giáo dục và Đào tạo"),
    ("THÀNH ỦY HÀ NỘI", "Thành ủy Hà Nội"),
    ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
    ("PHÓ CHÁNH VĂN PHÒNG", "Phó Chánh Văn phòng"),
    ("BỘ TRƯỞNG, CHỦ NHIỆM", "Bộ trưởng, Chủ nhiệm"),
])
def test_header_capitals_are_written_in_normal_case(caps, normal):
    assert normal_case(caps) == normal
