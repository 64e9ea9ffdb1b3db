"""Countries and foreign places named in letters: lookup, free-text scanning, the cue rule."""

import time
import unicodedata

import pytest

from nlp.countries import (
    COUNTRIES,
    COUNTRY_TABLE,
    CUE_ONLY_COUNTRIES,
    PLACE_TABLE,
    Country,
    country,
    find_countries,
    find_places,
)


def codes(text):
    return [c.code for c, _, _ in find_countries(text)]


def texts(text):
    return [text[s:e] for _, s, e in find_countries(text)]


# --- the tables ------------------------------------------------------------------------------

def test_table_sizes_and_shape():
    assert len(COUNTRY_TABLE) >= 60
    assert len(PLACE_TABLE) >= 80
    country_codes = [code for _, code, _ in COUNTRY_TABLE]
    assert len(set(country_codes)) == len(country_codes)  # one row per country
    for name, code, forms in (*COUNTRY_TABLE, *PLACE_TABLE):
        assert len(code) == 2 and code.isupper() and code.isalpha()
        assert name == unicodedata.normalize("NFC", name)
        assert name not in forms


def test_every_place_belongs_to_a_country_of_the_table():
    assert {code for _, code, _ in PLACE_TABLE} <= set(COUNTRIES)


def test_every_form_of_every_country_resolves_to_its_row():
    for name, code, forms in COUNTRY_TABLE:
        for form in (name, *forms):
            assert country(form) == Country(name, code), form


def test_every_form_of_every_place_is_found_with_its_row():
    for name, code, forms in PLACE_TABLE:
        for form in (name, *forms):
            text = f"Đoàn công tác tại {form} năm 2024."
            found = [(n, c) for n, c, _, _ in find_places(text)]
            assert found == [(name, code)], form


# --- country(): one name ---------------------------------------------------------------------

@pytest.mark.parametrize(("form", "code", "name"), [
    ("Cộng hòa Pháp", "FR", "Pháp"),
    ("Pháp", "FR", "Pháp"),
    ("France", "FR", "Pháp"),
    ("Cộng hòa Dân chủ Nhân dân Lào", "LA", "Lào"),
    ("CHDCND Lào", "LA", "Lào"),
    ("Laos", "LA", "Lào"),
    ("Cộng hòa Liên bang Đức", "DE", "Đức"),
    ("Germany", "DE", "Đức"),
    ("Liên bang Nga", "RU", "Nga"),
    ("Hợp chúng quốc Hoa Kỳ", "US", "Hoa Kỳ"),
    ("Mỹ", "US", "Hoa Kỳ"),
    ("Hoa Kì", "US", "Hoa Kỳ"),
    ("Vương quốc Anh", "GB", "Anh"),
    ("United Kingdom", "GB", "Anh"),
    ("Đại Hàn Dân Quốc", "KR", "Hàn Quốc"),
    ("Korea", "KR", "Hàn Quốc"),
    ("Cộng hòa Nhân dân Trung Hoa", "CN", "Trung Quốc"),
    ("Vương quốc Campuchia", "KH", "Campuchia"),
    ("Cam-pu-chia", "KH", "Campuchia"),
    ("Cộng hòa Xinh-ga-po", "SG", "Xinh-ga-po"),
    ("Singapore", "SG", "Xinh-ga-po"),
    ("Xin-ga-po", "SG", "Xinh-ga-po"),
    ("Japan", "JP", "Nhật Bản"),
    ("Ô-xtrây-li-a", "AU", "Ô-xtrây-li-a"),
    ("Australia", "AU", "Ô-xtrây-li-a"),
    ("Ôxtrâylia", "AU", "Ô-xtrây-li-a"),
    ("Ô xtrây li a", "AU", "Ô-xtrây-li-a"),
    ("Úc", "AU", "Ô-xtrây-li-a"),
    ("Niu Di-lân", "NZ", "Niu Di-lân"),
    ("New Zealand", "NZ", "Niu Di-lân"),
    ("Ca-na-đa", "CA", "Ca-na-đa"),
    ("Canada", "CA", "Ca-na-đa"),
    ("Malaysia", "MY", "Ma-lai-xi-a"),
    ("Indonesia", "ID", "In-đô-nê-xi-a"),
    ("Philippines", "PH", "Phi-líp-pin"),
    ("Myanmar", "MM", "Mi-an-ma"),
    ("Các Tiểu vương quốc Ả-rập Thống nhất", "AE", "Các Tiểu vương quốc Ả-rập Thống nhất"),
    ("UAE", "AE", "Các Tiểu vương quốc Ả-rập Thống nhất"),
    ("Đài Loan", "TW", "Đài Loan"),
    ("Hồng Kông", "HK", "Hồng Kông"),
    ("Ma Cao", "MO", "Ma Cao"),
    ("Thụy Sĩ", "CH", "Thụy Sĩ"),
    ("Thụy Sỹ", "CH", "Thụy Sĩ"),
])
def test_country_maps_each_spelling_family(form, code, name):
    assert country(form) == Country(name, code)


