"""`congvan registry show|check|list|import|export`: the regulation registry (corpus/registry)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from api.cli.lang import t
from api.cli.registry_labels import CHANGE_LABELS, HOW_LABELS, MATCH_LABELS, STATUS_LABELS, VI
from api.errors import EXIT_USAGE

log = logging.getLogger("congvan.cli.registry")

if TYPE_CHECKING:
    from corpus.registry.load import RegistryDataError
    from corpus.registry.model import Change, Instrument, Source, Status
    from corpus.registry.registry import Registry, Resolution


# --- congvan registry: the regulation registry (corpus/registry) --------------------------------

registry_app = typer.Typer(no_args_is_help=True, help=t(
    "Danh mục văn bản: tra cứu, kiểm tra hiệu lực, nhập, xuất.",
    "The regulation registry: look up, check whether in force, import, export."))

#: `congvan registry show|check` exit with this when nothing in the registry matches.
EXIT_NOT_FOUND = 1

DataDir = Annotated[Path | None, typer.Option("--data-dir", help=t(
    "Thư mục dữ liệu chứa lớp bổ sung (mặc định: CONGVAN_DATA_DIR, nếu không thì ./data).",
    "Data folder holding the overlay (default: CONGVAN_DATA_DIR, else ./data)."))]
OnDay = Annotated[str | None, typer.Option("--on", help=t(
    "Ngày, dạng YYYY-MM-DD (mặc định: hôm nay).", "The date, YYYY-MM-DD (default: today)."))]
AsJson = Annotated[bool, typer.Option("--json", help=t("In JSON.", "Print JSON."))]

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

    log.info(t("danh mục: có sẵn, cùng lớp bổ sung trong %s",
               "registry: shipped, with the overlay in %s"), _folder(data_dir))
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
        raise typer.BadParameter(t(f"ngày phải có dạng YYYY-MM-DD: {text!r}",
                                   f"the date must read YYYY-MM-DD: {text!r}"),
                                 param_hint="--on") from None


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y") if VI else day.isoformat()


def _not_found(text: str) -> NoReturn:
    typer.echo(t(f"Không có văn bản “{text}” trong danh mục (số, ký hiệu; dạng rút gọn như "
                 "“QĐ 295”; hay tên gọi khác).",
                 f"No instrument “{text}” in the registry (number and symbol; a short form such "
                 "as “QĐ 295”; or an alias)."), err=True)
    raise typer.Exit(EXIT_NOT_FOUND)


def _match_note(found: Resolution) -> str:
    label = MATCH_LABELS.get(found.match, found.match)
    return f"{found.match} – {label}, {t('điểm', 'score')} {found.score:g}"


def _how(source: Source) -> str:
    kind = t("nguồn chính thức", "primary source") if source.primary \
        else t("nguồn chưa chính thức", "not a primary source")
    return f"{source.how} ({HOW_LABELS.get(source.how, source.how)}, {kind})"


def _change_line(change: Change) -> str:
    label = CHANGE_LABELS.get(change.type, change.type)
    by = change.by or t("(văn bản chưa có trong danh mục)", "(not in the registry)")
    return (f"    - {change.type} ({label}) {by} {t('từ', 'from')} {_vn(change.since)}; "
            f"{t('biết qua', 'known from')} {_how(change.source)}: {change.source.note}")


def _show_lines(registry: Registry, inst: Instrument) -> list[str]:
    unknown = t("(không rõ)", "(unknown)")
    effective = _vn(inst.effective) + ("" if inst.in_force else t(
        " (không ghi riêng: lấy ngày ký)", " (not given: the signing date)"))
    lines = [f"{inst.kind} {inst.ref}", f"  id: {inst.id}",
             f"  {t('cơ quan ban hành', 'issuer')}: {inst.issuer or unknown}",
             f"  {t('ngày ký', 'signed')}: {_vn(inst.signed)}",
             f"  {t('ngày có hiệu lực', 'in force from')}: {effective}",
             f"  {t('trích yếu', 'title')}: {inst.title or unknown}"]
    if inst.aliases:
        lines.append(t("  tên gọi khác: ", "  aliases: ") + "; ".join(inst.aliases))
    lines.append(t("  nguồn:", "  sources:"))
    lines += [f"    - {_how(s)}: {s.note}" for s in inst.sources]
    if inst.changes:
        lines.append(t("  thay đổi:", "  changes:"))
        lines += [_change_line(c) for c in inst.changes]
    replaced_by = [c.by for c in inst.changes if c.type == "replaced_by" and c.by]
    if replaced_by:
        lines.append(t("  được thay thế bởi: ", "  replaced by: ") + ", ".join(replaced_by))
    replaces = [i.id for i in registry.replaces(inst.id)]
    if replaces:
        lines.append(t("  thay thế: ", "  replaces: ") + ", ".join(replaces))
    return lines


@registry_app.command("show", help=t(
    "In mọi văn bản có số, ký hiệu này: thông tin, nguồn, thay đổi.",
    "Print every instrument with this number and symbol: facts, sources, changes."))
def registry_show(
    ref: Annotated[str, typer.Argument(metavar=t("SỐ-KÝ-HIỆU", "REF"), help=t(
        "Số, ký hiệu (86-QĐ/TW) hoặc mã (86-QĐ/TW@2017-06-01).",
        "Number and symbol (86-QĐ/TW) or id (86-QĐ/TW@2017-06-01)."))],
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
        typer.echo(t(f"{len(shown)} văn bản cùng số, ký hiệu {shown[0].ref}:",
                     f"{len(shown)} instruments with the number and symbol {shown[0].ref}:"))
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
        what = f"{by.kind} {by.ref}, {t('ký', 'signed')} {_vn(by.signed)}" if by else link.id
        line = f"  → {link.id} ({what})"
        if change is not None:
            maybe = "" if change.source.primary else t("có thể ", "possibly ")
            line += (t(f": {maybe}thay thế từ {_vn(change.since)}; biết qua ",
                       f": {maybe}replaced from {_vn(change.since)}; known from ")
                     + f"{_how(change.source)}: {change.source.note}")
        lines.append(line)
    return lines


def _check_lines(registry: Registry, day: date, found: Resolution, status: Status) -> list[str]:
    inst = found.instrument
    label = STATUS_LABELS.get(status.state, status.state)
    if not status.certain:
        label = t(f"có thể {label} (theo nguồn chưa chính thức)",
                  f"possibly {label} (from a source that is not primary)")
    lines = [f"{inst.kind} {inst.ref} (id {inst.id}), {t('ký', 'signed')} {_vn(inst.signed)}, "
             f"{inst.issuer or t('cơ quan ban hành không rõ', 'issuer unknown')}: "
             f"{inst.title or t('(không rõ)', '(unknown)')}",
             f"{t('khớp', 'match')}: {_match_note(found)}",
             t(f"tình trạng ngày {_vn(day)}: ", f"status on {_vn(day)}: ")
             + f"{status.state} – {label}"]
    change = status.change
    if status.state == "superseded":
        lines.append(t("được thay thế bởi:", "replaced by:"))
        lines += _chain_lines(registry, inst, status, day)
    elif status.state == "repealed" and change is not None:
        by = f" {t('do', 'by')} {change.by}" if change.by else ""
        lines.append(t(f"hết hiệu lực từ {_vn(change.since)}{by}; biết qua ",
                       f"repealed from {_vn(change.since)}{by}; known from ")
                     + f"{_how(change.source)}: {change.source.note}")
    if status.amended_by:
        lines.append(t("được sửa đổi bởi: ", "amended by: ") + ", ".join(status.amended_by))
    return lines


@registry_app.command("check", help=t(
    "In văn bản mà VĂN-BẢN chỉ tới và tình trạng của nó vào một ngày, cùng các văn bản thay thế.",
    "Print the instrument TEXT names and its status on a date, with its replacements."))
def registry_check(
    text: Annotated[str, typer.Argument(metavar=t("VĂN-BẢN", "TEXT"), help=t(
        "Số, ký hiệu (295-QĐ/TW), dạng rút gọn (QĐ 295, Quy chế 272) hoặc tên gọi khác.",
        "A number and symbol (295-QĐ/TW), a short form (QĐ 295, Quy chế 272) or an alias."))],
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


@registry_app.command("import", help=t(
    "Kiểm tra TỆP rồi gộp các văn bản trong đó vào lớp bổ sung của thư mục dữ liệu.",
    "Validate FILE and merge its instruments into the data folder's overlay."))
def registry_import(
    file: Annotated[Path, typer.Argument(metavar=t("TỆP", "FILE"), help=t(
        "Tệp dữ liệu: .yaml, .yml, .csv, hoặc .jsonl (dữ liệu văn bản của Nhà nước).",
        "A data file: .yaml, .yml, .csv, or .jsonl (the state's legal metadata)."))],
    data_dir: DataDir = None,
) -> None:
    """Validate FILE and merge its instruments into the data folder's overlay."""
    from corpus.registry.load import RegistryDataError
    from corpus.registry.store import import_file, import_jsonl, imports_dir, overlay_path

    if not file.is_file():
        typer.echo(t(f"Không tìm thấy tệp {file}", f"File not found: {file}"), err=True)
        raise typer.Exit(EXIT_USAGE)
    jsonl = file.suffix.lower() == ".jsonl"
    if file.suffix.lower() not in (".yaml", ".yml", ".csv", ".jsonl"):
        typer.echo(t(f"Chỉ nhập được tệp .yaml, .yml, .csv hoặc .jsonl: {file}",
                     f"Only .yaml, .yml, .csv or .jsonl files can be imported: {file}"),
                   err=True)
        raise typer.Exit(EXIT_USAGE)
    folder = _folder(data_dir)
    before = _registry(folder)
    try:
        incoming = import_jsonl(file, folder) if jsonl else import_file(file, folder)
    except RegistryDataError as e:
        _data_error(e)
    except ValueError as e:  # a file that is not UTF-8 (UnicodeDecodeError)
        typer.echo(t(f"{file}: không đọc được tệp: {e}", f"{file}: cannot read the file: {e}"),
                   err=True)
        raise typer.Exit(EXIT_USAGE) from None
    added, changed, same = _counts(before, incoming)
    typer.echo(t(f"Đã nhập {len(incoming)} văn bản từ {file}: {added} mới, {changed} thay đổi, "
                 f"{same} không đổi.", f"Imported {len(incoming)} instruments from {file}: "
                 f"{added} new, {changed} changed, {same} unchanged."))
    kept = imports_dir(folder) if jsonl else overlay_path(folder)
    typer.echo(t(f"Lớp bổ sung: {kept}", f"Overlay: {kept}"))


