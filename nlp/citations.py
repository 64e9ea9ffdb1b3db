"""Every instrument a letter cites: kind, number and symbol, date, issuer, title, role, place.

"Căn cứ Quyết định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị về việc ban hành …",
"Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14", short forms such as
"Quy chế 272" or "QĐ 295", and mentions of a replaced instrument ("(thay thế Quyết định số
295-QĐ/TW …)"). Resolution against the registry is corpus/'s job; this module only reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.citeforms import (
    FULL,
    KINDS,
    NAMED,
    SHORT,
    Mention,
    date_after,
    date_before,
    kind_of,
    legislature_slips,
    list_items,
)
from nlp.field import found
from nlp.normalise import OCR_DIGITS
from nlp.numbering import compact, parse_ref
from nlp.sheet import Sheet

__all__ = ["KINDS", "Citation", "Place", "find_citations", "sheet_text"]
_DIGIT_SLIPS = str.maketrans(OCR_DIGITS)

#: Words that start a title after the date: "về việc …", "ban hành Quy chế …".
_TITLE_LEAD = re.compile(r"^(?:về\s+việc|về|v/v|ban\s+hành|quy\s+định|hướng\s+dẫn|sửa\s+đổi|"
                         r"thực\s+hiện|tiếp\s+tục)\b", re.IGNORECASE)
_TITLE_IN_ISSUER = re.compile(r"\s(?:về\s+việc|về|ban\s+hành|quy\s+định|hướng\s+dẫn|sửa\s+đổi)"
                              r"\s", re.IGNORECASE)
#: The first words of the bodies that issue instruments ("của Bộ Chính trị").
_ORG = (r"(?:Bộ|Ban|Thủ\s+tướng|Chính\s+phủ|Văn\s+phòng|Ủy\s+ban|Uỷ\s+ban|UBND|HĐND|Hội\s+đồng|"
        r"Quốc\s+hội|Tỉnh\s+ủy|Thành\s+ủy|Huyện\s+ủy|Sở|Cục|Tổng\s+cục|Đảng\s+ủy|Trung\s+ương|"
        r"Chủ\s+tịch|Tòa\s+án|Viện|Kiểm\s+toán|Ngân\s+hàng|Thường\s+trực|Liên\s+bộ|Bộ\s+trưởng)")
_ISSUER_AT = re.compile(rf"\s+của\s+(?={_ORG})")
#: A clause ends at these; a comma ends it when a capitalised word follows ("…, Sở Ngoại vụ …").
_CLAUSE_END = re.compile(r"[;()\[\]]|\.(?=\s|$)|,\s+(?=[A-ZĐÀ-Ỹ])|\n\s*\n|:\s")
#: Words before a citation that set its role; the nearest one wins.
_TRIGGERS: tuple[tuple[str, str], ...] = (
    (r"được\s+thay\s+thế\s+(?:bởi|bằng)", "reference"),
    (r"thay\s+thế\s+bằng", "reference"),
    (r"thay\s+thế(?:\s+cho)?", "replaced"),
    (r"thay\s+cho", "replaced"),
    (r"bãi\s+bỏ", "replaced"),
    (r"căn\s+cứ", "basis"),
    (r"thực\s+hiện", "basis"),
    (r"quán\s+triệt", "basis"),
    (r"triển\s+khai", "basis"),
    (r"chấp\s+hành", "basis"),
    (r"theo\s+đề\s+nghị", "reference"),
    (r"theo", "basis"),
    (r"xét", "reference"),
    (r"đề\s+nghị\s+của", "reference"),
    (r"tham\s+khảo", "reference"),
)
_TRIGGER = re.compile("|".join(f"(?P<t{i}>(?<!\\w){p}(?!\\w))" for i, (p, _) in
                               enumerate(_TRIGGERS)), re.IGNORECASE)
#: Words after a mention (in its clause) saying the instrument no longer holds.
_REPLACED_AFTER = re.compile(r"(?<!\w)(?:nay\s+)?(?:đã\s+)?(?:(?:được|bị)\s+(?:thay\s+thế|"
                             r"bãi\s+bỏ)|hết\s+hiệu\s+lực)(?!\w)", re.IGNORECASE)
#: "thay thế" sets the role `replaced` only right before the mention ("(thay thế Quyết định …").
REPLACED_REACH = 14
_PARENTHESISED = re.compile(r"\([^()]*\)")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
#: How far back (characters) the words that set a role are looked for.
LOOKBACK = 400
ROLE_RANK = {"basis": 3, "reference": 2, "replaced": 1}


@dataclass(frozen=True, slots=True)
class Place:
    """One mention of a citation: where it was printed and what the letter says about it there."""

    page: int | None
    bbox: tuple[float, float, float, float] | None
    text: str
    role: str
    start: int
    confidence: float | None = None
    nested: bool = False  # printed inside another citation's title: mentioned, not relied on
    #: Where the printed mention (with its date) ends in the sheet's text (`sheet_text`).
    end: int | None = None

    def to_dict(self) -> dict[str, object]:
        """The place as contract data."""
        return {"page": self.page, "bbox": None if self.bbox is None else
                [round(v, 1) for v in self.bbox], "text": self.text, "role": self.role}


@dataclass
class Citation:
    """An instrument the letter cites, as printed (a short form has no symbol)."""

    kind: str
    ref: str | None
    number: str | None
    year: str | None
    symbol: str | None
    date: str | None
    issuer: str | None
    title: str | None
    places: list[Place] = field(default_factory=list)
    short: bool = False

    @property
    def role(self) -> str:
        """The strongest role of its mentions: relied on beats cited beats mentioned as replaced."""
        return max((p.role for p in self.places), key=ROLE_RANK.__getitem__, default="reference")

    @property
    def nested(self) -> bool:
        """Whether every mention sits inside another citation's title."""
        return all(p.nested for p in self.places)

    @property
    def key(self) -> str:
        """What makes two mentions one citation: the ref (and date), or the short form."""
        if self.ref:
            return f"{self.ref}@{self.date or ''}"
        return f"{self.kind} {self.number}"


