"""What a reviewer's value may be: the contract's type for each field and citation key.

A correction is checked before it is kept (an impossible day, a list where text belongs, a
5 MB value are refused, never stored and exported). The types are those of the contract JSON's
values: text; days written as the contract writes them, YYYY-MM-DD (a month alone, YYYY-MM,
where the letter gives no day); one of a few marks (confidentiality, urgency); lists of text;
the signer and the e-signature's objects (its time in ISO 8601); of the delegation, its
countries (a list of text), its start and end days, its funding (`{"kind", "text"}`, a kind
the contract knows). Null says the letter has no such value.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from api.store.search import control_free

#: The longest correction kept, as JSON (UTF-8 bytes).
MAX_BYTES = 10_000
#: A day as the contract writes it, or a month alone (a letter dated "tháng 10 năm 2022").
DAY = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
#: The keys of a signer (`signer`, each of `signers`) and of `e_signature`, `incoming`.
SIGNER_KEYS = ("name", "title", "authority", "rank")
ESIGN_KEYS = ("signer", "email", "organisation", "time")
INCOMING_KEYS = ("number", "date")
TEXT_FIELDS = frozenset({"doc_ref", "doc_number", "doc_symbol", "doc_type", "issuer", "place",
                         "subject"})
#: The fields whose value is one of a few words (the marks a letter can print), or null.
CHOICES = {"confidentiality": ("Mật", "Tối mật", "Tuyệt mật"),
           "urgency": ("Khẩn", "Thượng khẩn", "Hỏa tốc")}
#: A year as a citation writes it.
YEAR = re.compile(r"^\d{4}$")
TEXT_LISTS = frozenset({"recipients", "distribution", "issuers"})
#: A citation's keys a reviewer may set, and the roles the contract knows.
CITATION_TEXT = frozenset({"ref", "kind", "number", "year", "symbol", "issuer", "title"})
CITATION_ROLES = ("basis", "reference", "replaced")
#: Who pays for a trip: the contract's `delegation.funding.kind`.
FUNDING_KINDS = ("state_budget", "foreign_partner", "enterprise", "self", "mixed", "unknown")


class BadValue(ValueError):
    """A reviewer's value the contract cannot hold; the message says why, in Vietnamese."""


def _size(value: Any) -> None:
    size = len(json.dumps(value, ensure_ascii=False).encode())
    if size > MAX_BYTES:
        raise BadValue(f"Giá trị quá lớn: {size} byte, tối đa {MAX_BYTES} byte (dạng JSON)")


def _text(value: Any, what: str, *, lines: bool = False) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise BadValue(f"{what}: phải là chuỗi ký tự hoặc null")
    if not control_free(value.replace("\n", "") if lines else value):
        raise BadValue(f"{what}: có ký tự điều khiển (NUL, tab…)")


def _day(value: Any, what: str) -> None:
    if value is None:
        return
    m = DAY.match(value) if isinstance(value, str) else None
    try:
        if m is None:
            raise ValueError(value)
        year, month, day = int(m[1]), int(m[2]), int(m[3] or 1)
        date(year, month, day)
    except ValueError:
        raise BadValue(f"{what}: ngày phải viết YYYY-MM-DD (hoặc YYYY-MM khi văn bản chỉ ghi "
                       "tháng) và là một ngày có thật, ví dụ 2024-03-12") from None


def _moment(value: Any, what: str) -> None:
    """A time in ISO 8601, as the contract writes an e-signature's.

    2019-09-11T17:37:24+07:00; without the zone or the hour when the letter prints none.
    """
    if value is None:
        return
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        datetime.fromisoformat(value)
    except ValueError:
        raise BadValue(f"{what}: thời điểm phải viết theo ISO 8601, ví dụ "
                       "2019-09-11T17:37:24+07:00 hoặc 2019-09-11") from None


def _choice(value: Any, what: str, choices: tuple[str, ...]) -> None:
    if value is not None and value not in choices:
        raise BadValue(f"{what}: chỉ nhận {', '.join(choices)} hoặc null")


def _object(value: Any, what: str, keys: tuple[str, ...], days: tuple[str, ...] = (),
            moments: tuple[str, ...] = ()) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        raise BadValue(f"{what}: phải là một đối tượng JSON với các khóa {', '.join(keys)}")
    extra = sorted(set(value) - set(keys))
    if extra:
        raise BadValue(f"{what}: không có khóa {', '.join(extra)} (chỉ nhận {', '.join(keys)})")
    for key, item in value.items():
        check = _day if key in days else _moment if key in moments else _text
        check(item, f"{what}.{key}")


def _list(value: Any, what: str, each: Any) -> None:
    if value is None:
        return
    if not isinstance(value, list):
        raise BadValue(f"{what}: phải là một danh sách hoặc null")
    for n, item in enumerate(value):
        if item is None:
            raise BadValue(f"{what}[{n}]: không nhận null trong danh sách")
        each(item, f"{what}[{n}]")


def check_field(name: str, value: Any) -> None:
    """Refuse (BadValue) a value the field `name` cannot hold in the contract."""
    _size(value)
    if name in TEXT_FIELDS:
        _text(value, name, lines=name == "subject")
    elif name in CHOICES:
        _choice(value, name, CHOICES[name])
    elif name == "issued_date":
        _day(value, name)
    elif name in TEXT_LISTS:
        _list(value, name, _text)
    elif name == "deadlines":
        _list(value, name, _day)
    elif name == "signer":
        _object(value, name, SIGNER_KEYS)
    elif name == "signers":  # a signer's object, or a line of text (as the page writes it)
        _list(value, name, lambda item, what: _text(item, what) if isinstance(item, str)
              else _object(item, what, SIGNER_KEYS))
    elif name == "incoming":
        _object(value, name, INCOMING_KEYS, days=("date",))
    elif name == "e_signature":
        _object(value, name, ESIGN_KEYS, moments=("time",))
    else:
        raise BadValue(f"Không sửa được trường {name}")


def check_citation(value: dict[str, Any]) -> None:
    """Refuse (BadValue) a citation correction the contract cannot hold."""
    _size(value)
    for key, item in value.items():
        if key == "date":
            _day(item, "date")
        elif key == "role":
            if item not in CITATION_ROLES:
                raise BadValue(f"role: chỉ nhận {', '.join(CITATION_ROLES)}")
        elif key == "year":
            if item is not None and not (isinstance(item, str) and YEAR.match(item)):
                raise BadValue("year: năm phải là chuỗi 4 chữ số (ví dụ \"2015\") hoặc null")
        elif key in CITATION_TEXT:
            _text(item, key)
        else:
            raise BadValue(f"Căn cứ không có khóa {key} (chỉ sửa được "
                           f"{', '.join(sorted([*CITATION_TEXT, 'date', 'role']))})")
    if "ref" in value and not value["ref"]:
        raise BadValue("ref: số, ký hiệu của căn cứ không được để trống")


def check_delegation(part: str, value: Any) -> None:
    """Refuse (BadValue) a value the delegation's `part` cannot hold in the contract."""
    _size(value)
    what = f"delegation.{part}"
    if part == "countries":
        _list(value, what, _text)
    elif part in ("start", "end"):
        _day(value, what)
    elif part == "funding":
        _object(value, what, ("kind", "text"))
        if value is not None and (set(value) != {"kind", "text"}
                                  or value["kind"] not in FUNDING_KINDS):
            raise BadValue(f"{what}: cần kind (một trong {', '.join(FUNDING_KINDS)}) và text "
                           "(lời văn bản ghi, hoặc null)")
    else:
        raise BadValue(f"Không sửa được phần {part} của đoàn công tác")
