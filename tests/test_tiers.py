"""The tiers of the tests: what `make check` leaves out (tests/conftest.py's HEAVY) exists."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import HEAVY

ROOT = Path(__file__).resolve().parents[1]


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_every_heavy_file_and_test_named_exists():
    """A file moved or a test renamed would slip into `make check` unnoticed, slowing it."""
    missing = []
    for name in HEAVY:
        path, _, test = name.partition("::")
        exists = (ROOT / path).is_file() and (not test or test in _tests_in(ROOT / path))
        if not exists:
            missing.append(name)
    assert missing == []
