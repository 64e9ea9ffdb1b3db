"""100,000 generated instruments of state metadata: they merge, and a sample resolves right."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest

from corpus.registry.jsonl import parse_day, parse_jsonl
from corpus.registry.registry import Registry
from corpus.registry.relations import merge_records
from corpus.synth.statedata import state_metadata


def test_the_generator_is_deterministic_and_speaks_every_kind() -> None:
    first = list(state_metadata(2_000, seed=5))
    assert first == list(state_metadata(2_000, seed=5))
    assert first != list(state_metadata(2_000, seed=6))
    refs = " ".join(line["so_ky_hieu"] for line in first)
    for symbol in ("/NĐ-CP", "/QĐ-TTg", "/TT-B", "/QĐ-UBND", "/NQ-HĐND", "-QĐ/TW", "-KL/TW",
                   "-QĐ/TU", "/QH15"):
        assert symbol in refs
    assert any(line["relations"] for line in first)
    assert {line["tinh_trang_hieu_luc"] for line in first} >= {
        "Còn hiệu lực", "Hết hiệu lực toàn bộ", "Hết hiệu lực một phần"}


@pytest.mark.slow
def test_100k_instruments_merge_and_a_sample_resolves_to_its_own_line() -> None:
    lines = list(state_metadata(100_000, seed=23))
    text = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines)
    instruments: dict = {}
    merge_records(instruments, parse_jsonl(text, name="state.jsonl"), "state.jsonl")
    registry = Registry(instruments.values())
    assert len(registry) >= 100_000
    rng = random.Random(1)
    for number in rng.sample(range(len(lines)), 300):
        line = lines[number]
        signed = parse_day(line["ngay_ban_hanh"])
        found = registry.resolve(line["so_ky_hieu"], cited=signed)
        assert found is not None and found.match == "exact"
        assert (found.instrument.ref, found.instrument.signed) == (line["so_ky_hieu"], signed)
        assert found.instrument.sources[0].note == f"state.jsonl, dòng {number + 1}"
        for rel in line["relations"]:
            if rel["relationship"] != "Văn bản thay thế":
                continue
            old = registry.resolve(rel["so_ky_hieu"], cited=parse_day(rel["ngay_ban_hanh"]))
            assert old is not None
            later = (parse_day(line["ngay_co_hieu_luc"]) or signed) + timedelta(days=1)
            status = registry.status(old.instrument, later)
            assert status.state == "superseded" and found.instrument.id in status.chain
