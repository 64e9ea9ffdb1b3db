"""Secrecy and urgency marks: alone, together on one line, framed; never from a footer."""

import pytest

from nlp.marks import marks_of
from tests.nlp.fakes import read_styled


@pytest.mark.parametrize(("line", "marks"), [
    ("MẬT", {"confidentiality": "Mật"}),
    ("KHẨN  MẬT", {"urgency": "Khẩn", "confidentiality": "Mật"}),
    ("HỎA TỐC - TỐI MẬT", {"urgency": "Hỏa tốc", "confidentiality": "Tối mật"}),
    ("[THƯỢNG KHẨN]  [MẬT]", {"urgency": "Thượng khẩn", "confidentiality": "Mật"}),
    ("| TUYỆT MẬT |", {"confidentiality": "Tuyệt mật"}),
    ("HOẢ TỐC", {"urgency": "Hỏa tốc"}),
])
def test_a_line_of_marks_gives_each(line, marks):
    assert marks_of(line) == marks


@pytest.mark.parametrize("line", [
    "Văn bản lưu hành nội bộ, không phổ biến, MẬT",
    "MẬT KHẨU", "MẬT MẬT", "Khẩn trương triển khai", "",
])
def test_a_line_with_other_words_holds_no_mark(line):
    assert marks_of(line) is None


@pytest.mark.parametrize("seed", [31, 32, 33])
def test_generated_marks_on_one_line_are_read(seed):
    letter, fields = read_styled(seed, "marks_on_one_line")
    assert fields["urgency"].value == letter.gold["urgency"]
    assert fields["confidentiality"].value == letter.gold["confidentiality"]
