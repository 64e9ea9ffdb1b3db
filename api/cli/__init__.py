"""The `congvan` command line: extract letters, write the synthetic corpus, keep the registry."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from api.errors import EXIT_UNREADABLE, EXIT_USAGE
from extract.errors import ExtractError
from extract.limits import Limits
from extract.sandbox import extract_path_isolated

if TYPE_CHECKING:
    from corpus.registry.load import RegistryDataError
    from corpus.registry.model import Change, Instrument, Source, Status
    from corpus.registry.registry import Registry, Resolution

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
    from api import contract  # the NLP stack: loaded only by the commands that read letters

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
    trips: Annotated[int, typer.Option(help="Also write this many trip letters (requests, "
                                       "decisions, reports) and the trip traps.")] = 0,
    born_digital: Annotated[bool, typer.Option(help="Write the born-digital PDFs.")] = True,
) -> None:
    """Write the project's synthetic letters with their truth and gold fields."""
    from corpus.synth.build import write_corpus

    written = write_corpus(out, count=count, first_seed=seed, scans=scans, traps=traps,
                           workers=workers, trips=trips, born_digital=born_digital)
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


# --- congvan registry: the regulation registry (corpus/registry) --------------------------------

registry_app = typer.Typer(no_args_is_help=True,
                           help="Danh mục văn bản: tra cứu, kiểm tra hiệu lực, nhập, xuất.")
app.add_typer(registry_app, name="registry")

