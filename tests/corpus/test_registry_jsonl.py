"""State legal metadata as JSON Lines: validation, merging, dates of effect, `amended`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from corpus.registry.jsonl import Record, parse_jsonl
from corpus.registry.load import RegistryDataError
from corpus.registry.lookup import find
from corpus.registry.registry import Registry
from corpus.registry.relations import merge_records
from corpus.registry.store import builtin, import_jsonl, load_registry


def line(**over: Any) -> dict[str, Any]:
    """A good line, with some keys changed (None deletes a key)."""
    base: dict[str, Any] = {
        "so_ky_hieu": "10/2020/NĐ-CP", "loai_van_ban": "Nghị định",
        "co_quan_ban_hanh": "Chính phủ", "ngay_ban_hanh": "05/02/2020",
        "ngay_co_hieu_luc": "2020-03-20", "ngay_het_hieu_luc": None,
        "tinh_trang_hieu_luc": "Còn hiệu lực", "trich_yeu": "quản lý đoàn ra", "relations": []}
    base.update(over)
    return {k: v for k, v in base.items() if v is not None or k == "ngay_het_hieu_luc"}


def text(*lines: dict[str, Any] | str) -> str:
    return "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)
                     for x in lines) + "\n"


def rel(relationship: str, ref: str, signed: str) -> dict[str, str]:
    return {"relationship": relationship, "so_ky_hieu": ref, "ngay_ban_hanh": signed}


#: Each bad line and the problem it must be named by: (line, key, words of the message).
BAD = [
    ("{not json", "(dòng)", "không đọc được JSON"),
    (line(so_ky_hieu=None), "so_ky_hieu", "thiếu số, ký hiệu"),
    (line(so_ky_hieu="Nghị định mười"), "so_ky_hieu", "không hợp lệ"),
    (line(loai_van_ban=None), "loai_van_ban", "thiếu loại văn bản"),
    (line(ngay_ban_hanh=None), "ngay_ban_hanh", "thiếu ngày"),
    (line(ngay_ban_hanh="31/02/2020"), "ngay_ban_hanh", "ngày không hợp lệ"),
    (line(ngay_co_hieu_luc="2020/03/20"), "ngay_co_hieu_luc", "ngày không hợp lệ"),
    (line(ngay_co_hieu_luc="01/01/2020"), "ngay_co_hieu_luc", "trước ngày ban hành"),
    (line(ngay_het_hieu_luc="01/03/2020"), "ngay_het_hieu_luc", "trước ngày có hiệu lực"),
    (line(tinh_trang_hieu_luc="Sắp hết"), "tinh_trang_hieu_luc", "tình trạng không hợp lệ"),
    (line(trich_yeu=12), "trich_yeu", "phải là chuỗi"),
    (line(relations="50/2011/NĐ-CP"), "relations", "phải là danh sách"),
    (line(relations=[rel("Văn bản liên quan", "50/2011/NĐ-CP", "01/01/2011")]),
     "relations[0].relationship", "quan hệ không hợp lệ"),
    (line(relations=[rel("Văn bản thay thế", "", "01/01/2011")]),
     "relations[0].so_ky_hieu", "thiếu số, ký hiệu"),
    (line(relations=[{"relationship": "Văn bản thay thế", "so_ky_hieu": "50/2011/NĐ-CP"}]),
     "relations[0].ngay_ban_hanh", "thiếu ngày"),
    ("[1, 2]", "(dòng)", "đối tượng JSON"),
]


@pytest.mark.parametrize(("bad", "key", "words"), BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_each_bad_line_is_named_by_its_line_and_key(bad, key, words) -> None:
    good = line(so_ky_hieu="11/2020/NĐ-CP")
    with pytest.raises(RegistryDataError) as e:
        parse_jsonl(text(good, bad), name="x.jsonl")
    [problem] = e.value.problems
    assert problem.line == 2
    assert str(problem).startswith(f"dòng 2: {key}: ") and words in str(problem)


def test_every_problem_of_every_line_is_listed_not_only_the_first() -> None:
    bad = text(line(ngay_ban_hanh="x", loai_van_ban=None), line(), "{",
               line(so_ky_hieu="1/2021/NĐ-CP", tinh_trang_hieu_luc="?"))
    with pytest.raises(RegistryDataError) as e:
        parse_jsonl(bad, name="x.jsonl")
    named = [(p.line, str(p).split(": ")[1]) for p in e.value.problems]
    assert named == [(1, "loai_van_ban"), (1, "ngay_ban_hanh"), (3, "(dòng)"),
                     (4, "tinh_trang_hieu_luc")]
    assert "x.jsonl" in str(e.value) and "4 lỗi" in str(e.value)


def test_the_same_instrument_twice_names_the_first_line() -> None:
    with pytest.raises(RegistryDataError) as e:
        parse_jsonl(text(line(), line(ngay_ban_hanh="2020-02-05")), name="x.jsonl")
    assert [str(p) for p in e.value.problems] == [
        "dòng 2: so_ky_hieu: văn bản 10/2020/NĐ-CP ngày 05/02/2020 đã có ở dòng 1"]


def _merged(*lines: dict[str, Any]) -> Registry:
    instruments = {i.id: i for i in builtin()}
    merge_records(instruments, parse_jsonl(text(*lines), name="nhà-nước.jsonl"),
                  "nhà-nước.jsonl")
    return Registry(instruments.values())


def test_a_relation_stated_on_one_side_holds_both_ways_with_the_file_as_source() -> None:
    registry = _merged(
        line(relations=[rel("Văn bản thay thế", "5/2010/NĐ-CP", "05/01/2010")]),
        line(so_ky_hieu="5/2010/NĐ-CP", ngay_ban_hanh="05/01/2010", ngay_co_hieu_luc=None,
             tinh_trang_hieu_luc="Hết hiệu lực toàn bộ"))
    old = registry.get("5/2010/NĐ-CP")
    assert old is not None
    [change] = old.changes
    assert (change.type, change.by, change.since) == ("replaced_by", "10/2020/NĐ-CP",
                                                      date(2020, 3, 20))  # its date of effect
    assert change.source.note == "nhà-nước.jsonl, dòng 1"
    assert [i.id for i in registry.replaces("10/2020/NĐ-CP")] == ["5/2010/NĐ-CP"]
    assert registry.status(old, date(2020, 3, 19)).state == "in_force"  # signed, not in effect
    assert registry.status(old, date(2020, 3, 20)).chain == ("10/2020/NĐ-CP",)


def test_both_sides_stating_it_make_one_change_and_an_unlisted_instrument_is_added() -> None:
    registry = _merged(
        line(relations=[rel("Văn bản thay thế", "5/2010/NĐ-CP", "05/01/2010"),
                        rel("Văn bản bãi bỏ", "7/1999/QĐ-TTg", "1999-03-02")]),
        line(so_ky_hieu="5/2010/NĐ-CP", ngay_ban_hanh="05/01/2010",
             relations=[rel("Văn bản bị thay thế", "10/2020/NĐ-CP", "05/02/2020")]))
    old = registry.get("5/2010/NĐ-CP")
    assert old is not None and len(old.changes) == 1
    named_only = registry.get("7/1999/QĐ-TTg")  # not a line of the file: known from line 1
    assert named_only is not None and named_only.kind == "Quyết định"
    assert registry.status(named_only, date(2021, 1, 1)).state == "repealed"


def test_relations_that_disagree_are_named() -> None:
    with pytest.raises(RegistryDataError) as e:
        _merged(line(relations=[rel("Văn bản thay thế", "5/2010/NĐ-CP", "05/01/2010")]),
                line(so_ky_hieu="5/2010/NĐ-CP", ngay_ban_hanh="05/01/2010",
                     relations=[rel("Văn bản bị bãi bỏ", "10/2020/NĐ-CP", "05/02/2020")]))
    [problem] = e.value.problems
    assert problem.line == 2 and "relations[0].relationship: hai chiều không khớp với dòng 1" \
        in str(problem)
    with pytest.raises(RegistryDataError) as e:
        _merged(line(relations=[rel("Văn bản thay thế", "5/2010/NĐ-CP", "05/01/2010")]),
                line(so_ky_hieu="5/2010/NĐ-CP", ngay_ban_hanh="05/01/2010",
                     relations=[rel("Văn bản thay thế", "10/2020/NĐ-CP", "05/02/2020")]))
    assert "thay thế lẫn nhau" in str(e.value.problems[0])


def test_status_follows_the_dates_of_effect() -> None:
    registry = _merged(line(so_ky_hieu="3/2015/TT-BNG", loai_van_ban="Thông tư",
                            ngay_ban_hanh="10/01/2015", ngay_co_hieu_luc="01/03/2015",
                            ngay_het_hieu_luc="2019-07-01",
                            tinh_trang_hieu_luc="Hết hiệu lực toàn bộ"))
    inst = registry.get("3/2015/TT-BNG")
    assert inst is not None and inst.out_of_force == date(2019, 7, 1)
    assert registry.status(inst, date(2019, 6, 30)).state == "in_force"
    ended = registry.status(inst, date(2019, 7, 1))
    assert ended.state == "repealed" and ended.change is not None
    assert ended.change.since == date(2019, 7, 1)


def test_amended_and_partly_repealed_are_the_amended_status() -> None:
    registry = _merged(
        line(so_ky_hieu="20/2022/NĐ-CP", ngay_ban_hanh="01/06/2022",
             ngay_co_hieu_luc="01/08/2022",
             relations=[rel("Văn bản sửa đổi bổ sung", "10/2020/NĐ-CP", "05/02/2020"),
                        rel("Văn bản bãi bỏ", "4/2018/TT-BNV", "2018-04-04")]),
        line(),
        line(so_ky_hieu="4/2018/TT-BNV", loai_van_ban="Thông tư", ngay_ban_hanh="04/04/2018",
             ngay_co_hieu_luc=None, tinh_trang_hieu_luc="Hết hiệu lực một phần"))
    amended = registry.get("10/2020/NĐ-CP")
    partly = registry.get("4/2018/TT-BNV")
    assert amended is not None and partly is not None
    assert registry.status(amended, date(2022, 7, 31)).state == "in_force"
    status = registry.status(amended, date(2022, 8, 1))
    assert (status.state, status.amended_by) == ("amended", ("20/2022/NĐ-CP",))
    assert [c.type for c in partly.changes] == ["partly_repealed"]
    assert registry.status(partly, date(2023, 1, 1)).state == "amended"


def test_import_keeps_the_file_and_the_registry_reads_it_back(tmp_path: Path) -> None:
    source = tmp_path / "vbpl.jsonl"
    source.write_text(text(line(relations=[rel("Văn bản thay thế", "272-QĐ/TW",
                                               "21/01/2015")])), encoding="utf-8")
    data = tmp_path / "data"
    [imported] = import_jsonl(source, data)
    assert imported.id == "10/2020/NĐ-CP"
    kept = list((data / "registry" / "imports").glob("*.jsonl"))
    assert [p.name for p in kept] == ["0001-vbpl.jsonl"]
    assert kept[0].read_bytes() == source.read_bytes()
    for _ in range(2):  # built from the file, then from the cache: the same registry
        registry = load_registry(data)
        found = find(registry, "272-QĐ/TW", date(2024, 3, 12))
        assert found is not None
        status = registry.status(found.instrument, date(2024, 3, 12))
        assert status.state == "superseded" and status.chain == ("10/2020/NĐ-CP",)
        assert len(registry) == len(builtin()) + 1
        assert (data / "registry" / "cache" / "registry.pickle").exists()


def test_a_bad_file_is_not_kept(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text(text(line(ngay_ban_hanh="hôm qua")), encoding="utf-8")
    with pytest.raises(RegistryDataError):
        import_jsonl(source, tmp_path / "data")
    assert not (tmp_path / "data" / "registry" / "imports").exists()


def test_of_several_endings_the_last_is_whole_and_the_earlier_were_partial() -> None:
    registry = _merged(
        line(so_ky_hieu="5/2010/NĐ-CP", ngay_ban_hanh="05/01/2010", ngay_co_hieu_luc=None,
             tinh_trang_hieu_luc="Hết hiệu lực toàn bộ",
             relations=[rel("Văn bản bị bãi bỏ", "8/2012/NĐ-CP", "2012-03-01"),
                        rel("Văn bản bị thay thế", "10/2020/NĐ-CP", "05/02/2020")]),
        line())
    old = registry.get("5/2010/NĐ-CP")
    assert old is not None
    assert sorted(c.type for c in old.changes) == ["partly_repealed", "replaced_by"]
    assert registry.status(old, date(2013, 1, 1)).state == "amended"
    assert registry.status(old, date(2020, 3, 20)).state == "superseded"


def test_an_overlay_change_after_an_import_does_not_read_the_files_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus.registry import store
    from corpus.registry.store import import_file

    source = tmp_path / "vbpl.jsonl"
    source.write_text(text(line()), encoding="utf-8")
    data = tmp_path / "data"
    import_jsonl(source, data)

    def read_again(path: Path, *, name: str | None = None) -> list[Record]:
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(store, "read_jsonl", read_again)
    overlay = tmp_path / "sua.yaml"
    overlay.write_text("instruments:\n  - ref: 15-QĐ/TU\n    kind: Quyết định\n"
                       "    signed: 2019-05-02\n    sources:\n      - how: primary_letter\n"
                       "        note: thử\n", encoding="utf-8")
    import_file(overlay, data)
    registry = load_registry(data)
    assert registry.get("15-QĐ/TU") is not None and registry.get("10/2020/NĐ-CP") is not None
    monkeypatch.undo()  # the layer kept was used; now a file goes, and it is made again
    (data / "registry" / "imports" / "0001-vbpl.jsonl").unlink()
    assert load_registry(data).get("10/2020/NĐ-CP") is None  # a file gone: made again


def test_a_change_waits_while_another_holds_the_registry(tmp_path: Path) -> None:
    import threading

    from corpus.registry.store import changing, imported_files

    data = tmp_path / "data"
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(text(line()), encoding="utf-8")
    second.write_text(text(line(so_ky_hieu="11/2021/NĐ-CP", ngay_ban_hanh="05/02/2021",
                                ngay_co_hieu_luc="2021-03-01")),
                      encoding="utf-8")
    with changing(data):  # another process's import, say, half done
        waiting = threading.Thread(target=import_jsonl, args=(second, data))
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive()  # held back: it would number its file against this one
        import_jsonl(first, data)  # the holder's own change goes through (same thread)
    waiting.join(timeout=60)
    assert not waiting.is_alive()
    assert [p.name for p in imported_files(data)] == ["0001-a.jsonl", "0002-b.jsonl"]
    registry = load_registry(data)
    assert registry.get("10/2020/NĐ-CP") is not None and registry.get("11/2021/NĐ-CP") is not None
