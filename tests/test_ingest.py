"""Ingestion end to end: idempotent, incremental, every failure recorded, exit codes."""
import os
import shutil
import sqlite3

import pytest

from conftest import CORPUS, FIXTURES

BAD = os.path.join(FIXTURES, "bad")

REPORT = ("گزارش خوشه صنایع چوب استان گیلان\n"
          "این خوشه در سال ۱۳۹۹ شناسایی شد و وب سایت آن به آدرس www.{site}.ir راه اندازی شده است.\n")


def rows(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def count(db, table, where="1"):
    return rows(db, f"select count(*) from {table} where {where}")[0][0]


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "gilan.txt").write_text(REPORT.format(site="gilanwood"), encoding="utf-8")
    return folder


@pytest.mark.slow
def test_ingesting_the_corpus_twice_gives_the_same_counts(khooshe, tmp_path):
    db = tmp_path / "k.db"
    first = khooshe("ingest", CORPUS, "--db", db)
    assert first.code == 0, first.err
    counts = (count(db, "documents"), count(db, "facts"), count(db, "clusters"), count(db, "files"))
    assert "documents" in first.out and "facts" in first.out and "clusters" in first.out
    second = khooshe("ingest", CORPUS, "--db", db)
    assert second.code == 0, second.err
    assert (count(db, "documents"), count(db, "facts"), count(db, "clusters"), count(db, "files")) == counts
    assert "0 new, 0 changed" in second.out
    formats = {f for (f,) in rows(db, "select distinct format from documents")}
    assert {"pdf", "docx", "html", "txt"} <= formats
    # every stored document keeps its raw and its normalized text
    assert count(db, "documents", "raw_text = '' or normalized_text is null") == 0
    assert rows(db, "select count(*), sum(status = 'ok') from runs")[0] == (2, 2)


def test_same_bytes_under_a_new_name_are_one_document(khooshe, inbox, tmp_path):
    db = tmp_path / "k.db"
    assert khooshe("ingest", inbox, "--db", db).code == 0
    shutil.copy(inbox / "gilan.txt", inbox / "gilan-copy.txt")
    result = khooshe("ingest", inbox, "--db", db)
    assert result.code == 0
    assert "0 new" in result.out
    assert count(db, "documents") == 1
    assert count(db, "files") == 2
    assert len({d for (d,) in rows(db, "select document_id from files")}) == 1


def test_changed_file_replaces_its_facts_and_keeps_the_old_version(khooshe, inbox, tmp_path):
    db = tmp_path / "k.db"
    khooshe("ingest", inbox, "--db", db)
    (old_id,) = rows(db, "select id from documents")[0]
    assert rows(db, "select value_text from facts where type = 'website'") == [("www.gilanwood.ir",)]
    (inbox / "gilan.txt").write_text(REPORT.format(site="gilanfurniture"), encoding="utf-8")
    result = khooshe("ingest", inbox, "--db", db)
    assert result.code == 0 and "1 changed" in result.out
    assert rows(db, "select value_text from facts where type = 'website'") == [("www.gilanfurniture.ir",)]
    assert rows(db, "select status from documents where id = ?", old_id) == [("superseded",)]
    assert count(db, "documents", "status = 'ok'") == 1
    assert count(db, "facts", f"document_id = '{old_id}'") == 0


def test_unchanged_files_are_skipped_without_reading_by_size_and_mtime(khooshe, inbox, tmp_path, monkeypatch):
    db = tmp_path / "k.db"
    khooshe("ingest", inbox, "--db", db)
    import pipeline.read

    def fail(*args, **kwargs):
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(pipeline.read, "load_bytes", fail)
    result = khooshe("ingest", inbox, "--db", db)
    assert result.code == 0 and "1 unchanged" in result.out


def test_touched_but_identical_file_is_recognized_by_its_hash(khooshe, inbox, tmp_path):
    db = tmp_path / "k.db"
    khooshe("ingest", inbox, "--db", db)
    os.utime(inbox / "gilan.txt", (1_700_000_000, 1_700_000_000))
    result = khooshe("ingest", inbox, "--db", db)
    assert "0 new, 0 changed, 1 unchanged" in result.out
    assert rows(db, "select mtime from files") == [(1_700_000_000.0,)]


BAD_FILES = {
    "empty.txt": "file is empty",
    "unknown.xyz": "unsupported file type '.xyz'",
    "not_a_zip.docx": "not a DOCX file",
    "zip_bomb.docx": "unpacks to",
    "entities.docx": "declares a DTD or XML entities",
    "truncated.pdf": "PDF",
    "not_a_pdf.pdf": "PDF",
    "encrypted.pdf": "encrypted",
    "textless.pdf": "text",
    "no_body.html": "no body text",
}


