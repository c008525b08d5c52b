"""The Dask engine: documents (and a long scan's pages) parsed on a Dask cluster, written by this process.

``dask_engine(workers, scheduler=None)`` returns an engine (see :mod:`pipeline.batch` for the seam).
Without a scheduler address it starts a ``distributed.LocalCluster`` of ``workers`` worker processes
(one thread each, no dashboard, on 127.0.0.1 only; no memory limit of Dask's own, as with the pool: a
big PDF may use the machine's memory); with one it connects to a running scheduler, whose workers may
be on other machines. ``dask`` and ``distributed`` are imported only when a run has something to
parse, so a local run never loads them (they are the optional extra ``khooshe-pipeline[dask]``).

* **What travels.** A task is ``run_document(work, item)``: the item is a file path (or, for a
  re-extraction, a ``documents`` row), and the worker reads the file itself from the shared inbox, so
  large files never go through the scheduler. Only Outcome rows come back. This process alone opens
  the database.
* **Scanned PDFs by page.** OCR (about 3 s a page) is the costly part, so one long scan must not hold
  a worker while the others idle. A document task runs under :func:`pipeline.read.ocr.deferred`: a PDF
  with ``split_from`` or more pages to OCR stops before OCR and returns an :class:`OcrPlan` (its sha256
  and page numbers). The engine then submits one ``ocr_page`` task per page and an ``assemble`` task
  that depends on them: it runs the same work function on the same path under
  :func:`pipeline.read.ocr.supplied`, so the reader takes the pages' texts instead of OCRing, and the
  Outcome is the one a local run makes (a page whose OCR failed is OCR'd again there, so its failure
  reads the same as a local run's; a file changed in between is simply read whole).
* **Streaming.** At most ``IN_FLIGHT_PER_THREAD x threads`` documents are in flight (re-counted as
  workers join or leave); results come back with ``distributed.as_completed`` as they finish, and the
  caller writes them. Four per thread, not two: a result's trip back and the next submission are on
  the critical path of small documents (measured: 7.2 ms per empty task with two, 5.9 with four).
* **A worker that dies** (killed, a parser crash, out of memory): the scheduler gives its task to
  another worker; after ``allowed_failures`` further deaths (``distributed.scheduler.allowed-failures``,
  3 on our local cluster) the task is ``KilledWorker`` and becomes one ``worker_lost`` failure. Each
  worker runs one task at a time and gets no second one queued behind it
  (``worker-saturation`` 1.0 on our local cluster), so a poison document does not take innocent
  documents down with it. If tasks keep killing workers before any document finishes, the run stops
  with one line (:class:`~pipeline.nightly.pool.WorkersCannotRun`) instead of failing every file.
* **One core per task.** The local cluster's workers run tesseract with ``OMP_THREAD_LIMIT=1`` (unless
  it is set already): each worker already has its core, and tesseract's OpenMP threads, spinning for
  a core they do not get, cost five times the CPU of a page on a busy machine (``bench/bench_dask.py``);
  the text it reads is the same. Start remote workers with it too (README).
* **Same software.** Before the first task, and again in every task, the workers' Khooshe version and
  reader and extractor versions are compared with this process's: a worker with another installation
  stops the run with one line (its Outcomes would not be a local run's).
* Closing the generator early (SIGTERM, Ctrl-C) cancels the tasks in flight and stops the local
  cluster; a remote cluster is left running.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from pipeline.errors import KhoosheError, UsageError
from pipeline.process import Outcome

SPLIT_FROM = 2              # a PDF with this many pages to OCR becomes page tasks (1 page gains nothing)
ALLOWED_FAILURES = 3        # worker deaths a task may cause before it is recorded as lost (Dask's default)
CONNECT_TIMEOUT_S = 20      # waiting for a --scheduler to answer
WAIT_FOR_WORKERS_S = 120    # waiting for a --scheduler to have at least one worker
IN_FLIGHT_PER_THREAD = 4
WINDOW_REFRESH_S = 5.0      # how often the number of threads (workers joining, leaving) is asked again
DEATHS_BEFORE_GIVING_UP = 3


class SchedulerUnreachable(UsageError):
    """The --scheduler address does not answer, or has no worker (exit code 2: a setting to fix)."""

    code = "scheduler"


class ClusterError(KhoosheError):
    """The cluster cannot do the run: the local cluster did not start, the scheduler went away, or a
    worker runs another Khooshe installation."""

    code = "cluster"


@dataclass(frozen=True)
class OcrPlan:
    """What a document task returns for a PDF whose scanned pages become page tasks."""

    sha256: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class WrongInstallation:
    """What a task returns on a worker whose Khooshe differs from the run's."""

    worker: str
    fingerprint: dict


# --- worker side --------------------------------------------------------------------------------
def fingerprint() -> dict:
    """What must be the same on every machine for the Outcomes to be a local run's: the package version
    and the reader and extractor versions."""
    from importlib.metadata import PackageNotFoundError, version

    import extractors
    from pipeline.read import reader_versions

    try:
        package = version("khooshe-pipeline")
    except PackageNotFoundError:
        package = None
    return {"khooshe": package, "readers": reader_versions(), "extractors": extractors.versions()}


