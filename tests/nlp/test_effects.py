"""The effects an instrument states of itself (nlp/effects.py): clauses, generated decisions."""

from __future__ import annotations

import pytest

from nlp.citations import find_citations
from nlp.effects import read_effects
from nlp.sheet import Sheet
from tests.nlp.fakes import fake_extraction

OWN = "17/2024/QĐ-UBND"
ISSUED = "2024-03-11"


def _effects(*lines: str, doc_type: str | None = "Quyết định", issued: str | None = ISSUED):
    rows = [(text, 60.0, 100.0 + 18 * i) for i, text in enumerate(lines)]
    sheet = Sheet.from_extraction(fake_extraction({"body": rows}))
    citations = find_citations(sheet, own_ref=OWN)
    return read_effects(sheet, citations, doc_type=doc_type, doc_ref=OWN, issued=issued)


def _plain(effects):
    return [(e.kind, e.ref, e.part, e.date) for e in effects]


@pytest.mark.parametrize(("lines", "expected"), [
    (["Điều 3. Quyết định này có hiệu lực kể từ ngày ký."],
     [("takes_effect", OWN, None, ISSUED)]),
    (["Quyết định có hiệu lực thi hành từ ngày ký ban hành."],
     [("takes_effect", OWN, None, ISSUED)]),
    (["Quyết định này có hiệu lực thi hành kể từ ngày 15 tháng 4 năm 2024."],
     [("takes_effect", OWN, None, "2024-04-15")]),
    (["Quyết định này có hiệu lực sau 45 ngày kể từ ngày ký."],
     [("takes_effect", OWN, None, "2024-04-25")]),
    (["Quyết định này có hiệu lực thi hành sau 10 ngày, kể từ ngày đăng Công báo."],
     [("takes_effect", OWN, None, None)]),
    (["Quyết định này có hiệu lực từ ngày 02/5/2024 và thay thế Quyết định số",
      "08/2019/QĐ-UBND ngày 04 tháng 3 năm 2019 của Ủy ban nhân dân tỉnh về việc ban hành",
      "Quy chế quản lý đoàn ra."],
     [("takes_effect", OWN, None, "2024-05-02"),
      ("replaces", "08/2019/QĐ-UBND", None, "2024-05-02")]),
    (["2. Quyết định này thay thế Quyết định số 21/2016/QĐ-TTg ngày 09 tháng 5 năm 2016",
      "của Thủ tướng Chính phủ về quản lý hộ chiếu và Quyết định số 33/2018/QĐ-TTg ngày",
      "12/8/2018 của Thủ tướng Chính phủ sửa đổi, bổ sung một số điều của Quyết định số",
      "21/2016/QĐ-TTg ngày 09 tháng 5 năm 2016."],
     [("replaces", "21/2016/QĐ-TTg", None, None), ("replaces", "33/2018/QĐ-TTg", None, None)]),
    (["Điều 2. Bãi bỏ Điều 7 của Thông tư số 12/2017/TT-BNV ngày 30/6/2017 của Bộ Nội vụ."],
     [("repeals", "12/2017/TT-BNV", "Điều 7", None)]),
    (["Bãi bỏ khoản 2 Điều 4 và Điều 9 Quyết định số 5/2020/QĐ-UBND ngày 03/02/2020."],
     [("repeals", "5/2020/QĐ-UBND", "khoản 2 Điều 4 và Điều 9", None)]),
    (["Điều 1. Sửa đổi, bổ sung một số điều của Quy chế tổ chức đoàn ra ban hành kèm theo",
      "Quyết định số 40/2020/QĐ-UBND ngày 23/11/2020 của Ủy ban nhân dân tỉnh."],
     [("amends", "40/2020/QĐ-UBND", None, None)]),
    (["Điều 1. Sửa đổi, bổ sung Điều 5 của Quyết định số 40/2020/QĐ-UBND ngày 23/11/2020.",
      "Điều 3. Quyết định này có hiệu lực kể từ ngày 01/4/2024."],
     [("amends", "40/2020/QĐ-UBND", "Điều 5", "2024-04-01"),
      ("takes_effect", OWN, None, "2024-04-01")]),
    (["Quyết định này có hiệu lực kể từ ngày ký. Quyết định số 77/2015/QĐ-UBND ngày",
      "01/9/2015 của Ủy ban nhân dân tỉnh hết hiệu lực kể từ ngày Quyết định này có hiệu lực."],
     [("takes_effect", OWN, None, ISSUED), ("repeals", "77/2015/QĐ-UBND", None, ISSUED)]),
    (["Bãi bỏ Quyết định số 3/2021/QĐ-UBND ngày 05/01/2021 kể từ ngày 01/01/2025."],
     [("repeals", "3/2021/QĐ-UBND", None, "2025-01-01")]),
    (["Quy định này có hiệu lực từ ngày ký, thay thế Quy định số 112-QĐi/TU ngày",
      "14/6/2019 của Ban Thường vụ Tỉnh ủy."],
     [("takes_effect", OWN, None, ISSUED), ("replaces", "112-QĐi/TU", None, ISSUED)]),
])
def test_clause_sentences_give_their_effects(lines, expected):
    assert _plain(_effects(*lines)) == expected


