"""The effects an instrument states of itself: takes effect, replaces, repeals, amends.

Read from its closing articles ("Điều N. Hiệu lực thi hành"): "Quyết định này có hiệu lực kể
từ ngày ký", "… thay thế Thông tư số …", "Bãi bỏ Điều 7 của …", "Sửa đổi, bổ sung một số điều
của …", "Nghị định số … hết hiệu lực kể từ ngày Nghị định này có hiệu lực". The other
instruments are the citations nlp/citations.py reads, in its ref form; a clause counts only
when the letter itself is its subject: not in a "Căn cứ …" line, not in another instrument's
title ("Thông tư số … sửa đổi, bổ sung một số điều của …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from nlp.citations import Citation, sheet_text
from nlp.dates import find_dates
from nlp.field import found
from nlp.sheet import Sheet

#: The letter types that are instruments: only these state effects of their own.
INSTRUMENTS = frozenset((
    "Quyết định", "Nghị định", "Thông tư", "Thông tư liên tịch", "Quy định", "Quy chế",
    "Chỉ thị", "Nghị quyết", "Luật", "Bộ luật", "Pháp lệnh", "Hướng dẫn", "Kết luận", "Lệnh",
    "Điều lệ",
))
_KIND = (r"(?:Quyết\s+định|Nghị\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Quy\s+định|Quy\s+chế|"
         r"Chỉ\s+thị|Nghị\s+quyết|Bộ\s+luật|Luật|Pháp\s+lệnh|Hướng\s+dẫn|Kết\s+luận|Điều\s+lệ|"
         r"Văn\s+bản)")
_DAY = (r"(?:ngày\s*)?\d{1,2}(?:\s*tháng\s*\d{1,2}\s*,?\s*năm\s*\d{4}|\s*[/.-]\s*\d{1,2}\s*[/.-]\s*"
        r"\d{4})")
#: "kể", as OCR also reads it ("kê", "kế").
_KE = r"k[ểêeếệễ]"
#: "Quyết định này có hiệu lực (thi hành) kể từ ngày ký / ngày 01 tháng 5 năm 2022 / sau 45
#: ngày kể từ ngày ký / … kể từ ngày đăng Công báo".
_TAKES = re.compile(
    rf"(?<!\w){_KIND}(?P<this>\s+này)?\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+pháp\s+luật)?"
    rf"\s*,?\s*(?:(?:{_KE}\s+)?từ\s+(?P<day>{_DAY})|"
    rf"(?:sau\s+(?P<after>\d{{1,3}})\s+ngày\s*,?\s*)?(?:{_KE}\s+)?từ\s+(?:ngày\s+)?"
    rf"(?:(?P<sign>ký(?:\s+ban\s+hành)?|ban\s+hành)|(?P<gazette>đăng\s+công\s+báo)))",
    re.IGNORECASE)
#: Verbs whose subject is the letter and whose objects follow: the kind of effect they state.
_ACTIVE = re.compile(
    r"(?<!\w)(?<!được\s)(?<!bị\s)(?:(?P<replaces>thay\s+thế(?:\s+cho)?|thay\s+cho)"
    r"(?!\s+(?:bằng|bởi))|(?P<repeals>bãi\s+bỏ)|"
    r"(?P<amends>sửa\s+đổi(?:\s*,\s*|\s+và\s+)bổ\s+sung|sửa\s+đổi))(?!\w)", re.IGNORECASE)
#: Words after instruments that say they end, from the letter's day or a day it names
#: ("… hết hiệu lực kể từ ngày Nghị định này có hiệu lực"); "đã hết hiệu lực" only reports.
_PASSIVE = re.compile(
    rf"(?<!\w)(?<!đã\s)(?:hết\s+hiệu\s+lực(?:\s+thi\s+hành)?|bị\s+bãi\s+bỏ)(?=\s+(?:kể\s+)?"
    rf"từ\s+(?:ngày\s+)?(?:{_KIND}\s+này|{_DAY}))", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n(?=\s*(?:Điều\s+\d+\s*\.|\d{1,2}\.\s|[a-zđ]\)\s))")
#: Sentences that state what the letter rests on, not what it does.
_BASIS = re.compile(r"\s*(?:Căn\s+cứ|Theo|Xét|Thực\s+hiện|Trên\s+cơ\s+sở|Tại)(?!\w)",
                    re.IGNORECASE)
_HEAD = re.compile(r"\s*(?:(?:Điều\s+\d+\s*\.|\d{1,2}\.|[a-zđ]\))\s*)?(?:(?:Hiệu\s+lực(?:\s+thi"
                   r"\s+hành)?|Điều\s+khoản\s+thi\s+hành|Tổ\s+chức\s+thực\s+hiện)\s*\.?\s*)?",
                   re.IGNORECASE)
_SEPARATOR = re.compile(r"[,;:]|(?<!\w)(?:và|hoặc|cùng)(?!\w)|\n\s*[-–+]", re.IGNORECASE)
_PART = (r"(?:(?:điểm\s+[a-zđ]\s*,?\s+)?(?:khoản\s+\d+\s*,?\s+)?Điều\s+\d+[a-zđ]?"
         r"(?:\s*(?:,|và)\s*(?:(?:khoản\s+\d+\s*,?\s+)?Điều\s+\d+[a-zđ]?|khoản\s+\d+))*)")
#: What may stand between a verb (or a list's comma) and the instrument it acts on.
_OBJECT_LEAD = re.compile(
    rf"^\s*(?:(?P<part>{_PART})\s+(?:của\s+)?|(?:một\s+số|các)\s+(?:điều|nội\s+dung)"
    r"(?:\s+và\s+phụ\s+lục)?\s+(?:của\s+)?)?"
    r"(?:(?:Quy\s+chế|Quy\s+định|Điều\s+lệ)\s[^;]{0,160}?\s(?:ban\s+hành\s+)?kèm\s+theo\s+)?$",
    re.IGNORECASE)
_FROM_DAY = re.compile(rf"(?:{_KE}\s+)?từ\s+(?P<day>{_DAY})", re.IGNORECASE)
#: "Hướng dẫn này thay thế …; được phổ biến … và thực hiện kể từ ngày ký": said of a sentence
#: whose subject is the letter, the day it takes effect.
_APPLIES = re.compile(rf"(?<!\w)(?:thực\s+hiện|áp\s+dụng)\s+(?:{_KE}\s+)?từ\s+(?:ngày\s+)?"
                      rf"(?:(?P<sign>ký(?:\s+ban\s+hành)?|ban\s+hành)|(?P<day>{_DAY}))(?!\w)",
                      re.IGNORECASE)
_THIS = re.compile(rf"{_KIND}\s+này(?!\w)", re.IGNORECASE)
_KIND_BEFORE = re.compile(rf"{_KIND}\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Effect:
    """One effect the letter states: its kind, the instrument, part and day, where it was read."""

    kind: str  # takes_effect, replaces, repeals, amends
    ref: str | None
    part: str | None
    date: str | None
    page: int | None
    bbox: tuple[float, float, float, float] | None
    text: str | None

    def to_dict(self) -> dict[str, object]:
        """The contract's effect object."""
        return {"kind": self.kind, "ref": self.ref, "part": self.part, "date": self.date,
                "page": self.page, "bbox": None if self.bbox is None else
                [round(v, 1) for v in self.bbox], "text": self.text}


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    ref: str


