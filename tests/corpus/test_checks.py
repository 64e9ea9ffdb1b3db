"""Citation checks on citations as nlp/ reads them, against the shipped registry."""

from datetime import date

import pytest

from corpus.checks.citations import check_citations, issuers_agree, kind_fits
from corpus.citations import resolve_citations
from corpus.registry import load_registry
from nlp.citations import Citation, Place


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    return load_registry(tmp_path_factory.mktemp("data"))


def _cited(kind, ref, number, symbol, *, date_=None, issuer=None, role="basis", year=None,
           short=False, nested=False):
    place = Place(1, (70.0, 100.0, 300.0, 114.0), f"{kind} số {ref}", role, 0, 1.0,
                  nested=nested)
    return Citation(kind, ref, number, year, symbol, date_, issuer, None, [place], short=short)


def _codes(registry, citations, issued):
    resolved = resolve_citations(citations, registry, issued)
    return [(f.code, f.severity) for f in check_citations(resolved, registry)]


@pytest.mark.parametrize(("kind", "symbol", "fits"), [
    ("Quyết định", "TB/TU", False), ("Quyết định", "QĐ/TW", True), ("Quy định", "QĐ/TW", True),
    ("Chỉ thị", "CT-TTg", True), ("Thông tư", "TT-BTC", True), ("Nghị định", "QĐ-TTg", False),
    ("Luật", "QH14", True), ("Nghị quyết", "QH14", True), ("Văn bản", "BC-BNG-CNV-m", True),
    ("Công văn", "VPCP-QHQT", True), ("Thông tư liên tịch", "TTLT-BNG-BNV", True),
    ("Kết luận", "KL/TW", True), ("Hướng dẫn", "KH/TU", False),
])
def test_kind_fits_symbol(kind, symbol, fits):
    assert kind_fits(kind, symbol) is fits


@pytest.mark.parametrize(("cited", "known", "agree"), [
    ("Bộ Chính trị", "Bộ Chính trị", True),
    ("Bộ Chính trị khóa XI", "Bộ Chính trị", True),
    ("Ban Bí thư Trung ương Đảng", "Ban Bí thư", True),
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh Lạng Sơn", True),
    ("Bộ trưởng Bộ Công an", "Bộ Công an", True),
    ("Ban Thường vụ Tỉnh ủy", "Tỉnh ủy Lạng Sơn", True),
    ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ", True),
    ("Bộ Tài chính", "Bộ Chính trị", False),
    ("Ban Bí thư", "Bộ Chính trị", False),
    ("Bộ Ngoại giao", "Bộ Công an", False),
])
def test_issuers_agree(cited, known, agree):
    assert issuers_agree(cited, known) is agree


def test_an_issuer_that_is_not_the_registry_s_is_a_warning(registry):
    wrong = _cited("Chỉ thị", "38-CT/TW", "38", "CT/TW", date_="2014-07-21",
                   issuer="Ban Bí thư")
    assert _codes(registry, [wrong], "2019-05-02") == [("citation_issuer_mismatch", "warning")]


def test_a_likely_replacement_is_a_warning_that_says_so(registry):
    nd136 = _cited("Nghị định", "136/2007/NĐ-CP", "136", "NĐ-CP", date_="2007-08-17",
                   year="2007")
    resolved = resolve_citations([nd136], registry, "2021-04-05")
    [flag] = check_citations(resolved, registry)
    assert (flag.code, flag.severity) == ("superseded_citation", "warning")
    assert "có thể" in flag.message and "49/2019/QH14" in flag.message
    assert flag.evidence["likely"] is True and flag.evidence["how"] == "secondary_source"


def test_the_chain_names_the_instrument_in_force_now(registry):
    # 116/1998/QĐ-TTg → 182/2007/QĐ-TTg in the data; any chain of two or more names the end.
    chained = [i for i in registry if any(c.type == "replaced_by" for c in i.changes)]
    for inst in chained:
        status = registry.status(inst, date(2026, 1, 1))
        if len(status.chain) >= 2:
            last = registry.get(status.chain[-1])
            assert registry.status(last, date(2026, 1, 1)).state != "superseded"


def test_a_replaced_mention_and_a_title_mention_are_not_flagged(registry):
    replaced = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23",
                      role="replaced")
    titled = _cited("Nghị định", "110/2004/NĐ-CP", "110", "NĐ-CP", role="reference",
                    year="2004", nested=True)
    assert _codes(registry, [replaced, titled], "2024-03-12") == []


