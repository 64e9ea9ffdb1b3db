"""The signature block: authority (KT., TM., TL., TUQ., Q.), title, rank and name of who signed.

A column reads, top to bottom (Nghị định 30/2020, Appendix I, ô 7): the authority marks, one a
line ("TL. CHỦ TỊCH" over "KT. CHÁNH VĂN PHÒNG": a chain), the signer's own title right under
them, the space of the signature (where e-signature overlays leave stray text), perhaps
another function of the signer (ô 7b, above the name), and the name, perhaps after a rank
("Đại tá", "PGS.TS."). Minutes name the part played instead ("Chủ trì", "Thư ký").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from nlp.casing import is_capitals, normal_case
from nlp.field import ABSENT, Field, found
from nlp.sheet import Piece, Sheet, TextLine
from nlp.signblock import centre_column, main_column, side_column
from nlp.unmarked import fold

AUTHORITY = re.compile(r"^(?P<word>K\s*/\s*T|KT|T\s*/\s*M|TM|T\s*/\s*L|TL|T\s*/\s*UQ|TUQ|Q)"
                       r"(?:\s*[.:]\s*|\s+)(?P<rest>\S.*)$")
NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]+$")
_POSITIONS = ("Chủ tịch", "Giám đốc", "Bộ trưởng", "Thứ trưởng", "Chủ nhiệm",
              "Bộ trưởng, Chủ nhiệm", "Chánh Văn phòng", "Trưởng ban", "Hiệu trưởng", "Bí thư",
              "Viện trưởng", "Cục trưởng", "Vụ trưởng", "Trưởng phòng", "Chánh Thanh tra",
              "Tổng Giám đốc", "Thủ tướng", "Tổng cục trưởng", "Giám đốc Sở")
#: Titles and authorities a signature block prints; OCR slips are matched back to them.
KNOWN_TITLES = (*_POSITIONS, *(f"Phó {p}" for p in _POSITIONS), "Ủy ban nhân dân",
                "Ban Thường vụ", "Thường trực", "Ban Chấp hành", "Hội đồng nhân dân")
#: Below this rapidfuzz score a title is kept as read.
TITLE_CUTOFF = 85.0
#: First words of a position: a capitals line starting so is a function of its own, not the
#: rest of the title above it ("PHÓ CHỦ TỊCH" / "THƯỜNG TRỰC" is one title).
_POSITION_HEADS = ("PHÓ ", "CHỦ TỊCH", "GIÁM ĐỐC", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "CHỦ NHIỆM",
                   "CHÁNH ", "TRƯỞNG ", "HIỆU TRƯỞNG", "BÍ THƯ", "VIỆN TRƯỞNG", "CỤC TRƯỞNG",
                   "VỤ TRƯỞNG", "TỔNG ", "THỦ TƯỚNG", "ỦY VIÊN", "THƯ KÝ", "KẾ TOÁN TRƯỞNG")
#: The parts played in a meeting, printed over a minutes' signatures.
ROLES = ("chủ trì", "chủ tọa", "thư ký", "ghi biên bản", "người ghi biên bản")
#: Ranks and degrees printed before a name (army, police, academic, medical).
RANK = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)|Chuẩn\s+đô\s+đốc|(?:Phó\s+)?Đô\s+đốc|"
    r"Đại\s+úy|(?:(?:GS|PGS|TS|TSKH|ThS|BS|CKII|CKI|DS|KS|KTS|LS|NGND|NGƯT|NSND|NSƯT)"
    r"\s*\.\s*)+|Tiến\s+sĩ|Thạc\s+sĩ|Bác\s+sĩ|Giáo\s+sư|Phó\s+giáo\s+sư)\s*",
    re.IGNORECASE)
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
                       r"[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$")
#: Marks a scan leaves at the ends of a line (specks read as quotes, bars, dashes).
_RESIDUE = " '\"`‘’“”,:;_|~-⁄\\"
_TITLE_CHARS = re.compile(r"^[^\W\d_]+(?:[\s,&./-]+[^\W\d_]+)*[.,]?$")


@dataclass
class Signer:
    """One signer as read from one column: the parts and the lines they came from."""

    name: str | None = None
    title: str | None = None
    authority: str | None = None
    rank: str | None = None
    certainty: float = 1.0
    pieces: list[Piece] = field(default_factory=list)

    def value(self) -> dict[str, str | None]:
        """The contract's value of one signer."""
        return {"name": self.name, "title": self.title, "authority": self.authority,
                "rank": self.rank}


