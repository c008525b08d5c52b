"""Options shared by several commands."""
from __future__ import annotations

import click

from pipeline.store import DEFAULT_DB

db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="SQLite database file.")