def test_an_unknown_central_instrument_is_info_and_a_local_one_is_silent(registry):
    central = _cited("Nghị định", "999/2019/NĐ-CP", "999", "NĐ-CP", year="2019")
    local = _cited("Văn bản", "215/SNgV-VP", "215", "SNgV-VP")
    assert _codes(registry, [central, local], "2024-03-12") == [("unknown_citation", "info")]


def test_a_short_form_after_its_full_citation_joins_it(registry):
    full = _cited("Quyết định", "272-QĐ/TW", "272", "QĐ/TW", date_="2015-01-21")
    short = Citation("Quy chế", None, "272", None, None, None, None, None,
                     [Place(1, (70.0, 300.0, 150.0, 314.0), "Quy chế 272", "basis", 500)],
                     short=True)
    [resolved] = resolve_citations([full, short], registry, "2019-01-01")
    assert len(resolved.citation.places) == 2
    assert resolved.resolution.match == "exact"


def test_a_letter_without_a_date_is_resolved_on_today(registry):
    qd295 = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23")
    [resolved] = resolve_citations([qd295], registry, None, today=date(2024, 1, 1))
    assert resolved.on == date(2024, 1, 1)
    assert resolved.status.state == "superseded"


def test_a_month_only_letter_date_counts_from_the_first(registry):
    qd295 = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23")
    assert _codes(registry, [qd295], "2015-01") == []
    assert _codes(registry, [qd295], "2015-02") == [("superseded_citation", "error")]


def test_a_short_form_of_a_local_instrument_is_not_taken_for_a_central_one(registry):
    local = Citation("Quyết định", None, "45", None, None, None, "UBND tỉnh", None,
                     [Place(1, (70.0, 100.0, 200.0, 114.0), "Quyết định 45", "basis", 0)],
                     short=True)
    assert resolve_citations([local], registry, "2024-03-12") == []
    central_no_issuer = Citation("Chỉ thị", None, "38", None, None, None, None, None,
                                 [Place(1, (70.0, 100.0, 200.0, 114.0), "Chỉ thị 38", "basis",
                                        0)], short=True)
    [resolved] = resolve_citations([central_no_issuer], registry, "2024-03-12")
    assert resolved.citation.ref == "38-CT/TW" and resolved.citation.kind == "Chỉ thị"


def test_a_short_form_before_its_full_citation_joins_it(registry):
    short = Citation("Quy chế", None, "272", None, None, None, None, None,
                     [Place(1, (70.0, 80.0, 150.0, 94.0), "Quy chế 272", "basis", 0)],
                     short=True)
    full = _cited("Quyết định", "272-QĐ/TW", "272", "QĐ/TW", date_="2015-01-21")
    full.title = "ban hành Quy chế quản lý thống nhất các hoạt động đối ngoại"
    full.places[0] = Place(1, (70.0, 100.0, 300.0, 114.0), "Quyết định số 272-QĐ/TW", "basis",
                           50)
    [resolved] = resolve_citations([short, full], registry, "2019-01-01")
    assert [p.text for p in resolved.citation.places] == ["Quy chế 272",
                                                          "Quyết định số 272-QĐ/TW"]


def test_resolving_twice_gives_the_same_places(registry):
    full = _cited("Quyết định", "272-QĐ/TW", "272", "QĐ/TW", date_="2015-01-21")
    short = Citation("Quy chế", None, "272", None, None, None, None, None,
                     [Place(1, (70.0, 300.0, 150.0, 314.0), "Quy chế 272", "basis", 500)],
                     short=True)
    first = resolve_citations([full, short], registry, "2019-01-01")
    again = resolve_citations([full, short], registry, "2019-01-01")
    assert len(first[0].citation.places) == len(again[0].citation.places) == 2
    assert len(full.places) == 1


def test_no_ending_flags_when_the_letter_s_date_is_unknown(registry):
    qd295 = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23")
    resolved = resolve_citations([qd295], registry, None, today=date(2024, 1, 1))
    assert check_citations(resolved, registry) == []


def test_an_issuer_named_in_the_registry_title_is_not_a_mismatch(registry):
    qd67 = _cited("Quyết định", "67/2011/QĐ-TTg", "67", "QĐ-TTg", date_="2011-12-12",
                  issuer="Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
                  year="2011")
    assert _codes(registry, [qd67], "2019-05-02") == []


