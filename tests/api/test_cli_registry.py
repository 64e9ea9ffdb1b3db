"""`congvan registry`: show, check, import, export and list over the regulation registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from corpus.registry.load import CSV_COLUMNS, parse
from corpus.registry.store import builtin, overlay_path

runner = CliRunner()

LOCAL_YAML = """\
instruments:
  - ref: 15-QĐ/TU
    kind: Quyết định
    issuer: Ban Thường vụ Tỉnh ủy
    signed: 2019-05-02
    title: ban hành Quy chế đi công tác nước ngoài của cán bộ thuộc diện Tỉnh ủy quản lý
    aliases:
      - Quy chế 15 của Tỉnh ủy
    sources:
      - how: primary_letter
        note: công văn mẫu của Văn phòng Tỉnh ủy dẫn Quyết định 15-QĐ/TU ngày 02/5/2019
"""

#: Two mistakes the loader reports together: a date it cannot read (line 5, `signed`) and a
#: source without `how` (line 17, the second entry's `sources`).
TWO_ENTRY_ERRORS = """\
instruments:
  - ref: 15-QĐ/TU
    kind: Quyết định
    issuer: Ban Thường vụ Tỉnh ủy
    signed: 02/05/2019
    title: thử
    sources:
      - how: own_text
        note: bản gốc
  - ref: 16-QĐ/TU
    kind: Quyết định
    issuer: Ban Thường vụ Tỉnh ủy
    signed: 2019-06-01
    title: thử
    aliases:
      - Quyết định 16 của Tỉnh ủy
    sources:
      - note: không có how
"""

#: A bad date (line 5) and a `by` naming an instrument in neither the file nor the registry
#: (the entry at line 10, its `by` on line 18).
DATE_AND_MISSING_BY = """\
instruments:
  - ref: 15-QĐ/TU
    kind: Quyết định
    issuer: Ban Thường vụ Tỉnh ủy
    signed: 02/05/2019
    title: thử
    sources:
      - how: own_text
        note: bản gốc
  - ref: 16-QĐ/TU
    kind: Quyết định
    signed: 2019-06-01
    sources:
      - how: own_text
        note: bản gốc
    changes:
      - type: replaced_by
        by: 999-QĐ/TU
        since: 2020-01-01
        how: own_text
        note: không có văn bản này
