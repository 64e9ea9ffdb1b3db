"""State legal metadata as JSON Lines: one instrument a line, shaped like the public databases.

A line holds `so_ky_hieu`, `loai_van_ban`, `co_quan_ban_hanh`, `ngay_ban_hanh`,
`ngay_co_hieu_luc`, `ngay_het_hieu_luc`, `tinh_trang_hieu_luc`, `trich_yeu` (days `dd/mm/yyyy`
or ISO) and `relations`: the instruments it replaces, amends or repeals, or that replaced,
amended or repealed it. Reading checks every line and names every problem (line and key); the
relations are then applied to the registry by `corpus.registry.relations`. Other keys a
database's export carries (`linh_vuc`, `nguoi_ky`, …) are let through unread.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from corpus.registry.load import Problem, RegistryDataError
from nlp.numbering import DocRef, parse_ref

#: A relationship, read on the line of instrument A about instrument B: what happens to whom.
#: (type, whether A is the one it happens to). "Văn bản thay thế" B: A replaces B.
RELATIONSHIPS: dict[str, tuple[str, bool]] = {
    "Văn bản thay thế": ("replaced_by", False),
    "Văn bản bị thay thế": ("replaced_by", True),
    "Văn bản sửa đổi bổ sung": ("amended_by", False),
    "Văn bản bị sửa đổi bổ sung": ("amended_by", True),
    "Văn bản bãi bỏ": ("repealed", False),
    "Văn bản bị bãi bỏ": ("repealed", True),
}
#: The statuses the public databases give (tình trạng hiệu lực).
STATUSES = ("Còn hiệu lực", "Hết hiệu lực toàn bộ", "Hết hiệu lực một phần", "Chưa có hiệu lực",
            "Ngưng hiệu lực", "Ngưng hiệu lực một phần", "Chưa xác định")
#: Statuses that say only part of the instrument lost effect.
PARTLY = frozenset({"Hết hiệu lực một phần", "Ngưng hiệu lực một phần"})
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class Relation(NamedTuple):
    """One relation as read: the other instrument, and what happens between the two.

    (Record and Relation are named tuples: made 100,000 times a file, where a frozen
    dataclass's checked assignments cost five times as much.)
    """

    type: str  # replaced_by, amended_by, repealed
    passive: bool  # True: this line's instrument is the one replaced, amended or repealed
    ref: DocRef
    signed: date
    line: int
    key: str  # "relations[2]"


class Record(NamedTuple):
    """One line: an instrument of the state's metadata, with its relations."""

    line: int
    ref: DocRef
    kind: str
    issuer: str | None
    signed: date
    in_force: date | None
    out_of_force: date | None
    status: str | None
    title: str | None
    relations: tuple[Relation, ...]

    @property
    def partly(self) -> bool:
        """Whether the database says only part of it lost effect."""
        return self.status in PARTLY


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return unicodedata.normalize("NFC", " ".join(value.split())) or None


def _name(value: Any) -> str | None:
    """A value many lines repeat (a kind, an issuer, a status), tidied once and shared."""
    return _named(value) if isinstance(value, str) else None


@lru_cache(maxsize=1 << 14)
def _named(value: str) -> str | None:
    text = _text(value)
    return sys.intern(text) if text else None


def parse_day(value: Any) -> date | None:
    """A day written `dd/mm/yyyy` or ISO (`yyyy-mm-dd`); None when it is neither."""
    if not isinstance(value, str):
        return None
    return _day(value.strip())


@lru_cache(maxsize=1 << 15)  # a file of 100,000 instruments names a few thousand days
def _day(text: str) -> date | None:
    m = _DMY.match(text)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


class _Line:
    """Reads one line's values, naming each problem with the line and the key."""

    def __init__(self, number: int, problems: list[Problem]):
        self.number = number
        self.problems = problems

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.number, f"{key}: {message}"))

    def ref(self, raw: Any, key: str) -> DocRef | None:
        text = _text(raw)
        if text is None:
            self.fail(key, "thiếu số, ký hiệu")
            return None
        parsed = parse_ref(text)
        if parsed is None:
            self.fail(key, f"số, ký hiệu không hợp lệ: {text!r}")
        return parsed

    def day(self, raw: Any, key: str, *, required: bool = False) -> date | None:
        if raw in (None, ""):
            if required:
                self.fail(key, "thiếu ngày (dd/mm/yyyy hoặc yyyy-mm-dd)")
            return None
        day = parse_day(raw)
        if day is None:
            self.fail(key, f"ngày không hợp lệ (cần dd/mm/yyyy hoặc yyyy-mm-dd): {raw!r}")
        return day

    def relations(self, raw: Any) -> tuple[Relation, ...]:
        if raw in (None, []):
            return ()
        if not isinstance(raw, list):
            self.fail("relations", "phải là danh sách")
            return ()
        out = []
        for i, item in enumerate(raw):
            key = f"relations[{i}]"
            if not isinstance(item, dict):
                self.fail(key, "mỗi quan hệ phải là một đối tượng "
                               "{relationship, so_ky_hieu, ngay_ban_hanh}")
                continue
            kind = RELATIONSHIPS.get(_name(item.get("relationship")) or "")
            if kind is None:
                self.fail(f"{key}.relationship", "quan hệ không hợp lệ: "
                          f"{item.get('relationship')!r} (một trong {', '.join(RELATIONSHIPS)})")
            ref = self.ref(item.get("so_ky_hieu"), f"{key}.so_ky_hieu")
            signed = self.day(item.get("ngay_ban_hanh"), f"{key}.ngay_ban_hanh", required=True)
            if kind and ref and signed:
                out.append(Relation(kind[0], kind[1], ref, signed, self.number, key))
        return tuple(out)


