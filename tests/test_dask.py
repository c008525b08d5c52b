"""The Dask engine: a run on a local cluster of worker processes stores what a local run stores, a long
scan is split into page tasks and put together again, a killed worker's task is retried, a task that
keeps killing workers is one recorded failure, and nothing of dask is imported by a local run."""
from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import pytest

from conftest import CORPUS
from test_crash import children, wait_until
from test_run import write_report

KHOOSHE = [sys.executable, "-m", "pipeline"]
TIMESTAMPS = {"ingested_at", "updated_at", "created_at", "first_seen", "last_seen", "first_failed_at",
              "last_failed_at", "applied_at", "run_id"}
RUN_COUNTS = "status, seen, new, changed, skipped, failed, held, reextracted, facts_added, facts_removed, " \
             "facts_changed, pages"


def has_ocr() -> bool:
    from pipeline.read import ocr

    return ocr.available()


# --- fixtures made here -------------------------------------------------------------------------
def scanned_pdf(out, sources) -> str:
    """A PDF of pages taken from the corpus's PDFs: (file, page index, scanned). A scanned page is the
    page rendered to a 150-dpi grey bitmap and wrapped as an image-only page (as corpus/pdf/scan_page.pdf
    was made); the others keep their text layer."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    keep = []
    for src, index, scanned in sources:
        pdf = pdfium.PdfDocument(os.path.join(CORPUS, "pdf", src))
        keep.append(pdf)
        if scanned:
            image = pdf[index].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
            buf = io.BytesIO()
            image.save(buf, "PDF", resolution=150.0)
            pdf = pdfium.PdfDocument(buf.getvalue())
            keep.append(pdf)
            index = 0
        doc.import_pages(pdf, [index])
    doc.save(str(out))
    for pdf in keep:
        pdf.close()
    doc.close()
    return str(out)


MIXED = [("lo_table.pdf", 0, False), ("reportlab_bidi.pdf", 0, True), ("lo_report.pdf", 1, True)]


@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory):
    """One text page, then two scanned pages: a document the Dask engine splits into page tasks."""
    folder = tmp_path_factory.mktemp("scans")
    return scanned_pdf(folder / "mixed_scan.pdf", MIXED)


# --- comparing databases ------------------------------------------------------------------------
def table_rows(db) -> dict[str, list[tuple]]:
    """Every table's rows without timestamps and run ids, sorted: what a run stored, whatever the order
    in which its documents came back."""
    con = sqlite3.connect(db)
    try:
        out = {}
        for table in ("documents", "facts", "clusters", "document_clusters", "files", "failures", "changes",
                      "corrections"):
            cols = [c for (c,) in con.execute(f"select name from pragma_table_info('{table}')")
                    if c not in TIMESTAMPS and not (table == "changes" and c == "id")]
            rows = con.execute(f"select {', '.join(cols)} from {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def run_counts(db) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"select engine, {RUN_COUNTS} from runs order by id").fetchall()
    finally:
        con.close()


def khooshe_run(*args, cwd, timeout=900):
    proc = subprocess.run([*KHOOSHE, "run", *map(str, args), "--quiet"], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)
    return proc


# --- end to end over the corpus -----------------------------------------------------------------
@pytest.mark.slow
def test_a_dask_run_over_the_corpus_stores_what_a_local_run_stores_and_a_rerun_adds_nothing(tmp_path, mixed_pdf):
    scans = os.path.dirname(mixed_pdf)
    local = khooshe_run(CORPUS, scans, "--db", tmp_path / "local.db", "--engine", "local", "--workers", "1",
                        cwd=tmp_path)
    dask = khooshe_run(CORPUS, scans, "--db", tmp_path / "dask.db", "--engine", "dask", "--workers", "2",
                       cwd=tmp_path)
    assert local.returncode == dask.returncode == 0, local.stderr + dask.stderr
    expected, got = table_rows(tmp_path / "local.db"), table_rows(tmp_path / "dask.db")
    assert len(expected["documents"]) >= 28 and len(expected["facts"]) > 100
    for table in expected:
        only_local = [r for r in expected[table] if r not in got[table]][:2]
        only_dask = [r for r in got[table] if r not in expected[table]][:2]
        assert got[table] == expected[table], f"{table} differs: local {only_local!r:.600} dask {only_dask!r:.600}"
    (local_run,), (dask_run,) = run_counts(tmp_path / "local.db"), run_counts(tmp_path / "dask.db")
    assert dask_run[0] == "dask" and dask_run[1:] == local_run[1:]

    again = khooshe_run(CORPUS, scans, "--db", tmp_path / "dask.db", "--engine", "dask", "--workers", "2",
                        cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    rerun = run_counts(tmp_path / "dask.db")[-1]
    seen = dask_run[2]
    assert rerun[1:] == ("ok", seen, 0, 0, seen, 0, 0, 0, 0, 0, 0, 0)
    assert table_rows(tmp_path / "dask.db") == got


# --- scanned PDFs as page tasks -----------------------------------------------------------------
def test_a_pdf_with_scanned_pages_becomes_a_plan_of_page_tasks_before_any_ocr(mixed_pdf, monkeypatch):
    from pipeline.nightly.dask_engine import OcrPlan, run_document
    from pipeline.process import process_file
    from pipeline.read import ocr, sha256_of

    def no_ocr(data, numbers):
        raise AssertionError("OCR ran")

    monkeypatch.setattr(ocr, "_ocr_pages", no_ocr)
    monkeypatch.setattr(ocr, "available", lambda: True)
    sha = sha256_of(open(mixed_pdf, "rb").read())
    assert run_document(process_file, mixed_pdf, 2) == OcrPlan(sha, (2, 3))
    assert run_document(process_file, mixed_pdf, 1) == OcrPlan(sha, (2, 3))
    # with three pages to OCR needed before a document is split, this one is OCR'd whole, in its task
    whole = run_document(process_file, mixed_pdf, 3)
    assert "OCR ran" in whole.failure["reason"]


def test_the_plan_is_not_taken_for_the_documents_failure(mixed_pdf):
    """PagesToOcr goes through process_file's catch-all (a bug in a stage is a failure record), to the engine."""
    from pipeline.process import process_file
    from pipeline.read import ocr

    if not ocr.available():
        pytest.skip("tesseract-ocr with fas is not installed (the reader fails scans before OCR)")
    with ocr.deferred(2), pytest.raises(ocr.PagesToOcr) as plan:
        process_file(mixed_pdf)
    assert plan.value.numbers == [2, 3]


