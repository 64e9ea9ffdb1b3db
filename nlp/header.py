"""The letter's header: number and symbol, issuer, place and date, type, and subject."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.casing import is_capitals, normal_case
from nlp.dates import find_dates
from nlp.doctypes import type_of_title
from nlp.field import ABSENT, Field, found
from nlp.numbering import DocRef, parse_ref
from nlp.sheet import Piece, Sheet, TextLine

NUMBER_LINE = re.compile(r"^S[ốôoóồổộơớ6][\s.:]*(?P<rest>[\d/\-].*)$")
PLACE_DATE = re.compile(
    r"^(?P<place>[^\W\d_][^,;:\d]{1,40}?)\s*,?\s*(?P<date>ng[àaáạả]y\b.*)$", re.IGNORECASE)
SUBJECT_LEAD = re.compile(r"^(?:V\s*/\s*[vV]|Về\s+việc|V/V|Vv)\s*[:.]?\s*", re.IGNORECASE)
NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM",
            "ĐỘC LẬP - TỰ DO - HẠNH PHÚC")
#: Words that open a body's name in a header; other capital lines continue the line above.
UNIT_STARTS = (
    "ỦY BAN", "UBND", "HĐND", "HỘI ĐỒNG", "BỘ", "SỞ", "BAN", "VĂN PHÒNG", "TRƯỜNG", "ĐẠI HỌC",
    "HỌC VIỆN", "VIỆN", "CỤC", "TỔNG CỤC", "VỤ", "PHÒNG", "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY",
    "QUẬN ỦY", "THỊ ỦY", "ĐẢNG ỦY", "ĐẢNG BỘ", "CÔNG AN", "TRUNG TÂM", "CHÍNH PHỦ", "THANH TRA",
    "KHO BẠC", "ĐOÀN", "MẶT TRẬN", "HỘI",
)
PARTY_COMMITTEES = ("TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "ĐẢNG ỦY")
PEOPLES_COMMITTEES = ("ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND")
PLACE_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN", "TP")
#: Own names that are complete without their parent.
SELF_STANDING = ("TRƯỜNG", "ĐẠI HỌC", "HỌC VIỆN", "BỘ", "VĂN PHÒNG CHÍNH PHỦ", "VIỆN")


def _starts(text: str, heads: Iterable[str]) -> bool:
    upper = text.upper()
    return any(upper == h or upper.startswith(h + " ") for h in heads)


#: The share of the first page a header takes, at most.
HEADER_SHARE = 0.45
#: The "Số: …" line, its number and symbol, and where they start on it.
NumberLine = tuple[TextLine, DocRef, int]


def _top_lines(sheet: Sheet, prefer: str | None = None) -> list[TextLine]:
    """Lines of the first page's upper part, where a header lives; `prefer`'s region first."""
    lines = sheet.top_lines(HEADER_SHARE)
    if prefer is not None:
        lines.sort(key=lambda ln: ln.region != prefer)
    return lines


#: The opening of a number line, whose number and symbol may stand apart on its row.
NUMBER_LEAD = re.compile(r"^S[ốôoóồổộơớ6][\s.:]*(?:[\d/\-]|$)")
#: How far, in text heights, a blank left for a stamped number may part "Số:" from the rest.
NUMBER_BLANK = 4.0


def _whole_row(line: TextLine, lines: list[TextLine]) -> TextLine:
    """`line` with the pieces of a number and symbol that continue it on its row, to its right.

    A blank left for the number ("Số:          /UBND-VP") may part the line into pieces; a
    piece of the number starts with a digit, "/" or "-" (the place-date line beside it does
    not).
    """
    words = list(line.words)
    for other in sorted(lines, key=lambda ln: ln.x0):
        if other is line or other.page != line.page or other.region != line.region or \
                not other.text[:1].isdigit() and other.text[:1] not in "/-":
            continue
        centre = (other.top + other.bottom) / 2
        end = max(w.bbox[2] for w in words)
        if line.top <= centre <= line.bottom and 0 <= other.x0 - end <= \
                NUMBER_BLANK * line.height:
            words += other.words
    if len(words) == len(line.words):
        return line
    return TextLine(page=line.page, region=line.region, index=line.index, words=words,
                    page_width=line.page_width)


def number_line(sheet: Sheet) -> NumberLine | None:
    """The "Số: …" line and its number and symbol (spaces in them are not significant)."""
    top = _top_lines(sheet, prefer="header-left")
    for line in top:
        if NUMBER_LEAD.match(line.text):
            line = _whole_row(line, top)
        m = NUMBER_LINE.match(line.text)
        if not m:
            continue
        rest = m.group("rest")
        candidates = [rest, rest.split()[0]] if rest.split() else [rest]
        for candidate in candidates:
            ref = parse_ref(candidate)
            if ref is not None:
                return line, ref, m.start("rest")
    return None


def read_ref(hit: NumberLine | None) -> dict[str, Field]:
    """`doc_ref`, `doc_number`, `doc_symbol`, from the number line."""
    if hit is None:
        return {"doc_ref": ABSENT, "doc_number": ABSENT, "doc_symbol": ABSENT}
    line, ref, start = hit
    piece = [Piece(line, start)]
    certainty = 0.99 if ref.symbol[:1].isupper() else 0.8
    return {
        "doc_ref": found(ref.ref, piece, certainty=certainty),
        "doc_number": found(ref.number, piece, certainty=certainty),
        "doc_symbol": found(ref.symbol, piece, certainty=certainty),
    }


def _header_unit_lines(sheet: Sheet, below: float | None) -> list[TextLine]:
    lines = [ln for ln in _top_lines(sheet) if ln.region == "header-left"]
    if not lines:
        lines = [ln for ln in _top_lines(sheet) if ln.side == "left"]
    out = []
    for ln in lines:
        if below is not None and ln.top >= below - 1:
            break
        text = ln.text.strip(" *-_")
        if not text or not is_capitals(text, share=0.9) or text.upper() in NATIONAL:
            continue
        if text.upper().startswith(("ĐẾN", "NGƯỜI KÝ", "EMAIL", "CƠ QUAN", "THỜI GIAN")):
            continue
        out.append(ln)
    return out


def _compose_issuer(units: list[str]) -> str:
    own = units[-1]
    parent = units[-2] if len(units) > 1 else None
    own_cased = normal_case(own)
    if parent is None or _starts(own, SELF_STANDING) or any(
            f" {p} " in f" {own.upper()} " for p in PLACE_WORDS) or _starts(own, PARTY_COMMITTEES):
        return own_cased
    parent_cased = normal_case(parent)
    if _starts(parent, PARTY_COMMITTEES):
        return f"{own_cased} {parent_cased}"
    if parent.upper().startswith("BAN CHẤP HÀNH TRUNG ƯƠNG"):
        return f"{own_cased} Trung ương"
    if _starts(parent, PEOPLES_COMMITTEES):
        if own.upper().startswith("VĂN PHÒNG"):
            return f"{own_cased} {parent_cased}"
        for i, word in enumerate(parent_cased.split()):
            if word in ("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường"):
                return f"{own_cased} {' '.join(parent_cased.split()[i:])}"
    return own_cased


def read_issuer(sheet: Sheet, hit: NumberLine | None) -> Field:
    """`issuer`: the body as its header names it, joined with its parent where that is shown."""
    below = hit[0].top if hit else None
    lines = _header_unit_lines(sheet, below)
    if not lines:
        return ABSENT
    units: list[list[TextLine]] = []
    for ln in lines:
        if not units or _starts(ln.text, UNIT_STARTS):
            units.append([ln])
        else:
            units[-1].append(ln)
    chosen = units[-2:]
    texts = [" ".join(ln.text.strip(" *") for ln in unit) for unit in chosen]
    pieces = [Piece(ln) for unit in chosen for ln in unit]
    certainty = 0.97 if hit else 0.75
    return found(_compose_issuer(texts), pieces, certainty=certainty)


def read_place_date(sheet: Sheet) -> dict[str, Field]:
    """`place` and `issued_date` from "Hà Nội, ngày 10 tháng 9 năm 2019"."""
    for line in _top_lines(sheet, prefer="header-right"):
        m = PLACE_DATE.match(line.text)
        if not m:
            continue
        dates = find_dates(m.group("date"))
        if not dates:
            continue
        place = m.group("place").strip()
        offset = m.start("date")
        when = dates[0]
        return {
            "place": found(place, [Piece(line, 0, m.end("place"))], certainty=0.97),
            "issued_date": found(when.value, [Piece(line, offset + when.start,
                                                    offset + when.end)], certainty=0.98),
        }
    return {"place": ABSENT, "issued_date": ABSENT}


def title_line(sheet: Sheet) -> tuple[TextLine, str] | None:
    """The title naming the document's type ("TỜ TRÌNH"), above the body of the first page."""
    for line in _top_lines(sheet) + [ln for ln in sheet.on_page(sheet.first_page)
                                     if ln.region == "body"][:12]:
        if line.region in ("header-left", "header-right") and line.side != "full":
            continue
        kind = type_of_title(line.text)
        if kind:
            return line, kind
        if line.side == "full" and len(line.text) > 60 and not is_capitals(line.text):
            return None  # the body has started
    return None


