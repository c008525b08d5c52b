"""The ``khooshe`` command: a thin layer that parses options and calls the stages.

Each command lives in its own module and is imported only when it runs, so ``khooshe --help`` and
``khooshe status`` never pay for hazm, spaCy or pdfplumber. Errors raised as KhoosheError become
one line on stderr and the exit code documented in :mod:`pipeline.errors`.
"""
from __future__ import annotations

import importlib
import sys

import click

from pipeline import __version__
from pipeline.errors import EXIT_USAGE, KhoosheError

# name -> (module, one-line help shown by `khooshe --help` without importing the module)
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("pipeline.cli.ingest", "Read files and folders into the database."),
    "normalize": ("pipeline.cli.normalize", "Print a file's repaired, normalized text."),
    "extract": ("pipeline.cli.extract", "Print a file's facts, without a database."),
    "status": ("pipeline.cli.status", "Show the database, the last runs and outstanding failures."),
    "clusters": ("pipeline.cli.clusters", "One row per cluster with its key facts and their sources."),
    "facts": ("pipeline.cli.facts", "Facts with their evidence and source, by type, cluster or province."),
    "query": ("pipeline.cli.query", "Run one read-only SQL statement; table, CSV or JSON."),
    "search": ("pipeline.cli.search", "Full-text search of the documents and the facts' evidence."),
    "export": ("pipeline.cli.export", "Write all facts with provenance to CSV, JSONL or XLSX."),
    "serve": ("pipeline.cli.serve", "Browse the database in Datasette, read-only, on this machine."),
    "run": ("pipeline.cli.run", "Nightly run: new and changed files, re-extraction, log and report."),
    "correct": ("pipeline.cli.correct", "Correct or reject a fact; the correction survives re-extraction."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        return importlib.import_module(COMMANDS[name][0]).command

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="khooshe")
def cli():
    """Khooshe (خوشه): Persian business-cluster reports in, facts with their evidence out.

    Reads PDF, DOCX, PPTX, HTML and text reports, repairs broken right-to-left text, extracts facts
    (counts, dates, durations, strategies, organizations) with the sentence each came from, and
    stores them in SQLite (default outputs/khooshe.db).
    """


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="khooshe", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code if exc.exit_code is not None else EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        code = 130
    except KhoosheError as exc:
        from pipeline.textutil import shown

        where = f"{shown(str(exc.path))}: " if getattr(exc, "path", None) else ""  # a single-file command names its file
        click.echo(f"khooshe: {where}{exc}", err=True)
        code = exc.exit_code
    except BrokenPipeError:  # `khooshe ... | head`: the reader left, nothing to report
        sys.stderr.close()
        code = 0
    sys.exit(code or 0)
