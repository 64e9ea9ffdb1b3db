"""The service's configuration, from the environment (`CONGVAN_*`), one place for all of it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where data lives, which database, how many workers, how big an upload may be."""

    data_dir: Path
    database_url: str
    workers: int
    max_upload_mb: int

    @property
    def originals(self) -> Path:
        """The content-addressed store of uploaded files."""
        return self.data_dir / "originals"

    @property
    def page_images(self) -> Path:
        """Rendered page images, cached."""
        return self.data_dir / "pages"

    @property
    def max_upload_bytes(self) -> int:
        """The upload limit in bytes."""
        return self.max_upload_mb * 1024 * 1024

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is the embedded SQLite one."""
        return self.database_url.startswith("sqlite")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """The settings from the environment: the embedded default when nothing is set."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("CONGVAN_DATA_DIR") or "data").resolve()
    database_url = env.get("CONGVAN_DATABASE_URL") or f"sqlite:///{data_dir / 'congvan.db'}"
    workers = int(env.get("CONGVAN_WORKERS") or (os.cpu_count() or 1))
    max_upload_mb = int(env.get("CONGVAN_MAX_UPLOAD_MB") or 50)
    if workers < 1 or max_upload_mb < 1:
        raise ValueError("CONGVAN_WORKERS và CONGVAN_MAX_UPLOAD_MB phải là số dương")
    return Settings(data_dir, database_url, workers, max_upload_mb)
