"""Subjects under an instrument's title: plain, quoted or in capitals, closed where they end."""

import pytest

from nlp.read import read_letter
from tests.nlp.fakes import fake_extraction, read_styled

LEFT = [("UBND TỈNH LÂM ĐỒNG", 70, 60), ("SỞ NỘI VỤ", 100, 76), ("Số: 12/KH-SNV", 90, 104)]
RIGHT = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60),
         ("Độc lập - Tự do - Hạnh phúc", 330, 76), ("Đà Lạt, ngày 05 tháng 3 năm 2024", 320, 104)]
SIGNER = [("GIÁM ĐỐC", 380, 500), ("Nguyễn Văn Bình", 370, 560)]


def _subject(body: list[tuple[str, float, float]], left=LEFT) -> str | None:
    letter = fake_extraction({"header-left": left, "header-right": RIGHT, "body": body,
                              "signature": SIGNER})
    return read_letter(letter).fields["subject"].value


def test_a_subject_over_two_lines_stops_at_the_rule():
    assert _subject([("KẾ HOẠCH", 270, 150), ("Tổ chức hội nghị tổng kết công tác", 170, 166),
                     ("cải cách hành chính năm 2024", 190, 182), ("-----", 280, 198),
                     ("- Căn cứ chức năng, nhiệm vụ được giao;", 100, 212)]) == (
        "tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2024")


def test_a_subject_stops_at_the_addressee_and_the_authority_line():
    assert _subject([("TỜ TRÌNH", 270, 150), ("Về việc đề nghị phê duyệt đề án", 180, 166),
                     ("Kính gửi: Ủy ban nhân dân tỉnh", 200, 182)]) == "đề nghị phê duyệt đề án"
    assert _subject([("QUYẾT ĐỊNH", 270, 150), ("Ban hành quy chế làm việc", 180, 166),
                     ("GIÁM ĐỐC SỞ NỘI VỤ TỈNH LÂM ĐỒNG", 160, 182)]) == (
        "ban hành quy chế làm việc")


@pytest.mark.parametrize(("printed", "value"), [
    ("“Tăng cường công tác bảo vệ bí mật nhà nước”", "tăng cường công tác bảo vệ bí mật nhà nước"),
    ("TĂNG CƯỜNG KỶ LUẬT PHÁT NGÔN", "TĂNG CƯỜNG KỶ LUẬT PHÁT NGÔN"),
])
def test_a_party_subject_in_quotes_or_capitals(printed, value):
    assert _subject([("HƯỚNG DẪN", 270, 150), (printed, 150, 166),
                     ("-----", 280, 182)]) == value


def test_an_authority_line_under_the_title_is_not_a_subject():
    assert _subject([("QUYẾT ĐỊNH", 270, 150), ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", 200, 170),
                     ("Căn cứ Luật Tổ chức chính quyền địa phương;", 100, 190)]) is None


def test_a_vv_subject_beside_the_place_date_line_is_not_joined_to_it():
    left = [("UBND TỈNH LÂM ĐỒNG", 70, 60), ("SỞ NỘI VỤ", 100, 76), ("Số: 12/SNV-VP", 90, 92),
            ("V/v tuyển dụng viên chức", 70, 105), ("năm 2024", 110, 119)]
    letter = fake_extraction({"header-left": left, "header-right": [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60), ("Độc lập - Tự do - Hạnh phúc", 330, 76),
        ("Đà Lạt, ngày 05 tháng 3 năm 2024", 320, 107)], "signature": SIGNER})
    fields = read_letter(letter).fields
    assert fields["subject"].value == "tuyển dụng viên chức năm 2024"
    assert fields["issued_date"].value == "2024-03-05"


@pytest.mark.parametrize("name", ["instrument_subject_plain", "subject_closed_by_rule"])
@pytest.mark.parametrize("seed", [21, 22, 23])
def test_generated_instrument_subjects_are_read(name, seed):
    letter, fields = read_styled(seed, name)
    assert fields["doc_type"].value == letter.gold["doc_type"]
    assert fields["subject"].value == letter.gold["subject"]


def test_a_centred_title_read_into_the_right_column_is_still_the_title():
    letter = fake_extraction({
        "header-left": LEFT,
        "header-right": RIGHT + [("CHỈ THỊ", 280, 140)],
        "body": [(",Vềviệc tăng cường công tác phòng cháy", 150, 158)],
        "signature": SIGNER})
    fields = read_letter(letter).fields
    assert fields["doc_type"].value == "Chỉ thị"
    assert fields["subject"].value == "tăng cường công tác phòng cháy"
