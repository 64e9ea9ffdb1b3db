"""Embedded page jobs: a scan of several pages is read page by page in the pool, as a whole."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

from api import processing, queue
from api.db import make_engine, sessions
from api.migrate import upgrade
from api.store import Store
from corpus.synth.build import corpus_scan_style, scanned
from corpus.synth.compose import compose
from corpus.synth.render import render


def test_a_two_page_scan_read_by_page_jobs_equals_the_whole_reading(tmp_path):
    letter = compose(18, issued=date(2024, 3, 12), cites=["295-QĐ/TW"], replaced_mention=False)
    data = scanned(letter, replace(corpus_scan_style(letter), seal=False), seed=18)[0]
    store = Store(tmp_path / "originals")
    stored = store.put_bytes(data, limit=10 * 1024 * 1024)
    engine = make_engine(f"sqlite:///{tmp_path / 'congvan.db'}")
    upgrade(engine)
    workers = queue.Workers(sessions(engine), store, 2, tmp_path)
    calls: list[str] = []
    try:
        workers.start()
        assert workers.pool is not None
        real_submit = workers.pool.submit

        def counting_submit(fn, *args, **kwargs):  # a spy: the real pool does the work
            calls.append(fn.__name__)
            return real_submit(fn, *args, **kwargs)

        workers.pool.submit = counting_submit  # type: ignore[method-assign]
        doc = SimpleNamespace(sha256=stored.sha256, name="quét.pdf")
        split = workers._read(doc, workers.pool)  # type: ignore[arg-type]
    finally:
        workers.stop()
        engine.dispose()
    assert calls == ["read_or_plan", "pages_or_failure", "pages_or_failure", "assemble"]
    whole = processing.process(str(store.path(stored.sha256)), "quét.pdf", str(tmp_path))
    assert split.document is not None and whole.document is not None
    assert json.dumps(split.document, sort_keys=True) == json.dumps(whole.document,
                                                                    sort_keys=True)
    assert [f["code"] for f in split.document["flags"]] == ["superseded_citation"]


def test_a_one_page_scan_is_planned_and_read_in_one_job(tmp_path):
    letter = next(c for c in (compose(s) for s in range(1, 40)) if len(render(c)[1]) == 1)
    data = scanned(letter, replace(corpus_scan_style(letter), seal=False), seed=3)[0]
    store = Store(tmp_path / "originals")
    stored = store.put_bytes(data, limit=10 * 1024 * 1024)
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    upgrade(engine)
    workers = queue.Workers(sessions(engine), store, 1, tmp_path)
    calls: list[str] = []
    try:
        workers.start()
        assert workers.pool is not None
        real_submit = workers.pool.submit

        def counting_submit(fn, *args, **kwargs):  # a spy: the real pool does the work
            calls.append(fn.__name__)
            return real_submit(fn, *args, **kwargs)

        workers.pool.submit = counting_submit  # type: ignore[method-assign]
        doc = SimpleNamespace(sha256=stored.sha256, name="một-trang.pdf")
        read = workers._read(doc, workers.pool)  # type: ignore[arg-type]
    finally:
        workers.stop()
        engine.dispose()
    assert read.document is not None and read.document["file"]["pages"] == 1
    assert calls == ["read_or_plan"]
    whole = processing.process(str(store.path(stored.sha256)), "một-trang.pdf", str(tmp_path))
    assert json.dumps(read.document, sort_keys=True) == json.dumps(whole.document, sort_keys=True)
