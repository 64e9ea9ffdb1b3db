"""The regulation registry: its data, status on a date, resolution, and validation of imports."""

import unicodedata
from datetime import date

import pytest

from corpus.registry import load_registry
from corpus.registry.load import RegistryDataError, dump_csv, dump_yaml, parse
from corpus.registry.registry import _plain, fold, fold_words
from corpus.registry.store import builtin, import_file, overlay_path


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    return load_registry(tmp_path_factory.mktemp("no-overlay"))


def test_the_shipped_registry_has_forty_instruments_each_with_a_source(registry):
    assert len(registry) >= 40
    for inst in registry:
        assert inst.sources, inst.id
        for change in inst.changes:
            assert change.source.note and change.source.how, inst.id
    kinds = {i.kind for i in registry}
    assert {"Quyết định", "Chỉ thị", "Nghị định", "Thông tư", "Luật", "Kết luận"} <= kinds


def test_every_replacement_in_the_data_names_an_instrument_it_holds(registry):
    for inst in registry:
        for change in inst.changes:
            assert change.by is None or registry.get(change.by) is not None, (inst.id, change)


def test_295_is_in_force_in_2012_and_superseded_by_272_from_21_january_2015(registry):
    qd295 = registry.resolve("295-QĐ/TW").instrument
    assert registry.status(qd295, date(2012, 6, 1)).state == "in_force"
    assert registry.status(qd295, date(2015, 1, 20)).state == "in_force"
    status = registry.status(qd295, date(2015, 1, 21))
    assert status.state == "superseded"
    assert status.chain == ("272-QĐ/TW",)
    assert status.certain  # known from a primary letter
    assert registry.status(qd295, date(2009, 1, 1)).state == "not_yet_issued"


def test_a_likely_replacement_is_not_certain(registry):
    nd136 = registry.resolve("136/2007/NĐ-CP").instrument
    status = registry.status(nd136, date(2021, 1, 1))
    assert status.state == "superseded" and not status.certain


def test_a_repeal_from_an_express_clause(registry):
    nd09 = registry.resolve("09/2010/NĐ-CP").instrument
    assert registry.status(nd09, date(2020, 3, 4)).state == "in_force"
    status = registry.status(nd09, date(2020, 3, 5))
    assert status.state == "repealed" and status.change.by == "30/2020/NĐ-CP"


def test_replacement_chains_are_followed_to_the_instrument_in_force():
    text = """
instruments:
  - ref: 1-QĐ/TW
    kind: Quyết định
    signed: 2001-01-01
    sources: [{how: own_text, note: thử}]
    changes: [{type: replaced_by, by: 2-QĐ/TW, since: 2005-01-01, how: express_clause, note: a}]
  - ref: 2-QĐ/TW
    kind: Quyết định
    signed: 2005-01-01
    sources: [{how: own_text, note: thử}]
    changes: [{type: replaced_by, by: 3-QĐ/TW, since: 2010-01-01, how: express_clause, note: b}]
  - ref: 3-QĐ/TW
    kind: Quyết định
    signed: 2010-01-01
    sources: [{how: own_text, note: thử}]
"""
    from corpus.registry import Registry

    reg = Registry(parse(text))
    first = reg.get("1-QĐ/TW")
    assert reg.status(first, date(2007, 1, 1)).chain == ("2-QĐ/TW",)
    assert reg.status(first, date(2012, 1, 1)).chain == ("2-QĐ/TW", "3-QĐ/TW")
    assert [i.id for i in reg.replaces("3-QĐ/TW")] == ["2-QĐ/TW"]


def test_party_numbers_repeat_so_the_date_decides(registry):
    both = registry.with_ref("86-QĐ/TW")
    assert sorted(i.signed.year for i in both) == [2017, 2022]
    assert registry.resolve("86-QĐ/TW", on=date(2019, 5, 1)).instrument.signed.year == 2017
    assert registry.resolve("86-QĐ/TW", on=date(2024, 5, 1)).instrument.signed.year == 2022
    cited = registry.resolve("86-QĐ/TW", cited=date(2017, 6, 1), on=date(2024, 5, 1))
    assert cited.instrument.signed == date(2017, 6, 1)


