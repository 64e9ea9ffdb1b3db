"""Trip rules a letter states itself: the contract's `rules_stated`.

A circular that restricts sending delegations abroad for a time ("hạn chế việc cử các đoàn đi
công tác nước ngoài … từ nay đến …") states a `restricted_period`: its start is the letter's
own date for "từ nay" (or the day written after "từ ngày"), its end the day written after
"đến (hết) ngày", or null when the end is an event ("đến khi hoàn thành bầu cử"). A letter
that sets a time to report after a trip ("chậm nhất 15 ngày làm việc kể từ khi nhập cảnh về
nước … phải báo cáo") states a `report_deadline` with its number of days and whether they are
working days. Each statement carries the sentence it was read from (page, box, text) and its
scope: the bodies the letter is sent to, as read (`recipients`, else `distribution`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from nlp.field import Field, found
from nlp.sheet import Sheet

#: Where one sentence (or list item) of a letter's body ends.
_SENTENCE_END = re.compile(r"\.(?=\s)|;(?=[ \t]*\n)|:\s*\n|"
                           r"\n(?=\s*(?:[-–+•]|\d{1,2}[.)]\s|[a-zđ]\)\s))")
_RESTRICT = re.compile(r"hạn\s+chế\b", re.I)
_ABROAD = re.compile(r"(?:đoàn|cán\s+bộ|đảng\s+viên)[^.;]{0,120}?(?:nước\s+ngoài|đoàn\s+ra)"
                     r"|đoàn\s+ra", re.I)
_DAY = r"(?P<{n}d>\d{{1,2}})\s*[/.-]\s*(?P<{n}m>\d{{1,2}})\s*[/.-]\s*(?P<{n}y>\d{{4}})"
_FROM_NOW = re.compile(r"\b(?:từ\s+nay|kể\s+từ\s+nay|kể\s+từ\s+ngày\s+ký)\b", re.I)
_FROM_DAY = re.compile(r"\b(?:kể\s+)?từ\s+(?:ngày\s+)?" + _DAY.format(n="a"), re.I)
_UNTIL_DAY = re.compile(r"\bđến\s+(?:hết\s+)?(?:ngày\s+)?" + _DAY.format(n="b"), re.I)
_UNTIL_EVENT = re.compile(r"\b(?:cho\s+)?đến\s+(?:khi|lúc|hết\s+thời\s+gian|sau\s+khi)\b",
                          re.I)
_REPORT = re.compile(r"báo\s+cáo", re.I)
_RETURN = re.compile(r"về\s+nước|nhập\s+cảnh|kết\s+thúc\s+(?:chuyến|đợt|thời\s+gian)|"
                     r"trở\s+về|hoàn\s+thành\s+chuyến", re.I)
_DAYS = re.compile(r"(?:chậm\s+nhất|trong\s+(?:vòng|thời\s+hạn|thời\s+gian)|không\s+quá|"
                   r"tối\s+đa)\s+(?:là\s+)?(?:[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*)?\(?"
                   r"(?P<days>\d{1,3})\)?\s*ngày(?P<work>\s+làm\s+việc)?", re.I)


def _iso(match: re.Match[str], n: str) -> str | None:
    try:
        return date(int(match[f"{n}y"]), int(match[f"{n}m"]), int(match[f"{n}d"])).isoformat()
    except ValueError:
        return None


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each sentence or list item of `text` (newlines kept, so offsets hold)."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + (1 if text[m.start()] in ".;" else 0)
        if text[start:end].strip():
            yield start, end
        start = m.end()
    if text[start:].strip():
        yield start, len(text)


def _restriction(flat: str, issued: str | None) -> dict[str, Any] | None:
    if not (_RESTRICT.search(flat) and _ABROAD.search(flat)):
        return None
    since = _FROM_DAY.search(flat)
    now = _FROM_NOW.search(flat)
    until = _UNTIL_DAY.search(flat)
    if since is None and now is None and until is None:
        return None  # a restriction with no time ("hạn chế tối đa …") is a habit, not a period
    start = _iso(since, "a") if since is not None else (issued if now is not None else None)
    end = _iso(until, "b") if until is not None else None
    if until is None and not _UNTIL_EVENT.search(flat) and now is None:
        return None
    return {"kind": "restricted_period", "start": start, "end": end, "days": None,
            "working_days": None}


def _deadline(flat: str) -> dict[str, Any] | None:
    if not (_REPORT.search(flat) and _RETURN.search(flat)):
        return None
    days = _DAYS.search(flat)
    if days is None:
        return None
    return {"kind": "report_deadline", "start": None, "end": None, "days": int(days["days"]),
            "working_days": bool(days["work"])}


def _scope(fields: dict[str, Field]) -> list[str]:
    """The bodies the letter is sent to: "Kính gửi", else "Nơi nhận" less the file copy."""
    recipients = fields["recipients"].value
    if recipients:
        return [str(r) for r in recipients]
    kept = [str(d) for d in fields["distribution"].value or []
            if not re.match(r"(?:như\s+trên|lưu\b)", str(d).strip(), re.I)]
    return kept


def read_rules_stated(sheet: Sheet, fields: dict[str, Field]) -> list[dict[str, Any]]:
    """The contract's `rules_stated`: each rule the body states, where, and whom it binds."""
    issued = fields["issued_date"].value
    day = issued if isinstance(issued, str) and len(issued) == 10 else None
    text = sheet.text
    out: list[dict[str, Any]] = []
    for start, end in _sentences(text):
        pieces = [p for p in sheet.locate(start, end) if p.line.region == "body"]
        if not pieces:
            continue
        flat = " ".join(text[start:end].split())
        stated = _restriction(flat, day) or _deadline(flat)
        if stated is None:
            continue
        where = found(None, pieces).to_dict()
        out.append({**stated, "scope": _scope(fields), "page": where["page"],
                    "bbox": where["bbox"], "text": " ".join(where["text"].split())})
    return out
