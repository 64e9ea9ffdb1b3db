"""The document's type and subject: the title ("QUYẾT ĐỊNH") and the lines under it, or "V/v".

Nghị định 30/2020 (Phụ lục I, mục II.5): an instrument prints its type in capitals, centred,
and its subject right under it ("Về việc …" or not), closed by a short rule; a Công văn prints
"V/v …" under its number, in the left column. Party instruments (Hướng dẫn 36-HD/VPTW) do the
same, the subject sometimes in quotes or in capitals. A subject ends at the rule, at the
addressee ("Kính gửi"), at the grounds ("Căn cứ"), at the authority line ("ỦY BAN NHÂN DÂN
TỈNH …"), at the gap before the body's first paragraph.
"""

from __future__ import annotations

import re

from nlp.casing import is_capitals
from nlp.doctypes import TITLES, type_of_title
from nlp.field import ABSENT, Field, found
from nlp.header import NumberLine
from nlp.sheet import HEADER_SHARE, Piece, Sheet, TextLine
from nlp.unmarked import fold

SUBJECT_LEAD = re.compile(r"^(?:V\s*/\s*[vV]|Về\s*việc|V/V|Vv)\s*[:.]?\s*", re.IGNORECASE)
VV_LINE = re.compile(r"^V\s*/\s*[vV]\b|^V/V\b|^Vv\b")
#: "Về việc …" under the number, as older Công văn write their subject.
ABOUT_LINE = re.compile(r"^V[ềỀ]\s+việc\b", re.IGNORECASE)
#: What opens the text after a subject (once a bullet is stripped): a paragraph's first words.
AFTER_SUBJECT = re.compile(r"^(?:Kính\s+gửi|KÍNH\s+GỬI|Căn\s+cứ|Thực\s+hiện|Xét\s+đề\s+nghị|"
                           r"Theo\s+đề\s+nghị)\b")
#: What cannot open a subject: the addressee, the grounds.
NOT_SUBJECT = re.compile(r"^(?:Kính\s+gửi|KÍNH\s+GỬI|Căn\s+cứ)\b")
#: A rule line ("-----", "___", "***") or a lone star.
RULE = re.compile(r"^[\s*\-_–—=~.]*$")
QUOTES = "'\"‘’“”`«»"


#: Titles without their marks: a scan reads "QUYÉT ĐỊNH" for "QUYẾT ĐỊNH".
FOLDED_TITLES = {fold(title): kind for title, kind in TITLES.items()}


def title_kind(text: str) -> str | None:
    """The type a title line names, its tone marks misread or not."""
    kind = type_of_title(text)
    if kind is None and is_capitals(text, share=0.95):
        kind = FOLDED_TITLES.get(fold(" ".join(text.replace("*", " ").split()).strip(" .:")))
    return kind


def title_line(sheet: Sheet) -> tuple[TextLine, str] | None:
    """The title naming the document's type ("TỜ TRÌNH"), above the body of the first page."""
    for line in sheet.top_lines(HEADER_SHARE) + [ln for ln in sheet.on_page(sheet.first_page)
                                                 if ln.region == "body"][:12]:
        width = sheet.sizes[line.page][0]
        if line.region in ("header-left", "header-right") and line.side != "full" and abs(
                _centre(line) - width / 2) > 0.06 * width:
            continue  # a column's line; a title is centred on the page
        kind = title_kind(line.text)
        if kind:
            return line, kind
        if line.side == "full" and len(line.text) > 60 and not is_capitals(line.text):
            return None  # the body has started
    return None


def subject_line(sheet: Sheet) -> TextLine | None:
    """The "V/v …" line of a Công văn."""
    for line in sheet.top_lines(HEADER_SHARE):
        if VV_LINE.match(line.text) or (ABOUT_LINE.match(line.text) and (
                line.region == "header-left" or line.side == "left")):
            return line
    return None


def speck(line: TextLine) -> bool:
    """A line of specks a scan reads as text (":", "|"), not a line of the letter."""
    return sum(c.isalnum() for c in line.text) < 2


def _closes(text: str) -> bool:
    """Whether a line ends the subject above it rather than continuing it."""
    stripped = text.strip()
    if RULE.match(stripped):
        return True
    core = stripped.lstrip("-–+•· ")
    return bool(AFTER_SUBJECT.match(core)) or is_capitals(core)


