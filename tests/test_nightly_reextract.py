"""Re-extraction: when an extractor's version changes, stored documents get fresh facts from their
stored normalized text, without reading the files again."""
import json
import sqlite3
import subprocess
import sys

import pytest

from test_corrections import TEXT, weavers_v1, weavers_v2
from test_run import last_run, rows, write_report


@pytest.fixture
def env(khooshe, tmp_path, monkeypatch):
    import extractors

    extractors.load()
    monkeypatch.setitem(extractors.REGISTRY, "test.weavers", extractors.Extractor("test.weavers", 1, weavers_v1))
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "farsh.txt").write_text(TEXT, encoding="utf-8")
    write_report(inbox, "isfahan")
    db = tmp_path / "k.db"

    def run(*args):
        return khooshe("run", inbox, "--db", db, "--workers", "1", *args)

    def ship(fn, version):
        monkeypatch.setitem(extractors.REGISTRY, "test.weavers", extractors.Extractor("test.weavers", version, fn))

    assert run().code == 0
    return run, ship, db


def test_a_new_extractor_version_re_extracts_from_the_stored_text_without_the_files(env, monkeypatch):
    run, ship, db = env
    import pipeline.process
    import pipeline.read

    def no_reading(*args, **kwargs):
        raise AssertionError("a file was read again")

    for module, name in ((pipeline.read, "read"), (pipeline.read, "load_bytes"), (pipeline.process, "process_file")):
        monkeypatch.setattr(module, name, no_reading)
    ship(weavers_v2, 2)
    result = run()
    assert result.code == 0, result.err
    r = last_run(db)
    assert (r["reextracted"], r["new"], r["skipped"], r["facts_changed"], r["facts_added"], r["facts_removed"]) == \
        (2, 0, 2, 1, 0, 0)
    assert sorted(v for (v,) in rows(db, "select value_num from facts where type = 'test_weavers'")) == [300, 12000]
    assert {json.loads(v)["test.weavers"] for (v,) in rows(db, "select extractor_versions from documents")} == {2}
    assert rows(db, "select count(*) from facts where type = 'test_weavers' and extractor_version = 2") == [(2,)]
    again = run()
    assert last_run(db)["reextracted"] == 0 and again.code == 0


def test_ingest_does_not_re_extract(env, khooshe, tmp_path):
    run, ship, db = env
    ship(weavers_v2, 2)
    khooshe("ingest", tmp_path / "inbox", "--db", db)
    assert last_run(db)["reextracted"] == 0
    assert rows(db, "select count(*) from facts where value_num = 12") == [(1,)]


def test_no_reextract_option_leaves_stale_documents_for_later(env):
    run, ship, db = env
    ship(weavers_v2, 2)
    run("--no-reextract")
    assert last_run(db)["reextracted"] == 0
    run()
    assert last_run(db)["reextracted"] == 2


def test_a_failing_re_extraction_keeps_the_old_facts_and_is_recorded(env):
    run, ship, db = env

    def broken(ctx):
        raise ValueError("a bug in version 3")

    before = rows(db, "select id from facts order by id")
    ship(broken, 3)
    result = run()
    assert result.code == 1
    assert "re-extraction failed: ValueError: a bug in version 3" in result.err
    assert rows(db, "select id from facts order by id") == before
    assert {(s, c) for s, c in rows(db, "select stage, code from failures")} == {("reextract", "stage")}
    ship(weavers_v2, 4)
    assert run().code == 0
    assert rows(db, "select count(*) from failures") == [(0,)]


