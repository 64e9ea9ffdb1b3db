"""The atheris fuzz target for the text-to-fields path, run a fixed number of times.

Seeds are the text of letters written by the project's generator; libFuzzer mutates them for a
fixed number of runs (from a fixed seed, so a run does the same work however busy the machine:
about 10 runs a second on a loaded 2-core machine). Any exception, schema violation or non-NFC
value fails the run and leaves the input that caused it in the test's folder. `make fuzz`
fuzzes for longer.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from corpus.synth.compose import compose
from corpus.synth.render import render
from extract.pipeline import extract_bytes

#: libFuzzer's runs, the seeds' own included.
RUNS = 1000


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    for seed in (3, 12, 40):
        text = extract_bytes(render(compose(seed))[0], name="seed.pdf").text
        (folder / f"letter-{seed}.txt").write_text(text, "utf-8")
    return folder


def test_the_target_accepts_every_seed(seeds):
    from fuzz.fields import check

    for path in sorted(seeds.iterdir()):
        check(path.read_text("utf-8"))  # raises on a broken property


def test_the_target_catches_a_broken_property(monkeypatch):
    from fuzz import fields

    monkeypatch.setattr(fields.contract, "document", lambda *steps: {"schema": "nope"})
    with pytest.raises(Exception, match="nope|required"):
        fields.check("Số: 12/UBND-VP")


def test_fuzzing_the_text_to_fields_path_finds_no_crash(seeds, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "fuzz.fields", f"-runs={RUNS}", "-seed=1", "-timeout=30",
         "-rss_limit_mb=4096", "-max_len=4096", f"-artifact_prefix={tmp_path}/", str(seeds)],
        capture_output=True, text=True, timeout=540, check=False)  # a hang, not a slow machine
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    tail = "\n".join(line for line in done.stderr.splitlines()
                     if not line.startswith("INFO: Instrumenting"))[-3000:]
    assert done.returncode == 0 and not crashes, tail
    ran = re.search(r"Done (\d+) runs", done.stderr)
    assert ran is not None and int(ran.group(1)) >= RUNS, tail  # every run done, none skipped
