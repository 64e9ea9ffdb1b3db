"""The live service against its own OpenAPI schema: no 5xx, no answer outside the schema."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.api.live import free_port, start


def test_schemathesis_finds_no_server_error_and_no_schema_violation(tmp_path):
    port = free_port()
    proc, token = start(tmp_path / "data", port, tmp_path / "serve.log")
    assert token
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert cli, "schemathesis is a dev dependency (make setup installs it)"
    try:
        run = subprocess.run(
            [cli, "run", f"http://127.0.0.1:{port}/openapi.json",
             "-H", f"Authorization: Bearer {token}",
             "-c", "not_a_server_error,response_schema_conformance,status_code_conformance",
             "-n", "25", "--request-timeout", "30", "--seed", "4"],
            capture_output=True, text=True, timeout=600)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert run.returncode == 0, run.stdout[-4000:]