"""


@pytest.fixture()
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("CONGVAN_DATA_DIR", str(folder))
    return folder


def invoke(*args: str):
    return runner.invoke(app, ["registry", *args])


def check(*args: str) -> dict:
    result = invoke("check", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def listed_ids(*args: str) -> list[str]:
    result = invoke("list", "--json", *args)
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


# --- show ---------------------------------------------------------------------------------------

def test_show_lists_both_party_instruments_with_one_number(data: Path) -> None:
    result = invoke("show", "86-QĐ/TW", "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert [i["id"] for i in shown] == ["86-QĐ/TW@2017-06-01", "86-QĐ/TW@2022-10-28"]
    assert [i["signed"] for i in shown] == ["2017-06-01", "2022-10-28"]
    assert shown[1]["replaces"] == ["228-QĐ/TW"] and shown[0]["replaces"] == []

    text = invoke("show", "86-QĐ/TW")
    assert text.exit_code == 0
    assert "01/06/2017" in text.stdout and "28/10/2022" in text.stdout
    assert "thay thế: 228-QĐ/TW" in text.stdout


def test_show_by_id_prints_one_instrument_with_sources_and_changes(data: Path) -> None:
    one = json.loads(invoke("show", "86-QĐ/TW@2017-06-01", "--json").stdout)
    assert [i["id"] for i in one] == ["86-QĐ/TW@2017-06-01"]

    text = invoke("show", "295-QĐ/TW").stdout
    assert "Bộ Chính trị" in text and "23/03/2010" in text
    assert "primary_letter" in text and "Công văn 1170/VPCP-QHQT" in text
    assert "replaced_by" in text and "được thay thế bởi: 272-QĐ/TW" in text


def test_show_accepts_an_ocr_damaged_ref_and_says_it_was_fuzzy(data: Path) -> None:
    result = invoke("show", "86-QD/TW", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 2
    assert "fuzzy" in result.stderr and "điểm" in result.stderr


def test_show_unknown_ref_exits_1(data: Path) -> None:
    result = invoke("show", "999-QĐ/TW")
    assert result.exit_code == 1
    assert "Không có văn bản" in result.stderr and "trong danh mục" in result.stderr
    assert result.stdout == ""


# --- check --------------------------------------------------------------------------------------

def test_check_short_form_superseded_by_272(data: Path) -> None:
    out = check("QĐ 295", "--on", "2024-03-12")
    assert (out["id"], out["match"], out["status"]) == ("295-QĐ/TW", "short_form", "superseded")
    assert out["replaced_by"] == ["272-QĐ/TW"]
    assert out["since"] == "2015-01-21"
    assert out["how"] == "primary_letter" and out["certain"] is True
    assert "1170/VPCP-QHQT" in out["source"]

    text = invoke("check", "QĐ 295", "--on", "2024-03-12").stdout
    assert "superseded" in text and "đã được thay thế" in text
    assert "272-QĐ/TW" in text and "21/01/2015" in text and "có thể" not in text


def test_check_before_the_replacement_is_in_force(data: Path) -> None:
    out = check("QĐ 295", "--on", "2012-01-01")
    assert out["status"] == "in_force"
    assert out["replaced_by"] == [] and out["since"] is None and out["certain"] is True


def test_check_other_short_forms_and_aliases(data: Path) -> None:
    assert check("Quy chế 272", "--on", "2024-03-12")["id"] == "272-QĐ/TW"
    assert check("Chỉ thị 38", "--on", "2024-03-12")["id"] == "38-CT/TW"
    assert check("QD 295", "--on", "2024-03-12")["id"] == "295-QĐ/TW"  # no marks
    law = check("Luật Xuất cảnh, nhập cảnh của công dân Việt Nam", "--on", "2024-03-12")
    assert law["id"] == "49/2019/QH14" and law["status"] == "amended"  # by 23/2023/QH15


def test_check_likely_change_is_not_certain(data: Path) -> None:
    out = check("136/2007/NĐ-CP", "--on", "2021-01-01")
    assert out["status"] == "superseded" and out["match"] == "exact"
    assert out["replaced_by"] == ["49/2019/QH14"]
    assert out["certain"] is False and out["how"] == "secondary_source"
    assert "có thể" in invoke("check", "136/2007/NĐ-CP", "--on", "2021-01-01").stdout


def test_check_repealed_and_not_yet_issued(data: Path) -> None:
    repealed = check("09/2010/NĐ-CP", "--on", "2021-01-01")
    assert repealed["status"] == "repealed" and repealed["since"] == "2020-03-05"
    assert check("272-QĐ/TW", "--on", "2014-01-01")["status"] == "not_yet_issued"


def test_check_party_number_picks_the_instrument_of_the_date(data: Path) -> None:
    assert check("Quy định 86", "--on", "2018-01-01")["id"] == "86-QĐ/TW@2017-06-01"
    assert check("Quy định 86", "--on", "2024-01-01")["id"] == "86-QĐ/TW@2022-10-28"


def test_check_fuzzy_ref_reports_its_score(data: Path) -> None:
    out = check("136/2007/ND-CP", "--on", "2019-01-01")
    assert out["id"] == "136/2007/NĐ-CP" and out["match"] == "fuzzy"
    assert 0 < out["score"] < 100 and out["status"] == "in_force"


def test_check_unresolved_exits_1(data: Path) -> None:
    result = invoke("check", "Quy chế 999", "--on", "2024-03-12")
    assert result.exit_code == 1
    assert "Quy chế 999" in result.stderr and "trong danh mục" in result.stderr
    assert result.stdout == ""


def test_check_bad_date_is_a_usage_error(data: Path) -> None:
    result = invoke("check", "QĐ 295", "--on", "2024-13-01")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


# --- import -------------------------------------------------------------------------------------

def test_import_yaml_adds_a_local_instrument(data: Path, tmp_path: Path) -> None:
    assert invoke("check", "15-QĐ/TU").exit_code == 1
    result = invoke("import", str(write(tmp_path / "local.yaml", LOCAL_YAML)))
    assert result.exit_code == 0, result.output
    assert "1 mới" in result.stdout and str(overlay_path(data)) in result.stdout
    assert overlay_path(data).is_file()

    out = check("15-QĐ/TU", "--on", "2024-03-12")
    assert (out["id"], out["match"], out["status"]) == ("15-QĐ/TU", "exact", "in_force")
    assert check("15-QĐ/TU", "--on", "2019-05-01")["status"] == "not_yet_issued"
    assert check("Quy chế 15 của Tỉnh ủy", "--on", "2024-03-12")["id"] == "15-QĐ/TU"

    again = invoke("import", str(tmp_path / "local.yaml"))
    assert again.exit_code == 0 and "0 mới, 0 thay đổi, 1 không đổi" in again.stdout


def test_import_with_data_dir_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONGVAN_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "elsewhere"
    result = invoke("import", str(write(tmp_path / "local.yaml", LOCAL_YAML)),
                    "--data-dir", str(folder))
    assert result.exit_code == 0, result.output
    assert overlay_path(folder).is_file() and not (tmp_path / "data").exists()
    assert invoke("check", "15-QĐ/TU", "--data-dir", str(folder)).exit_code == 0
    assert invoke("check", "15-QĐ/TU").exit_code == 1


def test_import_reports_every_problem_with_its_line_and_writes_nothing(
        data: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", TWO_ENTRY_ERRORS)
    result = invoke("import", str(bad))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"{bad}: dòng 5: ") and "ngày ký" in lines[0]
    assert lines[1].startswith(f"{bad}: dòng 17: ") and "nguồn" in lines[1]
    assert not data.exists()


def test_import_missing_by_names_the_entry_line(data: Path, tmp_path: Path) -> None:
    text = DATE_AND_MISSING_BY.replace("signed: 02/05/2019", "signed: 2019-05-02")
    bad = write(tmp_path / "bad.yaml", text)
    result = invoke("import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"{bad}: dòng 10: 16-QĐ/TU: replaced_by 999-QĐ/TU — không có văn bản này trong danh mục"]
    assert not data.exists()


def test_import_reports_a_bad_date_and_a_missing_by_together(data: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", DATE_AND_MISSING_BY)
    result = invoke("import", str(bad))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"{bad}: dòng 5: ") and "ngày ký" in lines[0]
    assert lines[1] == (f"{bad}: dòng 10: 16-QĐ/TU: replaced_by 999-QĐ/TU — không có văn bản "
                        "này trong danh mục")
    assert not data.exists()


def test_import_impossible_yaml_date_has_its_line(data: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", LOCAL_YAML.replace("2019-05-02", "2019-13-45"))
    result = invoke("import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}: dòng 5: ") and "2019-13-45" in result.stderr
    assert not data.exists()


def test_import_unreadable_file_exits_2_without_writing(data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "utf16.yaml"
    bad.write_bytes(LOCAL_YAML.encode("utf-16"))
    result = invoke("import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}: không đọc được tệp")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not data.exists()


def test_import_missing_or_unsupported_file_exits_2(data: Path, tmp_path: Path) -> None:
    assert invoke("import", str(tmp_path / "none.yaml")).exit_code == 2
    assert invoke("import", str(write(tmp_path / "x.json", "{}"))).exit_code == 2
    assert not data.exists()


def test_import_csv_with_a_replacement(data: Path, tmp_path: Path) -> None:
    rows = [
        ",".join(CSV_COLUMNS),
        "12-QĐ/TU,,Quyết định,Ban Thường vụ Tỉnh ủy,2016-03-01,,quy chế cũ,,primary_letter,"
        "công văn mẫu dẫn Quyết định 12-QĐ/TU,replaced_by,15-QĐ/TU,2019-05-02,express_clause,"
        "Điều 3 Quyết định 15-QĐ/TU thay thế Quyết định 12-QĐ/TU",
        "15-QĐ/TU,,Quyết định,Ban Thường vụ Tỉnh ủy,2019-05-02,,quy chế mới,,own_text,"
        "bản gốc,,,,,",
    ]
    csv_file = write(tmp_path / "local.csv", "\n".join(rows) + "\n")
    result = invoke("import", str(csv_file))
    assert result.exit_code == 0, result.output
    assert "2 mới" in result.stdout

    later = check("12-QĐ/TU", "--on", "2020-01-01")
    assert later["status"] == "superseded" and later["replaced_by"] == ["15-QĐ/TU"]
    assert later["since"] == "2019-05-02" and later["certain"] is True
    assert check("12-QĐ/TU", "--on", "2018-01-01")["status"] == "in_force"
    shown = json.loads(invoke("show", "15-QĐ/TU", "--json").stdout)
    assert shown[0]["replaces"] == ["12-QĐ/TU"]


# --- export and list ----------------------------------------------------------------------------

def test_export_yaml_imports_back_into_an_empty_data_dir(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("import", str(write(tmp_path / "local.yaml", LOCAL_YAML))).exit_code == 0
    before = listed_ids()
    assert "15-QĐ/TU" in before and len(before) == len(builtin()) + 1
    exported = tmp_path / "all.yaml"
    result = invoke("export", "--output", str(exported))
    assert result.exit_code == 0, result.output
    shown_before = invoke("show", "86-QĐ/TW", "--json").stdout

    monkeypatch.setenv("CONGVAN_DATA_DIR", str(tmp_path / "empty"))
    assert "15-QĐ/TU" not in listed_ids()
    result = invoke("import", str(exported))
    assert result.exit_code == 0, result.output
    assert "1 mới" in result.stdout
    assert listed_ids() == before
    assert invoke("show", "86-QĐ/TW", "--json").stdout == shown_before


def test_export_csv_parses_back(data: Path, tmp_path: Path) -> None:
    assert invoke("import", str(write(tmp_path / "local.yaml", LOCAL_YAML))).exit_code == 0
    result = invoke("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ",".join(CSV_COLUMNS)
    instruments = parse(result.stdout, fmt="csv")
    assert len(instruments) == len(builtin()) + 1
    assert [i.id for i in instruments] == listed_ids()
    shown = json.loads(invoke("show", "295-QĐ/TW", "--json").stdout)[0]
    back = next(i for i in instruments if i.id == "295-QĐ/TW").to_dict()
    assert back == {k: v for k, v in shown.items() if k not in ("id", "replaces")}


def test_export_format_follows_the_output_suffix(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    assert invoke("export", "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8").startswith(",".join(CSV_COLUMNS))


def test_list_filters(data: Path) -> None:
    every = listed_ids()
    assert len(every) == len(builtin())
    directives = listed_ids("--kind", "chi thi")
    assert directives and "38-CT/TW" in directives and "295-QĐ/TW" not in directives
    politburo = listed_ids("--issuer", "bo chinh tri")
    assert "295-QĐ/TW" in politburo and "30/CT-TTg" not in politburo
    about_272 = listed_ids("--search", "Quy chế 272")
    assert about_272[0] == "272-QĐ/TW" and "295-QĐ/TW" not in about_272
    assert listed_ids("--search", "86-QĐ/TW") == ["86-QĐ/TW@2017-06-01", "86-QĐ/TW@2022-10-28"]
    assert "49/2019/QH14" in listed_ids("--search", "xuat canh, nhap canh")
    assert listed_ids("--search", "không có văn bản nào như thế") == []


def test_list_status_on_a_date_and_table(data: Path) -> None:
    rows = json.loads(invoke("list", "--json", "--search", "đối ngoại", "--on",
                             "2012-01-01").stdout)
    status = {r["id"]: r["status"] for r in rows}
    assert status["295-QĐ/TW"] == "in_force" and status["272-QĐ/TW"] == "not_yet_issued"
    table = invoke("list", "--kind", "Chỉ thị")
    assert table.exit_code == 0 and "38-CT/TW" in table.stdout and "Chỉ thị" in table.stdout
