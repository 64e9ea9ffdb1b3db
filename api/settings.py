"""The service's configuration, from the environment (`CONGVAN_*`), one place for all of it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.limits import Limits


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
    #: What one file may cost to read (CONGVAN_MAX_PAGES, CONGVAN_OCR_TIMEOUT_S,
    #: CONGVAN_FILE_BUDGET_S, CONGVAN_RENDER_TIMEOUT_S); its bytes are the upload limit.
    max_pages: int = Limits.max_pages
    ocr_timeout_s: float = Limits.ocr_timeout_s
    file_budget_s: float = Limits.file_budget_s
    render_timeout_s: float = Limits.render_timeout_s
    #: The largest registry file an administrator may send (POST /api/registry), in MB: the
    #: state's metadata runs to 40 MB a 100,000 instruments.
    max_registry_mb: int = 200

    @property
    def limits(self) -> Limits:
        """The limits every reading, page image and region reading of the service keeps."""
        return Limits(max_bytes=self.max_upload_bytes, max_pages=self.max_pages,
                      ocr_timeout_s=self.ocr_timeout_s, file_budget_s=self.file_budget_s,
                      render_timeout_s=self.render_timeout_s)

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
    def max_registry_bytes(self) -> int:
        """The limit on a registry file sent to be imported, in bytes."""
        return self.max_registry_mb * 1024 * 1024

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is the embedded SQLite one."""
        return self.database_url.startswith("sqlite")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
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
    reading = {name: _positive(env, variable, kind, default) for name, variable, kind, default in (
        ("max_pages", "CONGVAN_MAX_PAGES", int, Limits.max_pages),
        ("ocr_timeout_s", "CONGVAN_OCR_TIMEOUT_S", float, Limits.ocr_timeout_s),
        ("file_budget_s", "CONGVAN_FILE_BUDGET_S", float, Limits.file_budget_s),
        ("render_timeout_s", "CONGVAN_RENDER_TIMEOUT_S", float, Limits.render_timeout_s),
        ("max_registry_mb", "CONGVAN_MAX_REGISTRY_MB", int, Settings.max_registry_mb))}
    return Settings(data_dir, database_url, workers, max_upload_mb, max_request_mb, origins,
                    queue, broker_url, visibility, store_url, **reading)


def _positive(env: Mapping[str, str], variable: str, kind: type[float] | type[int],
              default: float) -> Any:
    """A positive number from `variable`, else `default`; a clear error for anything else."""
    text = (env.get(variable) or "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise ValueError(f"{variable} phải là một số, không phải {text!r}") from None
    if value <= 0:
        raise ValueError(f"{variable} phải là số dương")
    return value
