"""khooshe serve: Datasette over the database, read-only, on loopback, with metadata and canned queries."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

import querydb
from conftest import ROOT
from querydb import CLUSTER


@pytest.fixture(scope="session")
def qdb(tmp_path_factory):
    return querydb.build(tmp_path_factory)


def test_metadata_describes_tables_and_columns_in_english_and_persian():
    from pipeline.serve import metadata

    meta = metadata("khooshe", ["weavers", "a_type_nobody_described"])
    tables = meta["databases"]["khooshe"]["tables"]
    for name in ("documents", "facts", "clusters", "facts_with_source", "cluster_summary", "cluster_key_facts"):
        assert " — " in tables[name]["description"], name
    assert tables["facts_with_source"]["columns"]["evidence"] == "The sentence the fact came from — جمله شاهد"
    vocabulary = tables["facts"]["description_html"]
    assert "<code>weavers</code>" in vocabulary and "بافندگان" in vocabulary
    assert "a_type_nobody_described" in vocabulary  # a type the database holds is listed even undescribed
    assert tables["facts_with_source"]["facets"] == ["type", "province", "cluster"]
    assert meta["extra_css_urls"] == ["/khooshe-static/khooshe.css"]


def test_the_stylesheet_gives_each_cell_the_direction_of_its_text():
    from pipeline.serve import STATIC_DIR

    css = open(os.path.join(STATIC_DIR, "khooshe.css"), encoding="utf-8").read()
    assert "td, th { unicode-bidi: plaintext; text-align: start; }" in css


def test_the_canned_queries_run_in_khooshe_query_too(khooshe, qdb):
    from pipeline.serve import CANNED_QUERIES

    for name, q in CANNED_QUERIES.items():
        result = khooshe("query", q["sql"], "--db", qdb, "--format", "json", "-p", "cluster=گلیم")
        assert result.code == 0, (name, result.err)


def test_serve_listens_on_loopback_by_default():
    from pipeline.cli.serve import command, is_loopback

    host = next(p for p in command.params if p.name == "host")
    assert host.default == "127.0.0.1" and is_loopback(host.default)
    assert not is_loopback("0.0.0.0") and is_loopback("::1") and is_loopback("localhost")


def test_serve_refuses_a_missing_database(khooshe, tmp_path):
    result = khooshe("serve", "--db", tmp_path / "absent.db", "--port", "1")
    assert result.code == 4 and not (tmp_path / "absent.db").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, resp.read().decode("utf-8")


@pytest.mark.slow
def test_datasette_answers_the_canned_queries_read_only_on_loopback(qdb):
    before = querydb.file_state(qdb)
    port = _free_port()
    name = os.path.splitext(os.path.basename(qdb))[0]
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", qdb, "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = _get(f"{base}/-/versions.json")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "datasette did not answer within 60 s"
            time.sleep(0.3)

        def canned(query, **params):
            qs = urllib.parse.urlencode({**params, "_shape": "objects"})
            status, body = _get(f"{base}/{name}/{query}.json?{qs}")
            assert status == 200
            return json.loads(body)["rows"]

        weavers = canned("weavers_by_province")
        [kerman] = [r for r in weavers if r["province"] == CLUSTER["province"]]
        assert kerman["weavers"] == 1500 and CLUSTER["name"] in kerman["by_cluster"]
        years = {r["start_year"]: r for r in canned("clusters_by_start_year")}
        assert CLUSTER["name"] in years[1394]["cluster_names"]
        facts = canned("cluster_facts", cluster=querydb.cluster_key(CLUSTER["name"]))
        assert {(f["type"], f["value"]) for f in facts} >= {("weavers", 1500), ("weavers", 1200)}
        assert all(f["evidence"] and f["document"] for f in facts)
        # the page of a table carries the right-to-left stylesheet and the facets
        status, page = _get(f"{base}/{name}/facts_with_source")
        assert "/khooshe-static/khooshe.css" in page and 'data-column="province"' in page
        status, css = _get(f"{base}/khooshe-static/khooshe.css")
        assert "unicode-bidi: plaintext" in css
        status, meta = _get(f"{base}/-/metadata.json")
        columns = json.loads(meta)["databases"][name]["tables"]["facts_with_source"]["columns"]
        assert columns["evidence"].endswith("جمله شاهد")
        # a write through the SQL box is refused
        sql = urllib.parse.urlencode({"sql": "delete from facts"})
        try:
            status, body = _get(f"{base}/{name}.json?{sql}")
            assert json.loads(body)["ok"] is False
        except urllib.error.HTTPError as exc:
            assert exc.code in (400, 403)
        # it listens on loopback only
        assert not _answers_on_other_interfaces(port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert querydb.file_state(qdb) == before


def _answers_on_other_interfaces(port: int) -> bool:
    """Whether the server accepts a connection on an address of this machine other than loopback."""
    try:
        addresses = {ai[4][0] for ai in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except socket.gaierror:
        return False
    for address in addresses - {"127.0.0.1"}:
        if address.startswith("127."):
            continue
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex((address, port)) == 0:
                return True
    return False