def _clause_tail(text: str, start: int, stop: int) -> str:
    """The rest of the clause from `start`, no further than `stop`."""
    window = text[start:min(stop, start + 320)]
    m = _CLAUSE_END.search(window)
    tail = window[:m.start()] if m else window
    tail = re.sub(r"\s+", " ", tail).strip(" ,")
    return re.sub(r"\s+(?:và|cùng|hoặc)(?:\s+các)?$", "", tail)


def _issuer_title(tail: str) -> tuple[str | None, str | None]:
    """The issuer ("của …") and the title ("về việc …") in what follows a citation's date."""
    issuer = title = None
    if tail.lower().startswith("của "):
        rest = tail[4:]
        m = _TITLE_IN_ISSUER.search(rest)
        issuer, title = (rest[:m.start()], rest[m.start():]) if m else (rest, None)
    elif _TITLE_LEAD.match(tail):
        title = tail
        marks = list(_ISSUER_AT.finditer(title))  # the last "của <body>" names the issuer
        if marks:
            issuer, title = title[marks[-1].end():], title[:marks[-1].start()]
    if title:
        title = re.sub(r"^(?:về\s+việc|về|v/v)\s+", "", title.strip(), flags=re.IGNORECASE)
        title = title.strip(" ,.;:") or None
    if issuer:
        issuer = issuer.strip(" ,.;:") or None
    return issuer, title


def _ended_after(text: str, end: int, stop: int) -> bool:
    """Whether the words after a mention (in its clause, to `stop`) say it no longer holds."""
    following = text[end:stop]
    clause = _CLAUSE_END.search(following)
    return bool(_REPLACED_AFTER.search(following[:clause.start()] if clause else following))