@pytest.mark.parametrize(("text", "ref"), [
    ("Quy chế 272", "272-QĐ/TW"), ("QĐ 295", "295-QĐ/TW"), ("Chỉ thị 38", "38-CT/TW"),
    ("Quy định 86", "86-QĐ/TW"), ("Kết luận 33", "33-KL/TW"),
])
def test_short_forms_resolve(registry, text, ref):
    kind, number = text.rsplit(" ", 1)
    found = registry.resolve_short(kind, number, on=date(2024, 1, 1))
    assert found is not None and found.instrument.ref == ref and found.match == "short_form"


@pytest.mark.parametrize("noisy", ["27Z-QĐ/TW", "272-QD/TW", "272-QÐ/TW", "2 72-QĐ/TW",
                                   "67/2O11/QĐ-TTg", "136/2007/ND-CP"])
def test_ocr_noise_resolves_as_fuzzy_with_a_score(registry, noisy):
    found = registry.resolve(noisy)
    assert found is not None
    assert fold(found.instrument.ref) == fold(noisy)
    assert found.match in ("exact", "fuzzy")
    assert 0 < found.score <= 100


@pytest.mark.parametrize("other", ["273-QĐ/TW", "27-QĐ/TW", "272-QĐ/TU", "38-CT/TU",
                                   "67/2012/QĐ-TTg", "45/2011/TT-BTC", "92/2013/TT-BCA",
                                   "30/2020/NQ-CP", "1542-TB/TW", "102/2012/TT-BCT"])
def test_a_fuzzy_match_never_turns_one_number_into_another(registry, other):
    assert registry.resolve(other) is None


def test_errors_in_a_data_file_are_reported_with_their_line_numbers():
    text = """instruments:
  - ref: 5-QĐ/TW
    kind: Quyết định
    signed: 2019-02-30
    sources: [{how: own_text, note: thử}]
  - ref: 6-QĐ/TW
    kind: Quyết định
    signed: 2019-03-01
    sources: [{how: hearsay, note: thử}]
  - ref: 7-QĐ/TW
    kind: Quyết định
    signed: 2019-03-01
    sources: [{how: own_text, note: thử}]
    changes: [{type: replaced_by, by: 99-QĐ/TW, since: 2020-01-01, how: own_text, note: x}]
"""
    with pytest.raises(RegistryDataError) as caught:
        parse(text, name="bad.yaml")
    lines = sorted(p.line for p in caught.value.problems)
    assert lines == [4, 9, 10]
    assert "bad.yaml: dòng 4" in str(caught.value)


def test_broken_yaml_says_where():
    with pytest.raises(RegistryDataError) as caught:
        parse("instruments:\n  - ref: [unclosed\n", name="x.yaml")
    assert caught.value.problems[0].line >= 2


def test_yaml_and_csv_round_trip_the_shipped_data():
    shipped = builtin()
    again = parse(dump_yaml(shipped))
    assert [i.to_dict() for i in again] == [i.to_dict() for i in shipped]
    from_csv = parse(dump_csv(shipped), fmt="csv")
    assert [i.to_dict() for i in from_csv] == [i.to_dict() for i in shipped]


def test_an_import_lands_in_the_overlay_and_wins_over_the_shipped_entry(tmp_path):
    new = tmp_path / "new.yaml"
    new.write_text("""instruments:
  - ref: 272-QĐ/TW
    kind: Quyết định
    issuer: Bộ Chính trị
    signed: 2015-01-21
    sources: [{how: own_text, note: bản chính}]
    changes: [{type: replaced_by, by: 999-QĐ/TW, since: 2030-01-01, how: own_text, note: giả định}]
  - ref: 999-QĐ/TW
    kind: Quyết định
    issuer: Bộ Chính trị
    signed: 2030-01-01
    sources: [{how: own_text, note: giả định}]
""", "utf-8")
    data = tmp_path / "data"
    import_file(new, data)
    assert overlay_path(data).exists()
    reg = load_registry(data)
    qd272 = reg.resolve("272-QĐ/TW").instrument
    assert reg.status(qd272, date(2031, 1, 1)).chain == ("999-QĐ/TW",)
    assert reg.status(qd272, date(2024, 1, 1)).state == "in_force"


