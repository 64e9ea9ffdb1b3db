"""`congvan synth` and `congvan eval`: the generator's letters and accuracy against gold."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.lang import t


def synth(
    out: Annotated[Path, typer.Argument(metavar=t("THƯ-MỤC", "FOLDER"), help=t(
        "Thư mục ghi các văn bản vào.", "Folder to write the letters into."))],
    count: Annotated[int, typer.Option(help=t("Số văn bản.", "How many letters."))] = 20,
    seed: Annotated[int, typer.Option(help=t("Hạt giống đầu tiên.", "First seed."))] = 1,
    scans: Annotated[bool, typer.Option(help=t("Ghi thêm bản quét 200 dpi.",
                                                "Also write 200 dpi scans."))] = False,
    traps: Annotated[bool, typer.Option(help=t(
        "Thêm các văn bản cố ý làm hỏng quy tắc đơn giản.",
        "Add the letters made to break naive rules."))] = True,
    workers: Annotated[int, typer.Option(help=t("Số văn bản ghi cùng lúc.",
                                                "Letters written at once."))] = 1,
    trips: Annotated[int, typer.Option(help=t(
        "Ghi thêm chừng này văn bản về đoàn ra (tờ trình, quyết định, báo cáo) và các bẫy "
        "về đoàn ra.", "Also write this many trip letters (requests, decisions, reports) and "
        "the trip traps."))] = 0,
    born_digital: Annotated[bool, typer.Option(help=t(
        "Ghi các PDF gốc điện tử.", "Write the born-digital PDFs."))] = True,
    effects: Annotated[int, typer.Option(help=t(
        "Ghi thêm chừng này quyết định, quy định tự nêu hiệu lực (thay thế, bãi bỏ, sửa đổi).",
        "Also write this many decisions that state their own effects (replace, repeal, "
        "amend)."))] = 0,
    circulars: Annotated[int, typer.Option(help=t(
        "Ghi thêm chừng này công văn nêu quy định về đoàn ra (hạn chế, hạn báo cáo).",
        "Also write this many circulars stating trip rules (a restriction, a report "
        "deadline)."))] = 0,
) -> None:
    """Write the project's synthetic letters with their truth and gold fields."""
    from corpus.synth.build import write_corpus

    written = write_corpus(out, count=count, first_seed=seed, scans=scans, traps=traps,
                           workers=workers, trips=trips, born_digital=born_digital,
                           effects=effects, circulars=circulars, on_letter=progress_printer())
    typer.echo(t(f"{len(written)} tệp đã ghi vào {out}", f"{len(written)} files written to "
                 f"{out}"), err=True)


def progress_printer(every: float = 2.0) -> Callable[[int, int], None]:
    """A callback printing "written/total, time spent, time left" to stderr.

    A line at the start, at the end, and at most one every `every` seconds between.
    """
    from api.cli.ingest import clock

    started = time.monotonic()
    last = [-every]

    def show(written: int, total: int) -> None:
        now = time.monotonic()
        if 0 < written < total and now - last[0] < every:
            return
        last[0] = now
        spent = now - started
        left = spent / written * (total - written) if written else None
        typer.echo(t(f"{written}/{total} văn bản, đã chạy {clock(spent)}, còn {clock(left)}",
                     f"{written}/{total} letters, elapsed {clock(spent)}, left {clock(left)}"),
                   err=True)

    return show


def evaluate(
    folder: Annotated[Path, typer.Argument(metavar=t("THƯ-MỤC", "FOLDER"), help=t(
        "Các văn bản, mỗi văn bản có TÊN.gold.json bên cạnh.",
        "Letters with NAME.gold.json beside each."))],
    workers: Annotated[int, typer.Option(help=t("Số văn bản đọc cùng lúc.",
                                                "Letters read at once."))] = 1,
    as_json: Annotated[bool, typer.Option("--json", help=t(
        "In báo cáo dạng JSON.", "Print the report as JSON."))] = False,
    misses: Annotated[bool, typer.Option("--misses", help=t(
        "Liệt kê từng trường đọc sai.", "List each wrong field."))] = False,
) -> None:
    """Print field accuracy, per field and overall, against the gold files beside the letters."""
    from rich.console import Console
    from rich.table import Table

    from corpus.evaluate import evaluate as run
    from corpus.evaluate import labelled_files

    paths = labelled_files(folder)
    if not paths:
        typer.echo(t(f"Không có tệp nào có nhãn (*.gold.json) trong {folder}",
                     f"No labelled files (*.gold.json) in {folder}"), err=True)
        raise typer.Exit(2)
    rules_file = folder / "rules.yaml"
    if rules_file.is_file():
        typer.echo(t(f"Dùng quy định của bộ văn bản: {rules_file}",
                     f"Using the set's rules: {rules_file}"), err=True)
    report = run(paths, workers=workers, rules_file=rules_file if rules_file.is_file() else None)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=t(f"Độ chính xác trên {len(report.files)} văn bản",
                          f"Accuracy on {len(report.files)} letters"))
    table.add_column(t("trường", "field"))
    table.add_column(t("đúng", "right"), justify="right")
    table.add_column(t("tổng", "total"), justify="right")
    table.add_column(t("độ chính xác", "accuracy"), justify="right")
    for name, (right, total) in report.per_field().items():
        table.add_row(name, str(right), str(total), f"{right / total:.1%}")
    table.add_row(t("[b]toàn bộ[/b]", "[b]overall[/b]"), "", "",
                  f"[b]{report.accuracy():.1%}[/b]")
    console = Console()
    console.print(table)
    _print_citation_figures(console, report)
    _print_trip_figures(console, report)
    _print_effect_figures(console, report)
    if misses:
        for result in report.files:
            for name, (read, gold) in result.misses.items():
                console.print(t(f"{result.path}: {name}: đọc {read!r}, đúng là {gold!r}",
                                f"{result.path}: {name}: read {read!r}, gold {gold!r}"),
                              markup=False)
            if result.citations and result.citations[0] != result.citations[1]:
                read, gold = result.citations
                console.print(t(f"{result.path}: căn cứ thiếu {gold - read}, thừa {read - gold}",
                                f"{result.path}: citations missing {gold - read}, extra "
                                f"{read - gold}"),
                              markup=False)


