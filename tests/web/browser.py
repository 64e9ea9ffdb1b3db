"""What every browser test shares: Debian's chromium, its quiet flags, users made by the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHROMIUM = os.environ.get("CONGVAN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PASSWORD = "một mật khẩu đủ dài"
#: Chromium quietened for a machine with no network: no background calls home.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


def users(data: Path, *args: str) -> None:
    """`congvan users ARGS`, answering its password prompt (twice) with PASSWORD."""
    env = {**os.environ, "CONGVAN_DATA_DIR": str(data)}
    env.pop("CONGVAN_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "api", "users", *args],
                          input=f"{PASSWORD}\n{PASSWORD}\n", text=True,
                          capture_output=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
