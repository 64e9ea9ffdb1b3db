"""How letters print a citation: the kinds, the number and symbol, lists, and the dates near.

The mentions found here are what nlp/citations.py turns into citations: "Quyết định số
272-QĐ/TW", "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14", "Quy chế 272",
and the items of a list that print no kind of their own ("Công văn số 1/UBND-VP; số 2/UBND-VP
và số 3/UBND-VP", "các Quyết định số 1/QĐ-UBND, 2/QĐ-UBND"). A symbol may run over a line end
after its hyphen or slash ("30/2020/NĐ-" + "CP"); the finder keeps it one reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.dates import find_dates
from nlp.doctypes import type_of_abbreviation
from nlp.normalise import OCR_DIGITS
from nlp.numbering import SEGMENT

#: Kinds of instruments, longest first (so "Thông tư liên tịch" wins over "Thông tư").
KINDS = (
    "Thông tư liên tịch", "Nghị quyết liên tịch", "Chương trình hành động", "Bộ luật", "Luật",
    "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị", "Thông tư", "Kết luận",
    "Quy định", "Quy chế", "Hướng dẫn", "Kế hoạch", "Thông báo", "Thông tri", "Công văn",
    "Công điện", "Văn bản", "Tờ trình", "Báo cáo", "Chương trình", "Đề án", "Giấy mời",
    # the other administrative documents of Nghị định 30/2020 (Phụ lục III)
    "Phương án", "Biên bản", "Thông cáo", "Dự án", "Hợp đồng", "Bản ghi nhớ", "Bản thỏa thuận",
    "Giấy ủy quyền", "Giấy giới thiệu",
)
_KIND_BY_LOWER = {k.lower(): k for k in KINDS}
_KIND = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in KINDS)  # may wrap
#: "số" as typed and as OCR reads it ("sô", "SỐ").
_SO = r"(?:số|sô|sồ|sổ)"
#: A number's letters OCR mistakes for digits ("27Z-QĐ/TW"); a real number may end in a
#: letter ("12a/NQ-CP").
_SLIP = "".join(OCR_DIGITS).replace("|", r"\|")
_NUMBER = rf"(?=[0-9{_SLIP}]*\d)[0-9{_SLIP}]{{1,6}}(?:[a-e](?=[ \t]?/))?"
#: After a "-" or "/" of a symbol: the rest carried to the next line ("30/2020/NĐ-" + "CP"), or
#: a space OCR put there ("12/NQ- CP"), when what follows looks like a symbol's part (capitals,
#: whatever the case-folding of the pattern around it).
_WRAP = r"(?:[ \t]*\n[ \t]*|[ \t])(?-i:(?=[A-ZĐ][A-ZĐ0-9]|(?:19|20)\d\d/))"
_SEG = SEGMENT
_STATE_REF = (rf"{_NUMBER}[ \t]?/(?:{_WRAP})?(?:(?:19|20)\d{{2}}/(?:{_WRAP})?)?{_SEG}"
              rf"(?:-(?:{_WRAP})?{_SEG})*(?:-[a-z])?")
_PARTY_REF = rf"{_NUMBER}-(?:{_WRAP})?{_SEG}(?:/(?:{_WRAP})?{_SEG})+(?:-(?:{_WRAP})?{_SEG})*"
_REF = rf"(?<![\w/-])(?:{_STATE_REF}|{_PARTY_REF})(?![\w/])"
#: A number and symbol on its own, as the items of a list print it.
REF = re.compile(_REF)
#: Words between a kind and its "số" that say which one ("Thông báo kết luận số …",
#: "Công văn hỏa tốc số …"): up to three words in small letters.
_QUALIFIER = r"(?:\s+(?-i:[a-zà-ỹđ]+)){1,3}"
#: "Quyết định số 272-QĐ/TW", "Quyết định 67/2011/QĐ-TTg", "văn bản số 170/BC-BNG-CNV-m".
FULL = re.compile(rf"(?<!\w)(?P<kind>{_KIND})(?:{_QUALIFIER}\s+{_SO}\s*|\s+(?:{_SO}\s*:?\s*)?)"
                  rf"(?P<ref>{_REF})", re.IGNORECASE)
#: The legislature a law's symbol ends with ("QH15"), as OCR may read it ("QHI5", "0HI5").
_QH = r"[Q0O]H[0-9Il|]{1,2}"
_QH_SLIPS = re.compile(r"(?<=/)(?:PL-)?(?:UBTV)?(?P<qh>[Q0O]H[0-9Il|]{1,2})$")
#: "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14": a law named before its number.
NAMED = re.compile(rf"(?<!\w)(?P<kind>Bộ\s+luật|Luật|Pháp\s+lệnh)\s+"
                   rf"(?P<name>(?:(?!,\s+[A-ZĐ]|{_KIND})[^\d;.()]){{3,100}}?)"
                   rf"\s+{_SO}\s*:?\s*(?P<ref>\d{{1,4}}/(?:{_WRAP})?(?:19|20)\d{{2}}/(?:{_WRAP})?"
                   rf"(?:PL-)?(?:UBTV)?{_QH})(?![\w/])")
#: "Quy chế 272", "Chỉ thị 38", "QĐ 295", "Quy định 86" (a number alone, no symbol).
SHORT = re.compile(
    r"(?<![\w/])(?P<kind>Quy\s+chế|Quy\s+định|Quyết\s+định|Chỉ\s+thị|Kết\s+luận|Nghị\s+định|"
    r"Nghị\s+quyết|Thông\s+tư|Hướng\s+dẫn|QĐ|NĐ|CT|KL|NQ|TT|HD|QC)\s+(?:số\s+)?(?P<number>\d{1,5})"
    r"(?![\d/\-]|[.,]\d)(?!\s*(?:ngày|tháng|năm|người|đồng|%|giờ|phút|lượt|đoàn))"
)
#: "các Nghị định sau: số …; số …": a list's kind named once, in the plural.
_PLURAL = re.compile(rf"(?<!\w)các\s+(?P<kind>{_KIND})(?!\s+{_SO})", re.IGNORECASE)
#: What joins the items of a list.
_JOIN = re.compile(r"(?:[;,:]|(?<!\w)(?:và|hoặc|cùng))\s*$", re.IGNORECASE)
_BARE_SO = re.compile(rf"(?<!\w){_SO}\s*(?P<colon>:)?\s*$", re.IGNORECASE)
#: Only joining words between an item and the one before it ("A, B và C").
_ADJACENT = re.compile(r"\s*(?:,|;|và|hoặc)\s*(?:các\s+)?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")
#: How far (characters) an item of a list may be from the one before it.
LIST_REACH = 400
_DATE_GAP = re.compile(r"[\s,]*(?:(?:được\s+)?ban\s+hành\s+)?(?:cùng\s+)?(?:ngày\s*)?",
                       re.IGNORECASE)
#: "Ngày 12/3/2024, Sở Tài chính có Công văn số …": the date of an instrument said before it,
#: with its issuer and the verb of issuing between.
_ISSUED_BEFORE = re.compile(
    r"^\s*,\s+(?P<by>[^\d;:.()]{2,120}?)\s+(?:(?:đã|cũng|vừa)\s+)?(?:ký\s+)?"
    r"(?:ban\s+hành|có|ký|gửi)\s+(?:các\s+)?$", re.IGNORECASE)
_NGAY_BEFORE = re.compile(r"(?<!\w)ngày\s*$", re.IGNORECASE)
_DATED_REF = re.compile(rf"{_REF}[\s,]*$")


@dataclass(frozen=True, slots=True)
class Mention:
    """One printed mention of an instrument, before it is read into a citation.

    `ref` is the printed number and symbol (None for a short form, whose `number` stands
    alone); `chain` is shared by the items of one list, so that "cùng ngày" dates them all.
    """

    start: int
    end: int
    kind: str
    ref: str | None
    number: str | None = None
    name: str | None = None
    chain: int = -1

    @property
    def short(self) -> bool:
        """Whether the mention is a short form ("Quy chế 272")."""
        return self.ref is None


def kind_of(word: str) -> str:
    """A kind as KINDS spells it ("nghị  định" → "Nghị định")."""
    return _KIND_BY_LOWER.get(" ".join(word.split()).lower(), word)


def legislature_slips(ref: str) -> str:
    """A law's reference with the legislature OCR misread put right ("QHI5" → "QH15")."""
    m = _QH_SLIPS.search(ref)
    if m is None:
        return ref
    qh = "QH" + m.group("qh")[2:].translate(str.maketrans("Il|", "111"))
    return ref[:m.start("qh")] + qh


