"""`congvan ingest DIR`: an archive folder into the store and database (api/worker/ingest.py)."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class YesNo(StrEnum):
    """yes or no."""

    yes = "yes"
    no = "no"


#: How the summary names a flag of each severity.
LEVELS = {"error": "lỗi", "warning": "cảnh báo", "info": "lưu ý"}


def _count_column() -> Any:
    """Done of total ("3/10") once the total is known; before, the count ("0 văn bản")."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class Count(ProgressColumn):
        def render(self, task: Task) -> Text:
            if task.total is None:
                return Text(f"{task.completed:.0f} {task.fields.get('unit', '')}".rstrip())
            return Text(f"{task.completed:.0f}/{task.total:.0f}")

    return Count()


def summary_table(totals: dict[str, Any], folder: Path) -> Any:
    """The run's end: files by status, failures by code, flags by code named by severity."""
    from rich.table import Table

    from api.worker import ingest as run

    table = Table(title=f"{totals['files']} tệp trong {folder}")
    table.add_column("")
    table.add_column("số tệp", justify="right")
    labels = {"new": "mới", "duplicate": "trùng (cùng nội dung)",
              "already_stored": "đã có từ trước", "failed": "lỗi"}
    for status in run.STATUSES:
        table.add_row(labels[status], str(totals["status"].get(status, 0)))
    for code, count in sorted(totals["failed"].items()):
        table.add_row(f"  lỗi {code}", str(count))
    severity = totals.get("severity", {})
    for code, count in sorted(totals["flagged"].items()):
        table.add_row(f"  {LEVELS.get(severity.get(code, 'warning'), 'cảnh báo')} {code}",
                      str(count))
    return table


def _emit(event: dict[str, Any]) -> None:
    print(json.dumps(event, ensure_ascii=False), file=sys.stderr, flush=True)


