"""`congvan -v` / `-vv`: what each command does, logged to stderr (INFO, then DEBUG)."""

from __future__ import annotations

import logging
import sys
from typing import Any

from api.cli.lang import t

log = logging.getLogger("congvan.cli")


def setup_logging(verbosity: int) -> None:
    """Log to stderr: warnings only by default, INFO with -v, DEBUG with -vv."""
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 \
        else logging.DEBUG
    logging.basicConfig(level=level, stream=sys.stderr, force=True,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level > logging.DEBUG:  # Alembic's plugin set-up says nothing an operator needs
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def database_shown(url: str) -> str:
    """The database URL with its password hidden."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy cannot parse is shown as "?"
        return "?"


def log_service(settings: Any) -> None:
    """Say (at INFO) which database, data folder and queue the command works with."""
    log.info(t("cơ sở dữ liệu: %s; thư mục dữ liệu: %s; hàng đợi: %s",
               "database: %s; data folder: %s; queue: %s"),
             database_shown(settings.database_url), settings.data_dir, settings.queue)
    log.debug(t("số bộ xử lý: %d; tệp tải lên tối đa: %d MB; thư mục bản gốc: %s",
                "workers: %d; largest upload: %d MB; originals folder: %s"),
              settings.workers, settings.max_upload_mb, settings.originals)
