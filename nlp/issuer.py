"""The issuer: the body the header's left column names, with its parent where that is shown.

Nghị định 30/2020 (Phụ lục I, mục II.2) prints the parent body's name, then the issuing body's
own name (several lines when long), in capitals, centred in the left column over the number
line; Party letters the same over a star. Joint instruments print every issuer, on one line
joined by " - " or one under the other. Nothing else of the page's top is a name: the number
line, the e-office's signature box, a "SAO Y" or "ĐẾN" stamp.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.casing import is_capitals, normal_case
from nlp.field import ABSENT, Field, found
from nlp.sheet import HEADER_SHARE, MOTTOS, Piece, Sheet, TextLine
from nlp.subject import title_kind

#: The mottos of the right column: a line starting with one is not the issuer's, a line
#: running into one (a row read as one line) is the issuer's up to it.
RIGHT_HEADS = (*MOTTOS, "ĐỘC LẬP - TỰ DO - HẠNH PHÚC", "ĐỘC LẬP – TỰ DO – HẠNH PHÚC")
#: Words that open a body's name in a header; other capital lines continue the line above.
UNIT_STARTS = (
    "ỦY BAN", "UBND", "HĐND", "HỘI ĐỒNG", "BỘ", "SỞ", "BAN", "VĂN PHÒNG", "TRƯỜNG", "ĐẠI HỌC",
    "HỌC VIỆN", "VIỆN", "CỤC", "TỔNG CỤC", "VỤ", "PHÒNG", "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY",
    "QUẬN ỦY", "THỊ ỦY", "ĐẢNG ỦY", "ĐẢNG BỘ", "CÔNG AN", "TRUNG TÂM", "CHÍNH PHỦ", "THANH TRA",
    "KHO BẠC", "ĐOÀN", "MẶT TRẬN", "HỘI",
)
#: Kinds of body of which two, one under the other, are two issuers (no ministry is another's
#: parent, nor a department another's).
PEER_KINDS = ("BỘ", "SỞ")
PARTY_COMMITTEES = ("TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "ĐẢNG ỦY")
PEOPLES_COMMITTEES = ("ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND")
COUNCILS = ("HỘI ĐỒNG NHÂN DÂN", "HĐND")
PLACE_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN", "TP")
#: Own names that are complete without their parent.
SELF_STANDING = ("TRƯỜNG", "ĐẠI HỌC", "HỌC VIỆN", "BỘ", "VĂN PHÒNG CHÍNH PHỦ", "VIỆN")
#: Text of stamps and signature boxes printed over the header, never a name.
STAMP = re.compile(r"^(?:ĐẾN\b|SAO\s+(?:Y|LỤC)\b|TRÍCH\s+SAO\b|KÝ\s+BỞI|NGƯỜI\s+KÝ|EMAIL|"
                   r"E-MAIL|CƠ\s+QUAN\s*:|THỜI\s+GIAN)|@|\d{1,2}:\d{2}", re.IGNORECASE)
#: The number line, whole or cut where its number is left blank ("Số" … "- CV/BTGTU").
NUMBER_START = re.compile(r"^S[ốôoóồổộơớ6](?:\s|[.:]|$)")
SYMBOL_PIECE = re.compile(r"^[-–/\s]*[A-ZĐ]{1,6}[A-Za-zĐđ]*\s*[/-]\s*[A-ZĐ]")
SUBJECT_START = re.compile(r"^(?:V\s*/\s*[vV]|Vv|Về\s+việc)\b")
#: A rule under the name ("-----", "___") or the star of Party letters.
RULE = re.compile(r"^[\s*\-_–—=.]*$")


def _starts(text: str, heads: Iterable[str]) -> bool:
    upper = text.upper()
    return any(upper == h or upper.startswith(h + " ") for h in heads)


#: The number line run into the name's line ("… TỈNH X Số: 12/UBND"), as a scan reads it.
NUMBER_INSIDE = re.compile(r"\sS[ốôoó6]\s*[:.]")


def _before_motto(line: TextLine) -> TextLine | None:
    """The line's words before a motto or a number line it runs into; itself when none."""
    upper = line.text.upper()
    cuts = [upper.find(m) for m in RIGHT_HEADS if m in upper]
    inside = NUMBER_INSIDE.search(line.text)
    if inside and inside.start() > 0:
        cuts.append(inside.start() + 1)
    cut = min(cuts, default=-1)
    if cut < 0:
        return line
    kept = line.word_span(0, cut) if cut > 0 else range(0)
    if not kept:
        return None
    return TextLine(page=line.page, region=line.region, index=line.index,
                    words=line.words[:kept.stop], page_width=line.page_width)


