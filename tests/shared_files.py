"""Where the shared real files are on this machine (never copied into the project)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def badinputs() -> Path:
    """The hostile files from other projects: `$CONGVAN_BADINPUTS`, else `../shared/badinputs`
    beside the checkout, else the workplace's `/work/shared/badinputs`."""
    if os.environ.get("CONGVAN_BADINPUTS"):
        return Path(os.environ["CONGVAN_BADINPUTS"])
    for base in (ROOT.parent, Path("/work")):
        if (base / "shared" / "badinputs").is_dir():
            return base / "shared" / "badinputs"
    return ROOT.parent / "shared" / "badinputs"
