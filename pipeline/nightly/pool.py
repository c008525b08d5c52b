"""The process-pool engine: documents parsed in parallel by worker processes, written by this one.

``pool_engine(workers)`` returns an engine (see :mod:`pipeline.batch` for the seam): a
``concurrent.futures.ProcessPoolExecutor`` with the *spawn* start method. Spawn, not fork: the parent
may hold threads (the progress bar), an open SQLite connection and the run lock, none of which a
child may inherit. Workers get a path (or a documents row) and return an Outcome of plain rows;
they never open the database.

* **Streaming.** At most ``2 x workers`` tasks are in flight; results are yielded as they finish, so
  memory stays flat and an interruption loses at most the documents being parsed.
* **A worker that dies** (a segfault in a parser, the OOM killer) breaks the pool. The pool is
  restarted and the tasks that were in flight are retried one at a time, so the culprit is found:
  it becomes one recorded failure ("worker process died"), the innocent ones are stored normally.
* **Orphans.** If the parent is killed (SIGKILL), each worker notices within a second that its parent
  is gone and exits, instead of waiting forever on the task queue.
* Workers ignore SIGINT: Ctrl-C stops the parent, which shuts the pool down.
"""
from __future__ import annotations

import os
from collections import deque
from typing import Any, Callable, Iterable, Iterator

from pipeline.errors import KhoosheError
from pipeline.process import Outcome

PARENT_CHECK_SECONDS = 1.0
DEATHS_BEFORE_GIVING_UP = 3


class WorkersCannotRun(KhoosheError):
    """Worker processes die before finishing any task: the environment is broken, not the files.

    Stopping the run is better than recording every file as failed (which would also count against
    their attempts).
    """

    code = "workers"


def _worker_init(parent_pid: int) -> None:
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent_pid:  # re-parented: the run that started us is gone
                os._exit(0)

    threading.Thread(target=watch, name="khooshe-parent-watch", daemon=True).start()


def pool_engine(workers: int, in_flight: int | None = None) -> Callable[[Callable[[Any], Outcome], Iterable[Any]], Iterator[Outcome]]:
    workers = max(1, int(workers))
    window = max(1, in_flight or 2 * workers)

    def engine(work: Callable[[Any], Outcome], items: Iterable[Any]) -> Iterator[Outcome]:
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        from pipeline.batch import lost_outcome

        source = iter(items)
        exhausted = False
        finished = 0               # tasks that came back from a worker
        deaths = 0                 # isolated tasks whose worker died, while none ever came back
        doubtful: list = []        # those tasks: recorded as failures only once some worker has finished a task
        suspects: deque = deque()  # tasks in flight when a worker died: retried one at a time
        inflight: dict = {}        # future -> (item, isolated)
        pool = None

        def new_pool():
            return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_worker_init, initargs=(os.getpid(),))

        try:
            while True:
                isolating = bool(suspects) or any(isolated for _, isolated in inflight.values())
                limit = 1 if isolating else window
                while len(inflight) < limit:
                    if suspects:
                        item, isolated = suspects.popleft(), True
                    elif not exhausted and not isolating:
                        item = next(source, _END)
                        if item is _END:
                            exhausted = True
                            break
                        isolated = False
                    else:
                        break
                    if pool is None:  # started on the first task: a run with nothing to parse starts no process
                        pool = new_pool()
                    inflight[pool.submit(work, item)] = (item, isolated)
                if not inflight:
                    if suspects:
                        continue
                    for item in doubtful:  # nothing else to try: they are what they seemed
                        yield lost_outcome(item, _DIED)
                    return
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    item, isolated = inflight.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if isolated:
                            if not finished:
                                deaths += 1
                                doubtful.append(item)
                                if deaths >= DEATHS_BEFORE_GIVING_UP:
                                    raise WorkersCannotRun(
                                        f"worker processes die before finishing any document ({deaths} tries); "
                                        "check the installation, or run with --workers 1") from None
                            else:
                                yield lost_outcome(item, _DIED)
                        else:
                            suspects.append(item)
                        continue
                    except Exception as exc:  # the task could not be sent or its result returned
                        yield lost_outcome(item, f"worker error: {type(exc).__name__}: {exc}")
                        continue
                    finished += 1
                    yield result
                    while doubtful:
                        yield lost_outcome(doubtful.pop(0), _DIED)
                if broken:
                    for item, isolated in inflight.values():
                        if isolated:
                            yield lost_outcome(item, _DIED)
                        else:
                            suspects.append(item)
                    inflight.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
        finally:
            if pool is not None:
                if inflight or not exhausted:  # closed early: do not wait for documents nobody will store
                    _stop(pool)
                else:
                    pool.shutdown(wait=True)

    engine.workers = workers  # type: ignore[attr-defined]
    return engine


def _stop(pool) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:  # the documents they are parsing will be parsed again by the next run
        if proc.is_alive():
            proc.terminate()


_END = object()
_DIED = "the worker process died while parsing this file (a crash in a parser, or out of memory)"

