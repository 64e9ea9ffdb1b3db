"""The `congvan` command line: one module per command group, registered here.

Each command imports what it needs when it runs, so `congvan --help` loads no reader. Every text
is in one language, Vietnamese unless CONGVAN_LANG=en (api/cli/lang.py).
"""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.lang import localize_click, t

localize_click()

from api.cli import corpus, extract, registry, registry_generate, serve, users  # noqa: E402, F401
from api.cli.ingest import ingest  # noqa: E402
from api.cli.rules import rules_app  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help=t("congvan: đọc công văn về đoàn ra, đoàn vào và chỉ ra chỗ sai.",
                         "congvan: reads Vietnamese official letters about official trips "
                         "abroad and shows what is wrong with them."))


@app.callback(help=t("congvan: đọc công văn về đoàn ra, đoàn vào và chỉ ra chỗ sai. "
                     "Ngôn ngữ: CONGVAN_LANG=vi (mặc định) hoặc en.",
                     "congvan: reads Vietnamese official letters about official trips abroad "
                     "and shows what is wrong with them. Language: CONGVAN_LANG=vi (default) "
                     "or en."))
def main(verbose: Annotated[int, typer.Option(
        "--verbose", "-v", count=True,
        help=t("Ghi ra stderr lệnh đang làm gì (-v); thêm chi tiết gỡ lỗi (-vv).",
               "Log to stderr what the command does (-v); debugging detail too (-vv)."))] = 0
         ) -> None:
    """Read Vietnamese official letters about official trips abroad."""
    from api.cli.verbose import setup_logging

    setup_logging(verbose)


app.command(help=t("In mỗi tệp thành một đối tượng JSON (congvan/document@1), mỗi dòng một tệp.",
                   "Print one JSON object per file (congvan/document@1), one per line."))(
    extract.extract)
app.command(help=t("Ghi các công văn mẫu của dự án cùng dữ liệu gốc và trường chuẩn.",
                   "Write the project's synthetic letters with their truth and gold fields."))(
    corpus.synth)
app.command("eval", help=t("In độ chính xác theo từng trường và toàn bộ, so với tệp nhãn "
                           "bên cạnh mỗi văn bản.",
                           "Print field accuracy, per field and overall, against the gold "
                           "files beside the letters."))(corpus.evaluate)
app.command("ingest", help=t("Đưa mọi văn bản trong THƯ-MỤC vào kho và cơ sở dữ liệu của dịch "
                             "vụ, rồi đọc chúng.",
                             "Take every letter under FOLDER into the service's store and "
                             "database, and read them."))(ingest)
app.command(help=t("Chạy dịch vụ HTTP (mặc định: SQLite trong CONGVAN_DATA_DIR và bộ xử lý "
                   "chạy cùng tiến trình).",
                   "Start the HTTP API (SQLite in CONGVAN_DATA_DIR and in-process workers "
                   "by default)."))(serve.serve)
app.command(help=t("Chạy một worker Celery (CONGVAN_QUEUE=celery): cùng cách xử lý như bộ xử "
                   "lý chạy cùng tiến trình.",
                   "Run a Celery worker (CONGVAN_QUEUE=celery): the same processing as the "
                   "embedded workers."))(serve.worker)
app.add_typer(registry.registry_app, name="registry")
app.add_typer(rules_app, name="rules")
app.add_typer(users.users_app, name="users")