def test_supplied_page_texts_are_used_for_those_bytes_only(monkeypatch):
    from pipeline.read import ocr, sha256_of

    calls = []
    monkeypatch.setattr(ocr, "_ocr_pages", lambda data, numbers: calls.append(list(numbers)) or
                        {n: [f"OCR {n}"] for n in numbers})
    data = b"%PDF- some bytes"
    with ocr.supplied(sha256_of(data), {2: ["دو"], 3: ["سه"]}):
        assert ocr.ocr_pages(data, [2, 3]) == {2: ["دو"], 3: ["سه"]}
        assert ocr.ocr_pages(data, [1, 3]) == {1: ["OCR 1"], 3: ["سه"]}   # a page not supplied is OCR'd
        assert ocr.ocr_pages(b"other bytes", [2]) == {2: ["OCR 2"]}       # the file changed: OCR it all
    assert ocr.ocr_pages(data, [2]) == {2: ["OCR 2"]}                     # only inside the block
    assert calls == [[1], [2], [2]]
    with ocr.deferred(2):
        assert ocr.ocr_pages(data, [4]) == {4: ["OCR 4"]}                 # under the threshold: OCR'd here
        with pytest.raises(ocr.PagesToOcr):
            ocr.ocr_pages(data, [4, 5])


def test_assembling_a_split_scan_gives_the_document_with_its_page_texts(mixed_pdf):
    from pipeline.nightly.dask_engine import assemble
    from pipeline.process import process_file
    from pipeline.read import ocr, sha256_of

    if not ocr.available():
        pytest.skip("tesseract-ocr with fas is not installed (the reader fails scans before OCR)")
    sha = sha256_of(open(mixed_pdf, "rb").read())
    page_two = ["گزارش کوتاه خوشه زعفران قائنات از صفحه دوم"]
    page_three = ["بند نخست صفحه سوم", "بند دوم صفحه سوم"]
    outcome = assemble(process_file, mixed_pdf, sha, (2, 3), page_two, page_three)
    assert outcome.ok, outcome.failure
    pages = outcome.document["raw_text"].split("\f")
    assert len(pages) == 3 and pages[1] == page_two[0] and pages[2] == "\n".join(page_three)
    assert "جدول زیر آمار" in pages[0]  # the text page, from its text layer