def test_reliance_on_a_replaced_instrument_named_only_for_reference_is_a_warning(registry):
    qd295 = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23",
                   role="reference")
    assert _codes(registry, [qd295], "2019-05-02") == [("superseded_citation", "warning")]


# --- Flags that rest on the letter's own date: only errors on a date read with confidence ---

def _flags_on(registry, citations, issued, confidence):
    resolved = resolve_citations(citations, registry, issued, date_confidence=confidence)
    return check_citations(resolved, registry)


def test_the_letter_date_confidence_an_error_needs_is_one_named_constant():
    from corpus.checks.citations import SURE_DATE

    assert SURE_DATE == 0.9


@pytest.mark.parametrize(("confidence", "severity"), [(0.98, "error"), (0.9, "error"),
                                                      (0.89, "warning"), (0.0, "warning")])
def test_a_superseded_basis_is_an_error_only_on_a_date_read_with_confidence(
        registry, confidence, severity):
    qd295 = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23")
    [flag] = _flags_on(registry, [qd295], "2020-06-01", confidence)
    assert (flag.code, flag.severity) == ("superseded_citation", severity)
    assert ("chưa chắc chắn" in flag.message) is (severity == "warning")
    assert flag.evidence["letter_date_confidence"] == confidence


@pytest.mark.parametrize(("confidence", "severity"), [(0.95, "error"), (0.5, "warning")])
def test_a_citation_dated_after_the_letter_is_an_error_only_on_a_sure_date(
        registry, confidence, severity):
    local = _cited("Công văn", "45/UBND-VP", "45", "UBND-VP", date_="2024-05-02",
                   issuer="Ủy ban nhân dân tỉnh")
    [flag] = _flags_on(registry, [local], "2024-03-12", confidence)
    assert (flag.code, flag.severity) == ("future_citation", severity)
    assert "12/03/2024" in flag.message


def test_a_repealed_basis_on_a_doubtful_date_is_a_warning(registry):
    nd09 = _cited("Nghị định", "09/2010/NĐ-CP", "09", "NĐ-CP", date_="2010-02-08", year="2010")
    [flag] = _flags_on(registry, [nd09], "2021-06-03", 0.6)
    assert (flag.code, flag.severity) == ("repealed_citation", "warning")


@pytest.mark.parametrize(("issued", "cited", "future"), [
    ("2023-09", "2023-09-08", False), ("2023-09", "2023-09-30", False),
    ("2023-09", "2023-10-01", True), ("2023-09-01", "2023-09-08", True),
    ("2024-02", "2024-02-29", False), ("2023-12", "2024-01-02", True),
])
def test_a_month_only_letter_may_be_of_any_day_of_its_month(registry, issued, cited, future):
    local = _cited("Công văn", "45/UBND-VP", "45", "UBND-VP", date_=cited)
    codes = [f.code for f in _flags_on(registry, [local], issued, 0.98)]
    assert ("future_citation" in codes) is future


def test_a_month_only_letter_relying_on_an_instrument_ended_that_month_is_not_flagged(registry):
    # 295-QĐ/TW was replaced on 21/01/2015: a letter of "2015-01" may be of the 10th.
    qd295 = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23")
    assert _flags_on(registry, [qd295], "2015-01", 0.98) == []
    assert [f.code for f in _flags_on(registry, [qd295], "2015-02", 0.98)] == [
        "superseded_citation"]


def test_a_central_symbol_typed_without_its_hyphen_resolves_and_is_checked(registry):
    glued = _cited("Nghị định", "110/2004/NĐCP", "110", "NĐCP", date_="2004-04-08", year="2004")
    [resolved] = resolve_citations([glued], registry, "2021-06-03")
    assert resolved.resolution is not None
    assert (resolved.resolution.instrument.ref, resolved.resolution.match) == (
        "110/2004/NĐ-CP", "fuzzy")
    assert [f.code for f in check_citations([resolved], registry)] == ["superseded_citation"]


def test_a_central_symbol_typed_without_its_hyphen_the_registry_lacks_is_worth_a_look(registry):
    glued = _cited("Nghị định", "977/2019/NĐCP", "977", "NĐCP", date_="2019-04-08", year="2019")
    assert _codes(registry, [glued], "2021-06-03") == [("unknown_citation", "info")]
