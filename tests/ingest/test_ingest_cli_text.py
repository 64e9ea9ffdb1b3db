"""`congvan ingest`'s words: a count before the total is known, flags named by severity."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from api.cli.ingest import _count_column, summary_table
from api.worker import ingest as run


def _text(renderable) -> str:
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(renderable)
    return out.getvalue()


def test_the_count_makes_sense_before_the_total_is_known() -> None:
    column = _count_column()
    bar = Progress(column, console=Console(file=io.StringIO()))
    task = bar.add_task("Đọc văn bản", total=None, unit="văn bản")
    assert str(column.render(bar.tasks[task])) == "0 văn bản"
    bar.update(task, total=10, completed=3)
    assert str(column.render(bar.tasks[task])) == "3/10"
    assert "None" not in str(column.render(bar.tasks[task]))


def test_error_flags_are_called_errors_in_the_summary() -> None:
    rows = [run.FileRow("a.pdf", "1", flags=["two_key_leaders", "missing_work_program"],
                        severities={"two_key_leaders": "error",
                                    "missing_work_program": "warning"}),
            run.FileRow("b.pdf", "2", flags=["two_key_leaders", "old_form"],
                        severities={"two_key_leaders": "error", "old_form": "info"}),
            run.FileRow("c.pdf", "1", status="duplicate", flags=["two_key_leaders"],
                        severities={"two_key_leaders": "error"})]
    totals = run.summary(rows)
    assert totals["flagged"] == {"two_key_leaders": 2, "missing_work_program": 1, "old_form": 1}
    assert totals["severity"] == {"two_key_leaders": "error", "missing_work_program": "warning",
                                  "old_form": "info"}
    json.dumps(totals)  # the --log-json summary line carries it
    text = _text(summary_table(totals, Path("lưu trữ")))
    assert "lỗi two_key_leaders" in text
    assert "cảnh báo two_key_leaders" not in text
    assert "cảnh báo missing_work_program" in text
    assert "lưu ý old_form" in text
