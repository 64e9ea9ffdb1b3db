"""The delegation a trip letter proposes, sends or reports on (the contract's `delegation`).

Read from the body's text: the head ("… làm Trưởng đoàn", "- Trưởng đoàn" after a listed
member), the members (lists led by Ông/Bà/Đồng chí/Đ/c, "cùng các thành viên: …", "Cử bà …
đi công tác"), the stated size, where (countries normalised by nlp.countries, cities kept as
places), when, why, at whose invitation, and who pays. A letter that names no trip (a circular
that only sets rules) has no delegation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from nlp import countries as world
from nlp.normalise import fold, pair_slips
from nlp.sheet import Sheet

HONORIFIC = r"(?:Ông|Bà|ông|bà|Đồng chí|đồng chí|Đ/c|đ/c)"
_PERSON = re.compile(rf"{HONORIFIC}\s+(?P<name>[^,;:()]{{3,60}}?)\s*,\s*(?P<title>[^;]+)")
_LIST_ITEM = re.compile(
    rf"(?m)^\s*(?:[-+•~–—]|\d+[.)])\s*(?P<who>{HONORIFIC}\s+[^;]+?)"
    r"(?P<head>\s*[-–]\s*Trưởng\s+đoàn|\s*\(Trưởng\s+đoàn\))?\s*[;.]\s*$")
_LED_BY = re.compile(
    rf"do\s+(?P<who>{HONORIFIC}\s+[^;]+?)\s+làm\s+Trưởng\s+đoàn"
    r"(?:\s*,\s*cùng\s+các\s+thành\s+viên\s*:\s*(?P<rest>.+?),?\s+(?:đã\s+)?đi\s+công\s+tác)?",
    re.S)
_SEND_ONE = re.compile(rf"\bCử\s+(?P<who>{HONORIFIC}\s+[^;]+?)\s+đi\s+công\s+tác", re.S)
_STRAY = re.compile(r"['’‘`\"“”*_|]")  # specks a scan adds inside a name
_PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
_SIZE = re.compile(r"gồm\s+(\d{1,3})\s+(?:đồng chí|người|thành viên|cán bộ)|"
                   r"\((\d{1,3})\s+người\)")
_TRIP = re.compile(
    r"(?:đi\s+công\s+tác\s+tại|đi\s+công\s+tác\s+ở|đoàn\s+công\s+tác\s+đi|đi\s+thăm|"
    r"đi\s+công\s+tác)\s+(?P<where>.+?)(?=\s+từ\s+ngày|\s+trong\s+tháng|\s+trong\s+thời\s+gian|"
    r"\s+và\s+thăm|\s+để\s|\s+nhằm\s|,\s*cụ\s+thể|[.:;]|$)", re.S)
_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_SPAN = re.compile(rf"từ\s+ngày\s+{_DATE}\s+đến\s+(?:hết\s+)?ngày\s+{_DATE}")
_MONTH = re.compile(r"trong\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_DAYS = re.compile(r"\(?\s*(\d{1,3})\s+ngày\b")
_PURPOSE = re.compile(r"Mục\s+đích(?:\s+chuyến\s+(?:công\s+tác|đi))?\s*(?:là)?\s*:?\s*"
                      r"(?P<text>[^.;]+)")
_INVITER = re.compile(r"[Tt]heo\s+(?:thư\s+mời|lời\s+mời(?:\s+đích\s+danh)?)\s+của\s+"
                      r"(?P<who>[^,.;]+?(?:\([^)]*\))?)(?=\s*[,.;]|\s+về\s+việc)")
_FUNDING = re.compile(r"(?:Kinh\s+phí[^:.]*:|Kinh\s+phí\s+chuyến)(?P<text>[^.]+)|"
                      r"(?P<sentence>[^.:]*(?:đài\s+thọ|tự\s+túc|chi\s+trả)[^.]*)")
_BUDGET = re.compile(r"ngân\s+sách\s+(?:nhà\s+nước|tỉnh|huyện|thành\s+phố|trung\s+ương|"
                     r"địa\s+phương|xã)|dự\s+toán")
_FOREIGN = re.compile(r"phía\s+bạn|tổ\s+chức\s+mời|nước\s+bạn|tổ\s+chức\s+quốc\s+tế|"
                      r"dự\s+án\s+tài\s+trợ|đối\s+tác\s+nước\s+ngoài|phía\s+mời")
_ENTERPRISE = re.compile(r"(?:Công\s+ty|Tập\s+đoàn|Tổng\s+công\s+ty|[Dd]oanh\s+nghiệp)"
                         r"[^,.;]*?(?=\s+(?:đài\s+thọ|chi\s+trả|tài\s+trợ|tổ\s+chức)|[,.;]|$)")
_SELF = re.compile(r"tự\s+túc")
_BUDGET_FOLDED = re.compile(r"ngan sach (?:nha nuoc|tinh|huyen|thanh pho|trung uong|dia phuong|"
                            r"xa)|du toan")
_FOREIGN_FOLDED = re.compile(r"phia ban|to chuc moi|nuoc ban|to chuc quoc te|du an tai tro|"
                             r"doi tac nuoc ngoai|phia moi")


@dataclass(frozen=True)
class Person:
    """A member of the delegation."""

    name: str
    title: str

    def to_dict(self) -> dict[str, str]:
        """As the contract writes it."""
        return {"name": self.name, "title": self.title}


def _person(text: str) -> Person | None:
    # Lines joined, so word-pair slips split by a line break ("nhân" / "dần") are mended too.
    found = _PERSON.match(" ".join(pair_slips(text.split())))
    if found is None:
        return None
    name = " ".join(_STRAY.sub("", found["name"]).split())
    words = name.split()
    if not 2 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
        return None
    title = re.sub(r"\s*[-–]\s*Trưởng đoàn$", "", found["title"].strip().rstrip(",;. "))
    return Person(name, title)


def body_text(sheet: Sheet) -> str:
    """The body's lines, one per line (where the trip is told), without page numbers."""
    return "\n".join(ln.text for ln in sheet.lines
                     if ln.region == "body" and not _PAGE_NUMBER.match(ln.text))


