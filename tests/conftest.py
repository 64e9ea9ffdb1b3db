"""Shared fixtures: letters written by the project's own generator, made once per session."""

from __future__ import annotations

import re
import unicodedata

import pytest

from corpus.synth.build import legacy_pdf, mixed_pdf, scanned
from corpus.synth.compose import compose
from corpus.synth.render import TruthPage, render
from corpus.synth.scan import ScanStyle

BORN_DIGITAL_SEEDS = range(1, 41)
SCAN_SEEDS = (2, 5, 9, 14, 21, 30)


def fold(text: str) -> str:
    """NFC with whitespace folded: how OCR output is compared with the truth."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@pytest.fixture(scope="session")
def born_digital() -> list[tuple[int, bytes, list[TruthPage]]]:
    return [(seed, *render(compose(seed))) for seed in BORN_DIGITAL_SEEDS]


@pytest.fixture(scope="session")
def born_digital_read(born_digital):
    from extract.pipeline import extract_bytes

    return [(seed, extract_bytes(data, name=f"{seed}.pdf"), truth)
            for seed, data, truth in born_digital]


@pytest.fixture(scope="session")
def grey_scans_200dpi() -> list[tuple[int, bytes, list[TruthPage]]]:
    return [(seed, *scanned(compose(seed), ScanStyle(dpi=200), seed=seed))
            for seed in SCAN_SEEDS]


@pytest.fixture(scope="session")
def grey_scans_200dpi_read(grey_scans_200dpi):
    """The 200 dpi grey scans as extract/ reads them (read once for every test that asks)."""
    from extract.pipeline import extract_bytes

    return [(seed, extract_bytes(data, name=f"{seed}.pdf"), truth)
            for seed, data, truth in grey_scans_200dpi]


@pytest.fixture(scope="session")
def legacy_letters() -> list[tuple[str, int, bytes, list[TruthPage]]]:
    return [(enc, seed, *legacy_pdf(compose(seed), enc))
            for enc in ("tcvn3", "vni") for seed in (3, 8, 15, 27)]


@pytest.fixture(scope="session")
def mixed_letter() -> tuple[bytes, list[TruthPage]]:
    seed = next(s for s in range(1, 200) if len(render(compose(s))[1]) == 2)
    return mixed_pdf(compose(seed))