@pytest.mark.parametrize("lines", [
    ["Căn cứ Quyết định số 45/2016/QĐ-UBND ngày 12/4/2016 của Ủy ban nhân dân tỉnh về việc",
     "ban hành Quy chế quản lý đoàn ra, đoàn vào (thay thế Quyết định số 12/2010/QĐ-UBND);"],
    ["Căn cứ Nghị định số 09/2010/NĐ-CP ngày 08/02/2010 sửa đổi, bổ sung một số điều của",
     "Nghị định số 110/2004/NĐ-CP ngày 08/4/2004;"],
    ["Thực hiện Quyết định số 272-QĐ/TW ngày 21/01/2015 của Bộ Chính trị, Sở đề nghị",
     "bổ sung kinh phí cho đoàn công tác."],
    ["Quyết định số 295-QĐ/TW ngày 23/3/2010 đã hết hiệu lực; đề nghị các cơ quan",
     "áp dụng Quyết định số 272-QĐ/TW ngày 21/01/2015."],
])
def test_a_letter_that_only_cites_states_no_effect(lines):
    assert _effects(*lines, doc_type="Công văn") == []
    assert [e for e in _effects(*lines) if e.kind != "takes_effect"] == []


def test_a_clause_keeps_its_page_box_and_words():
    effects = _effects("Điều 2. Bãi bỏ Điều 7 của Thông tư số 12/2017/TT-BNV ngày 30/6/2017.")
    (effect,) = effects
    assert effect.page == 1 and effect.bbox is not None
    assert effect.text is not None and effect.text.startswith("Bãi bỏ")
    assert "12/2017/TT-BNV" in effect.text
    assert effect.to_dict()["kind"] == "repeals"


# --- generated instruments, read end to end -------------------------------------------------

SEEDS = range(1, 21)


def _form(seed: int) -> str:
    return ("state", "party")[seed % 2]


def _read(data: bytes):
    from api.pipeline import understand
    from extract.pipeline import extract_bytes

    return understand(extract_bytes(data, name="x.pdf")).document


def _key(effect: dict) -> tuple:
    return (effect["kind"], effect["ref"], effect["part"], effect["date"])


def _clause_box(truth, clause: str, page: int) -> tuple[float, float, float, float]:
    """The union of the truth words printing `clause` on `page` (the first run of them)."""
    from extract.model import union

    tokens = [t.rstrip(".,;:") for t in clause.split()]
    words = [(p.number, w) for p in truth for i, w in enumerate(p.words)
             if not (i == 0 and p.number > 1 and w.text.isdigit())]  # a later page's number
    for i in range(len(words) - len(tokens) + 1):
        run = words[i:i + len(tokens)]
        if [w.text.rstrip(".,;:") for _, w in run] == tokens:
            return union(w.bbox for n, w in run if n == page)
    raise AssertionError(f"clause not printed: {clause}")