def test_a_page_task_on_changed_bytes_returns_nothing(tmp_path, mixed_pdf):
    from pipeline.nightly.dask_engine import ocr_page

    assert ocr_page(mixed_pdf, "0" * 64, 2) is None
    assert ocr_page(str(tmp_path / "gone.pdf"), "0" * 64, 2) is None


def recording_work(path):
    """process_file, noting in tasks.log beside the inbox how the task was asked to treat OCR."""
    from pipeline.process import process_file
    from pipeline.read import ocr

    plan = ocr._plan.get()
    kind = plan[0] if plan else "whole"
    pages = sorted(plan[1][1]) if kind == "supply" else []
    with open(os.path.join(os.path.dirname(os.path.dirname(path)), "tasks.log"), "a", encoding="utf-8") as fh:
        fh.write(f"{os.path.basename(path)} {kind} {pages}\n")
    return process_file(path)


@pytest.mark.slow
def test_a_scan_is_split_into_page_tasks_and_comes_back_as_the_local_outcome(tmp_path, mixed_pdf):
    from pipeline.nightly.dask_engine import dask_engine
    from pipeline.process import process_file

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf = shutil.copy(mixed_pdf, inbox / "mixed_scan.pdf")
    text = write_report(inbox, "yazd")
    outcomes = {o.path: o for o in dask_engine(2)(recording_work, [str(pdf), str(text)])}
    log = sorted((tmp_path / "tasks.log").read_text(encoding="utf-8").splitlines())
    if has_ocr():
        assert log == ["mixed_scan.pdf defer []", "mixed_scan.pdf supply [2, 3]", "yazd.txt defer []"]
    else:  # the reader fails the scan before asking for OCR: no plan, the same failure as a local run
        assert log == ["mixed_scan.pdf defer []", "yazd.txt defer []"]
    for path, outcome in outcomes.items():
        local = process_file(path)
        assert (outcome.sha256, outcome.document, outcome.facts, outcome.clusters, outcome.failure) == \
            (local.sha256, local.document, local.facts, local.clusters, local.failure)


# --- workers that die ---------------------------------------------------------------------------
def slow_once(path):
    """process_file; but the first task on a file named slow* writes its process id beside the inbox and
    sleeps, so that the test can kill that worker mid-task. The retry (the marker exists) parses it."""
    from pipeline.process import process_file

    if os.path.basename(path).startswith("slow"):
        marker = os.path.join(os.path.dirname(os.path.dirname(path)), "slow-task.pid")
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            time.sleep(300)
    return process_file(path)


def die_on_poison(path):
    """A worker dies (as in a parser segfault) on files named poison*, every time."""
    from pipeline.process import process_file

    if os.path.basename(path).startswith("poison"):
        os._exit(70)
    return process_file(path)


def always_die(path):
    os._exit(70)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(12):
        write_report(folder, f"r{i:02d}", phone=f"0311{i:07d}")
    return folder