def _trigger_role(text: str, start: int) -> str | None:
    """Basis, reference or replaced from the nearest words before the mention that set one."""
    window = text[max(0, start - LOOKBACK):start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    while True:  # closed parentheses say nothing about what follows them
        stripped = _PARENTHESISED.sub(" ", window)
        if stripped == window:
            break
        window = stripped
    best: tuple[int, str] | None = None
    for m in _TRIGGER.finditer(window):
        index = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        role = _TRIGGERS[index][1]
        if role == "replaced" and len(window) - m.end() > REPLACED_REACH:
            continue  # "Để thay thế đồng chí A, … như Quyết định số …": not about the instrument
        if best is None or m.start() >= best[0]:
            best = (m.start(), role)
    return best[1] if best else None


def _roles(text: str, mentions: list[Mention], nested: list[bool],
           dates: list[tuple[str | None, int]], stops: list[int]) -> list[str]:
    """Each mention's role.

    From the words before it; with none near (the items of a long "Căn cứ" list), the role
    of the mention before it in the same sentence, as a list shares its lead; a mention in
    another's title is only referred to; words after it may say it was replaced.
    """
    roles: list[str] = []
    lead: tuple[int, str] | None = None  # where the last mention ended and the role it led
    for i, m in enumerate(mentions):
        if nested[i]:
            roles.append("reference")
            continue
        own = _trigger_role(text, m.start)
        if own is None and lead is not None and lead[1] != "replaced" \
                and not _SENTENCE_END.search(text, lead[0], m.start):
            own = lead[1]
        if own is not None:
            lead = (dates[i][1], own)
        roles.append("replaced" if _ended_after(text, dates[i][1], stops[i])
                     else own or "reference")
    return roles


def _number_slips(ref: str) -> str:
    """The reference with letters OCR put for digits in its number turned back into digits."""
    head = re.match(r"^[^-/]*", ref)
    assert head is not None
    return head.group(0).translate(_DIGIT_SLIPS) + ref[head.end():]


def _in_title(text: str, previous_end: int, start: int) -> bool:
    """Whether a citation sits in the title of the one before ("… một số điều của Nghị định …")."""
    between = text[previous_end:start]
    return bool(re.search(r"\scủa\s*$", between)) and not _CLAUSE_END.search(between)


def sheet_text(sheet: Sheet) -> str:
    """The sheet's text with the number atop each later page blanked (offsets kept).

    A sentence running over a page break carries the next page's number in its middle
    ("… ngày 21" + "2" + "tháng 12 năm 2012 …").
    """
    lines = []
    first_of_page: set[int] = set()
    for line in sheet.lines:
        if line.page not in first_of_page:
            first_of_page.add(line.page)
            if line.page != sheet.first_page and line.text.isdigit() and len(line.text) <= 3:
                lines.append(" " * len(line.text))
                continue
        lines.append(line.text)
    return "\n".join(lines)


def _same_ref(a: str, b: str) -> bool:
    """Whether two printed references are one: spaces, case and a number's zeros aside."""
    def key(ref: str) -> tuple[str, str]:
        ref = compact(ref).casefold()
        head = re.match(r"^0*(\d*)", ref)
        assert head is not None
        return head.group(1), ref[head.end():]
    return key(a) == key(b)


def _mentions(text: str) -> list[Mention]:
    """Every mention on the text: named laws, full references, list items, short forms."""
    mentions: list[Mention] = []
    for pattern in (NAMED, FULL):
        for m in pattern.finditer(text):
            if any(x.start <= m.start("ref") < x.end for x in mentions):
                continue
            name = m.group("name") if "name" in m.groupdict() else None
            mentions.append(Mention(m.start(), m.end(), kind_of(m.group("kind")),
                                    m.group("ref"), name=name, chain=len(mentions)))
    mentions += list_items(text, mentions)
    full = list(mentions)
    for m in SHORT.finditer(text):
        if any(x.start <= m.start() < x.end or x.start < m.end() <= x.end for x in full):
            continue
        mentions.append(Mention(m.start(), m.end(), kind_of(m.group("kind")), None,
                                number=m.group("number"), chain=-1))
    return sorted(mentions, key=lambda x: x.start)


def _dates(text: str, mentions: list[Mention]) -> list[tuple[str | None, int]]:
    """Each mention's date and where its printed form ends.

    The date printed right after it, else one said before it ("Ngày …, Sở … có Công văn
    số …"); a date said to be shared ("… và số 2 cùng ngày …") dates the list's earlier items.
    """
    out: list[tuple[str | None, int]] = []
    for i, m in enumerate(mentions):
        date, after, shared = date_after(text, m.end)
        if date is None and not m.short:
            date = date_before(text, m.start)
        if date is not None and shared and m.chain != -1:
            for j in range(i - 1, -1, -1):
                if mentions[j].chain != m.chain:
                    break
                if out[j][0] is None:
                    out[j] = (date, out[j][1])
        out.append((date, after))
    return out


def find_citations(sheet: Sheet, *, own_ref: str | None = None) -> list[Citation]:
    """Every citation on the sheet, mentions of one instrument merged into one citation.

    `own_ref` is the letter's own number and symbol, never a citation of itself (a citation
    with the same number and another symbol is another instrument).
    """
    text = sheet_text(sheet)
    mentions = _mentions(text)
    nested = [_in_title(text, mentions[i - 1].end, h.start) if i else False
              for i, h in enumerate(mentions)]
    dates = _dates(text, mentions)
    stops = [next((h.start for j, h in enumerate(mentions[i + 1:], i + 1) if not nested[j]),
                  len(text)) for i in range(len(mentions))]
    roles = _roles(text, mentions, nested, dates, stops)
    merged: dict[str, Citation] = {}
    for i, m in enumerate(mentions):
        stop = stops[i]
        if m.ref is None:
            citation = Citation(m.kind, None, m.number, None, None, None, None, None,
                                short=True)
        else:
            printed = legislature_slips(compact(m.ref))
            parsed = parse_ref(printed) or parse_ref(_number_slips(printed))
            if parsed is None or (own_ref and _same_ref(parsed.ref, own_ref)):
                continue
            citation = Citation(m.kind, printed, parsed.number, parsed.year, parsed.symbol,
                                None, None, None)
        date, after = dates[i]
        citation.date = date
        issuer, title = _issuer_title(_clause_tail(text, after, stop))
        if m.name and m.kind in ("Luật", "Bộ luật", "Pháp lệnh"):
            title = " ".join(m.name.split())
        citation.issuer, citation.title = issuer, title
        read = found(None, sheet.locate(m.start, after))
        role = roles[i]
        shown = (read.text or text[m.start:after]).rstrip(",;:.")
        place = Place(read.page, read.bbox, shown, role, m.start, read.confidence,
                      nested=nested[i], end=after)
        key = citation.key
        known = merged.get(key) or next(
            (c for c in merged.values() if c.ref and c.ref == citation.ref
             and (c.date is None or citation.date is None)), None)
        if known is not None:
            known.places.append(place)
            known.date = known.date or citation.date
            known.issuer = known.issuer or citation.issuer
            known.title = known.title or citation.title
        else:
            citation.places.append(place)
            merged[key] = citation
    return list(merged.values())
