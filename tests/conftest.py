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

#: Tests left out of `make check` (marked `heavy` here, in one place): a file, or one test of
#: it. They need a server, a browser, PostgreSQL or Redis, fuzz, or read many letters; the
#: seconds are their share of a `-m "not slow"` run on 2 workers. A test may also carry
#: `@pytest.mark.heavy` itself.
HEAVY = {
    "tests/web/test_inbox_page.py": "a browser and a running service, nine letters read",
    "tests/web/test_reviewer_pages.py": "a browser and a running service (253 s)",
    "tests/web/test_api_docs.py": "a browser and a running service (25 s)",
    "tests/web/test_letter_page.py": "a browser and a running service, three letters read",
    "tests/nlp/test_accuracy.py": "80 generated letters written and read (200 s)",
    "tests/extract/test_photo.py": "photos read with OCR; a scanned corpus looked at (139 s)",
    "tests/scale/test_celery.py": "Redis, PostgreSQL and Celery workers (115 s)",
    "tests/api/test_service.py": "the service on SQLite and PostgreSQL, letters read (113 s)",
    "tests/api/test_crash_safety.py": "PostgreSQL and a service killed mid-reading (101 s)",
    "tests/corpus/test_synth.py": "the generator's corpus written (86 s)",
    "tests/api/test_cli_extract.py": "the CLI run as a program on scans (70 s)",
    "tests/fuzz/test_fields_fuzz.py": "a thousand fuzzing runs (62 s)",
    "tests/badinputs/test_service.py": "every hostile file through a running service (60 s)",
    "tests/badinputs/test_extract.py": "every hostile file read (50 s)",
    "tests/badinputs/test_cli.py": "every hostile file through the CLI (43 s)",
    "tests/api/test_security.py": "a running service (30 s)",
    "tests/api/test_page_jobs.py": "scans read by a pool of page jobs (28 s)",
    "tests/api/test_schemathesis.py": "a running service fuzzed (14 s)",
    "tests/ingest/test_ingest.py": "a watched folder of many letters (10 s)",
    **{f"tests/extract/test_text_layer.py::{name}": "the 40 born-digital letters read (41 s)"
       for name in ("test_words_are_within_two_points_of_where_the_generator_put_them",
                    "test_page_text_comes_out_region_by_region_in_reading_order",
                    "test_two_column_header_is_not_interleaved",
                    "test_footer_has_distribution_on_the_left_and_signature_on_the_right",
                    "test_every_string_is_nfc")},
    "tests/rules/test_trips.py::test_a_restricted_period_flags_only_the_trips_inside_it":
        "12 letters read (18 s)",
    "tests/rules/test_trips.py::test_traps_are_read_right": "every trap's letter read (10 s)",
    "tests/rules/test_rules_stated.py::"
    "test_a_circular_states_two_rules_with_their_clauses_and_a_trip_request_none":
        "four letters read (12 s)",
    "tests/extract/test_legacy.py::test_legacy_pdfs_read_as_unicode":
        "eight legacy-font letters read (8 s)",
    "tests/scale/test_sweep.py::test_the_backlog_is_what_waits_in_the_redis_queue": "Redis",
    "tests/nlp/test_effects.py::test_generated_decisions_read_their_effects_with_clause_boxes":
        "20 generated instruments read (40 s)",
    "tests/corpus/test_evaluate_stated.py::"
    "test_generated_instruments_and_circulars_score_their_effects_and_rules":
        "eight generated letters read (15-30 s)",
}


def pytest_collection_modifyitems(config, items):
    """Mark `heavy` what HEAVY names."""
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        test = item.nodeid.split("[", 1)[0]
        if path in HEAVY or test in HEAVY:
            item.add_marker(pytest.mark.heavy)


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
