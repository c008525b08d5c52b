"""Analysts' corrections: `khooshe correct` keeps the extracted value, shows the analyst's in
facts_corrected, and the correction follows its fact through re-extraction and changed files."""
import re
import sqlite3

import pytest

from test_run import rows

WEAVERS = re.compile(r"(\d+)\s+(هزار\s+)?بافنده")

# A report of our own: two weaver counts, the first written with «هزار» (thousand).
TEXT = ("گزارش خوشه فرش دستباف نمونه\n"
        "در این خوشه 12 هزار بافنده فعال هستند.\n"
        "همچنین 300 بافنده در روستاهای اطراف کار می کنند.\n")


def weavers_v1(ctx):  # reads «12 هزار بافنده» as 12: the kind of mistake an analyst corrects
    for m in WEAVERS.finditer(ctx.string):
        yield ctx.fact("test_weavers", int(m.group(1)), m.start(), m.end(), unit="person")


def weavers_v2(ctx):  # the improved extractor: «هزار» multiplies
    for m in WEAVERS.finditer(ctx.string):
        yield ctx.fact("test_weavers", int(m.group(1)) * (1000 if m.group(2) else 1), m.start(), m.end(), unit="person")


@pytest.fixture
def extractor(monkeypatch):
    """Register the test extractor (version 1); call it with (fn, version) to ship a new version."""
    import extractors

    extractors.load()

    def install(fn=weavers_v1, version=1):
        monkeypatch.setitem(extractors.REGISTRY, "test.weavers", extractors.Extractor("test.weavers", version, fn))

    install()
    return install


@pytest.fixture
def env(khooshe, tmp_path, monkeypatch, extractor):
    monkeypatch.chdir(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    report = inbox / "farsh.txt"
    report.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "k.db"

    class Env:
        pass

    e = Env()
    e.inbox, e.report, e.db, e.tmp = inbox, report, db, tmp_path
    e.run = lambda *a: khooshe("run", inbox, "--db", db, "--workers", "1", *a)
    e.correct = lambda *a: khooshe("correct", *a, "--db", db)
    e.khooshe = khooshe
    assert e.run().code == 0
    return e


def weaver_fact(db, value):
    return rows(db, "select id from facts where type = 'test_weavers' and value_num = ?", value)[0][0]


def corrected(db):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("select * from facts_corrected where type = 'test_weavers' order by span_start")]
    finally:
        con.close()


def test_a_correction_shows_the_analysts_value_and_keeps_the_extracted_one(env):
    fact = weaver_fact(env.db, 12)
    result = env.correct(fact, "--value", "۱۲٬۰۰۰", "--note", "هزار جا افتاده بود", "--by", "مریم")
    assert result.code == 0, result.err
    assert "'12' -> '12000'" in result.out and "12 هزار بافنده" in result.out
    first = corrected(env.db)[0]
    assert (first["value_num"], first["value_num_corrected"], first["correction"]) == (12, 12000, "corrected")
    assert (first["correction_note"], first["corrected_by"]) == ("هزار جا افتاده بود", "مریم")
    assert rows(env.db, "select value_num from facts where id = ?", fact) == [(12,)]  # the extraction is untouched
    assert rows(env.db, "select original_value_num, value_num, status from fact_corrections") == [(12, 12000, "active")]


def test_a_rejected_fact_leaves_facts_corrected_but_not_facts(env):
    fact = weaver_fact(env.db, 300)
    assert env.correct(fact, "--reject", "--note", "تکراری").code == 0
    assert [f["value_num"] for f in corrected(env.db)] == [12]
    assert rows(env.db, "select count(*) from facts where id = ?", fact) == [(1,)]


