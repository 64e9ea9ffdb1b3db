"""Processing one stored original into the contract JSON: run in a worker process.

Extraction (PyMuPDF, Tesseract) runs in a child process that is killed past its time limit
(extract/sandbox); reading and checking run here. Errors come back as a code and a message,
never as an exception, so a bad file can never take a worker down.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.errors import ExtractError
from extract.limits import Limits


@dataclass(frozen=True)
class Outcome:
    """What processing gave: the contract JSON and the letter's text, or an error."""

    document: dict[str, Any] | None
    text: str | None
    error_code: str | None
    error_message: str | None
    seconds: float


def process(path: str, name: str, data_dir: str) -> Outcome:
    """Read the original at `path` (uploaded as `name`) into the contract JSON.

    Citations are checked against the registry of `data_dir` (shipped + administrators' overlay).
    """
    from api import contract
    from corpus.assess import assess
    from corpus.registry.store import registry_for
    from corpus.rules.model import load_rules
    from extract.sandbox import extract_isolated
    from nlp.read import read_letter

    started = time.perf_counter()
    try:
        data = Path(path).read_bytes()
        extraction = extract_isolated(data, name=name, limits=Limits())
        reading = read_letter(extraction)
        document = contract.document(extraction, reading,
                                     assess(reading, registry_for(Path(data_dir)),
                                            rules=load_rules(Path(data_dir))))
        return Outcome(document, reading.sheet.text, None, None,
                       time.perf_counter() - started)
    except ExtractError as e:
        return Outcome(None, None, e.code.value, e.message, time.perf_counter() - started)
    except Exception as e:  # noqa: BLE001 - a fault in one letter must not stop the worker
        return Outcome(None, None, "internal_error", f"Lỗi xử lý: {type(e).__name__}: {e}",
                       time.perf_counter() - started)
