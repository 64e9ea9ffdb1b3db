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


def test_a_letter_without_a_date_is_checked_on_today(registry):
    qd295 = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23")
    [resolved] = resolve_citations([qd295], registry, None, today=date(2024, 1, 1))
    assert resolved.on == date(2024, 1, 1)
    assert resolved.status.state == "superseded"


def test_a_month_only_letter_date_counts_from_the_first(registry):
    qd295 = _cited("Quyết định", "295-QĐ/TW", "295", "QĐ/TW", date_="2010-03-23")
    assert _codes(registry, [qd295], "2015-01") == []
    assert _codes(registry, [qd295], "2015-02") == [("superseded_citation", "error")]
