"""The engine seam and the process-pool engine: same results as the local engine, results streamed as
they finish, a worker that dies costs one recorded failure, a broken environment stops the run."""
import os
import sqlite3
import subprocess
import sys

import pytest

from conftest import CORPUS
from test_run import write_report


def crash_on_poison(path):
    """Work function for the tests: a worker dies (as in a parser segfault) on files named poison*."""
    from pipeline.process import process_file

    if os.path.basename(path).startswith("poison"):
        os._exit(70)
    return process_file(path)


def always_crash(path):
    os._exit(70)


def facts_of(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("select f.id, f.type, f.value_num, f.value_text, f.span_start, f.evidence, d.path "
                           "from facts f join documents d on d.id = f.document_id order by f.id").fetchall()
    finally:
        con.close()


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(12):
        write_report(folder, f"r{i:02d}", phone=f"0311{i:07d}")
    return folder


def local_run(folder, db):
    """The local engine's database, made by the CLI in a fresh process (the extractors registered in this
    test process may differ from a fresh one's, as the pool's workers are)."""
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(folder), "--db", str(db), "--workers", "1",
                    "--quiet"], cwd=os.path.dirname(db), timeout=300)
    con = sqlite3.connect(db)
    try:
        return con.execute("select new, skipped, failed, facts_added from runs").fetchone()
    finally:
        con.close()


def test_pool_engine_stores_the_same_facts_as_the_local_engine(tmp_path, inbox):
    from pipeline.batch import engine_for, ingest
    from pipeline.store import open_db

    local = local_run(inbox, tmp_path / "local.db")
    pooled = ingest(open_db(str(tmp_path / "pool.db")), [str(inbox)], engine=engine_for("pool", 2)).counts
    assert local == (pooled["new"], pooled["skipped"], pooled["failed"], pooled["facts_added"]) == (12, 0, 0, local[3])
    assert facts_of(tmp_path / "local.db") == facts_of(tmp_path / "pool.db") != []


@pytest.mark.slow
def test_pool_engine_on_real_pdf_doc_docx_html_matches_the_local_engine(tmp_path):
    from pipeline.batch import engine_for, ingest
    from pipeline.store import open_db

    fixtures = os.path.join(CORPUS, "fixtures")
    local = local_run(fixtures, tmp_path / "local.db")
    pooled = ingest(open_db(str(tmp_path / "pool.db")), [fixtures], engine=engine_for("pool", 2)).counts
    assert local[0] == len(os.listdir(fixtures))  # a PDF, a DOC, a DOCX and an HTML page, all new
    assert local == (pooled["new"], pooled["skipped"], pooled["failed"], pooled["facts_added"])
    assert facts_of(tmp_path / "local.db") == facts_of(tmp_path / "pool.db")


def test_results_stream_back_while_items_are_still_being_taken(inbox):
    from pipeline.nightly.pool import pool_engine
    from pipeline.process import process_file

    paths = sorted(str(p) for p in inbox.iterdir())
    taken = []

    def items():
        for p in paths:
            taken.append(p)
            yield p

    engine = pool_engine(2)
    results = engine(process_file, items())
    first = next(results)
    assert first.ok and len(taken) <= 2 * 2 + 1  # a bounded window in flight, not the whole list
    rest = list(results)
    assert sorted(o.path for o in [first, *rest]) == paths


def test_a_worker_that_dies_costs_one_failure_and_the_others_are_stored(inbox):
    from pipeline.nightly.pool import pool_engine

    write_report(inbox, "poison")
    paths = sorted(str(p) for p in inbox.iterdir())
    outcomes = list(pool_engine(2)(crash_on_poison, paths))
    assert sorted(o.path for o in outcomes) == paths  # every item exactly once
    failed = [o for o in outcomes if not o.ok]
    assert [os.path.basename(o.path) for o in failed] == ["poison.txt"]
    assert failed[0].failure["code"] == "worker_lost" and "worker process died" in failed[0].failure["reason"]


def test_workers_that_cannot_run_stop_the_run_instead_of_failing_every_file(inbox):
    from pipeline.nightly.pool import WorkersCannotRun, pool_engine

    paths = sorted(str(p) for p in inbox.iterdir())
    with pytest.raises(WorkersCannotRun, match="worker processes die before finishing any document"):
        list(pool_engine(2)(always_crash, paths))


def test_any_function_of_the_seam_plugs_into_the_batch(tmp_path, inbox):
    """The seam is engine(work, items) -> Outcomes in any order; a reversed engine gives the same database."""
    from pipeline.batch import ingest, local_engine
    from pipeline.store import open_db

    def reversed_engine(work, items):
        yield from local_engine(work, list(items)[::-1])

    ingest(open_db(str(tmp_path / "a.db")), [str(inbox)])
    result = ingest(open_db(str(tmp_path / "b.db")), [str(inbox)], engine=reversed_engine)
    assert result.counts["new"] == 12
    assert facts_of(tmp_path / "a.db") == facts_of(tmp_path / "b.db")


def test_lost_outcome_names_the_file_or_the_document():
    from pipeline.batch import lost_outcome

    by_path = lost_outcome("/in/a.pdf", "gone")
    by_row = lost_outcome({"id": "abc", "path": "/in/b.pdf", "size": 3}, "gone")
    assert (by_path.path, by_path.failure["stage"], by_path.ok) == ("/in/a.pdf", "worker", False)
    assert (by_row.path, by_row.sha256, by_row.failure["stage"]) == ("/in/b.pdf", "abc", "reextract")


def test_identical_new_files_are_parsed_once(tmp_path, inbox):
    from pipeline.batch import ingest
    from pipeline.store import open_db

    (inbox / "copy.txt").write_bytes((inbox / "r00.txt").read_bytes())
    parsed = []

    def counting_engine(work, items):
        for item in items:
            parsed.append(item)
            yield work(item)

    result = ingest(open_db(str(tmp_path / "k.db")), [str(inbox)], engine=counting_engine)
    assert len(parsed) == 12 and result.counts["new"] == 12 and result.counts["skipped"] == 1
