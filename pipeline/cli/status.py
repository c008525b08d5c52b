"""khooshe status : what the database holds, the last runs and outstanding failures."""
from __future__ import annotations

import click

from pipeline.cli.options import db_option


@click.command()
@db_option
@click.option("--runs", "run_count", default=5, show_default=True, help="How many recent runs to show.")
def command(db_path, run_count):
    """Show the database's contents, the last runs and the files that still fail."""
    from pipeline.store import open_readonly

    db = open_readonly(db_path)
    docs = db.execute("select count(*) from documents where status = 'ok'").fetchone()[0]
    facts = db.execute("select count(*) from facts").fetchone()[0]
    clusters = db.execute("select count(*) from clusters").fetchone()[0]
    click.echo(f"{db_path}: {docs} documents, {clusters} clusters, {facts} facts")
    runs = list(db.query("select * from runs order by id desc limit ?", [run_count]))
    if runs:
        click.echo("last runs:")
    for r in runs:
        click.echo(f"  #{r['id']} {r['started_at']} {r['command']} {r['status']}: seen {r['seen']}, new {r['new']}, "
                   f"changed {r['changed']}, unchanged {r['skipped']}, failed {r['failed']}, "
                   f"facts +{r['facts_added']}/-{r['facts_removed']}, {r['duration_s']} s")
    failures = list(db.query("select * from failures order by last_failed_at desc"))
    click.echo(f"outstanding failures: {len(failures)}")
    for f in failures:
        click.echo(f"  {f['path']}: {f['reason']} ({f['stage']}, {f['attempts']} attempt{'s' if f['attempts'] != 1 else ''})")
    return 0
