"""Embedded page jobs: a scan of several pages is read page by page in the pool, as a whole."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from api.store.db import make_engine, sessions
from api.store.migrate import upgrade
from api.store.originals import Store
from api.worker import pool, processing
from api.worker.processing import Outcome
from corpus.synth.build import corpus_scan_style, scanned
from corpus.synth.compose import compose
from corpus.synth.render import render


def _read_in_pool(tmp_path: Path, data: bytes, name: str, count: int
                  ) -> tuple[Outcome, list[str], Outcome]:
    """The pool's reading of a stored file, the jobs it sent (a spy), and `process` of it."""
    store = Store(tmp_path / "originals")
    stored = store.put_bytes(data, limit=10 * 1024 * 1024)
    engine = make_engine(f"sqlite:///{tmp_path / 'congvan.db'}")
    upgrade(engine)
    workers = pool.Workers(sessions(engine), store, count, tmp_path)
    calls: list[str] = []
    try:
        workers.start()
        assert workers.pool is not None
        real_submit = workers.pool.submit

        def counting_submit(fn, *args, **kwargs):  # a spy: the real pool does the work
            calls.append(fn.__name__)
            return real_submit(fn, *args, **kwargs)

        workers.pool.submit = counting_submit  # type: ignore[method-assign]
        doc = SimpleNamespace(sha256=stored.sha256, name=name)
        read = workers._read(doc, workers.pool)  # type: ignore[arg-type]
    finally:
        workers.stop()
        engine.dispose()
    whole = processing.process(str(store.path(stored.sha256)), name, str(tmp_path))
    return read, calls, whole


def _same(a: Outcome, b: Outcome) -> bool:
    assert a.document is not None and b.document is not None
    return json.dumps(a.document, sort_keys=True) == json.dumps(b.document, sort_keys=True)


def test_a_two_page_scan_read_by_page_jobs_equals_the_whole_reading(tmp_path):
    letter = compose(18, issued=date(2024, 3, 12), cites=["295-QĐ/TW"], replaced_mention=False)
    data = scanned(letter, replace(corpus_scan_style(letter), seal=False), seed=18)[0]
    split, calls, whole = _read_in_pool(tmp_path, data, "quét.pdf", 2)
    assert calls == ["read_or_plan", "pages_or_failure", "pages_or_failure", "assemble"]
    assert _same(split, whole)
    assert split.document is not None
    assert [f["code"] for f in split.document["flags"]] == ["superseded_citation"]


def test_a_one_page_scan_is_planned_and_read_in_one_job(tmp_path):
    letter = next(c for c in (compose(s) for s in range(1, 40)) if len(render(c)[1]) == 1)
    data = scanned(letter, replace(corpus_scan_style(letter), seal=False), seed=3)[0]
    read, calls, whole = _read_in_pool(tmp_path, data, "một-trang.pdf", 1)
    assert calls == ["read_or_plan"]
    assert read.document is not None and read.document["file"]["pages"] == 1
    assert _same(read, whole)