def _centre(line: TextLine) -> float:
    return (line.x0 + line.x1) / 2


def _continuation(first: TextLine, sheet: Sheet, *, centred: bool) -> list[TextLine]:
    out = [first]
    for line in sheet.after(first):
        prev = out[-1]
        if line.page != first.page:
            break
        if line.top < prev.bottom - 0.5 * prev.height or speck(line) or \
                line.height < 0.4 * prev.height:
            continue  # a row above or the same row (another column), or specks
        if not centred and (line.x0 >= first.x1 - 2 or line.x1 <= first.x0 + 2):
            continue  # the other column (the place-date line beside a V/v)
        if line.top - prev.bottom > 0.9 * prev.height or _closes(line.text):
            break
        if centred:
            width = sheet.sizes[line.page][0]
            if abs(_centre(line) - width / 2) > 40 and abs(_centre(line) - _centre(first)) > 40:
                break
        elif line.region != first.region or abs(_centre(line) - _centre(first)) > 70:
            break
        out.append(line)
    return out


def _subject_value(text: str) -> str:
    # A speck read as a quote or a dash before the first word is OCR's, not the letter's.
    text = text.strip().lstrip(QUOTES + "~-–—.,:; ")
    text = SUBJECT_LEAD.sub("", text).strip().lstrip(QUOTES + "~-–—.,:; ").rstrip(QUOTES + ".;,")
    words = text.split()
    if len(words) >= 2 and words[0][:1].isupper() and not words[0].isupper() and \
            words[1][:1].islower():
        words[0] = words[0].lower()
    return " ".join(words)


def _under_title(title: TextLine, sheet: Sheet) -> TextLine | None:
    """The first line under the title, when it is close enough to be the subject's."""
    for line in sheet.after(title):
        if line.page != title.page:
            return None
        if line.top < title.bottom - 0.5 * title.height or speck(line):
            continue
        if line.top - title.bottom > 2.5 * title.height or RULE.match(line.text.strip()):
            return None
        core = line.text.strip().lstrip("-–+•· ")
        if NOT_SUBJECT.match(core) or core.endswith(":"):
            return None
        # A subject in capitals is the letter's own ("MỘT SỐ VẤN ĐỀ …"); the authority line
        # of a decision ("ỦY BAN NHÂN DÂN TỈNH …") is a body's or an office's name.
        if is_capitals(core) and _authority(core):
            return None
        return line
    return None


#: Openings of an authority line under a title: a body, or an office held.
AUTHORITY = ("ỦY BAN", "UBND", "HỘI ĐỒNG", "HĐND", "BỘ TRƯỞNG", "CHỦ TỊCH", "GIÁM ĐỐC",
             "TRƯỞNG BAN", "BAN ", "BỘ ", "SỞ ", "THỦ TƯỚNG", "CHÍNH PHỦ", "VIỆN TRƯỞNG",
             "CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG", "HIỆU TRƯỞNG", "CHÁNH", "TỈNH ỦY", "THÀNH ỦY",
             "BAN THƯỜNG VỤ", "BỘ CHÍNH TRỊ", "BAN BÍ THƯ", "QUỐC HỘI", "ỦY BAN THƯỜNG VỤ")


def _authority(text: str) -> bool:
    return text.upper().startswith(AUTHORITY)


def _title_subject(line: TextLine, sheet: Sheet) -> Field:
    first = _under_title(line, sheet)
    if first is None:
        return ABSENT
    capitals = is_capitals(first.text)
    lines = [first] if capitals else _continuation(first, sheet, centred=True)
    if capitals:  # a subject in capitals runs on in capitals
        for nxt in sheet.after(first):
            prev = lines[-1]
            if nxt.page != first.page or nxt.top - prev.bottom > 0.9 * prev.height or \
                    not is_capitals(nxt.text) or RULE.match(nxt.text.strip()) or \
                    _authority(nxt.text) or title_kind(nxt.text):
                break
            lines.append(nxt)
    value = _subject_value(" ".join(ln.text for ln in lines))
    return found(value, [Piece(ln) for ln in lines], certainty=0.95) if value else ABSENT


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
        subject = _title_subject(line, sheet)
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
