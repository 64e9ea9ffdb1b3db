"""The closing articles of a generated instrument, with the gold `effects` a reader finds.

They say when it takes effect and what it replaces, repeals or amends.

A ministry's or province's Quyết định (Nghị định 30/2020) or a Party committee's Quy định
(Hướng dẫn 36-HD/VPTW). The other instruments are the same body's earlier ones, numbered and
dated at random before the letter. Each gold effect keeps its `clause`: the words, as printed,
its box must cover.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

#: The kinds of closing written: a stated day with a replaced and a repealed instrument; from
#: the signing day, replacing and repealing in one sentence; an amendment of one article.
VARIANTS = ("dated", "signing", "amends")


@dataclass(frozen=True)
class Closing:
    """The articles to print and the effects they state."""

    articles: list[str]
    effects: list[dict[str, object]]


def _words(d: date) -> str:
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def _numeric(d: date) -> str:
    return f"ngày {d.day:02d}/{d.month:02d}/{d.year}"


def _earlier(rng: random.Random, issued: date, *, kind: str, abbr: str, suffix: str,
             party: bool, taken: set[str]) -> tuple[str, str, date]:
    """An earlier instrument of the same body: its kind, ref and day."""
    while True:
        signed = issued - timedelta(days=rng.randrange(200, 365 * 9))
        number = rng.randrange(2, 240)
        ref = (f"{number}-{abbr}/{suffix}" if party
               else f"{number}/{signed.year}/{abbr}-{suffix.split('-')[0]}")
        if ref not in taken:
            taken.add(ref)
            return kind, ref, signed


def closing(rng: random.Random, *, own_kind: str, own_abbr: str, issuer: str, suffix: str,
            issued: date, party: bool, variant: str, first_article: int = 1) -> Closing:
    """The closing articles of an instrument of `own_kind` signed on `issued`, and its effects.

    `variant` is one of VARIANTS; the articles are numbered from `first_article`.
    """
    this = f"{own_kind} này"
    taken: set[str] = set()
    kind, old, old_day = _earlier(rng, issued, kind=own_kind, abbr=own_abbr, suffix=suffix,
                                  party=party, taken=taken)
    kind2, other, other_day = _earlier(rng, issued, kind=own_kind, abbr=own_abbr, suffix=suffix,
                                       party=party, taken=taken)
    written = (_words, _numeric)
    old_cited = f"{kind} số {old} {rng.choice(written)(old_day)}"
    other_cited = f"{kind2} số {other} {rng.choice(written)(other_day)}"
    topic = rng.choice(("quản lý các đoàn đi công tác nước ngoài",
                        "quản lý thống nhất hoạt động đối ngoại",
                        "tiếp đón khách nước ngoài", "quản lý hội nghị, hội thảo quốc tế"))
    n = first_article
    articles: list[str] = []
    effects: list[dict[str, object]] = []
    if variant == "amends":
        part = f"Điều {rng.randrange(3, 15)}"
        verb = rng.choice(("Sửa đổi, bổ sung", "Sửa đổi"))
        articles.append(f"Điều {n}. {verb} {part} của {old_cited} của {issuer} về {topic}.")
        effects.append({"kind": "amends", "ref": old, "part": part,
                        "clause": f"{verb} {part} của {old_cited}"})
        n += 1
    start = issued + timedelta(days=rng.randrange(10, 46))
    if variant == "signing":
        said = rng.choice(("kể từ ngày ký", "kể từ ngày ký ban hành", "từ ngày ký"))
        day = issued
    else:
        said = f"{rng.choice(('kể từ', 'từ'))} {rng.choice(written)(start)}"
        day = start
    takes = f"{this} có hiệu lực{rng.choice(('', ' thi hành'))} {said}"
    effects.insert(0, {"kind": "takes_effect", "ref": None, "part": None,
                       "date": day.isoformat(), "clause": takes})
    if variant == "signing":
        articles.append(f"Điều {n}. {takes} và thay thế {old_cited} của {issuer} về {topic}; "
                        f"bãi bỏ {other_cited} của {issuer}.")
        effects += [{"kind": "replaces", "ref": old, "part": None,
                     "clause": f"thay thế {old_cited}"},
                    {"kind": "repeals", "ref": other, "part": None,
                     "clause": f"bãi bỏ {other_cited}"}]
    elif variant == "dated":
        articles.append(f"Điều {n}. Hiệu lực thi hành")
        articles.append(f"1. {takes}.")
        articles.append(f"2. {this} thay thế {old_cited} của {issuer} về {topic}.")
        articles.append(f"3. Bãi bỏ {other_cited} của {issuer}.")
        effects += [{"kind": "replaces", "ref": old, "part": None,
                     "clause": f"thay thế {old_cited}"},
                    {"kind": "repeals", "ref": other, "part": None,
                     "clause": f"Bãi bỏ {other_cited}"}]
    else:
        part = f"Điều {rng.randrange(2, 9)}"
        articles.append(f"Điều {n}. {takes}. Bãi bỏ {part} của {other_cited} của {issuer}.")
        effects.append({"kind": "repeals", "ref": other, "part": part,
                        "clause": f"Bãi bỏ {part} của {other_cited}"})
    articles.append(f"Điều {n + 1}. Chánh Văn phòng và thủ trưởng các cơ quan, đơn vị có liên "
                    f"quan chịu trách nhiệm thi hành {this}.")
    for effect in effects:
        if effect["kind"] != "takes_effect":
            effect.setdefault("date", day.isoformat())
    return Closing(articles, effects)
