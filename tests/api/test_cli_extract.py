"""`congvan extract`: one contract object per file, errors per file, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from api.contract import schema
from corpus.synth import hostile
from corpus.synth.build import scanned
from corpus.synth.compose import compose
from corpus.synth.scan import ScanStyle

CONGVAN = [sys.executable, "-m", "api"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONGVAN, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("letters")
    out = {
        "typed": folder / "typed.pdf",
        "scan": folder / "scan.pdf",
        "broken": folder / "broken.pdf",
        "encrypted": folder / "encrypted.pdf",
    }
    out["typed"].write_bytes(hostile.letter_pdf(5))
    out["scan"].write_bytes(scanned(compose(9), ScanStyle(dpi=200))[0])
    out["broken"].write_bytes(hostile.truncated_pdf())
    out["encrypted"].write_bytes(hostile.encrypted_pdf())
    return out


def test_good_files_give_contract_json_and_exit_zero(files):
    result = run("extract", str(files["typed"]), str(files["scan"]))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    for doc in docs:
        jsonschema.validate(doc, schema())
        assert doc["schema"] == "congvan/document@1"
        assert len(doc["file"]["sha256"]) == 64
    assert docs[0]["text_source"] == "text_layer" and docs[0]["ocr"]["pages"] == 0
    assert docs[1]["text_source"] == "ocr" and docs[1]["ocr"]["mean_confidence"] > 0.8


def test_a_bad_file_gets_its_error_and_the_others_go_on(files):
    result = run("extract", str(files["broken"]), str(files["typed"]), str(files["encrypted"]))
    assert result.returncode == 1
    docs = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [d.get("error", {}).get("code") for d in docs] == ["invalid_pdf", None,
                                                               "encrypted_pdf"]
    for doc in docs:
        jsonschema.validate(doc, schema())
    assert "mật khẩu" in docs[2]["error"]["message"]


def test_pretty_output_is_indented(files):
    result = run("extract", "--pretty", str(files["typed"]))
    assert result.returncode == 0
    assert result.stdout.startswith("{\n  ")
    jsonschema.validate(json.loads(result.stdout), schema())


def test_text_view_prints_regions_in_reading_order(files):
    result = run("extract", "--text", str(files["typed"]))
    assert result.returncode == 0
    out = result.stdout
    order = [out.index(f"--- {name} ---") for name in
             ("header-left", "header-right", "body", "footer-left", "signature")]
    assert order == sorted(order)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in out or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in out


def test_missing_file_is_reported():
    result = run("extract", "/nonexistent/letter.pdf")
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"]["code"] == "not_found"
