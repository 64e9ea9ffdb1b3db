"""Running one file's extraction in a child process with a wall-clock and a memory limit."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import multiprocessing as mp
import resource
import signal
import time
import traceback
from collections.abc import Callable, Collection
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from extract import lines, ocr, pdf, signatures, sniff, vietnamese
from extract.errors import ErrorCode, ExtractError
from extract.limits import Limits, check_bytes
from extract.model import Extraction, FileInfo, Page
from extract.pipeline import Plan, assemble_pages, extract_bytes, page_plan

#: Address space a child may map; a decompression bomb fails inside the child, not the host.
DEFAULT_MEMORY = 4 * 1024**3
#: Seconds one page may take to render in a child (MuPDF can hang on a broken page).
RENDER_LIMIT_S = 20
#: prctl's option that sends a signal to a child when its parent dies.
PR_SET_PDEATHSIG = 1



def die_with_parent() -> None:
    """Ask Linux to kill this child when its parent dies (even by SIGKILL): no orphans."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:  # not Linux: the parent's own timeout still stops the child
        pass


def failure(error: Exception, *, doing: str) -> tuple[str, str, str, int | None]:
    """A child's answer for a job that raised `error`: ("error", code, message, page).

    `doing` names the work in the memory message ("đọc tệp", "xử lý trang").
    """
    if isinstance(error, ExtractError):
        return "error", str(error.code), error.message, error.page
    if isinstance(error, MemoryError):
        return "error", str(ErrorCode.OUT_OF_MEMORY), f"Hết bộ nhớ khi {doing}.", None
    if isinstance(error, RecursionError):
        return "error", str(ErrorCode.INVALID_PDF), "Cấu trúc tệp lồng nhau quá sâu.", None
    detail = traceback.format_exception_only(type(error), error)[-1].strip()
    return "error", str(ErrorCode.INTERNAL), f"Lỗi không lường trước: {detail}", None


def _child(conn: Connection, job: Callable[[], Any], memory: int) -> None:
    die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # not a handler inherited from the parent
    pdf.RENDER_ALARM_S = RENDER_LIMIT_S
    try:
        conn.send(("ok", job()))
    except Exception as e:  # noqa: BLE001 - a child must always answer
        conn.send(failure(e, doing="đọc tệp"))
    finally:
        conn.close()


def file_timeout(limits: Limits, pages_hint: int = 1) -> float:
    """Wall-clock budget for a file: opening plus OCR time for each page, at least a minute."""
    return max(60.0, 10.0 + pages_hint * limits.ocr_timeout_s * 1.5)


def extract_isolated(data: bytes, *, name: str, limits: Limits | None = None,
                     timeout: float | None = None, memory: int = DEFAULT_MEMORY,
                     only: Collection[int] | None = None,
                     started: float | None = None) -> Extraction:
    """`extract_bytes` in a forked child: a hang, a crash or a bomb becomes an ExtractError.

    `started`: when the reading of the whole file began (for its time budget); default now.
    """
    limits = limits or Limits()
    timeout = timeout if timeout is not None else file_timeout(
        limits, pages_hint=4 if only is None else len(only))
    result = _isolated(lambda: extract_bytes(data, name=name, limits=limits, only=only,
                                             started=started),
                       timeout=timeout, memory=memory, data=data)
    assert isinstance(result, Extraction)
    return result


#: Seconds a plan may take in its child (it reads no page by OCR).
PLAN_S = 60.0


def plan_isolated(data: bytes, *, limits: Limits | None = None, timeout: float = PLAN_S,
                  memory: int = DEFAULT_MEMORY, look: bool = True) -> Plan:
    """`page_plan` (how each page will be read) in a forked child, like `extract_isolated`."""
    limits = limits or Limits()
    result = _isolated(lambda: page_plan(data, limits=limits, look=look), timeout=timeout,
                       memory=memory, data=data)
    assert isinstance(result, Plan)
    return result


def plan_or_extract_isolated(data: bytes, *, name: str, limits: Limits | None = None,
                             timeout: float | None = None, memory: int = DEFAULT_MEMORY,
                             meanwhile: Callable[[], object] | None = None) -> Plan | Extraction:
    """The file read whole when its plan has fewer than SPLIT_AT pages to OCR, else the plan.

    Planned and read in one child: a short file (most letters) costs one child, one opening of
    the PDF, not one for its plan and another for its reading. A longer scan's plan comes back
    for its pages to be read each in a child of its own (`extract_isolated` with `only`).
    `meanwhile` is run here while the child reads (what the next step will need, loaded).
    `timeout`: by default a plan's minute and a whole reading's time (`file_timeout`).
    """
    limits = limits or Limits()
    started = time.time()

    def job() -> Plan | Extraction:
        plan = page_plan(data, limits=limits)
        if plan.split:
            return plan
        return extract_bytes(data, name=name, limits=limits, started=started)

    if timeout is None:
        timeout = PLAN_S + file_timeout(limits, pages_hint=4)
    result = _isolated(job, timeout=timeout, memory=memory, data=data, meanwhile=meanwhile)
    assert isinstance(result, Plan | Extraction)
    return result