@registry_app.command("export", help=t(
    "In toàn bộ danh mục (kèm theo và bổ sung) thành tệp dữ liệu nhập lại được.",
    "Print the whole registry (shipped and overlay) as a data file that imports back."))
def registry_export(
    fmt: Annotated[ExportFormat | None, typer.Option("--format", help=t(
        "yaml hoặc csv (mặc định: theo đuôi của --output, nếu không thì yaml).",
        "yaml or csv (default: from --output's suffix, else yaml)."))] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=t(
        "Tệp để ghi (mặc định: đầu ra chuẩn).", "File to write (default: standard output)."))
                      ] = None,
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
    typer.echo(t(f"Đã ghi {len(instruments)} văn bản vào {output}",
                 f"{len(instruments)} instruments written to {output}"), err=True)


def _list_row(registry: Registry, inst: Instrument, day: date) -> dict[str, Any]:
    return {"id": inst.id, "ref": inst.ref, "kind": inst.kind, "signed": inst.signed.isoformat(),
            "issuer": inst.issuer, "status": registry.status(inst, day).state,
            "title": inst.title}


@registry_app.command("list", help=t(
    "Liệt kê các văn bản trong danh mục cùng tình trạng vào một ngày (mặc định hôm nay).",
    "List the registry's instruments with their status on a date (today by default)."))
