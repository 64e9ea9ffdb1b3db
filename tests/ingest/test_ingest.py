"""`congvan ingest`: a generated archive (nested, duplicates, links, bad files), exact counts,
and a run killed with SIGKILL halfway then run again."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.store.db import Document, make_engine, sessions
from corpus.synth.compose import compose
from corpus.synth.render import render

LETTERS = 200
COPIES = 20


def _letter(seed: int) -> bytes:
    return render(compose(seed))[0]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The archive, and what each kind of file should come to."""
    root = tmp_path_factory.mktemp("archive")
    outside = tmp_path_factory.mktemp("outside") / "ngoài.pdf"
    outside.write_bytes(render(compose(399))[0])
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        letters = list(pool.map(_letter, range(600, 600 + LETTERS), chunksize=10))
    for i, data in enumerate(letters):
        folder = root / f"năm {2016 + i % 5}" / f"quý {1 + i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"công văn {i:03d}.pdf").write_bytes(data)
    copies = root / "bản sao" / "lồng" / "sâu"
    copies.mkdir(parents=True)
    for i in range(COPIES):
        (copies / f"chép lại {i}.pdf").write_bytes(letters[i * 7])
    bad = root / "hỏng"
    bad.mkdir()
    (bad / "trang web.pdf").write_bytes("<html><body>không phải PDF</body></html>".encode())
    (bad / "nén.pdf").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    (bad / "rỗng.pdf").write_bytes(b"")
    (bad / "cụt.pdf").write_bytes(letters[0][:600])
    (root / "liên kết ra ngoài.pdf").symlink_to(outside)
    (root / "liên kết trong.pdf").symlink_to(root / "năm 2016" / "quý 1" / "công văn 000.pdf")
    expected = {"new": LETTERS, "duplicate": COPIES, "already_stored": 0, "failed": 6}
    failed = {"unsupported_type": 2, "empty_file": 1, "invalid_pdf": 1, "link_outside_dir": 1,
              "link_not_followed": 1}
    return root, expected, failed


