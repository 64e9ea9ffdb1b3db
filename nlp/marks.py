"""Marks around the text: secrecy and urgency, deadlines, the "ĐẾN" stamp, the e-signature block."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from spacy.tokens import Doc, Span

from extract.model import DigitalSignature
from nlp.dates import find_dates
from nlp.field import ABSENT, Field, found
from nlp.sheet import Piece, Sheet, TextLine
from nlp.unmarked import fold

#: Marks as printed (capitals) → their value, longest first; the old tone placement too.
CONFIDENTIALITY = {"TUYỆT MẬT": "Tuyệt mật", "TỐI MẬT": "Tối mật", "MẬT": "Mật"}
URGENCY = {"THƯỢNG KHẨN": "Thượng khẩn", "HỎA TỐC": "Hỏa tốc", "HOẢ TỐC": "Hỏa tốc",
           "KHẨN": "Khẩn"}
#: A mark's box or stamp frame as text reads it, and what joins two marks on one line.
MARK_FRAME = re.compile(r"[\[\](){}|<>«»\-–—_=*:;.,/\\]+")
INCOMING_HEAD = re.compile(r"^Đ[ẾEÉ]N(?:$|\s*[:.]?\s*$|\s+S[ỐOÔ6Ố]\b|\s+Số\b)")
INCOMING_NUMBER = re.compile(r"S[ốoô6]\s*:?\s*[.…_\s]*(?P<n>\d{1,7})")
INCOMING_DATE = re.compile(r"Ng[àa]y\s*:?\s*(?P<d>.+)", re.IGNORECASE)
ESIGN_KEYS = {"nguoi ky": "signer", "ky boi": "signer", "email": "email",
              "co quan": "organisation", "thoi gian ky": "time"}
ESIGN_LINE = re.compile(r"^(?P<key>Người\s+ký|Ký\s+bởi|Email|E-mail|Cơ\s+quan|Thời\s+gian\s+ký)"
                        r"\s*:\s*(?P<value>.*)$", re.IGNORECASE)
#: In a ĐẾN stamp read on its own (the page's `stamp` region): the number after "Số", and the
#: day as a clerk writes it: "04/4/18", "4/4/2018", "04.04.2018" (a fraction slash too).
#: The number's label may come out of a stamp's box garbled ("|§ẽ:"): any short word and a
#: colon, but not the day's label.
STAMP_NUMBER = re.compile(r"(?:(?<!\w)S[ốoô6ó]\w?\s*[:.;]?|(?<!\S)(?![Nn])\S{1,3}:)\s*[.…_\s]*"
                          r"(?P<n>\d{1,7})(?![\d/⁄.\-])")
STAMP_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-⁄]\s*(?P<m>\d{1,2})\s*[/.\-⁄]\s*"
                        r"(?P<y>\d{4}|\d{2})(?!\d)")
#: The label of a stamp's day ("Ngày:", read "Naày", "N9ày" off a stamp).
STAMP_DAY_LABEL = re.compile(r"(?<!\w)N\w{1,3}y\s*[:.;]", re.IGNORECASE)


#: The words a due date follows, right before it, over a line break too ("trước ngày" + date).
DUE_BEFORE = re.compile(r"(?<!\w)(?:trước|hạn\s+chót|hạn\s+cuối|chậm\s+nhất|không\s+muộn\s+hơn)"
                        r"\s+(?:(?:là|vào)\s+)?(?:ngày\s+)?$", re.IGNORECASE)

#: Marks are printed in the upper half of the first page.
MARK_SHARE = 0.5


def marks_of(text: str) -> dict[str, str] | None:
    """The marks a line is made of ("KHẨN  MẬT", "[ HỎA TỐC ]"), or None when it holds more.

    A mark stands alone on its line or beside the other kind of mark, framed or not; a line
    with any other word (a footer saying whose property a document is) holds no mark.
    """
    rest = " ".join(MARK_FRAME.sub(" ", text).upper().split())
    if not rest:
        return None
    out: dict[str, str] = {}
    while rest:
        for table, kind in ((CONFIDENTIALITY, "confidentiality"), (URGENCY, "urgency")):
            hit = next((k for k in table if rest == k or rest.startswith(k + " ")), None)
            if hit is not None and kind not in out:
                out[kind] = table[hit]
                rest = rest[len(hit):].strip()
                break
        else:
            return None
    return out


def _mark(sheet: Sheet, kind: str) -> Field:
    for line in sheet.top_lines(MARK_SHARE):
        found_marks = marks_of(line.text)
        if found_marks and kind in found_marks:
            return found(found_marks[kind], [Piece(line)], certainty=0.95)
    return ABSENT


def read_confidentiality(sheet: Sheet) -> Field:
    """`confidentiality`: "Mật", "Tối mật" or "Tuyệt mật" when the mark is printed."""
    return _mark(sheet, "confidentiality")


def read_urgency(sheet: Sheet) -> Field:
    """`urgency`: "Khẩn", "Thượng khẩn" or "Hỏa tốc" when the mark is printed."""
    return _mark(sheet, "urgency")


def _due_dates(doc: Doc) -> list[Span]:
    """The pipeline's deadline spans, and the dates whose trigger ends the line before.

    The pipeline's matcher sees a line break as a token between "trước ngày" and the date;
    here the words before a date are read across it ("… trước ngày" + "05/10/2023 …").
    """
    marked = {(s.start_char, s.end_char) for s in doc.spans.get("deadlines", [])}
    return [span for span in doc.spans.get("dates", [])
            if (span.start_char, span.end_char) in marked
            or DUE_BEFORE.search(doc.text, max(0, span.start_char - 40), span.start_char)]


def read_deadlines(sheet: Sheet, doc: Doc) -> Field:
    """`deadlines`: the dates things are due by ("trước ngày 05/10/2023", "chậm nhất ngày …").

    `doc` is the spaCy Doc of `sheet.text`; its "deadlines" spans come from the pipeline, and
    a date whose trigger ends the line before it is one too.
    """
    values: list[str] = []
    pieces: list[Piece] = []
    for span in _due_dates(doc):
        located = sheet.locate(span.start_char, span.end_char)
        if not located or located[0].line.region != "body" or span.kb_id_ in values:
            continue
        values.append(span.kb_id_)
        pieces += located
    if not values:
        return ABSENT
    return found(values, pieces, certainty=0.9)


def _near(anchor: TextLine, line: TextLine) -> bool:
    return line.page == anchor.page and 0 <= line.top - anchor.top < 6 * anchor.height and \
        abs(line.x0 - anchor.x0) < 4 * anchor.height


def _stamp_date(text: str) -> str | None:
    m = STAMP_DATE.search(text)
    if not m:
        return None
    year = int(m.group("y"))
    this_year = date.today().year
    if len(m.group("y")) == 2:  # "04/4/18": this century unless that is still to come
        year += 2000 if 2000 + year <= this_year else 1900
    if year > this_year:
        return None
    try:
        return date(year, int(m.group("m")), int(m.group("d"))).isoformat()
    except ValueError:
        return None


def _from_stamp(sheet: Sheet) -> Field:
    """`incoming` from a ĐẾN stamp that extract/ found and read apart (a `stamp` region)."""
    lines = [ln for ln in sheet.lines if ln.region == "stamp"]
    if not lines or "sao y" in fold(" ".join(ln.text for ln in lines)):
        return ABSENT
    number = when = None
    pieces: list[Piece] = []
    for line in lines:
        n = STAMP_NUMBER.search(line.text)
        if n and number is None:
            number = n.group("n")
            pieces.append(Piece(line, n.start("n"), n.end("n")))
    # The day after its label; else any day the stamp shows (the print under it has its own).
    for labelled in (True, False):
        for line in lines:
            label = STAMP_DAY_LABEL.search(line.text)
            if when is not None or (labelled and not label):
                continue
            day = _stamp_date(line.text[label.end():] if labelled and label else line.text)
            if day:
                when = day
                pieces.append(Piece(line))
    if number is None and when is None:
        return ABSENT
    return found({"number": number, "date": when}, pieces, certainty=0.8)


def read_incoming(sheet: Sheet) -> Field:
    """`incoming`: the receiving office's "ĐẾN Số: … Ngày: …" stamp.

    A stamp extract/ found over a scan is read from its own region; otherwise from lines
    that begin "ĐẾN" and the number and day lines near them.
    """
    stamped = _from_stamp(sheet)
    if stamped is not ABSENT:
        return stamped
    for anchor in sheet.lines:
        if not INCOMING_HEAD.match(anchor.text):
            continue
        number = when = None
        pieces = [Piece(anchor)]
        for line in [anchor, *[ln for ln in sheet.lines if _near(anchor, ln) and ln is not anchor]]:
            n = INCOMING_NUMBER.search(line.text)
            if n and number is None:
                number = n.group("n")
                if line is not anchor:
                    pieces.append(Piece(line))
            d = INCOMING_DATE.search(line.text)
            if d and when is None:
                dates = find_dates(d.group("d"))
                if dates:
                    when = dates[0].value
                    if line is not anchor:
                        pieces.append(Piece(line))
        if number or when:
            return found({"number": number, "date": when}, pieces, certainty=0.85)
    return ABSENT


def _esign_time(text: str) -> str | None:
    m = re.search(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
                  r"\s*(?P<tz>[+-]\d{2}:?\d{2})?", text)
    if not m:
        dates = find_dates(text)
        return dates[0].value if dates else None
    d, mo, y, hh, mm = (int(m.group(i)) for i in range(1, 6))
    ss = int(m.group(6) or 0)
    try:
        stamp = datetime(y, mo, d, hh, mm, ss).isoformat()
    except ValueError:
        return None
    tz = m.group("tz")
    if tz:
        stamp += tz if ":" in tz else f"{tz[:3]}:{tz[3:]}"
    return stamp


def read_e_signature(sheet: Sheet, signatures: Sequence[DigitalSignature] = ()) -> Field:
    """`e_signature` from the visible "Người ký / Email / Cơ quan / Thời gian ký" block.

    Without that block, from the file's own first digital signature (no place on the page;
    its confidence says whether it still holds: 1.0 intact, 0.3 broken).
    """
    value: dict[str, str | None] = {}
    pieces: list[Piece] = []
    for line in sheet.lines:
        m = ESIGN_LINE.match(line.text)
        if not m:
            continue
        key = ESIGN_KEYS.get(fold(" ".join(m.group("key").split())).replace("e-mail", "email"))
        if key is None or key in value:
            continue
        raw = m.group("value").strip()
        if key == "time":
            following = next(sheet.after(line), None)
            if following is not None and re.match(r"^[+-]\d{2}:?\d{2}$", following.text):
                raw = f"{raw} {following.text}"
                pieces.append(Piece(following))
            value[key] = _esign_time(raw)
        else:
            value[key] = raw or None
        pieces.append(Piece(line, m.start("value")))
    if "signer" not in value and "time" not in value:
        if not signatures:
            return ABSENT
        first = signatures[0]
        return Field({"signer": first.signer, "email": first.email,
                      "organisation": first.organisation, "time": first.time},
                     confidence=1.0 if first.intact else 0.3)
    out = {k: value.get(k) for k in ("signer", "email", "organisation", "time")}
    return found(out, pieces, certainty=0.9)