#: `congvan registry show|check` exit with this when nothing in the registry matches.
EXIT_NOT_FOUND = 1

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="Data folder holding the overlay (default: CONGVAN_DATA_DIR, else ./data).")]
OnDay = Annotated[str | None, typer.Option("--on", help="The date, YYYY-MM-DD (default: today).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]

STATUS_LABELS = {"in_force": "còn hiệu lực", "superseded": "đã được thay thế",
                 "repealed": "đã hết hiệu lực", "not_yet_issued": "chưa ban hành"}
HOW_LABELS = {"express_clause": "điều khoản của văn bản", "primary_letter": "công văn chính thức",
              "own_text": "chính văn bản hoặc CSDL pháp điển",
              "secondary_source": "nguồn thứ cấp", "implied": "suy ra"}
CHANGE_LABELS = {"replaced_by": "được thay thế bởi", "amended_by": "được sửa đổi bởi",
                 "repealed": "hết hiệu lực do"}
MATCH_LABELS = {"exact": "khớp đúng", "short_form": "dạng rút gọn hoặc tên gọi khác",
                "fuzzy": "khớp gần đúng (lỗi OCR)"}


class ExportFormat(StrEnum):
    """The data file formats `congvan registry export` writes."""

    yaml = "yaml"
    csv = "csv"


def _folder(data_dir: Path | None) -> Path:
    from corpus.registry.store import data_dir as default_folder

    return data_dir or default_folder()


def _data_error(e: RegistryDataError) -> NoReturn:
    for problem in e.problems:
        typer.echo(f"{e.name}: {problem}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _registry(data_dir: Path | None) -> Registry:
    from corpus.registry.load import RegistryDataError
    from corpus.registry.store import load_registry

    try:
        return load_registry(_folder(data_dir))
    except RegistryDataError as e:
        _data_error(e)


def _day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"ngày phải có dạng YYYY-MM-DD: {text!r}",
                                 param_hint="--on") from None


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _not_found(text: str) -> NoReturn:
    typer.echo(f"Không có văn bản “{text}” trong danh mục (số, ký hiệu; dạng rút gọn như "
               "“QĐ 295”; hay tên gọi khác).", err=True)
    raise typer.Exit(EXIT_NOT_FOUND)


def _match_note(found: Resolution) -> str:
    label = MATCH_LABELS.get(found.match, found.match)
    return f"{found.match} – {label}, điểm {found.score:g}"


def _how(source: Source) -> str:
    kind = "nguồn chính thức" if source.primary else "nguồn chưa chính thức"
    return f"{source.how} ({HOW_LABELS.get(source.how, source.how)}, {kind})"


def _change_line(change: Change) -> str:
    label = CHANGE_LABELS.get(change.type, change.type)
    by = change.by or "(văn bản chưa có trong danh mục)"
    return (f"    - {change.type} ({label}) {by} từ {_vn(change.since)}; biết qua "
            f"{_how(change.source)}: {change.source.note}")


def _show_lines(registry: Registry, inst: Instrument) -> list[str]:
    effective = _vn(inst.effective) + ("" if inst.in_force else " (không ghi riêng: lấy ngày ký)")
    lines = [f"{inst.kind} {inst.ref}", f"  id: {inst.id}",
             f"  cơ quan ban hành: {inst.issuer or '(không rõ)'}",
             f"  ngày ký: {_vn(inst.signed)}", f"  ngày có hiệu lực: {effective}",
             f"  trích yếu: {inst.title or '(không rõ)'}"]
    if inst.aliases:
        lines.append("  tên gọi khác: " + "; ".join(inst.aliases))
    lines.append("  nguồn:")
    lines += [f"    - {_how(s)}: {s.note}" for s in inst.sources]
    if inst.changes:
        lines.append("  thay đổi:")
        lines += [_change_line(c) for c in inst.changes]
    replaced_by = [c.by for c in inst.changes if c.type == "replaced_by" and c.by]
    if replaced_by:
        lines.append("  được thay thế bởi: " + ", ".join(replaced_by))
    replaces = [i.id for i in registry.replaces(inst.id)]
    if replaces:
        lines.append("  thay thế: " + ", ".join(replaces))
    return lines


@registry_app.command("show")
def registry_show(
    ref: Annotated[str, typer.Argument(
        metavar="REF", help="Number and symbol (86-QĐ/TW) or id (86-QĐ/TW@2017-06-01).")],
    as_json: AsJson = False,
    data_dir: DataDir = None,
) -> None:
    """Print every instrument with this number and symbol: facts, sources, changes."""
    from corpus.registry.lookup import matches

    registry = _registry(data_dir)
    shown, found = matches(registry, ref)
    if not shown:
        _not_found(ref)
    if found is not None and found.match != "exact":
        typer.echo(f"“{ref}” → {found.instrument.ref}: {_match_note(found)}", err=True)
    if as_json:
        out = [{"id": i.id} | i.to_dict() | {"replaces": [r.id for r in registry.replaces(i.id)]}
               for i in shown]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if len(shown) > 1:
        typer.echo(f"{len(shown)} văn bản cùng số, ký hiệu {shown[0].ref}:")
    typer.echo("\n\n".join("\n".join(_show_lines(registry, i)) for i in shown))


def _check_data(text: str, day: date, found: Resolution, status: Status) -> dict[str, Any]:
    change = status.change
    return {"query": text, "on": day.isoformat(), "id": found.instrument.id,
            "ref": found.instrument.ref, "match": found.match, "score": found.score,
            "status": status.state, "replaced_by": list(status.chain),
            "since": change.since.isoformat() if change else None,
            "how": change.source.how if change else None,
            "source": change.source.note if change else None, "certain": status.certain}


def _chain_lines(registry: Registry, inst: Instrument, status: Status, day: date) -> list[str]:
    """One line per replacement, from the instrument to the one in force on `day`."""
    from corpus.registry.lookup import chain

    lines = []
    for link in chain(registry, inst, status, day):
        by, change = link.instrument, link.change
        what = f"{by.kind} {by.ref}, ký {_vn(by.signed)}" if by else link.id
        line = f"  → {link.id} ({what})"
        if change is not None:
            maybe = "" if change.source.primary else "có thể "
            line += (f": {maybe}thay thế từ {_vn(change.since)}; biết qua "
                     f"{_how(change.source)}: {change.source.note}")
        lines.append(line)
    return lines


def _check_lines(registry: Registry, day: date, found: Resolution, status: Status) -> list[str]:
    inst = found.instrument
    label = STATUS_LABELS.get(status.state, status.state)
    if not status.certain:
        label = f"có thể {label} (theo nguồn chưa chính thức)"
    lines = [f"{inst.kind} {inst.ref} (id {inst.id}), ký {_vn(inst.signed)}, "
             f"{inst.issuer or 'cơ quan ban hành không rõ'}: {inst.title or '(không rõ)'}",
             f"khớp: {_match_note(found)}",
             f"tình trạng ngày {_vn(day)}: {status.state} – {label}"]
    change = status.change
    if status.state == "superseded":
        lines.append("được thay thế bởi:")
        lines += _chain_lines(registry, inst, status, day)
    elif status.state == "repealed" and change is not None:
        by = f" do {change.by}" if change.by else ""
        lines.append(f"hết hiệu lực từ {_vn(change.since)}{by}; biết qua {_how(change.source)}: "
                     f"{change.source.note}")
    if status.amended_by:
        lines.append("được sửa đổi bởi: " + ", ".join(status.amended_by))
    return lines


@registry_app.command("check")
def registry_check(
    text: Annotated[str, typer.Argument(
        metavar="TEXT",
        help="A number and symbol (295-QĐ/TW), a short form (QĐ 295, Quy chế 272) or an alias.")],
    on: OnDay = None,
    as_json: AsJson = False,
    data_dir: DataDir = None,
) -> None:
    """Print the instrument TEXT names and its status on a date, with its replacements."""
    from corpus.registry.lookup import find

    day = _day(on)
    registry = _registry(data_dir)
    found = find(registry, text, day)
    if found is None:
        _not_found(text)
    status = registry.status(found.instrument, day)
    if as_json:
        print(json.dumps(_check_data(text, day, found, status), ensure_ascii=False, indent=2))
        return
    typer.echo("\n".join(_check_lines(registry, day, found, status)))


def _counts(before: Registry, incoming: Iterable[Instrument]) -> tuple[int, int, int]:
    """How many of `incoming` are new, changed and unchanged against `before`."""
    added = changed = same = 0
    for inst in incoming:
        old = before.get(inst.id)
        if old is None:
            added += 1
        elif old.to_dict() != inst.to_dict():
            changed += 1
        else:
            same += 1
    return added, changed, same


@registry_app.command("import")
def registry_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A data file: .yaml, .yml or .csv.")],
    data_dir: DataDir = None,
) -> None:
    """Validate FILE and merge its instruments into the data folder's overlay."""
    from corpus.registry.load import RegistryDataError
    from corpus.registry.store import import_file, overlay_path

    if not file.is_file():
        typer.echo(f"Không tìm thấy tệp {file}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if file.suffix.lower() not in (".yaml", ".yml", ".csv"):
        typer.echo(f"Chỉ nhập được tệp .yaml, .yml hoặc .csv: {file}", err=True)
        raise typer.Exit(EXIT_USAGE)
    folder = _folder(data_dir)
    before = _registry(folder)
    try:
        incoming = import_file(file, folder)
    except RegistryDataError as e:
        _data_error(e)
    except ValueError as e:  # a file that is not UTF-8 (UnicodeDecodeError)
        typer.echo(f"{file}: không đọc được tệp: {e}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    added, changed, same = _counts(before, incoming)
    typer.echo(f"Đã nhập {len(incoming)} văn bản từ {file}: {added} mới, {changed} thay đổi, "
               f"{same} không đổi.")
    typer.echo(f"Lớp bổ sung: {overlay_path(folder)}")


@registry_app.command("export")
def registry_export(
    fmt: Annotated[ExportFormat | None, typer.Option(
        "--format", help="yaml or csv (default: from --output's suffix, else yaml).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: standard output).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Print the whole registry (shipped and overlay) as a data file that imports back."""
    from corpus.registry.load import dump_csv, dump_yaml

    registry = _registry(data_dir)
    instruments = list(registry.instruments.values())
    if fmt is None:
        as_csv = output is not None and output.suffix.lower() == ".csv"
        fmt = ExportFormat.csv if as_csv else ExportFormat.yaml
    if fmt is ExportFormat.csv:
        text = dump_csv(instruments)
    else:
        header = (f"# Danh mục văn bản của congvan ({len(instruments)} văn bản), "
                  f"xuất ngày {date.today().isoformat()}.\n")
        text = dump_yaml(instruments, header=header)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"Đã ghi {len(instruments)} văn bản vào {output}", err=True)


def _list_row(registry: Registry, inst: Instrument, day: date) -> dict[str, Any]:
    return {"id": inst.id, "ref": inst.ref, "kind": inst.kind, "signed": inst.signed.isoformat(),
            "issuer": inst.issuer, "status": registry.status(inst, day).state,
            "title": inst.title}


@registry_app.command("list")
def registry_list(
    kind: Annotated[str | None, typer.Option(help="Only this kind (Quyết định, Chỉ thị…).")]
    = None,
    issuer: Annotated[str | None, typer.Option(help="Only issuers containing this text.")]
    = None,
    search: Annotated[str | None, typer.Option(
        help="Text in the ref, id, title, issuer or an alias.")]
    = None,
    on: OnDay = None,
    as_json: AsJson = False,
    data_dir: DataDir = None,
) -> None:
    """List the registry's instruments with their status on a date (today by default)."""
    from rich.console import Console
    from rich.table import Table

    from corpus.registry.lookup import select

    day = _day(on)
    registry = _registry(data_dir)
    rows = [_list_row(registry, i, day)
            for i in select(registry, kind=kind, issuer=issuer, search=search)]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("Không có văn bản nào khớp.", err=True)
        return
    table = Table(title=f"{len(rows)} văn bản, tình trạng ngày {_vn(day)}")
    for name in ("id", "loại", "ngày ký", "cơ quan ban hành", "tình trạng", "trích yếu"):
        table.add_column(name)
    for row in rows:
        table.add_row(row["id"], row["kind"], _vn(date.fromisoformat(row["signed"])),
                      row["issuer"] or "", STATUS_LABELS.get(row["status"], row["status"]),
                      row["title"] or "")
    Console().print(table, markup=False)


from api.cli.ingest import ingest  # noqa: E402 - the ingest command lives in its own module
from api.cli.rules import rules_app  # noqa: E402 - the rules commands live in their own module

app.add_typer(rules_app, name="rules")
app.command("ingest")(ingest)


# --- congvan serve, congvan users: the service (api/http/app.py) ---------------------------------


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[bool, typer.Option(help="Run the in-process workers.")] = True,
    processes: Annotated[int, typer.Option(
        min=1, envvar="CONGVAN_PROCESSES",
        help="Processes answering requests (one of them runs the workers).")] = 1,
) -> None:
    """Start the HTTP API (SQLite in CONGVAN_DATA_DIR and in-process workers by default)."""
    import uvicorn

    from api.http.app import SERVE_WORKERS, create_app, prepare
    from api.logs import log_config

    if processes == 1:
        uvicorn.run(create_app(workers=workers), host=host, port=port, log_config=log_config())
        return
    prepare()  # the schema and the first administrator, once, before the processes start
    os.environ[SERVE_WORKERS] = "1" if workers else "0"
    uvicorn.run("api.http.app:served_app", factory=True, host=host, port=port, workers=processes,
                log_config=log_config())


@app.command()
def worker(
    name: Annotated[str | None, typer.Option(help="This worker's name (default: its host).")
                    ] = None,
    loglevel: Annotated[str, typer.Option(help="DEBUG, INFO, WARNING…")] = "INFO",
) -> None:
    """Run a Celery worker (CONGVAN_QUEUE=celery): the same processing as the embedded workers.

    One task at a time; run as many as there are cores, on as many machines as needed, all with
    the same CONGVAN_BROKER_URL, CONGVAN_DATABASE_URL and a shared CONGVAN_DATA_DIR.
    """
    from api.settings import load_settings
    from api.worker.tasks import run_worker

    settings = load_settings()
    if settings.queue != "celery":
        typer.echo("congvan worker cần CONGVAN_QUEUE=celery (và CONGVAN_BROKER_URL); với "
                   "mặc định, congvan serve tự có bộ xử lý.", err=True)
        raise typer.Exit(EXIT_USAGE)
    run_worker(settings, name=name, loglevel=loglevel)


users_app = typer.Typer(no_args_is_help=True, help="Người dùng của dịch vụ: thêm, thu hồi.")
app.add_typer(users_app, name="users")


class RoleName(StrEnum):
    """The roles a user can have."""

    uploader = "uploader"
    reviewer = "reviewer"
    admin = "admin"


def _service_sessions() -> Any:
    from api.settings import load_settings
    from api.store.db import make_engine, sessions
    from api.store.migrate import upgrade

    engine = make_engine(load_settings().database_url)
    upgrade(engine)
    return sessions(engine)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    role: Annotated[RoleName, typer.Option(help="uploader, reviewer or admin.")],
    password: Annotated[bool, typer.Option("--password", help="Also set a password "
                                           "(asked for, not echoed).")] = False,
) -> None:
    """Add a user; the new API token is the last line printed (it is shown only once)."""
    from api.store.auth import UserError, add_user

    secret = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True) \
        if password else None
    try:
        token = add_user(_service_sessions(), name, role.value, secret)
    except UserError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"Đã thêm {name} ({role.value}). Token API (chỉ hiện một lần):")
    typer.echo(token)


@users_app.command("password")
def users_password(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Set a user's password for the reviewer pages (asked for, not echoed)."""
    from api.store.auth import UserError, set_password

    secret = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        found = set_password(_service_sessions(), name, secret)
    except UserError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if not found:
        typer.echo(f"Không có người dùng {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Đã đặt mật khẩu cho {name}; các phiên đăng nhập cũ đã kết thúc.")


@users_app.command("revoke")
def users_revoke(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Revoke a user's API token."""
    from api.store.auth import revoke

    if not revoke(_service_sessions(), name):
        typer.echo(f"Không có người dùng {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Đã thu hồi token của {name}.")
