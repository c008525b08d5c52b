"""khooshe run: incremental work, failures and their attempts, the runs row, the JSON log, the report,
the output under cron, the configuration file."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT

HEAVY = ("hazm", "parsivar", "spacy", "pdfplumber", "docx", "pptx", "datasette", "dask", "trafilatura", "sklearn")

# Test reports of our own: a cluster, its website and its phone number (facts of the contacts extractor).
REPORT = ("گزارش خوشه {name}\n"
          "وب سایت خوشه به آدرس www.{site}.ir راه اندازی شده است.\n"
          "برای هماهنگی با تلفن {phone} تماس بگیرید.\n")


def write_report(folder, name, site=None, phone="02537112233", extra=""):
    path = folder / f"{name}.txt"
    path.write_text(REPORT.format(name=name, site=site or name, phone=phone) + extra, encoding="utf-8")
    return path


def rows(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def last_run(db):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return dict(con.execute("select * from runs order by id desc limit 1").fetchone())
    finally:
        con.close()


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./khooshe.toml of the checkout's may leak in
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("kashan", "yazd", "tabriz"):
        write_report(folder, name)
    return folder


@pytest.fixture
def run(khooshe, tmp_path):
    db = tmp_path / "k.db"

    def go(*args):
        return khooshe("run", "--db", db, "--workers", "1", *args)

    go.db = db
    return go


def test_first_run_stores_everything_and_a_second_finds_nothing_to_do(run, inbox):
    first = run(inbox)
    assert first.code == 0, first.err
    r = last_run(run.db)
    assert (r["command"], r["status"], r["seen"], r["new"], r["skipped"], r["failed"]) == ("run", "ok", 3, 3, 0, 0)
    assert r["facts_added"] == rows(run.db, "select count(*) from facts")[0][0] > 0
    assert r["duration_s"] is not None and r["engine"] == "local" and r["workers"] == 1
    second = run(inbox)
    assert second.code == 0
    r = last_run(run.db)
    assert (r["seen"], r["new"], r["changed"], r["skipped"], r["facts_added"], r["facts_removed"]) == (3, 0, 0, 3, 0, 0)
    assert "0 new, 0 changed, 3 unchanged" in second.out


def test_new_changed_and_unchanged_files_in_one_run(run, inbox):
    run(inbox)
    write_report(inbox, "qazvin")                          # new
    write_report(inbox, "yazd", phone="02537998877")       # changed: only the phone number
    result = run(inbox)
    assert result.code == 0
    r = last_run(run.db)
    assert (r["seen"], r["new"], r["changed"], r["skipped"]) == (4, 1, 1, 2)
    # the phone fact is the same fact with a new value: changed, not removed and added
    assert (r["facts_changed"], r["facts_removed"]) == (1, 0)
    assert rows(run.db, "select old_value, new_value from changes where kind = 'fact_changed'") == \
        [("02537112233", "02537998877")]
    assert rows(run.db, "select count(*) from documents where status = 'superseded'")[0][0] == 1


def test_a_failed_file_is_retried_with_its_attempt_count_then_held_at_the_cap(run, inbox):
    bad = inbox / "broken.docx"
    bad.write_text("not a docx")
    for attempt in (1, 2):
        result = run(inbox, "--max-attempts", "2")
        assert result.code == 1
        assert f"FAILED {bad}: " in result.err
        assert rows(run.db, "select attempts from failures") == [(attempt,)]
    held = run(inbox, "--max-attempts", "2")
    assert held.code == 0 and held.err == ""          # held: not retried, not failed again
    r = last_run(run.db)
    assert (r["held"], r["failed"]) == (1, 0)
    assert rows(run.db, "select attempts from failures") == [(2,)]
    retried = run(inbox, "--max-attempts", "2", "--retry-failed")
    assert retried.code == 1
    assert rows(run.db, "select attempts from failures") == [(3,)]
    # the file is replaced by a good one: it goes in, leaves failures, and the report says so
    shutil.copy(os.path.join(ROOT, "corpus", "fixtures", "zanjan_carpet.docx"), bad)
    assert run(inbox, "--max-attempts", "2").code == 0
    assert rows(run.db, "select count(*) from failures")[0][0] == 0
    assert rows(run.db, "select path from changes where kind = 'recovered'") == [(str(bad),)]


def test_the_failure_of_a_file_removed_from_the_inbox_is_cleared(run, inbox):
    bad = inbox / "broken.docx"
    bad.write_text("not a docx")
    run(inbox)
    bad.unlink()
    assert run(inbox).code == 0
    assert rows(run.db, "select count(*) from failures")[0][0] == 0
    assert rows(run.db, "select path from changes where kind = 'failure_cleared'") == [(str(bad),)]


def test_attempts_start_again_when_the_bytes_change(run, inbox):
    bad = inbox / "broken.docx"
    bad.write_text("not a docx")
    run(inbox)
    run(inbox)
    assert rows(run.db, "select attempts from failures") == [(2,)]
    bad.write_text("still not a docx, but other bytes")
    run(inbox)
    assert rows(run.db, "select attempts from failures") == [(1,)]


def test_a_held_file_that_changes_is_tried_again(run, inbox):
    bad = inbox / "broken.docx"
    bad.write_text("not a docx")
    run(inbox, "--max-attempts", "1")
    assert last_run(run.db)["failed"] == 1
    run(inbox, "--max-attempts", "1")
    assert last_run(run.db)["held"] == 1
    bad.write_text("other bytes, still not a docx")
    assert run(inbox, "--max-attempts", "1").code == 1
    assert (last_run(run.db)["held"], last_run(run.db)["failed"]) == (0, 1)


def test_a_bug_in_a_stage_is_never_held(run, inbox, monkeypatch):
    import extractors

    def broken(*args, **kwargs):
        raise RuntimeError("an extractor bug")

    monkeypatch.setattr(extractors, "run", broken)
    for _ in range(3):
        assert run(inbox, "--max-attempts", "1").code == 1
    r = last_run(run.db)
    assert (r["failed"], r["held"]) == (3, 0)
    assert {c for (c,) in rows(run.db, "select code from failures")} == {"stage"}
    monkeypatch.undo()
    assert run(inbox, "--max-attempts", "1").code == 0
    assert rows(run.db, "select count(*) from documents")[0][0] == 3


def test_the_log_is_one_json_object_per_line(run, inbox, tmp_path):
    (inbox / "broken.docx").write_text("not a docx")
    run(inbox)
    run(inbox)
    logs = list((tmp_path / "logs").glob("khooshe-*.jsonl"))
    assert len(logs) == 1
    events = [json.loads(line) for line in logs[0].read_text(encoding="utf-8").splitlines()]
    assert all({"ts", "event", "run", "pid"} <= set(e) for e in events)
    first = [e for e in events if e["run"] == 1]
    assert first[0]["event"] == "run_started" and first[0]["paths"] == [str(inbox)]
    files = [e for e in first if e["event"] == "file"]
    assert sorted(e["kind"] for e in files) == ["new", "new", "new"]
    assert all(e["document_id"] and e["facts_added"] >= 1 for e in files)
    failure = next(e for e in first if e["event"] == "failure")
    assert failure["path"].endswith("broken.docx") and failure["attempts"] == 1 and "DOCX" in failure["reason"]
    finished = next(e for e in first if e["event"] == "run_finished")
    assert (finished["status"], finished["new"], finished["failed"]) == ("some_failed", 3, 1)
    assert next(e for e in first if e["event"] == "report")["html"].endswith("run-1.html")
    second = [e["event"] for e in events if e["run"] == 2]
    assert "file" not in second  # unchanged files are counted, not logged one by one


def test_report_lists_what_changed_since_the_previous_report(run, inbox, tmp_path):
    run(inbox)
    write_report(inbox, "yazd", phone="02537998877")
    (inbox / "broken.docx").write_text("not a docx")
    write_report(inbox, "qazvin")
    run(inbox)
    md = (tmp_path / "reports" / "run-2.md").read_text(encoding="utf-8")
    page = (tmp_path / "reports" / "run-2.html").read_text(encoding="utf-8")
    assert (tmp_path / "reports" / "latest.md").read_text(encoding="utf-8") == md

    def section(text, title):
        return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]

    assert "qazvin.txt" in section(md, "New documents") and "kashan" not in section(md, "New documents")
    assert "yazd.txt" in section(md, "Changed documents")
    assert "02537112233" in section(md, "Changed facts") and "02537998877" in section(md, "Changed facts")
    assert "www.qazvin.ir" in section(md, "New facts")
    assert "broken.docx" in section(md, "Failed in this run")
    assert '<html lang="en" dir="ltr">' in page and 'dir="auto"' in page
    assert rows(run.db, "select report_path from runs where id = 2")[0][0].endswith("run-2.md")


def test_report_escapes_everything_from_the_documents(run, inbox, tmp_path):
    (inbox / "attack.txt").write_text(
        "<script>alert('x')</script> گزارش | خوشه **آزمایشی**\n"
        "وب سایت <b>خوشه</b> | به آدرس www.attack-test.ir راه اندازی شد.\n", encoding="utf-8")
    (inbox / "evil<b>.docx").write_text("not a docx")
    run(inbox)
    page = (tmp_path / "reports" / "run-1.html").read_text(encoding="utf-8")
    md = (tmp_path / "reports" / "run-1.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "evil&lt;b&gt;.docx" in page and "www.attack-test.ir" in page
    assert "<script>" not in md and "<b>" not in md
    assert "\\<script\\>" in md and "evil\\<b\\>.docx" in md
    evidence_row = next(l for l in md.splitlines() if "www.attack-test.ir" in l and l.startswith("| website"))
    assert evidence_row.count(" | ") == 3  # four cells: the | inside the evidence is escaped


def test_quiet_run_prints_nothing_unless_something_failed(run, inbox):
    first = run(inbox, "--quiet")
    assert (first.code, first.out, first.err) == (0, "", "")
    (inbox / "broken.docx").write_text("not a docx")
    result = run(inbox, "--quiet")
    assert result.code == 1 and result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"FAILED {inbox / 'broken.docx'}: ")


def test_verbose_prints_a_line_per_file_processed(run, inbox):
    result = run(inbox, "--verbose")
    assert sorted(l.split()[0] for l in result.out.splitlines() if l.startswith("new ")) == ["new"] * 3


def test_status_shows_the_runs_and_the_failures_with_their_attempts(run, khooshe, inbox):
    (inbox / "broken.docx").write_text("not a docx")
    run(inbox)
    run(inbox)
    out = khooshe("status", "--db", run.db).out
    assert "run some_failed" in out and "held 0, re-extracted 0" in out
    assert "outstanding failures: 1" in out and "broken.docx" in out and "2 attempts" in out
    assert "report: " in out


def test_ingest_and_run_share_the_engine_and_the_database(khooshe, run, inbox):
    assert khooshe("ingest", inbox, "--db", run.db).code == 0
    result = run(inbox)
    assert result.code == 0 and "0 new, 0 changed, 3 unchanged" in result.out


def test_run_with_nothing_to_do_imports_no_heavy_library(run, inbox, tmp_path):
    import shutil

    for name in ("qom_clothing.pdf", "zanjan_carpet.docx", "mahallat_flowers.html"):
        shutil.copy(os.path.join(ROOT, "corpus", "fixtures", name), inbox / name)
    assert run(inbox).code == 0
    code = ("import sys; from pipeline.cli import main\n"
            "try:\n    main(['run', %r, '--db', %r, '--workers', '2'])\nexcept SystemExit as e:\n    print('EXIT', e.code)\n"
            "print('HEAVY:' + ','.join(m for m in %r if m in sys.modules))" % (str(inbox), str(run.db), HEAVY))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    lines = proc.stdout.strip().splitlines()
    assert "EXIT 0" in lines, proc.stderr
    assert lines[-1] == "HEAVY:"


# --- configuration ---------------------------------------------------------------------------------

def test_settings_come_from_the_config_file_relative_to_it(khooshe, inbox, tmp_path):
    conf_dir = tmp_path / "etc"
    conf_dir.mkdir()
    (conf_dir / "khooshe.toml").write_text(
        'inbox = ["../inbox"]\ndb = "../data/k.db"\nworkers = 1\nlog_dir = "../var/log"\n'
        'report_dir = "../var/reports"\nmax_attempts = 5\n', encoding="utf-8")
    result = khooshe("run", "--config", conf_dir / "khooshe.toml")
    assert result.code == 0, result.err
    db = tmp_path / "data" / "k.db"
    assert rows(db, "select new, workers, engine from runs") == [(3, 1, "local")]
    assert list((tmp_path / "var" / "log").glob("*.jsonl")) and (tmp_path / "var" / "reports" / "run-1.html").exists()


def test_command_line_overrides_the_config_file(khooshe, inbox, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    write_report(other, "ardabil")
    (tmp_path / "khooshe.toml").write_text('[khooshe]\ninbox = "inbox"\ndb = "from-config.db"\nworkers = 1\n',
                                           encoding="utf-8")
    # ./khooshe.toml is read without --config; PATH and --db replace its inbox and db
    result = khooshe("run", "--db", tmp_path / "cli.db", other)
    assert result.code == 0, result.err
    assert not (tmp_path / "from-config.db").exists()
    assert rows(tmp_path / "cli.db", "select path from files") == [(str(other / "ardabil.txt"),)]
    assert khooshe("run").code == 0
    assert rows(tmp_path / "from-config.db", "select new from runs") == [(3,)]


@pytest.mark.parametrize("text, message", [
    ('inbox = ["inbox"\n', "not valid TOML"),
    ('inboxes = ["inbox"]\n', "unknown key 'inboxes'"),
    ('inbox = ["inbox"]\nworkers = "two"\n', "'workers' must be an integer"),
    ('inbox = ["inbox"]\nworkers = 0\n', "'workers' must be an integer of at least 1"),
    ('inbox = ["inbox"]\nmax_attempts = -1\n', "'max_attempts' must be an integer of at least 0"),
    ('inbox = ["inbox"]\nengine = "threads"\n', "'engine' must be one of local, pool"),
    ('inbox = ["no-such-folder"]\n', "no-such-folder does not exist"),
    ('inbox = 7\n', "'inbox' must be a folder or a list of folders"),
    ('db = 3\ninbox = "inbox"\n', "'db' must be a path"),
    ('reextract = "yes"\ninbox = "inbox"\n', "'reextract' must be true or false"),
    ('workers = 1\n', "nothing to read"),
])
def test_a_bad_config_is_one_line_and_exit_2(khooshe, inbox, tmp_path, text, message):
    conf = tmp_path / "bad.toml"
    conf.write_text(text, encoding="utf-8")
    result = khooshe("run", "--config", conf)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.err
    assert not (tmp_path / "outputs").exists()  # nothing locked, opened or written


@pytest.mark.parametrize("args, message", [
    (["--config", "missing.toml"], "missing.toml: no such configuration file"),
    (["--workers", "0", "inbox"], "'--workers' must be an integer of at least 1"),
    (["no-such-inbox"], "inbox"),
    ([], "nothing to read"),
])
def test_bad_command_line_settings_exit_2(khooshe, inbox, args, message):
    result = khooshe("run", *args)
    assert result.code == 2 and message in result.err


def test_the_example_config_is_valid():
    from pipeline.nightly.config import read_file

    settings = read_file(os.path.join(ROOT, "khooshe.example.toml"))
    assert {"inbox", "db", "workers", "log_dir", "report_dir", "max_attempts"} <= set(settings)


def test_a_named_pipe_in_the_inbox_is_a_failure_not_a_hang(run, inbox):
    fifo = inbox / "pipe.txt"
    os.mkfifo(fifo)
    result = run(inbox)
    assert result.code == 1 and f"FAILED {fifo}: not a regular file" in result.err
    assert rows(run.db, "select count(*) from documents")[0][0] == 3


def test_a_report_that_cannot_be_written_is_one_line_and_exit_1_with_the_work_kept(run, inbox, tmp_path):
    (tmp_path / "reports").write_text("a file where the report folder should be")
    result = run(inbox)
    assert result.code == 1
    assert "cannot write the run report" in result.err and len(result.err.strip().splitlines()) == 1
    assert rows(run.db, "select status, new from runs") == [("ok", 3)]
