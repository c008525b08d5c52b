"""Crash safety: a real `khooshe run` killed with SIGKILL mid-way leaves a consistent database (no
document without its facts, no half rows), its workers go away, the lock does not block, and the next
run completes the work with the expected counts. SIGTERM stops a run cleanly as "interrupted"."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from test_run import write_report

N = 200

pytestmark = pytest.mark.slow


def make_inbox(tmp_path, n=N):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(n):
        # small variations: each report its own site and phone, some with an extra sentence
        extra = "این خوشه در سال ۱۳۹۹ تشکیل شد.\n" * (i % 3)
        write_report(inbox, f"report{i:04d}", site=f"cluster{i}", phone=f"0253{i:07d}", extra=extra)
    return inbox


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The inbox of N reports, and the facts a complete, uninterrupted run gives each document (built
    once, by the CLI in its own process: the extractors registered in this test process may differ).
    The tests only read the inbox."""
    tmp = tmp_path_factory.mktemp("crash-corpus")
    inbox = make_inbox(tmp)
    path = tmp / "reference.db"
    subprocess.run([sys.executable, "-m", "pipeline", "ingest", str(inbox), "--db", str(path), "--quiet"],
                   check=True, cwd=tmp, timeout=600)
    return inbox, facts_by_document(path), path


def facts_by_document(db, only_ok=True):
    con = sqlite3.connect(db)
    try:
        out = {d: [] for (d,) in con.execute("select id from documents" + (" where status = 'ok'" if only_ok else ""))}
        for row in con.execute("select document_id, id, type, value_num, value_text, span_start, span_end, evidence "
                               "from facts order by document_id, id"):
            out.setdefault(row[0], []).append(row[1:])
        return out
    finally:
        con.close()


def count(db, sql):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def wait_until(db, sql, at_least, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run finished before it could be interrupted: " + proc.stderr.read()
        try:
            if count(db, sql) >= at_least:
                return
        except sqlite3.OperationalError:  # the database is not there yet
            pass
        time.sleep(0.005)
    raise AssertionError("the run made no progress")


def children(pid):
    """Live (not zombie) child processes of ``pid``."""
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(name))
    return out


def gone(pids, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for p in pids:
            try:
                with open(f"/proc/{p}/stat") as fh:
                    if fh.read().rsplit(")", 1)[1].split()[0] != "Z":
                        alive.append(p)
            except OSError:
                pass
        if not alive:
            return True
        time.sleep(0.1)
    return False


def check_consistent(db, expected):
    """The database a killed run left: sound, and every stored document whole."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # every document has the file row and the 'new' change written with it, and vice versa
        assert con.execute("select count(*) from documents d where not exists "
                           "(select 1 from files f where f.document_id = d.id)").fetchone()[0] == 0
        assert con.execute("select count(*) from files f where not exists "
                           "(select 1 from documents d where d.id = f.document_id)").fetchone()[0] == 0
        assert con.execute("select count(*) from documents").fetchone()[0] == \
            con.execute("select count(*) from changes where kind = 'new'").fetchone()[0]
        assert con.execute("select count(*) from facts f where not exists "
                           "(select 1 from documents d where d.id = f.document_id)").fetchone()[0] == 0
    finally:
        con.close()
    stored = facts_by_document(db)
    for doc_id, facts in stored.items():  # each document has exactly its facts: none missing, none extra
        assert facts == expected[doc_id], doc_id
    return stored


def khooshe_run(tmp_path, inbox, db, *args):
    cmd = [sys.executable, "-m", "pipeline", "run", str(inbox), "--db", str(db), "--quiet", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)


def finish(tmp_path, inbox, db, *args):
    proc = khooshe_run(tmp_path, inbox, db, *args)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("select * from runs order by id")]
    finally:
        con.close()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigkill_mid_ingest_then_the_next_run_completes_the_work(tmp_path, corpus, workers):
    inbox, expected, _ = corpus
    db = tmp_path / "k.db"
    proc = khooshe_run(tmp_path, inbox, db, "--workers", workers)
    wait_until(db, "select count(*) from documents", N // 10, proc)
    workers_before = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    stored = check_consistent(db, expected)
    assert 0 < len(stored) < N, "the kill did not land mid-way"
    assert count(db, "select status from runs") == "running"  # nobody closed it
    if workers == "2":
        assert workers_before and gone(workers_before), "worker processes outlived the killed run"

    runs = finish(tmp_path, inbox, db, "--workers", workers)
    assert [r["status"] for r in runs] == ["interrupted", "ok"]
    assert "had stopped" in runs[0]["note"]
    assert (runs[1]["new"], runs[1]["skipped"], runs[1]["failed"], runs[1]["seen"]) == (N - len(stored), len(stored), 0, N)
    assert facts_by_document(db) == expected  # nothing lost, nothing doubled
    check_consistent(db, expected)


def test_sigkill_mid_reextraction_then_the_next_run_completes_it(tmp_path, corpus):
    inbox, expected, reference_db = corpus
    db = tmp_path / "k.db"
    source, con = sqlite3.connect(reference_db), sqlite3.connect(db)
    source.backup(con)  # a database a complete run made (its run row included)
    source.close()
    con.execute("update documents set extractor_versions = '{}'")  # as if every extractor had changed
    con.commit()
    con.close()

    proc = khooshe_run(tmp_path, inbox, db, "--workers", "2")
    wait_until(db, "select count(*) from documents where extractor_versions != '{}'", N // 10, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    check_consistent(db, expected)  # a re-extracted document has all its new facts; the others their old ones
    done = count(db, "select count(*) from documents where extractor_versions != '{}'")
    assert 0 < done < N
    runs = finish(tmp_path, inbox, db, "--workers", "2")
    assert [r["status"] for r in runs] == ["ok", "interrupted", "ok"]
    assert (runs[2]["reextracted"], runs[2]["new"], runs[2]["skipped"]) == (N - done, 0, N)
    assert count(db, "select count(*) from documents where extractor_versions = '{}'") == 0
    assert count(db, "select count(distinct extractor_versions) from documents") == 1
    assert facts_by_document(db) == expected


def test_sigterm_stops_a_run_cleanly_as_interrupted(tmp_path, corpus):
    inbox, expected, _ = corpus
    db = tmp_path / "k.db"
    proc = khooshe_run(tmp_path, inbox, db, "--workers", "2")
    wait_until(db, "select count(*) from documents", N // 10, proc)
    workers_before = children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert gone(workers_before, timeout=5)
    check_consistent(db, expected)
    con = sqlite3.connect(db)
    status, note, seen = con.execute("select status, note, seen from runs").fetchone()
    con.close()
    assert status == "interrupted" and "SystemExit" in note and seen == N  # closed by the run itself
    assert open(str(db) + ".lock").read() == ""  # the lock released on the way out
    runs = finish(tmp_path, inbox, db, "--workers", "2")
    assert runs[1]["status"] == "ok" and runs[1]["new"] + runs[1]["skipped"] == N
    assert facts_by_document(db) == expected
