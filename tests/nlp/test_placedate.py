"""The place-date line: read there alone, never from the body; doubt lowers the confidence."""

import pytest

from nlp.dates import blurred_day_date
from nlp.placedate import is_place
from nlp.read import read_letter
from tests.nlp.fakes import fake_extraction, read_styled

HEADER_LEFT = [("ỦY BAN NHÂN DÂN", 80, 60), ("TỈNH LÂM ĐỒNG", 85, 76), ("Số: 45/QĐ-UBND", 85, 104)]
MOTTO = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60),
         ("Độc lập - Tự do - Hạnh phúc", 330, 76)]
BODY = [("QUYẾT ĐỊNH", 270, 150), ("Về việc ban hành quy chế làm việc", 180, 168),
        ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", 200, 200),
        ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", 100, 230),
        ("Căn cứ Luật Đất đai ngày 29/11/2013;", 100, 248)]
SIGNER = [("CHỦ TỊCH", 380, 500), ("Nguyễn Văn Bình", 370, 560)]


def _fields(place_date: list[tuple[str, float, float]]) -> dict:
    letter = fake_extraction({"header-left": HEADER_LEFT, "header-right": MOTTO + place_date,
                              "body": BODY, "signature": SIGNER})
    return read_letter(letter).fields


def test_a_clean_place_date_line_is_read_with_high_confidence():
    fields = _fields([("Đà Lạt, ngày 05 tháng 3 năm 2024", 320, 104)])
    assert (fields["place"].value, fields["issued_date"].value) == ("Đà Lạt", "2024-03-05")
    assert fields["issued_date"].confidence >= 0.9


def test_a_date_in_figures_on_the_place_date_line_is_read():
    fields = _fields([("Vũng Tàu, ngày 05/3/2024", 320, 104)])
    assert (fields["place"].value, fields["issued_date"].value) == ("Vũng Tàu", "2024-03-05")


def test_without_the_place_date_line_nothing_is_taken_from_the_body():
    fields = _fields([])
    assert fields["place"].value is None and fields["issued_date"].value is None
    assert fields["issuer"].value == "Ủy ban nhân dân tỉnh Lâm Đồng"  # still a letter


@pytest.mark.parametrize("line", [
    "Đà Lạt, ngày      tháng 3 năm 2024",  # left blank for the day to be written in
    "Đà Lạt, ngày 0` tháng 3 năm 2024",  # a handwritten day read as specks
    "Đà Lạt, ngàyà tháng 3 năm 2024",
    "Đà Lạt, ngày {tháng 3 năm 2024",
])
def test_a_day_not_read_gives_the_month_with_low_confidence(line):
    fields = _fields([(line, 320, 104)])
    assert (fields["place"].value, fields["issued_date"].value) == ("Đà Lạt", "2024-03")
    assert fields["issued_date"].confidence < 0.9


def test_a_place_date_line_split_at_its_blank_day_is_joined():
    fields = _fields([("Đà Lạt, ngày", 320, 104), ("tháng 3 năm 2024", 440, 104)])
    assert (fields["place"].value, fields["issued_date"].value) == ("Đà Lạt", "2024-03")


def test_a_day_stamped_into_the_row_as_its_own_piece_is_read_cleanly():
    fields = _fields([("Đà Lạt, ngày", 320, 104), ("21", 400, 104),
                      ("tháng 3 năm 2024", 440, 104)])
    assert fields["issued_date"].value == "2024-03-21"
    assert fields["issued_date"].confidence >= 0.9
    assert fields["issued_date"].text.split("\n") == ["ngày", "21", "tháng 3 năm 2024"]


def test_a_place_date_line_under_the_party_motto():
    letter = fake_extraction({
        "body": [("BAN CHẤP HÀNH TRUNG ƯƠNG", 80, 60), ("*", 150, 76),
                 ("ĐẢNG CỘNG SẢN VIỆT NAM", 330, 60), ("---------------", 380, 76),
                 ("Hà Nội, ngày 12 tháng 8 năm 2023", 320, 92), ("Số 07-HD/TW", 110, 96),
                 ("HƯỚNG DẪN", 270, 150),
                 ("Tăng cường công tác bảo vệ bí mật nhà nước", 180, 168)],
        "signature": [("T/M BAN BÍ THƯ", 380, 500), ("Lê Văn Toàn", 380, 560)]})
    fields = read_letter(letter).fields
    assert (fields["place"].value, fields["issued_date"].value) == ("Hà Nội", "2023-08-12")
    assert fields["issued_date"].confidence >= 0.9


def test_a_row_read_as_one_line_gives_its_place_date_part():
    letter = fake_extraction({
        "body": [("UBND TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 80, 60),
                 ("SỞ NỘI VỤ", 110, 76), ("Độc lập - Tự do - Hạnh phúc", 330, 76),
                 ("Số: 45/SNV-VP Đà Lạt, ngày 05 tháng 3 năm 2024", 85, 104),
                 ("V/v tuyển dụng viên chức", 85, 122)],
        "signature": [("GIÁM ĐỐC", 380, 500), ("Nguyễn Văn Bình", 370, 560)]})
    fields = read_letter(letter).fields
    assert (fields["place"].value, fields["issued_date"].value) == ("Đà Lạt", "2024-03-05")
    assert fields["issuer"].value == "Sở Nội vụ tỉnh Lâm Đồng"


@pytest.mark.parametrize(("text", "ok"), [
    ("Hà Nội", True), ("Thành phố Hồ Chí Minh", True), ("TP. Hồ Chí Minh", True),
    ("chính quyền địa phương", False), ("Căn cứ Luật Tổ chức", False), ("luật", False),
    ("Số 12", False), ("HCSN", False), ("Bà Rịa - Vũng Tàu", True),
])
def test_a_place_is_written_in_capitalised_words(text, ok):
    assert is_place(text) is ok


def test_a_blurred_day_keeps_the_month_only():
    found = blurred_day_date("ngày 3| tháng 12 năm 2024")
    assert found is not None and found.value == "2024-12" and found.day_blank
    assert blurred_day_date("ngày 5 tháng 13 năm 2024") is None


@pytest.mark.parametrize("name", ["place_date_under_party_motto", "blank_day"])
@pytest.mark.parametrize("seed", [41, 42, 43])
def test_generated_place_date_lines_are_read(name, seed):
    letter, fields = read_styled(seed, name)
    assert fields["place"].value == letter.gold["place"]
    assert fields["issued_date"].value == letter.gold["issued_date"]
    assert (fields["issued_date"].confidence >= 0.9) is (name != "blank_day")
