"""Bulk ingest of an archive folder into the service's store, database and queue.

Every file under the folder is hashed and stored (content-addressed: a file already stored,
whatever its name, is not stored or read again) and queued in the same documents table the
service uses, so the reviewer pages show what came in. The same workers then read the letters.
Links are never followed out of the folder. Everything lives in the database, so a run that
is stopped (Ctrl-C, or kill -9) and started again goes on where it was: what was stored is
found again by its digest, what was being read is queued again.
"""

from __future__ import annotations

import csv
import fnmatch
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.settings import Settings
from api.store import documents, intake
from api.store.db import Document
from api.store.originals import Store
from api.worker import pool

log = logging.getLogger(__name__)

#: What each file of the archive came to (the report's `status`).
STATUSES = ("new", "duplicate", "already_stored", "failed")
REPORT_COLUMNS = ("path", "sha256", "status", "error", "doc_ref", "issued_date", "flags",
                  "document_id", "link")


@dataclass
class FileRow:
    """One file of the archive: where it is, what it holds, what became of it."""

    path: str
    sha256: str = ""
    status: str = "new"
    error: str = ""
    document_id: str | None = None
    doc_ref: str = ""
    issued_date: str = ""
    flags: list[str] = field(default_factory=list)
    #: Each flag's severity (error, warning, info), by code.
    severities: dict[str, str] = field(default_factory=dict)


def archive_files(root: Path, *, include: Sequence[str] = (), follow_links: bool = False
                  ) -> Iterator[tuple[Path, str | None]]:
    """Every file under `root`, in a stable order, with why it is skipped (or None).

    A link is followed only with `follow_links` and only when it points inside `root`.
    """
    root = root.resolve()
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        base = Path(folder)
        for link in [d for d in dirs if (base / d).is_symlink()]:
            dirs.remove(link)  # a linked folder is never walked into
        for name in sorted(names):
            path = base / name
            if include and not any(fnmatch.fnmatch(name.lower(), p.lower()) for p in include):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    yield path, "link_outside_dir"
                    continue
                if not follow_links:
                    yield path, "link_not_followed"
                    continue
            yield path, None


def take_in(paths: Sequence[tuple[Path, str | None]], sessions: sessionmaker[Session],
            store: Store, settings: Settings, root: Path,
            on_file: Callable[[FileRow], None] | None = None) -> list[FileRow]:
    """Store and queue each file; the row of each, in order."""
    rows: list[FileRow] = []
    seen: dict[str, str] = {}
    dispatch = pool.dispatcher(settings)
    for path, skipped in paths:
        row = FileRow(str(path.relative_to(root.resolve())) if path.is_relative_to(
            root.resolve()) else str(path))
        if skipped is not None:
            row.status, row.error = "failed", skipped
        else:
            try:
                taken = intake.take_file(store, path, limit=settings.max_upload_bytes)
            except intake.NotTaken as e:
                row.status, row.error = "failed", str(e.code)
            except OSError as e:
                row.status, row.error = "failed", f"unreadable: {e.strerror}"
            else:
                row.sha256 = digest = taken.sha256
                if digest in seen:
                    row.status, row.document_id = "duplicate", seen[digest]
                else:
                    answer = documents.enqueue(sessions, digest, taken.size, taken.media_type,
                                               path.name, "ingest", dispatch)
                    row.document_id = answer["id"]
                    seen[digest] = answer["id"]
                    if answer["duplicate"]:
                        row.status = "already_stored"
        log.info("%s: %s %s", row.path, row.status, row.error or row.document_id or "")
        rows.append(row)
        if on_file is not None:
            on_file(row)
    return rows


@dataclass(frozen=True)
class Progress:
    """How far the reading of this run's letters is."""

    total: int
    done: int
    failed: int
    pages: int

    @property
    def finished(self) -> bool:
        """Whether every letter is read or failed."""
        return self.done + self.failed >= self.total