def test_a_bad_import_changes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("ref,kind,signed,how,note\n12-QĐ/TW,Quyết định,2019-13-01,own_text,x\n",
                   "utf-8")
    data = tmp_path / "data"
    with pytest.raises(RegistryDataError) as caught:
        import_file(bad, data)
    assert caught.value.problems[0].line == 2
    assert not overlay_path(data).exists()


def test_an_import_of_another_instrument_with_a_shipped_number_keeps_both(tmp_path):
    new = tmp_path / "new.yaml"
    new.write_text("""instruments:
  - ref: 38-CT/TW
    kind: Chỉ thị
    issuer: Ban Bí thư
    signed: 2026-05-04
    sources: [{how: own_text, note: giả định cho kiểm thử}]
""", "utf-8")
    data = tmp_path / "data"
    [added] = import_file(new, data)
    assert added.id == "38-CT/TW@2026-05-04"
    reg = load_registry(data)
    assert sorted(i.signed.year for i in reg.with_ref("38-CT/TW")) == [2014, 2026]
    assert reg.resolve("38-CT/TW", on=date(2020, 1, 1)).instrument.signed.year == 2014


def test_a_duplicate_id_is_reported_at_the_duplicate():
    entry = """  - ref: 5-QĐ/TW
    kind: Quyết định
    signed: 2019-02-03
    sources: [{how: own_text, note: thử}]
"""
    with pytest.raises(RegistryDataError) as caught:
        parse("instruments:\n" + entry + entry)
    assert [p.line for p in caught.value.problems] == [6]


def test_a_short_form_typed_without_the_d_stroke(registry):
    assert registry.resolve_short("QD", "295", on=date(2024, 1, 1)).instrument.ref == "295-QĐ/TW"


def test_an_import_correcting_a_date_replaces_the_entry_it_corrects(tmp_path):
    new = tmp_path / "fix.yaml"
    new.write_text("""instruments:
  - ref: 86-QĐ/TW
    kind: Quy định
    issuer: Ban Bí thư
    signed: 2022-10-29
    sources: [{how: own_text, note: bản đính chính cho kiểm thử}]
""", "utf-8")
    data = tmp_path / "data"
    [added] = import_file(new, data)
    assert added.id == "86-QĐ/TW@2022-10-28"
    reg = load_registry(data)
    assert sorted(i.signed.isoformat() for i in reg.with_ref("86-QĐ/TW")) == [
        "2017-06-01", "2022-10-29"]


def test_a_replacement_by_an_instrument_the_registry_lacks_is_still_a_replacement(registry):
    nd50 = registry.resolve("50/2011/NĐ-CP").instrument
    status = registry.status(nd50, date(2023, 1, 1))
    assert status.state == "superseded" and status.change.by_ref == "18/2022/NĐ-CP"


def test_an_undated_reference_older_than_every_instrument_of_its_number_is_unresolved(registry):
    assert registry.resolve("86-QĐ/TW", on=date(2012, 5, 1)) is None
    assert registry.resolve("86-QĐ/TW", cited=date(2022, 10, 28), on=date(2012, 5, 1))


@pytest.mark.parametrize("text", [
    "Quy chế  272", "QUYẾT ĐỊNH số 295-QĐ/TW", "Ðà Nẵng", "quy che\u0301 272",  # decomposed
    "a \u0301 b", "\u0301", "", "  ", "Luật\u2003Xuất cảnh\tnhập cảnh\n", "Ủy ban – “Quy chế”",
    "İstanbul ßtraße", "\U0002f800 chữ", "e\u034f\u0301",
])
def test_words_fold_one_by_one_as_the_whole_text_would(text):
    whole = " ".join(_plain(unicodedata.normalize("NFC", text)).lower().split())
    assert fold_words(text) == whole
