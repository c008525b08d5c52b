"""khooshe query "SQL" : run one read-only SQL statement against the database."""
from __future__ import annotations

import click

from pipeline.cli.options import db_option
from pipeline.cli.output import echo_rows, format_option


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    from pipeline.errors import UsageError

    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"query: --param takes NAME=VALUE, not {pair!r}")
        out[name.lstrip(":")] = _number_or_text(value)
    return out


def _number_or_text(value: str):
    """1500 as a number (so `value = :v` matches a numeric column), 0123 or 1e3 left as text."""
    for kind in (int, float):
        try:
            if str(kind(value)) == value:
                return kind(value)
        except ValueError:
            pass
    return value


@click.command()
@click.argument("sql")
@db_option
@format_option
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A value for a named parameter :NAME in the SQL (repeatable); whole and decimal numbers pass as numbers.")
def command(sql, db_path, fmt, params):
    """Run one SQL statement on the database, read-only, and print its rows.

    The database is opened read-only: INSERT, UPDATE, DELETE, CREATE, DROP, ATTACH and pragma
    settings are refused (exit 4) and the file is left as it was. The views facts_with_source,
    cluster_key_facts and cluster_summary answer the common questions; see the README.

    \b
    khooshe query "select cluster, province, weavers from cluster_summary"
    khooshe query "select * from facts_with_source where cluster_id = :c" -p c=...
    """
    from pipeline.store import open_readonly
    from pipeline.store.readonly import run_query

    db = open_readonly(db_path)
    columns, rows = run_query(db, sql, _params(params))
    echo_rows(fmt, columns, rows)
    return 0
