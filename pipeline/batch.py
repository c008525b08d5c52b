"""Batch ingestion: find files, skip what is stored, process the rest, write each in its own transaction.

One function, :func:`ingest`, serves ``khooshe ingest`` and the nightly ``khooshe run``:

1. **Lock.** It holds the run lock beside the database (:mod:`pipeline.nightly.lock`) for the whole
   batch, so two writers never overlap; a second one gets LockedError (exit code 3). Under the lock,
   runs still marked ``running`` belong to dead processes and are marked ``interrupted``.
2. **Quick check.** A file whose size and modification time match its ``files`` row is unchanged
   and not read. Otherwise its content hash decides: the same bytes are ``unchanged`` (or a
   ``duplicate`` under a new name) and are not parsed again; a file that failed before on the same
   bytes ``max_attempts`` times is ``held`` (not retried until it changes, or ``retry_failed``);
   failures that are bugs of a stage (code ``stage``) are never held.
3. **Engine.** Only new content is parsed, through an *engine* (the seam below), and each Outcome
   is written as it arrives, one transaction per document, by this process only.
4. **Re-extraction** (``reextract=True``): stored documents whose ``extractor_versions`` differ from
   ``extractors.versions()`` are re-extracted from their stored normalized text, through the same
   engine, without reading the files again.

The engine seam
---------------
An engine is a plain function ``engine(work, items) -> Iterator[Outcome]``:

* ``work`` is a module-level (picklable) function of one item that never raises and returns an
  :class:`~pipeline.process.Outcome`: :func:`pipeline.process.process_file` (item: a file path; the
  worker reads the file itself, so large files never travel through the engine) or
  :func:`pipeline.nightly.reextract.reextract_row` (item: a ``documents`` row as a dict).
* ``items`` is an iterable, possibly lazy: an engine should take items only as it has room for them.
* The engine yields each Outcome as soon as it is ready, in any order. When a task cannot complete
  for reasons of the engine (a worker process died on it), it yields ``lost_outcome(item, reason)``
  instead, so every item yields exactly one Outcome.
* It must not touch the database, and must clean up (stop its workers) when the generator is closed
  early (the run was interrupted).

:func:`local_engine` runs the work in this process; :func:`pipeline.nightly.pool.pool_engine` in a
process pool; :func:`pipeline.nightly.dask_engine.dask_engine` on a Dask cluster. :func:`engine_for`
maps names (``--engine``, ``engine =`` in khooshe.toml) to engines: a new engine adds its name there
and in :data:`pipeline.nightly.config.ENGINES`.
"""
from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from pipeline.errors import InputError, UnsupportedFormat, UsageError
from pipeline.process import Outcome, process_file
from pipeline.read import READERS, reader_for, supported
from pipeline.store import load

Engine = Callable[[Callable[[Any], Outcome], Iterable[Any]], Iterator[Outcome]]

_JUNK = {"thumbs.db", "desktop.ini", ".ds_store"}


def local_engine(work: Callable[[Any], Outcome], items: Iterable[Any]) -> Iterator[Outcome]:
    for item in items:
        yield work(item)


def lost_outcome(item: Any, reason: str) -> Outcome:
    """The failure Outcome of a task the engine could not complete (a path or a documents row)."""
    if isinstance(item, dict):
        return Outcome(path=item.get("path") or "", sha256=item.get("id"), size=item.get("size") or 0,
                       failure={"stage": "reextract", "code": "worker_lost", "reason": reason})
    return Outcome(path=str(item), sha256=None, size=0, failure={"stage": "worker", "code": "worker_lost", "reason": reason})


