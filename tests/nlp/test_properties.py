"""Property tests: the date, number-and-symbol and citation readers never raise on any text,
and read back what they write."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.citations import find_citations
from nlp.dates import find_dates, format_date, parse_date
from nlp.numbering import parse_ref
from nlp.sheet import Sheet
from tests.nlp.fakes import fake_extraction

#: Letters, digits, Vietnamese marks, the punctuation of references, and anything else.
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789/-–.,:;() " \
             "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
TEXT = st.one_of(st.text(max_size=200), st.text(alphabet=VIETNAMESE, max_size=200))
DAYS = st.dates(min_value=date(1945, 9, 2), max_value=date(2099, 12, 31))
PARTY_TYPES = ["QĐ", "CV", "TTr", "KH", "TB", "BC", "CT", "HD", "NQ"]
PARTY_BODIES = ["TW", "TU", "VPTU", "BTCTU"]
STATE_SYMBOLS = ["QĐ-UBND", "UBND-VP", "VPCP-QHQT", "NĐ-CP", "QĐ-TTg", "TT-BNG", "SNgV-LS"]
LEGAL = {"QĐ-UBND", "NĐ-CP", "QĐ-TTg", "TT-BNG"}  # may carry the year: 67/2011/QĐ-TTg
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_the_date_reader_never_raises(text):
    found = find_dates(text, month_only=True)
    assert all(len(f.value) in (7, 10) for f in found)
    value = parse_date(text)
    assert value is None or date.fromisoformat(value)


@SETTINGS
@given(DAYS, st.sampled_from(["numeric", "words"]))
def test_a_date_written_the_vietnamese_way_reads_back(day, style):
    written = format_date(day.isoformat(), style=style)
    assert parse_date(f"Hà Nội, {written}") == day.isoformat()


@SETTINGS
@given(st.integers(1945, 2099), st.integers(1, 12))
def test_a_date_with_its_day_left_blank_reads_back_as_year_and_month(year, month):
    written = format_date(f"{year:04d}-{month:02d}", style="words")
    assert [f.value for f in find_dates(written, month_only=True)] == [f"{year:04d}-{month:02d}"]


@SETTINGS
@given(TEXT)
def test_the_number_and_symbol_reader_never_raises(text):
    ref = parse_ref(text)
    assert ref is None or ref.symbol


@SETTINGS
@given(st.integers(1, 99999), st.sampled_from(PARTY_TYPES), st.sampled_from(PARTY_BODIES))
def test_a_party_number_and_symbol_reads_back(number, kind, body):
    ref = f"{number}-{kind}/{body}"  # 272-QĐ/TW
    parsed = parse_ref(ref)
    assert parsed is not None, ref
    assert (parsed.ref, parsed.number, parsed.year, parsed.symbol, parsed.form) == (
        ref, str(number), None, f"{kind}/{body}", "party")


@SETTINGS
@given(st.integers(1, 99999), st.sampled_from(STATE_SYMBOLS),
       st.one_of(st.none(), st.integers(1990, 2099)))
def test_a_state_number_and_symbol_reads_back(number, symbol, year):
    if symbol not in LEGAL:
        year = None
    ref = f"{number}/{year}/{symbol}" if year else f"{number}/{symbol}"  # 1170/VPCP-QHQT
    parsed = parse_ref(ref)
    assert parsed is not None, ref
    assert (parsed.ref, parsed.number, parsed.symbol, parsed.form) == (
        ref, str(number), symbol, "state")
    assert parsed.year == (str(year) if year else None)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_the_citation_reader_never_raises(lines):
    rows = [(" ".join(t.split()) or "-", 60.0, 100.0 + 18 * i) for i, t in enumerate(lines)]
    sheet = Sheet.from_extraction(fake_extraction({"body": rows}))
    for citation in find_citations(sheet):
        assert citation.kind and (citation.ref or citation.short)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 9999), st.sampled_from(["QĐ/TW", "CT/TW", "QĐ-TTg", "NĐ-CP"]), DAYS)
def test_a_written_citation_reads_back(number, symbol, day):
    year = f"/{day.year}" if symbol in ("QĐ-TTg", "NĐ-CP") else ""
    sep = "/" if year else "-"
    ref = f"{number}{year}{sep}{symbol}" if not year else f"{number}{year}/{symbol}"
    kind = {"QĐ/TW": "Quyết định", "CT/TW": "Chỉ thị", "QĐ-TTg": "Quyết định",
            "NĐ-CP": "Nghị định"}[symbol]
    line = f"Căn cứ {kind} số {ref} ngày {format_date(day.isoformat())};"
    sheet = Sheet.from_extraction(fake_extraction({"body": [(line, 60.0, 100.0)]}))
    found = find_citations(sheet)
    assert [(c.ref, c.date) for c in found] == [(ref, day.isoformat())], line
