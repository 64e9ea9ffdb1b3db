"""The issuer: whole over several lines, every issuer of a joint instrument, no stamp text."""

import pytest

from nlp.read import read_letter
from tests.nlp.fakes import fake_extraction, read_styled

RIGHT = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60),
         ("Độc lập - Tự do - Hạnh phúc", 330, 76), ("Đà Lạt, ngày 05 tháng 3 năm 2024", 320, 120)]
SIGNER = [("GIÁM ĐỐC", 380, 500), ("Nguyễn Văn Bình", 370, 560)]


def _issuers(left: list[tuple[str, float, float]], right=RIGHT) -> tuple[str, list[str]]:
    letter = fake_extraction({"header-left": left, "header-right": right,
                              "body": [("V/v tuyển dụng viên chức", 85, 140)],
                              "signature": SIGNER})
    fields = read_letter(letter).fields
    return fields["issuer"].value, fields["issuers"].value


def test_a_name_over_two_lines_under_its_province_comes_out_whole():
    issuer, issuers = _issuers([("UBND TỈNH LÂM ĐỒNG", 70, 60), ("SỞ NÔNG NGHIỆP VÀ", 75, 76),
                                ("PHÁT TRIỂN NÔNG THÔN", 70, 92), ("Số: 12/SNN-VP", 85, 120)])
    assert issuer == "Sở Nông nghiệp và Phát triển nông thôn tỉnh Lâm Đồng"
    assert issuers == [issuer]


def test_a_name_line_read_into_the_motto_row_is_cut_there():
    issuer, _ = _issuers([("UBND TỈNH LÂM ĐỒNG", 70, 60),
                          ("SỞ LAO ĐỘNG - Độc lập - Tự do - Hạnh phúc", 75, 76),
                          ("THƯƠNG BINH VÀ XÃ HỘI", 70, 92), ("Số: 12/SLĐTBXH-VP", 85, 120)],
                         right=[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60),
                                ("Đà Lạt, ngày 05 tháng 3 năm 2024", 320, 120)])
    assert issuer == "Sở Lao động - Thương binh và Xã hội tỉnh Lâm Đồng"


def test_a_council_committee_keeps_its_council():
    issuer, _ = _issuers([("HĐND TỈNH LÂM ĐỒNG", 70, 60), ("BAN VĂN HÓA - XÃ HỘI", 90, 76),
                          ("Số: 12/BC-HĐND", 85, 120)])
    assert issuer == "Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh Lâm Đồng"


@pytest.mark.parametrize("left", [
    [("BỘ TÀI CHÍNH - BỘ NỘI VỤ", 60, 60), ("Số: 12/2024/TTLT-BTC-BNV", 70, 120)],
    [("BỘ TÀI CHÍNH", 90, 60), ("BỘ NỘI VỤ", 100, 76), ("Số: 12/2024/TTLT-BTC-BNV", 70, 120)],
])
def test_a_joint_instrument_lists_every_issuer(left):
    issuer, issuers = _issuers(left)
    assert issuer == "Bộ Tài chính"
    assert issuers == ["Bộ Tài chính", "Bộ Nội vụ"]


def test_a_parent_over_its_body_is_not_a_joint_issuer():
    issuer, issuers = _issuers([("BỘ Y TẾ", 90, 60), ("VIỆN DINH DƯỠNG", 70, 76),
                                ("Số: 12/VDD-KH", 85, 120)])
    assert issuers == [issuer] == ["Viện Dinh dưỡng"]


def test_stamps_boxes_and_the_number_line_are_never_the_issuer():
    issuer, _ = _issuers([("SAO Y; SỞ GIAO THÔNG VẬN TẢI; 07/11/2023; 09:05:51", 60, 10),
                          ("Ký bởi: Cổng Thông tin điện tử", 60, 20),
                          ("TỈNH ỦY KHÁNH HÒA", 90, 60), ("BAN TUYÊN GIÁO", 100, 76),
                          ("*", 130, 92),
                          ("Số", 80, 108), ("- CV/BTGTU", 120, 108)],
                         right=[("ĐẢNG CỘNG SẢN VIỆT NAM", 330, 60),
                                ("Khánh Hòa, ngày 05 tháng 3 năm 2024", 320, 108)])
    assert issuer == "Ban Tuyên giáo Tỉnh ủy Khánh Hòa"


@pytest.mark.parametrize("name", ["issuer_over_lines", "joint_issuers"])
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_generated_long_and_joint_issuers_are_read(name, seed):
    letter, fields = read_styled(seed, name)
    assert fields["issuer"].value == letter.gold["issuer"]
    assert fields["issuers"].value == letter.gold["issuers"]


def test_without_a_number_line_the_title_ends_the_name():
    letter = fake_extraction({"header-left": [("ỦY BAN NHÂN DÂN", 80, 60),
                                              ("TỈNH LÂM ĐỒNG", 85, 76)],
                              "header-right": RIGHT,
                              "body": [("QUYẾT ĐỊNH", 250, 150), ("Về việc khen thưởng", 220, 166)],
                              "signature": SIGNER})
    assert read_letter(letter).fields["issuer"].value == "Ủy ban nhân dân tỉnh Lâm Đồng"
