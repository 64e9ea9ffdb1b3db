"""Every bad input through one `congvan extract` run, under a 6 GB memory cap.

One process reads them all, one after the other: each file gets its line (its error code, or
its pages and warnings), and a file that breaks its reader never takes the command down with it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import jsonschema

from api.contract import schema
from extract.limits import Limits
from tests.badinputs.table import LIMIT_S, TABLE, padded

CAP = 6 * 1024**3


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def test_every_bad_input_through_congvan_extract(tmp_path):
    paths = []
    for case in TABLE:
        path = tmp_path / case.name
        path.write_bytes(padded(case, Limits())[0])
        paths.append(path)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "api", "extract", *map(str, paths)],
                          capture_output=True, text=True, timeout=LIMIT_S * len(TABLE),
                          preexec_fn=_capped, check=False)
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr[-2000:]  # some files could not be read
    lines = done.stdout.splitlines()
    assert len(lines) == len(TABLE), done.stderr[-2000:]
    got, want = [], []
    for case, line in zip(TABLE, lines, strict=True):
        out = json.loads(line)
        jsonschema.validate(out, schema())
        assert out["file"]["name"] == case.name
        want.append((case.name, str(case.code) if case.code else None, case.pages,
                     sorted(case.warnings)))
        if "error" in out:
            assert out["error"]["message"]
            got.append((case.name, out["error"]["code"], (), []))
        else:
            got.append((case.name, None, tuple(p["number"] for p in out["pages"]),
                        sorted({w["code"] for w in out["warnings"]})))
    assert got == want
    assert elapsed < 10 * len(TABLE), f"{elapsed:.0f} s for {len(TABLE)} files"