def ingest(  # noqa: C901, PLR0915 - one command: walk, store, read, report, each step in turn
    folder: Annotated[Path, typer.Argument(help="The archive folder (walked recursively).",
                                           exists=True, file_okay=False)],
    workers: Annotated[int | None, typer.Option(help="Letters read at once "
                                                "(default CONGVAN_WORKERS).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: "
                                           "CONGVAN_DATABASE_URL, else the data folder's).")
                  ] = None,
    follow_links: Annotated[YesNo, typer.Option(help="Follow links that stay inside DIR.")
                            ] = YesNo.no,
    include: Annotated[str, typer.Option(help="Comma-separated name patterns, e.g. "
                                         "\"*.pdf,*.tif\" (default: every file).")] = "",
    report: Annotated[Path | None, typer.Option(help="Write one CSV row per file here.")
                      ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    log_json: Annotated[bool, typer.Option("--log-json", help="JSON lines on stderr "
                                           "instead of the progress bar.")] = False,
    watch: Annotated[bool, typer.Option("--watch", help="Keep running: take each new file "
                                        "once it has stopped growing.")] = False,
    done_dir: Annotated[Path | None, typer.Option(help="With --watch: move each file taken "
                                                  "in here (default: leave it).")] = None,
    interval: Annotated[float, typer.Option(help="With --watch: seconds between looks.")
                        ] = 2.0,
    settle: Annotated[float, typer.Option(help="With --watch: seconds a file must go "
                                          "unwritten before it is taken.")] = 5.0,
) -> None:
    """Take every letter under DIR into the service's store and database, and read them."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from api.service import open_service
    from api.settings import load_settings
    from api.worker import ingest as run
    from api.worker import pool

    settings = load_settings()
    if db:
        settings = replace(settings, database_url=db)
    if workers:
        settings = replace(settings, workers=workers)
    opened = open_service(settings)
    engine, factory, store = opened.engine, opened.sessions, opened.store
    patterns = [p.strip() for p in include.split(",") if p.strip()]
    paths = [] if watch else list(run.archive_files(folder, include=patterns,
                                                    follow_links=follow_links is YesNo.yes))
    # Embedded: this process reads the letters; Celery: `congvan worker`s do, wherever they run.
    readers = pool.Workers(factory, store, settings.workers, settings.data_dir,
                           settings.limits) \
        if settings.queue == "embedded" else None
    if readers is not None:
        readers.start()
    if watch:
        _watch(folder, patterns, follow_links is YesNo.yes, done_dir, (interval, settle),
               factory, store, settings, readers)
        engine.dispose()
        return
    err = Console(stderr=True)
    bar = None if quiet or log_json else Progress(
        TextColumn("{task.description}"), BarColumn(), _count_column(),
        TextColumn("{task.fields[extra]}"), TimeRemainingColumn(), console=err)
    started = time.monotonic()
    try:
        if bar is not None:
            bar.start()
            files_task = bar.add_task("Lưu tệp", total=len(paths), extra="", unit="tệp")
            read_task = bar.add_task("Đọc văn bản", total=None, extra="", unit="văn bản")

        def on_file(row: run.FileRow) -> None:
            if readers is not None:
                readers.wake.set()
            if bar is not None:
                bar.advance(files_task)
            elif log_json:
                _emit({"event": "file", "path": row.path, "status": row.status,
                       "error": row.error or None, "sha256": row.sha256 or None})

        rows = run.take_in(paths, factory, store, settings, folder, on_file=on_file)
        ids = sorted({r.document_id for r in rows if r.document_id})
        last = [0.0]

        def on_progress(state: run.Progress) -> None:
            minutes = max(time.monotonic() - started, 1e-6) / 60
            if bar is not None:
                bar.update(read_task, total=state.total, completed=state.done + state.failed,
                           extra=f"{state.pages} trang, {state.pages / minutes:.0f} trang/phút, "
                                 f"{state.failed} lỗi")
            elif log_json and time.monotonic() - last[0] >= 1.0:
                last[0] = time.monotonic()
                _emit({"event": "progress", "documents": state.total, "done": state.done,
                       "failed": state.failed, "pages": state.pages,
                       "pages_per_minute": round(state.pages / minutes, 1)})

        run.wait_for(factory, ids, on_progress)
    except KeyboardInterrupt:
        if readers is not None:
            readers.stop()
        engine.dispose()
        err.print("Đã dừng. Chạy lại cùng lệnh để tiếp tục: tệp đã lưu không lưu lại, văn bản "
                  "đang đọc được xếp hàng lại.")
        raise typer.Exit(130) from None
    finally:
        if bar is not None:
            bar.stop()
    if readers is not None:
        readers.stop()
    run.finish_rows(rows, factory)
    engine.dispose()
    totals = run.summary(rows)
    if report is not None:
        run.write_report(rows, report)
    if log_json:
        _emit({"event": "summary", **totals})
    else:
        Console().print(summary_table(totals, folder))
    if totals["status"].get("failed"):
        raise typer.Exit(1)


def _watch(folder: Path, patterns: list[str], follow: bool, done_dir: Path | None,
           timing: tuple[float, float], factory: Any, store: Any, settings: Any,
           pool: Any) -> None:
    """Look at the folder every `interval` seconds until stopped (Ctrl-C or SIGTERM).

    A file taken in is moved under `done_dir` when given; a refused one (empty, not a letter)
    stays where it is and is not taken again until it changes.
    """
    interval, settle = timing
    import signal

    from api.worker import ingest as run

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    last: dict[Path, tuple[int, float]] = {}
    taken: set[tuple[Path, tuple[int, float]]] = set()
    _emit({"event": "watching", "folder": str(folder)})
    try:
        while True:
            ready, last = run.settled(folder, patterns, follow, last, settle)
            ready = [p for p in ready if (p, last[p]) not in taken and not (
                done_dir is not None and p.resolve().is_relative_to(done_dir.resolve()))]
            rows = run.take_in([(p, None) for p in ready], factory, store, settings, folder)
            for path, row in zip(ready, rows, strict=True):
                taken.add((path, last[path]))
                moved = run.move_taken(path, folder, done_dir) \
                    if done_dir and row.sha256 else None
                if pool is not None:
                    pool.wake.set()
                _emit({"event": "file", "path": row.path, "status": row.status,
                       "error": row.error or None, "sha256": row.sha256 or None,
                       "document": row.document_id, "moved_to": str(moved) if moved else None})
            time.sleep(interval)
    except KeyboardInterrupt:
        _emit({"event": "stopped"})
    finally:
        if pool is not None:
            pool.stop()
