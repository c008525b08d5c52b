"""khooshe query: one read-only statement; writes refused (exit 4) with the file untouched, bad SQL exit 2."""
import csv
import io
import json
import os

import pytest

import querydb


@pytest.fixture(scope="session")
def qdb(tmp_path_factory):
    return querydb.build(tmp_path_factory)


def test_table_output_has_a_header_a_rule_and_one_line_per_row(khooshe, qdb):
    result = khooshe("query", "select type, count(*) as n from facts group by type order by type", "--db", qdb)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["type", "n"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    types = json.loads(khooshe("query", "select distinct type from facts", "--db", qdb, "--format", "json").out)
    assert [l.split()[0] for l in lines[2:]] == sorted(t["type"] for t in types)
    assert "weavers" in {l.split()[0] for l in lines[2:]}


def test_csv_and_json_carry_the_same_rows(khooshe, qdb):
    sql = "select fact_id, type, value, evidence from facts_with_source order by fact_id"
    as_csv = list(csv.DictReader(io.StringIO(khooshe("query", sql, "--db", qdb, "--format", "csv").out)))
    as_json = json.loads(khooshe("query", sql, "--db", qdb, "--format", "json").out)
    assert len(as_csv) == len(as_json) > 0
    assert [r["fact_id"] for r in as_csv] == [r["fact_id"] for r in as_json]
    assert [r["evidence"] for r in as_csv] == [r["evidence"] for r in as_json]
    # whole numbers print as integers, not 1500.0
    assert all(not str(r["value"]).endswith(".0") for r in as_csv)


def test_named_parameters(khooshe, qdb):
    result = khooshe("query", "select type, value from facts_with_source where type = :t and value = :v",
                     "--db", qdb, "--param", "t=weavers", "-p", "v=1500", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == [{"type": "weavers", "value": 1500}]


def test_a_parameter_without_equals_is_a_usage_error(khooshe, qdb):
    assert khooshe("query", "select :a", "--db", qdb, "-p", "a").code == 2


WRITES = [
    "insert into facts (id, document_id, type) values ('x', 'y', 'weavers')",
    "update facts set value_num = 0",
    "delete from facts",
    "replace into clusters (id, name) values ('x', 'y')",
    "drop table facts",
    "drop view cluster_summary",
    "create table t (x)",
    "create temp table t (x)",
    "create index i on facts(page)",
    "alter table facts add column z",
    "pragma query_only = off",
    "pragma user_version = 7",
    "pragma journal_mode = delete",
    "pragma writable_schema = on",
    "reindex",
    "analyze",
    "vacuum",
    "with x as (select 1) insert into runs (command) select 'x' from x",
]


@pytest.mark.parametrize("sql", WRITES)
def test_writes_are_refused_with_exit_4_and_the_file_is_unchanged(khooshe, qdb, sql):
    before = querydb.file_state(qdb)
    result = khooshe("query", sql, "--db", qdb)
    assert result.code == 4, (result.out, result.err)
    assert len(result.err.strip().splitlines()) == 1
    assert "refused" in result.err and "only reads" in result.err
    assert querydb.file_state(qdb) == before


@pytest.mark.parametrize("template", ["attach database '{target}' as other",
                                      "attach 'file:{target}?mode=rwc' as other",
                                      "vacuum into '{target}'"])
def test_attach_and_vacuum_into_cannot_create_a_file(khooshe, qdb, tmp_path, template):
    target = tmp_path / "new.db"
    result = khooshe("query", template.format(target=target), "--db", qdb)
    assert result.code == 4
    assert not target.exists()


@pytest.mark.parametrize("sql", ["pragma table_info(facts)", "select * from pragma_table_info('facts')",
                                 "pragma user_version", "explain query plan select * from facts",
                                 "with recursive n(i) as (select 1 union all select i + 1 from n limit 3) select i from n",
                                 "select count(*) from documents_fts where documents_fts match 'خوشه'"])
def test_reading_statements_run(khooshe, qdb, sql):
    result = khooshe("query", sql, "--db", qdb)
    assert result.code == 0, result.err


@pytest.mark.parametrize("sql", ["selec 1", "select * from no_such_table", "select 1; select 2", "select :missing", ""])
def test_a_malformed_query_is_a_usage_error(khooshe, qdb, sql):
    result = khooshe("query", sql, "--db", qdb)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and result.err.startswith("khooshe: query:")


def test_a_missing_database_exits_4_and_is_not_created(khooshe, tmp_path):
    path = tmp_path / "absent.db"
    result = khooshe("query", "select 1", "--db", path)
    assert result.code == 4 and not path.exists()


def test_an_empty_result_in_table_format_says_so_on_stderr(khooshe, qdb):
    result = khooshe("query", "select * from facts where 0", "--db", qdb)
    assert result.code == 0 and result.out == "" and "no rows" in result.err


def test_a_database_without_the_views_is_refused_with_what_to_do(khooshe, tmp_path):
    """The read commands cannot upgrade a database (they only read): they say how to."""
    from pipeline.store import open_db

    path = str(tmp_path / "old.db")
    db = open_db(path)
    for view in ("cluster_summary", "cluster_key_facts", "facts_with_source"):
        db.execute(f"drop view {view}")
    db.conn.close()
    for args in (["facts"], ["clusters"], ["search", "خوشه"], ["export", "-o", str(tmp_path / "x.csv")]):
        result = khooshe(*args, "--db", path)
        assert result.code == 4, args
        assert "khooshe ingest" in result.err
    assert not os.path.exists(tmp_path / "x.csv")


@pytest.mark.parametrize("name", ["query", "search", "facts", "clusters", "export", "serve"])
def test_help_of_the_query_commands_imports_no_heavy_library(name):
    """datasette (and the readers' and extractors' libraries) load only when a command needs them."""
    import subprocess
    import sys

    from conftest import ROOT

    heavy = ("hazm", "parsivar", "spacy", "pdfplumber", "datasette", "openpyxl", "trafilatura")
    code = ("import sys\nfrom pipeline.cli import main\n"
            f"try:\n    main([{name!r}, '--help'])\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY:' + ','.join(m for m in {heavy!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY:"