def _plus_days(issued: str | None, days: int) -> str | None:
    if not issued or len(issued) != 10:
        return None
    return (date.fromisoformat(issued) + timedelta(days=days)).isoformat()


def _takes_effect_day(m: re.Match[str], issued: str | None) -> str | None:
    """The day a takes-effect clause names: its date, the signing day, or days after it."""
    if m["day"]:
        days = find_dates(m["day"])
        return days[0].value if days and len(days[0].value) == 10 else None
    if m["sign"]:
        return _plus_days(issued, int(m.groupdict().get("after") or 0))
    return None  # from its publication in the Gazette: a day the letter does not show


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _clause_start(text: str, start: int, at: int) -> int:
    """Where the clause holding `at` starts: after the last ";" of its sentence before it."""
    return max(start, text.rfind(";", start, at) + 1)


def _object_part(text: str, lead_from: int, mention: _Mention) -> tuple[bool, str | None]:
    """Whether the mention is an object of the verb or list before it, and the part it names.

    Any separator after `lead_from` may start the lead; an instrument named in another's title
    ("… của Quy chế … ban hành kèm theo …" with title words, "Nghị định số … sửa đổi … của")
    has a lead that is none of these.
    """
    starts = [lead_from] + [s.end() for s in _SEPARATOR.finditer(text, lead_from, mention.start)]
    for at in starts:
        lead = _OBJECT_LEAD.match(text[at:mention.start])
        if lead:
            part = " ".join(lead["part"].split()) if lead["part"] else None
            return True, part
    return False, None


