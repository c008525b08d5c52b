"""khooshe status : what the database holds, the last runs and outstanding failures.

Fast by design: it opens the database read-only and imports nothing heavy (no reader, no extractor).
"""
from __future__ import annotations

import click

from pipeline.cli.options import db_option


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _columns(db, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()}


@click.command()
@db_option
@click.option("--runs", "run_count", default=5, show_default=True, help="How many recent runs to show.")
def command(db_path, run_count):
    """Show the database's contents, the last runs and the files that still fail."""
    from pipeline.nightly.lock import is_held
    from pipeline.store import open_readonly

    db = open_readonly(db_path)
    docs = db.execute("select count(*) from documents where status = 'ok'").fetchone()[0]
    facts = db.execute("select count(*) from facts").fetchone()[0]
    clusters = db.execute("select count(*) from clusters").fetchone()[0]
    click.echo(f"{db_path}: {docs} documents, {clusters} clusters, {facts} facts")
    nightly = "held" in _columns(db, "runs")  # a database from before the nightly migration has no such columns
    if nightly:
        active = db.execute("select count(*), sum(action = 'reject') from corrections where status = 'active'").fetchone()
        unmatched = db.execute("select count(*) from corrections where status = 'unmatched'").fetchone()[0]
        if active[0] or unmatched:
            click.echo(f"corrections: {active[0]} active ({active[1] or 0} rejections), {unmatched} unmatched")
    holder = is_held(db_path)
    if holder:
        click.echo(f"a run is in progress: process {holder.get('pid')} on {holder.get('host')} "
                   f"({holder.get('command')}, started {holder.get('started')})")
    runs = list(db.query("select * from runs order by id desc limit ?", [run_count]))
    if runs:
        click.echo("last runs:")
    for r in runs:
        extra = ""
        if nightly:
            extra = (f", held {r['held'] or 0}, re-extracted {r['reextracted'] or 0}, "
                     f"facts changed {r['facts_changed'] or 0}")
        duration = f"{r['duration_s']} s" if r["duration_s"] is not None else "unfinished"
        click.echo(f"  #{r['id']} {r['started_at']} {r['command']} {r['status']}: seen {r['seen']}, new {r['new']}, "
                   f"changed {r['changed']}, unchanged {r['skipped']}, failed {r['failed']}{extra}, "
                   f"facts +{r['facts_added']}/-{r['facts_removed']}, {duration}")
        if nightly and r.get("note"):
            click.echo(f"      {r['note']}")
        if nightly and r.get("report_path"):
            click.echo(f"      report: {r['report_path']}")
    failures = list(db.query("select * from failures order by last_failed_at desc"))
    click.echo(f"outstanding failures: {len(failures)}")
    from pipeline.textutil import shown

    for f in failures:  # a name with a newline or a U+202E must not break or turn the line
        click.echo(f"  {shown(f['path'])}: {shown(f['reason'])} ({f['stage']}, {_plural(f['attempts'], 'attempt')}, "
                   f"last {f['last_failed_at']})")
    return 0
