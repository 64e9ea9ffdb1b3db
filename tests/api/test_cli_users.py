"""`congvan users`: list without secrets; the password asked twice in Vietnamese."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("CONGVAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CONGVAN_DATABASE_URL", raising=False)
    return tmp_path


def test_users_list_shows_state_and_no_secret(data) -> None:
    added = runner.invoke(app, ["users", "add", "lan", "--role", "reviewer", "--password"],
                          input="matkhau-123\nmatkhau-123\n")
    assert added.exit_code == 0, added.output
    token = added.output.strip().splitlines()[-1]
    assert runner.invoke(app, ["users", "add", "minh", "--role", "uploader"]).exit_code == 0
    assert runner.invoke(app, ["users", "revoke", "minh"]).exit_code == 0

    listed = runner.invoke(app, ["users", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = {r["name"]: r for r in map(json.loads, listed.output.splitlines())}
    assert rows["lan"]["role"] == "reviewer" and rows["lan"]["password"] is True
    assert rows["lan"]["revoked"] is False
    assert rows["minh"]["password"] is False and rows["minh"]["revoked"] is True
    assert set(rows["lan"]) == {"name", "role", "password", "revoked", "created"}

    table = runner.invoke(app, ["users", "list"])
    assert table.exit_code == 0, table.output
    assert "2 người dùng" in table.output and "lan" in table.output and "minh" in table.output
    for output in (listed.output, table.output):
        assert token not in output and "argon2" not in output and "matkhau" not in output


def test_password_asked_twice_in_vietnamese(data) -> None:
    assert runner.invoke(app, ["users", "add", "lan", "--role", "admin"]).exit_code == 0
    result = runner.invoke(app, ["users", "password", "lan"],
                           input="matkhau-123\nkhac-hẳn-1\nmatkhau-456\nmatkhau-456\n")
    assert result.exit_code == 0, result.output
    assert "Nhập lại mật khẩu" in result.output
    assert "không khớp" in result.output
    assert "Repeat" not in result.output and "confirmation" not in result.output
    assert "Đã đặt mật khẩu cho lan" in result.output
    listed = runner.invoke(app, ["users", "list", "--json"])
    assert json.loads(listed.output)["password"] is True
