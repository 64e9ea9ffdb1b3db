"""The one registry lookup: what a query names, what a listing keeps, the replacement chain.

The shared table of queries (tests/registry_cases.py) runs through `lookup.find` and through
`congvan registry check --json`, which must answer alike.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from corpus.registry import Registry, load_registry
from corpus.registry.lookup import (
    Link,
    chain,
    find,
    kind_name,
    listing,
    matches,
    predecessors,
    select,
)
from corpus.registry.model import Change, Instrument, Source
from tests.registry_cases import AFTER_272, CASES, Case, case_id


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return load_registry(tmp_path_factory.mktemp("no-overlay"))


# --- find: the shared table -----------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_find(registry: Registry, case: Case) -> None:
    found = find(registry, case.query, case.on)
    if case.id is None:
        assert found is None
        return
    assert found is not None
    assert found.instrument.id == case.id
    status = registry.status(found.instrument, case.on)
    assert status.state == case.status
    assert status.chain == case.replaced_by
    if case.match is not None:
        assert found.match == case.match
        assert (found.score == 100.0) == (case.match != "fuzzy")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_cli_check_answers_as_find(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   case: Case) -> None:
    monkeypatch.setenv("CONGVAN_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["registry", "check", case.query, "--on",
                                      case.on.isoformat(), "--json"])
    if case.id is None:
        assert result.exit_code == 1
        assert "trong danh mục" in result.stderr and result.stdout == ""
        return
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["id"], out["status"]) == (case.id, case.status)
    assert out["replaced_by"] == list(case.replaced_by)
    if case.match is not None:
        assert out["match"] == case.match


def test_a_kind_typed_loosely_takes_the_registry_spelling(registry: Registry) -> None:
    assert kind_name(registry, "QD") == "QĐ"
    assert kind_name(registry, "quy  che") == "Quy chế"
    assert kind_name(registry, "chi thi") == "Chỉ thị"
    assert kind_name(registry, "Sắc  lệnh") == "Sắc lệnh"  # unknown kinds keep their words


# --- matches: what `show` and GET /api/registry/{ident} print ------------------------------------

def test_matches_an_id_gives_that_instrument_only(registry: Registry) -> None:
    shown, found = matches(registry, "86-QĐ/TW@2022-10-28")
    assert [i.id for i in shown] == ["86-QĐ/TW@2022-10-28"] and found is None


def test_matches_a_number_symbol_gives_every_term_oldest_first(registry: Registry) -> None:
    shown, found = matches(registry, " 86-QĐ/TW ")
    assert [i.id for i in shown] == ["86-QĐ/TW@2017-06-01", "86-QĐ/TW@2022-10-28"]
    assert found is None


def test_matches_an_ocr_damaged_ref_says_how_it_was_found(registry: Registry) -> None:
    shown, found = matches(registry, "86-QD/TW")
    assert [i.id for i in shown] == ["86-QĐ/TW@2017-06-01", "86-QĐ/TW@2022-10-28"]
    assert found is not None and found.match == "fuzzy" and 0 < found.score < 100


def test_matches_a_short_form_or_an_alias(registry: Registry) -> None:
    shown, found = matches(registry, "QĐ 295")
    assert [i.id for i in shown] == ["295-QĐ/TW"]
    assert found is not None and found.match == "short_form"
    shown, _ = matches(registry, "Quy chế 272")
    assert [i.id for i in shown] == ["272-QĐ/TW"]


def test_matches_text_in_decomposed_unicode(registry: Registry) -> None:
    shown, found = matches(registry, unicodedata.normalize("NFD", "86-QĐ/TW@2017-06-01"))
    assert [i.id for i in shown] == ["86-QĐ/TW@2017-06-01"] and found is None


def test_matches_nothing(registry: Registry) -> None:
    assert matches(registry, "999-QĐ/TW") == ([], None)
    assert matches(registry, "") == ([], None)


# --- select: what a listing keeps ----------------------------------------------------------------

def ids(instruments: list[Instrument]) -> list[str]:
    return [i.id for i in instruments]


def test_select_without_filters_keeps_everything_in_order(registry: Registry) -> None:
    assert ids(select(registry)) == [i.id for i in registry]
    assert ids(select(registry, kind="", issuer="", search="  ")) == [i.id for i in registry]


def test_select_by_kind_is_the_whole_kind_marks_aside(registry: Registry) -> None:
    directives = ids(select(registry, kind="chi thi"))
    assert "38-CT/TW" in directives and "30/CT-TTg" in directives
    assert "295-QĐ/TW" not in directives
    assert ids(select(registry, kind="Chỉ")) == []


def test_select_by_issuer_is_text_in_it(registry: Registry) -> None:
    politburo = ids(select(registry, issuer="bo chinh tri"))
    assert "295-QĐ/TW" in politburo and "30/CT-TTg" not in politburo


def test_select_search_looks_in_ref_id_title_issuer_and_aliases(registry: Registry) -> None:
    about_272 = ids(select(registry, search="Quy chế 272"))
    assert about_272[0] == "272-QĐ/TW" and "295-QĐ/TW" not in about_272  # an alias, a title
    assert ids(select(registry, search="86-QĐ/TW")) == ["86-QĐ/TW@2017-06-01",
                                                         "86-QĐ/TW@2022-10-28"]
    assert ids(select(registry, search="@2017")) == ["86-QĐ/TW@2017-06-01"]  # the id
    assert "05-HD/BĐNTW" in ids(select(registry, search="ban doi ngoai"))  # the issuer
    assert "49/2019/QH14" in ids(select(registry, search="xuat canh, nhap canh"))
    assert "272-QĐ/TW" in ids(select(registry, search="quy chế"))
    assert select(registry, search="không có văn bản nào như thế") == []


def test_select_search_does_not_run_across_two_fields(registry: Registry) -> None:
    qd272 = registry.get("272-QĐ/TW")
    assert qd272 is not None and qd272.title
    assert select(registry, search=f"{qd272.ref} {qd272.title}") == []


def test_select_filters_together(registry: Registry) -> None:
    kept = ids(select(registry, kind="Quyết định", issuer="Bộ Chính trị", search="đối ngoại"))
    assert kept == ["295-QĐ/TW", "272-QĐ/TW"]


def test_select_newest_first_keeps_the_registry_order_within_a_day(registry: Registry) -> None:
    newest = select(registry, newest_first=True)
    assert ids(newest) == ids(sorted(registry, key=lambda i: i.signed, reverse=True))
    kept = ids(select(registry, kind="Quyết định", issuer="Bộ Chính trị", search="đối ngoại",
                      newest_first=True))
    assert kept == ["272-QĐ/TW", "295-QĐ/TW"]


def test_a_changed_registry_is_listed_afresh_and_the_same_one_from_its_listing(
        registry: Registry) -> None:
    assert listing(registry) is listing(registry)  # folded once, not on each listing
    extra = Instrument(id="7-QĐ/TU", ref="7-QĐ/TU", kind="Quyết định", number="7", year=None,
                       symbol="QĐ/TU", issuer="Tỉnh ủy Thử", signed=date(2030, 1, 2),
                       in_force=None, title="Quy chế thử", sources=(Source("own_text", "x"),))
    grown = Registry([*registry, extra])
    assert ids(select(grown, search="tinh uy thu")) == ["7-QĐ/TU"]
    assert ids(select(grown, newest_first=True))[0] == "7-QĐ/TU"
    assert select(registry, search="tinh uy thu") == []


# --- chain and predecessors --------------------------------------------------------------------

def test_chain_from_295_to_272_with_its_source(registry: Registry) -> None:
    qd295 = registry.get("295-QĐ/TW")
    assert qd295 is not None
    links = chain(registry, qd295, registry.status(qd295, AFTER_272), AFTER_272)
    assert [link.id for link in links] == ["272-QĐ/TW"]
    link = links[0]
    assert link.instrument is registry.get("272-QĐ/TW")
    assert link.change is not None and link.change.since == date(2015, 1, 21)
    assert link.change.source.how == "primary_letter" and link.change.source.primary
    assert "1170/VPCP-QHQT" in link.change.source.note


def test_no_chain_while_in_force_or_when_repealed(registry: Registry) -> None:
    qd295 = registry.get("295-QĐ/TW")
    nd09 = registry.get("09/2010/NĐ-CP")
    assert qd295 is not None and nd09 is not None
    day = date(2012, 1, 1)
    assert chain(registry, qd295, registry.status(qd295, day), day) == []
    day = date(2021, 1, 1)
    assert chain(registry, nd09, registry.status(nd09, day), day) == []


def _made(ref: str, signed: date, *changes: Change) -> Instrument:
    number, symbol = ref.split("-", 1)
    return Instrument(id=ref, ref=ref, kind="Quyết định", number=number, year=None,
                      symbol=symbol, issuer="Ban Thường vụ Tỉnh ủy", signed=signed,
                      in_force=None, title="thử", sources=(Source("own_text", "bản gốc"),),
                      changes=changes)


LETTER = Source("primary_letter", "công văn nêu việc thay thế")
SECONDARY = Source("secondary_source", "trang tin")
OLDEST = _made("1-QĐ/TU", date(2010, 1, 1),
               Change("replaced_by", "2-QĐ/TU", date(2015, 1, 1), LETTER))
MIDDLE = _made("2-QĐ/TU", date(2015, 1, 1),
               Change("replaced_by", "3-QĐ/TU", date(2020, 1, 1), SECONDARY))
NEWEST = _made("3-QĐ/TU", date(2020, 1, 1))
LINE = Registry([OLDEST, MIDDLE, NEWEST])


def test_chain_of_two_steps_to_the_instrument_in_force_on_the_day() -> None:
    day = date(2021, 1, 1)
    assert chain(LINE, OLDEST, LINE.status(OLDEST, day), day) == [
        Link("2-QĐ/TU", MIDDLE, OLDEST.changes[0]), Link("3-QĐ/TU", NEWEST, MIDDLE.changes[0])]
    day = date(2016, 1, 1)
    assert chain(LINE, OLDEST, LINE.status(OLDEST, day), day) == [
        Link("2-QĐ/TU", MIDDLE, OLDEST.changes[0])]


def test_predecessors_oldest_first() -> None:
    assert predecessors(LINE, NEWEST) == [OLDEST, MIDDLE]
    assert predecessors(LINE, OLDEST) == []


def test_predecessors_in_the_shipped_registry(registry: Registry) -> None:
    qd272 = registry.get("272-QĐ/TW")
    qd86 = registry.get("86-QĐ/TW@2022-10-28")
    assert qd272 is not None and qd86 is not None
    assert ids(predecessors(registry, qd272)) == ["295-QĐ/TW"]
    assert ids(predecessors(registry, qd86)) == ["228-QĐ/TW"]
