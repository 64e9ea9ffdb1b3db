"""What a person types to look an instrument up, and what every door must answer on a date.

One table, run against `corpus.registry.lookup.find` and against every door that looks an
instrument up (`congvan registry check`, and the HTTP API and the pages when they call it).
The facts are the shipped registry's (corpus/registry/instruments.yaml, registry-facts.md).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import NamedTuple


class Case(NamedTuple):
    """A query on a date; the instrument it names (None: unknown) and its status then."""

    query: str
    on: date
    id: str | None
    status: str | None
    match: str | None = None
    #: The ids that replaced it, in order, to the one in force on the date.
    replaced_by: tuple[str, ...] = ()


AFTER_272 = date(2024, 3, 12)

CASES: list[Case] = [
    # QĐ 295 of 23/3/2010, replaced by 272-QĐ/TW from 21/01/2015 (Công văn 1170/VPCP-QHQT).
    Case("QĐ 295", AFTER_272, "295-QĐ/TW", "superseded", "short_form", ("272-QĐ/TW",)),
    Case("QĐ 295", date(2015, 1, 21), "295-QĐ/TW", "superseded", "short_form", ("272-QĐ/TW",)),
    Case("QĐ 295", date(2015, 1, 20), "295-QĐ/TW", "in_force", "short_form"),
    Case("QĐ 295", date(2012, 1, 1), "295-QĐ/TW", "in_force", "short_form"),
    Case("QD 295", AFTER_272, "295-QĐ/TW", "superseded", "short_form", ("272-QĐ/TW",)),
    Case("qđ số 295", AFTER_272, "295-QĐ/TW", "superseded", "short_form", ("272-QĐ/TW",)),
    Case("Quyết định 295", AFTER_272, "295-QĐ/TW", "superseded", "short_form", ("272-QĐ/TW",)),
    Case("295-QĐ/TW", AFTER_272, "295-QĐ/TW", "superseded", "exact", ("272-QĐ/TW",)),
    Case("295-QĐ/TW", date(2012, 1, 1), "295-QĐ/TW", "in_force", "exact"),
    Case(" 295 - QĐ / TW ", AFTER_272, "295-QĐ/TW", "superseded", "exact", ("272-QĐ/TW",)),
    # Quy chế 272: the rule QĐ 272-QĐ/TW issues, named by its alias; not issued before 2015.
    Case("Quy chế 272", AFTER_272, "272-QĐ/TW", "in_force", "short_form"),
    Case("quy che 272", AFTER_272, "272-QĐ/TW", "in_force", "short_form"),
    Case(unicodedata.normalize("NFD", "Quy chế 272"), AFTER_272, "272-QĐ/TW", "in_force",
         "short_form"),
    Case("Quy chế 272", date(2014, 1, 1), "272-QĐ/TW", "not_yet_issued", "short_form"),
    Case("272-QĐ/TW", date(2014, 1, 1), "272-QĐ/TW", "not_yet_issued", "exact"),
    # Party numbers restart every term: an id names one; a number or short form, the one of
    # the date; an undated 86-QĐ/TW before 2017 is an older 86 the registry lacks.
    Case("86-QĐ/TW@2017-06-01", AFTER_272, "86-QĐ/TW@2017-06-01", "in_force", "exact"),
    Case("86-QĐ/TW@2022-10-28", AFTER_272, "86-QĐ/TW@2022-10-28", "in_force", "exact"),
    Case("86-QĐ/TW", date(2019, 5, 1), "86-QĐ/TW@2017-06-01", "in_force", "exact"),
    Case("86-QĐ/TW", date(2024, 5, 1), "86-QĐ/TW@2022-10-28", "in_force", "exact"),
    Case("Quy định 86", date(2018, 1, 1), "86-QĐ/TW@2017-06-01", "in_force", "short_form"),
    Case("Quy định 86", date(2024, 1, 1), "86-QĐ/TW@2022-10-28", "in_force", "short_form"),
    Case("86-QĐ/TW", date(2012, 5, 1), None, None),
    # A number-symbol with its year names one instrument: before it was signed, it is found
    # and not yet issued (exactly, with its spaces, or as OCR prints it).
    Case("136/2007/NĐ-CP", date(2000, 1, 1), "136/2007/NĐ-CP", "not_yet_issued", "exact"),
    Case(" 136 / 2007 / NĐ-CP ", date(2000, 1, 1), "136/2007/NĐ-CP", "not_yet_issued",
         "exact"),
    Case("136/2007/ND-CP", date(2000, 1, 1), "136/2007/NĐ-CP", "not_yet_issued", "fuzzy"),
    Case("49/2019/QH14", date(2019, 1, 1), "49/2019/QH14", "not_yet_issued", "exact"),
    # Other short forms and aliases.
    Case("Chỉ thị 38", AFTER_272, "38-CT/TW", "in_force", "short_form"),
    Case("Chi thi 38", AFTER_272, "38-CT/TW", "in_force", "short_form"),
    Case("CT 21", AFTER_272, "21-CT/TW", "in_force", "short_form"),
    Case("Luật Xuất cảnh, nhập cảnh của công dân Việt Nam", AFTER_272, "49/2019/QH14",
         "amended", "short_form"),  # amended by Luật 23/2023/QH15
    Case("luat xuat canh, nhap canh cua cong dan viet nam", AFTER_272, "49/2019/QH14",
         "amended", "short_form"),  # amended by Luật 23/2023/QH15
    # References as OCR prints them.
    Case("295-QD/TW", AFTER_272, "295-QĐ/TW", "superseded", "fuzzy", ("272-QĐ/TW",)),
    Case("27Z-QD/TW", AFTER_272, "272-QĐ/TW", "in_force", "fuzzy"),
    Case("136/2007/ND-CP", date(2019, 1, 1), "136/2007/NĐ-CP", "in_force", "fuzzy"),
    # Other endings: a likely replacement (secondary source), an express repeal.
    Case("136/2007/NĐ-CP", date(2021, 1, 1), "136/2007/NĐ-CP", "superseded", "exact",
         ("49/2019/QH14",)),
    Case("09/2010/NĐ-CP", date(2021, 1, 1), "09/2010/NĐ-CP", "repealed", "exact"),
    Case("28/2005/QĐ-TTg", date(2013, 1, 1), "28/2005/QĐ-TTg", "superseded", "exact",
         ("67/2011/QĐ-TTg",)),
    # Unknown: not in the registry, and a fuzzy match never turns one ministry into another.
    Case("999-QĐ/TW", AFTER_272, None, None),
    Case("Quy chế 999", AFTER_272, None, None),
    Case("45/2011/TT-BTC", AFTER_272, None, None),
    Case("xin chào", AFTER_272, None, None),
]


def case_id(case: Case) -> str:
    """A readable pytest id: the query and the date."""
    return f"{case.query.strip()}@{case.on.isoformat()}"
