"""Shared test helpers: paths to the corpus and fixtures, and the real CLI run in-process."""
from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")
SEEDS = os.path.join(CORPUS, "seeds")
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def seed_path(prefix: str) -> str:
    return os.path.join(SEEDS, next(n for n in sorted(os.listdir(SEEDS)) if n.startswith(prefix)))


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def khooshe(capsys):
    """Run the real `khooshe` entry point in-process: khooshe("ingest", path, "--db", db) -> CliResult."""
    from pipeline.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