def known_title(text: str) -> tuple[str, float]:
    """The known title nearest `text` and the match score (100 when it is one already).

    A scan may lose the marks of every vowel ("PHO CHU TICH"): the title is then matched on
    its bare letters, and the score says it was a slip.
    """
    if text in KNOWN_TITLES:
        return text, 100.0
    match = process.extractOne(text, KNOWN_TITLES, scorer=fuzz.ratio, score_cutoff=TITLE_CUTOFF)
    if match is not None:
        return match[0], float(match[1])
    bare = process.extractOne(_bare(text), _BARE_TITLES, scorer=fuzz.ratio,
                              score_cutoff=TITLE_CUTOFF)
    if bare is not None:
        return KNOWN_TITLES[bare[2]], float(bare[1]) * 0.9
    return text, 0.0


_bare = fold  # lower case without marks, to match titles a scan stripped


_BARE_TITLES = [_bare(t) for t in KNOWN_TITLES]


def is_junk(text: str, earlier: list[str]) -> bool:
    """Stray text in a signature block: an overlay's glyph run, a foreign word, a cut repeat.

    E-signature tools leave text under the picture of the signature ("SIGN", runs like
    "DDD(9", a clipped copy of the title line); a title line has only letters, and at least
    one of its words is a Vietnamese syllable.
    """
    text = text.strip()
    if len(text) <= 2 or not _TITLE_CHARS.match(text):
        return True
    if not any(_SYLLABLE.match(_bare(w.strip(".,"))) for w in text.split()):
        return True
    return any(e != text and e.startswith(text) for e in earlier)


def _role(text: str) -> str | None:
    low = text.casefold().strip(" :")
    for role in ROLES:
        if low.startswith(role):
            return text.strip(" :")[:1].upper() + text.strip(" :")[1:].lower()
    return None


def _authority(text: str) -> str | None:
    m = AUTHORITY.match(text.strip(_RESIDUE))
    if m is None or not is_capitals(m.group("rest")):
        return None
    word = re.sub(r"\s+", "", m.group("word"))
    rest, _ = known_title(normal_case(m.group("rest")))
    return f"{word} {rest}" if "/" in word else f"{word}. {rest}"


def _name(line: TextLine) -> tuple[str | None, str]:
    """The rank before a name (or None) and the name, when `line` is one."""
    text = line.text
    rank = None
    m = RANK.match(text)
    if m and m.end() < len(text):
        rank, text = m.group(0).strip(), text[m.end():]
    words = [w for w in (w.strip(_RESIDUE) for w in text.split()) if w]  # specks of a scan
    if 2 <= len(words) <= 5 and all(NAME_WORD.match(w) for w in words):
        return rank, _surname(words)
    kept = _without_strays(words)
    if kept:
        return rank, _surname(kept)
    return None, ""


def _syllable(word: str) -> bool:
    return _SYLLABLE.match(_bare(word)) is not None


def _without_strays(words: list[str]) -> list[str]:
    """The name in a line where the signature's strokes left stray glyphs, or [].

    Strokes crossing the name line are read as one-letter words among the name's ("Trần Ả
    Ngọc …") or as a word after it that is no Vietnamese syllable. At most two are dropped,
    and three name words or more must remain, each a capitalised syllable.
    """
    kept = [w for w in words if len(w) > 1]
    if kept and not _syllable(kept[-1]):
        kept = kept[:-1]
    if len(words) - len(kept) > 2 or not 3 <= len(kept) <= 5:
        return []
    if all(NAME_WORD.match(w) and _syllable(w) for w in kept):
        return kept
    return []


