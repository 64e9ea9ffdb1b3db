"""The HTTP API (FastAPI): upload, status and the contract JSON, listing with filters.

Every route but /health, /ready and sign-in needs `Authorization: Bearer TOKEN` or a sign-in
session cookie (whose unsafe requests must echo the session's CSRF token in `X-CSRF-Token`);
what a role may do is checked route by route (uploader < reviewer < admin). A name from a
request never touches the filesystem: originals live under their SHA-256 digest.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api.http import allow, docs, problems
from api.http.deps import Service, first_admin
from api.http.limits import BodyLimit
from api.http.metrics import HttpMetrics, RequestMetrics
from api.http.problems import PROBLEMS
from api.http.routes import (
    desk,
    documents,
    ops,
    proposals,
    registry,
    review,
    session,
    thumbnails,
    views,
)
from api.http.timing import ServerTiming
from api.service import open_service
from api.settings import Settings, load_settings
from api.web import routes as web

log = logging.getLogger(__name__)


def prepare(settings: Settings | None = None) -> None:
    """The schema brought up to date and the first administrator made (a no-op after)."""
    opened = open_service(settings)
    try:
        first_admin(opened.sessions)
    finally:
        opened.close()


def served_app() -> FastAPI:
    """The application of each process of `congvan serve --processes N` (an import target)."""
    return create_app(workers=os.environ.get(SERVE_WORKERS, "1") != "0")


#: Set to "0" by `congvan serve --no-workers` for the processes it starts.
SERVE_WORKERS = "CONGVAN_SERVE_WORKERS"


def create_app(settings: Settings | None = None, *, workers: bool = True) -> FastAPI:
    """The application; `workers=False` leaves processing to someone else (tests, Celery)."""
    settings = settings or load_settings()
    holder: dict[str, Service] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = Service(settings, workers=workers)
        holder["service"] = service
        app.state.service = service
        # The ~200,000 objects loaded at start (FastAPI, SQLAlchemy, the NLP modules) are kept
        # out of the collector's sight: a full collection over them paused every request
        # for ~170 ms.
        gc.collect()
        gc.freeze()
        if service.leader:
            service.leader.run()
        try:
            yield
        finally:
            idle = service.workers.stop() if service.workers else True
            # Only once nothing is being read: another process would put back what is.
            # (Otherwise the lock goes with this process, when its readers have gone too.)
            if service.leader and idle:
                service.leader.release()
            service.engine.dispose()

    app = FastAPI(title="congvan", version="0.1",
                  description="Đọc công văn về đoàn ra, đoàn vào và chỉ ra chỗ sai.",
                  lifespan=lifespan, responses=PROBLEMS, docs_url=None, redoc_url=None)
    for router in (ops.router, documents.router, session.router, review.router,
                   proposals.router,  # before registry's /api/registry/{ident:path}
                   registry.router, desk.router, views.router, thumbnails.router):
        app.include_router(router)
    docs.install(app)
    web.mount(app)

    problems.install(app)
    allow.install(app)
    web.mount_fallback(app)  # last: any other page path is the 404 page

    app.add_middleware(BodyLimit, limit=settings.max_request_bytes,
                       paths={registry.IMPORT_PATH: settings.max_registry_bytes})
    app.add_middleware(ServerTiming)
    app.state.http_metrics = HttpMetrics()
    app.add_middleware(RequestMetrics, metrics=app.state.http_metrics)
    if settings.cors_origins:
        # Closed unless origins are named: only they may call the API from a browser.
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "X-CSRF-Token"])
    return app
