"""`congvan ingest DIR`: an archive folder into the store and database (api/worker/ingest.py)."""

from __future__ import annotations

import json
import logging
import sys
import time
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.lang import count_en, t

log = logging.getLogger("congvan.cli.ingest")


class YesNo(StrEnum):
    """yes or no."""

    yes = "yes"
    no = "no"


#: How the summary names a flag of each severity.
LEVELS = {"error": t("lỗi", "error"), "warning": t("cảnh báo", "warning"),
          "info": t("lưu ý", "note")}


def remaining_seconds(elapsed: float, finished: int, total: int, since_last: float
                      ) -> float | None:
    """The honest time left: None when it cannot be told.

    Args:
        elapsed: Seconds since the reading began.
        finished: Letters read or failed so far.
        total: Letters to read.
        since_last: Seconds since the last letter was finished.

    The pace is the mean time per finished letter; the estimate counts down from the last
    letter finished. Before any letter is finished, or once a letter takes longer than the
    estimate (a long last scan), the time left is not known (None), never "0:00:03" for minutes.
    """
    if total <= finished:
        return 0.0
    if finished <= 0:
        return None
    left = elapsed / finished * (total - finished) - since_last
    return left if left > 0 else None


def clock(seconds: float | None) -> str:
    """H:MM:SS, or "—" when unknown."""
    if seconds is None:
        return "—"
    whole = int(round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def letter_link(document_id: str | None, base_url: str | None) -> str:
    """Where the reviewer sees a letter: `<base>/letters/<id>`, or `/letters/<id>` (no base)."""
    if not document_id:
        return ""
    return f"{(base_url or '').rstrip('/')}/letters/{document_id}"


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


def _time_columns() -> list[Any]:
    """Time spent, and the time left (`remaining_seconds`, from the task's `left` field)."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class Elapsed(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(t("đã chạy ", "elapsed ") + clock(task.elapsed or 0.0))

    class Left(ProgressColumn):
        def render(self, task: Task) -> Text:
            if "left" not in task.fields:
                return Text("")
            return Text(t("còn ", "left ") + clock(task.fields["left"]))

    return [Elapsed(), Left()]


def summary_table(totals: dict[str, Any], folder: Path, elapsed: float | None = None) -> Any:
    """The run's end: files by status, failures by code, flags by code named by severity."""
    from rich.table import Table

    from api.worker import ingest as run

    table = Table(title=t(f"{totals['files']} tệp trong {folder}",
                          f"{count_en(totals['files'], 'file')} in {folder}"),
                  caption=None if elapsed is None else t(f"đã chạy {clock(elapsed)}",
                                                         f"elapsed {clock(elapsed)}"))
    table.add_column("")
    table.add_column(t("số tệp", "files"), justify="right")
    labels = {"new": t("mới", "new"),
              "duplicate": t("trùng (cùng nội dung)", "duplicate (same content)"),
              "already_stored": t("đã có từ trước", "already stored"),
              "failed": t("không đọc được", "failed")}
    for status in run.STATUSES:
        table.add_row(labels[status], str(totals["status"].get(status, 0)))
    for code, count in sorted(totals["failed"].items()):
        table.add_row(t(f"  không đọc được: {code}", f"  failed: {code}"), str(count))
    severity = totals.get("severity", {})
    for code, count in sorted(totals["flagged"].items()):
        table.add_row(f"  {LEVELS.get(severity.get(code, 'warning'), LEVELS['warning'])} {code}",
                      str(count))
    return table


def _emit(event: dict[str, Any]) -> None:
    print(json.dumps(event, ensure_ascii=False), file=sys.stderr, flush=True)


def ingest(  # noqa: C901, PLR0915 - one command: walk, store, read, report, each step in turn
    folder: Annotated[Path, typer.Argument(
        metavar=t("THƯ-MỤC", "FOLDER"), exists=True, file_okay=False,
        help=t("Thư mục lưu trữ (đi vào mọi thư mục con).", "The archive folder (walked "
               "recursively)."))],
    workers: Annotated[int | None, typer.Option(help=t(
        "Số văn bản đọc cùng lúc (mặc định CONGVAN_WORKERS).",
        "Letters read at once (default CONGVAN_WORKERS)."))] = None,
    db: Annotated[str | None, typer.Option("--db", help=t(
        "URL cơ sở dữ liệu (mặc định: CONGVAN_DATABASE_URL, nếu không thì của thư mục dữ "
        "liệu).", "Database URL (default: CONGVAN_DATABASE_URL, else the data folder's)."))
                  ] = None,
    follow_links: Annotated[YesNo, typer.Option(help=t(
        "Theo các liên kết trỏ vào trong THƯ-MỤC.", "Follow links that stay inside FOLDER."))
                            ] = YesNo.no,
    include: Annotated[str, typer.Option(help=t(
        "Các mẫu tên, cách nhau bằng dấu phẩy, ví dụ \"*.pdf,*.tif\" (mặc định: mọi tệp).",
        "Comma-separated name patterns, e.g. \"*.pdf,*.tif\" (default: every file)."))] = "",
    report: Annotated[Path | None, typer.Option(help=t(
        "Ghi vào đây một dòng CSV cho mỗi tệp (có mã văn bản và đường dẫn xem).",
        "Write one CSV row per file here (with the letter's id and link)."))] = None,
    base_url: Annotated[str | None, typer.Option(envvar="CONGVAN_BASE_URL", help=t(
        "Địa chỉ gốc của dịch vụ cho đường dẫn tới từng văn bản (mặc định: đường dẫn "
        "tương đối /letters/<mã>).", "The service's base URL for each letter's link "
        "(default: the relative /letters/<id>)."))] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=t(
        "Không hiện thanh tiến độ.", "No progress bar."))] = False,
    log_json: Annotated[bool, typer.Option("--log-json", help=t(
        "Ghi các dòng JSON ra stderr thay cho thanh tiến độ.",
        "JSON lines on stderr instead of the progress bar."))] = False,
    watch: Annotated[bool, typer.Option("--watch", help=t(
        "Chạy liên tục: nhận mỗi tệp mới khi tệp đã thôi lớn lên.",
        "Keep running: take each new file once it has stopped growing."))] = False,
    done_dir: Annotated[Path | None, typer.Option(help=t(
        "Với --watch: chuyển mỗi tệp đã nhận vào đây (mặc định: để nguyên).",
        "With --watch: move each file taken in here (default: leave it)."))] = None,
    interval: Annotated[float, typer.Option(help=t(
        "Với --watch: số giây giữa hai lần xem.", "With --watch: seconds between looks."))
                        ] = 2.0,
    settle: Annotated[float, typer.Option(help=t(
        "Với --watch: số giây tệp phải không bị ghi trước khi được nhận.",
        "With --watch: seconds a file must go unwritten before it is taken."))] = 5.0,
) -> None:
    """Take every letter under DIR into the service's store and database, and read them."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    from api.cli.verbose import log_service
    from api.service import open_service
    from api.settings import load_settings
    from api.worker import ingest as run
    from api.worker import pool

    settings = load_settings()
    if db:
        settings = replace(settings, database_url=db)
    if workers:
        settings = replace(settings, workers=workers)
    log_service(settings)
    opened = open_service(settings)
    engine, factory, store = opened.engine, opened.sessions, opened.store
    patterns = [p.strip() for p in include.split(",") if p.strip()]
    paths = [] if watch else list(run.archive_files(folder, include=patterns,
                                                    follow_links=follow_links is YesNo.yes))
    log.info(t("%d tệp trong %s", "%d files under %s"), len(paths), folder)
    # Embedded: this process reads the letters; Celery: `congvan worker`s do, wherever they run.
    readers = pool.Workers(factory, store, settings.workers, settings.data_dir,
                           settings.limits) \
        if settings.queue == "embedded" else None
    if readers is not None:
        log.info(t("đọc với %d bộ xử lý trong tiến trình này", "reading with %d workers in "
                   "this process"), settings.workers)
        readers.start()
    if watch:
        _watch(folder, patterns, follow_links is YesNo.yes, done_dir, (interval, settle),
               factory, store, settings, readers, base_url)
        engine.dispose()
        return
    err = Console(stderr=True)
    bar = None if quiet or log_json else Progress(
        TextColumn("{task.description}"), BarColumn(), _count_column(),
        TextColumn("{task.fields[extra]}"), *_time_columns(), console=err)
    started = time.monotonic()
    try:
        if bar is not None:
            bar.start()
            files_task = bar.add_task(t("Lưu tệp", "Storing files"), total=len(paths), extra="",
                                      unit=t("tệp", "files"))
            read_task = bar.add_task(t("Đọc văn bản", "Reading letters"), total=None,
                                     extra="", unit=t("văn bản", "letters"))

        def on_file(row: run.FileRow) -> None:
            if readers is not None:
                readers.wake.set()
            if bar is not None:
                bar.advance(files_task)
            elif log_json:
                _emit({"event": "file", "path": row.path, "status": row.status,
                       "error": row.error or None, "sha256": row.sha256 or None,
                       "document": row.document_id,
                       "link": letter_link(row.document_id, base_url) or None})

        rows = run.take_in(paths, factory, store, settings, folder, on_file=on_file)
        ids = sorted({r.document_id for r in rows if r.document_id})
        log.info(t("%d văn bản cần đọc", "%d letters to read"), len(ids))
        reading = time.monotonic()
        last = [0.0]
        seen = [0, reading]  # letters finished at the last look, and when that number changed

        def on_progress(state: run.Progress) -> None:
            now = time.monotonic()
            minutes = max(now - started, 1e-6) / 60
            finished = state.done + state.failed
            if finished != seen[0]:
                seen[0], seen[1] = finished, now
            left = remaining_seconds(now - reading, finished, state.total, now - seen[1])
            if bar is not None:
                bar.update(read_task, total=state.total, completed=finished, left=left,
                           extra=t(f"{state.pages} trang, {state.pages / minutes:.0f} trang/phút,"
                                   f" {state.failed} không đọc được",
                                   f"{state.pages} pages, {state.pages / minutes:.0f} pages/min,"
                                   f" {state.failed} failed"))
            elif log_json and now - last[0] >= 1.0:
                last[0] = now
                _emit({"event": "progress", "documents": state.total, "done": state.done,
                       "failed": state.failed, "pages": state.pages,
                       "pages_per_minute": round(state.pages / minutes, 1),
                       "elapsed_seconds": round(now - started, 1),
                       "remaining_seconds": None if left is None else round(left, 1)})

        run.wait_for(factory, ids, on_progress)
    except KeyboardInterrupt:
        if readers is not None:
            readers.stop()
        engine.dispose()
        err.print(t("Đã dừng. Chạy lại cùng lệnh để tiếp tục: tệp đã lưu không lưu lại, văn bản "
                    "đang đọc được xếp hàng lại.",
                    "Stopped. Run the same command again to go on: files stored are not stored "
                    "again, letters being read are queued again."))
        raise typer.Exit(130) from None
    finally:
        if bar is not None:
            bar.stop()
    if readers is not None:
        readers.stop()
    run.finish_rows(rows, factory)
    engine.dispose()
    totals = run.summary(rows)
    elapsed = time.monotonic() - started
    if report is not None:
        run.write_report(rows, report, link=lambda ident: letter_link(ident, base_url))
        log.info(t("đã ghi báo cáo %s", "report written to %s"), report)
    if log_json:
        _emit({"event": "summary", **totals, "elapsed_seconds": round(elapsed, 1)})
    else:
        Console().print(summary_table(totals, folder, elapsed))
    if totals["status"].get("failed"):
        raise typer.Exit(1)


def _watch(folder: Path, patterns: list[str], follow: bool, done_dir: Path | None,
           timing: tuple[float, float], factory: Any, store: Any, settings: Any,
           pool: Any, base_url: str | None = None) -> None:
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
                       "document": row.document_id,
                       "link": letter_link(row.document_id, base_url) or None,
                       "moved_to": str(moved) if moved else None})
            time.sleep(interval)
    except KeyboardInterrupt:
        _emit({"event": "stopped"})
    finally:
        if pool is not None:
            pool.stop()
