"""Citation styles of real offices: references broken at a line end, typos, old forms, lists.

Each style adds to a composed letter a paragraph (or footnotes) citing instruments the way
real letters do, and the gold of every citation it prints: a reference whose symbol runs over
a line end after its hyphen ("…/NĐ-" + "CP"), a symbol typed without its hyphen, the old forms
of the 1990s ("…/CP", "…/UB", "…/QĐ-UB"), a list that repeats "số" without the kind, a long
"Căn cứ" list (some kinds with a word before their "số": "Thông báo kết luận số"), dates
printed away from the reference ("Ngày …, Sở X ban hành Kế hoạch số …", "… và số B cùng ngày …"),
instruments cited in footnotes, and a due date whose "trước ngày" ends a line.
The central instruments are the generator's own facts (cite.py); the local ones are numbered
here at random, dated before the letter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from corpus.synth import cite
from corpus.synth.compose import Block, Letter
from corpus.synth.fonts import font
from corpus.synth.render import COLUMNS
from corpus.synth.styles import style

#: The body's print: the size and face of body sentences, and the column they fill.
SIZE = 14.0
FACE = "regular"
WIDTH = COLUMNS["body"][1] - COLUMNS["body"][0] - 4.0

#: Local letters and instruments: (kind, symbol, issuer as printed after "của").
LOCAL_KINDS = (
    ("Quyết định", "QĐ-UBND", "Ủy ban nhân dân tỉnh"),
    ("Công văn", "UBND-KT", "Ủy ban nhân dân tỉnh"),
    ("Công văn", "UBND-VX", "Ủy ban nhân dân tỉnh"),
    ("Kế hoạch", "KH-UBND", "Ủy ban nhân dân tỉnh"),
    ("Tờ trình", "TTr-SNV", "Sở Nội vụ"),
    ("Báo cáo", "BC-STC", "Sở Tài chính"),
    ("Thông báo", "TB-VP", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Phương án", "PA-UBND", "Ủy ban nhân dân tỉnh"),
    ("Biên bản", "BB-STC", "Sở Tài chính"),
)
#: Words some kinds carry before their "số" ("Thông báo kết luận số …").
QUALIFIERS = {"Thông báo": "kết luận", "Công văn": "hỏa tốc", "Kế hoạch": "hành động"}
#: Old forms (before Nghị định 30/2020 and the decrees before it set today's): kind, symbol,
#: issuer as printed.
OLD_FORMS = (
    ("Nghị định", "CP", "Chính phủ"),
    ("Quyết định", "QĐ-UB", "Ủy ban nhân dân tỉnh"),
    ("Công văn", "UB", "Ủy ban nhân dân tỉnh"),
    ("Quyết định", "UB-QĐ", "Ủy ban nhân dân tỉnh"),
    ("Công văn", "Cty", "Công ty Xổ số kiến thiết"),
)


@dataclass(frozen=True)
class Mention:
    """One instrument as this module prints it, and its gold."""

    kind: str
    ref: str
    day: date | None
    issuer: str | None

    def gold(self, role: str, *, issuer: bool = True) -> dict[str, object]:
        """The corpus gold of the mention, with the issuer the reader can tell (or None)."""
        return {"ref": self.ref, "kind": self.kind,
                "date": self.day.isoformat() if self.day else None,
                "issuer": self.issuer if issuer else None, "role": role}


def _gold_list(letter: Letter, key: str) -> list[Any]:
    """A list of the letter's gold (empty when the gold holds none)."""
    value = letter.gold.get(key)
    return list(value) if isinstance(value, list) else []


