"""Generated state legal metadata: a JSON Lines file of instruments as public databases give.

Every kind and issuer of Nghị định 30/2020 and the Party's numbering (…/NĐ-CP, …/QĐ-TTg,
…/TT-B…, …/QĐ-UBND, …/NQ-HĐND, …/QH15, …-QĐ/TW, …-KL/TW, …-QĐ/TU), numbered in order through
each year (or each Party term), with dates of effect, statuses and relations (replaced,
amended, repealed in whole or in part, some naming instruments the file lacks). The same seed
gives the same file. For the tests and `bench/registry.py`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

#: (symbol, kind, issuer, whether the number carries the year, weight).
_STATE: tuple[tuple[str, str, str, bool, int], ...] = (
    ("NĐ-CP", "Nghị định", "Chính phủ", True, 8),
    ("NQ-CP", "Nghị quyết", "Chính phủ", False, 4),
    ("QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", False, 10),
    ("QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", True, 3),
    ("CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", False, 2),
    ("QH15", "Luật", "Quốc hội", True, 1),
    ("UBTVQH15", "Nghị quyết", "Ủy ban Thường vụ Quốc hội", True, 1),
)
_MINISTRIES = (("BTC", "Bộ Tài chính"), ("BNG", "Bộ Ngoại giao"), ("BCA", "Bộ Công an"),
               ("BNV", "Bộ Nội vụ"), ("BYT", "Bộ Y tế"), ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
               ("BKHĐT", "Bộ Kế hoạch và Đầu tư"), ("BTTTT", "Bộ Thông tin và Truyền thông"),
               ("BCT", "Bộ Công Thương"), ("BTP", "Bộ Tư pháp"), ("BQP", "Bộ Quốc phòng"))
_PROVINCES = ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Quảng Ninh", "Nghệ An", "Thanh Hóa",
              "Khánh Hòa", "Lâm Đồng", "Bình Dương", "Đồng Nai", "Thừa Thiên Huế", "Bắc Ninh")
#: Party kinds: (type, kind, issuer, body).
_PARTY = (("QĐ", "Quy định", "Bộ Chính trị", "TW"), ("QĐ", "Quyết định", "Ban Bí thư", "TW"),
          ("CT", "Chỉ thị", "Ban Bí thư", "TW"), ("KL", "Kết luận", "Bộ Chính trị", "TW"),
          ("NQ", "Nghị quyết", "Ban Chấp hành Trung ương", "TW"),
          ("HD", "Hướng dẫn", "Ban Tổ chức Trung ương", "BTCTW"),
          ("QĐ", "Quyết định", "Tỉnh ủy", "TU"), ("KH", "Kế hoạch", "Tỉnh ủy", "TU"))
_TERMS = (2001, 2006, 2011, 2016, 2021)
_SUBJECTS = ("quản lý đoàn ra, đoàn vào", "chế độ công tác phí", "quản lý hộ chiếu công vụ",
             "tổ chức hội nghị quốc tế", "công tác lễ tân nhà nước", "quản lý tài sản công",
             "thi đua, khen thưởng", "cải cách thủ tục hành chính", "văn thư, lưu trữ",
             "phòng, chống tham nhũng", "quản lý ngân sách", "tuyển dụng công chức")
FIRST_YEAR, LAST_YEAR = 1998, 2025


def _day(day: date, rng: random.Random) -> str:
    return day.strftime("%d/%m/%Y") if rng.random() < 0.7 else day.isoformat()


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.numbers: dict[tuple[str, int], int] = {}
        self.families: dict[str, list[dict[str, Any]]] = {}
        self.outside = 0

    def _next(self, symbol: str, period: int) -> int:
        number = self.numbers.get((symbol, period), 0) + self.rng.randint(1, 3)
        self.numbers[(symbol, period)] = number
        return number

    def _state(self) -> tuple[str, str, str, date, str]:
        rng = self.rng
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        roll = rng.random()
        if roll < 0.45:
            symbol, kind, issuer, with_year, _ = rng.choices(_STATE, [s[4] for s in _STATE])[0]
        elif roll < 0.75:
            code, issuer = rng.choice(_MINISTRIES)
            kind, symbol, with_year = rng.choice((
                ("Thông tư", f"TT-{code}", True), ("Quyết định", f"QĐ-{code}", False),
                ("Thông tư liên tịch", f"TTLT-{code}-BNV", True)))
        else:
            province = rng.choice(_PROVINCES)
            kind, symbol, with_year, issuer = rng.choice((
                ("Quyết định", "QĐ-UBND", True, f"Ủy ban nhân dân tỉnh {province}"),
                ("Quyết định", "QĐ-UBND", False, f"Ủy ban nhân dân tỉnh {province}"),
                ("Chỉ thị", "CT-UBND", False, f"Ủy ban nhân dân tỉnh {province}"),
                ("Nghị quyết", "NQ-HĐND", True, f"Hội đồng nhân dân tỉnh {province}")))
            symbol = f"{symbol}#{province}"  # numbered per province; the mark is dropped below
        number = self._next(symbol, year)
        signed = date(year, 1, 1) + timedelta(days=min(364, number // 3 + rng.randint(0, 20)))
        shown = symbol.split("#")[0]
        ref = f"{number}/{year}/{shown}" if with_year else f"{number}/{shown}"
        return ref, kind, issuer, signed, f"{shown}|{issuer}|{kind}"

    def _party(self) -> tuple[str, str, str, date, str]:
        rng = self.rng
        type_, kind, issuer, body = rng.choice(_PARTY)
        term = rng.choice(_TERMS)
        if body == "TU":
            issuer = f"Tỉnh ủy {rng.choice(_PROVINCES)}"
        number = self._next(f"{type_}/{body}|{issuer}", term)
        signed = date(term, 2, 1) + timedelta(days=min(1700, number * 2 + rng.randint(0, 5)))
        return f"{number}-{type_}/{body}", kind, issuer, signed, f"{type_}/{body}|{issuer}"

    def instrument(self) -> dict[str, Any]:
        rng = self.rng
        ref, kind, issuer, signed, family = self._party() if rng.random() < 0.2 \
            else self._state()
        in_force = signed + timedelta(days=rng.choice((0, 0, 15, 30, 45, 60)))
        return {"so_ky_hieu": ref, "loai_van_ban": kind, "co_quan_ban_hanh": issuer,
                "ngay_ban_hanh": signed, "ngay_co_hieu_luc": in_force,
                "ngay_het_hieu_luc": None, "tinh_trang_hieu_luc": "Còn hiệu lực",
                "trich_yeu": f"{rng.choice(('Quy định', 'Hướng dẫn', 'Ban hành quy chế'))} "
                             f"{rng.choice(_SUBJECTS)}",
                "relations": [], "_family": family, "_touched": in_force}

    def relate(self, new: dict[str, Any]) -> None:
        """Perhaps make `new` replace, amend or repeal an earlier one of its family."""
        rng = self.rng
        pool = self.families.setdefault(new["_family"], [])
        roll = rng.random()
        # Only after whatever last changed it: the file's history runs forwards.
        older = [o for o in pool[-40:] if o["_touched"] < new["ngay_co_hieu_luc"]
                 and o["ngay_ban_hanh"] < new["ngay_ban_hanh"] and o["ngay_het_hieu_luc"] is None
                 ] if 0.03 <= roll <= 0.45 else []
        pool.append(new)
        if roll < 0.03:  # an instrument the file does not hold (each replaced once)
            self.outside += 1
            year, number = 1990 + self.outside // 500, self.outside % 500 + 1
            new["relations"].append(("Văn bản thay thế", {
                "so_ky_hieu": f"{number}/{year}/NĐ-CP",
                "ngay_ban_hanh": date(year, 1, 1) + timedelta(days=number * 360 // 501)}))
            return
        if roll > 0.45 or not older:
            return
        old = rng.choice(older)
        old["_touched"] = new["ngay_co_hieu_luc"]
        if roll < 0.25:
            what, back = "thay thế", "bị thay thế"
            old["ngay_het_hieu_luc"] = new["ngay_co_hieu_luc"]
            old["tinh_trang_hieu_luc"] = "Hết hiệu lực toàn bộ"
        elif roll < 0.38:
            what, back = "sửa đổi bổ sung", "bị sửa đổi bổ sung"
        else:
            what, back = "bãi bỏ", "bị bãi bỏ"
            if rng.random() < 0.5:
                old["tinh_trang_hieu_luc"] = "Hết hiệu lực một phần"
            else:
                old["ngay_het_hieu_luc"] = new["ngay_co_hieu_luc"]
                old["tinh_trang_hieu_luc"] = "Hết hiệu lực toàn bộ"
        new["relations"].append((f"Văn bản {what}", old))
        if rng.random() < 0.5:  # the database often records both directions
            old["relations"].append((f"Văn bản {back}", new))


def state_metadata(count: int = 100_000, seed: int = 23) -> Iterator[dict[str, Any]]:
    """`count` instruments as the JSON Lines file's objects, the same for the same seed."""
    gen = _Generator(seed)
    made: list[dict[str, Any]] = []
    refs: set[tuple[str, date]] = set()
    while len(made) < count:
        inst = gen.instrument()
        key = (inst["so_ky_hieu"], inst["ngay_ban_hanh"])
        if key in refs:
            continue
        refs.add(key)
        gen.relate(inst)
        made.append(inst)
    for inst in made:
        yield {
            "so_ky_hieu": inst["so_ky_hieu"], "loai_van_ban": inst["loai_van_ban"],
            "co_quan_ban_hanh": inst["co_quan_ban_hanh"],
            **{k: _day(inst[k], gen.rng) if inst[k] else None
               for k in ("ngay_ban_hanh", "ngay_co_hieu_luc", "ngay_het_hieu_luc")},
            "tinh_trang_hieu_luc": inst["tinh_trang_hieu_luc"], "trich_yeu": inst["trich_yeu"],
            "relations": [{"relationship": rel, "so_ky_hieu": other["so_ky_hieu"],
                           "ngay_ban_hanh": _day(other["ngay_ban_hanh"], gen.rng)}
                          for rel, other in inst["relations"]],
        }


def write_state_metadata(path: Path, count: int = 100_000, seed: int = 23) -> int:
    """Write the generated file; the number of instruments written."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for line in state_metadata(count, seed):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            written += 1
    return written
