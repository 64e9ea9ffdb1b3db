"""The `congvan` command line: extract letters, write the synthetic corpus."""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from api import contract
from api.errors import EXIT_UNREADABLE
from extract.errors import ExtractError
from extract.limits import Limits
from extract.sandbox import extract_path_isolated

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="congvan: đọc công văn về đoàn ra, đoàn vào và chỉ ra chỗ sai.")


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log to stderr.")] = False
         ) -> None:
    """Read Vietnamese official letters about official trips abroad."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _text_view(extraction_pages: list) -> str:
    out = []
    for page in extraction_pages:
        out.append(f"=== trang {page.number} ({page.source}, {page.encoding}) ===")
        for region in page.regions:
            out.append(f"--- {region.name} ---")
            out.extend(line.text for line in region.lines)
    return "\n".join(out)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF, PNG, JPEG or TIFF files.")],
    pretty: Annotated[bool, typer.Option("--pretty", help="Indent the JSON.")] = False,
    text: Annotated[bool, typer.Option("--text", help="Print each page's text by region.")]
    = False,
    timeout: Annotated[float | None, typer.Option(help="Seconds allowed per file.")] = None,
) -> None:
    """Print one JSON object per file (congvan/document@1), one per line."""
    limits = Limits()
    failed = 0
    for path in files:
        try:
            if not path.is_file():
                raise FileNotFoundError(path)
            extraction = extract_path_isolated(path, limits=limits, timeout=timeout)
        except FileNotFoundError:
            failed += 1
            print(json.dumps({"schema": contract.SCHEMA_ID, "file": {"name": path.name},
                              "error": {"code": "not_found",
                                        "message": f"Không tìm thấy tệp {path}."}},
                             ensure_ascii=False))
            continue
        except ExtractError as e:
            failed += 1
            data = path.read_bytes()
            out = contract.failure(name=path.name, error=e,
                                   sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            print(json.dumps(out, ensure_ascii=False, indent=2 if pretty else None))
            continue
        if text:
            print(_text_view(list(extraction.pages)))
            continue
        print(json.dumps(contract.document(extraction), ensure_ascii=False,
                         indent=2 if pretty else None))
    if failed:
        raise typer.Exit(EXIT_UNREADABLE)


@app.command()
def synth(
    out: Annotated[Path, typer.Argument(help="Folder to write the letters into.")],
    count: Annotated[int, typer.Option(help="How many letters.")] = 20,
    seed: Annotated[int, typer.Option(help="First seed.")] = 1,
    scans: Annotated[bool, typer.Option(help="Also write 200 dpi scans.")] = False,
    traps: Annotated[bool, typer.Option(help="Add the letters made to break naive rules.")]
    = True,
    workers: Annotated[int, typer.Option(help="Letters written at once.")] = 1,
) -> None:
    """Write the project's synthetic letters with their truth and gold fields."""
    from corpus.synth.build import write_corpus

    written = write_corpus(out, count=count, first_seed=seed, scans=scans, traps=traps,
                           workers=workers)
    typer.echo(f"{len(written)} tệp đã ghi vào {out}", err=True)


@app.command("eval")
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
    report = run(paths, workers=workers)
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
    if misses:
        for result in report.files:
            for name, (read, gold) in result.misses.items():
                console.print(f"{result.path}: {name}: đọc {read!r}, đúng là {gold!r}",
                              markup=False)
