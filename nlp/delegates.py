"""Who travels: the head and the members of a delegation, as a trip letter lists them.

The forms letters use: list items led by Ông/Bà/Đồng chí/Đ/c (or by a family name, when a
post follows the name) whose head is marked "- Trưởng đoàn", ", Trưởng đoàn" or "(Trưởng
đoàn)" after the title or the name, or "Trưởng đoàn:" before the person, wherever the head
stands in the list; "do ông X, chức vụ làm Trưởng đoàn (dẫn đầu), cùng các thành viên: …"; a
head named by office only ("do đồng chí Bí thư Huyện ủy làm Trưởng đoàn", its name null); and
a decision sending one person ("Cử bà X, chức vụ, đi công tác tại …"), who is then the head of
a delegation of one. Every person keeps the span of the text it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.normalise import pair_slips

HONORIFIC = r"(?:Ông|Bà|ông|bà|Đồng\s+chí|đồng\s+chí|Đ/c|đ/c|Đ/C)"
#: Common Vietnamese family names: a list item may name a person with no Ông/Bà before.
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đào", "Đoàn", "Lương", "Mai",
            "Trương", "Lâm", "Phùng", "Tạ", "Tô", "Hà", "Cao", "Chu", "Kiều", "Lưu", "Vương",
            "Quách", "Thái", "Triệu", "Đồng", "Châu", "Lại", "Nông", "Lò", "Hứa", "Tăng")
_SURNAME = rf"(?:{'|'.join(SURNAMES)})"
_ROLE = r"[Tt]rưởng\s+đoàn"
_HEAD_ROLE = rf"(?<!Phó )(?<!phó ){_ROLE}"
#: How an office begins ("Bí thư Huyện ủy", "Phó Chủ tịch UBND tỉnh"): a head named by office.
_OFFICE = re.compile(
    r"(?:Phó\s+)?(?:Bí\s+thư|Chủ\s+tịch|Giám\s+đốc|Tổng\s+Giám\s+đốc|Trưởng|Chánh|Ủy\s+viên|"
    r"Thường\s+trực|Bộ\s+trưởng|Thứ\s+trưởng|Hiệu\s+trưởng|Viện\s+trưởng|Cục\s+trưởng|"
    r"Vụ\s+trưởng|Chủ\s+nhiệm|Tỉnh\s+ủy\s+viên|Huyện\s+ủy\s+viên|Thành\s+ủy\s+viên|"
    r"Lãnh\s+đạo|Đại\s+diện|Tổng\s+Thư\s+ký|Chỉ\s+huy\s+trưởng)\b")
#: How a post begins: an office, or a rank of staff ("Chuyên viên", "Cán bộ").
_POST = re.compile(rf"{_OFFICE.pattern}|(?:Chuyên\s+viên|Cán\s+bộ|Thư\s+ký|Giảng\s+viên|"
                   r"Kế\s+toán|Nhân\s+viên|Bác\s+sĩ|Kỹ\s+sư|Nghiên\s+cứu\s+viên|Phó|"
                   r"[Pp]hu\s+(?:nhân|quân))\b")
_PERSON = re.compile(r"(?P<name>[^,;:()\-–]{3,60}?)\s*(?:,|\s[-–])\s*(?P<title>[^;]+)")
_ROLE_TAIL = re.compile(rf"\s*(?:[-–,:]\s*|\(\s*)(?:[Pp]hó\s+)?{_ROLE}\s*\)?\s*$")
_ITEM_START = re.compile(  # a list mark, a "Trưởng đoàn:" label, or both, then the person
    rf"^\s*(?:(?:[-+•~–—]|\d+[.)]|[a-zđ][.)])\s*(?P<label>(?:[Pp]hó\s+)?{_ROLE}\s*:\s*|"
    rf"[Tt]hành\s+viên\s*:\s*)?|(?P<bare>(?:[Pp]hó\s+)?{_ROLE}\s*:\s*))"
    rf"(?P<who>{HONORIFIC}\s.*|{_SURNAME}\s+[A-ZĐÀ-Ỹ]\w*\s.*)$")
_ROLE_LINE = re.compile(rf"^\s*(?:[-–,:(]\s*)?(?:[Pp]hó\s+)?{_ROLE}\s*\)?\s*[;.,]?\s*$")
_HEAD_INSIDE = re.compile(rf"\s*\(\s*{_HEAD_ROLE}\s*\)")
_MARKER = re.compile(r"^\s*(?:[-+•~–—]|\d+[.)]|[a-zđ][.)]|[IVX]+\.)\s")
_LED_BY = re.compile(
    rf"(?P<many>các\s+đoàn\s+)?(?:\bdo|\b[Cc]ử)\s+(?:\d{{1,2}}\s+)?"
    rf"(?P<who>(?:(?!\bdo\s)[^;])+?)\s*,?\s+(?:làm\s+{_HEAD_ROLE}|dẫn\s+đầu)"
    r"(?:\s*,\s*(?:cùng\s+(?:các|với)\s+(?:thành\s+viên|đồng\s+chí)|gồm\s+các\s+thành\s+viên)"
    r"\s*:\s*(?P<rest>.+?),?\s+(?:(?:đã|sẽ)\s+)?(?:đi|sang)\s+(?:công\s+tác|làm\s+việc|thăm))?",
    re.S)
_LEADS = re.compile(r"làm\s+[Tt]rưởng\s+đoàn|dẫn\s+đầu")
_SEND_ONE = re.compile(
    rf"\b(?:[Cc]ử|[Cc]ho\s+phép|[Đđ]ồng\s+ý\s+(?:cho|để))\s+(?P<who>{HONORIFIC}\s+[^;]+?)\s*,?\s+"
    r"(?:đi\s+công\s+tác|(?:sang|đi)\s+làm\s+việc|đi\s+(?:học\s+tập|nghiên\s+cứu|khảo\s+sát)|"
    r"sang\s+thăm)", re.S)
_STRAY = re.compile(r"['’‘`\"“”*_|]")  # specks a scan adds inside a name


@dataclass(frozen=True)
class Person:
    """A member of the delegation; `name` is None when only the office is written."""

    name: str | None
    title: str
    span: tuple[int, int] = field(default=(0, 0), compare=False)

    def to_dict(self) -> dict[str, str | None]:
        """As the contract writes it."""
        return {"name": self.name, "title": self.title}


def _tidy_title(title: str) -> str:
    title = " ".join(title.split()).rstrip(",;. ")
    return _ROLE_TAIL.sub("", title).rstrip(",;. ")


def person(text: str, span: tuple[int, int] = (0, 0), *, office_ok: bool = False
           ) -> Person | None:
    """"Ông X, chức vụ" read as a person; an office alone ("đồng chí Bí thư …") if allowed."""
    # Lines joined, so word-pair slips split by a line break ("nhân" / "dần") are mended too.
    flat = " ".join(pair_slips(text.split()))
    bare = re.sub(rf"^{HONORIFIC}\s+", "", flat)
    if _OFFICE.match(bare):
        return Person(None, _tidy_title(bare), span) if office_ok and len(bare) > 8 else None
    if bare == flat and not re.match(rf"{_SURNAME}\s", bare):
        return None  # a name stands after Ông/Bà/Đồng chí, or begins with a family name
    found = _PERSON.match(bare)
    if found is None or bare == flat and not _POST.match(found["title"]):
        return None  # with no Ông/Bà, a post must follow ("Hà Nội, ngày …" names no one)
    name = " ".join(_STRAY.sub("", found["name"]).split())
    words = name.split()
    if not 2 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
        return None
    return Person(name, _tidy_title(found["title"]), span)


@dataclass
class _Item:
    start: int
    end: int
    text: str
    head: bool


def _items(text: str) -> list[_Item]:
    """The list items that name a person, each joined over the lines it wraps onto."""
    items: list[_Item] = []
    current: _Item | None = None
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        begun = _ITEM_START.match(line)
        if begun is not None:
            label = begun["label"] or begun["bare"] or ""
            current = _Item(start + begun.start("who"), start + len(line), begun["who"],
                            "rưởng đoàn" in label and not label.lower().startswith("phó"))
            items.append(current)
        elif current is not None and (_ROLE_LINE.match(line) or not _MARKER.match(line) and
                                      not current.text.rstrip().endswith((";", "."))):
            current.text += " " + line.strip()
            current.end = start + len(line)
        else:
            current = None
    for item in items:
        body = item.text.rstrip().rstrip(";.").rstrip()
        inside = _HEAD_INSIDE.search(body)  # "Ông X (Trưởng đoàn), Giám đốc …"
        if inside is not None and inside.end() < len(body):
            item.head = True
            body = body[:inside.start()] + body[inside.end():]
        if re.search(rf"(?:[-–,:]\s*|\(\s*){_HEAD_ROLE}\s*\)?$", body):
            item.head = True
        item.text = body
    return items


def people(text: str) -> tuple[Person | None, list[Person]]:
    """The head and the other members, in the order the letter lists them."""
    head: Person | None = None
    members: list[Person] = []
    listed = [(item, person(item.text, (item.start, item.end), office_ok=item.head))
              for item in _items(text)]
    for item, someone in listed:
        if someone is None:
            continue
        if item.head and head is None:
            head = someone
        else:
            members.append(someone)
    if head is None and members and re.search(
            r"đồng\s+chí\s+thứ\s+nhất\s+làm\s+Trưởng\s+đoàn|Trưởng\s+đoàn\s+là\s+người\s+đầu"
            r"\s+tiên", text):
        head = members.pop(0)
    if head is None and _LEADS.search(text):  # the long pattern only where it may match
        for led in _LED_BY.finditer(text):
            if led["many"]:  # "các đoàn do … làm Trưởng đoàn": a rule, not a trip
                continue
            head = person(led["who"], led.span("who"), office_ok=True)
            if head is None:
                continue
            if led["rest"] and not members:  # members apart by ";" (a scan may read ":")
                offset = led.start("rest")
                for part in re.finditer(rf"(?:{HONORIFIC}\s).+?(?=\s*[;:]\s*{HONORIFIC}\s|$)",
                                        led["rest"], re.S):
                    someone = person(part.group(0), (offset + part.start(),
                                                     offset + part.end()))
                    if someone is not None:
                        members.append(someone)
            break
    if head is None and not members:
        sent = _SEND_ONE.search(text)
        if sent is not None:
            head = person(sent["who"], sent.span("who"))
    return head, members