def subject_line(sheet: Sheet) -> TextLine | None:
    """The "V/v …" line of a Công văn."""
    for line in _top_lines(sheet):
        if re.match(r"^V\s*/\s*[vV]\b|^V/V\b|^Vv\b", line.text):
            return line
    return None


def _continuation(first: TextLine, sheet: Sheet, *, centred: bool) -> list[TextLine]:
    out = [first]
    for line in sheet.after(first):
        prev = out[-1]
        if line.page != first.page or line.top - prev.bottom > 0.9 * prev.height:
            break
        if line.top < prev.top:  # another column of the same rows
            continue
        if _starts(line.text, ("KÍNH GỬI", "CĂN CỨ", "MẬT", "KHẨN", "HỎA TỐC", "THƯỢNG KHẨN",
                               "TỐI MẬT", "TUYỆT MẬT")) or is_capitals(line.text):
            break
        if centred:
            width = sheet.sizes[line.page][0]
            if abs((line.x0 + line.x1) / 2 - width / 2) > 40 and abs(
                    (line.x0 + line.x1) / 2 - (first.x0 + first.x1) / 2) > 40:
                break
        elif line.region != first.region or abs(
                (line.x0 + line.x1) / 2 - (first.x0 + first.x1) / 2) > 70:
            break
        out.append(line)
    return out


