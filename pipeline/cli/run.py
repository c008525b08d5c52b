"""khooshe run [--config khooshe.toml] [--db FILE] [PATH...] : the nightly, unattended run."""
from __future__ import annotations

import click

from pipeline.errors import EXIT_OK, EXIT_SOME_FAILED
from pipeline.nightly.config import ENGINES


def _on_sigterm(signum, frame):
    # cron, systemd and `timeout` stop a run with SIGTERM: unwind, so the run row says "interrupted",
    # the workers stop and the lock is released at once. (SIGKILL cannot be caught: the next run
    # finds the run row still "running" and marks it.)
    raise SystemExit(128 + signum)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="TOML settings file. Default: ./khooshe.toml when it exists.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
              help="SQLite database file. Default: db in the config, else outputs/khooshe.db.")
@click.option("--workers", type=int, default=None,
              help="Processes that parse documents. Default: workers in the config, else the CPU count.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="local (this process), pool (worker processes) or dask (a Dask cluster). "
                   "Default: dask with a scheduler, else pool when workers > 1.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler to run on, e.g. tcp://10.0.0.5:8786 (engine dask). "
                   "Default: a local Dask cluster of --workers processes.")
@click.option("--log-dir", type=click.Path(file_okay=False), default=None,
              help="Folder of the JSON event logs. Default: logs/ beside the database.")
@click.option("--report-dir", type=click.Path(file_okay=False), default=None,
              help="Folder of the run reports. Default: reports/ beside the database.")
@click.option("--max-attempts", type=int, default=None,
              help="Stop retrying a file that failed this many times on the same bytes (0: always retry). Default 3.")
@click.option("--retry-failed", is_flag=True, help="Retry every failed file this time, held ones included.")
@click.option("--no-reextract", is_flag=True, help="Do not re-extract documents from older extractor versions.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing unless something failed (for cron).")
@click.option("-v", "--verbose", is_flag=True, help="Print a line for each file processed.")
def command(paths, config_path, db_path, workers, engine, scheduler, log_dir, report_dir, max_attempts,
            retry_failed, no_reextract, quiet, verbose):
    """Ingest the inbox folders incrementally, re-extract stale documents, log, and write a run report.

    Settings come from a TOML file (--config, or ./khooshe.toml) under the command-line options;
    PATH... replaces the file's inbox folders. New and changed files are processed, unchanged ones
    skipped, failed ones retried (up to --max-attempts on the same bytes). Documents whose facts came
    from an older extractor version are re-extracted from their stored text. One run at a time: a
    second run exits with code 3. Exit code 0 when everything succeeded, 1 when some file failed.
    """
    import signal

    from pipeline.nightly import config as config_mod

    config = config_mod.load(config_path, inbox=list(paths), db=db_path, workers=workers, engine=engine,
                             scheduler=scheduler, log_dir=log_dir, report_dir=report_dir, max_attempts=max_attempts,
                             reextract=False if no_reextract else None)
    signal.signal(signal.SIGTERM, _on_sigterm)
    return _run(config, retry_failed=retry_failed, quiet=quiet, verbose=verbose)


def _run(config, *, retry_failed: bool, quiet: bool, verbose: bool) -> int:
    from pipeline.batch import Fanout, engine_for, ingest
    from pipeline.cli.console import progress_for_stream
    from pipeline.errors import ConfigError, LockedError
    from pipeline.nightly.lock import run_lock
    from pipeline.nightly.log import JsonLog
    from pipeline.store import open_db

    try:
        log = JsonLog(config.logs)
    except OSError as exc:
        raise ConfigError(f"log folder {config.logs}: cannot write there: {exc.strerror or exc}") from None
    try:
        # the lock comes first: migrations and the interrupted-run check must not race another run
        with run_lock(config.db, "run"):
            db = open_db(config.db)
            engine = engine_for(config.engine_name, config.workers, config.scheduler)
            result = ingest(db, config.inbox, command="run", engine=engine,
                            progress=Fanout(progress_for_stream(quiet, verbose), log), reextract=config.reextract,
                            max_attempts=config.max_attempts, retry_failed=retry_failed,
                            run_info={"engine": config.engine_name, "workers": config.workers,
                                      "paths": config.inbox, "log_path": log.path})
            from pipeline.nightly.report import write_report

            try:
                md_path, html_path = write_report(db, result.run_id, config.reports)
                log.write("report", markdown=md_path, html=html_path)
            except OSError as exc:  # the run's work is committed; only its report is missing
                md_path = None
                log.write("report_failed", folder=config.reports, reason=str(exc))
                click.echo(f"khooshe: cannot write the run report in {config.reports}: {exc.strerror or exc}", err=True)
    except LockedError as exc:
        log.write("locked", db=config.db, message=str(exc))
        raise
    finally:
        log.close()
    if not quiet:
        for line in summary_lines(db, result):
            click.echo(line)
        click.echo(f"report: {md_path} (and .html); log: {log.path}" if md_path else f"log: {log.path}")
    return EXIT_OK if result.ok and md_path else EXIT_SOME_FAILED


def summary_lines(db, result) -> list[str]:
    c = result.counts
    lines = []
    for run_id in result.interrupted_runs:
        lines.append(f"note: run {run_id} had been interrupted (its process stopped); this run picked up its work")
    lines.append(
        f"run {result.run_id}: {c['seen']} files seen: {c['new']} new, {c['changed']} changed, "
        f"{c['skipped']} unchanged, {c['failed']} failed, {c['held']} held; {c['reextracted']} documents "
        f"re-extracted; facts +{c['facts_added']} -{c['facts_removed']} ~{c['facts_changed']} "
        f"({result.seconds:.1f} s)")
    docs = db.execute("select count(*) from documents where status = 'ok'").fetchone()[0]
    facts = db.execute("select count(*) from facts").fetchone()[0]
    clusters = db.execute("select count(*) from clusters").fetchone()[0]
    lines.append(f"database: {docs} documents, {clusters} clusters, {facts} facts")
    return lines
