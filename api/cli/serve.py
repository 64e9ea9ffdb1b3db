"""`congvan serve` and `congvan worker`: the service and its Celery workers."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from api.cli.lang import t
from api.errors import EXIT_USAGE

# --- congvan serve, congvan users: the service (api/http/app.py) ---------------------------------


def serve(
    host: Annotated[str, typer.Option(help=t("Địa chỉ lắng nghe.", "Address to listen on."))
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=t("Cổng lắng nghe.", "Port to listen on."))] = 8000,
    workers: Annotated[bool, typer.Option(help=t(
        "Chạy bộ xử lý trong cùng tiến trình.", "Run the in-process workers."))] = True,
    processes: Annotated[int, typer.Option(
        min=1, envvar="CONGVAN_PROCESSES",
        help=t("Số tiến trình trả lời yêu cầu (một trong số đó chạy bộ xử lý).",
               "Processes answering requests (one of them runs the workers)."))] = 1,
) -> None:
    """Start the HTTP API (SQLite in CONGVAN_DATA_DIR and in-process workers by default)."""
    import uvicorn

    from api.cli.verbose import log_service
    from api.http.app import SERVE_WORKERS, create_app, prepare
    from api.logs import log_config
    from api.settings import load_settings

    log_service(load_settings())

    if processes == 1:
        uvicorn.run(create_app(workers=workers), host=host, port=port, log_config=log_config())
        return
    prepare()  # the schema and the first administrator, once, before the processes start
    os.environ[SERVE_WORKERS] = "1" if workers else "0"
    uvicorn.run("api.http.app:served_app", factory=True, host=host, port=port, workers=processes,
                log_config=log_config())


def worker(
    name: Annotated[str | None, typer.Option(help=t(
        "Tên của worker này (mặc định: tên máy).", "This worker's name (default: its host)."))
                    ] = None,
    loglevel: Annotated[str, typer.Option(help=t("Mức ghi nhật ký: DEBUG, INFO, WARNING…",
                                                 "Log level: DEBUG, INFO, WARNING…"))
                        ] = "INFO",
) -> None:
    """Run a Celery worker (CONGVAN_QUEUE=celery): the same processing as the embedded workers.

    One task at a time; run as many as there are cores, on as many machines as needed, all with
    the same CONGVAN_BROKER_URL, CONGVAN_DATABASE_URL and a shared CONGVAN_DATA_DIR.
    """
    from api.cli.verbose import log_service
    from api.settings import load_settings
    from api.worker.tasks import run_worker

    settings = load_settings()
    log_service(settings)
    if settings.queue != "celery":
        typer.echo(t("congvan worker cần CONGVAN_QUEUE=celery (và CONGVAN_BROKER_URL); với "
                     "mặc định, congvan serve tự có bộ xử lý.",
                     "congvan worker needs CONGVAN_QUEUE=celery (and CONGVAN_BROKER_URL); by "
                     "default, congvan serve has its own workers."), err=True)
        raise typer.Exit(EXIT_USAGE)
    run_worker(settings, name=name, loglevel=loglevel)