def _covers(outer, inner, slack: float) -> bool:
    return (outer[0] <= inner[0] + slack and outer[1] <= inner[1] + slack
            and outer[2] >= inner[2] - slack and outer[3] >= inner[3] - slack)


def test_generated_decisions_read_their_effects_with_clause_boxes():
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    exact = total = 0
    for seed in SEEDS:
        letter = compose(seed, effects=_form(seed))
        data, truth = render(letter)
        doc = _read(data)
        gold = letter.gold["effects"]
        assert {e["kind"] for e in gold} >= {"takes_effect", "repeals"}
        read = {_key(e): e for e in doc["effects"]}
        total += len(gold)
        for want in gold:
            got = read.get(_key(want))
            if got is None:
                continue
            box = _clause_box(truth, str(want["clause"]), got["page"])
            if _covers(got["bbox"], box, 1.5) and _covers(box, got["bbox"], 1.5):
                exact += 1
        assert len(doc["effects"]) <= len(gold) + 1, (seed, doc["effects"])
    assert exact / total >= 0.95, (exact, total)


def test_an_instrument_replacing_one_and_repealing_another_yields_both():
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    letter = compose(3, effects="state")  # the "dated" closing: a day, replaces, repeals
    doc = _read(render(letter)[0])
    kinds = sorted(e["kind"] for e in doc["effects"])
    assert kinds == ["repeals", "replaces", "takes_effect"]
    own = next(e for e in doc["effects"] if e["kind"] == "takes_effect")
    assert own["ref"] == letter.gold["doc_ref"]
    assert all(e["date"] == own["date"] for e in doc["effects"])


def test_letters_that_are_no_instrument_state_no_effect():
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    for letter in (compose(5001, trip="request"), compose(5002, trip="request"), compose(11)):
        assert letter.gold["effects"] == []
        doc = _read(render(letter)[0])
        assert doc["effects"] == [], letter.key


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 8])
def test_a_scanned_decision_reads_its_effects(seed):
    from corpus.synth.build import scanned
    from corpus.synth.compose import compose
    from corpus.synth.scan import ScanStyle

    letter = compose(seed, effects=_form(seed))
    data, truth = scanned(letter, ScanStyle(dpi=200), seed=seed)
    doc = _read(data)
    assert sorted(map(_key, doc["effects"])) == sorted(map(_key, letter.gold["effects"]))
    for effect in doc["effects"]:
        want = next(g for g in letter.gold["effects"] if _key(g) == _key(effect))
        box = _clause_box(truth, str(want["clause"]), effect["page"])
        assert _covers(effect["bbox"], box, 6.0), (effect, box)


@pytest.mark.parametrize(("lines", "expected"), [
    (["Hướng dẫn này thay thế Hướng dẫn số 14-HD/BTGTU, ngày 02-3-2020 của Ban Tuyên giáo;",
      "được phổ biến đến các chi bộ và thực hiện kể từ ngày ký."],
     [("replaces", "14-HD/BTGTU", None, ISSUED), ("takes_effect", OWN, None, ISSUED)]),
    (["Điều 4. Quyết định này có hiệu lực thi hành kê từ ngày ký."],  # "kể" as OCR reads it
     [("takes_effect", OWN, None, ISSUED)]),
])
def test_other_writings_of_the_day_it_takes_effect(lines, expected):
    assert _plain(_effects(*lines, doc_type="Hướng dẫn")) == expected


def test_the_contract_lists_effects_and_older_results_without_them_still_validate():
    import jsonschema

    from api.contract import schema
    from corpus.synth.compose import compose
    from corpus.synth.render import render

    stating = _read(render(compose(4, effects="party"))[0])
    plain = _read(render(compose(12))[0])
    assert stating["effects"] and plain["effects"] == []
    for doc in (stating, plain):
        jsonschema.validate(doc, schema())
    older = {k: v for k, v in stating.items() if k != "effects"}
    jsonschema.validate(older, schema())
    broken = dict(stating, effects=[dict(stating["effects"][0], kind="annuls")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema())
