"""Prometheus metrics, read from the database at each scrape (so every process agrees)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.store.db import Document, PageResult, Status, now

#: Upper bounds (seconds) of the processing-time histogram.
BUCKETS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0)


class _DatabaseCollector(Collector):
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def collect(self) -> Iterator[GaugeMetricFamily | HistogramMetricFamily]:
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
            page_jobs, page_seconds = session.execute(
                select(func.count(), func.coalesce(func.sum(PageResult.seconds), 0.0))
                .select_from(PageResult)).one()
        documents = GaugeMetricFamily("congvan_documents", "Documents by status",
                                      labels=["status"])
        for status in Status:
            documents.add_metric([status.value], by_status.get(status, 0))
        yield documents
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


def render_metrics(sessions: sessionmaker[Session]) -> bytes:
    """The metrics in Prometheus's text format."""
    registry = CollectorRegistry()
    registry.register(_DatabaseCollector(sessions))
    return bytes(generate_latest(registry))
