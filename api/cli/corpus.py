"""`congvan synth` and `congvan eval`: the generator's letters and accuracy against gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    pass


def synth(
    out: Annotated[Path, typer.Argument(help="Folder to write the letters into.")],
    count: Annotated[int, typer.Option(help="How many letters.")] = 20,
    seed: Annotated[int, typer.Option(help="First seed.")] = 1,
    scans: Annotated[bool, typer.Option(help="Also write 200 dpi scans.")] = False,
    traps: Annotated[bool, typer.Option(help="Add the letters made to break naive rules.")]
    = True,
    workers: Annotated[int, typer.Option(help="Letters written at once.")] = 1,
    trips: Annotated[int, typer.Option(help="Also write this many trip letters (requests, "
                                       "decisions, reports) and the trip traps.")] = 0,
    born_digital: Annotated[bool, typer.Option(help="Write the born-digital PDFs.")] = True,
) -> None:
    """Write the project's synthetic letters with their truth and gold fields."""
    from corpus.synth.build import write_corpus

    written = write_corpus(out, count=count, first_seed=seed, scans=scans, traps=traps,
                           workers=workers, trips=trips, born_digital=born_digital)
    typer.echo(f"{len(written)} tệp đã ghi vào {out}", err=True)


def evaluate(
    folder: Annotated[Path, typer.Argument(help="Letters with NAME.gold.json beside each.")],
    workers: Annotated[int, typer.Option(help="Letters read at once.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="List each wrong field.")] = False,
) -> None:
    """Print field accuracy, per field and overall, against the gold files beside the letters."""
    from rich.console import Console
    from rich.table import Table

    from corpus.evaluate import evaluate as run
    from corpus.evaluate import labelled_files

    paths = labelled_files(folder)
    if not paths:
        typer.echo(f"Không có tệp nào có nhãn (*.gold.json) trong {folder}", err=True)
        raise typer.Exit(2)
    rules_file = folder / "rules.yaml"
    if rules_file.is_file():
        typer.echo(f"Dùng quy định của bộ văn bản: {rules_file}", err=True)
    report = run(paths, workers=workers, rules_file=rules_file if rules_file.is_file() else None)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Độ chính xác trên {len(report.files)} văn bản")
    table.add_column("trường")
    table.add_column("đúng", justify="right")
    table.add_column("tổng", justify="right")
    table.add_column("độ chính xác", justify="right")
    for name, (right, total) in report.per_field().items():
        table.add_row(name, str(right), str(total), f"{right / total:.1%}")
    table.add_row("[b]toàn bộ[/b]", "", "", f"[b]{report.accuracy():.1%}[/b]")
    console = Console()
    console.print(table)
    _print_citation_figures(console, report)
    _print_trip_figures(console, report)
    if misses:
        for result in report.files:
            for name, (read, gold) in result.misses.items():
                console.print(f"{result.path}: {name}: đọc {read!r}, đúng là {gold!r}",
                              markup=False)
            if result.citations and result.citations[0] != result.citations[1]:
                read, gold = result.citations
                console.print(f"{result.path}: căn cứ thiếu {gold - read}, thừa {read - gold}",
                              markup=False)


def _print_citation_figures(console: Any, report: Any) -> None:
    """Citations found and flags raised against the gold, when the gold has them."""
    from rich.table import Table

    counts = report.citation_counts()
    if not counts.gold:
        return
    table = Table(title="Văn bản được dẫn (căn cứ) và cảnh báo")
    for column in ("", "đúng", "tìm được", "nhãn", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column else "left")
    rows = [("căn cứ", counts)] + [(code, report.flag_counts(code)) for code in sorted(
        {x[0] for f in report.files if f.flags for x in f.flags[0] | f.flags[1]})]
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
    table = Table(title="Đoàn công tác (delegation)")
    for column in ("phần", "đúng", "tổng", "độ chính xác"):
        table.add_column(column, justify="left" if column == "phần" else "right")
    for name, (right, total) in parts.items():
        table.add_row(name, str(right), str(total), f"{right / total:.1%}")
    table.add_row("[b]toàn bộ[/b]", "", "", f"[b]{report.delegation_accuracy():.1%}[/b]")
    console.print(table)
    rules = Table(title="Cảnh báo theo quy định về đoàn ra")
    for column in ("", "đúng", "tìm được", "nhãn", "precision", "recall"):
        rules.add_column(column, justify="right" if column else "left")
    for code in RULE_CODES:
        c = report.rule_counts(code)
        if c.gold or c.found:
            rules.add_row(code, str(c.tp), str(c.found), str(c.gold), f"{c.precision:.3f}",
                          f"{c.recall:.3f}")
    console.print(rules)
