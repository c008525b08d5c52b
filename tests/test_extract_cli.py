"""`khooshe extract FILE --format jsonl|json|table|html` on files written for the tests."""
import json
import re

import pytest

REPORT = (
    "گزارش خوشه چرم تبریز\n"
    "پروژه توسعه خوشه چرم تبریز از پاییز سال ۱۳۹۹ با حمایت شرکت شهرک‌های صنعتی استان آذربایجان شرقی آغاز شد.\n"
    "در این خوشه حدود ۴۲۰ واحد تولیدی و بیش از ۳ هزار نفر شاغل فعالیت دارند.\n"
    "قرارداد عامل توسعه سه ساله است.\n"
    "تاریخ انتشار : ۱۲ بهمن ۱۴۰۱\n"
)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "leather.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_jsonl_facts_have_their_fields_and_spans(khooshe, report):
    normalized = khooshe("normalize", report).out.rstrip("\n")
    result = khooshe("extract", report, "--format", "jsonl")
    assert result.code == 0
    facts = [json.loads(line) for line in result.out.splitlines()]
    for f in facts:
        for key in ("type", "value", "unit", "qualifier", "evidence", "start", "end", "page", "extractor",
                    "extractor_version", "confidence", "cluster"):
            assert key in f
        assert normalized[f["start"]:f["end"]] == f["as_written"]
        assert f["as_written"] in f["evidence"] or f["evidence"] in normalized
    got = {(f["type"], f["value"], f["qualifier"]) for f in facts}
    assert {("production_units", 420, "approx"), ("employees", 3000, "more_than"),
            ("duration_years", 3, "exact"), ("start_date", "1399-S3", "exact"),
            ("document_date", "1401-11-12", "exact"),
            ("organization", "شرکت شهرک‌های صنعتی استان آذربایجان شرقی", "exact")} <= got
    start = next(f for f in facts if f["type"] == "start_date")
    assert (start["jalali"], start["gregorian_start"], start["gregorian_end"]) == ("1399-S3", "2020-09-22", "2020-12-20")
    units = next(f for f in facts if f["type"] == "production_units")
    assert units["cluster"] == "خوشه چرم تبریز"


def test_json_is_one_list_and_table_is_text(khooshe, report):
    facts = json.loads(khooshe("extract", report, "--format", "json").out)
    assert isinstance(facts, list) and facts
    table = khooshe("extract", report, "--format", "table").out
    assert "production_units" in table and "420" in table


def test_html_is_one_rtl_page_with_the_facts_marked(khooshe, report):
    result = khooshe("extract", report, "--format", "html")
    assert result.code == 0
    page = result.out
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fa" dir="rtl">' in page and '<meta charset="utf-8">' in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]  # self-contained
    assert re.search(r'<mark class="count"[^>]*title="production_units = 420"', page)
    assert "<td>production_units</td>" in page and "خوشه چرم تبریز" in page


def test_html_escapes_hostile_text(khooshe, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text('<script>alert("x")</script> در خوشه <b>قند</b> تبریز ۱۲ تعاونی "فعال" است & <img src=x onerror=1>\n',
                    encoding="utf-8")
    page = khooshe("extract", path, "--format", "html").out
    body = page.split("<body>", 1)[1]
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;script&gt;" in body and "&lt;img src=x onerror=1&gt;" in body and "&amp;" in body