@pytest.fixture
def mixed_inbox(inbox):
    for name in BAD_FILES:
        shutil.copy(os.path.join(BAD, name), inbox / name)
    return inbox


def test_each_bad_file_is_one_line_a_failure_row_and_the_run_goes_on(khooshe, mixed_inbox, tmp_path):
    db = tmp_path / "k.db"
    result = khooshe("ingest", mixed_inbox, "--db", db)
    assert result.code == 1
    failed_lines = [l for l in result.err.splitlines() if l.startswith("FAILED ")]
    assert len(failed_lines) == len(BAD_FILES)
    for name, reason in BAD_FILES.items():
        line = next(l for l in failed_lines if f"{os.sep}{name}:" in l)
        assert reason.lower() in line.split(f"{name}: ", 1)[1].lower(), line
    recorded = dict(rows(db, "select path, reason from failures"))
    assert {os.path.basename(p) for p in recorded} == set(BAD_FILES)
    assert count(db, "documents") == 1  # the good report went in
    assert rows(db, "select status, failed from runs") == [("some_failed", len(BAD_FILES))]


def test_failed_files_are_retried_and_their_attempts_counted(khooshe, mixed_inbox, tmp_path):
    db = tmp_path / "k.db"
    khooshe("ingest", mixed_inbox, "--db", db)
    assert khooshe("ingest", mixed_inbox, "--db", db).code == 1
    assert {a for (a,) in rows(db, "select attempts from failures")} == {2}
    # a file fixed in place succeeds on the next run and leaves the failures table
    (mixed_inbox / "empty.txt").write_text("گزارش کوتاه خوشه زعفران قائنات.", encoding="utf-8")
    khooshe("ingest", mixed_inbox, "--db", db)
    assert count(db, "failures", "path like '%empty.txt'") == 0
    assert count(db, "documents") == 2


def test_a_document_is_never_half_written(khooshe, inbox, tmp_path, monkeypatch):
    db = tmp_path / "k.db"
    import pipeline.store.load as load

    def broken(*args, **kwargs):
        raise RuntimeError("disk full while writing facts")

    monkeypatch.setattr(load, "_insert_extraction", broken)
    with pytest.raises(RuntimeError):
        khooshe("ingest", inbox, "--db", db)
    assert count(db, "documents") == 0
    assert count(db, "files") == 0
    assert count(db, "facts") == 0
    monkeypatch.undo()
    assert khooshe("ingest", inbox, "--db", db).code == 0
    assert count(db, "documents") == 1
    # the retried document has exactly the facts a clean ingest gives it
    clean = tmp_path / "clean.db"
    khooshe("ingest", inbox, "--db", clean)
    assert count(db, "facts") == count(clean, "facts") > 0


@pytest.mark.parametrize("args", [
    ["ingest"],                                   # no path
    ["ingest", "/no/such/folder"],                # missing path
    ["ingest", "--no-such-option", "corpus"],     # unknown option
    ["no-such-command"],
])
def test_bad_usage_exits_2(khooshe, args):
    assert khooshe(*args).code == 2


def test_all_good_exits_0_and_no_progress_bar_off_a_terminal(khooshe, inbox, tmp_path):
    result = khooshe("ingest", inbox, "--db", tmp_path / "k.db")
    assert result.code == 0
    assert result.err == ""  # no bar, no noise when stderr is not a terminal (cron)


def test_quiet_prints_nothing_on_success(khooshe, inbox, tmp_path):
    result = khooshe("ingest", inbox, "--db", tmp_path / "k.db", "--quiet")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_database_that_cannot_be_opened_exits_4(khooshe, inbox, tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is not a database file, it is a note " * 100)
    result = khooshe("ingest", inbox, "--db", not_a_db)
    assert result.code == 4
    assert "cannot open database" in result.err


def test_discovery_skips_hidden_junk_and_khoosheignore_but_not_unknown_types(tmp_path):
    from pipeline.batch import discover

    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "Thumbs.db").write_text("x")
    (tmp_path / "~$draft.docx").write_text("x")
    (tmp_path / "report.doc").write_text("x")  # old Word: unreadable, must be reported, not skipped
    (tmp_path / "make.py").write_text("x")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text("x")
    (sub / "notes.md").write_text("x")
    (tmp_path / ".khoosheignore").write_text("# scripts\n*.py\n*.md\n")
    names = [os.path.relpath(p, tmp_path) for p in discover([str(tmp_path)])]
    assert names == ["a.txt", "report.doc", os.path.join("sub", "b.txt")]


def test_an_explicitly_named_file_is_never_ignored(tmp_path):
    from pipeline.batch import discover

    (tmp_path / ".khoosheignore").write_text("*.txt\n")
    (tmp_path / "a.txt").write_text("x")
    assert discover([str(tmp_path / "a.txt")]) == [str(tmp_path / "a.txt")]
