"""The Celery sweep: which documents it sends again, and that it does not send them twice."""

from __future__ import annotations

from datetime import timedelta

from api.store.db import Document, make_engine, now, sessions
from api.store.migrate import upgrade
from api.worker import tasks


def test_the_sweep_sends_only_stranded_documents_and_each_once(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'congvan.db'}")
    upgrade(engine)
    factory = sessions(engine)
    old, fresh = now() - timedelta(hours=2), now()
    rows = {
        "queued-long-ago": ("queued", old, None),
        "queued-just-now": ("queued", fresh, None),
        "left-by-embedded": ("processing", old, None),  # no lease at all
        "lease-ended": ("processing", old, now() - timedelta(minutes=1)),
        "lease-running": ("processing", old, now() + timedelta(minutes=30)),
        "done-long-ago": ("done", old, None),
    }
    with factory.begin() as session:
        for i, (name, (status, touched, lease)) in enumerate(rows.items()):
            session.add(Document(id=name, sha256=f"{i:064x}", name=name, size=1,
                                 status=status, updated_at=touched, lease_until=lease))
    sent: list[str] = []
    monkeypatch.setattr(tasks, "submit", sent.append)  # a fake broker: records what is sent
    assert tasks.sweep(factory, quiet_for=3600) == 3
    assert sorted(sent) == ["lease-ended", "left-by-embedded", "queued-long-ago"]
    assert tasks.sweep(factory, quiet_for=3600) == 0  # sending touched them
    engine.dispose()


def test_while_tasks_wait_in_the_broker_nothing_is_sent_again(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'congvan.db'}")
    upgrade(engine)
    factory = sessions(engine)
    with factory.begin() as session:
        session.add(Document(id="queued-long-ago", sha256="0" * 64, name="x", size=1,
                             status="queued", updated_at=now() - timedelta(hours=2)))
    sent: list[str] = []
    monkeypatch.setattr(tasks, "submit", sent.append)  # a fake broker: records what is sent
    assert tasks.sweep(factory, quiet_for=3600, backlog=lambda: 40_000) == 0
    assert sent == []  # its task may only be waiting its turn in a long queue
    assert tasks.sweep(factory, quiet_for=3600, backlog=lambda: 0) == 1
    assert sent == ["queued-long-ago"]  # the queue drained and it is still queued: lost
    engine.dispose()


def test_the_backlog_is_what_waits_in_the_redis_queue():
    from dataclasses import replace

    from api.settings import load_settings
    from tests.broker import redis_url

    with redis_url() as url:
        tasks.configure(replace(load_settings({}), broker_url=url))
        with tasks.app.connection_for_write() as connection:
            connection.default_channel.client.delete(tasks.app.conf.task_default_queue)
        assert tasks.broker_backlog() == 0
        for i in range(3):
            tasks.app.send_task("congvan.process", args=[f"doc-{i}"])
        assert tasks.broker_backlog() == 3
        with tasks.app.connection_for_write() as connection:
            connection.default_channel.client.delete(tasks.app.conf.task_default_queue)
