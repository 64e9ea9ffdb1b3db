"""TCVN3 and VNI text layers come out as correct Unicode."""

from __future__ import annotations

import pytest

from extract import legacy
from extract.pipeline import extract_bytes

# Strings as a TCVN3 or VNI layer reads back, with what they say.
TCVN3_CASES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("QuyÕt ®Þnh sè 272-Q§/TW", "Quyết định số 272-QĐ/TW"),
    ("®oµn c«ng t¸c n\u00adíc ngoµi", "đoàn công tác nước ngoài"),
]
VNI_CASES = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Quyeát ñònh soá 272-QÑ/TW", "Quyết định số 272-QĐ/TW"),
    ("ñoaøn coâng taùc nöôùc ngoaøi", "đoàn công tác nước ngoài"),
    ("COÄNG HOØA XAÕ HOÄI", "CỘNG HÒA XÃ HỘI"),
]


@pytest.mark.parametrize(("raw", "unicode"), TCVN3_CASES)
def test_tcvn3_strings(raw, unicode):
    assert legacy.detect(raw) == "tcvn3"
    assert legacy.decode(raw, "tcvn3") == unicode


@pytest.mark.parametrize(("raw", "unicode"), VNI_CASES)
def test_vni_strings(raw, unicode):
    assert legacy.detect(raw) == "vni"
    assert legacy.decode(raw, "vni") == unicode


def test_capitals_font_gives_capitals():
    assert legacy.decode("céng hoµ", "tcvn3", font="ABCDEF+.VnTimeH") == "CỘNG HOÀ"
    assert legacy.decode("céng hoµ", "tcvn3", font=".VnTime") == "cộng hoà"


@pytest.mark.parametrize("text", [
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc",
    "Quyết định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị về việc ban hành Quy chế",
    "Giám đốc Sở Ngoại vụ; Ủy ban nhân dân tỉnh Khánh Hòa; ông Nguyễn Văn Ất",
])
def test_unicode_text_is_left_alone(text):
    assert legacy.detect(text, {"TimesNewRomanPSMT"}) == "unicode"


def test_font_names_are_hints():
    assert legacy.font_hint("ABCDEF+.VnTime") == "tcvn3"
    assert legacy.font_hint("VNI-Times") == "vni"
    assert legacy.font_hint("TimesNewRoman") == "unicode"


def test_legacy_pdfs_read_as_unicode(legacy_letters):
    for encoding, seed, data, truth in legacy_letters:
        extraction = extract_bytes(data, name=f"{seed}.pdf")
        assert extraction.text_source == "text_layer", (encoding, seed)
        for page, true_page in zip(extraction.pages, truth, strict=True):
            assert page.encoding == encoding
            assert page.text == true_page.text(), (encoding, seed)
