"""The store of originals and the service settings."""

import asyncio
import errno
import hashlib

import pytest

from api.settings import load_settings
from api.store.originals import Store, TooLarge, Writer
from tests.fakes import FakeFullDisk


def test_an_original_is_stored_under_its_digest_once(tmp_path):
    store = Store(tmp_path)
    data = b"%PDF-1.7 congvan " * 100
    first = store.put_chunks([data[:500], data[500:]], limit=10_000)
    assert first.new and first.sha256 == hashlib.sha256(data).hexdigest()
    assert first.size == len(data) and first.head == data[:2048]
    assert store.read(first.sha256) == data
    again = store.put_bytes(data, limit=10_000)
    assert not again.new and again.sha256 == first.sha256
    assert list((tmp_path / ".incoming").iterdir()) == []


def test_an_upload_over_the_limit_leaves_nothing(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(TooLarge):
        store.put_chunks([b"x" * 600, b"x" * 600], limit=1000)
    assert list((tmp_path / ".incoming").iterdir()) == []
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_stream_is_stored_without_being_held_whole(tmp_path):
    store = Store(tmp_path)

    async def chunks():
        for i in range(10):
            yield bytes([i]) * 1000

    stored = asyncio.run(store.put_stream(chunks(), limit=20_000))
    assert stored.size == 10_000 and store.has(stored.sha256)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a" * 63, "Z" * 64, ""])
def test_only_a_digest_becomes_a_path(tmp_path, bad):
    with pytest.raises(ValueError):
        Store(tmp_path).path(bad)


def test_settings_default_to_the_embedded_setup(tmp_path):
    s = load_settings({"CONGVAN_DATA_DIR": str(tmp_path)})
    assert s.is_sqlite and s.database_url.endswith("congvan.db")
    assert s.workers >= 1 and s.max_upload_bytes == 50 * 1024 * 1024
    pg = load_settings({"CONGVAN_DATABASE_URL": "postgresql+psycopg://localhost/x",
                        "CONGVAN_WORKERS": "3", "CONGVAN_MAX_UPLOAD_MB": "2"})
    assert not pg.is_sqlite and pg.workers == 3 and pg.max_upload_bytes == 2 * 1024 * 1024
    with pytest.raises(ValueError):
        load_settings({"CONGVAN_WORKERS": "0"})


def test_machines_share_originals_through_a_store_url(tmp_path):
    """Two machines, each with its own folder, one shared store (fsspec, here file://)."""
    shared = tmp_path / "bucket"
    first = Store(tmp_path / "machine-a", f"file://{shared}")
    second = Store(tmp_path / "machine-b", f"file://{shared}")
    data = b"%PDF-1.7 shared " * 500
    stored = first.put_bytes(data, limit=100_000)
    assert stored.new
    assert (shared / stored.sha256[:2] / stored.sha256[2:4] / stored.sha256).read_bytes() == data
    assert second.has(stored.sha256)
    assert not (tmp_path / "machine-b" / stored.sha256[:2]).exists()  # not fetched yet
    assert second.read(stored.sha256) == data  # fetched into machine b's own folder
    assert second.path(stored.sha256).is_relative_to(tmp_path / "machine-b")
    assert not second.put_bytes(data, limit=100_000).new
    assert not Store(tmp_path / "machine-c", f"file://{shared}").has("0" * 64)


def test_a_shared_copy_that_does_not_match_its_digest_is_refused(tmp_path):
    shared = tmp_path / "bucket"
    first = Store(tmp_path / "a", f"file://{shared}")
    stored = first.put_bytes(b"%PDF-1.7 original", limit=1000)
    (shared / stored.sha256[:2] / stored.sha256[2:4] / stored.sha256).write_bytes(b"tampered")
    with pytest.raises(OSError, match="does not match"):
        Store(tmp_path / "b", f"file://{shared}").read(stored.sha256)
    assert list((tmp_path / "b" / ".incoming").iterdir()) == []


@pytest.mark.parametrize("room", [0, 1500, 10_000])
def test_a_full_disk_leaves_no_half_written_original(tmp_path, monkeypatch, room):
    store = Store(tmp_path)
    kept = store.put_bytes(b"%PDF-1.7 kept " * 10, limit=10_000)
    real_init = Writer.__init__

    def full_disk_writer(self, store, limit):
        real_init(self, store, limit)
        self.file = FakeFullDisk(self.file, room)

    monkeypatch.setattr(Writer, "__init__", full_disk_writer)
    with pytest.raises(OSError) as caught:
        store.put_chunks([b"x" * 1000] * 3, limit=1_000_000)
    assert caught.value.errno == errno.ENOSPC
    assert list((tmp_path / ".incoming").iterdir()) == []
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [kept.sha256]  # the earlier original untouched
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == kept.sha256
