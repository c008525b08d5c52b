"""Terminal output: a progress bar on a terminal, plain lines otherwise (cron, pipes)."""
from __future__ import annotations

import sys

import click

from pipeline.batch import Progress


class TerminalProgress(Progress):
    """A rich progress bar on stderr; failures are printed above it as they happen."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=self.console, transient=True)
        self.task = None

    def start(self, total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("ingesting", total=total)

    def advance(self, path: str, kind: str) -> None:
        self.bar.update(self.task, advance=1, description=f"{kind:>10} {path.rsplit('/', 1)[-1][:40]}")

    def failure(self, path: str, reason: str) -> None:
        self.console.print(f"[red]FAILED[/red] {path}: {reason}", markup=True, highlight=False)

    def stop(self) -> None:
        self.bar.stop()


class PlainProgress(Progress):
    """No bar: one line per failure on stderr."""

    def failure(self, path: str, reason: str) -> None:
        click.echo(f"FAILED {path}: {reason}", err=True)


def progress_for_stream(quiet: bool = False) -> Progress:
    if not quiet and sys.stderr.isatty():
        return TerminalProgress()
    return PlainProgress()
