"""`python -m api` runs the congvan command line."""

from api.cli import app

app(prog_name="congvan")