@pytest.mark.parametrize(("old", "new"), [
    ("Cộng hoà Pháp", "Cộng hòa Pháp"),
    ("Thuỵ Sĩ", "Thụy Sĩ"),
    ("Thuỵ Điển", "Thụy Điển"),
    ("Cộng hoà Dân chủ Nhân dân Lào", "Cộng hòa Dân chủ Nhân dân Lào"),
])
def test_old_tone_placement_is_the_new_one(old, new):
    assert country(old) is not None
    assert country(old) == country(new)


def test_country_normalises_case_hyphens_spaces_and_unicode_form():
    assert country("CỘNG HÒA LIÊN BANG ĐỨC") == Country("Đức", "DE")
    assert country("in đô nê xi a") == Country("In-đô-nê-xi-a", "ID")
    assert country("Phi-lip-pin") == country("Phi-líp-pin")
    assert country("  Lào\n") == Country("Lào", "LA")
    assert country(unicodedata.normalize("NFD", "Thổ Nhĩ Kỳ")) == Country("Thổ Nhĩ Kỳ", "TR")


def test_country_rejects_what_is_not_a_country():
    assert country("") is None
    assert country("Việt Nam") is None
    assert country("Hà Nội") is None
    assert country("Cộng hòa") is None
    assert country("Lào Cai") is None  # a Vietnamese province, not Laos
    assert country("Tokyo") is None  # a city: find_places, not country


# --- find_countries(): free text -------------------------------------------------------------

def test_full_name_of_laos_is_one_match():
    text = "Đoàn sang thăm Cộng hòa Dân chủ Nhân dân Lào từ ngày 5/6/2024."
    found = find_countries(text)
    assert [(c.name, c.code) for c, _, _ in found] == [("Lào", "LA")]
    assert texts(text) == ["Cộng hòa Dân chủ Nhân dân Lào"]


def test_abbreviated_and_federation_names_are_one_match():
    assert texts("làm việc với CHDCND Lào") == ["CHDCND Lào"]
    assert codes("làm việc với CHDCND Lào") == ["LA"]
    assert texts("tại Liên bang Nga và CHLB Đức") == ["Liên bang Nga", "CHLB Đức"]
    assert codes("tại Liên bang Nga và CHLB Đức") == ["RU", "DE"]
    assert texts("thăm Vương quốc Anh và Bắc Ai-len") == ["Vương quốc Anh và Bắc Ai-len"]


def test_united_states_by_both_names():
    assert codes("Đoàn công tác tại Hoa Kỳ") == ["US"]
    assert codes("Đoàn công tác tại Mỹ") == ["US"]
    assert codes("Hợp chúng quốc Hoa Kỳ") == ["US"]


def test_given_names_are_not_countries():
    assert find_countries("Ông Trần Minh Đức, Phó Giám đốc") == []
    assert find_countries("Bà Nguyễn Thị Nga, Trưởng phòng") == []
    assert find_countries("các đồng chí Hùng, Đức và Nga") == []
    assert find_countries("Ông Nguyễn Văn Anh và ông Lê Văn Mỹ") == []
    assert find_countries("Nguyễn Thị Hà Lan, chuyên viên") == []
    assert codes("Bà Nguyễn Thị Hà Lan đi công tác tại Hà Lan") == ["NL"]


def test_everyday_words_are_not_countries():
    assert find_countries("theo ý kiến của Bộ Tư pháp, người lao động") == []
    assert find_countries("Căn cứ Hiến pháp năm 2013") == []


def test_short_names_after_a_cue_and_in_a_list():
    text = "Cử đoàn đi công tác tại Pháp, Đức và Bỉ từ ngày 1/3/2024"
    assert codes(text) == ["FR", "DE", "BE"]
    assert texts(text) == ["Pháp", "Đức", "Bỉ"]
    assert codes("sang Nhật Bản, Anh và Mỹ") == ["JP", "GB", "US"]
    assert codes("làm việc với Đại sứ quán Đức") == ["DE"]
    assert codes("thăm Áo; Séc") == ["AT", "CZ"]
    assert codes("hợp tác Việt Nam - Nga") == ["RU"]


def test_vietnamese_places_that_begin_with_a_country_name():
    assert find_countries("họp tại Mỹ Đình, đi Nga Sơn, về Đức Phổ, qua Ý Yên") == []
    assert find_countries("Tỉnh Lào Cai") == []
    assert codes("tại Mỹ, Lào và Lào Cai") == ["US", "LA"]


def test_cue_does_not_reach_past_the_next_word():
    # "tại" cues the word right after it only: "Minh Đức" stays a name.
    assert find_countries("họp tại trụ sở với ông Trần Minh Đức") == []


