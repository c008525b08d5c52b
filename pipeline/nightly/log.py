"""The event log: one JSON object per line, one file per day, in the log folder (default outputs/logs/).

Each line has ``ts`` (UTC, ISO 8601), ``event``, ``run`` (the run id, once known), ``pid``, and the
event's fields. Events: ``run_started``, ``run_marked_interrupted`` (a dead run found by this one),
``file`` (one per new, changed, duplicate, held, failed or re-extracted file; unchanged files are only
counted, in ``run_finished``), ``failure``, ``reextract_started``, ``run_finished`` (status and all the
counts), ``report`` (the report's paths), ``locked`` (this run found another one running and stopped).

Lines are written whole with O_APPEND and flushed at once, so a run killed mid-way leaves a log that
ends at its last event, and two processes appending to the same day's file do not interleave lines.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from pipeline.batch import Progress


def log_file(log_dir: str, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now()
    return os.path.join(log_dir, f"khooshe-{when:%Y-%m-%d}.jsonl")


class JsonLog(Progress):
    def __init__(self, log_dir: str):
        os.makedirs(log_dir, exist_ok=True)
        self.path = log_file(log_dir)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        self.run: int | None = None

    def write(self, event: str, **fields: Any) -> None:
        if self.fd is None:
            return
        record = {"ts": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"), "event": event,
                  "run": self.run, "pid": os.getpid()}
        record.update({k: v for k, v in fields.items() if v is not None})
        os.write(self.fd, (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8"))

    # Progress
    def event(self, name: str, **fields: Any) -> None:
        if name == "run_started":
            self.run = fields.pop("run", None)
        elif name in ("run_finished",):
            fields.pop("run", None)
        self.write(name, **fields)

    def advance(self, path: str, kind: str, **detail: Any) -> None:
        if kind not in ("unchanged", "failed"):  # unchanged: counted at the end; failed: its own event
            self.write("file", path=path, kind=kind, **detail)

    def failure(self, path: str, reason: str, **detail: Any) -> None:
        self.write("failure", path=path, reason=reason, **detail)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
