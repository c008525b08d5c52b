"""khooshe serve : Datasette over the database, read-only, on this machine by default."""
from __future__ import annotations

import ipaddress

import click

from pipeline.cli.options import db_option


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def datasette_args(db_path: str, host: str, port: int, metadata_path: str) -> list[str]:
    """The `datasette serve` command line: the file opened read-only (mode=ro, Datasette's default for a
    database it is not told it may write), metadata, the right-to-left stylesheet, roomier time limits."""
    from pipeline.serve import STATIC_DIR, STATIC_MOUNT

    return ["serve", db_path, "--host", host, "--port", str(port), "--metadata", metadata_path,
            "--static", f"{STATIC_MOUNT}:{STATIC_DIR}",
            "--setting", "sql_time_limit_ms", "3000", "--setting", "facet_time_limit_ms", "1000"]


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers only this machine; 0.0.0.0 exposes the database to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
def command(db_path, host, port):
    """Browse the database in Datasette: tables, the query views, facets and canned queries.

    The database is opened read-only (SQLite mode=ro), so it can be served while a nightly run
    writes to it. Tables and columns are described in English and Persian, table cells follow the
    direction of their text, and the canned queries answer: weavers by province, clusters by start
    year, all facts of one cluster with their evidence. Stop with Ctrl-C.
    """
    import json
    import os
    import shutil
    import tempfile

    from pipeline.serve import metadata
    from pipeline.store.views import open_for_queries

    db = open_for_queries(db_path)
    types = [r[0] for r in db.execute("select distinct type from facts order by type")]
    db.conn.close()
    name = os.path.splitext(os.path.basename(db_path))[0]
    tmp = tempfile.mkdtemp(prefix="khooshe-serve-")
    try:
        meta_path = os.path.join(tmp, "metadata.json")
        with open(meta_path, "w", encoding="utf-8") as fh:
            json.dump(metadata(name, types), fh, ensure_ascii=False)
        if not is_loopback(host):
            click.echo(f"warning: listening on {host}: anyone who can reach this machine can read the database",
                       err=True)
        click.echo(f"serving {db_path} read-only at http://{host}:{port}/{name} (Ctrl-C to stop)", err=True)
        from datasette.cli import cli as datasette_cli  # heavy: imported only to serve

        datasette_cli.main(args=datasette_args(db_path, host, port, meta_path), prog_name="datasette",
                           standalone_mode=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0