def _first_part(ref: str) -> str:
    """The first part of a symbol after its number and year ("UBND" of "12/UBND-VP")."""
    rest = re.sub(r"^[^-/]*[-/](?:\d{4}/)?", "", "".join(ref.split()))
    return re.split(r"[-/]", rest)[0]


def _head(text: str, at: int, heads: list[tuple[int, int, str]]) -> str | None:
    """The kind of the plural head ("các Nghị định … :") of a list item at `at`, if any."""
    for _start, end, kind in reversed(heads):
        if end <= at:
            if at - end <= LIST_REACH and not _SENTENCE_END.search(text, end, at):
                return kind
            return None
    return None


def list_items(text: str, mentions: list[Mention]) -> list[Mention]:
    """The items of lists that print no kind, each with the kind of the list it belongs to.

    An item is a number and symbol after "số" and a joining mark ("; số …", "và số …",
    ": Số …") in the sentence of another citation or of a plural kind ("các Nghị định …:"),
    or right after another item with only a comma or "và" between ("A, B và C"). It takes the
    kind of the nearest citation before it whose symbol starts alike, else the type its own
    symbol names, else the kind of the nearest citation before it.
    """
    taken = [(m.start, m.end) for m in mentions]
    heads = [(m.start(), m.end(), kind_of(m.group("kind"))) for m in _PLURAL.finditer(text)]
    known = sorted((m for m in mentions if not m.short), key=lambda m: m.start)
    items: list[Mention] = []
    for r in REF.finditer(text):
        if any(a <= r.start() < b for a, b in taken) or len(_first_part(r.group(0))) < 2:
            continue  # inside a mention; or "số 12/A" (a house number), no symbol of a body
        before = [m for m in known if m.end <= r.start()]
        so = _BARE_SO.search(text, max(0, r.start() - 10), r.start())
        if so and so.group("colon"):
            continue  # "Số: 12/UBND-VP" is a number line, not an item
        lead = so.start() if so else r.start()
        if not _JOIN.search(text, max(0, lead - 12), lead):
            continue
        previous = before[-1] if before else None
        near = previous is not None and r.start() - previous.end <= LIST_REACH and \
            not _SENTENCE_END.search(text, previous.end, lead)
        adjacent = previous is not None and bool(
            _ADJACENT.fullmatch(text, date_after(text, previous.end)[1], lead))
        if not (adjacent or (so and near)):
            kind = _head(text, lead, heads) if so else None
            if kind is None:
                continue
            chain = -2 - r.start()
        else:
            assert previous is not None
            alike = [m for m in before if r.start() - m.end <= LIST_REACH
                     and not _SENTENCE_END.search(text, m.end, lead)
                     and m.ref and _first_part(m.ref) == _first_part(r.group(0))]
            if alike:
                kind = alike[-1].kind
            else:  # a symbol that names its type names the item's kind ("số 5/TB-UBND")
                kind = type_of_abbreviation(_first_part(r.group(0))) or previous.kind
            chain = previous.chain
        item = Mention(lead, r.end(), kind, r.group(0), chain=chain)
        items.append(item)
        known.append(item)
        known.sort(key=lambda m: m.start)
    return items