def _ingest(root: Path, data: Path, *args: str, timeout: float = 600
            ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONGVAN_DATA_DIR": str(data)}
    env.pop("CONGVAN_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "api", "ingest", str(root), "--workers", "2",
                           *args], env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def _report(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
def test_the_summary_and_the_report_are_exact_and_a_rerun_stores_nothing_twice(archive,
                                                                               tmp_path):
    root, expected, failed = archive
    data = tmp_path / "data"
    first = _ingest(root, data, "--report", str(tmp_path / "r1.csv"), "--log-json")
    assert first.returncode == 1, first.stderr[-2000:]  # some files failed: exit 1
    summary = json.loads(first.stderr.strip().splitlines()[-1])
    assert summary["event"] == "summary"
    assert summary["files"] == LETTERS + COPIES + 6
    assert {k: summary["status"].get(k, 0) for k in expected} == expected
    assert summary["failed"] == failed
    rows = _report(tmp_path / "r1.csv")
    assert len(rows) == summary["files"]
    assert Counter(r["status"] for r in rows) == Counter({k: v for k, v in expected.items() if v})
    new = [r for r in rows if r["status"] == "new"]
    assert all(r["sha256"] and r["doc_ref"] and r["issued_date"] for r in new)
    assert len({r["sha256"] for r in new}) == LETTERS
    by_path = {r["path"]: r for r in rows}
    assert by_path["hỏng/cụt.pdf"]["error"] == "invalid_pdf"
    assert by_path["liên kết ra ngoài.pdf"]["error"] == "link_outside_dir"
    stored = [p for p in (data / "originals").rglob("*") if p.is_file()
              and ".incoming" not in p.parts]
    assert len(stored) == LETTERS + 1  # the letters and the truncated PDF; nothing refused
    again = _ingest(root, data, "--report", str(tmp_path / "r2.csv"), "--quiet")
    rows2 = _report(tmp_path / "r2.csv")
    assert Counter(r["status"] for r in rows2) == Counter(
        {"already_stored": LETTERS, "duplicate": COPIES, "failed": 6})
    assert "mới" in again.stdout and again.returncode == 1
    engine = make_engine(f"sqlite:///{data / 'congvan.db'}")
    with sessions(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == LETTERS + 1
    engine.dispose()


@pytest.mark.slow
def test_a_run_killed_halfway_and_run_again_stores_every_file_once(archive, tmp_path):
    root, _, _ = archive
    root = root / "năm 2016"  # 40 letters in nested folders: enough to stop halfway
    letters = LETTERS // 5
    data = tmp_path / "data"
    env = {**os.environ, "CONGVAN_DATA_DIR": str(data)}
    env.pop("CONGVAN_DATABASE_URL", None)
    log = tmp_path / "first.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "api", "ingest", str(root), "--workers",
                                 "2", "--log-json"], env=env, stdout=subprocess.DEVNULL,
                                stderr=out)
    deadline = time.monotonic() + 300
    done = 0
    while time.monotonic() < deadline and done < letters // 3:
        time.sleep(0.5)
        events = [json.loads(line) for line in log.read_text().splitlines()
                  if line.startswith("{")]
        done = max((e.get("done", 0) for e in events if e["event"] == "progress"), default=0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < done < letters, "the run was not killed halfway: the test proves nothing"
    again = _ingest(root, data, "--report", str(tmp_path / "r.csv"), "--quiet")
    assert again.returncode == 0, again.stderr[-2000:]
    engine = make_engine(f"sqlite:///{data / 'congvan.db'}")
    with sessions(engine)() as s:
        docs = s.scalars(select(Document)).all()
    engine.dispose()
    assert len(docs) == len({d.sha256 for d in docs}) == letters
    assert Counter(d.status for d in docs) == Counter({"done": letters})
    stored = [p for p in (data / "originals").rglob("*") if p.is_file()
              and ".incoming" not in p.parts]
    assert len(stored) == letters
    # none half-written: every original holds exactly the bytes its name (digest) says
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in stored)


def test_watch_takes_each_file_once_it_stopped_growing_and_moves_it(tmp_path):
    inbox, done, data = tmp_path / "hộp thư", tmp_path / "đã nhận", tmp_path / "data"
    inbox.mkdir()
    env = {**os.environ, "CONGVAN_DATA_DIR": str(data)}
    env.pop("CONGVAN_DATABASE_URL", None)
    log = tmp_path / "watch.log"
    letter = render(compose(777))[0]
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "api", "ingest", "--watch", str(inbox),
                                 "--done-dir", str(done), "--interval", "0.3", "--settle", "3",
                                 "--log-json",
                                 "--workers", "1"], env=env, stdout=subprocess.DEVNULL,
                                stderr=out)
    try:
        deadline = time.monotonic() + 60
        while "watching" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        growing = inbox / "đang chép.pdf"
        with growing.open("wb") as f:  # written in two halves, 1.5 s apart
            f.write(letter[: len(letter) // 2])
            f.flush()
            time.sleep(1.5)
            f.write(letter[len(letter) // 2:])
        (inbox / "rỗng.pdf").write_bytes(b"")
        deadline = time.monotonic() + 120
        engine = make_engine(f"sqlite:///{data / 'congvan.db'}")
        docs: list[Document] = []
        while time.monotonic() < deadline:
            if (data / "congvan.db").exists():
                with sessions(engine)() as s:
                    docs = s.scalars(select(Document)).all()
                if docs and all(d.status in ("done", "failed") for d in docs) and \
                        not growing.exists():
                    break
            time.sleep(0.3)
        engine.dispose()
        assert [d.sha256 for d in docs] == [hashlib.sha256(letter).hexdigest()], \
            log.read_text()[-2000:]  # the half-written file was never taken
        assert docs[0].status == "done"
        assert (done / "đang chép.pdf").read_bytes() == letter
        events = [json.loads(line) for line in log.read_text().splitlines()
                  if line.startswith("{")]
        refused = [e for e in events if e["event"] == "file" and e["error"] == "empty_file"]
        assert len(refused) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0


def test_take_in_reports_what_the_intake_says_for_each_file(tmp_path):
    """In process: the rows' status and error strings come from store/intake.py, in its order
    (size first: a big page that is not a letter is too_large), and a full disk is said so."""
    from api.settings import load_settings
    from api.store.migrate import upgrade
    from api.store.originals import Store
    from api.worker import ingest
    from corpus.synth import hostile
    from tests.api.test_intake import FakeFullStore

    settings = load_settings({"CONGVAN_DATA_DIR": str(tmp_path / "data"),
                              "CONGVAN_MAX_UPLOAD_MB": "1"})
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = sessions(engine)
    root = tmp_path / "kho"
    root.mkdir()
    letter = render(compose(3))[0]
    files = {"a.pdf": letter, "b.pdf": letter, "rỗng.pdf": b"",
             "web.pdf": hostile.html_named_pdf(),
             "web lớn.pdf": hostile.html_named_pdf() + b" " * (1024 * 1024)}
    for name, data in files.items():
        (root / name).write_bytes(data)
    paths = [(root / name, None) for name in files] + [(root / "biến mất.pdf", None)]
    store = Store(settings.originals)
    rows = ingest.take_in(paths, factory, store, settings, root)
    assert [(r.path, r.status, r.error) for r in rows] == [
        ("a.pdf", "new", ""), ("b.pdf", "duplicate", ""), ("rỗng.pdf", "failed", "empty_file"),
        ("web.pdf", "failed", "unsupported_type"), ("web lớn.pdf", "failed", "too_large"),
        ("biến mất.pdf", "failed", "unreadable: No such file or directory")]
    assert rows[0].sha256 == hashlib.sha256(letter).hexdigest()
    (root / "c.pdf").write_bytes(letter + b"\n% another copy")
    full = ingest.take_in([(root / "c.pdf", None)], factory,
                          FakeFullStore(settings.originals, 0), settings, root)
    assert [(r.status, r.error) for r in full] == [("failed", "storage_full")]
    stored = [p.name for p in settings.originals.rglob("*") if p.is_file()]
    assert stored == [rows[0].sha256]  # nothing refused, nothing half-written
    engine.dispose()
