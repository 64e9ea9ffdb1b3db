"""Prometheus metrics, read from the database at each scrape (so every process agrees)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.db import STATUSES, Document

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
                                   .where(Document.status == "done"))
            seconds: list[float] = [s for (s,) in session.execute(
                select(Document.processing_seconds)
                .where(Document.processing_seconds.is_not(None))).all() if s is not None]
        documents = GaugeMetricFamily("congvan_documents", "Documents by status",
                                      labels=["status"])
        for status in STATUSES:
            documents.add_metric([status], by_status.get(status, 0))
        yield documents
        yield GaugeMetricFamily("congvan_queue_depth", "Documents waiting to be read",
                                value=by_status.get("queued", 0))
        yield GaugeMetricFamily("congvan_pages_read", "Pages of the documents read",
                                value=int(pages or 0))
        buckets = [(str(b), sum(s <= b for s in seconds)) for b in BUCKETS]
        buckets.append(("+Inf", len(seconds)))
        yield HistogramMetricFamily("congvan_processing_seconds", "Seconds to read a document",
                                    buckets=buckets, sum_value=sum(seconds))


def render_metrics(sessions: sessionmaker[Session]) -> bytes:
    """The metrics in Prometheus's text format."""
    registry = CollectorRegistry()
    registry.register(_DatabaseCollector(sessions))
    return bytes(generate_latest(registry))