def date_after(text: str, end: int) -> tuple[str | None, int, bool]:
    """The date written right after a mention ("ngày 21/01/2015"), and where it ends.

    The third value says whether the date is said to be shared ("… và số 2/QĐ-UBND cùng ngày
    20/6/2022").
    """
    window = text[end:end + 60]
    for d in find_dates(window):
        gap = window[:d.start]
        if _DATE_GAP.fullmatch(gap) or _DATE_GAP.fullmatch(gap + "ngày"):
            return d.value, end + d.end, bool(re.search(r"cùng\s", gap, re.IGNORECASE))
        break
    return None, end, False


def date_before(text: str, start: int) -> str | None:
    """The date said before a mention that prints none after it, or None.

    "Ngày 12/3/2024, Sở Tài chính có Công văn số …": the issuer and a verb of issuing between,
    in one clause.
    """
    window = text[max(0, start - 200):start]
    cut = max((m.end() for m in re.finditer(r"[;.!?](?=\s)|\n\s*\n", window)), default=0)
    window = window[cut:]
    dates = find_dates(window)
    if not dates:
        return None
    last = dates[-1]
    said = window[last.start:last.end].lower().startswith("ngày")
    ngay = None if said else _NGAY_BEFORE.search(window, 0, last.start)
    if not (said or ngay) or not _ISSUED_BEFORE.match(window[last.end:]):
        return None
    if _DATED_REF.search(window, 0, last.start if said else ngay.start() if ngay else 0):
        return None  # "Quyết định số 1/QĐ-UBND ngày …, Sở … có …": that date is the decision's
    return last.value