def _letter_day(letter: Letter) -> date:
    """The first day the letter may be of (its gold date; the 1st for a month only)."""
    parts = [int(p) for p in str(letter.gold["issued_date"]).split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


def _when(day: date, rng: random.Random) -> str:
    """A date as letters print it after a reference."""
    pick = rng.random()
    if pick < 0.4:
        return f"ngày {day.day:02d}/{day.month:02d}/{day.year}"
    if pick < 0.7:
        return f"ngày {day.day}/{day.month}/{day.year}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _taken(letter: Letter) -> set[str]:
    """The references the letter already prints, and its own: never printed again here."""
    refs = {str(c["ref"]) for c in _gold_list(letter, "citations")}
    return refs | {str(letter.gold.get("doc_ref"))}


def _number(rng: random.Random, taken: set[str], symbol: str, year: int | None = None) -> str:
    """A fresh reference of `symbol` ("1234/UBND-KT", "12/2021/NQ-HĐND")."""
    while True:
        middle = f"{year}/" if year else ""
        ref = f"{rng.randrange(12, 4800)}/{middle}{symbol}"
        if ref not in taken:
            taken.add(ref)
            return ref


def _local(rng: random.Random, letter: Letter, taken: set[str], kinds: tuple[tuple[str, str, str],
           ...] = LOCAL_KINDS, *, before: date | None = None) -> Mention:
    """A local instrument dated some weeks before the letter (or before `before`)."""
    kind, symbol, issuer = rng.choice(kinds)
    day = (before or _letter_day(letter)) - timedelta(days=rng.randrange(4, 90))
    return Mention(kind, _number(rng, taken, symbol), day, issuer)


def _central(rng: random.Random, letter: Letter, count: int) -> list[cite.Cited]:
    """Instruments of the generator's facts in force on the letter's day, not cited yet."""
    on = _letter_day(letter)
    taken = _taken(letter)
    mentioned = {r for refs in cite.TITLE_MENTIONS.values() for _, r in refs}
    usable = [c for c in cite.CURRENT if c.signed < on and c.ref not in taken
              and c.ref not in mentioned and c.ref not in cite.TITLE_MENTIONS]
    return rng.sample(usable, min(count, len(usable)))


def set_lines(pieces: list[str], *, size: float = SIZE, face: str = FACE,
              width: float = WIDTH) -> tuple[str, ...]:
    """Lines of a paragraph, each piece starting a new line and wrapped to the column.

    A paragraph cut into pieces at a given point ("… Nghị định số 30/2020/NĐ-" | "CP …")
    prints the first piece's last word at a line's end, as Word wraps after a hyphen.
    """
    f = font(face)
    lines: list[str] = []
    for piece in pieces:
        current: list[str] = []
        for word in piece.split():
            trial = " ".join([*current, word])
            if current and f.text_length(trial, fontsize=size) > width:
                lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        if current:
            lines.append(" ".join(current))
    return tuple(lines)


def _first_sentence(letter: Letter) -> int:
    """Where the body's sentences start (the first justified body block)."""
    return next(i for i, b in enumerate(letter.blocks)
                if b.region == "body" and b.align == "justify")


def _body_end(letter: Letter) -> int:
    """Where the body ends: before the footer and the signature."""
    return next(i for i, b in enumerate(letter.blocks) if b.region in ("footer-left", "signature"))


def _paragraph(lines: tuple[str, ...]) -> Block:
    """A body paragraph whose lines are set as given."""
    return Block("body", lines, FACE, SIZE, align="left", space_before=6)


def _add(letter: Letter, at: int, blocks: list[Block], cited: list[dict[str, object]],
         **gold: object) -> Letter:
    """The letter with `blocks` set at `at` and `cited` added to its gold citations."""
    new = list(letter.blocks)
    if blocks and at < len(new) and new[at].region == "body":  # the gap stays above the first
        gap = max(new[at].space_before, blocks[0].space_before)
        new[at] = replace(new[at], space_before=blocks[0].space_before)
        blocks = [replace(blocks[0], space_before=gap), *blocks[1:]]
    new[at:at] = blocks
    citations = [*_gold_list(letter, "citations"), *cited]
    return replace(letter, blocks=new, gold={**letter.gold, "citations": citations, **gold})


def _broken(ref: str) -> tuple[str, str]:
    """A reference cut after its last hyphen ("30/2020/NĐ-", "CP")."""
    at = ref.rindex("-") + 1
    return ref[:at], ref[at:]


@style("citation_broken_after_hyphen")
def citation_broken_after_hyphen(letter: Letter, rng: random.Random) -> Letter:
    """References whose symbol runs over a line end after its hyphen, central and local."""
    taken = _taken(letter)
    central = _central(rng, letter, 1)
    local = _local(rng, letter, taken, tuple(k for k in LOCAL_KINDS if "-" in k[1]))
    head, tail = _broken(local.ref)
    pieces = [f"Căn cứ {local.kind} số {head}", f"{tail} {_when(local.day or date.min, rng)} "
              f"của {local.issuer};"]
    cited = [local.gold("basis")]
    for c in central:
        text, day, issuer = cite.written(c, rng)
        if "-" not in c.ref:
            continue
        head, tail = _broken(c.ref)
        at = text.index(c.ref)
        pieces[-1] += f" Căn cứ {text[:at]}{head}"
        pieces.append(f"{tail}{text[at + len(c.ref):]};")
        cited.append({"ref": c.ref, "kind": c.kind, "date": day.isoformat(), "issuer": issuer,
                      "role": "basis"})
    block = _paragraph(set_lines(pieces))
    return _add(letter, _first_sentence(letter), [block], cited)


@style("citation_missing_hyphen")
def citation_missing_hyphen(letter: Letter, rng: random.Random) -> Letter:
    """A decree's symbol typed without its hyphen ("…/NĐCP"), read as printed."""
    decrees = [c for c in _central(rng, letter, 12) if c.ref.endswith("/NĐ-CP")]
    if not decrees:
        return letter
    c = decrees[0]
    typed = c.ref.replace("NĐ-CP", "NĐCP")
    day = _when(c.signed, rng)
    sentence = f"Căn cứ {c.kind} số {typed} {day} của {c.issuer} về {c.title};"
    block = Block("body", (sentence,), FACE, SIZE, align="justify", wrap=True, indent=28,
                  space_before=6)
    gold: dict[str, object] = {"ref": typed, "kind": c.kind, "date": c.signed.isoformat(),
                               "issuer": c.issuer, "role": "basis"}
    return _add(letter, _first_sentence(letter), [block], [gold])


@style("citation_old_forms")
def citation_old_forms(letter: Letter, rng: random.Random) -> Letter:
    """Instruments of the 1990s in their old forms ("…/CP", "…/UB", "…/QĐ-UB", "…/Cty")."""
    taken = _taken(letter)
    chosen = rng.sample(OLD_FORMS, 3)
    parts: list[str] = []
    cited: list[dict[str, object]] = []
    for kind, symbol, issuer in chosen:
        day = date(rng.randrange(1992, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
        ref = _number(rng, taken, symbol)
        parts.append(f"{kind} số {ref} {_when(day, rng)} của {issuer}")
        cited.append(Mention(kind, ref, day, issuer).gold("basis"))
    sentence = "Căn cứ " + "; ".join(parts) + ";"
    block = Block("body", (sentence,), FACE, SIZE, align="justify", wrap=True, indent=28,
                  space_before=6)
    return _add(letter, _first_sentence(letter), [block], cited)


@style("citation_list_repeated_so")
def citation_list_repeated_so(letter: Letter, rng: random.Random) -> Letter:
    """A list that repeats "số" without the kind: "Công văn số A ngày …; số B ngày … và số C".

    Also "các Quyết định số A, B và C" (one kind for all, no "số" after the first), and a
    plural kind set before its items ("các Công văn của Ủy ban nhân dân tỉnh: số A …; số B …").
    """
    taken = _taken(letter)
    kind, symbol, issuer = rng.choice([k for k in LOCAL_KINDS if k[0] != "Quyết định"])
    on = _letter_day(letter)
    count = rng.randrange(3, 6)
    days = sorted(on - timedelta(days=rng.randrange(4, 200)) for _ in range(count))
    refs = [_number(rng, taken, symbol) for _ in range(count)]
    form = rng.choice(("repeated", "plural"))
    written = [f"số {r} {_when(d, rng)}" for r, d in zip(refs, days, strict=True)]
    joined = "; ".join(written[:-1]) + " và " + written[-1]
    if form == "repeated":
        first = f"Thực hiện {kind} {joined} của {issuer};"
    else:
        first = f"Thực hiện các {kind} của {issuer}: {joined};"
    decisions = [_number(rng, taken, "QĐ-UBND") for _ in range(3)]
    second = (f"căn cứ các Quyết định số {decisions[0]}, {decisions[1]} và {decisions[2]} "
              f"của Ủy ban nhân dân tỉnh, {letter.gold['issuer']} đề nghị các cơ quan, đơn vị "
              "triển khai thực hiện các nội dung sau.")
    block = Block("body", (f"{first} {second}",), FACE, SIZE, align="justify", wrap=True,
                  indent=28, space_before=6)
    # The last item of each list prints the issuer after it ("… và số C ngày … của …").
    cited = [Mention(kind, r, d, issuer).gold("basis", issuer=form == "repeated" and i == count - 1)
             for i, (r, d) in enumerate(zip(refs, days, strict=True))]
    cited += [Mention("Quyết định", r, None, "Ủy ban nhân dân tỉnh").gold("basis", issuer=i == 2)
              for i, r in enumerate(decisions)]
    return _add(letter, _first_sentence(letter), [block], cited)


@style("citation_long_basis_list")
def citation_long_basis_list(letter: Letter, rng: random.Random) -> Letter:
    """A long "Căn cứ" list in one paragraph: a dozen instruments joined by ";"."""
    taken = _taken(letter)
    central = _central(rng, letter, 5)
    items: list[str] = []
    cited: list[dict[str, object]] = []
    for c in central:
        if c.name:
            items.append(f"{c.kind} {c.name} số {c.ref}")
            cited.append({"ref": c.ref, "kind": c.kind, "date": None, "issuer": None,
                          "role": "basis"})
        else:
            items.append(f"{c.kind} số {c.ref} {_when(c.signed, rng)} của {c.issuer}")
            cited.append({"ref": c.ref, "kind": c.kind, "date": c.signed.isoformat(),
                          "issuer": c.issuer, "role": "basis"})
    for _ in range(rng.randrange(6, 10)):
        m = _local(rng, letter, taken)
        which = f" {QUALIFIERS[m.kind]}" if m.kind in QUALIFIERS and rng.random() < 0.5 else ""
        items.append(f"{m.kind}{which} số {m.ref} {_when(m.day or date.min, rng)} của "
                     f"{m.issuer}")
        cited.append(m.gold("basis"))
    order = list(range(len(items)))
    rng.shuffle(order)
    sentence = "Căn cứ " + "; ".join(items[i] for i in order) + ";"
    block = Block("body", (sentence,), FACE, SIZE, align="justify", wrap=True, indent=28,
                  space_before=6)
    return _add(letter, _first_sentence(letter), [block], [cited[i] for i in order])


@style("citation_dated_apart")
def citation_dated_apart(letter: Letter, rng: random.Random) -> Letter:
    """Dates printed away from the reference.

    Said first ("Ngày …, Sở X ban hành Kế hoạch số …"), or once for a list ("… Quyết định số A
    và số B cùng ngày …").
    """
    taken = _taken(letter)
    on = _letter_day(letter)
    said = on - timedelta(days=rng.randrange(5, 60))
    kind, symbol, issuer = rng.choice([k for k in LOCAL_KINDS if k[2].startswith("Sở")])
    ref = _number(rng, taken, symbol)
    verb = rng.choice(("đã có", "đã ban hành", "có", "ban hành"))
    lead = rng.choice(("Ngày", "Đến ngày"))
    first = (f"{lead} {_when(said, rng).removeprefix('ngày ')}, {issuer} {verb} {kind} số {ref} "
             "về việc đề xuất nội dung triển khai.")
    shared = said - timedelta(days=rng.randrange(5, 60))
    pair = [_number(rng, taken, "QĐ-UBND") for _ in range(2)]
    second = (f"Các nội dung đã được phê duyệt tại Quyết định số {pair[0]} và số {pair[1]} "
              f"cùng {_when(shared, rng)} của Ủy ban nhân dân tỉnh.")
    blocks = [Block("body", (t,), FACE, SIZE, align="justify", wrap=True, indent=28,
                    space_before=6) for t in (first, second)]
    cited = [Mention(kind, ref, said, None).gold("reference"),
             *(Mention("Quyết định", r, shared, "Ủy ban nhân dân tỉnh").gold(
                 "reference", issuer=i == 1) for i, r in enumerate(pair))]
    return _add(letter, _body_end(letter), blocks, cited)


@style("citations_in_footnotes")
def citations_in_footnotes(letter: Letter, rng: random.Random) -> Letter:
    """Instruments cited in footnotes ("(2) Luật … số …; Nghị định số … của Chính phủ")."""
    central = _central(rng, letter, 3)
    if not central:
        return letter
    notes: list[Block] = []
    cited: list[dict[str, object]] = []
    first = 1 + sum(b.region == "footnote" for b in letter.blocks)
    for mark, c in enumerate(central, start=first):
        if c.name:
            text = f"({mark}) {c.kind} {c.name} số {c.ref}."
            cited.append({"ref": c.ref, "kind": c.kind, "date": None, "issuer": None,
                          "role": "reference"})
        else:
            text = f"({mark}) {c.kind} số {c.ref} {_when(c.signed, rng)} của {c.issuer}."
            cited.append({"ref": c.ref, "kind": c.kind, "date": c.signed.isoformat(),
                          "issuer": c.issuer, "role": "reference"})
        notes.append(Block("footnote", (text,), "italic", 10, align="left", wrap=True,
                           space_before=30 if mark == first else 4))
    marks = ", ".join(f"({m})" for m in range(first, first + len(central)))
    sentence = f"Nội dung trên phù hợp với các văn bản có liên quan {marks}."
    at = _body_end(letter)
    body = Block("body", (sentence,), FACE, SIZE, align="justify", wrap=True, indent=28,
                 space_before=6)
    out = _add(letter, at, [body], cited)
    return replace(out, blocks=[*out.blocks, *notes])


@style("deadline_over_line_break")
def deadline_over_line_break(letter: Letter, rng: random.Random) -> Letter:
    """A due date printed on the line after its "trước ngày" ("… trước ngày" + "05/10/2023")."""
    due = _letter_day(letter) + timedelta(days=rng.randrange(10, 40))
    lead = rng.choice(("trước ngày", "chậm nhất ngày", "trước"))
    written = rng.choice((f"{due.day:02d}/{due.month:02d}/{due.year}",
                          f"{due.day:02d} tháng {due.month:02d} năm {due.year}"))
    if lead == "trước":
        written = f"ngày {written}"
    pieces = [f"Đề nghị các cơ quan, đơn vị rà soát, tổng hợp và gửi kết quả về cơ quan "
              f"thường trực {lead}", f"{written} để theo dõi, tổng hợp."]
    block = _paragraph(set_lines(pieces))
    deadlines = [*_gold_list(letter, "deadlines"), due.isoformat()]
    return _add(letter, _body_end(letter), [block], [], deadlines=deadlines)
