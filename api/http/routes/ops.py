"""Health, readiness and metrics."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from api.http.deps import Uploader, service_of
from api.http.metrics import render_metrics

log = logging.getLogger(__name__)
router = APIRouter()


@router.get("/health", tags=["ops"])
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/ready", tags=["ops"])
def ready(request: Request) -> JSONResponse:
    """Readiness: the database answers and the workers run."""
    service = service_of(request)
    leader = service.leader
    checks = {"database": False, "workers": leader is None or leader.elsewhere() or
              (service.workers is not None and service.workers.alive())}
    if service.dispatch is not None:
        from api.worker import tasks

        checks["broker"] = tasks.broker_ready()
    try:
        with service.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = True
    except Exception:  # noqa: BLE001 - readiness reports, it does not raise
        log.exception("database not ready")
    ok = all(checks.values())
    return JSONResponse({"status": "ready" if ok else "not_ready", **checks},
                        status_code=200 if ok else 503)


@router.get("/metrics", tags=["ops"], response_class=Response, responses={
    200: {"description": "Số đo theo định dạng văn bản của Prometheus",
          "content": {"text/plain": {"schema": {"type": "string"}}}}})
def metrics(request: Request, user: Uploader) -> Response:
    """Prometheus metrics: documents, outcomes, flags, the queue and HTTP requests.

    Documents by status and processed by outcome, flags by code, the queue, pages, processing
    seconds; HTTP requests by method, route template and status (this process's).
    """
    return Response(render_metrics(service_of(request).sessions,
                                   getattr(request.app.state, "http_metrics", None)),
                    media_type="text/plain; version=0.0.4")