_worker_fingerprint: dict | None = None


def _own_fingerprint() -> dict:
    global _worker_fingerprint
    if _worker_fingerprint is None:  # a worker's installation does not change while it lives
        _worker_fingerprint = fingerprint()
    return _worker_fingerprint


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except Exception:  # run outside a worker (tests call the task functions directly)
        return f"pid {os.getpid()}"


def run_document(work: Callable[[Any], Outcome], item: Any, split_from: int, expected: dict | None = None):
    """A document task: ``work(item)``, or an :class:`OcrPlan` when the item is a PDF with
    ``split_from`` or more pages to OCR (0: never split)."""
    from pipeline.read import ocr

    if expected is not None and _own_fingerprint() != expected:
        return WrongInstallation(_worker_name(), _own_fingerprint())
    if not split_from:
        return work(item)
    try:
        with ocr.deferred(split_from):
            return work(item)
    except ocr.PagesToOcr as plan:
        return OcrPlan(plan.sha256, tuple(plan.numbers))


def ocr_page(path: str, sha256: str, number: int) -> list[str] | None:
    """A page task: the paragraphs OCR reads on page ``number`` of the PDF at ``path``; None when the
    bytes are no longer ``sha256`` or OCR fails (the assembly then OCRs that page itself, as a local
    run would, so a failure is reported the same way)."""
    from pipeline.errors import InputError
    from pipeline.read import load_bytes, ocr, sha256_of

    try:
        data = load_bytes(path)
        if sha256_of(data) != sha256:
            return None
        return ocr.ocr_pages(data, [number])[number]
    except (InputError, OSError):
        return None


def assemble(work: Callable[[Any], Outcome], item: Any, sha256: str, pages: tuple[int, ...], *texts,
             expected: dict | None = None):
    """The last task of a split scan: the document read again with its pages' OCR texts supplied."""
    from pipeline.read import ocr

    if expected is not None and _own_fingerprint() != expected:
        return WrongInstallation(_worker_name(), _own_fingerprint())
    supplied = {n: t for n, t in zip(pages, texts) if t is not None}
    with ocr.supplied(sha256, supplied):
        return work(item)


