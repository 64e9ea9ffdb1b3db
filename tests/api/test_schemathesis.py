"""The live service against its own OpenAPI schema: no 5xx, no answer outside the schema.

Run on a service holding processed letters (born-digital and scanned), whose ids (and page
numbers) schemathesis is given to use, so the routes of a document are reached, not only
their 404s (issue 21, 6).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from corpus.synth.build import scanned
from corpus.synth.compose import compose
from corpus.synth.render import render
from corpus.synth.scan import ScanStyle
from tests.api.live import finished, free_port, start

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"


def _config(path: Path, ids: list[str]) -> Path:
    """A schemathesis.toml that fills `ident` with the letters' ids, `number` with pages."""
    path.write_text(
        "[dictionaries.ids]\n"
        f"values = {json.dumps(ids)}\n"
        "[dictionaries.pages]\n"
        "values = [1, 2]\n"
        "[dictionaries.fields]\n"
        'values = ["doc_ref", "issued_date", "issuer", "subject"]\n'
        "[parameters]\n"
        '"path.ident" = { dictionary = "ids", probability = 0.9 }\n'
        '"path.number" = { dictionary = "pages", probability = 0.9 }\n'
        '"path.name" = { dictionary = "fields", probability = 0.5 }\n', "utf-8")
    return path


def _run(cli: str, config: Path | None, base: str, token: str, har: Path, *selection: str
         ) -> subprocess.CompletedProcess[str]:
    head = [cli] + (["--config-file", str(config)] if config else [])
    return subprocess.run(
        [*head, "run", f"{base}/openapi.json", "-H", f"Authorization: Bearer {token}",
         "-c", CHECKS, "-n", "25", "--request-timeout", "60", "--seed", "4",
         "--report", "har", "--report-har-path", str(har), *selection],
        capture_output=True, text=True, timeout=1200)


def _answered(har: Path) -> list[tuple[str, str, int]]:
    """(method, URL, status) of every request schemathesis made."""
    entries = json.loads(har.read_text("utf-8"))["log"]["entries"]
    return [(e["request"]["method"], e["request"]["url"], e["response"]["status"])
            for e in entries]


def _not_problems(har: Path) -> list[tuple[str, str, int, str]]:
    """Each error answer that is not an RFC 9457 problem of its own status (what it was)."""
    wrong = []
    for e in json.loads(har.read_text("utf-8"))["log"]["entries"]:
        status, content = e["response"]["status"], e["response"].get("content") or {}
        if status < 400:
            continue
        text = content.get("text") or ""
        if content.get("encoding") == "base64":
            text = base64.b64decode(text).decode("utf-8", "replace")
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        shaped = (content.get("mimeType", "").split(";")[0] == "application/problem+json"
                  and isinstance(body, dict)
                  and {"type", "title", "status", "detail", "code"} <= set(body)
                  and body["status"] == status and isinstance(body["detail"], str))
        if not shaped:
            wrong.append((e["request"]["method"], e["request"]["url"], status, text[:200]))
    return wrong


@pytest.mark.slow
def test_schemathesis_on_processed_letters_finds_no_server_error_and_no_schema_violation(
        tmp_path):
    port = free_port()
    proc, token = start(tmp_path / "data", port, tmp_path / "serve.log", workers=2)
    assert token
    base = f"http://127.0.0.1:{port}"
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert cli, "schemathesis is a dev dependency (make setup installs it)"
    letters = [render(compose(41))[0], render(compose(42))[0],
               scanned(compose(43), replace(ScanStyle(dpi=200)))[0]]
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                          timeout=60) as c:
            sent = c.post("/api/documents", files=[
                ("files", (f"thu-{i}.pdf", data, "application/pdf"))
                for i, data in enumerate(letters)])
            assert sent.status_code == 202, sent.text
            ids = [d["id"] for d in sent.json()["documents"]]
            bodies = [finished(c, ident, timeout=300) for ident in ids]
        assert [b["status"] for b in bodies] == ["done"] * 3, [b.get("error") for b in bodies]
        # Everything but deleting, with the letters' ids; then deleting, with made-up ones
        # (deleting the letters first would leave the other routes only their 404s).
        main = _run(cli, _config(tmp_path / "schemathesis.toml", ids), base, token,
                    tmp_path / "main.har", "--exclude-method", "DELETE")
        deleting = _run(cli, None, base, token, tmp_path / "delete.har",
                        "--include-method", "DELETE")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert main.returncode == 0, main.stdout[-6000:]
    assert deleting.returncode == 0, deleting.stdout[-4000:]
    answered = _answered(tmp_path / "main.har")
    assert not [a for a in answered if a[2] >= 500]
    # Every error answered, whatever was sent, is one problem shape (issue 22).
    assert any(a[2] >= 400 for a in answered)
    for har in ("main.har", "delete.har"):
        assert _not_problems(tmp_path / har) == [], har
    # The letters' own routes were reached and answered, not only refused as unknown.
    for ident in ids:
        assert any(ident in url and status == 200 for _, url, status in answered), ident
    # Each letter's routes were reached with its id (not answered "no such letter"): the
    # original and the audit read; the page routes found the letter (the run's own reprocessing
    # may have put it back in the queue for a while: 409, and a generated box may be refused).
    for route, ok in (("/original", lambda status: status == 200),
                      ("/audit", lambda status: status == 200),
                      ("/pages/1.png", lambda status: status != 404),
                      ("/region", lambda status: status != 404)):
        assert any(route in url and any(i in url for i in ids) and ok(status)
                   for _, url, status in answered), route
