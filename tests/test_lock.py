"""The run lock: two runs never overlap; the second exits 3 with a clear message; a lock left by a
killed run never blocks the next one."""
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from test_run import rows, write_report

HOLD = ("import sys, time\n"
        "from pipeline.nightly.lock import run_lock\n"
        "with run_lock(sys.argv[1], 'holder'):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(120)\n")


@pytest.fixture
def holder(tmp_path):
    """Another process that holds the lock of tmp_path/k.db until killed."""
    db = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_report(folder, "kerman")
    return folder


def test_a_run_while_another_holds_the_lock_exits_3_with_who_holds_it(khooshe, holder, inbox, tmp_path):
    db = tmp_path / "k.db"
    result = khooshe("run", inbox, "--db", db, "--workers", "1")
    assert result.code == 3
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert "another run holds the lock" in lines[0] and f"process {holder.pid} on {socket.gethostname()}" in lines[0]
    assert "(holder, started " in lines[0]
    assert not db.exists()  # the database was not even opened
    log = next((tmp_path / "logs").glob("*.jsonl")).read_text(encoding="utf-8").splitlines()
    assert json.loads(log[-1])["event"] == "locked"


def test_ingest_takes_the_same_lock(khooshe, holder, inbox, tmp_path):
    db = tmp_path / "k.db"
    result = khooshe("ingest", inbox, "--db", db)
    assert result.code == 3 and "another run holds the lock" in result.err
    assert rows(db, "select count(*) from runs")[0][0] == 0  # no run row: the batch never started


def test_the_lock_of_a_killed_process_does_not_block_the_next_run(khooshe, holder, inbox, tmp_path):
    db = tmp_path / "k.db"
    assert khooshe("run", inbox, "--db", db, "--workers", "1").code == 3
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    lock = tmp_path / "k.db.lock"
    assert json.loads(lock.read_text())["pid"] == holder.pid  # the file still names the dead holder
    result = khooshe("run", inbox, "--db", db, "--workers", "1")
    assert result.code == 0, result.err
    assert rows(db, "select status, new from runs") == [("ok", 1)]
    assert lock.read_text() == ""  # released: content cleared, file kept


def test_a_stale_lock_file_naming_a_dead_process_is_ignored(khooshe, inbox, tmp_path):
    (tmp_path / "k.db.lock").write_text(json.dumps({"pid": 999999, "host": socket.gethostname(),
                                                    "command": "run", "started": "yesterday"}))
    assert khooshe("run", inbox, "--db", tmp_path / "k.db", "--workers", "1").code == 0


def test_the_lock_is_reentrant_in_one_process_and_released_after(tmp_path):
    from pipeline.nightly.lock import is_held, run_lock

    db = str(tmp_path / "k.db")
    with run_lock(db, "outer"):
        with run_lock(db, "inner"):
            assert json.loads(open(db + ".lock").read())["command"] == "outer"
        assert is_held(db)["pid"] == os.getpid()  # the inner exit did not release it
    assert is_held(db) is None


def test_status_says_a_run_is_in_progress(khooshe, holder, inbox, tmp_path):
    from pipeline.store import open_db

    db = tmp_path / "k.db"
    open_db(str(db))
    out = khooshe("status", "--db", db).out
    assert f"a run is in progress: process {holder.pid}" in out


def _many_reports(tmp_path, n):
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for i in range(n):
        write_report(inbox, f"cluster{i:03d}", phone=f"0253{i:07d}")
    return inbox


def _wait_for_lock(lock, pid, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if json.loads(lock.read_text() or "{}").get("pid") == pid:
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    raise AssertionError("the first run never took the lock")


@pytest.mark.slow
def test_a_second_real_run_while_the_first_is_mid_way_exits_3(tmp_path):
    """Two `khooshe run` processes on one database. The first is paused (SIGSTOP) while it holds the lock,
    so the second surely starts while the first is mid-way: it exits 3 at once; the first completes."""
    inbox = _many_reports(tmp_path, 40)
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "pipeline", "run", str(inbox), "--db", str(db), "--workers", "1"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        _wait_for_lock(tmp_path / "k.db.lock", first.pid)
        first.send_signal(signal.SIGSTOP)
        second = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    finally:
        first.send_signal(signal.SIGCONT)
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode == 3 and second.stdout == ""
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("khooshe: another run holds the lock")
    assert f"process {first.pid} on {socket.gethostname()} (run, started " in lines[0]
    con = sqlite3.connect(db)
    assert con.execute("select count(*), min(status), sum(new) from runs").fetchone() == (1, "ok", 40)


@pytest.mark.slow
def test_two_real_runs_started_at_the_same_moment_never_overlap(tmp_path):
    inbox = _many_reports(tmp_path, 40)
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "pipeline", "run", str(inbox), "--db", str(db), "--workers", "1", "--quiet"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
             for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    con = sqlite3.connect(db)
    runs = con.execute("select status, new, skipped from runs order by id").fetchall()
    if codes == [0, 3]:  # they met: one ran, the other stopped at the lock
        assert runs == [("ok", 40, 0)]
        assert "another run holds the lock" in next(err for code, err in results if code == 3)
    else:  # the first had finished before the second looked: one after the other
        assert codes == [0, 0] and runs == [("ok", 40, 0), ("ok", 0, 40)]
