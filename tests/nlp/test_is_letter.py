"""A page is read as a letter on real evidence only: two anchors, or one and a letter's shape."""

from nlp.read import FIELD_NAMES, read_letter
from tests.nlp.fakes import fake_extraction

SIGNER = [("GIÁM ĐỐC", 380, 500), ("Nguyễn Văn Bình", 370, 560)]


def test_a_title_and_a_signer_make_a_letter():
    letter = fake_extraction({"body": [("KẾ HOẠCH", 270, 150),
                                       ("Tổ chức hội nghị tổng kết năm 2024", 180, 166)],
                              "signature": SIGNER})
    fields = read_letter(letter).fields
    assert fields["doc_type"].value == "Kế hoạch"
    assert fields["signer"].value is not None


def test_the_motto_and_one_anchor_make_a_letter():
    letter = fake_extraction({"header-right": [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60),
                                               ("Đà Lạt, ngày 05 tháng 3 năm 2024", 320, 104)],
                              "body": [("Các cơ quan phối hợp thực hiện đúng thời hạn.", 85, 200)]})
    fields = read_letter(letter).fields
    assert fields["issued_date"].value == "2024-03-05"


def test_one_anchor_alone_is_not_a_letter():
    letter = fake_extraction({"body": [
        ("Bảng tổng hợp số liệu các đơn vị trong quý.", 85, 100)], "signature": SIGNER})
    fields = read_letter(letter).fields
    assert all(fields[name].value is None for name in FIELD_NAMES)
