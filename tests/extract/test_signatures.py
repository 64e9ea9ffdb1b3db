"""A PDF's own digital signatures: who signed and when, and whether the file is still what was
signed. Letters are signed by the project's generator with a certificate made on the spot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jsonschema
import pytest

from api import contract
from api.pipeline import understand
from corpus.synth.compose import compose
from corpus.synth.render import render
from corpus.synth.sign import changed_after_signing, sign_pdf, tampered
from extract.pipeline import extract_bytes
from extract.sandbox import extract_paged_isolated
from nlp.read import read_letter

SIGNER = {"signer": "Trần Thị Bình", "organisation": "Văn phòng Tỉnh ủy Lào Cai",
          "email": "vanphong@laocai.dcs.vn"}


@pytest.fixture(scope="module")
def signed():
    before = datetime.now(UTC).replace(microsecond=0)
    letter = compose(3)  # no signature block printed on the page
    assert not letter.gold.get("e_signature")
    data = sign_pdf(render(letter)[0], **SIGNER)
    return data, before, datetime.now(UTC) + timedelta(seconds=1)


def test_who_signed_and_when_is_read_from_the_signature(signed):
    data, before, after = signed
    extraction = extract_bytes(data, name="ky.pdf")
    (signature,) = extraction.signatures
    assert (signature.signer, signature.organisation, signature.email) == (
        SIGNER["signer"], SIGNER["organisation"], SIGNER["email"])
    moment = datetime.fromisoformat(signature.time)
    assert moment.utcoffset() == timedelta(hours=7)  # on Vietnam's clock
    assert before <= moment <= after
    assert signature.intact and signature.last and extraction.warnings == ()
    field = read_letter(extraction).fields["e_signature"]
    assert field.value == {**SIGNER, "time": signature.time} and field.confidence == 1.0


def test_a_signed_file_changed_in_its_signed_part_is_reported(signed):
    extraction = extract_bytes(tampered(signed[0]), name="sua.pdf")
    assert [s.intact for s in extraction.signatures] == [False]
    assert [w.code for w in extraction.warnings] == ["signature_broken"]
    assert SIGNER["signer"] in extraction.warnings[0].message
    assert read_letter(extraction).fields["e_signature"].confidence == 0.3


def test_content_added_after_the_last_signature_is_reported(signed):
    extraction = extract_bytes(changed_after_signing(signed[0]), name="them.pdf")
    assert [(s.intact, s.last) for s in extraction.signatures] == [(True, False)]
    assert [w.code for w in extraction.warnings] == ["changed_after_signing"]


def test_the_signature_comes_through_the_isolated_page_path_and_the_contract(signed):
    extraction = extract_paged_isolated(tampered(signed[0]), name="sua.pdf")
    out = understand(extraction).document
    jsonschema.validate(out, contract.schema())
    assert out["fields"]["e_signature"]["value"]["signer"] == SIGNER["signer"]
    assert [w["code"] for w in out["warnings"]] == ["signature_broken"]


def test_a_printed_signature_block_wins_over_the_certificate():
    letter = compose(5)  # prints "Người ký / Email / Cơ quan / Thời gian ký"
    printed = letter.gold["e_signature"]
    extraction = extract_bytes(sign_pdf(render(letter)[0], **SIGNER), name="ky.pdf")
    field = read_letter(extraction).fields["e_signature"]
    assert field.value["signer"] == printed["signer"] and field.page is not None


def test_an_unsigned_letter_has_no_signatures():
    extraction = extract_bytes(render(compose(3))[0], name="thuong.pdf")
    assert extraction.signatures == () and extraction.warnings == ()


def test_many_updates_after_signing_are_judged_quickly(signed, tmp_path):
    """pyHanko's analysis of what each appended update changed grows with their square."""
    import time

    import pymupdf

    path = tmp_path / "nhieu.pdf"
    path.write_bytes(signed[0])
    for i in range(40):
        doc = pymupdf.open(path)
        doc.set_metadata({"subject": f"lần {i}"})
        doc.saveIncr()
        doc.close()
    started = time.monotonic()
    extraction = extract_bytes(path.read_bytes(), name="nhieu.pdf")
    assert time.monotonic() - started < 10
    assert [w.code for w in extraction.warnings] == ["changed_after_signing"]
