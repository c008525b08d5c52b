"""Terminal output: a progress bar on a terminal, plain lines otherwise (cron, pipes)."""
from __future__ import annotations

import sys
from typing import Any

import click

from pipeline.batch import Progress

from pipeline.textutil import shown  # noqa: F401  (the commands import it from here)


class TerminalProgress(Progress):
    """A rich progress bar on stderr; failures are printed above it as they happen."""

    def __init__(self, verbose: bool = False):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=self.console, transient=True)
        self.task = None
        self.verbose = verbose
        self.started = False

    def start(self, total: int) -> None:
        if not self.started:
            self.bar.start()
            self.started = True
        self.task = self.bar.add_task("checking", total=total)

    def phase(self, name: str, total: int) -> None:
        if total and self.started:
            if self.task is not None:
                self.bar.remove_task(self.task)
            self.task = self.bar.add_task(name, total=total)

    def advance(self, path: str, kind: str, **detail: Any) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=f"{kind:>11} {path.rsplit('/', 1)[-1][:40]}")
        if self.verbose and kind not in ("unchanged", "failed"):
            self.console.print(f"{kind:>11} {path}", markup=False, highlight=False)

    def failure(self, path: str, reason: str, **detail: Any) -> None:
        from rich.markup import escape

        self.console.print(f"[red]FAILED[/red] {escape(shown(path))}: {escape(shown(reason))}", markup=True,
                           highlight=False)

    def stop(self) -> None:
        if self.started:
            self.bar.stop()
            self.started = False


class PlainProgress(Progress):
    """No bar: one line per failure on stderr; with ``verbose``, one line per file parsed on stdout."""

    def __init__(self, verbose: bool = False):
        self.verbose = verbose

    def advance(self, path: str, kind: str, **detail: Any) -> None:
        if self.verbose and kind not in ("unchanged", "failed"):
            click.echo(f"{kind} {path}")

    def failure(self, path: str, reason: str, **detail: Any) -> None:
        click.echo(f"FAILED {shown(path)}: {shown(reason)}", err=True)


def progress_for_stream(quiet: bool = False, verbose: bool = False) -> Progress:
    if not quiet and sys.stderr.isatty():
        return TerminalProgress(verbose=verbose)
    return PlainProgress(verbose=verbose and not quiet)