def _print_citation_figures(console: Any, report: Any) -> None:
    """Citations found and flags raised against the gold, when the gold has them."""
    from rich.table import Table

    counts = report.citation_counts()
    if not counts.gold:
        return
    table = Table(title=t("Văn bản được dẫn (căn cứ) và cảnh báo", "Citations and flags"))
    for column in ("", t("đúng", "right"), t("tìm được", "found"), t("nhãn", "gold"),
                   t("độ chính xác (P)", "precision"), t("độ phủ (R)", "recall"), "F1"):
        table.add_column(column, justify="right" if column else "left")
    codes = sorted({x[0] for f in report.files if f.flags for x in f.flags[0] | f.flags[1]})
    rows = [(t("căn cứ", "citations"), counts)] + [(c, report.flag_counts(c)) for c in codes]
    for name, c in rows:
        table.add_row(name, str(c.tp), str(c.found), str(c.gold), f"{c.precision:.3f}",
                      f"{c.recall:.3f}", f"{c.f1:.3f}")
    console.print(table)


def _print_trip_figures(console: Any, report: Any) -> None:
    """Delegation accuracy per part and rule flags' precision and recall, for trip letters."""
    from rich.table import Table

    from corpus.evaluate import RULE_CODES

    parts = report.delegation_fields()
    if len(parts) <= 1:
        return
    table = Table(title=t("Đoàn công tác", "Delegation"))
    for number, column in enumerate((t("phần", "part"), t("đúng", "right"), t("tổng", "total"),
                                     t("độ chính xác", "accuracy"))):
        table.add_column(column, justify="left" if number == 0 else "right")
    for name, (right, total) in parts.items():
        table.add_row(name, str(right), str(total), f"{right / total:.1%}")
    table.add_row(t("[b]toàn bộ[/b]", "[b]overall[/b]"), "", "",
                  f"[b]{report.delegation_accuracy():.1%}[/b]")
    console.print(table)
    rules = Table(title=t("Cảnh báo theo quy định về đoàn ra", "Flags from the trip rules"))
    for column in ("", t("đúng", "right"), t("tìm được", "found"), t("nhãn", "gold"),
                   t("độ chính xác (P)", "precision"), t("độ phủ (R)", "recall")):
        rules.add_column(column, justify="right" if column else "left")
    for code in RULE_CODES:
        c = report.rule_counts(code)
        if c.gold or c.found:
            rules.add_row(code, str(c.tp), str(c.found), str(c.gold), f"{c.precision:.3f}",
                          f"{c.recall:.3f}")
    console.print(rules)


def _print_effect_figures(console: Any, report: Any) -> None:
    """Effects and trip rules the letters state of themselves, against the gold."""
    from rich.table import Table

    from corpus.evaluate import EFFECT_KINDS

    rows = [(kind, report.effect_counts(kind)) for kind in EFFECT_KINDS]
    rows += [(t("[b]mọi hiệu lực[/b]", "[b]all effects[/b]"), report.effect_counts()),
             (t("quy định tự nêu", "rules stated"), report.rule_statement_counts())]
    if not any(c.gold or c.found for _, c in rows):
        return
    table = Table(title=t("Hiệu lực và quy định văn bản tự nêu", "Effects and rules stated"))
    for column in ("", t("đúng", "right"), t("tìm được", "found"), t("nhãn", "gold"),
                   t("độ chính xác (P)", "precision"), t("độ phủ (R)", "recall"), "F1"):
        table.add_column(column, justify="right" if column else "left")
    for name, c in rows:
        table.add_row(name, str(c.tp), str(c.found), str(c.gold), f"{c.precision:.3f}",
                      f"{c.recall:.3f}", f"{c.f1:.3f}")
    console.print(table)