def reference_facts(folder, tmp_path):
    """The facts of a local run, made by the CLI in a fresh process (the extractors registered in this
    test process may differ from a fresh one's, as the workers are)."""
    db = tmp_path / "reference.db"
    proc = khooshe_run(folder, "--db", db, "--engine", "local", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return table_rows(db)["facts"]


@pytest.mark.slow
def test_a_worker_killed_mid_task_is_retried_and_every_document_is_stored_once(tmp_path, inbox, monkeypatch):
    from pipeline import batch
    from pipeline.nightly.dask_engine import dask_engine
    from pipeline.store import open_db

    write_report(inbox, "slow", phone="03117777777")
    expected = reference_facts(inbox, tmp_path)
    marker = tmp_path / "slow-task.pid"
    killed = []

    def kill_the_slow_task():
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if marker.exists() and marker.read_text():
                pid = int(marker.read_text())
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.05)

    monkeypatch.setattr(batch, "process_file", slow_once)  # the work the batch hands to the engine
    killer = threading.Thread(target=kill_the_slow_task, daemon=True)
    killer.start()
    result = batch.ingest(open_db(str(tmp_path / "k.db")), [str(inbox)], engine=dask_engine(2))
    killer.join(5)
    assert killed, "the slow task never started"
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)  # that worker process is gone
    assert (result.counts["new"], result.counts["failed"], result.failures) == (13, 0, [])
    rows = table_rows(tmp_path / "k.db")
    assert len(rows["documents"]) == len({r[0] for r in rows["documents"]}) == 13
    assert sorted(r[0] for r in rows["files"]) == sorted(str(p) for p in inbox.iterdir())
    assert sum(1 for r in rows["changes"] if "new" in r) == 13  # each written once
    assert rows["facts"] == expected


@pytest.mark.slow
def test_a_document_that_keeps_killing_workers_is_one_recorded_failure(inbox):
    from pipeline.nightly.dask_engine import dask_engine

    write_report(inbox, "poison")
    paths = sorted(str(p) for p in inbox.iterdir())
    outcomes = list(dask_engine(2, allowed_failures=1)(die_on_poison, paths))
    assert sorted(o.path for o in outcomes) == paths  # every item exactly once
    failed = [o for o in outcomes if not o.ok]
    assert [os.path.basename(o.path) for o in failed] == ["poison.txt"]
    assert failed[0].failure["code"] == "worker_lost"
    assert "worker process died while parsing this file, 2 times" in failed[0].failure["reason"]


@pytest.mark.slow
def test_workers_that_cannot_run_stop_the_run_instead_of_failing_every_file(inbox):
    from pipeline.nightly.dask_engine import dask_engine
    from pipeline.nightly.pool import WorkersCannotRun

    paths = sorted(str(p) for p in inbox.iterdir())
    with pytest.raises(WorkersCannotRun, match="Dask workers die before finishing any document"):
        list(dask_engine(2, allowed_failures=0)(always_die, paths))


def test_results_stream_back_while_items_are_still_being_taken(inbox):
    from pipeline.nightly.dask_engine import IN_FLIGHT_PER_THREAD, dask_engine
    from pipeline.process import process_file

    paths = sorted(str(p) for p in inbox.iterdir())
    taken = []

    def items():
        for p in paths:
            taken.append(p)
            yield p

    results = dask_engine(2)(process_file, items())
    first = next(results)
    assert first.ok and len(taken) <= IN_FLIGHT_PER_THREAD * 2 + 1 < len(paths)  # a bounded window, not the whole list
    rest = list(results)
    assert sorted(o.path for o in [first, *rest]) == paths


def test_a_worker_with_another_installation_stops_the_run(inbox, monkeypatch):
    from pipeline.nightly import dask_engine as de
    from pipeline.process import process_file

    real = de.fingerprint()
    monkeypatch.setattr(de, "fingerprint", lambda: {**real, "extractors": {**real["extractors"], "fa.new": 1}})
    paths = sorted(str(p) for p in inbox.iterdir())
    with pytest.raises(de.ClusterError, match=r"runs another Khooshe installation \(extractors differ"):
        list(de.dask_engine(1)(process_file, paths))


# --- a scheduler started with the README's commands --------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningCluster:
    address: str
    procs: list  # the scheduler's process, then the worker's