def test_cue_only_set_is_documented_short_forms():
    assert {"Anh", "Đức", "Mỹ", "Nga", "Pháp"} <= CUE_ONLY_COUNTRIES
    assert "Lào" not in CUE_ONLY_COUNTRIES
    assert codes("Đoàn thăm Lào") == ["LA"]
    assert codes("Lào") == ["LA"]


def test_australia_spellings_in_text():
    for form in ("Ô-xtrây-li-a", "Australia", "Ôxtrâylia", "Ốt-xtrây-li-a"):
        assert codes(f"Đoàn công tác tại {form} năm 2024") == ["AU"], form


def test_old_tone_placement_in_text():
    text = "Đoàn công tác tại Cộng hoà Pháp và Thuỵ Sĩ"
    assert codes(text) == ["FR", "CH"]
    assert texts(text) == ["Cộng hoà Pháp", "Thuỵ Sĩ"]


def test_names_are_never_found_inside_words():
    assert find_countries("Tỉnh Lào Cai giáp Trung Quốc") == [(Country("Trung Quốc", "CN"), 18, 28)]
    assert codes("Campuchiaxx Laosian Indonesiaa") == []
    assert codes("vùng Ca-ta-lô-ni-a") == []
    assert codes("hợp tác Việt-Lào") == ["LA"]
    assert codes("tuyến Lào-Thái Lan") == ["LA", "TH"]


def test_spans_are_on_the_text_given_even_when_decomposed():
    text = unicodedata.normalize("NFD", "Đoàn sang Cộng hòa Pháp và Thụy Điển")
    found = find_countries(text)
    assert [c.code for c, _, _ in found] == ["FR", "SE"]
    assert [unicodedata.normalize("NFC", text[s:e]) for _, s, e in found] == [
        "Cộng hòa Pháp", "Thụy Điển"]


def test_order_of_appearance_with_mixed_forms():
    text = ("Đoàn đi Singapore, Ma-lai-xi-a và In-đô-nê-xi-a; sau đó sang Nhật Bản, "
            "Hàn Quốc, Đài Loan (Trung Quốc).")
    assert codes(text) == ["SG", "MY", "ID", "JP", "KR", "TW", "CN"]


def test_text_without_a_country():
    assert find_countries("") == []
    assert find_countries("Ủy ban nhân dân tỉnh Quảng Ninh đề nghị Sở Nội vụ xem xét.") == []
    assert find_places("Ủy ban nhân dân tỉnh Quảng Ninh đề nghị Sở Nội vụ xem xét.") == []


# --- find_places() ---------------------------------------------------------------------------

def test_places_tokyo_and_osaka():
    text = "Đoàn công tác tại Tokyo và Osaka (Nhật Bản)"
    assert find_places(text) == [("Tokyo", "JP", 18, 23), ("Osaka", "JP", 27, 32)]
    assert codes(text) == ["JP"]


def test_places_vientiane_and_spellings():
    assert [(n, c) for n, c, _, _ in find_places("làm việc tại Viêng Chăn")] == [
        ("Viêng Chăn", "LA")]
    assert [n for n, _, _, _ in find_places("Moscow và Mát-xcơ-va")] == ["Mát-xcơ-va"] * 2
    assert [n for n, _, _, _ in find_places("Berlin, Béc-lin")] == ["Béc-lin"] * 2
    assert [n for n, _, _, _ in find_places("Beijing, Bắc Kinh")] == ["Bắc Kinh"] * 2
    assert [(n, c) for n, c, _, _ in find_places("London")] == [("Luân Đôn", "GB")]


def test_vienna_needs_a_cue():
    assert find_places("Viên chức, công chức và người lao động") == []
    assert [(n, c) for n, c, _, _ in find_places("tại thủ đô Viên")] == [("Viên", "AT")]


def test_places_are_not_person_names():
    assert find_places("Ông Lê Nam Ninh, Phó Giám đốc") == []
    assert [c for _, c, _, _ in find_places("thăm tỉnh Quảng Tây và Nam Ninh")] == ["CN", "CN"]


# --- speed ------------------------------------------------------------------------------------

def test_find_countries_on_five_thousand_characters_is_fast():
    sentence = ("Căn cứ Quyết định số 123/QĐ-UBND, Ông Trần Minh Đức, Phó Giám đốc Sở Ngoại vụ, "
                "đề nghị cử đoàn đi công tác tại Pháp, Đức và Bỉ, thăm Tokyo (Nhật Bản). ")
    text = (sentence * 40)[:5000]
    find_countries(text)
    best = min(_timed(find_countries, text) for _ in range(20))
    assert best < 0.005
    assert len(find_countries(text)) >= 3 * 5000 // len(sentence)


def _timed(function, text):
    start = time.perf_counter()
    function(text)
    return time.perf_counter() - start
