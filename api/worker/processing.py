"""Processing one stored original into the contract JSON: run in a worker process.

Extraction (PyMuPDF, Tesseract) runs in a child process that is killed past its time limit
(extract/sandbox); reading and checking run here. Errors come back as a code and a message,
never as an exception, so a bad file can never take a worker down.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.store.documents import Outcome, finish
from extract.errors import ExtractError
from extract.limits import Limits

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from extract.pipeline import Plan

log = logging.getLogger(__name__)
#: One line per processed letter (`processed_line`), for log collectors to parse.
processed_log = logging.getLogger("congvan.processed")


def processed_fields(ident: str, outcome: Outcome) -> dict[str, Any]:
    """What the log says of a processed letter: id, pages, seconds, outcome, error, flags."""
    document = outcome.document or {}
    return {"id": ident, "pages": (document.get("file") or {}).get("pages"),
            "seconds": round(outcome.seconds, 3),
            "outcome": "failed" if outcome.document is None else "done",
            "error": outcome.error_code,
            "flags": sorted({f["code"] for f in document.get("flags") or []})}


def processed_line(fields: dict[str, Any]) -> str:
    """`processed_fields` as one key=value line (lists joined by commas, "-" for none)."""
    def shown(value: Any) -> str:
        if isinstance(value, list):
            return ",".join(value) or "-"
        return "-" if value is None else str(value)

    return "document_processed " + " ".join(f"{k}={shown(v)}" for k, v in fields.items())


def record(sessions: sessionmaker[Session], ident: str, outcome: Outcome) -> bool:
    """Write what processing gave (`documents.finish`) and log its one line when written."""
    written = finish(sessions, ident, outcome)
    if written:
        fields = processed_fields(ident, outcome)
        processed_log.info(processed_line(fields), extra={"document": fields})
    return written


def process(path: str, name: str, data_dir: str, *, limits: Limits | None = None) -> Outcome:
    """Read the original at `path` (uploaded as `name`) into the contract JSON, in one go.

    Citations are checked against the registry of `data_dir` (shipped + administrators' overlay).
    """
    from extract.sandbox import extract_paged_isolated

    started = time.perf_counter()
    return _guarded(started, lambda: _read(
        extract_paged_isolated(Path(path).read_bytes(), name=name, limits=limits or Limits()),
        data_dir, started))


def read_or_plan(path: str, name: str, data_dir: str, *, limits: Limits | None = None
                 ) -> Outcome | Plan:
    """The letter read whole when it has fewer than SPLIT_AT pages to OCR, else its plan.

    One child plans and reads a short letter (`plan_or_extract_isolated`); a longer scan's plan
    comes back for page jobs (`pages_or_failure`), then `assemble` with the plan's facts.
    """
    from extract.pipeline import Plan
    from extract.sandbox import plan_or_extract_isolated

    started = time.perf_counter()
    try:
        read = plan_or_extract_isolated(Path(path).read_bytes(), name=name,
                                        limits=limits or Limits(),
                                        meanwhile=lambda: warm(data_dir))
    except ExtractError as e:
        return Outcome(None, None, e.code.value, e.message, time.perf_counter() - started)
    if isinstance(read, Plan):
        return read
    return _guarded(started, lambda: _read(read, data_dir, started))


_warmed: set[str] = set()


def warm(data_dir: str) -> None:
    """Load, once a process, what reading a letter needs: language models, registry, rules.

    Called while the first file's reader works in its child (about 2 s): they load on the
    other core instead of after the pages are read.
    """
    if data_dir in _warmed:
        return
    try:
        from corpus.assess import assess  # noqa: F401 - imported for its cost
        from corpus.registry.store import registry_for
        from corpus.rules.model import load_rules
        from nlp.read import warm as warm_nlp

        warm_nlp()
        registry_for(Path(data_dir))
        load_rules(Path(data_dir))
    except Exception:  # noqa: BLE001 - the reading itself meets the same failure and says so
        log.warning("warming up for %s failed", data_dir, exc_info=True)
    _warmed.add(data_dir)


def read_pages(path: str, name: str, numbers: list[int], started: float | None = None, *,
               limits: Limits | None = None) -> list[dict[str, Any]]:
    """Pages `numbers` of the original, read as in a reading of the whole file, as data.

    `started`: when the reading of the whole file began (wall clock), for its time budget.
    """
    from extract.sandbox import extract_isolated
    from extract.serial import page_to_dict

    extraction = extract_isolated(Path(path).read_bytes(), name=name,
                                  limits=limits or Limits(),
                                  only=set(numbers), started=started)
    return [page_to_dict(p) for p in extraction.pages]


def assemble(path: str, name: str, pages: list[dict[str, Any]], data_dir: str,
             facts: Plan | None = None, *, limits: Limits | None = None) -> Outcome:
    """The contract JSON from pages read by page jobs: what `process` gives for the whole file.

    A page job that failed is given as `{"number": n, "failed": {"code", "message"}}`: the
    page is left out with a warning, unless no page could be read at all. `facts`: the file's
    plan, with its warnings and signatures (else the file is planned again for them).
    """
    import hashlib

    from extract import sniff
    from extract.errors import ErrorCode
    from extract.model import FileInfo, Page
    from extract.pipeline import assemble_pages
    from extract.sandbox import plan_isolated
    from extract.serial import page_from_dict

    started = time.perf_counter()

    def run() -> Outcome:
        data = Path(path).read_bytes()
        info = FileInfo(name=name, sha256=hashlib.sha256(data).hexdigest(),
                        media_type=sniff.sniff(data[:2048]) or "application/octet-stream",
                        pages=len(pages), bytes=len(data))
        results: list[Page | ExtractError] = [
            ExtractError(ErrorCode(p["failed"]["code"]), p["failed"]["message"],
                         page=p["number"]) if "failed" in p else page_from_dict(p)
            for p in pages]
        # The file's warnings and signatures, from its plan.
        plan = facts or plan_isolated(data, limits=limits or Limits(), look=False)
        extraction = assemble_pages(info, results, plan.warnings, plan.signatures)
        return _read(extraction, data_dir, started)

    return _guarded(started, run)


def page_or_failure(path: str, name: str, number: int, started: float | None = None, *,
                    limits: Limits | None = None) -> dict[str, Any]:
    """One page as data (`read_pages`), or `{"number", "failed": {"code", "message"}}`."""
    return pages_or_failure(path, name, [number], started, limits=limits)[0]


def pages_or_failure(path: str, name: str, numbers: list[int], started: float | None = None, *,
                     limits: Limits | None = None) -> list[dict[str, Any]]:
    """Pages as data (`read_pages`), each that could not be read as a failure (`page_or_failure`).

    Several pages are read in one job when none needs OCR (text layer, blank).
    """
    try:
        read = {p["number"]: p for p in read_pages(path, name, numbers, started, limits=limits)}
    except ExtractError as e:
        read = {}
        failure = {"code": e.code.value, "message": e.message}
    missing = {"code": "internal_error", "message": "Trang không có trong kết quả đọc."}
    return [read.get(n) or {"number": n, "failed": failure if not read else missing}
            for n in numbers]


def _read(extraction: Any, data_dir: str, started: float) -> Outcome:
    """Fields, citations, the delegation and the flags of what extract/ read."""
    from api.pipeline import understand

    understood = understand(extraction, data_dir=Path(data_dir))
    return Outcome(understood.document, understood.text, None, None,
                   time.perf_counter() - started)


def _guarded(started: float, run: Callable[[], Outcome]) -> Outcome:
    """`run()`, with any error turned into a failed Outcome with its code and message."""
    try:
        return run()
    except ExtractError as e:
        return Outcome(None, None, e.code.value, e.message, time.perf_counter() - started)
    except Exception as e:  # noqa: BLE001 - a fault in one letter must not stop the worker
        return Outcome(None, None, "internal_error", f"Lỗi xử lý: {type(e).__name__}: {e}",
                       time.perf_counter() - started)