# --- this process -------------------------------------------------------------------------------
def _start(workers: int, scheduler: str | None, allowed_failures: int):
    """(client, cluster or None) for a local cluster of ``workers`` processes, or the given scheduler."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except Exception as exc:
            raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
        except Exception:
            client.close()
            raise SchedulerUnreachable(f"the Dask scheduler at {scheduler} has no worker (waited "
                                       f"{WAIT_FOR_WORKERS_S} s): start some with `dask worker {scheduler}`") from None
        return client, None
    try:
        # read by the scheduler as it starts: one task per worker at a time, so a worker's death makes
        # only its own task suspect
        with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=logging.CRITICAL,
                                   scheduler_kwargs={"allowed_failures": allowed_failures},
                                   memory_limit=0,  # like the pool: a task may use the machine's memory
                                   env={"OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")})
        client = Client(cluster, set_as_default=False)
    except Exception as exc:
        raise ClusterError(f"cannot start a local Dask cluster of {workers} workers: {type(exc).__name__}: {exc}") from None
    return client, cluster


def _check_installation(client, expected: dict) -> None:
    try:
        theirs = client.run(fingerprint)
    except Exception as exc:
        raise ClusterError(f"cannot ask the Dask workers for their Khooshe version: {type(exc).__name__}: {exc}") from None
    for worker, fp in sorted(theirs.items()):
        if fp != expected:
            raise _mismatch(worker, fp, expected)


def _mismatch(worker: str, theirs: dict, ours: dict) -> ClusterError:
    differ = [k for k in ours if theirs.get(k) != ours.get(k)]
    return ClusterError(f"the Dask worker at {worker} runs another Khooshe installation ({', '.join(differ)} "
                        f"differ: {', '.join(f'{k}={theirs.get(k)!r}' for k in differ)}); install the same "
                        "version on every machine")


def _lost_scheduler(scheduler: str | None, in_flight: int) -> ClusterError:
    where = f" at {scheduler}" if scheduler else ""
    return ClusterError(f"lost the Dask scheduler{where} (it stopped or restarted, or the network failed); the "
                        f"{in_flight} documents in flight are left for the next run")


def _why_lost(exc: BaseException | None) -> str:
    from distributed.scheduler import KilledWorker

    if isinstance(exc, KilledWorker):
        return (f"the worker process died while parsing this file, {exc.allowed_failures + 1} times on "
                "different workers (a crash in a parser, or out of memory)")
    return f"worker error: {type(exc).__name__}: {exc}"


def dask_engine(workers: int = 1, scheduler: str | None = None, *, split_from: int = SPLIT_FROM,
                in_flight: int | None = None, allowed_failures: int = ALLOWED_FAILURES,
                ) -> Callable[[Callable[[Any], Outcome], Iterable[Any]], Iterator[Outcome]]:
    import importlib.util

    if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("dask") is None:
        raise UsageError("the dask engine needs the packages dask and distributed, which are not installed: "
                         "pip install 'khooshe-pipeline[dask]' (in the checkout: .venv/bin/pip install -e '.[dask]')")
    workers = max(1, int(workers))

    def engine(work: Callable[[Any], Outcome], items: Iterable[Any]) -> Iterator[Outcome]:
        import itertools

        source = iter(items)
        first = next(source, _END)
        if first is _END:  # nothing to parse: no cluster, not even an import of dask
            return
        source = itertools.chain([first], source)
        import asyncio
        from concurrent.futures import CancelledError

        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        from pipeline.batch import lost_outcome
        from pipeline.nightly.pool import WorkersCannotRun

        expected = fingerprint()
        quiet = _quiet_dask_logs()
        try:
            client, cluster = _start(workers, scheduler, allowed_failures)
        except BaseException:
            quiet()
            raise
        tasks: dict = {}          # future -> item (a document, or the assembly of a split scan)
        finished = 0              # tasks that came back with an Outcome
        doubtful: list = []       # items lost before any task finished: a broken cluster, or bad files?
        done_with_source = False
        window, asked = 0, 0.0
        try:
            if scheduler:
                _check_installation(client, expected)
            pending = as_completed(loop=client.loop)

            def submit_document(item: Any) -> None:
                future = client.submit(run_document, work, item, split_from, expected, pure=False)
                tasks[future] = item
                pending.add(future)

            def refill() -> None:
                nonlocal done_with_source, window, asked
                if in_flight:
                    window = in_flight
                elif time.monotonic() - asked >= WINDOW_REFRESH_S:
                    threads = sum(client.nthreads().values()) or workers
                    window, asked = max(2, IN_FLIGHT_PER_THREAD * threads), time.monotonic()
                while not done_with_source and len(tasks) < window:
                    item = next(source, _END)
                    if item is _END:
                        done_with_source = True
                        return
                    submit_document(item)

            try:
                refill()
                for future in pending:
                    item = tasks[future]
                    if future.status == "cancelled":
                        raise _lost_scheduler(scheduler, len(tasks))
                    if future.status == "error":
                        exc = future.exception()
                        del tasks[future]
                        future.release()
                        if isinstance(exc, KilledWorker) and not finished:
                            doubtful.append((item, exc))
                            if len(doubtful) >= DEATHS_BEFORE_GIVING_UP:
                                raise WorkersCannotRun(
                                    f"Dask workers die before finishing any document ({len(doubtful)} documents "
                                    f"each killed {allowed_failures + 1} workers); check the workers' installation "
                                    "and memory") from None
                        else:
                            yield lost_outcome(item, _why_lost(exc))
                        refill()
                        continue
                    result = future.result()
                    del tasks[future]
                    future.release()
                    if isinstance(result, WrongInstallation):
                        raise _mismatch(result.worker, result.fingerprint, expected)
                    if isinstance(result, OcrPlan):
                        path = item if isinstance(item, str) else None
                        if path is None:  # pages are read from a path; anything else is parsed whole
                            future = client.submit(run_document, work, item, 0, expected, pure=False)
                        else:
                            pages = [client.submit(ocr_page, path, result.sha256, n, pure=False) for n in result.pages]
                            future = client.submit(assemble, work, item, result.sha256, result.pages, *pages,
                                                   expected=expected, pure=False, priority=1)
                        tasks[future] = item
                        pending.add(future)
                        continue
                    finished += 1
                    yield result
                    while doubtful:
                        lost, exc = doubtful.pop(0)
                        yield lost_outcome(lost, _why_lost(exc))
                    refill()
            except (OSError, CancelledError, asyncio.CancelledError):
                # the scheduler went away between a task's end and our fetching it (CommClosedError is an OSError)
                raise _lost_scheduler(scheduler, len(tasks)) from None
            for lost, exc in doubtful:  # nothing else came back: they are what they seemed
                yield lost_outcome(lost, _why_lost(exc))
        finally:
            try:
                _close(client, cluster, list(tasks))
            finally:
                quiet()

    engine.workers = workers  # type: ignore[attr-defined]
    engine.scheduler = scheduler  # type: ignore[attr-defined]
    return engine


def _quiet_dask_logs() -> Callable[[], None]:
    """Silence distributed's loggers in this process while the engine runs; returns the undo.

    What they would say (a worker restarted, the scheduler gone, with tracebacks) reaches the run as a
    recorded failure or one line of ours; under cron their tracebacks would only bury that line.
    """
    import logging

    saved = {}
    names = [n for n in list(logging.root.manager.loggerDict) if n.split(".")[0] in ("distributed", "tornado")]
    for name in {"distributed", "tornado", *names}:  # distributed gives some modules a level of their own
        log = logging.getLogger(name)
        saved[name] = log.level
        log.setLevel(logging.CRITICAL + 1)

    def undo() -> None:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)

    return undo


def _close(client, cluster, outstanding: list) -> None:
    """Cancel what nobody will store, let go of the scheduler, stop our own cluster."""
    try:
        if outstanding:
            client.cancel(outstanding)
    except Exception:
        pass
    try:
        client.close()
    finally:
        if cluster is not None:
            cluster.close()


_END = object()