def _people(text: str) -> tuple[Person | None, list[Person]]:
    """The head and the other members, in the order the letter lists them."""
    head: Person | None = None
    members: list[Person] = []
    listed = [(m, _person(m["who"])) for m in _LIST_ITEM.finditer(text)]
    for match, person in listed:
        if person is None:
            continue
        if match["head"] and head is None:
            head = person
        else:
            members.append(person)
    if listed and head is None and members and re.search(r"đồng\s+chí\s+thứ\s+nhất\s+làm\s+"
                                                         r"Trưởng\s+đoàn|Trưởng\s+đoàn\s+là\s+"
                                                         r"người\s+đầu\s+tiên", text):
        head = members.pop(0)
    if head is None:
        led = _LED_BY.search(text)
        if led is not None:
            head = _person(led["who"])
            if led["rest"]:  # members apart by ";" (a scan may read ":")
                for part in re.split(rf"\s*[;:]\s*(?={HONORIFIC}\s)", led["rest"]):
                    person = _person(part)
                    if person is not None:
                        members.append(person)
    if head is None and not members:
        sent = _SEND_ONE.search(text)
        if sent is not None:
            person = _person(sent["who"])
            if person is not None:
                members.append(person)
    return head, members


def _iso(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _cue(pattern: re.Pattern[str], unmarked: re.Pattern[str], phrase: str, folded: str
         ) -> str | None:
    """A cue's words in the phrase; the whole phrase when only its unmarked form is found."""
    exact = pattern.search(phrase)
    if exact is not None:
        return exact.group(0)
    return phrase if unmarked.search(folded) else None


def _funding(text: str) -> dict[str, Any]:
    found = _FUNDING.search(text)
    if found is None:
        return {"kind": "unknown", "text": None}
    phrase = " ".join((found["text"] or found["sentence"] or "").split()).strip(" :")
    # Cues are looked for without marks too: a scan's "ngân sảch" still says who pays.
    folded = " ".join(fold(phrase).split())
    budget = _cue(_BUDGET, _BUDGET_FOLDED, phrase, folded)
    foreign = _cue(_FOREIGN, _FOREIGN_FOLDED, phrase, folded)
    enterprise = _ENTERPRISE.search(phrase)
    if _SELF.search(phrase) or "tu tuc" in folded:
        return {"kind": "self", "text": "tự túc"}
    if enterprise is not None and foreign is None:
        return {"kind": "enterprise" if budget is None else "mixed", "text": enterprise.group(0)}
    if budget is not None and foreign is not None:
        return {"kind": "mixed", "text": phrase}
    if foreign is not None:
        return {"kind": "foreign_partner", "text": foreign}
    if budget is not None:
        return {"kind": "state_budget", "text": budget}
    return {"kind": "unknown", "text": phrase or None}


def read_delegation(text: str) -> dict[str, Any] | None:
    """The delegation of a trip letter (its `body_text`), or None when it names no trip."""
    flat = " ".join(text.split())
    head, members = _people(text)
    trips = list(_TRIP.finditer(flat))
    if not trips or (head is None and not members):
        return None
    inviter_match = _INVITER.search(flat)
    inviter = " ".join(inviter_match["who"].split()) if inviter_match else None
    # "tại" kept before the clause: short names ("Nga", "Đức") count only after such a cue.
    where = [c for trip in trips for c, _, _ in world.find_countries("tại " + trip["where"])]
    found = list(dict.fromkeys(where))
    masked = flat
    if inviter_match is not None:  # the inviter's name is not where the trip goes
        a, b = inviter_match.span("who")
        masked = flat[:a] + " " * (b - a) + flat[b:]
    if not found:
        found = list(dict.fromkeys(c for c, _, _ in world.find_countries(masked)))
    countries = [c.name for c in found]
    places = list(dict.fromkeys(p for p, _, _, _ in world.find_places(masked)))
    start = end = None
    days: int | None = None
    span = _SPAN.search(flat)
    if span is not None:
        start, end = _iso(*span.groups()[:3]), _iso(*span.groups()[3:])
        stated = _DAYS.match(flat, span.end()) or _DAYS.search(flat[span.end():span.end() + 40])
        if stated is not None:
            days = int(stated.group(1))
        elif start and end and end >= start:
            days = (end - start).days + 1
    size_match = _SIZE.search(flat)
    listed = (1 if head else 0) + len(members)
    size = int(next(g for g in size_match.groups() if g)) if size_match else listed or None
    purpose = _PURPOSE.search(flat)
    return {
        "head": head.to_dict() if head else None,
        "members": [m.to_dict() for m in members],
        "size": size,
        "countries": countries,
        "country_codes": [c.code for c in found],
        "places": places,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "days": days,
        "purpose": purpose["text"].strip() if purpose else None,
        "inviter": inviter,
        "funding": _funding(flat),
    }
