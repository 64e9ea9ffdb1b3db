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
    max_request_mb: int = 0  # 0: four uploads' worth
    cors_origins: tuple[str, ...] = ()  # none: cross-origin requests are refused by browsers
    queue: str = "embedded"  # "embedded": in-process workers; "celery": `congvan worker`s
    broker_url: str = "redis://127.0.0.1:6379/0"
    #: Seconds after which a task a dead worker held is delivered again (Redis broker).
    visibility_timeout: int = 3600
    #: An fsspec URL every machine shares for the originals (None: CONGVAN_DATA_DIR only).
    store_url: str | None = None

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
    def max_request_bytes(self) -> int:
        """The limit on a whole request body (all its files), enforced while it arrives."""
        return (self.max_request_mb or 4 * self.max_upload_mb) * 1024 * 1024

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
    max_request_mb = int(env.get("CONGVAN_MAX_REQUEST_MB") or 0)
    if workers < 1 or max_upload_mb < 1 or max_request_mb < 0:
        raise ValueError("CONGVAN_WORKERS, CONGVAN_MAX_UPLOAD_MB và CONGVAN_MAX_REQUEST_MB "
                         "phải là số dương")
    origins = tuple(o.strip() for o in (env.get("CONGVAN_CORS_ORIGINS") or "").split(",")
                    if o.strip())
    queue = (env.get("CONGVAN_QUEUE") or "embedded").strip().lower()
    if queue not in ("embedded", "celery"):
        raise ValueError(f"CONGVAN_QUEUE phải là 'embedded' hoặc 'celery', không phải {queue!r}")
    broker_url = env.get("CONGVAN_BROKER_URL") or "redis://127.0.0.1:6379/0"
    visibility = int(env.get("CONGVAN_VISIBILITY_TIMEOUT") or 3600)
    if visibility < 1:
        raise ValueError("CONGVAN_VISIBILITY_TIMEOUT phải là số dương")
    store_url = (env.get("CONGVAN_STORE_URL") or "").strip() or None
    return Settings(data_dir, database_url, workers, max_upload_mb, max_request_mb, origins,
                    queue, broker_url, visibility, store_url)
