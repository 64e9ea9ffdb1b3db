"""`congvan registry generate`: a JSON Lines file of generated state metadata (tests, bench)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.lang import t
from api.cli.registry import registry_app


@registry_app.command("generate", help=t(
    "Ghi TỆP .jsonl gồm các văn bản sinh ngẫu nhiên (cùng hạt giống, cùng tệp) để thử nhập "
    "và đo tốc độ.",
    "Write a .jsonl FILE of generated instruments (the same seed, the same file) to try the "
    "import and measure it."))
def registry_generate(
    file: Annotated[Path, typer.Argument(metavar=t("TỆP", "FILE"), help=t(
        "Tệp .jsonl để ghi.", "The .jsonl file to write."))],
    count: Annotated[int, typer.Option(help=t("Số văn bản.", "How many instruments."))]
    = 100_000,
    seed: Annotated[int, typer.Option(help=t("Hạt giống.", "Seed."))] = 23,
) -> None:
    """Write a .jsonl FILE of generated instruments (the same seed, the same file)."""
    from corpus.synth.statedata import write_state_metadata

    written = write_state_metadata(file, count, seed)
    typer.echo(t(f"Đã ghi {written} văn bản vào {file}",
                 f"{written} instruments written to {file}"), err=True)
