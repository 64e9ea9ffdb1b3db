"""Rules as data: validation with every problem named, the administrators' overlay, the CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from typer.testing import CliRunner

from api.cli import app
from corpus.rules.check import Letter, check_rules
from corpus.rules.model import RulesDataError, builtin_rules, import_rules, load_rules, parse_rules

runner = CliRunner()


def _trip(**delegation):
    base = {"head": {"name": "Nguyễn Văn An", "title": "Giám đốc Sở Công Thương"},
            "members": [{"name": "Trần Thị Bình", "title": "Phó Giám đốc Sở Công Thương"}],
            "countries": ["Nhật Bản"], "places": [], "start": "2024-05-06", "end": "2024-05-10",
            "funding": {"kind": "state_budget", "text": "ngân sách tỉnh"}}
    return {**base, **delegation}


def test_the_shipped_rules_cover_every_check_and_name_their_sources():
    rules = builtin_rules()
    assert {r.check for r in rules} == {"missing_work_program", "two_key_leaders",
                                        "enterprise_funded", "relatives_in_delegation",
                                        "late_trip_report", "restricted_period"}
    assert all(r.source.ref and r.source.clause and r.source.how for r in rules)
    assert not next(r for r in rules if r.id == "vi-du-thoi-gian-han-che").enabled


def test_a_bad_rules_file_is_refused_with_every_problem():
    text = """rules:
  - id: a
    check: no_such_check
    source: {ref: 1-CT/TW, date: 2020-01-01, issuer: X, clause: y, how: own_text}
  - id: b
    check: late_trip_report
    source: {ref: 1-CT/TW, date: 2020-13-01, issuer: X, clause: y, how: own_text}
  - id: b
    check: two_key_leaders
"""
    with pytest.raises(RulesDataError) as caught:
        parse_rules(text)
    message = str(caught.value)
    assert "no_such_check" not in message or "check phải là" in message
    assert "quy tắc a: check phải là" in message
    assert "ngày không hợp lệ" in message and "working_days" in message
    assert "source cần" in message and "id b bị lặp" in message


def test_an_administrator_switches_a_rule_off_and_it_stops_flagging(tmp_path):
    letter = Letter("request", date(2024, 4, 1), "Sở Công Thương tỉnh Đồng Tháp",
                    "chương trình làm việc kèm theo", _trip())
    assert [f.code for f in check_rules(letter, load_rules(tmp_path))] == ["two_key_leaders"]
    off = tmp_path / "off.yaml"
    rule = next(r for r in builtin_rules() if r.check == "two_key_leaders")
    import yaml

    off.write_text(yaml.safe_dump({"rules": [replace(rule, enabled=False).to_dict()]},
                                  allow_unicode=True), "utf-8")
    result = runner.invoke(app, ["rules", "import", str(off), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert check_rules(letter, load_rules(tmp_path)) == []
    listed = runner.invoke(app, ["rules", "list", "--json", "--data-dir", str(tmp_path)])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert next(r for r in rows if r["id"] == rule.id)["enabled"] is False
    shown = runner.invoke(app, ["rules", "show", rule.id, "--data-dir", str(tmp_path)])
    assert json.loads(shown.stdout)["source"]["ref"] == "38-CT/TW"
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [{id: x, check: nope}]\n", "utf-8")
    refused = runner.invoke(app, ["rules", "import", str(bad), "--data-dir", str(tmp_path)])
    assert refused.exit_code == 2
    assert len(load_rules(tmp_path)) == len(builtin_rules())  # nothing written on error


def test_issuer_scope_dates_and_kinds_decide_where_a_rule_binds(tmp_path):
    hanoi = next(r for r in builtin_rules() if r.id == "vptu-hn-chuong-trinh-cu-the")
    assert hanoi.applies("request", date(2020, 1, 1), "Sở Ngoại vụ thành phố Hà Nội")
    assert not hanoi.applies("request", date(2020, 1, 1), "Sở Ngoại vụ tỉnh Khánh Hòa")
    assert not hanoi.applies("request", date(2019, 1, 1), "Sở Ngoại vụ thành phố Hà Nội")
    assert not hanoi.applies("report", date(2020, 1, 1), "Sở Ngoại vụ thành phố Hà Nội")
    imported = import_rules(_write(tmp_path, replace(hanoi, enabled=False)), tmp_path)
    assert [r.id for r in imported] == [hanoi.id]


def _write(folder, rule):
    import yaml

    path = folder / "r.yaml"
    path.write_text(yaml.safe_dump({"rules": [rule.to_dict()]}, allow_unicode=True), "utf-8")
    return path


@pytest.mark.parametrize(("members", "flagged"), [
    ([{"name": "B", "title": "Phó Giám đốc Sở Công Thương"}], True),
    ([{"name": "B", "title": "Phó Chủ tịch Ủy ban nhân dân tỉnh Nghệ An"}], False),
    ([{"name": "B", "title": "Trưởng phòng Quản lý thương mại Sở Công Thương"}], False),
    ([{"name": "B", "title": "Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Sở Ngoại vụ"},
      {"name": "C", "title": "Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch Hội đồng nhân dân tỉnh"}],
     True),
    ([{"name": "B", "title": "phu nhân của Trưởng đoàn"}], False),
])
def test_two_key_leaders_means_head_and_deputy_of_one_body_or_two_of_a_standing_committee(
        members, flagged):
    letter = Letter("request", date(2024, 4, 1), None, "chương trình làm việc",
                    _trip(members=members))
    rules = [r for r in builtin_rules() if r.check == "two_key_leaders"]
    assert bool(check_rules(letter, rules)) is flagged


def test_rules_show_takes_a_check_code(tmp_path) -> None:
    """`rules show missing_work_program` (the flag code the pages show) lists its rules."""
    wanted = [r.id for r in builtin_rules() if r.check == "missing_work_program"]
    assert len(wanted) >= 2
    shown = runner.invoke(app, ["rules", "show", "missing_work_program",
                                "--data-dir", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)
    assert [r["id"] for r in rows] == wanted
    assert all(r["check"] == "missing_work_program" for r in rows)
    missing = runner.invoke(app, ["rules", "show", "khong_co", "--data-dir", str(tmp_path)])
    assert missing.exit_code == 1
    assert "Không có quy định" in missing.output
