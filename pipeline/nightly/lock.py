"""One writer at a time: an advisory lock on a file beside the database.

``fcntl.flock`` on ``<database>.lock``. The kernel drops the lock when the process that holds it dies,
however it dies (SIGKILL, OOM, power cut), so a lock left by a killed run never blocks the next one:
the file stays, but nobody holds it. The file's content (pid, host, start, command) only serves the
message the second run prints. The lock is re-entrant within a process (``khooshe run`` takes it
before opening the database, and the batch it calls takes it again) and never inherited by the
worker processes, which are spawned and do not write.

flock is reliable on local file systems; on NFS it depends on the client. Keep the database on a local disk.
"""
from __future__ import annotations

import json
import os
import socket
import time
from contextlib import contextmanager
from typing import Iterator

from pipeline.errors import LockedError

_HELD: dict[str, int] = {}  # lock path -> open fd, for the locks this process holds


def lock_path_for(db_path: str) -> str:
    return os.path.realpath(db_path) + ".lock"


def db_file(db) -> str | None:
    """The file behind a sqlite-utils Database (None for an in-memory one)."""
    for _, name, filename in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return filename or None
    return None


def holder(lock_path: str) -> dict:
    """What the lock file says about its last holder (may be stale: the lock itself is the truth)."""
    try:
        with open(lock_path, encoding="utf-8") as fh:
            return json.loads(fh.read() or "{}")
    except (OSError, ValueError):
        return {}


def describe(info: dict) -> str:
    if not info:
        return "another process"
    return (f"process {info.get('pid', '?')} on {info.get('host', '?')} "
            f"({info.get('command', 'khooshe')}, started {info.get('started', '?')})")


@contextmanager
def run_lock(db_path: str, command: str = "run") -> Iterator[str]:
    """Hold the run lock of ``db_path`` for the block; raise LockedError at once if another process has it."""
    import fcntl

    path = lock_path_for(db_path)
    if path in _HELD:  # re-entrant: this process holds it already
        yield path
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise LockedError(f"another run holds the lock on {db_path}: {describe(holder(path))}; "
                          f"this run did nothing (lock file {path})") from None
    except OSError as exc:
        os.close(fd)
        raise LockedError(f"cannot lock {path}: {exc.strerror or exc}") from None
    try:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": command,
                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        _HELD[path] = fd
        yield path
    finally:
        _HELD.pop(path, None)
        try:
            os.ftruncate(fd, 0)  # the file stays (deleting it would race a run opening it); its content goes
        finally:
            os.close(fd)  # closing the last descriptor releases the flock


def is_held(db_path: str) -> dict | None:
    """For ``khooshe status``: the holder's info when the lock file names a live process, else None.

    Never takes the lock itself (a status call must not make a starting run fail): it checks that the
    pid in the file is alive on this host.
    """
    info = holder(lock_path_for(db_path))
    if not info.get("pid"):
        return None
    if info.get("host") != socket.gethostname():
        return info
    try:
        os.kill(int(info["pid"]), 0)
    except ProcessLookupError:
        return None
    except (PermissionError, ValueError):
        pass
    return info
