"""khooshe export: facts with provenance as CSV for Excel (BOM), JSONL and right-to-left XLSX."""
import csv
import io
import json
import os

import pytest

import querydb
from querydb import CLUSTER


@pytest.fixture(scope="session")
def qdb(tmp_path_factory):
    return querydb.build(tmp_path_factory)


def fact_count(qdb):
    from pipeline.store import open_readonly

    return open_readonly(qdb).execute("select count(*) from facts_with_source").fetchone()[0]


def export(khooshe, qdb, fmt, path):
    result = khooshe("export", "--db", qdb, "--format", fmt, "--output", path)
    assert result.code == 0, result.err
    assert str(path) in result.out
    return path


def test_csv_starts_with_a_bom_and_holds_every_fact_with_provenance(khooshe, qdb, tmp_path):
    path = export(khooshe, qdb, "csv", tmp_path / "facts.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only after a byte-order mark
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == fact_count(qdb)
    for column in ("type", "value", "evidence", "document", "page", "cluster", "province", "extractor"):
        assert column in rows[0]
    [row] = [r for r in rows if r["type"] == "weavers" and r["document"] == "azmoon_1399.txt"]
    assert row["value"] == "1500" and row["cluster"] == CLUSTER["name"] and row["page"] == "1"
    assert "1500 نفر" in row["evidence"]


def test_jsonl_is_one_fact_per_line(khooshe, qdb, tmp_path):
    path = export(khooshe, qdb, "jsonl", tmp_path / "facts.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == fact_count(qdb)
    facts = [json.loads(line) for line in lines]
    assert {"weavers": 1200} in [{f["type"]: f["value"]} for f in facts if f["document"] == "azmoon_1396.txt"]
    assert all(f["document_id"] and f["evidence"] is not None for f in facts)


def test_xlsx_sheets_read_right_to_left_with_readable_headers(khooshe, qdb, tmp_path):
    from openpyxl import load_workbook

    path = export(khooshe, qdb, "xlsx", tmp_path / "facts.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["facts", "clusters"]
    for ws in wb:
        assert ws.sheet_view.rightToLeft is True
        assert ws.freeze_panes == "A2"
    facts = wb["facts"]
    headers = [c.value for c in facts[1]]
    assert "نوع واقعیت (type)" in headers and "جمله شاهد (evidence)" in headers and "صفحه (page)" in headers
    assert facts.max_row - 1 == fact_count(qdb)
    col = {h: i for i, h in enumerate(headers)}
    values = [(r[col["نوع واقعیت (type)"]].value, r[col["مقدار (value)"]].value) for r in facts.iter_rows(min_row=2)]
    assert ("weavers", 1500) in values  # numbers stay numbers
    clusters = wb["clusters"]
    names = [r[1].value for r in clusters.iter_rows(min_row=2)]
    assert CLUSTER["name"] in names


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    from openpyxl import Workbook, load_workbook

    from pipeline.cli.export import _sheet, write_csv

    rows = [{"type": "strategy", "value": "=HYPERLINK(\"http://x\")", "evidence": "-2+3 نفر", "page": 1}]
    wb = Workbook()
    _sheet(wb, "facts", "facts_with_source", ["type", "value", "evidence", "page"], rows, first=True)
    wb.save(tmp_path / "f.xlsx")
    ws = load_workbook(tmp_path / "f.xlsx")["facts"]
    assert ws["B2"].data_type == "s" and ws["B2"].value.startswith("=HYPERLINK")
    write_csv(str(tmp_path / "f.csv"), ["type", "value", "evidence"], rows)
    [row] = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8-sig"))))
    assert row["value"].startswith("'=") and row["evidence"].startswith("'-")


def test_default_output_is_under_outputs_named_for_the_database(khooshe, qdb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = khooshe("export", "--db", qdb, "--format", "jsonl")
    assert result.code == 0, result.err
    stem = os.path.splitext(os.path.basename(qdb))[0]
    assert (tmp_path / "outputs" / f"{stem}-facts.jsonl").exists()


def test_a_failed_export_leaves_no_file_behind(khooshe, qdb, tmp_path, monkeypatch):
    import pipeline.cli.export as export_module

    def broken(path, columns, rows):
        with open(path, "w") as fh:
            fh.write("half")
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "write_csv", broken)
    target = tmp_path / "out.csv"
    result = khooshe("export", "--db", qdb, "--output", target)
    assert result.code == 1
    assert result.err.strip() == f"khooshe: export: could not write {target}: disk full"
    assert os.listdir(tmp_path) == []


def test_an_unwritable_output_is_a_usage_error(khooshe, qdb, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = khooshe("export", "--db", qdb, "--output", blocker / "sub" / "f.csv")
    assert result.code == 2 and "cannot write" in result.err
