"""The CLI shell: entry points, lazy imports, normalize and extract on real files, status."""
import json
import os
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT

HEAVY = ("hazm", "parsivar", "spacy", "pdfplumber", "docx", "pptx", "datasette", "dask", "trafilatura", "sklearn")


def test_python_dash_m_pipeline_runs_the_same_cli():
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0
    assert "ingest" in proc.stdout and "normalize" in proc.stdout


@pytest.mark.parametrize("argv", [["--help"], ["status", "--help"], ["ingest", "--help"]])
def test_help_imports_no_heavy_library(argv):
    code = ("import sys; from pipeline.cli import main\n"
            "try:\n    main(%r)\nexcept SystemExit:\n    pass\n"
            "print('HEAVY:' + ','.join(m for m in %r if m in sys.modules))" % (argv, HEAVY))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_status_of_a_fresh_database_imports_no_heavy_library(tmp_path):
    db = tmp_path / "k.db"
    code = ("import sys; from pipeline.store import open_db; open_db(%r)\n"
            "from pipeline.cli import main\n"
            "try:\n    main(['status', '--db', %r])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY:' + ','.join(m for m in %r if m in sys.modules))" % (str(db), str(db), HEAVY))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "0 documents" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_normalize_prints_one_paragraph_per_line(khooshe):
    result = khooshe("normalize", os.path.join(CORPUS, "fixtures", "zanjan_carpet.docx"))
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "مفهوم خوشه صنعتی"
    assert all(line.strip() for line in lines)


def test_normalize_map_points_each_line_at_its_raw_page_and_line(khooshe, tmp_path):
    path = tmp_path / "two-pages.txt"
    path.write_text("سطر نخست\n\nسطر سوم صفحه یک\fسطر نخست صفحه دو\n", encoding="utf-8")
    result = khooshe("normalize", "--map", path)
    assert result.out.splitlines() == ["1:1\tسطر نخست", "1:3\tسطر سوم صفحه یک", "2:1\tسطر نخست صفحه دو"]


def test_extract_jsonl_facts_carry_offsets_into_the_normalized_text(khooshe, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("وب سایت خوشه به آدرس www.example-cluster.ir راه اندازی شد.\n", encoding="utf-8")
    normalized = khooshe("normalize", path).out.rstrip("\n")
    facts = [json.loads(l) for l in khooshe("extract", path, "--format", "jsonl").out.splitlines()]
    site = next(f for f in facts if f["type"] == "website")
    assert normalized[site["start"]:site["end"]] == "www.example-cluster.ir"
    for key in ("type", "value", "unit", "qualifier", "evidence", "start", "end", "page", "extractor",
                "extractor_version", "confidence"):
        assert key in site


def test_extract_of_an_unreadable_file_is_one_line_and_exit_1(khooshe, tmp_path):
    path = tmp_path / "broken.docx"
    path.write_text("not a docx")
    result = khooshe("extract", path)
    assert result.code == 1
    assert result.err.strip() == f"khooshe: {path}: not a DOCX file: it is not a zip package"
    assert len(result.err.strip().splitlines()) == 1


def test_status_lists_runs_and_outstanding_failures(khooshe, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "ok.txt").write_text("گزارش خوشه زعفران تربت حیدریه.", encoding="utf-8")
    (inbox / "bad.docx").write_text("not a docx")
    db = tmp_path / "k.db"
    khooshe("ingest", inbox, "--db", db)
    out = khooshe("status", "--db", db).out
    assert "1 documents" in out
    assert "ingest some_failed" in out
    assert "outstanding failures: 1" in out and "bad.docx" in out


def test_status_of_a_missing_database_exits_4(khooshe, tmp_path):
    result = khooshe("status", "--db", tmp_path / "none.db")
    assert result.code == 4 and "no such database" in result.err