def registry_list(
    kind: Annotated[str | None, typer.Option(help=t(
        "Chỉ loại này (Quyết định, Chỉ thị…).", "Only this kind (Quyết định, Chỉ thị…)."))]
    = None,
    issuer: Annotated[str | None, typer.Option(help=t(
        "Chỉ cơ quan ban hành có chứa chữ này.", "Only issuers containing this text."))]
    = None,
    search: Annotated[str | None, typer.Option(help=t(
        "Chữ có trong số, ký hiệu, mã, trích yếu, cơ quan ban hành hoặc tên gọi khác.",
        "Text in the ref, id, title, issuer or an alias."))]
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
        typer.echo(t("Không có văn bản nào khớp.", "No instrument matches."), err=True)
        return
    table = Table(title=t(f"{len(rows)} văn bản, tình trạng ngày {_vn(day)}",
                          f"{len(rows)} instruments, status on {_vn(day)}"))
    for name in (t("mã", "id"), t("loại", "kind"), t("ngày ký", "signed"),
                 t("cơ quan ban hành", "issuer"), t("tình trạng", "status"),
                 t("trích yếu", "title")):
        table.add_column(name)
    for row in rows:
        table.add_row(row["id"], row["kind"], _vn(date.fromisoformat(row["signed"])),
                      row["issuer"] or "", STATUS_LABELS.get(row["status"], row["status"]),
                      row["title"] or "")
    Console().print(table, markup=False)
