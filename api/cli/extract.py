"""`congvan extract FILE…`: one contract JSON object per file, read in the sandbox."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from api.cli.lang import t
from api.errors import EXIT_UNREADABLE

log = logging.getLogger("congvan.cli.extract")


def _text_view(extraction_pages: list) -> str:
    out = []
    for page in extraction_pages:
        out.append(f"=== {t('trang', 'page')} {page.number} ({page.source}, {page.encoding}) ===")
        for region in page.regions:
            out.append(f"--- {region.name} ---")
            out.extend(line.text for line in region.lines)
    return "\n".join(out)


def extract(
    files: Annotated[list[Path], typer.Argument(metavar=t("TỆP...", "FILES..."), help=t(
        "Các tệp PDF, PNG, JPEG hoặc TIFF.", "PDF, PNG, JPEG or TIFF files."))],
    pretty: Annotated[bool, typer.Option("--pretty", help=t(
        "Thụt lề JSON.", "Indent the JSON."))] = False,
    text: Annotated[bool, typer.Option("--text", help=t(
        "In chữ của từng trang theo từng vùng.", "Print each page's text by region."))]
    = False,
    timeout: Annotated[float | None, typer.Option(help=t(
        "Số giây cho phép với mỗi tệp.", "Seconds allowed per file."))] = None,
) -> None:
    """Print one JSON object per file (congvan/document@1), one per line."""
    from api import contract  # the NLP stack: loaded only by the commands that read letters
    from api.pipeline import understand
    from api.settings import load_settings
    from extract.errors import ExtractError
    from extract.sandbox import extract_path_isolated

    settings = load_settings()
    limits = settings.limits  # CONGVAN_MAX_UPLOAD_MB, CONGVAN_MAX_PAGES…
    # The data folder's registry (with the administrators' overlay) and rules, as the service.
    data_dir = settings.data_dir
    log.info(t("thư mục dữ liệu (danh mục văn bản, quy định): %s",
               "data folder (registry, rules): %s"), data_dir)
    failed = 0
    for path in files:
        log.info(t("đọc %s", "reading %s"), path)
        try:
            if not path.is_file():
                raise FileNotFoundError(path)
            extraction = extract_path_isolated(path, limits=limits, timeout=timeout)
        except FileNotFoundError:
            failed += 1
            print(json.dumps({"schema": contract.SCHEMA_ID, "file": {"name": path.name},
                              "error": {"code": "not_found",
                                        "message": t(f"Không tìm thấy tệp {path}.",
                                                    f"File not found: {path}.")}},
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
        log.info(t("%s: %d trang đã đọc; tìm các trường, căn cứ và sai sót",
                   "%s: %d pages read; finding the fields, citations and flags"),
                 path, len(extraction.pages))
        print(json.dumps(understand(extraction, data_dir=data_dir).document, ensure_ascii=False,
                         indent=2 if pretty else None))
    if failed:
        raise typer.Exit(EXIT_UNREADABLE)
