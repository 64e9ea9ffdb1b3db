"""`congvan rules list|show|import`: the trip rules an administrator keeps (corpus/rules)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from api.cli.lang import count_en, t

log = logging.getLogger("congvan.cli.rules")

rules_app = typer.Typer(no_args_is_help=True, help=t(
    "Quy định về đoàn ra: liệt kê, xem, nhập (thêm, sửa, tắt).",
    "The trip rules: list, show, import (add, change, switch off)."))

DataDir = Annotated[Path | None, typer.Option("--data-dir", help=t(
    "Thư mục dữ liệu (mặc định: CONGVAN_DATA_DIR, nếu không thì ./data).",
    "The data folder (default: CONGVAN_DATA_DIR, else ./data)."))]
AsJson = Annotated[bool, typer.Option("--json", help=t("In các dòng JSON.", "JSON lines."))]


def _rules(data_dir: Path | None) -> list:
    """The rules in force for the data folder, saying (at INFO) which overlay is read."""
    from corpus.rules.model import load_rules, overlay_path

    log.info(t("quy định: có sẵn, cùng lớp bổ sung %s", "rules: shipped, with the overlay %s"),
             overlay_path(data_dir))
    return load_rules(data_dir)


@rules_app.command("list", help=t(
    "Mọi quy định đang áp dụng: mã, kiểm tra, bật hay tắt, nguồn.",
    "Every rule in force here: id, check, on or off, source."))
def rules_list(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Every rule in force here: id, check, on or off, source."""
    from rich.console import Console
    from rich.table import Table

    rules = _rules(data_dir)
    if as_json:
        for rule in rules:
            print(json.dumps(rule.to_dict(), ensure_ascii=False))
        return
    table = Table(title=t(f"{len(rules)} quy định", count_en(len(rules), "rule")))
    for column in (t("mã", "id"), t("kiểm tra", "check"), t("bật", "on"),
                   t("áp dụng cho", "applies to"), t("từ ngày", "since"), t("nguồn", "source")):
        table.add_column(column)
    for rule in rules:
        table.add_row(rule.id, rule.check, t("có", "yes") if rule.enabled else t("không", "no"),
                      ", ".join(rule.kinds), rule.since.isoformat() if rule.since else "",
                      f"{rule.source.ref} ({rule.source.issuer}, {rule.source.date:%d/%m/%Y})")
    Console().print(table, markup=False)


@rules_app.command("show", help=t(
    "Một quy định, đầy đủ, dạng JSON; với một mã kiểm tra, mọi quy định có mã đó (danh sách "
    "JSON).", "One rule, whole, as JSON; for a check code, every rule with that check (a JSON "
    "list)."))
def rules_show(ident: Annotated[str, typer.Argument(metavar=t("MÃ", "ID"), help=t(
                   "Mã của quy định, hoặc mã kiểm tra (mã cảnh báo các trang hiển thị).",
                   "The rule's id, or a check (the flag code the pages show)."))],
               data_dir: DataDir = None) -> None:
    """One rule, whole, as JSON; for a check code, every rule with that check (a JSON list)."""
    rules = _rules(data_dir)
    found = [r for r in rules if r.id == ident]
    if found:
        print(json.dumps(found[0].to_dict(), ensure_ascii=False, indent=2))
        return
    checked = [r.to_dict() for r in rules if r.check == ident]
    if not checked:
        typer.echo(t(f"Không có quy định hay mã kiểm tra {ident}",
                     f"No rule or check code {ident}"), err=True)
        raise typer.Exit(1)
    print(json.dumps(checked, ensure_ascii=False, indent=2))


@rules_app.command("import", help=t(
    "Thêm hoặc sửa quy định (theo mã; `enabled: false` để tắt), sau khi kiểm tra.",
    "Add or change rules (by id; `enabled: false` switches one off), validated first."))
def rules_import(file: Annotated[Path, typer.Argument(metavar=t("TỆP", "FILE"), help=t(
                     "Tệp YAML chứa quy định.", "A rules YAML file."))],
                 data_dir: DataDir = None) -> None:
    """Add or change rules (by id; `enabled: false` switches one off), validated first."""
    from corpus.rules.model import RulesDataError, import_rules

    try:
        added = import_rules(file, data_dir)
    except RulesDataError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    except OSError as e:
        typer.echo(t(f"Không đọc được {file}: {e.strerror}", f"Cannot read {file}: {e.strerror}"),
                   err=True)
        raise typer.Exit(2) from None
    typer.echo(t(f"Đã nhập {len(added)} quy định: ", f"Imported {count_en(len(added), 'rule')}: ")
               + ", ".join(r.id for r in added))
