"""One intake for both doors: an upload (`take_stream`) and a file of an archive folder
(`take_file`) give the same outcome and error code for the same bytes, and a refused file
leaves nothing in the store."""

from __future__ import annotations

import asyncio
import errno
import hashlib
from collections.abc import AsyncIterator, Callable
from functools import cache
from pathlib import Path

import pytest

from api.store.intake import NotTaken, Taken, take_file, take_stream
from api.store.originals import Store, Writer
from corpus.synth import hostile
from corpus.synth.compose import compose
from corpus.synth.render import render
from tests.fakes import FakeFullDisk

LIMIT = 1024 * 1024
#: The chunk size the fake upload arrives in (small, so a file comes in many pieces).
PIECE = 64 * 1024


@cache
def _letter() -> bytes:
    return render(compose(3))[0]


def _padded(data: bytes, size: int) -> bytes:
    """`data` (a PDF) grown to `size` bytes by a comment at its end: still the same PDF."""
    return data + b"\n%" + b"-" * (size - len(data) - 2)


#: name, how to make its bytes, the error code (None: taken in as that media type).
TABLE: list[tuple[str, Callable[[], bytes], str | None, str | None]] = [
    ("công văn.pdf", _letter, None, "application/pdf"),
    ("rỗng.pdf", lambda: b"", "empty_file", None),
    ("trang web.pdf", hostile.html_named_pdf, "unsupported_type", None),
    ("nén.pdf", hostile.zip_named_pdf, "unsupported_type", None),
    ("chữ thường.pdf", hostile.not_a_letter, "unsupported_type", None),
    ("quá lớn.pdf", lambda: _padded(_letter(), LIMIT + 1), "too_large", None),
    # too large and not a letter: the size is checked first, while the file arrives
    ("trang web lớn.pdf", lambda: hostile.html_named_pdf() + b" " * LIMIT, "too_large", None),
    ("vừa đủ.pdf", lambda: _padded(_letter(), LIMIT), None, "application/pdf"),
]
IDS = [name for name, *_ in TABLE]


async def _pieces(data: bytes) -> AsyncIterator[bytes]:
    for at in range(0, len(data), PIECE):
        yield data[at:at + PIECE]


def _by_stream(store: Store, name: str, data: bytes, tmp: Path) -> Taken:
    return asyncio.run(take_stream(store, _pieces(data), limit=LIMIT, name=name))


def _by_file(store: Store, name: str, data: bytes, tmp: Path) -> Taken:
    path = tmp / "thư mục" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return take_file(store, path, limit=LIMIT)


DOORS = {"take_stream": _by_stream, "take_file": _by_file}


def _outcome(door: str, store: Store, name: str, data: bytes, tmp: Path
             ) -> tuple[str, str | None]:
    """("taken", media type) or ("refused", error code)."""
    try:
        taken = DOORS[door](store, name, data, tmp)
    except NotTaken as e:
        assert e.name == name and repr(name) in e.message, e.message  # the message names it
        return "refused", str(e.code)
    assert taken.name == name and taken.size == len(data)
    assert taken.sha256 == hashlib.sha256(data).hexdigest()
    assert store.read(taken.sha256) == data
    return "taken", taken.media_type


def _originals(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and ".incoming" not in p.parts)


@pytest.mark.parametrize(("name", "make", "code", "media_type"), TABLE, ids=IDS)
def test_both_doors_give_the_same_outcome_and_code(tmp_path, name, make, code, media_type):
    data = make()
    got = {door: _outcome(door, Store(tmp_path / door / "store"), name, data, tmp_path / door)
           for door in DOORS}
    want = ("refused", code) if code else ("taken", media_type)
    assert got == {"take_stream": want, "take_file": want}


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize(("name", "make", "code", "media_type"),
                         [row for row in TABLE if row[2]], ids=[r[0] for r in TABLE if r[2]])