def left_column(sheet: Sheet) -> list[TextLine]:
    """The lines naming the issuer: the left column's capitals above the number line."""
    if not sheet.sizes:
        return []
    width, height = sheet.sizes[sheet.first_page]
    top = [ln for ln in sheet.on_page(sheet.first_page) if ln.top < height * HEADER_SHARE]
    mottos = [ln for ln in top if any(m in ln.text.upper() for m in RIGHT_HEADS)]
    first_row = min((ln.top - ln.height for ln in mottos), default=None)
    out: list[TextLine] = []
    for raw in top:
        if first_row is not None and raw.bottom < first_row:
            continue  # above the header's first row: stamps, the e-office's box
        line = _before_motto(raw)
        if line is None or (line.x0 + line.x1) / 2 >= width / 2:
            continue
        text = line.text.strip().lstrip(".,:;|/\\_-–—'\"` ")
        if sum(c.isalnum() for c in text) < 2 and "*" not in text:
            continue  # specks of a scan
        if NUMBER_START.match(text) or SUBJECT_START.match(text) or text.startswith(
                ("Kính gửi", "Căn cứ")) or title_kind(text):
            break  # the number line, a subject, the title: the name is above
        if RULE.match(text):
            if out and "*" in text:
                break  # the Party star closes the name
            continue
        if STAMP.search(text) or SYMBOL_PIECE.match(text):
            continue
        if not is_capitals(text.strip(" *-_"), share=0.9):
            if out:
                break
            continue
        out.append(line)
    return out


def _units(lines: list[TextLine]) -> list[list[TextLine]]:
    units: list[list[TextLine]] = []
    for ln in lines:
        if not units or _starts(_clean(ln.text), UNIT_STARTS):
            units.append([ln])
        else:
            units[-1].append(ln)
    return units


def _clean(text: str) -> str:
    """A header line without the specks a scan leaves around it (a name's own "-" stays)."""
    return text.strip().lstrip(".,:;|/\\_-–—'\"`* ").rstrip(".:;|/\\_'\"`* ")


def _text(unit: list[TextLine]) -> str:
    return " ".join(_clean(ln.text) for ln in unit)


def compose_issuer(own: str, parent: str | None) -> str:
    """The issuer's name in normal case, the parent's kept where the name needs it."""
    own_cased = normal_case(own)
    placeless = f" {own.upper()} ".replace(" XÃ HỘI ", " ")  # a field's name, not a commune
    if parent is None or _starts(own, SELF_STANDING) or any(
            f" {p} " in placeless for p in PLACE_WORDS) or _starts(own, PARTY_COMMITTEES):
        return own_cased
    parent_cased = normal_case(parent)
    if _starts(parent, PARTY_COMMITTEES):
        return f"{own_cased} {parent_cased}"
    if parent.upper().startswith("BAN CHẤP HÀNH TRUNG ƯƠNG"):
        return f"{own_cased} Trung ương"
    if _starts(parent, PEOPLES_COMMITTEES):
        # The council's committees and the committee's office are theirs, not the province's.
        if own.upper().startswith("VĂN PHÒNG") or (
                _starts(parent, COUNCILS) and own.upper().startswith("BAN ")):
            return f"{own_cased} {parent_cased}"
        words = parent_cased.split()
        for i, word in enumerate(words):
            if word in ("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường"):
                return f"{own_cased} {' '.join(words[i:])}"
    return own_cased


def _joint_parts(text: str) -> list[str]:
    """The names of a line naming several bodies ("BỘ A - BỘ B"), or [text]."""
    parts = [p.strip() for p in re.split(r"\s+[-–]\s+", text)]
    if len(parts) > 1 and all(_starts(p, UNIT_STARTS) for p in parts):
        return parts
    return [text]


def _head(text: str) -> str:
    return text.split()[0].upper() if text.split() else ""


def issuer_names(lines: list[TextLine]) -> list[str]:
    """Every issuer the lines name, the first one first."""
    units = _units(lines)
    if not units:
        return []
    texts = [_text(u) for u in units]
    peers = [t for t in texts if _head(t) in PEER_KINDS]
    if len(texts) >= 2 and len(peers) == len(texts) and len({_head(t) for t in texts}) == 1:
        return [compose_issuer(t, None) for t in texts]  # one under the other, equals
    own = texts[-1]
    parent = texts[-2] if len(texts) > 1 else None
    parts = _joint_parts(own)
    if len(parts) > 1:
        return [compose_issuer(p, parent) for p in parts]
    return [compose_issuer(own, parent)]


def read_issuers(sheet: Sheet, *, numbered: bool) -> dict[str, Field]:
    """`issuer` (the first one) and `issuers` (every one a joint instrument names).

    `numbered`: whether the number line was read, which makes the column's end certain.
    """
    lines = left_column(sheet)
    names = issuer_names(lines)
    if not names:
        return {"issuer": ABSENT, "issuers": ABSENT}
    units = _units(lines)[-2:]
    pieces = [Piece(ln) for unit in units for ln in unit]
    certainty = 0.97 if numbered else 0.75
    return {"issuer": found(names[0], pieces, certainty=certainty),
            "issuers": found(names, [Piece(ln) for ln in lines], certainty=certainty)}
