"""khooshe clusters and khooshe facts on the real database, with two invented clusters whose facts we know."""
import csv
import io
import json

import pytest

import querydb
from querydb import CLUSTER, OTHER_CLUSTER


@pytest.fixture(scope="session")
def qdb(tmp_path_factory):
    return querydb.build(tmp_path_factory)


def clusters(khooshe, qdb, *args):
    result = khooshe("clusters", "--db", qdb, "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def facts(khooshe, qdb, *args):
    result = khooshe("facts", "--db", qdb, "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_one_row_per_cluster(khooshe, qdb):
    rows = clusters(khooshe, qdb)
    ids = [r["cluster_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert {querydb.cluster_key(CLUSTER["name"]), querydb.cluster_key(OTHER_CLUSTER["name"])} <= set(ids)


def test_key_facts_are_the_latest_value_of_each_type_with_its_source(khooshe, qdb):
    [row] = [r for r in clusters(khooshe, qdb) if r["cluster"] == CLUSTER["name"]]
    key = {k["type"]: k for k in row["key_facts"]}
    # two reports give weavers: the later report (1399) wins though it was stored first
    assert key["weavers"]["value"] == 1500 and key["weavers"]["document"] == "azmoon_1399.txt"
    assert key["production_units"]["value"] == 80
    assert key["start_date"]["value"] == "1394-07" and key["start_date"]["document"] == "azmoon_1396.txt"
    assert "strategy" not in key  # a list, not a value a later report replaces
    assert "cluster" not in key  # only says the report names the cluster
    assert row["weavers"] == 1500 and row["start_year"] == 1394 and row["strategies"] == 2
    assert row["documents"] == 2 and row["province"] == CLUSTER["province"]
    for k in row["key_facts"]:
        assert k["evidence"] and k["document"] and k["page"] == 1


@pytest.mark.parametrize("province", ["کرمان", "كرمان"])
def test_filter_by_province_with_either_spelling(khooshe, qdb, province):
    rows = clusters(khooshe, qdb, "--province", province)
    assert CLUSTER["name"] in {r["cluster"] for r in rows}
    assert all(r["province"] == "کرمان" for r in rows)


def test_filter_by_product(khooshe, qdb):
    rows = clusters(khooshe, qdb, "--product", "سفال")
    assert OTHER_CLUSTER["name"] in {r["cluster"] for r in rows}
    assert CLUSTER["name"] not in {r["cluster"] for r in rows}


def test_a_filter_nothing_matches_is_empty_not_an_error(khooshe, qdb):
    assert clusters(khooshe, qdb, "--province", "استانی که نیست") == []
    result = khooshe("clusters", "--db", qdb, "--province", "استانی که نیست")
    assert result.code == 0 and result.out == "" and "no clusters match" in result.err


def test_cluster_table_shows_key_facts_with_their_documents(khooshe, qdb):
    result = khooshe("clusters", "--db", qdb, "--product", "گلیم")
    assert result.code == 0
    [line] = [l for l in result.out.splitlines() if CLUSTER["name"] in l]
    assert "weavers=1500 (azmoon_1399.txt p.1)" in line
    assert "weavers=1200" not in line


def test_cluster_csv_is_one_row_per_cluster(khooshe, qdb):
    result = khooshe("clusters", "--db", qdb, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == len(clusters(khooshe, qdb))
    [row] = [r for r in rows if r["cluster"] == OTHER_CLUSTER["name"]]
    assert row["production_units"] == "45" and row["employees"] == "210" and row["start_year"] == "1397"


def test_cluster_summary_agrees_with_facts_with_source(khooshe, qdb):
    """Consistency, whatever the extractors found: counts and key facts follow from the facts view."""
    from pipeline.store import open_readonly

    db = open_readonly(qdb)
    for row in db.query("select * from cluster_summary"):
        n = db.execute("select count(*) from facts_with_source where cluster_id = ?", [row["cluster_id"]]).fetchone()[0]
        assert row["facts"] == n
        for k in db.query("select * from cluster_key_facts where cluster_id = ?", [row["cluster_id"]]):
            assert db.execute("select count(*) from facts_with_source where fact_id = ? and cluster_id = ?",
                              [k["fact_id"], row["cluster_id"]]).fetchone()[0] == 1
    # one key fact per cluster and type
    assert db.execute("select count(*) from (select cluster_id, type from cluster_key_facts "
                      "group by 1, 2 having count(*) > 1)").fetchone()[0] == 0


# --- facts ---------------------------------------------------------------------------------------
def test_facts_carry_evidence_and_source(khooshe, qdb):
    rows = facts(khooshe, qdb, "--cluster", CLUSTER["name"])
    assert {(r["type"], r["value"]) for r in rows} >= {("weavers", 1500), ("weavers", 1200),
                                                      ("production_units", 80), ("start_date", "1394-07")}
    for r in rows:
        assert r["as_written"] in r["evidence"]
        assert r["document"] in ("azmoon_1399.txt", "azmoon_1396.txt") and r["page"] == 1


def test_facts_by_type(khooshe, qdb):
    rows = facts(khooshe, qdb, "--type", "weavers")
    assert rows and all(r["type"] == "weavers" for r in rows)
    both = facts(khooshe, qdb, "--type", "weavers", "--type", "start_date")
    assert {r["type"] for r in both} == {"weavers", "start_date"}


@pytest.mark.parametrize("cluster", ["گلیم آزمون", "خوشه گليم بافي آزمون آباد"])
def test_facts_by_words_of_the_cluster_name_in_either_spelling(khooshe, qdb, cluster):
    rows = facts(khooshe, qdb, "--cluster", cluster)
    assert rows and {r["cluster"] for r in rows} == {CLUSTER["name"]}


def test_facts_by_cluster_id(khooshe, qdb):
    key = querydb.cluster_key(OTHER_CLUSTER["name"])
    rows = facts(khooshe, qdb, "--cluster", key)
    assert {r["type"] for r in rows} == {"production_units", "employees", "start_date"}
    assert all(r["cluster_id"] == key for r in rows)


def test_facts_by_province_and_document(khooshe, qdb):
    rows = facts(khooshe, qdb, "--province", "یزد")
    assert rows and {r["province"] for r in rows} == {"یزد"}
    rows = facts(khooshe, qdb, "--document", "azmoon_1396")
    assert rows and {r["document"] for r in rows} == {"azmoon_1396.txt"}


def test_facts_limit(khooshe, qdb):
    assert len(facts(khooshe, qdb, "--limit", "2")) == 2


def test_an_unknown_type_says_which_types_exist(khooshe, qdb):
    result = khooshe("facts", "--db", qdb, "--type", "no_such_type")
    assert result.code == 0 and result.out == ""
    assert "no facts of type no_such_type" in result.err and "weavers" in result.err


def test_facts_table_has_the_evidence_column(khooshe, qdb):
    result = khooshe("facts", "--db", qdb, "--cluster", "سفال")
    header = result.out.splitlines()[0].split()
    assert header == ["type", "value", "unit", "qualifier", "cluster", "province", "document", "page", "evidence"]
    assert any("210 شاغل" in line for line in result.out.splitlines())


def test_a_rejected_fact_leaves_the_views_and_a_corrected_one_shows_its_new_value(qdb, tmp_path):
    """facts_with_source reads facts_corrected: analysts' corrections reach every query surface."""
    import shutil

    from pipeline.store import open_db
    from pipeline.store.views import open_for_queries

    path = str(tmp_path / "copy.db")
    shutil.copy(qdb, path)
    db = open_db(path)
    weavers = {r["value_num"]: r["id"] for r in db.query(
        "select id, value_num from facts where type = 'weavers' and extractor = 'tests.known'")}
    db.execute("insert into corrections (fact_id, action, status, created_at) values (?, 'reject', 'active', 'now')",
               [weavers[1500]])
    db.execute("insert into corrections (fact_id, action, value_num, status, created_at) "
               "values (?, 'correct', 1250, 'active', 'now')", [weavers[1200]])
    db.conn.commit()
    db.conn.close()
    ro = open_for_queries(path)
    values = {r["value"]: r["correction"] for r in ro.query("select value, correction from facts_with_source "
                                                             "where type = 'weavers' and document like 'azmoon%'")}
    assert values == {1250: "corrected"}
    [latest] = ro.query("select weavers from cluster_summary where cluster = ?", [CLUSTER["name"]])
    assert latest["weavers"] == 1250