def test_a_refused_new_file_leaves_nothing_in_the_store(tmp_path, door, name, make, code,
                                                        media_type):
    root = tmp_path / "store"
    store = Store(root)
    kept = store.put_bytes(_letter(), limit=LIMIT)
    with pytest.raises(NotTaken) as refused:
        DOORS[door](store, name, make(), tmp_path)
    assert refused.value.code == code
    assert list((root / ".incoming").iterdir()) == []  # nothing half-written
    assert [p.name for p in _originals(root)] == [kept.sha256]  # nothing new, the rest kept


@pytest.mark.parametrize("door", DOORS)
def test_refused_bytes_already_stored_are_left_as_they_were(tmp_path, door):
    root = tmp_path / "store"
    store = Store(root)
    data = hostile.html_named_pdf()
    before = store.put_bytes(data, limit=LIMIT)  # stored by another way, long ago
    with pytest.raises(NotTaken) as refused:
        DOORS[door](store, "trang web.pdf", data, tmp_path)
    assert refused.value.code == "unsupported_type"
    assert store.read(before.sha256) == data  # not new: not discarded


@pytest.mark.parametrize("door", DOORS)
def test_the_same_letter_twice_is_stored_once(tmp_path, door):
    store = Store(tmp_path / "store")
    first = DOORS[door](store, "a.pdf", _letter(), tmp_path)
    again = DOORS[door](store, "b.pdf", _letter(), tmp_path)
    assert first.new and not again.new and first.sha256 == again.sha256
    assert len(_originals(tmp_path / "store")) == 1


def test_an_endless_upload_is_cut_off_while_it_arrives(tmp_path):
    store = Store(tmp_path)
    read = [0]

    async def endless() -> AsyncIterator[bytes]:
        while True:
            read[0] += 1
            yield b"%PDF-1.7\n" if read[0] == 1 else b"0" * PIECE

    with pytest.raises(NotTaken) as refused:
        asyncio.run(take_stream(store, endless(), limit=LIMIT, name="vô tận.pdf"))
    assert refused.value.code == "too_large" and "1 MB" in refused.value.message
    assert read[0] <= LIMIT // PIECE + 2
    assert list(tmp_path.rglob("*")) == [tmp_path / ".incoming"]


def test_an_endless_file_is_cut_off_while_it_is_read(tmp_path):
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(NotTaken) as refused:
        take_file(Store(tmp_path), zero, limit=LIMIT)
    assert refused.value.code == "too_large" and "'zero'" in refused.value.message
    assert list(tmp_path.rglob("*")) == [tmp_path / ".incoming"]


def test_a_file_that_cannot_be_read_is_an_oserror_not_a_refusal(tmp_path):
    with pytest.raises(FileNotFoundError):
        take_file(Store(tmp_path / "store"), tmp_path / "không có.pdf", limit=LIMIT)
    assert list((tmp_path / "store" / ".incoming").iterdir()) == []


class FakeFullStore(Store):
    """A store whose writers write to a fake full disk (`room` bytes left)."""

    def __init__(self, root: Path, room: int):
        super().__init__(root)
        self.room = room

    def writer(self, *, limit: int) -> Writer:
        writer = super().writer(limit=limit)
        writer.file = FakeFullDisk(writer.file, self.room)  # type: ignore[assignment]
        return writer


@pytest.mark.parametrize("room", [0, PIECE * 2, LIMIT])
@pytest.mark.parametrize("door", DOORS)
def test_a_full_disk_is_storage_full_with_nothing_half_written(tmp_path, door, room):
    root = tmp_path / "store"
    kept = Store(root).put_bytes(b"%PDF-1.7 kept " * 10, limit=LIMIT)
    with pytest.raises(NotTaken) as refused:
        DOORS[door](FakeFullStore(root, room), "cv.pdf", _letter(), tmp_path)
    assert refused.value.code == "storage_full"
    assert "đầy" in refused.value.message and "'cv.pdf'" in refused.value.message
    assert isinstance(refused.value.__cause__, OSError)
    assert refused.value.__cause__.errno == errno.ENOSPC
    assert list((root / ".incoming").iterdir()) == []
    assert [p.name for p in _originals(root)] == [kept.sha256]
