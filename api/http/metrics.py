"""Prometheus metrics (the Prometheus client's names and conventions).

What the documents came to (by status, processed by outcome, flags by code, the queue) is read
from the database at each scrape, so every process agrees. HTTP requests (a count and a latency
histogram by method, route template and status) are counted by `RequestMetrics` in the process
that answers them; with `congvan serve --processes N`, each process counts its own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.store.db import Document, FlagIndex, PageResult, Status, now

#: Upper bounds (seconds) of the HTTP latency histogram.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: The route label of a request no route matched (its raw path is never a label).
UNMATCHED = "unmatched"


class HttpMetrics:
    """The HTTP request counters of one app, in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        labels = ("method", "route", "status")
        self.requests = Counter("congvan_http_requests", "HTTP requests answered",
                                labels, registry=self.registry)
        self.latency = Histogram("congvan_http_request_duration_seconds",
                                 "Seconds to answer an HTTP request", labels,
                                 buckets=HTTP_BUCKETS, registry=self.registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request."""
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route, str(status)).observe(seconds)


def route_template(scope: Scope) -> str:
    """The template of the route that answered ("/api/documents/{doc_id}"), not the raw path."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not isinstance(path, str) or not path or getattr(route, "name", None) == UNMATCHED:
        return UNMATCHED  # no route, or the pages' catch-all 404 (api/web/routes.py)
    if not hasattr(route, "endpoint"):  # a mount (static files): its prefix and the rest
        return path.rstrip("/") + "/{path}"
    return path


class RequestMetrics:
    """ASGI middleware counting each HTTP request in `HttpMetrics`."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request until its answer starts; count it once it is answered."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answer = {"status": 500, "seconds": 0.0}

        async def counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["seconds"] = time.perf_counter() - started
            await send(message)

        try:
            await self.app(scope, receive, counted)
        finally:
            seconds = answer["seconds"] or time.perf_counter() - started
            self.metrics.observe(scope["method"], route_template(scope), int(answer["status"]),
                                 float(seconds))

#: Upper bounds (seconds) of the processing-time histogram.
BUCKETS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0)


class _DatabaseCollector(Collector):
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def collect(self) -> Iterator[Metric]:
        with self.sessions() as session:
            by_status = dict(session.execute(
                select(Document.status, func.count()).group_by(Document.status)).all())
            pages = session.scalar(select(func.coalesce(func.sum(Document.pages), 0))
                                   .where(Document.status == Status.DONE))
            seconds: list[float] = [s for (s,) in session.execute(
                select(Document.processing_seconds)
                .where(Document.processing_seconds.is_not(None))).all() if s is not None]
            failures = dict(session.execute(
                select(Document.error_code, func.count()).where(Document.status == Status.FAILED)
                .group_by(Document.error_code)).all())
            oldest = session.scalar(select(func.min(Document.created_at))
                                    .where(Document.status == Status.QUEUED))
            flags = session.execute(
                select(FlagIndex.code, FlagIndex.severity, func.count())
                .group_by(FlagIndex.code, FlagIndex.severity)).all()
            page_jobs, page_seconds = session.execute(
                select(func.count(), func.coalesce(func.sum(PageResult.seconds), 0.0))
                .select_from(PageResult)).one()
        documents = GaugeMetricFamily("congvan_documents", "Documents by status",
                                      labels=["status"])
        for status in Status:
            documents.add_metric([status.value], by_status.get(status, 0))
        yield documents
        processed = CounterMetricFamily("congvan_documents_processed",
                                        "Documents processed, by outcome (done or failed)",
                                        labels=["outcome"])
        for outcome in (Status.DONE, Status.FAILED):
            processed.add_metric([outcome.value], by_status.get(outcome, 0))
        yield processed
        flagged = GaugeMetricFamily("congvan_flags", "Flags raised on the documents read, by "
                                    "code and severity", labels=["code", "severity"])
        for flag, severity, count in sorted(flags):
            flagged.add_metric([flag, severity], count)
        yield flagged
        yield GaugeMetricFamily("congvan_queue_depth", "Documents waiting to be read",
                                value=by_status.get(Status.QUEUED, 0))
        yield GaugeMetricFamily("congvan_pages_read", "Pages of the documents read",
                                value=int(pages or 0))
        failed = GaugeMetricFamily("congvan_failures", "Documents failed, by error code",
                                   labels=["code"])
        for code, count in sorted(failures.items(), key=lambda kv: str(kv[0])):
            failed.add_metric([code or "unknown"], count)
        yield failed
        if oldest is not None and oldest.tzinfo is None:  # SQLite keeps no time zone: UTC
            oldest = oldest.replace(tzinfo=UTC)
        yield GaugeMetricFamily("congvan_queue_oldest_seconds",
                                "How long the oldest queued document has waited",
                                value=(now() - oldest).total_seconds() if oldest else 0.0)
        yield GaugeMetricFamily("congvan_page_jobs", "Pages read by page jobs (Celery)",
                                value=int(page_jobs))
        yield GaugeMetricFamily("congvan_page_job_seconds", "Seconds spent in page jobs",
                                value=float(page_seconds))
        buckets = [(str(b), sum(s <= b for s in seconds)) for b in BUCKETS]
        buckets.append(("+Inf", len(seconds)))
        yield HistogramMetricFamily("congvan_processing_seconds", "Seconds to read a document",
                                    buckets=buckets, sum_value=sum(seconds))


def render_metrics(sessions: sessionmaker[Session], http: HttpMetrics | None = None) -> bytes:
    """The metrics in Prometheus's text format: the database's, then this process's HTTP ones."""
    registry = CollectorRegistry()
    registry.register(_DatabaseCollector(sessions))
    text = bytes(generate_latest(registry))
    if http is not None:
        text += bytes(generate_latest(http.registry))
    return text
