"""The words of a trip letter, in the several ways offices write them (corpus/synth/trip.py).

How a person is addressed (Ông/Bà, Đồng chí, Đ/c), how the head is marked in a member list,
the verb that tells the trip ("đi công tác tại", "sang làm việc tại", "sang làm việc với các
cơ quan đối tác tại", "đi làm việc tại") and how a date span is written (in full, or with the
month and year said once at its end). Each choice is drawn from the letter's own random source.
"""

from __future__ import annotations

import random
from datetime import date

Traveller = tuple[str, str, str]  # (Ông|Bà, name, title)
#: The verbs that tell a trip, before the countries (a request's first is "đoàn … đi").
TRIP_VERBS = ("đi công tác tại", "sang làm việc tại", "sang làm việc với các cơ quan đối tác tại",
              "đi làm việc tại")


#: Number words a size may carry in brackets: "gồm 05 (năm) đồng chí".
NUMBER_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")


def address(rng: random.Random) -> str:
    """How the letter addresses people: "sex" (Ông/Bà), "Đồng chí", "Đ/c", or "" (the name)."""
    return rng.choice(("sex", "sex", "Đồng chí", "Đ/c", ""))


def honorific(form: str, sex: str, *, inside: bool = False) -> str:
    """The word before a name: the person's Ông/Bà, or the letter's "Đồng chí"/"Đ/c".

    A letter listing bare names still writes Ông/Bà inside a sentence ("do ông …").
    """
    word = sex if form in ("sex", "") else form
    return word[0].lower() + word[1:] if inside else word


def size_words(rng: random.Random, size: int) -> str:
    """"gồm 05 đồng chí", sometimes with the number in words."""
    if size < len(NUMBER_WORDS) and rng.random() < 0.25:
        return f"gồm {size:02d} ({NUMBER_WORDS[size]}) đồng chí"
    return f"gồm {size:02d} đồng chí"


def led_words(rng: random.Random) -> str:
    """How the head leads: "làm Trưởng đoàn", sometimes "dẫn đầu"."""
    return "dẫn đầu" if rng.random() < 0.2 else "làm Trưởng đoàn"


def trip_verb(rng: random.Random) -> str:
    """The words that tell the trip, most often "đi công tác tại"."""
    return TRIP_VERBS[0] if rng.random() < 0.55 else rng.choice(TRIP_VERBS[1:])


def _vn(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def span_words(rng: random.Random, start: date, end: date) -> str:
    """"từ ngày … đến ngày …", the start in full or with what the end says left out."""
    pick = rng.random()
    if pick < 0.15 and (start.month, start.year) == (end.month, end.year):
        return f"từ ngày {start.day:02d} đến ngày {_vn(end)}"
    if pick < 0.3 and start.year == end.year:
        return f"từ ngày {start.day:02d}/{start.month:02d} đến ngày {_vn(end)}"
    if pick < 0.4:
        return (f"từ ngày {start.day:02d} tháng {start.month:02d} năm {start.year} đến ngày "
                f"{end.day:02d} tháng {end.month:02d} năm {end.year}")
    return f"từ ngày {_vn(start)} đến ngày {_vn(end)}"


def member_list(rng: random.Random, people: list[Traveller], form: str
                ) -> tuple[list[str], list[Traveller]]:
    """A request's list of the delegation, the head marked; and the members in printed order.

    The head (people[0]) is marked after the title (" - Trưởng đoàn", ", Trưởng đoàn",
    "(Trưởng đoàn)"), after the name ("Ông X (Trưởng đoàn), chức vụ") or by a "Trưởng đoàn:"
    label; when marked so, it may stand second.
    """
    mark = rng.choice((" - Trưởng đoàn", " - Trưởng đoàn", ", Trưởng đoàn", " (Trưởng đoàn)",
                       "label", "after name"))
    order = list(people)
    if mark in (", Trưởng đoàn", " (Trưởng đoàn)", "after name") and len(order) > 2 and \
            rng.random() < 0.4:
        order[0], order[1] = order[1], order[0]  # the head inside the list
    lines = []
    for i, (sex, name, title) in enumerate(order, 1):
        head = (sex, name, title) == people[0]
        end_mark = "." if i == len(order) else ";"
        named = f"{honorific(form, sex)} {name}" if form else name
        who = f"{named}, {title}"
        if head and mark == "label":
            lines.append(f"- Trưởng đoàn: {who}{end_mark}")
        elif head and mark == "after name":
            lines.append(f"- {named} (Trưởng đoàn), {title}{end_mark}")
        else:
            lines.append(f"- {who}{mark if head else ''}{end_mark}")
    return lines, [p for p in order if p != people[0]]
