"""Circulars that state trip rules: a Party body restricts delegations and sets a report time.

A Party body's Công văn or Thông báo (laid out as Hướng dẫn 36-HD/VPTW has it) states a
restricted period ("từ nay đến khi …", "từ nay đến hết ngày …", "kể từ ngày … đến ngày …") and
a time to report after a trip ("chậm nhất 15 ngày làm việc kể từ khi nhập cảnh về nước …"),
in the project's own words, with variants. The gold `rules_stated` is worked out here from
what was written; its `scope` is filled in by the composer from the letter's recipients.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SUBJECTS = ("hạn chế cử đoàn đi công tác nước ngoài trong thời gian chuẩn bị bầu cử",
            "tăng cường quản lý việc đi nước ngoài của cán bộ, đảng viên")
EVENTS = ("hoàn thành cuộc bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp",
          "kết thúc đại hội đảng bộ các cấp")
#: Sentences that state no rule: an order to carry out, and a "báo cáo" with no trip in it.
PLAIN = ("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị quán triệt và thực hiện nghiêm nội dung "
         "Công văn này.",
         "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị kịp thời phản ánh về Văn "
         "phòng để tổng hợp, báo cáo Thường trực.")


@dataclass(frozen=True)
class CircularPlan:
    """What a rule-stating circular says: its subject, its paragraphs, the rules it states."""

    subject: str
    paragraphs: list[str]
    rules_stated: list[dict[str, Any]]


def _vn(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _restriction(rng: random.Random, issued: date) -> tuple[str, dict[str, Any]]:
    end = issued + timedelta(days=rng.randrange(40, 120))
    way = rng.randrange(3)
    if way == 0:  # the end is an event: no day
        sentence = (f"Từ nay đến khi {rng.choice(EVENTS)}, hạn chế việc cử các đoàn đi công "
                    "tác nước ngoài và việc cán bộ, đảng viên ra nước ngoài vì việc riêng, trừ "
                    "trường hợp được cử tham gia đoàn của cơ quan Trung ương.")
        start, until = issued, None
    elif way == 1:
        sentence = ("Các cơ quan, đơn vị hạn chế tổ chức các đoàn đi công tác nước ngoài từ "
                    f"nay đến hết ngày {_vn(end)}; trường hợp thật cần thiết phải báo cáo và "
                    "được cấp có thẩm quyền đồng ý.")
        start, until = issued, end
    else:
        start = issued + timedelta(days=rng.randrange(3, 20))
        sentence = (f"Kể từ ngày {_vn(start)} đến ngày {_vn(end)}, hạn chế cử cán bộ, đảng "
                    "viên đi công tác nước ngoài, không tổ chức đoàn ra không thật sự cần thiết.")
        until = end
    gold = {"kind": "restricted_period", "start": start.isoformat(),
            "end": until.isoformat() if until else None, "days": None, "working_days": None}
    return sentence, gold


def _report(rng: random.Random, body: str) -> tuple[str, dict[str, Any]]:
    way = rng.randrange(3)
    if way == 0:
        days, working = 15, True
        sentence = ("Chậm nhất 15 ngày làm việc kể từ khi nhập cảnh về nước, trưởng đoàn và "
                    "cán bộ đi nước ngoài phải báo cáo bằng văn bản kết quả chuyến đi với "
                    f"Thường trực {body}.")
    elif way == 1:
        days, working = rng.choice((10, 15)), True
        sentence = ("Trưởng đoàn có trách nhiệm báo cáo kết quả chuyến công tác trong thời hạn "
                    f"{days} ngày làm việc kể từ ngày về nước.")
    else:
        days, working = 7, False
        sentence = ("Sau khi kết thúc chuyến công tác, trong vòng 07 ngày, đoàn phải gửi báo "
                    "cáo kết quả về cơ quan quản lý cán bộ.")
    return sentence, {"kind": "report_deadline", "start": None, "end": None, "days": days,
                      "working_days": working}


def plan_circular(rng: random.Random, *, issuer: str, issued: date) -> CircularPlan:
    """A circular stating a restricted period and a report time, with its gold statements."""
    restriction, restricted = _restriction(rng, issued)
    report, deadline = _report(rng, issuer)
    order = PLAIN[0] if rng.random() < 0.5 else PLAIN[0].replace("Công văn này", "văn bản này")
    paragraphs = [restriction, report, order, PLAIN[1]]
    stated = [{**restricted, "text": restriction}, {**deadline, "text": report}]
    return CircularPlan(rng.choice(SUBJECTS), paragraphs, stated)


def scope(recipients: list[str], distribution: list[str]) -> list[str]:
    """Whom a circular binds, as the reader gives it: "Kính gửi", else "Nơi nhận" less copies."""
    if recipients:
        return list(recipients)
    return [d for d in distribution if not d.startswith(("Như trên", "Lưu"))]