def test_corrections_survive_re_extraction_by_a_new_extractor_version(env, extractor):
    twelve, three_hundred = weaver_fact(env.db, 12), weaver_fact(env.db, 300)
    env.correct(twelve, "--value", "12500", "--note", "طبق گزارش سال بعد")
    env.correct(three_hundred, "--reject")
    extractor(weavers_v2, version=2)
    result = env.run()
    assert result.code == 0 and "1 documents re-extracted" in result.out
    # the new version reads 12000: a new fact (its id names its value), and the correction followed it
    new_twelve = weaver_fact(env.db, 12000)
    assert new_twelve != twelve
    view = corrected(env.db)
    assert [(f["id"], f["value_num"], f["value_num_corrected"]) for f in view] == [(new_twelve, 12000, 12500)]
    assert rows(env.db, "select count(*) from corrections where status = 'active'") == [(2,)]
    assert rows(env.db, "select old_value, new_value from changes where kind = 'fact_changed'") == [("12", "12000")]
    md = (env.tmp / "reports" / "run-2.md").read_text(encoding="utf-8")
    assert "kept on the new fact" in md.split("## Analysts' corrections", 1)[1].split("\n## ", 1)[0]


def test_a_correction_follows_its_fact_into_a_changed_file(env):
    fact = weaver_fact(env.db, 12)
    env.correct(fact, "--value", "12000")
    old_doc = rows(env.db, "select id from documents")[0][0]
    env.report.write_text("مقدمه ای تازه برای نسخه دوم گزارش.\n" + TEXT, encoding="utf-8")
    assert env.run().code == 0
    new_doc = rows(env.db, "select id from documents where status = 'ok'")[0][0]
    assert new_doc != old_doc
    assert [(f["document_id"], f["value_num_corrected"]) for f in corrected(env.db)] == [(new_doc, 12000), (new_doc, 300)]
    assert rows(env.db, "select document_id, status from corrections") == [(new_doc, "active")]


def test_a_correction_whose_words_changed_is_unmatched_and_reported_then_found_again(env):
    fact = weaver_fact(env.db, 12)
    env.correct(fact, "--value", "12000")
    env.report.write_text(TEXT.replace("12 هزار", "15 هزار"), encoding="utf-8")  # the source itself changed
    assert env.run().code == 0
    assert rows(env.db, "select status from corrections") == [("unmatched",)]
    assert all(f["correction"] is None for f in corrected(env.db))
    md = (env.tmp / "reports" / "run-2.md").read_text(encoding="utf-8")
    assert "UNMATCHED: review it" in md
    assert "1 unmatched" in env.khooshe("status", "--db", env.db).out
    env.report.write_text(TEXT, encoding="utf-8")  # the earlier version is back
    assert env.run().code == 0
    assert rows(env.db, "select status from corrections") == [("active",)]
    assert corrected(env.db)[0]["value_num_corrected"] == 12000


def test_a_new_correction_replaces_the_earlier_one_and_withdraw_restores_the_extraction(env):
    fact = weaver_fact(env.db, 12)
    env.correct(fact, "--value", "11000")
    env.correct(fact[:8], "--value", "12000")  # a unique start of the id is enough
    assert rows(env.db, "select value_num, status from corrections order by id") == [(11000, "replaced"), (12000, "active")]
    result = env.correct(fact, "--withdraw")
    assert result.code == 0 and "withdrawn" in result.out
    assert corrected(env.db)[0]["correction"] is None and corrected(env.db)[0]["value_num_corrected"] == 12


@pytest.mark.parametrize("args, message", [
    (["--value", "دوازده"], "is not a number"),
    (["--value", "1", "--reject"], "exactly one of"),
    ([], "exactly one of"),
    (["--withdraw"], "no correction to withdraw"),
])
def test_bad_corrections_exit_2_with_one_line(env, args, message):
    result = env.correct(weaver_fact(env.db, 12), *args)
    assert result.code == 2 and message in result.err and len(result.err.strip().splitlines()) == 1


def test_an_unknown_fact_exits_2_and_a_missing_database_4(env, tmp_path):
    assert env.correct("0000000000", "--reject").code == 2
    result = env.khooshe("correct", "abc", "--reject", "--db", tmp_path / "none.db")
    assert result.code == 4 and "no such database" in result.err
