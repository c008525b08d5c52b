"""khooshe ingest PATH... : read files and folders (recursively) into the database."""
from __future__ import annotations

import click

from pipeline.cli.options import db_option
from pipeline.errors import EXIT_OK, EXIT_SOME_FAILED


def summary_lines(db, result) -> list[str]:
    c = result.counts
    docs = db.execute("select count(*) from documents where status = 'ok'").fetchone()[0]
    clusters = db.execute("select count(*) from clusters").fetchone()[0]
    facts = db.execute("select count(*) from facts").fetchone()[0]
    by_format = ", ".join(f"{n} {fmt}" for fmt, n in db.execute(
        "select format, count(*) from documents where status = 'ok' group by format order by format"))
    return [
        f"run {result.run_id}: {c['seen']} files seen: {c['new']} new, {c['changed']} changed, "
        f"{c['skipped']} unchanged, {c['failed']} failed; {c['facts_added']} facts added, "
        f"{c['facts_removed']} removed ({result.seconds:.1f} s)",
        f"database: {docs} documents ({by_format or 'none'}), {clusters} clusters, {facts} facts",
    ]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; failures still print.")
def command(paths, db_path, quiet):
    """Read files and folders (recursively) into the database.

    Files already stored are skipped by size and modification time, then by content hash; a changed
    file replaces its old facts. Each failure prints one line (file and reason) and is recorded in
    the failures table; the exit code is 1 when any file failed.
    """
    from pipeline.batch import ingest
    from pipeline.cli.console import progress_for_stream
    from pipeline.store import open_db

    db = open_db(db_path)
    result = ingest(db, paths, progress=progress_for_stream(quiet))
    if not quiet:
        for line in summary_lines(db, result):
            click.echo(line)
    return EXIT_OK if result.ok else EXIT_SOME_FAILED
