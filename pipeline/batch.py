"""Batch ingestion: find files, skip what is stored, process the rest, write each in its own transaction.

The quick check compares a file's size and modification time with the ``files`` row; when they differ
the content hash decides: the same bytes are ``unchanged`` (or a ``duplicate`` under a new name) and
are not parsed again. Only new content goes through :func:`pipeline.process.process_bytes`, through
an *engine*: any callable that takes the paths to process and yields their Outcomes as they finish.
The local engine runs them in this process; pools and clusters plug in the same way. Only this
process writes to the database.
"""
from __future__ import annotations

import fnmatch
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from pipeline.errors import InputError
from pipeline.process import Outcome, process_file
from pipeline.store import load

Engine = Callable[[list[str]], Iterator[Outcome]]

_JUNK = {"thumbs.db", "desktop.ini", ".ds_store"}


def local_engine(paths: list[str]) -> Iterator[Outcome]:
    for path in paths:
        yield process_file(path)


IGNORE_FILE = ".khoosheignore"


def _ignore_patterns(folder: str, inherited: tuple[str, ...]) -> tuple[str, ...]:
    """Patterns from a folder's .khoosheignore (one glob per line, # comments) apply to it and below."""
    path = os.path.join(folder, IGNORE_FILE)
    if not os.path.isfile(path):
        return inherited
    with open(path, encoding="utf-8") as fh:
        own = [line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")]
    return inherited + tuple(own)


def discover(paths: Iterable[str]) -> list[str]:
    """Files under ``paths`` (folders walked recursively), absolute and sorted.

    Hidden files, editor lock files and OS junk are left out, and so is whatever a folder's
    ``.khoosheignore`` names (the corpus uses it for the scripts that made its fixtures). Any other
    file is returned, even one no reader handles: it must become a recorded failure, not vanish.
    """
    found: list[str] = []
    for p in paths:
        if not os.path.isdir(p):
            found.append(os.path.abspath(p))
            continue
        patterns: dict[str, tuple[str, ...]] = {}
        for root, dirs, files in os.walk(p):
            mine = _ignore_patterns(root, patterns.get(os.path.dirname(root), ()))
            patterns[root] = mine

            def keep(name: str, mine=mine) -> bool:
                return not name.startswith(".") and not any(fnmatch.fnmatch(name, pat) for pat in mine)

            dirs[:] = sorted(d for d in dirs if keep(d))
            for name in sorted(files):
                if name.startswith("~$") or name.lower() in _JUNK or not keep(name):
                    continue
                found.append(os.path.abspath(os.path.join(root, name)))
    return sorted(dict.fromkeys(found))


@dataclass
class BatchResult:
    run_id: int
    counts: dict[str, int]
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


class Progress:
    """What the batch reports as it goes; the CLI supplies a terminal or a silent one."""

    def start(self, total: int) -> None: ...
    def advance(self, path: str, kind: str) -> None: ...
    def failure(self, path: str, reason: str) -> None: ...
    def stop(self) -> None: ...


def _stat(path: str) -> tuple[int, float] | None:
    try:
        st = os.stat(path)
        return st.st_size, st.st_mtime
    except OSError:
        return None


def ingest(db, paths: Iterable[str], *, command: str = "ingest", engine: Engine = local_engine,
           progress: Progress | None = None) -> BatchResult:
    from pipeline.read import load_bytes, sha256_of

    progress = progress or Progress()
    t0 = time.perf_counter()
    run_id = load.start_run(db, command)
    counts = dict(seen=0, new=0, changed=0, skipped=0, failed=0, facts_added=0, facts_removed=0)
    result = BatchResult(run_id, counts)
    files = discover(paths)
    counts["seen"] = len(files)
    progress.start(len(files))
    todo: list[str] = []
    stats: dict[str, tuple[int, float]] = {}

    def fail(path: str, failure: dict, sha: str | None = None) -> None:
        load.record_failure(db, path, sha, failure, run_id)
        counts["failed"] += 1
        result.failures.append((path, failure["reason"]))
        progress.failure(path, failure["reason"])
        progress.advance(path, load.FAILED)

    status = "interrupted"
    try:
        for path in files:
            st = _stat(path)
            if st is None:
                fail(path, {"stage": "read", "code": "unreadable", "reason": "file vanished or cannot be opened"})
                continue
            stats[path] = st
            prev = load.file_row(db, path)
            if prev and (prev["size"], prev["mtime"]) == st and load.document_status(db, prev["document_id"]) == "ok":
                counts["skipped"] += 1
                progress.advance(path, load.UNCHANGED)
                continue
            try:
                sha = sha256_of(load_bytes(path))
            except InputError as exc:
                fail(path, {"stage": "read", "code": exc.code, "reason": str(exc)})
                continue
            if load.document_status(db, sha) == "ok":  # bytes already stored: no need to parse them again
                changed, removed = load.link_file(db, path, sha, *st)
                counts["changed" if changed else "skipped"] += 1
                counts["facts_removed"] += removed
                progress.advance(path, load.CHANGED if changed else load.UNCHANGED)
                continue
            todo.append(path)
        for outcome in engine(todo):
            size_mtime = stats.get(outcome.path) or _stat(outcome.path) or (outcome.size, 0.0)
            if not outcome.ok:
                fail(outcome.path, outcome.failure, outcome.sha256)
                continue
            kind, added, removed = load.save_outcome(db, outcome, size_mtime[1], run_id)
            counts[{load.NEW: "new", load.CHANGED: "changed"}.get(kind, "skipped")] += 1
            counts["facts_added"] += added
            counts["facts_removed"] += removed
            progress.advance(outcome.path, kind)
        status = "some_failed" if counts["failed"] else "ok"
    finally:
        result.seconds = time.perf_counter() - t0
        progress.stop()
        load.finish_run(db, run_id, counts, status, result.seconds)
    return result
