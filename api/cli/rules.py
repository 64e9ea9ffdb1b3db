"""`congvan rules list|show|import`: the trip rules an administrator keeps (corpus/rules)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

rules_app = typer.Typer(no_args_is_help=True,
                        help="Quy định về đoàn ra: liệt kê, xem, nhập (thêm, sửa, tắt).")

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="The data folder (default: CONGVAN_DATA_DIR, else ./data).")]


@rules_app.command("list")
def rules_list(data_dir: DataDir = None,
               as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False
               ) -> None:
    """Every rule in force here: id, check, on or off, source."""
    from rich.console import Console
    from rich.table import Table

    from corpus.rules.model import load_rules

    rules = load_rules(data_dir)
    if as_json:
        for rule in rules:
            print(json.dumps(rule.to_dict(), ensure_ascii=False))
        return
    table = Table(title=f"{len(rules)} quy định")
    for column in ("id", "kiểm tra", "bật", "áp dụng cho", "từ ngày", "nguồn"):
        table.add_column(column)
    for rule in rules:
        table.add_row(rule.id, rule.check, "có" if rule.enabled else "không",
                      ", ".join(rule.kinds), rule.since.isoformat() if rule.since else "",
                      f"{rule.source.ref} ({rule.source.issuer}, {rule.source.date:%d/%m/%Y})")
    Console().print(table, markup=False)


@rules_app.command("show")
def rules_show(ident: Annotated[str, typer.Argument(
                   help="The rule's id, or a check (the flag code the pages show).")],
               data_dir: DataDir = None) -> None:
    """One rule, whole, as JSON; for a check code, every rule with that check (a JSON list)."""
    from corpus.rules.model import load_rules

    rules = load_rules(data_dir)
    found = [r for r in rules if r.id == ident]
    if found:
        print(json.dumps(found[0].to_dict(), ensure_ascii=False, indent=2))
        return
    checked = [r.to_dict() for r in rules if r.check == ident]
    if not checked:
        typer.echo(f"Không có quy định hay mã kiểm tra {ident}", err=True)
        raise typer.Exit(1)
    print(json.dumps(checked, ensure_ascii=False, indent=2))


@rules_app.command("import")
def rules_import(file: Annotated[Path, typer.Argument(help="A rules YAML file.")],
                 data_dir: DataDir = None) -> None:
    """Add or change rules (by id; `enabled: false` switches one off), validated first."""
    from corpus.rules.model import RulesDataError, import_rules

    try:
        added = import_rules(file, data_dir)
    except RulesDataError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    except OSError as e:
        typer.echo(f"Không đọc được {file}: {e.strerror}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Đã nhập {len(added)} quy định: {', '.join(r.id for r in added)}")
