import pytest

from nlp.numbering import parse_ref

CASES = [
    ("215/TTr-SCT", "215", "TTr-SCT", "Tờ trình"),
    ("4563-CV/VPTU", "4563", "CV/VPTU", "Công văn"),
    ("67/2011/QĐ-TTg", "67", "QĐ-TTg", "Quyết định"),
    ("/UBND-VP", None, "UBND-VP", None),
    ("-CV/VPTU", None, "CV/VPTU", "Công văn"),
    ("1170/VPCP-QHQT", "1170", "VPCP-QHQT", None),
    ("170/BC-BNG-CNV-m", "170", "BC-BNG-CNV-m", "Báo cáo"),
    ("272-QĐ/TW", "272", "QĐ/TW", "Quyết định"),
    ("49/2019/QH14", "49", "QH14", None),
    ("05-HD/BĐNTW", "05", "HD/BĐNTW", "Hướng dẫn"),
    ("215 / TTr-SCT", "215", "TTr-SCT", "Tờ trình"),
]


@pytest.mark.parametrize(("text", "number", "symbol", "kind"), CASES)
def test_every_numbering_style_is_parsed(text, number, symbol, kind):
    ref = parse_ref(text)
    assert ref is not None
    assert (ref.number, ref.symbol, ref.doc_type) == (number, symbol, kind)


@pytest.mark.parametrize("text", ["", "12/2015", "Hà Nội", "21/01/2015", "-", "/", "số 12"])
def test_what_is_not_a_number_and_symbol_is_refused(text):
    assert parse_ref(text) is None