#: The commonest family names, by their bare letters: a scan that drops a mark of the family
#: name ("Nguyên", "Dặng") is read back to it. Names whose bare letters two families share
#: ("Dương", "Đường") are not listed.
_SURNAMES = {_bare(n): n for n in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Lý", "Đinh", "Trịnh", "Trương", "Lương", "Đoàn")}


def _surname(words: list[str]) -> str:
    first = _SURNAMES.get(_bare(words[0]), words[0])
    return " ".join([first, *words[1:]])


def _contiguous(above: TextLine, below: TextLine) -> bool:
    """Whether `below` is set right under `above` (no signature's space between them)."""
    return above.page == below.page and below.top - above.bottom < 0.8 * above.height


def _continues_title(line: TextLine, title: list[TextLine], other: list[TextLine],
                     last: TextLine | None, *, marked: bool) -> bool:
    """Whether a capitals line is (part of) the title rather than another function.

    The title stands right under the authority (or first, when there is none); a line set
    right under it continues it unless it starts a position of its own ("GIÁM ĐỐC …").
    """
    if other:
        return False
    if not title:
        return last is None or not marked or _contiguous(last, line)
    return _contiguous(title[-1], line) and not line.text.upper().startswith(_POSITION_HEADS)


def _wraps_authority(line: TextLine, rest: list[TextLine]) -> bool:
    """Whether `line` carries on the authority above it ("TM. BAN CHẤP HÀNH" / "TỈNH ĐOÀN").

    It does when it is no position itself and the line right under it is the title.
    """
    text = line.text
    if not is_capitals(text) or text.upper().startswith(_POSITION_HEADS) or not rest:
        return False
    below = rest[0]
    return _contiguous(line, below) and is_capitals(below.text) and (
        below.text.upper().startswith(_POSITION_HEADS) or AUTHORITY.match(below.text) is not None)


def _title_text(parts: list[str]) -> tuple[str, float]:
    title, score = known_title(normal_case(" ".join(p.strip(_RESIDUE) for p in parts)))
    return title, (score / 100 if score else 0.9)


def _scribble(title: list[TextLine], other: TextLine) -> bool:
    """Whether the lines taken for the title are the signature read as capitals.

    A handwritten signature between the authority and the title can read as a short word in
    capitals ("TEEN."); the line under it that starts a position is then the title.
    """
    words = " ".join(ln.text for ln in title).split()
    return len(words) == 1 and known_title(normal_case(words[0].strip(_RESIDUE)))[1] == 0 and \
        other.text.upper().startswith(_POSITION_HEADS)


def _rows(column: list[TextLine]) -> list[TextLine]:
    """The column with a line the layout split in two on its row put back together.

    A seal or a signature's stroke between two words can cut a line ("CHỦ" | "TỊCH").
    """
    rows: list[TextLine] = []
    for line in column:
        last = rows[-1] if rows else None
        if last is not None and last.page == line.page and last.region == line.region and \
                abs(line.top - last.top) < 0.5 * last.height and \
                0 <= line.x0 - last.x1 < 2 * last.height:
            rows[-1] = TextLine(page=last.page, region=last.region, index=last.index,
                                words=last.words + line.words, page_width=last.page_width)
        else:
            rows.append(line)
    return rows


def read_column(column: list[TextLine]) -> Signer | None:
    """The signer of one column, or None when it names nobody and gives no title."""
    column = _rows(column)
    signer = Signer()
    chain: list[str] = []
    title: list[TextLine] = []  # the title lines, right under the authority
    other: list[TextLine] = []  # capitals after the signature's space: another function
    role: str | None = None
    rank: str | None = None
    earlier: list[str] = []
    misread = 0  # capitals too garbled to be a title: the block's top, badly read
    last: TextLine | None = None
    for i, line in enumerate(column):
        text = line.text.strip(_RESIDUE)
        authority = _authority(line.text) if not title and not other else None
        if authority is not None:
            chain.append(line.text)
            signer.pieces.append(Piece(line))
        elif chain and last is not None and not title and _authority(last.text) and \
                _contiguous(last, line) and _wraps_authority(line, column[i + 1:]):
            chain[-1] = f"{chain[-1]} {text}"
            signer.pieces.append(Piece(line))
        elif RANK.fullmatch(text) and (chain or title or role):
            rank = text.strip()
        elif (found_rank := _name(line))[1] and (chain or title or role or other or misread):
            rank = found_rank[0] or rank
            signer.name = found_rank[1]
            signer.pieces.append(Piece(line))
            break
        elif role is None and not title and not chain and _role(text):
            role = _role(text)
            signer.pieces.append(Piece(line))
        elif is_capitals(text) and is_junk(text, earlier):
            misread += 1
            continue
        elif is_capitals(text):
            (title if _continues_title(line, title, other, last, marked=bool(chain or role))
             else other).append(line)
            signer.pieces.append(Piece(line))
        else:
            continue
        earlier.append(text)
        last = line
    if not title and other:
        # The title after a page break, or a minutes' function line.
        title, other = other[:1], other[1:]
    if title and other and _scribble(title, other[0]):
        title = other[:1]
    if not title and not signer.name:
        return None
    slips = 1.0
    if title:
        signer.title, slips = _title_text([ln.text for ln in title])
    elif role is not None:
        signer.title, role = role, None
    elif chain and chain[-1].startswith("Q"):
        signer.title = _authority(chain[-1])  # an acting head's title is "Q." and the position
    marks = [m for m in (_authority(raw) for raw in chain) if m]
    signer.authority = " / ".join(marks) if marks else role
    signer.rank = rank
    signer.certainty = (0.95 if signer.name and signer.title else
                        0.7 if signer.title or chain else 0.5) * slips
    return signer


def _field(signer: Signer) -> Field:
    return found(signer.value(), signer.pieces, certainty=signer.certainty)


def read_signers(sheet: Sheet) -> tuple[Field, Field]:
    """`signer` (the first, at the right) and `signers` (every signer, the right one first)."""
    main = main_column(sheet)
    first = read_column(main)
    if first is None:
        return ABSENT, ABSENT
    everyone = [first]
    below = first.pieces[-1].line
    for column in (side_column(sheet, main), centre_column(sheet, main, below)):
        other = read_column(column)
        if other is not None and other.name and (other.title or other.authority):
            everyone.append(other)
    pieces = [p for s in everyone for p in s.pieces]
    signers = found([s.value() for s in everyone], pieces,
                    certainty=min(s.certainty for s in everyone))
    return _field(first), signers


