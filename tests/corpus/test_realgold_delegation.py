"""Scoring a read delegation against realdev-format gold (corpus/realgold.py)."""

from corpus.realgold import DELEGATION, delegation_marks, score

READ = {"head": {"name": "Vi Văn Quang", "title": "Giám đốc Sở Ngoại vụ"},
        "members": [{"name": "Chẩu Thị Mỷ", "title": "Chuyên viên"}],
        "countries": ["Lào"], "start": "2025-04-02", "end": "2025-04-05",
        "funding": {"kind": "foreign_partner", "text": "phía bạn"}}


def test_a_delegation_read_where_the_gold_has_none_is_wrong():
    assert delegation_marks(None, None) == {"present": True}
    assert delegation_marks(READ, None) == {"present": False}


def test_each_part_is_compared_as_the_gold_writes_it():
    gold = {"head": {"name": "Vi Văn Quang", "title": None},
            "members": [{"name": "Chẩu Thị Mỷ"}], "countries": ["Lào"],
            "start": "2025-04-02", "end": "2025-04-06", "funding": "foreign_partner"}
    marks = delegation_marks(READ, gold)
    assert set(marks) == {"present", *DELEGATION}
    assert {k for k, ok in marks.items() if not ok} == {"end"}
    office_only = delegation_marks({**READ, "head": {"name": None, "title": "Bí thư Huyện ủy"}},
                                   {**gold, "head": {"name": None, "title": "Bí thư Huyện ủy"}})
    assert office_only["head"]


def test_the_score_keeps_the_marks_and_the_misses():
    scored = score("x", "born-digital", {"fields": {}, "delegation": READ}, {"delegation": None})
    assert scored.delegation == {"present": False}
    assert scored.misses["delegation.present"] == (False, True)
