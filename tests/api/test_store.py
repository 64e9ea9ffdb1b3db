"""The store of originals and the service settings."""

import asyncio
import hashlib

import pytest

from api.settings import load_settings
from api.store import Store, TooLarge


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