def engine_for(name: str, workers: int = 1, scheduler: str | None = None) -> Engine:
    """The engine called ``name`` (local | pool | dask), for ``workers`` processes; ``scheduler`` is a
    Dask scheduler's address (dask only; without one the dask engine starts a local cluster)."""
    if name == "local":
        return local_engine
    if name == "pool":
        from pipeline.nightly.pool import pool_engine

        return pool_engine(workers)
    if name == "dask":
        from pipeline.nightly.dask_engine import dask_engine  # imports no dask until there is work

        return dask_engine(workers, scheduler)
    raise UsageError(f"unknown engine {name!r}; the engines are local, pool, dask")


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
    A symbolic link to a folder is followed (its files must not vanish either), each real folder
    once; a link back up to the folder being read or above it is a loop and is not followed.
    """
    found: list[str] = []
    walked: set[str] = set()
    for p in paths:
        if not os.path.isdir(p):
            found.append(os.path.abspath(p))
            continue
        patterns: dict[str, tuple[str, ...]] = {}
        top = os.path.join(os.path.realpath(p), "")
        for root, dirs, files in os.walk(p, followlinks=True):
            real = os.path.realpath(root)
            if real in walked or (root != p and top.startswith(os.path.join(real, ""))):
                dirs[:] = []  # a link back up to the folder or above it (a loop), or to a folder already read
                continue
            walked.add(real)
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
    interrupted_runs: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class Progress:
    """What the batch reports as it goes. The CLI supplies a terminal bar or plain lines; the nightly
    run adds a JSON event log (:class:`pipeline.nightly.log.JsonLog`) through :class:`Fanout`.

    ``kind`` is one of the ``pipeline.store.load`` kinds (new, changed, duplicate, unchanged, failed,
    held, reextracted); ``detail`` carries document_id, facts_added, facts_removed, facts_changed,
    pages, seconds, attempts when known.
    """

    def start(self, total: int) -> None: ...
    def phase(self, name: str, total: int) -> None: ...
    def advance(self, path: str, kind: str, **detail: Any) -> None: ...
    def failure(self, path: str, reason: str, **detail: Any) -> None: ...
    def event(self, name: str, **fields: Any) -> None: ...
    def stop(self) -> None: ...


class Fanout(Progress):
    """Several Progress at once (the terminal and the log file)."""

    def __init__(self, *targets: Progress):
        self.targets = [t for t in targets if t is not None]

    def start(self, total):
        for t in self.targets:
            t.start(total)

    def phase(self, name, total):
        for t in self.targets:
            t.phase(name, total)

    def advance(self, path, kind, **detail):
        for t in self.targets:
            t.advance(path, kind, **detail)

    def failure(self, path, reason, **detail):
        for t in self.targets:
            t.failure(path, reason, **detail)

    def event(self, name, **fields):
        for t in self.targets:
            t.event(name, **fields)

    def stop(self):
        for t in self.targets:
            t.stop()


def _stat(path: str) -> tuple[int, float] | None:
    try:
        st = os.stat(path)
        return st.st_size, st.st_mtime
    except OSError:
        return None


def _why_unopenable(path: str) -> str:
    """One line on why ``os.stat`` fails: a dangling or looping symbolic link says so."""
    try:
        os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            if exc.errno == errno.ELOOP:
                return "a symbolic link that loops (too many levels of symbolic links)"
            return f"a broken symbolic link (to {os.readlink(path)}): {exc.strerror}"
        return f"cannot open file: {exc.strerror or exc}"
    return "file vanished or cannot be opened"


def _regular(path: str) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let the read report why


def hash_file(path: str) -> str:
    """The sha256 of a file, read in blocks (a large PDF is not loaded whole just to be recognized)."""
    from pipeline.read import opened

    with opened(path) as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


CHECKPOINT_SECONDS = 2.0
_COUNT_OF = {load.NEW: "new", load.CHANGED: "changed", load.DUPLICATE: "skipped", load.UNCHANGED: "skipped"}


def ingest(db, paths: Iterable[str], *, command: str = "ingest", engine: Engine | None = None,
           progress: Progress | None = None, reextract: bool = False, max_attempts: int = 0,
           retry_failed: bool = False, run_info: dict[str, Any] | None = None) -> BatchResult:
    """Ingest ``paths`` (files and folders) into ``db`` as one run; see the module docstring.

    ``max_attempts`` 0 retries every failed file on every run (``khooshe ingest``); the nightly run
    passes its configured cap. ``run_info`` goes into the run row (engine, workers, paths, log_path).
    Raises LockedError when another process holds the run lock.
    """
    from pipeline.nightly.lock import db_file, run_lock

    db_path = db_file(db)
    with run_lock(db_path, command) if db_path else nullcontext():
        return _ingest_locked(db, list(paths), command=command, engine=engine or local_engine,
                              progress=progress or Progress(), reextract=reextract, max_attempts=max_attempts,
                              retry_failed=retry_failed, run_info=run_info or {})


def _ingest_locked(db, paths: list[str], *, command, engine, progress, reextract, max_attempts, retry_failed,
                   run_info) -> BatchResult:
    t0 = time.perf_counter()
    if db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        # One fsync per checkpoint rather than per document (it was half the time of a small file). In WAL
        # mode this stays consistent after any crash; a power cut may roll back the last documents, which
        # are then simply not in `files` and the next run processes them again.
        db.execute("PRAGMA synchronous = NORMAL")
    interrupted = load.recover_interrupted_runs(db)
    run_id = load.start_run(db, command, **run_info)
    counts = dict(seen=0, new=0, changed=0, skipped=0, failed=0, held=0, reextracted=0,
                  facts_added=0, facts_removed=0, facts_changed=0, pages=0)
    result = BatchResult(run_id, counts, interrupted_runs=[r["id"] for r in interrupted])
    stats: dict[str, tuple[int, float]] = {}
    last_checkpoint = time.monotonic()

    def checkpoint() -> None:
        nonlocal last_checkpoint
        if time.monotonic() - last_checkpoint >= CHECKPOINT_SECONDS:
            load.checkpoint_run(db, run_id, counts)
            last_checkpoint = time.monotonic()

    def fail(path: str, failure: dict, sha: str | None = None, size: int | None = None) -> None:
        failure = dict(failure, reason=" ".join(str(failure["reason"]).split()))  # one line, whatever a library said
        st = stats.get(path)
        attempts = load.record_failure(db, path, sha, failure, run_id, st[0] if st else size, st[1] if st else None)
        counts["failed"] += 1
        result.failures.append((path, failure["reason"]))
        progress.failure(path, failure["reason"], stage=failure["stage"], code=failure["code"], attempts=attempts)
        progress.advance(path, load.FAILED, attempts=attempts)

    def wrote(path: str, written: load.Written, **detail: Any) -> None:
        counts[_COUNT_OF.get(written.kind, written.kind)] += 1
        counts["facts_added"] += written.added
        counts["facts_removed"] += written.removed
        counts["facts_changed"] += written.changed
        progress.advance(path, written.kind, facts_added=written.added, facts_removed=written.removed,
                         facts_changed=written.changed, **detail)
        checkpoint()

    status, note = "interrupted", None
    try:
        progress.event("run_started", run=run_id, **{"command": command, "paths": paths, **run_info})
        for r in interrupted:
            progress.event("run_marked_interrupted", run=r["id"], pid=r["pid"], host=r["host"],
                           started=r["started_at"])
        files = discover(paths)
        counts["seen"] = len(files)
        progress.start(len(files))
        known = load.known_files(db)
        failed_before = load.known_failures(db)
        _clear_vanished_failures(db, run_id, paths, set(files), failed_before, progress)
        todo: dict[tuple[str, str], list[str]] = {}  # (content hash, reader) -> paths: the first parsed, the others linked
        for path in files:
            st = _stat(path)
            if st is None:
                fail(path, {"stage": "read", "code": "unreadable", "reason": _why_unopenable(path)})
                continue
            stats[path] = st
            prev = known.get(path)
            if prev and (prev[0], prev[1]) == st and prev[3] == "ok":
                counts["skipped"] += 1
                progress.advance(path, load.UNCHANGED)
                continue
            before = failed_before.get(path)
            # The cap is for files that are bad (corrupt, encrypted, empty...). A bug in a stage (code "stage")
            # is Khooshe's fault: retried every run, so the files come in once the fix is installed.
            capped = bool(before and max_attempts and not retry_failed and before["code"] != "stage"
                          and before["attempts"] >= max_attempts)
            if capped and (before["size"], before["mtime"]) == st:
                counts["held"] += 1
                progress.advance(path, load.HELD, attempts=before["attempts"])
                continue
            if not _regular(path):  # reading a FIFO would hang the run
                fail(path, {"stage": "read", "code": "unreadable", "reason": "not a regular file (a pipe, socket or device)"})
                continue
            if not supported(path):  # before hashing: it must not stand for a readable copy of its bytes
                try:
                    reader_for(path)
                except UnsupportedFormat as exc:
                    fail(path, {"stage": "read", "code": exc.code, "reason": str(exc)})
                continue
            try:
                sha = hash_file(path)
            except InputError as exc:
                fail(path, {"stage": "read", "code": exc.code, "reason": str(exc)})
                continue
            if capped and before["sha256"] == sha:
                counts["held"] += 1
                progress.advance(path, load.HELD, attempts=before["attempts"])
                continue
            if load.document_status(db, sha) == "ok":  # bytes already stored: no need to parse them again
                wrote(path, load._link(db, path, sha, st[0], st[1], run_id), document_id=sha)
                continue
            # the same bytes under two extensions are read by each reader: report.docx, a deck misnamed,
            # fails on its own and does not take report.pptx down with it
            todo.setdefault((sha, READERS[os.path.splitext(path)[1].lower()]), []).append(path)
        checkpoint()

        progress.phase("processing", len(todo))
        copies = {paths_[0]: paths_[1:] for paths_ in todo.values()}
        for outcome in engine(process_file, list(copies)):
            if not outcome.ok:
                fail(outcome.path, outcome.failure, outcome.sha256, outcome.size)
                for other in copies.get(outcome.path, ()):
                    fail(other, outcome.failure, outcome.sha256, outcome.size)
                continue
            st = stats.get(outcome.path) or (outcome.size, 0.0)
            counts["pages"] += outcome.document.get("pages") or 0
            wrote(outcome.path, load.save_outcome(db, outcome, st[1], run_id), document_id=outcome.sha256,
                  pages=outcome.document.get("pages"), seconds=round(outcome.seconds, 3))
            for other in copies.get(outcome.path, ()):
                ost = stats[other]
                wrote(other, load._link(db, other, outcome.sha256, ost[0], ost[1], run_id), document_id=outcome.sha256)

        if reextract:
            _reextract(db, run_id, engine, progress, counts, result, checkpoint, present=set(files))
        status = "some_failed" if counts["failed"] else "ok"
    except BaseException as exc:
        note = f"stopped by {type(exc).__name__}: {exc}".strip().rstrip(":")
        raise
    finally:
        result.seconds = time.perf_counter() - t0
        try:
            load.finish_run(db, run_id, counts, status, result.seconds, **({"note": note} if note else {}))
        finally:
            progress.event("run_finished", run=run_id, status=status, seconds=round(result.seconds, 3), note=note,
                           **counts)
            progress.stop()
    return result


def _clear_vanished_failures(db, run_id: int, paths: list[str], found: set[str], failed_before: dict,
                             progress: Progress) -> None:
    """A failed file that is no longer in a folder being read is no longer outstanding: its row goes."""
    roots = [os.path.join(os.path.abspath(p), "") for p in paths if os.path.isdir(p)]
    for path in list(failed_before):
        if path not in found and any(path.startswith(r) for r in roots) and not os.path.lexists(path):
            load.clear_failure(db, path, run_id)
            failed_before.pop(path)
            progress.event("failure_cleared", path=path, reason="the file is no longer in the inbox")


def _reextract(db, run_id: int, engine: Engine, progress: Progress, counts: dict, result: BatchResult,
               checkpoint: Callable[[], None], present: set[str] | None = None) -> None:
    """Re-extract stored documents whose extractor, normalizer or reader versions are not the current ones."""
    import extractors

    from pipeline.nightly.reextract import reextract_row
    from pipeline.repair import version as normalizer_version

    from pipeline.read import reader_versions

    stale = load.stale_documents(db, extractors.versions(), normalizer_version(), reader_versions(), present)
    if not stale:
        return
    progress.phase("re-extracting", len(stale))
    progress.event("reextract_started", run=run_id, documents=len(stale), versions=extractors.versions())
    rows = (row for row in (load.document_row(db, doc_id) for doc_id in stale) if row and row["status"] == "ok")
    for outcome in engine(reextract_row, rows):
        if not outcome.ok:
            failure = dict(outcome.failure, stage="reextract")
            attempts = load.record_failure(db, outcome.path, outcome.sha256, failure, run_id)
            counts["failed"] += 1
            result.failures.append((outcome.path, failure["reason"]))
            progress.failure(outcome.path, failure["reason"], stage="reextract", code=failure["code"],
                             attempts=attempts, document_id=outcome.sha256)
            progress.advance(outcome.path, load.FAILED)
            continue
        text = {k: outcome.document[k] for k in load.REREAD_COLUMNS if k in outcome.document} or None
        written = load.replace_extraction(db, outcome.sha256, outcome.facts, outcome.clusters,
                                          outcome.document["extractor_versions"], run_id, text=text)
        counts["reextracted"] += 1
        counts["facts_added"] += written.added
        counts["facts_removed"] += written.removed
        counts["facts_changed"] += written.changed
        progress.advance(outcome.path, load.REEXTRACTED, document_id=outcome.sha256, facts_added=written.added,
                         facts_removed=written.removed, facts_changed=written.changed,
                         seconds=round(outcome.seconds, 3))
        checkpoint()