@pytest.fixture
def scheduler(tmp_path):
    """`dask scheduler` and `dask worker` as the README starts them, on the loopback interface."""
    dask = os.path.join(os.path.dirname(sys.executable), "dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                                   "--host", "127.0.0.1"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL))
    yield RunningCluster(address, procs)
    for proc in reversed(procs):
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow
def test_a_run_on_a_running_scheduler_stores_what_a_local_run_stores(tmp_path, inbox, scheduler):
    for name in ("qom_clothing.pdf", "zanjan_carpet.docx", "mahallat_flowers.html"):
        shutil.copy(os.path.join(CORPUS, "fixtures", name), inbox / name)
    local = khooshe_run(inbox, "--db", tmp_path / "local.db", "--engine", "local", cwd=tmp_path)
    remote = khooshe_run(inbox, "--db", tmp_path / "dask.db", "--scheduler", scheduler.address, cwd=tmp_path)
    assert local.returncode == remote.returncode == 0, local.stderr + remote.stderr
    assert table_rows(tmp_path / "dask.db") == table_rows(tmp_path / "local.db")
    assert run_counts(tmp_path / "dask.db")[0][:3] == ("dask", "ok", 15)


def test_a_scheduler_that_does_not_answer_is_one_line_and_exit_code_2(khooshe, tmp_path, inbox, monkeypatch):
    from pipeline.nightly import dask_engine as de

    monkeypatch.setattr(de, "CONNECT_TIMEOUT_S", 1)
    address = f"tcp://127.0.0.1:{free_port()}"
    result = khooshe("run", inbox, "--db", tmp_path / "k.db", "--scheduler", address)
    assert result.code == 2
    assert result.err.strip().splitlines() == [f"khooshe: cannot reach the Dask scheduler at {address}: "
                                               f"Timed out trying to connect to {address} after 1 s"]
    con = sqlite3.connect(tmp_path / "k.db")
    assert con.execute("select status, new from runs").fetchall() == [("interrupted", 0)]
    con.close()


# --- settings -----------------------------------------------------------------------------------
@pytest.mark.parametrize("toml, cli, engine, scheduler", [
    ('engine = "dask"\n', {}, "dask", None),
    ('engine = "dask"\nscheduler = "tcp://10.0.0.5:8786"\n', {}, "dask", "tcp://10.0.0.5:8786"),
    ('scheduler = "tcp://10.0.0.5:8786"\n', {}, "dask", "tcp://10.0.0.5:8786"),         # a scheduler means dask
    ('scheduler = "archive-1:8786"\nworkers = 1\n', {}, "dask", "archive-1:8786"),
    ('engine = "dask"\nscheduler = "tcp://10.0.0.5:8786"\n', {"engine": "local"}, "local", "tcp://10.0.0.5:8786"),
    ('engine = "dask"\n', {"scheduler": "tcp://127.0.0.1:8786"}, "dask", "tcp://127.0.0.1:8786"),
])
def test_engine_and_scheduler_settings(tmp_path, toml, cli, engine, scheduler):
    from pipeline.nightly import config

    path = tmp_path / "khooshe.toml"
    path.write_text(f'inbox = "."\n{toml}', encoding="utf-8")
    conf = config.load(str(path), **cli)
    assert (conf.engine_name, conf.scheduler) == (engine, scheduler)


@pytest.mark.parametrize("value", ["8786", '"two words"', '"tcp://"', "true"])
def test_a_bad_scheduler_setting_names_the_file_and_the_key(khooshe, tmp_path, value):
    path = tmp_path / "khooshe.toml"
    path.write_text(f'inbox = "."\nscheduler = {value}\n', encoding="utf-8")
    result = khooshe("run", "--config", path)
    assert result.code == 2
    assert f"{path}: 'scheduler' must be a Dask scheduler address" in result.err


def test_the_dask_engine_without_its_packages_says_how_to_install_them(monkeypatch):
    import importlib.util

    from pipeline.batch import engine_for
    from pipeline.errors import UsageError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    with pytest.raises(UsageError, match=r"pip install 'khooshe-pipeline\[dask\]'"):
        engine_for("dask", 2)


# --- a local run never pays for dask ------------------------------------------------------------
def test_a_local_run_imports_no_dask_and_a_dask_run_with_nothing_to_do_starts_no_cluster(tmp_path, inbox):
    code = ("import sys; from pipeline.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    print('EXIT', e.code)\n"
            "print('LOADED:' + ','.join(m for m in ('dask', 'distributed') if m in sys.modules))")
    db = str(tmp_path / "k.db")
    for engine in ("local", "pool", "dask"):  # the first run parses the inbox, the dask one has nothing to do
        proc = subprocess.run([sys.executable, "-c", code, "run", str(inbox), "--db", db, "--engine", engine,
                               "--workers", "2", "--quiet"], capture_output=True, text=True, cwd=tmp_path)
        lines = proc.stdout.strip().splitlines()
        assert lines[-2:] == ["EXIT 0", "LOADED:"], (engine, proc.stdout, proc.stderr)
    assert run_counts(db)[0][:3] == ("local", "ok", 12) and run_counts(db)[-1][:5] == ("dask", "ok", 12, 0, 0)


def alive(pid) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_stopped_dask_run_leaves_no_worker_and_the_next_run_finishes_the_work(tmp_path, sig):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(300):
        write_report(inbox, f"report{i:04d}", site=f"cluster{i}", phone=f"0253{i:07d}")
    db = tmp_path / "k.db"
    proc = subprocess.Popen([*KHOOSHE, "run", str(inbox), "--db", str(db), "--engine", "dask", "--workers", "2",
                             "--quiet"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(db, "select count(*) from documents", 10, proc)
    workers = [p for c in children(proc.pid) for p in [c, *children(c)]]
    assert len(workers) >= 2  # the cluster's worker processes (and multiprocessing's resource tracker)
    proc.send_signal(sig)
    code = proc.wait(60)
    assert code == (143 if sig == signal.SIGTERM else -signal.SIGKILL)
    deadline = time.monotonic() + 30
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in workers if alive(p)], "worker processes outlived the run"
    status = run_counts(db)[0][1]
    assert status == ("interrupted" if sig == signal.SIGTERM else "running")
    again = khooshe_run(inbox, "--db", db, "--engine", "dask", "--workers", "2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from documents").fetchone()[0] == 300
    assert con.execute("select count(distinct path) from files").fetchone()[0] == 300
    assert con.execute("select status from runs order by id").fetchall() == [("interrupted",), ("ok",)]
    con.close()


@pytest.mark.slow
def test_re_extraction_runs_on_the_dask_workers_and_changes_nothing_when_the_extractors_are_the_same(tmp_path, inbox):
    """Stale documents (their extractor versions say {}) are re-extracted from their stored rows, which travel
    to the workers instead of a path: the same facts come back, none added or removed."""
    db = tmp_path / "k.db"
    assert khooshe_run(inbox, "--db", db, "--engine", "local", cwd=tmp_path).returncode == 0
    before = table_rows(db)["facts"]
    con = sqlite3.connect(db)
    with con:
        con.execute("update documents set extractor_versions = '{}'")
    con.close()
    again = khooshe_run(inbox, "--db", db, "--engine", "dask", "--workers", "2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert run_counts(db)[-1][1:] == ("ok", 12, 0, 0, 12, 0, 0, 12, 0, 0, 0, 0)
    assert table_rows(db)["facts"] == before
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from documents where extractor_versions = '{}'").fetchone()[0] == 0
    con.close()


@pytest.mark.slow
def test_losing_the_scheduler_mid_run_stops_the_run_with_one_line_and_the_next_run_finishes(tmp_path, scheduler):
    inbox = tmp_path / "big"
    inbox.mkdir()
    for i in range(300):
        write_report(inbox, f"report{i:04d}", site=f"cluster{i}", phone=f"0253{i:07d}")
    db = tmp_path / "k.db"
    proc = subprocess.Popen([*KHOOSHE, "run", str(inbox), "--db", str(db), "--scheduler", scheduler.address, "--quiet"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(db, "select count(*) from documents", 10, proc)
    scheduler.procs[0].kill()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"khooshe: lost the Dask scheduler at {scheduler.address} (it stopped or restarted, or the network failed); "
        "the ") and lines[0].endswith(" documents in flight are left for the next run"), err
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("select status from runs").fetchall() == [("interrupted",)]
    con.close()
    again = khooshe_run(inbox, "--db", db, "--engine", "local", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from documents").fetchone()[0] == 300
    con.close()