def _record(raw: Any, number: int, problems: list[Problem]) -> Record | None:
    line = _Line(number, problems)
    if not isinstance(raw, dict):
        line.fail("(dòng)", "mỗi dòng phải là một đối tượng JSON (một văn bản)")
        return None
    ref = line.ref(raw.get("so_ky_hieu"), "so_ky_hieu")
    kind = _name(raw.get("loai_van_ban"))
    if kind is None:
        line.fail("loai_van_ban", "thiếu loại văn bản")
    signed = line.day(raw.get("ngay_ban_hanh"), "ngay_ban_hanh", required=True)
    in_force = line.day(raw.get("ngay_co_hieu_luc"), "ngay_co_hieu_luc")
    out_of_force = line.day(raw.get("ngay_het_hieu_luc"), "ngay_het_hieu_luc")
    if signed and in_force and in_force < signed:
        line.fail("ngay_co_hieu_luc", "ngày có hiệu lực trước ngày ban hành")
    if out_of_force and out_of_force < (in_force or signed or out_of_force):
        line.fail("ngay_het_hieu_luc", "ngày hết hiệu lực trước ngày có hiệu lực")
    status = _name(raw.get("tinh_trang_hieu_luc"))
    if status is not None and status not in STATUSES:
        line.fail("tinh_trang_hieu_luc", f"tình trạng không hợp lệ: {status!r} "
                                         f"(một trong {', '.join(STATUSES)})")
    given_issuer, given_title = raw.get("co_quan_ban_hanh"), raw.get("trich_yeu")
    issuer, title = _name(given_issuer), _text(given_title)
    for key, given, tidy in (("co_quan_ban_hanh", given_issuer, issuer),
                             ("trich_yeu", given_title, title)):
        if given not in (None, "") and tidy is None:
            line.fail(key, "phải là chuỗi")
    relations = line.relations(raw.get("relations"))
    if ref is None or kind is None or signed is None:
        return None
    return Record(number, ref, kind, issuer, signed, in_force, out_of_force, status, title,
                  relations)


def parse_jsonl(text: str | Iterable[str], *, name: str = "registry.jsonl") -> list[Record]:
    """The records of a JSON Lines file (its text, or its lines), every line checked.

    Raises:
        RegistryDataError: naming every problem, each with its line and key.
    """
    problems: list[Problem] = []
    records: list[Record] = []
    seen: dict[tuple[str, date], int] = {}
    lines = text.splitlines() if isinstance(text, str) else text
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(Problem(number, f"(dòng): không đọc được JSON: {e.msg} "
                                            f"(cột {e.colno})"))
            continue
        record = _record(raw, number, problems)
        if record is None:
            continue
        first = seen.setdefault((record.ref.ref, record.signed), number)
        if first != number:
            problems.append(Problem(number, f"so_ky_hieu: văn bản {record.ref.ref} ngày "
                                            f"{record.signed:%d/%m/%Y} đã có ở dòng {first}"))
            continue
        records.append(record)
    if problems:
        raise RegistryDataError(name, problems)
    return records


def read_jsonl(path: Path, *, name: str | None = None) -> list[Record]:
    """The records of a JSON Lines file on disk (`name` is how problems and sources call it)."""
    with path.open(encoding="utf-8") as lines:  # line by line: not the whole text at once
        return parse_jsonl(lines, name=name or path.name)
