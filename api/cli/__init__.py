"""The `congvan` command line: one module per command group, registered here.

Each command imports what it needs when it runs, so `congvan --help` loads no reader.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from api.cli import corpus, extract, registry, serve, users
from api.cli.ingest import ingest
from api.cli.rules import rules_app

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="congvan: đọc công văn về đoàn ra, đoàn vào và chỉ ra chỗ sai.")


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log to stderr.")] = False
         ) -> None:
    """Read Vietnamese official letters about official trips abroad."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


app.command()(extract.extract)
app.command()(corpus.synth)
app.command("eval")(corpus.evaluate)
app.command("ingest")(ingest)
app.command()(serve.serve)
app.command()(serve.worker)
app.add_typer(registry.registry_app, name="registry")
app.add_typer(rules_app, name="rules")
app.add_typer(users.users_app, name="users")