def progress(sessions: sessionmaker[Session], ids: Sequence[str]) -> Progress:
    """The state of the documents `ids` in the database."""
    done = failed = pages = 0
    with sessions() as session:
        for start in range(0, len(ids), 500):
            for status, count in session.execute(
                    select(Document.status, Document.pages)
                    .where(Document.id.in_(ids[start:start + 500]))).all():
                if status == "done":
                    done += 1
                    pages += count or 0
                elif status == "failed":
                    failed += 1
    return Progress(len(ids), done, failed, pages)


def finish_rows(rows: list[FileRow], sessions: sessionmaker[Session]) -> None:
    """Fill in what reading gave: failures with their code, the doc ref, date and flags."""
    ids = sorted({r.document_id for r in rows if r.document_id})
    found: dict[str, Any] = {}
    with sessions() as session:
        for start in range(0, len(ids), 500):
            for doc in session.scalars(select(Document).where(
                    Document.id.in_(ids[start:start + 500]))):
                raised = (doc.result or {}).get("flags", [])
                found[doc.id] = (doc.status, doc.error_code, doc.doc_ref, doc.issued_date,
                                 [f["code"] for f in raised],
                                 {f["code"]: f.get("severity", "warning") for f in raised})
    for row in rows:
        if row.document_id is None or row.document_id not in found:
            continue
        status, error, ref, issued, flags, severities = found[row.document_id]
        row.doc_ref, row.issued_date, row.flags = ref or "", issued or "", flags
        row.severities = severities
        if status == "failed":
            row.status, row.error = "failed", error or "failed"


def summary(rows: Sequence[FileRow]) -> dict[str, Any]:
    """The counts the run ends with: by status, failures by code, flags by code, severities."""
    counted = [r for r in rows if r.status != "duplicate"]
    return {
        "files": len(rows),
        "status": dict(Counter(r.status for r in rows)),
        "failed": dict(Counter(r.error for r in rows if r.status == "failed")),
        "flagged": dict(Counter(code for r in counted for code in set(r.flags))),
        "severity": {code: level for r in counted for code, level in r.severities.items()},
    }


def write_report(rows: Sequence[FileRow], path: Path,
                 link: Callable[[str], str] | None = None) -> None:
    """One CSV row per file of the archive, with its letter's id and `link(id)` (its page)."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(REPORT_COLUMNS)
        for r in rows:
            ident = r.document_id or ""
            writer.writerow([r.path, r.sha256, r.status, r.error, r.doc_ref, r.issued_date,
                             ";".join(r.flags), ident,
                             link(ident) if link is not None and ident else ""])


def wait_for(sessions: sessionmaker[Session], ids: Sequence[str],
             on_progress: Callable[[Progress], None] | None = None,
             poll: float = 0.5) -> Progress:
    """Wait until every document in `ids` is read or failed."""
    while True:
        state = progress(sessions, ids)
        if on_progress is not None:
            on_progress(state)
        if state.finished:
            return state
        time.sleep(poll)


Seen = dict[Path, tuple[int, float]]


def settled(root: Path, include: Sequence[str], follow_links: bool,
            last: Seen, quiet_seconds: float) -> tuple[list[Path], Seen]:
    """The files that have stopped growing, and what this look saw.

    A file is settled when its size and time are those of the last look (`last`, what the
    previous call returned) and it has not been written for `quiet_seconds` (a copy that
    pauses is not taken half-written).
    """
    now: Seen = {}
    for path, skipped in archive_files(root, include=include, follow_links=follow_links):
        if skipped is None:
            try:
                stat = path.stat()
            except OSError:
                continue
            now[path] = (stat.st_size, stat.st_mtime)
    moment = time.time()
    ready = [p for p, signature in now.items()
             if last.get(p) == signature and moment - signature[1] >= quiet_seconds]
    return ready, now


def move_taken(path: Path, root: Path, done_dir: Path) -> Path:
    """Move a file that was taken in under `done_dir`, keeping where it sat under `root`."""
    target = done_dir / path.relative_to(root.resolve())
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target = target.with_name(f"{target.stem}-{int(time.time() * 1000)}{target.suffix}")
    path.replace(target)
    return target
