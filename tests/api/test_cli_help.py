"""`congvan --help` and the command table load no reader: help answers at once on any machine.

Asserted by what is imported, never by a clock.
"""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from api.cli import app

#: What only the commands that read letters (or serve them) may load.
HEAVY = ("pymupdf", "pytesseract", "spacy", "underthesea", "numpy", "PIL", "sqlalchemy",
         "fastapi", "celery", "extract.pipeline", "nlp.pipeline", "corpus.registry.registry")


def test_the_command_line_loads_no_reader_before_a_command_runs():
    probe = ("import sys, api.cli; "
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_help_lists_every_command_group():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("extract", "synth", "eval", "ingest", "serve", "worker", "registry",
                    "rules", "users"):
        assert command in result.stdout