def _explicit_day(text: str, start: int, end: int, mentions: list[_Mention]) -> str | None:
    """A "(kể) từ ngày …" day said in [start, end) outside the printed instruments."""
    for m in _FROM_DAY.finditer(text, start, end):
        if any(x.start <= m.start() < x.end for x in mentions):
            continue
        days = find_dates(m["day"])
        if days and len(days[0].value) == 10:
            return days[0].value
    return None


def _mentions(citations: list[Citation]) -> list[_Mention]:
    out = [_Mention(p.start, p.end, c.ref) for c in citations if c.ref and not c.short
           for p in c.places if p.end is not None]
    return sorted(out, key=lambda m: m.start)


def read_effects(sheet: Sheet, citations: list[Citation], *, doc_type: str | None,
                 doc_ref: str | None, issued: str | None) -> list[Effect]:
    """Every effect the letter states of itself, in reading order ([] for other letters).

    `citations` are the letter's own (nlp/citations.py); `doc_type`, `doc_ref` and `issued`
    its fields. A letter of a type that is no instrument (a Công văn, a Tờ trình) states none.
    """
    if doc_type is not None and doc_type not in INSTRUMENTS:
        return []
    text = sheet_text(sheet)
    mentions = _mentions(citations)
    found_: list[tuple[int, str, str | None, str | None, str | None, int, int]] = []
    own_day: str | None = None
    for a, b in _sentences(text):
        head = _HEAD.match(text, a)
        lead_at = head.end() if head else a
        if _BASIS.match(text, lead_at):
            continue
        inside = [m for m in mentions if a <= m.start < b]
        for t in _TAKES.finditer(text, a, b):
            if t["this"] is None and t.start() != lead_at:
                continue  # "Quyết định có hiệu lực …" only when it opens its sentence
            if any(m.start < t.start() for m in inside):
                continue  # said of an instrument the sentence names, not of the letter
            day = _takes_effect_day(t, issued)
            if own_day is None:
                own_day = day
            found_.append((t.start(), "takes_effect", doc_ref, None, day, t.start(), t.end()))
            break
        else:
            applies = _APPLIES.search(text, a, b) if _THIS.match(text, lead_at) else None
            if applies is not None:
                day = _takes_effect_day(applies, issued)
                own_day = own_day or day
                found_.append((applies.start(), "takes_effect", doc_ref, None, day,
                               applies.start(), applies.end()))
        verbs = [v for v in _ACTIVE.finditer(text, a, b)
                 if not any(_clause_start(text, a, v.start()) <= m.start < v.start()
                            for m in inside)
                 and not _KIND_BEFORE.search(text, a, v.start())]
        for i, v in enumerate(verbs):
            kind = next(k for k in ("replaces", "repeals", "amends") if v[k])
            stop = verbs[i + 1].start() if i + 1 < len(verbs) else b
            ended = _PASSIVE.search(text, v.end(), stop)
            stop = ended.start() if ended else stop
            previous = v.end()
            for m in (x for x in inside if v.end() <= x.start < stop):
                is_object, part = _object_part(text, previous, m)
                if is_object:
                    day = _explicit_day(text, v.end(), stop, inside)
                    found_.append((m.start, kind, m.ref, part, day, v.start(), m.end))
                previous = m.end
        for p in _PASSIVE.finditer(text, a, b):
            if any(v.start() < p.start() for v in verbs):
                continue
            previous = lead_at
            for m in (x for x in inside if x.start < p.start()):
                is_object, part = _object_part(text, previous, m)
                if is_object:
                    day = _explicit_day(text, p.end(), b, inside)
                    found_.append((m.start, "repeals", m.ref, part, day, m.start, p.end()))
                previous = m.end
    effects: list[Effect] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for _, kind, ref, part, day, start, end in sorted(found_, key=lambda e: e[0]):
        if (kind, ref, part) in seen:
            continue
        seen.add((kind, ref, part))
        read = found(None, sheet.locate(start, end))
        effects.append(Effect(kind, ref, part, day if kind == "takes_effect" else day or own_day,
                              read.page, read.bbox, read.text))
    return effects