def extract_paged_isolated(data: bytes, *, name: str, limits: Limits | None = None,
                           timeout: float | None = None) -> Extraction:
    """Like `extract_isolated`; a scan of several pages is read page by page, each in its child.

    A page that hangs or breaks its reader is then stopped on its own time limit and left out
    (a `page_failed` warning), and the other pages still come out.
    """
    limits = limits or Limits()
    started = time.time()
    plan = plan_or_extract_isolated(data, name=name, limits=limits, timeout=timeout)
    if isinstance(plan, Extraction):
        return plan
    results: list[Page | ExtractError] = []
    for numbers in plan.jobs():
        try:
            results.extend(extract_isolated(data, name=name, limits=limits, only=set(numbers),
                                            started=started).pages)
        except ExtractError as e:
            results.extend(e if e.page == number else ExtractError(e.code, e.message, page=number)
                           for number in numbers)
    info = FileInfo(name=name, sha256=hashlib.sha256(data).hexdigest(),
                    media_type=sniff.sniff(data[:2048]) or "application/octet-stream",
                    pages=len(plan.how), bytes=len(data))
    return assemble_pages(info, results, plan.warnings, plan.signatures)


def prepare(data: bytes = b"") -> None:
    """Load, once in the parent, what every forked child would otherwise load for itself.

    The word list of the quality gate and Tesseract's version and languages cost about half a
    second a child (a page job paid it on every page); pyHanko as much again, for signed files;
    Tesseract's models a sixth of a second each reading of a page, strip or slot.
    """
    vietnamese.dictionary_syllables()
    if signatures.is_signed(data):
        signatures.prepare()
    with contextlib.suppress(ExtractError):  # the child that needs Tesseract says so
        ocr.load()
    lines.available()  # the line model's session (0.3 s and 40 MB to load), shared by children


def _isolated(job: Callable[[], Any], *, timeout: float, memory: int, data: bytes,
              meanwhile: Callable[[], object] | None = None) -> Any:
    """`job()` (a reading of `data`) in a forked child with a wall-clock and a memory limit.

    `meanwhile()` runs in this process once the child has started (its errors are the
    caller's: the child is stopped).
    """
    prepare(data)
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, job, memory), daemon=True)
    # The child's garbage collections skip what this process holds (language models, the
    # registry): walking it would copy every page of it into the child, write by write.
    gc.freeze()
    try:
        proc.start()
    finally:
        gc.unfreeze()
    child.close()
    began = time.monotonic()
    try:
        if meanwhile is not None:
            meanwhile()
        if not parent.poll(max(0.0, timeout - (time.monotonic() - began))):
            raise ExtractError(ErrorCode.TIMEOUT, f"Đọc tệp quá {timeout:.0f} giây, đã dừng.")
        try:
            answer = parent.recv()
        except EOFError as e:
            proc.join(5)
            if proc.exitcode == -signal.SIGALRM:
                raise ExtractError(ErrorCode.TIMEOUT, f"Dựng hình một trang quá {RENDER_LIMIT_S} "
                                   "giây (trang có thể bị hỏng), đã dừng.") from e
            raise ExtractError(
                ErrorCode.OUT_OF_MEMORY if proc.exitcode in (-9, None) else ErrorCode.INTERNAL,
                f"Tiến trình đọc tệp dừng bất thường (mã {proc.exitcode}).",
            ) from e
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if answer[0] == "ok":
        return answer[1]
    _, code, message, page = answer
    raise ExtractError(ErrorCode(code), message, page=page)


def extract_path_isolated(path: Path, *, limits: Limits | None = None,
                          timeout: float | None = None) -> Extraction:
    """`extract_isolated` for a file on disk, refusing an oversized file before reading it."""
    limits = limits or Limits()
    check_bytes(path.stat().st_size, limits=limits)
    return extract_paged_isolated(path.read_bytes(), name=path.name, limits=limits,
                                  timeout=timeout)
