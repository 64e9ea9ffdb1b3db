"""The clerk's and operator's CLI: -v/-vv say what a command does; `ingest`'s time left, elapsed
time, and the letter's id and link in its report and JSON lines; `synth`'s progress."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from api.cli import app
from api.cli.ingest import clock, letter_link, remaining_seconds, summary_table
from api.cli.verbose import database_shown
from api.worker import ingest as run
from corpus.synth.compose import compose
from corpus.synth.render import render


def _congvan(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONGVAN_DATA_DIR": str(data), "CONGVAN_LANG": "vi"}
    env.pop("CONGVAN_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "api", *args], env=env, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.fixture
def empty_file_folder(tmp_path) -> Path:
    folder = tmp_path / "lưu trữ"
    folder.mkdir()
    (folder / "rỗng.pdf").write_bytes(b"")
    return folder


def test_v_says_which_database_folder_and_file_and_vv_adds_debugging(empty_file_folder,
                                                                      tmp_path) -> None:
    data = tmp_path / "data"
    quiet = _congvan("ingest", str(empty_file_folder), "--quiet", data=data)
    assert quiet.returncode == 1  # the empty file failed
    assert " INFO " not in quiet.stderr and " DEBUG " not in quiet.stderr
    told = _congvan("-v", "ingest", str(empty_file_folder), "--quiet", data=data)
    assert f"cơ sở dữ liệu: sqlite:///{data / 'congvan.db'}" in told.stderr
    assert f"thư mục dữ liệu: {data}" in told.stderr
    assert f"1 tệp trong {empty_file_folder}" in told.stderr
    assert "rỗng.pdf: failed empty_file" in told.stderr
    assert " DEBUG " not in told.stderr and "setup plugin" not in told.stderr
    debug = _congvan("-vv", "users", "list", data=data)
    assert debug.returncode == 0 and " DEBUG " in debug.stderr
    assert "cơ sở dữ liệu:" in debug.stderr


def test_the_database_password_is_never_shown() -> None:
    shown = database_shown("postgresql://congvan:bí-mật@db.local:5432/congvan")
    assert "bí-mật" not in shown and "db.local:5432/congvan" in shown


def test_the_time_left_is_unknown_rather_than_wrong() -> None:
    assert remaining_seconds(30.0, 0, 10, 30.0) is None  # nothing finished: no pace yet
    assert remaining_seconds(40.0, 4, 10, 0.0) == pytest.approx(60.0)  # 10 s a letter, 6 left
    assert remaining_seconds(40.0, 4, 10, 15.0) == pytest.approx(45.0)  # counting down
    # The last letter, a long scan, has taken longer than the pace says: not "0:00:03".
    assert remaining_seconds(90.0, 9, 10, 25.0) is None
    assert remaining_seconds(90.0, 10, 10, 25.0) == 0.0
    assert clock(None) == "—" and clock(3725.4) == "1:02:05"


def test_the_summary_shows_the_elapsed_time_and_names_error_flags_errors() -> None:
    rows = [run.FileRow("a.pdf", "1", document_id="d1", flags=["two_key_leaders"],
                        severities={"two_key_leaders": "error"})]
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(
        summary_table(run.summary(rows), Path("kho"), 75.0))
    assert "đã chạy 0:01:15" in out.getvalue() and "lỗi two_key_leaders" in out.getvalue()


def test_the_link_is_relative_without_a_base_url() -> None:
    assert letter_link("abc", None) == "/letters/abc"
    assert letter_link("abc", "https://cv.example/congvan/") == \
        "https://cv.example/congvan/letters/abc"
    assert letter_link(None, "https://cv.example") == ""


@pytest.mark.heavy  # a letter read by a `congvan ingest` process (about 20 s)
def test_the_report_and_the_json_lines_carry_the_letters_id_and_link(tmp_path) -> None:
    folder = tmp_path / "kho"
    folder.mkdir()
    (folder / "công văn.pdf").write_bytes(render(compose(3))[0])
    (folder / "rỗng.pdf").write_bytes(b"")
    report = tmp_path / "báo cáo.csv"
    done = _congvan("ingest", str(folder), "--workers", "1", "--log-json", "--report",
                    str(report), "--base-url", "https://cv.example/", data=tmp_path / "data")
    assert done.returncode == 1, done.stderr[-2000:]  # the empty file failed
    events = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    files = {e["path"]: e for e in events if e["event"] == "file"}
    ident = files["công văn.pdf"]["document"]
    assert ident and files["công văn.pdf"]["link"] == f"https://cv.example/letters/{ident}"
    assert files["rỗng.pdf"]["document"] is None and files["rỗng.pdf"]["link"] is None
    assert all("remaining_seconds" in e and "elapsed_seconds" in e
               for e in events if e["event"] == "progress")
    assert events[-1]["event"] == "summary" and events[-1]["elapsed_seconds"] >= 0
    with report.open(encoding="utf-8") as f:
        rows = {r["path"]: r for r in csv.DictReader(f)}
    assert rows["công văn.pdf"]["document_id"] == ident
    assert rows["công văn.pdf"]["link"] == f"https://cv.example/letters/{ident}"
    assert rows["công văn.pdf"]["doc_ref"]  # read
    assert rows["rỗng.pdf"]["document_id"] == "" and rows["rỗng.pdf"]["link"] == ""


def test_synth_prints_its_progress(tmp_path, monkeypatch) -> None:
    from corpus.synth import build

    letters = build.corpus_letters  # the set without its style variants: two letters only
    monkeypatch.setattr(build, "corpus_letters", lambda *a, **k: letters(*a, **k)[:2])
    result = CliRunner().invoke(app, ["synth", str(tmp_path / "bộ"), "--count", "2",
                                      "--no-traps"])
    assert result.exit_code == 0, result.output
    assert "0/2 văn bản" in result.output and "2/2 văn bản" in result.output
    assert "đã chạy" in result.output and "còn —" in result.output
    assert len(list((tmp_path / "bộ").glob("*.pdf"))) == 2


def test_the_progress_bar_shows_the_time_spent_and_an_unknown_time_left_as_a_dash() -> None:
    from rich.progress import Progress

    from api.cli.ingest import _time_columns

    elapsed, left = _time_columns()
    bar = Progress(elapsed, left, console=Console(file=io.StringIO()))
    task = bar.add_task("Đọc văn bản", total=None)
    assert str(left.render(bar.tasks[task])) == ""  # before the reading starts
    bar.update(task, total=3, completed=2, left=None)
    assert str(left.render(bar.tasks[task])) == "còn —"
    bar.update(task, left=125.0)
    assert str(left.render(bar.tasks[task])) == "còn 0:02:05"
    assert str(elapsed.render(bar.tasks[task])).startswith("đã chạy 0:00:0")
