"""`congvan registry import FILE.jsonl` then `congvan extract`: a replaced instrument is flagged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from corpus.synth.compose import compose
from corpus.synth.render import render

#: The state's metadata says 272-QĐ/TW was replaced by a (made-up) 150-QĐ/TW from 01/06/2023.
STATE_METADATA = {
    "so_ky_hieu": "150-QĐ/TW", "loai_van_ban": "Quy định", "co_quan_ban_hanh": "Bộ Chính trị",
    "ngay_ban_hanh": "25/05/2023", "ngay_co_hieu_luc": "01/06/2023", "ngay_het_hieu_luc": None,
    "tinh_trang_hieu_luc": "Còn hiệu lực", "trich_yeu": "về quản lý đi nước ngoài",
    "relations": [{"relationship": "Văn bản thay thế", "so_ky_hieu": "272-QĐ/TW",
                   "ngay_ban_hanh": "21/01/2015"}],
}


def congvan(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONGVAN_DATA_DIR": str(data), "CONGVAN_LANG": "vi"}
    return subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True,
                          timeout=300, env=env)


def test_a_later_letter_relying_on_an_instrument_the_file_says_was_replaced(tmp_path) -> None:
    source = tmp_path / "csdl-quoc-gia.jsonl"
    source.write_text(json.dumps(STATE_METADATA, ensure_ascii=False) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    imported = congvan("registry", "import", str(source), data=data)
    assert imported.returncode == 0, imported.stderr
    assert "Đã nhập 1 văn bản" in imported.stdout
    letters = []
    for issued in (date(2024, 3, 12), date(2022, 3, 14)):
        pdf, _ = render(compose(12, issued=issued, cites=["272-QĐ/TW"], replaced_mention=False))
        letters.append(tmp_path / f"{issued.isoformat()}.pdf")
        letters[-1].write_bytes(pdf)
    result = congvan("extract", *map(str, letters), data=data)
    assert result.returncode == 0, result.stderr
    after, before = (json.loads(x) for x in result.stdout.strip().splitlines())
    [flag] = [f for f in after["flags"] if f["code"] == "superseded_citation"]
    assert flag["ref"] == "272-QĐ/TW"
    assert flag["evidence"]["replaced_by"] == ["150-QĐ/TW"]
    assert flag["evidence"]["since"] == "2023-06-01"  # the day the new one took effect
    assert flag["evidence"]["how"] == "secondary_source"
    assert flag["evidence"]["source"] == "csdl-quoc-gia.jsonl, dòng 1"
    assert flag["severity"] == "warning"  # a database's record, not the instruments' text
    [cited] = [c for c in after["citations"] if c["ref"] == "272-QĐ/TW"]
    assert cited["registry"]["status_on_date"] == "superseded"
    assert [f for f in before["flags"] if f["code"] == "superseded_citation"] == []


def test_a_letter_relying_on_an_amended_law_says_amended_as_information(tmp_path) -> None:
    """Luật 49/2019/QH14 was amended by Luật 23/2023/QH15 (the shipped registry): in force."""
    import jsonschema

    from api.contract import schema
    from api.pipeline import understand
    from extract.pipeline import extract_file

    pdf, _ = render(compose(14, issued=date(2024, 3, 12), cites=["49/2019/QH14"],
                            replaced_mention=False))
    path = tmp_path / "luat.pdf"
    path.write_bytes(pdf)
    doc = understand(extract_file(path)).document
    jsonschema.validate(doc, schema())
    [cited] = [c for c in doc["citations"] if c["ref"] == "49/2019/QH14"]
    assert cited["registry"]["status_on_date"] == "amended"
    assert cited["registry"]["amended_by"] == ["23/2023/QH15"]
    assert [f for f in doc["flags"] if f.get("ref") == "49/2019/QH14"
            and f["severity"] != "info"] == []