def _subject_value(text: str) -> str:
    # A speck read as a quote or a dash before the first word is OCR's, not the letter's.
    text = SUBJECT_LEAD.sub("", text).strip().lstrip("'\"‘’“”`~-–—.,:; ").rstrip(".;,")
    words = text.split()
    if len(words) >= 2 and words[0][:1].isupper() and not words[0].isupper() and \
            words[1][:1].islower():
        words[0] = words[0].lower()
    return " ".join(words)


def read_type_subject(sheet: Sheet, hit: NumberLine | None) -> dict[str, Field]:
    """`doc_type` from the title or "V/v" (checked against the symbol), and `subject`."""
    symbol_type = hit[1].doc_type if hit else None
    title = title_line(sheet)
    vv = subject_line(sheet)
    doc_type, subject = ABSENT, ABSENT
    if title is not None:
        line, kind = title
        certainty = 0.98 if symbol_type in (None, kind) else 0.6
        doc_type = found(kind, [Piece(line)], certainty=certainty)
        following = next(sheet.after(line), None)
        if following is not None and following.page == line.page and \
                following.top - line.bottom < 1.5 * line.height and not is_capitals(
                    following.text):
            lines = _continuation(following, sheet, centred=True)
            value = _subject_value(" ".join(ln.text for ln in lines))
            if value:
                subject = found(value, [Piece(ln) for ln in lines], certainty=0.95)
    if vv is not None:
        lines = _continuation(vv, sheet, centred=False)
        value = _subject_value(" ".join(ln.text for ln in lines))
        if value:
            subject = found(value, [Piece(ln) for ln in lines], certainty=0.96)
        if title is None:
            kind = "Công văn"
            certainty = 0.97 if symbol_type in (None, kind) else 0.6
            doc_type = found(kind, [Piece(vv, 0, 3)], certainty=certainty)
    if doc_type is ABSENT and symbol_type is not None and hit is not None:
        doc_type = found(symbol_type, [Piece(hit[0], hit[2])], certainty=0.7)
    return {"doc_type": doc_type, "subject": subject}