def test_re_extraction_through_the_process_pool(tmp_path):
    """Worker processes re-extract (stale versions simulated in the database): same facts, nothing doubled.
    Both runs are real CLI processes, so the extractors are those of a fresh process on both sides."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("isfahan", "shiraz", "ahvaz"):
        write_report(inbox, name)
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "pipeline", "run", str(inbox), "--db", str(db), "--quiet"]
    subprocess.run(cmd + ["--workers", "1"], check=True, cwd=tmp_path, timeout=300)
    facts = rows(db, "select id, type, value_num, value_text, span_start, evidence from facts order by id")
    con = sqlite3.connect(db)
    con.execute("update documents set extractor_versions = '{\"fa.contacts\": 0}'")
    con.commit()
    con.close()
    subprocess.run(cmd + ["--workers", "2"], check=True, cwd=tmp_path, timeout=300)
    r = last_run(db)
    assert (r["reextracted"], r["engine"], r["facts_added"], r["facts_removed"], r["facts_changed"]) == (3, "pool", 0, 0, 0)
    assert rows(db, "select id, type, value_num, value_text, span_start, evidence from facts order by id") == facts


def test_a_new_normalizer_renormalizes_stored_raw_text_without_the_files(env, monkeypatch):
    """An improved repair stage reaches stored documents: their raw pages are normalized again, the
    facts are extracted from the new text, and their offsets point into it."""
    run, ship, db = env
    con = sqlite3.connect(db)
    before = dict(con.execute("select id, normalized_text from documents"))
    # as if the documents had been stored by an older repair stage that left the text unrepaired
    con.execute("update documents set normalizer = 'orthography.0', normalized_text = raw_text")
    con.commit()
    con.close()
    import pipeline.read

    def no_reading(*args, **kwargs):
        raise AssertionError("a file was read again")

    monkeypatch.setattr(pipeline.read, "load_bytes", no_reading)
    result = run()
    assert result.code == 0, result.err
    assert last_run(db)["reextracted"] == 2
    from pipeline.repair import version

    con = sqlite3.connect(db)
    assert dict(con.execute("select id, normalized_text from documents")) == before
    assert {n for (n,) in con.execute("select normalizer from documents")} == {version()}
    for start, end, as_written, text in con.execute(
            "select span_start, span_end, as_written, normalized_text from facts join documents d on d.id = document_id"):
        assert text[start:end] == as_written
    con.close()
    assert run().code == 0 and last_run(db)["reextracted"] == 0


def test_a_new_reader_version_reads_unchanged_files_again(khooshe, tmp_path, monkeypatch):
    """The DOCX reader learned text boxes: documents it read before are read again from their
    (unchanged) files by the next run, their pages, text and facts replaced in place."""
    import docx as python_docx

    import pipeline.read.docx as docx_reader

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    d = python_docx.Document()
    d.add_paragraph("گزارش خوشه سفالگری لالجین همدان")
    d.save(inbox / "report.docx")
    # the text box Word would write: «اشتغال بیش از ۲۵۰۰ نفر» in a shape after the first paragraph
    from test_read_docx import _xml

    body = python_docx.Document(inbox / "report.docx")
    body.element.body.insert(1, _xml(
        '<w:p><w:r><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>در این خوشه بیش از ۲۵۰۰ نفر شاغل هستند.'
        '</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></w:r></w:p>'))
    body.save(inbox / "report.docx")
    db = tmp_path / "k.db"
    # the reader as it was: no text boxes, version 1
    monkeypatch.setattr(docx_reader, "VERSION", 1)
    monkeypatch.setattr(docx_reader, "_text_boxes", lambda p: [])
    assert khooshe("run", inbox, "--db", db, "--workers", "1").code == 0
    assert rows(db, "select reader from documents") == [("read.docx.1",)]
    assert rows(db, "select count(*) from facts where type = 'employees'") == [(0,)]
    monkeypatch.undo()
    result = khooshe("run", inbox, "--db", db, "--workers", "1")
    assert result.code == 0, result.err
    r = last_run(db)
    assert (r["reextracted"], r["new"], r["changed"]) == (1, 0, 0)
    assert rows(db, "select reader from documents") == [(f"read.docx.{docx_reader.VERSION}",)]
    (raw,) = rows(db, "select raw_text from documents")[0]
    assert "بیش از ۲۵۰۰ نفر" in raw
    assert rows(db, "select value_num from facts where type = 'employees'") == [(2500.0,)]
    assert last_run(db)["reextracted"] == 1
    khooshe("run", inbox, "--db", db, "--workers", "1")
    assert last_run(db)["reextracted"] == 0  # once


def test_a_new_reader_version_keeps_the_pages_of_a_file_that_is_gone(khooshe, tmp_path, monkeypatch):
    import docx as python_docx

    import pipeline.read.docx as docx_reader

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    d = python_docx.Document()
    d.add_paragraph("گزارش خوشه سفالگری لالجین همدان")
    d.save(inbox / "report.docx")
    db = tmp_path / "k.db"
    monkeypatch.setattr(docx_reader, "VERSION", 1)
    assert khooshe("run", inbox, "--db", db, "--workers", "1").code == 0
    monkeypatch.undo()
    (inbox / "report.docx").unlink()
    assert khooshe("run", inbox, "--db", db, "--workers", "1").code == 0
    assert last_run(db)["reextracted"] == 0
    assert rows(db, "select reader from documents") == [("read.docx.1",)]
