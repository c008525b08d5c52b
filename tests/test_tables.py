"""The table extractor: TAB-row blocks -> facts, whatever produced the rows.

Sentences and tables here are written for these tests (the seed's own tables appear only through
the fixtures in corpus/tables, made by corpus/tables/make_table_fixtures.py).
"""
import json
import os

import pytest

from conftest import CORPUS, SHARED
from extractors import tables
from pipeline.model import Document, Page

TABLES = os.path.join(CORPUS, "tables")
KEY = ("type", "value", "unit", "period", "subject", "year", "scope")


def text_facts(text: str):
    """Facts of the table extractor on a plain text, normalized the way every document is."""
    import extractors
    from pipeline.repair import normalize

    doc = Document(path="t.txt", format="txt", sha256="0", size=len(text), pages=[Page(1, text)])
    norm = normalize(doc)
    return norm, extractors.run(norm, only=["fa.tables"])


def unrepaired_facts(text: str):
    """The extractor on text exactly as given, with no repair stage in between: what it does with
    lines that reached it unrepaired (the repair stage would rebuild most of these lines first)."""
    import extractors
    from pipeline.model import Text
    from pipeline.textutil import unify_chars

    assert unify_chars(text) == text, "write these tests in normalized orthography"
    doc = Document(path="t.txt", format="txt", sha256="0", size=len(text), pages=[Page(1, text)])
    norm = Text(doc, text, list(range(len(text))))
    return norm, extractors.run(norm, only=["fa.tables"])


def projected(facts):
    return sorted(tuple(getattr(f, k) for k in KEY) for f in facts)


def file_facts(path: str):
    import extractors
    from pipeline.read import read
    from pipeline.repair import normalize

    return extractors.run(normalize(read(path)), only=["fa.tables"])


# --- the label vocabulary -----------------------------------------------------------------------------
@pytest.mark.parametrize("label, expected", [
    ("تعداد واحدهای تولیدی فعال", "production_units"),
    ("کارگاه‌های تولیدی", "production_units"),
    ("شمار بافندگان", "weavers"),
    ("بافندگان فعال", "active_weavers"),
    ("دارندگان کارت بافندگی", "weaving_card_holders"),
    ("تعداد دار قالی", "looms"),
    ("شرکت‌های تعاونی فرش", "cooperatives"),
    ("کارگاه‌های رنگرزی سنتی", "dyeing_units"),
    ("آموزشگاه‌های قالیبافی", "training_centers"),
    ("طراحان نقشه", "designers"),
    ("مجوزهای بازرگانی صادره", "business_licenses"),
    ("پروانه بهره‌برداری", "production_licenses"),
    ("جواز تأسیس", "establishment_licenses"),
    ("سهم از تولید کشور", "national_share"),
    ("تعداد کارکنان", "employees"),
    ("نیروی کار شاغل", "employees"),
    ("ارزش صادرات (میلیون دلار)", "export_value"),
    ("فروش صادراتی", "export_value"),              # the longer phrase at the same place wins
    ("فروش سالانه (میلیارد ریال)", "sales_value"),
    ("تعداد بنگاه‌های صادرکننده", "firms"),          # the head of the phrase comes first
    ("شبکه‌های همکاری تشکیل‌شده", "networks"),
    ("شرکت‌های ارائه‌دهنده خدمات توسعه کسب‌وکار", "bdsps"),
    ("ارایه دهندگان خدمات", "bdsps"),               # ارایه / ارائه
    ("BDSP ها", "bdsps"),
    ("طرح‌های در دست اجرا", "national_projects_in_progress"),
    ("پروژه‌های تکمیل‌شده", "national_projects_completed"),
    ("خوشه‌های امکان‌سنجی‌شده", "national_clusters_feasibility_studied"),
    ("خوشه های شناسايي شده", "national_clusters_identified"),
    ("خوشه‌های شناسای شده", "national_clusters_identified"),  # a letter missing: still the phrase
    ("کارگزاران توسعه آموزش دیده", "national_agents_trained"),
    # labels the vocabulary must not type
    ("تعداد بازدید", None),
    ("شماره تماس", None),
    ("نام خوشه", None),
    ("جمع کل", None),
])
def test_label_vocabulary(label, expected):
    assert tables.vocabulary().best("type", label) == expected


def test_a_negated_label_gives_no_fact():
    _, facts = text_facts("خوشه‌های شناسایی نشده\t40\nخوشه‌های شناسایی شده\t12\n")
    assert [(f.type, f.value) for f in facts] == [("national_clusters_identified", 12)]


def test_fuzzy_matching_forgives_a_missing_letter_not_an_extra_one():
    assert tables._fuzzy_find("امکانسنجی", "خوشههایامکاسنجیشده") >= 0
    assert tables._fuzzy_find("شناساییشده", "شناسایینشده") < 0


# --- values in cells --------------------------------------------------------------------------------
@pytest.mark.parametrize("cell, number, qualifier, unit", [
    ("1106 نفر", 1106, "exact", None),
    ("حدود 66 هزار نفر", 66000, "approx", None),
    ("بیش از ۳۰۰ واحد", 300, "more_than", None),
    ("۱۲٬۵۰۰", 12500, "exact", None),
    ("108,286", 108286, "exact", None),
    ("۴/۵ میلیون", 4500000, "exact", None),
    ("2.5", 2.5, "exact", None),
    ("17%", 17, "exact", "percent"),
    ("۱۷٪", 17, "exact", "percent"),
    ("12 درصد", 12, "exact", "percent"),
    ("-8%", -8, "exact", "percent"),
    ("1572066 میلیون ریال", 1572066, "exact", "million_rials"),  # میلیون here is the unit, not a scale
    ("350 هزار متر مربع در سال", 350000, "exact", "m2_per_year"),
    ("2 میلیون دلار", 2, "exact", "million_usd"),   # a currency after the scale word makes it a unit
])
def test_parse_value(cell, number, qualifier, unit):
    v = tables.parse_value(cell)
    assert (v.number, v.qualifier, v.unit) == (number, qualifier, unit)


@pytest.mark.parametrize("cell, number, qualifier", [
    ("شش", 6, "exact"),
    ("دو هزار نفر", 2000, "exact"),
    ("حدود یکصد واحد", 100, "approx"),
])
def test_values_in_words(cell, number, qualifier):
    v = tables.parse_value(cell)
    assert (v.number, v.qualifier) == (number, qualifier)


@pytest.mark.parametrize("cell", ["1401/05/12", "3 تا 5", "وضعیت سال 1401", "سال ۱۴۰۰", "عنوان",
                                  "در سال 1398 آغاز شد و هنوز ادامه دارد", "ده‌ها نفر", "یک فقره جواز تاسیس"])
def test_not_a_value(cell):
    assert tables.parse_value(cell) is None


# --- rows, headers, periods ----------------------------------------------------------------------------
def test_header_row_gives_periods_and_growth():
    text = ("عملکرد خوشه‌های تحت پوشش در کشور\n"
            "شاخص\tپیش از اجرای برنامه\tوضع فعلی\tدرصد رشد\n"
            "تعداد شبکه‌ها\t40\t52\t30%\n"
            "تعداد کارکنان (نفر)\t12,000\t13,800\t15%\n")
    _, facts = text_facts(text)
    assert projected(facts) == sorted([
        ("networks", 40, None, "baseline", None, None, "national"),
        ("networks", 52, None, "current", None, None, "national"),
        ("growth_percent", 30, "percent", None, "networks", None, "national"),
        ("employees", 12000, None, "baseline", None, None, "national"),
        ("employees", 13800, None, "current", None, None, "national"),
        ("growth_percent", 15, "percent", None, "employees", None, "national"),
    ])
    assert all(f.confidence >= 0.9 and f.alignment == "exact" for f in facts)


def test_header_lines_above_the_block_when_the_grid_was_lost():
    """The repair stage may leave a header as plain lines: their words still name the columns."""
    text = ("دستاوردهای طرح\nشرح\nوضعیت پیش از طرح\nدر حال حاضر\nدرصد\nتغییر\n"
            "تعداد بنگاه‌های عضو\t80\t100\t25%\n")
    _, facts = text_facts(text)
    got = {(f.type, f.period, f.value) for f in facts}
    assert ("firms", "baseline", 80) in got and ("firms", "current", 100) in got
    assert ("growth_percent", None, 25) in got


def test_arithmetic_tells_before_from_now_when_nothing_else_does():
    # a table read in the wrong direction: «now | before | p%»; 214 -> 511 is +138%
    _, facts = text_facts("تعداد شبکه‌ها\t511\t214\t138%\n")
    got = {(f.type, f.period, f.value) for f in facts}
    assert got == {("networks", "current", 511), ("networks", "baseline", 214), ("growth_percent", None, 138)}


def test_a_decrease():
    _, facts = text_facts("صادرات (دلار)\t4800\t3600\t-25%\n")
    got = {(f.type, f.period, f.value, f.unit) for f in facts}
    assert got == {("export_value", "baseline", 4800, "usd"), ("export_value", "current", 3600, "usd"),
                   ("growth_percent", None, -25, "percent")}


def test_year_columns():
    _, facts = text_facts("\t1399\t1400\t1401\nتعداد بنگاه‌ها\t100\t120\t150\n")
    assert {(f.value, f.year) for f in facts} == {(100, 1399), (120, 1400), (150, 1401)}
    assert all(f.type == "firms" and f.confidence >= 0.9 for f in facts)


def test_year_in_the_caption_and_a_row_number_column():
    text = "آمار خوشه‌ها\nوضعیت سال ۱۴۰۰ (تعداد)\n1\tخوشه‌های شناسایی شده\t310\n2\tپروژه‌های خاتمه یافته\t75\n"
    _, facts = text_facts(text)
    assert projected(facts) == sorted([
        ("national_clusters_identified", 310, None, None, None, 1400, "national"),
        ("national_projects_completed", 75, None, None, None, 1400, "national"),
    ])


def test_a_year_in_prose_above_the_table_is_not_the_tables_year():
    prose = ("در این گزارش که در سال 1395 و با همکاری دفتر خوشه‌ها تهیه شده است، وضعیت واحدهای تولیدی "
             "و بافندگان استان در کنار هم آمده است تا تصویر روشنی از خوشه به دست دهد.")
    _, facts = text_facts(prose + "\nتعداد بافندگان\t2400\n")
    assert [(f.type, f.value, f.year) for f in facts] == [("weavers", 2400, None)]


def test_a_provincial_table_is_not_national():
    text = "وضعیت خوشه‌های استان زنجان در سال 1400\nخوشه‌های شناسایی شده\t12\nپروژه‌های در حال اجرا\t3\n"
    _, facts = text_facts(text)
    assert projected(facts) == sorted([
        ("clusters_identified", 12, None, None, None, 1400, None),
        ("projects_in_progress", 3, None, None, None, 1400, None),
    ])


def test_a_cluster_table_keeps_no_scope_and_reads_qualifiers():
    text = "مشخصات خوشه فرش دستباف\nشرح\tتعداد\nبافندگان\tحدود 9 هزار نفر\nدار قالی\t3100 عدد\nطراح فرش\t6 نفر\n"
    _, facts = text_facts(text)
    assert projected(facts) == sorted([
        ("weavers", 9000, None, None, None, None, None),
        ("looms", 3100, None, None, None, None, None),
        ("designers", 6, None, None, None, None, None),
    ])
    assert {f.type: f.qualifier for f in facts} == {"weavers": "approx", "looms": "exact", "designers": "exact"}


def test_units_from_label_and_header():
    text = "شرح\tارزش (میلیارد ریال)\nفروش محصولات\t850\nصادرات (میلیون دلار)\t12\n"
    _, facts = text_facts(text)
    assert {(f.type, f.value, f.unit) for f in facts} == {("sales_value", 850, "billion_rials"),
                                                          ("export_value", 12, "million_usd")}


def test_empty_cells_are_not_values():
    text = "شاخص\tقبل از اجرا\tدر حال حاضر\tدرصد افزایش\nتعداد بنگاه‌ها\t120\t\t\n"
    _, facts = text_facts(text)
    assert [(f.type, f.value, f.period, f.raw_value) for f in facts] == [("firms", 120, "baseline", None)]


# --- offsets and evidence ---------------------------------------------------------------------------
def test_offsets_span_the_cell_and_evidence_is_the_row():
    norm, facts = text_facts("یک جمله پیش از جدول.\nتعداد شبکه‌ها\t40\t52\t30%\n")
    row = "تعداد شبکه‌ها\t40\t52\t30%"
    for f in facts:
        assert norm.text[f.start:f.end] == f.as_written
        assert f.evidence == row and norm.text[f.evidence_start:f.evidence_end] == row
        assert f.extractor == "fa.tables" and f.page == 1
    assert sorted(f.as_written for f in facts) == ["30%", "40", "52"]


# --- glued numbers ----------------------------------------------------------------------------------
HEADER = "شرح\tقبل از آغاز طرح\tدر حال حاضر\tدرصد افزایش\n"


def test_a_glued_cell_is_split_by_arithmetic():
    """The repair stage kept an unsplit digit run as one cell: 320 -> 412 is +28.75%, written 29."""
    norm, facts = text_facts(HEADER + "تعداد شبکه‌ها\t32041229%\n")
    assert projected(facts) == sorted([
        ("networks", 320, None, "baseline", None, None, None),
        ("networks", 412, None, "current", None, None, None),
        ("growth_percent", 29, "percent", None, "networks", None, None),
    ])
    for f in facts:
        assert f.alignment == "derived" and f.raw_value is None
        assert norm.text[f.start:f.end] == "32041229%"
        assert 0.5 < f.confidence < 0.9


def test_a_partly_glued_row_keeps_the_boundary_it_has():
    _, facts = text_facts(HEADER + "تعداد شبکه‌ها\t320\t41229%\n")
    assert {(f.period, f.value) for f in facts if f.type == "networks"} == {("baseline", 320), ("current", 412)}


def test_a_glued_cell_without_any_header():
    """A five-digit percentage is numbers run together even when no header says so."""
    _, facts = text_facts("تعداد کارکنان\t%5600644815\n")
    assert {(f.type, f.period, f.value) for f in facts} == {
        ("employees", "baseline", 5600), ("employees", "current", 6448), ("growth_percent", None, 15)}


def test_no_consistent_split_keeps_the_raw_string_with_low_confidence():
    norm, facts = text_facts(HEADER + "تعداد بنگاه‌ها\t12345678%\n")
    assert len(facts) == 1
    f = facts[0]
    assert f.type == "firms" and f.value is None and f.raw_value == "12345678%"
    assert f.confidence <= 0.3 and f.period is None
    assert norm.text[f.start:f.end] == "12345678%"
    assert f.to_dict()["value"] is None


def test_a_raw_fact_is_stored_with_its_raw_string():
    from pipeline.process import fact_row

    _, facts = text_facts(HEADER + "تعداد بنگاه‌ها\t12345678%\n")
    row = fact_row("doc", facts[0])
    assert row["value_num"] is None and row["value_text"] is None and row["raw_value"] == "12345678%"


def test_an_unrepaired_glued_line_is_read_when_its_numbers_split():
    """A visual-order line «%digits label» that reached us unrepaired: lower confidence."""
    _, facts = unrepaired_facts("%5600644815های فعال در خوشه تعداد کارکنان\n")
    assert {(f.type, f.period, f.value) for f in facts} == {
        ("employees", "baseline", 5600), ("employees", "current", 6448), ("growth_percent", None, 15)}
    assert all(f.confidence <= 0.6 and f.alignment == "derived" for f in facts)


@pytest.mark.parametrize("line", [
    "%12345678های فعال در خوشه تعداد کارکنان",      # no consistent split: not taken from a non-row line
    "%5600644815های فعال در خوشه",                   # no known label
    "کد رهگیری 5600644815%",                         # no known label
])
def test_an_unrepaired_line_without_a_sure_reading_gives_nothing(line):
    assert unrepaired_facts(line + "\n")[1] == []


# --- precision: prose is not a table ----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "تعداد بنگاه‌ها در خوشه‌های تحت حمایت از 80 به 100 رسید که 25% افزایش نشان می‌دهد.",
    "در سال 1401 بیش از 300 واحد تولیدی و 9000 بافنده در خوشه فعال بودند.",
    "اشتغال خوشه 12 درصد رشد کرد.",
    "تعداد بازدید\t1250\nزمان مطالعه\t4 دقیقه\n",     # page furniture in a TAB row
    "نام\tتلفن\nدفتر خوشه\t02537745566\n",           # a contact table
])
def test_prose_and_unknown_tables_give_no_table_facts(text):
    assert text_facts(text)[1] == []


# --- the same facts from every source ---------------------------------------------------------------
SOURCES = ["seed002_repaired.txt", "seed002_tables.docx", "seed002_tables.pptx", "seed002_tables.lo.pptx",
           "seed002_tables.pdf"]


@pytest.fixture(scope="module")
def repaired_text_facts():
    return projected(file_facts(os.path.join(TABLES, "seed002_repaired.txt")))


@pytest.mark.parametrize("name", SOURCES[1:])
def test_every_source_gives_the_facts_of_the_repaired_text(name, repaired_text_facts):
    assert projected(file_facts(os.path.join(TABLES, name))) == repaired_text_facts


def test_the_repaired_text_gives_all_of_seed_002s_table_facts(repaired_text_facts):
    gold_path = os.path.join(SHARED, "gold", "seed_facts.json")
    if not os.path.exists(gold_path):
        pytest.skip("the shared gold files are not next to the checkout")
    gold = next(d for d in json.load(open(gold_path, encoding="utf-8")) if d["document"].startswith("002"))
    want = [f for f in gold["facts"] if f["type"] != "duration_years"]  # prose facts, not a table's
    have = repaired_text_facts
    for g in want:
        match = [h for h in have if h[0] == g["type"] and h[1] == g["value"]
                 and h[2] == g.get("unit", None if g["type"] != "growth_percent" else "percent")
                 and h[3] == g.get("period") and h[5] == g.get("year") and h[6] == "national"
                 and (g.get("subject") is None or h[4] == g["subject"])]
        assert match, f"missing {g}"
    assert len(have) == len(want)


def test_fixture_tables_hold_the_gold_rows():
    """The fixture script's tables are the gold file's rows (so the fixtures test what they claim)."""
    gold_path = os.path.join(SHARED, "gold", "002_a21e0ece87bfcb04.repaired-lines.tsv")
    if not os.path.exists(gold_path):
        pytest.skip("the shared gold files are not next to the checkout")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_table_fixtures", os.path.join(TABLES, "make_table_fixtures.py"))
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    gold_rows = [line.rstrip("\n").split("\t", 1)[1] for line in open(gold_path, encoding="utf-8")
                 if "\t" in line.rstrip("\n").split("\t", 1)[-1]]
    fixture_rows = ["\t".join(r) for r in script.STATUS[1:] + script.ACHIEVEMENTS[1:]]
    assert fixture_rows == gold_rows


def test_numbered_rows_in_visual_order_are_read_by_their_counter():
    """«value label number» lines whose end numbers count 1, 2, 3: that end is the row number."""
    text = "وضعیت تشکل‌ها\nسال 1399\n42 های فعالتعاونی 1\nنفر9000 فعالبافندگان 2\n17 های رنگرزیکارگاه 3\n"
    _, facts = unrepaired_facts(text)
    assert sorted((f.type, f.value, f.year) for f in facts) == [
        ("active_weavers", 9000, 1399), ("cooperatives", 42, 1399), ("dyeing_units", 17, 1399)]
    assert all(f.confidence <= 0.6 for f in facts)


def test_numbered_rows_in_reading_order_without_tabs():
    _, facts = unrepaired_facts("1 تعاونی‌های فعال 42\n2 کارگاه‌های رنگرزی 17\n")
    assert sorted((f.type, f.value) for f in facts) == [("cooperatives", 42), ("dyeing_units", 17)]


@pytest.mark.parametrize("text", [
    "42 های فعالتعاونی 1\n",                                   # one line is not a run
    "42 های فعالتعاونی 1\n17 های رنگرزیکارگاه 5\n",            # the end numbers do not count
    "1 تعاونی‌های فعال 2\n2 کارگاه‌های رنگرزی 3\n",            # both ends count: which is the value?
    "1 مقدمه 3\n2 روش کار 7\n3 نتایج 12\n",                     # a table of contents: no known label
])
def test_numbered_lines_without_a_sure_reading_give_nothing(text):
    assert unrepaired_facts(text)[1] == []


def test_a_table_on_its_side_header_names_the_types():
    text = ("عملکرد خوشه پوشاک\n"
            "سال\tتعداد واحدهای تولیدی\tاشتغال (نفر)\tصادرات (دلار)\n"
            "1400\t120\t2400\t150000\n"
            "سال ۱۴۰۱\t135\t2650\t180000\n")
    _, facts = text_facts(text)
    assert projected(facts) == sorted([
        ("production_units", 120, None, None, None, 1400, None),
        ("employees", 2400, None, None, None, 1400, None),
        ("export_value", 150000, "usd", None, None, 1400, None),
        ("production_units", 135, None, None, None, 1401, None),
        ("employees", 2650, None, None, None, 1401, None),
        ("export_value", 180000, "usd", None, None, 1401, None),
    ])


def test_rows_per_cluster_under_typed_columns_name_their_cluster():
    text = "نام خوشه\tتعداد بنگاه‌ها\tاشتغال\tسهم صادرات\nپوشاک\t410\t3200\t12%\nخوشه چرم\t95\t700\t3%\n"
    _, facts = text_facts(text)
    assert sorted((f.type, f.value, f.unit, f.cluster) for f in facts) == [
        ("employees", 700, None, "خوشه چرم"), ("employees", 3200, None, "خوشه پوشاک"),
        ("export_share", 3, "percent", "خوشه چرم"), ("export_share", 12, "percent", "خوشه پوشاک"),
        ("firms", 95, None, "خوشه چرم"), ("firms", 410, None, "خوشه پوشاک")]


def test_a_city_column_completes_the_cluster_name():
    text = "ردیف\tنام خوشه\tشهر\tتعداد واحدها\n1\tفرش دستباف\tکاشان\t640\n2\tخوشه سفال\tلالجین\t300\n"
    _, facts = text_facts(text)
    assert sorted((f.type, f.value, f.cluster) for f in facts) == [
        ("production_units", 300, "خوشه سفال لالجین"), ("production_units", 640, "خوشه فرش دستباف کاشان")]


def test_rows_per_place_under_typed_columns_carry_the_row_as_subject():
    text = "استان\tتعداد بافندگان\nزنجان\t66000\nقم\t25000\n"
    _, facts = text_facts(text)
    assert sorted((f.type, f.value, f.subject) for f in facts) == [("weavers", 25000, "قم"), ("weavers", 66000, "زنجان")]


@pytest.mark.parametrize("header, cells, expected", [
    ("تغییر", "30%", {("growth_percent", 30)}),         # a change column in percent is a growth rate
    ("تغییر", "12", set()),                             # an absolute difference: no fact of ours
    ("درصد تغییر", "30", {("growth_percent", 30)}),     # the header says percent
])
def test_change_columns(header, cells, expected):
    _, facts = text_facts(f"شاخص\tسال ۱۴۰۰\tسال ۱۴۰۱\t{header}\nتعداد شبکه‌ها\t40\t52\t{cells}\n")
    got = {(f.type, f.value) for f in facts}
    assert {("networks", 40), ("networks", 52)} <= got
    assert got - {("networks", 40), ("networks", 52)} == expected


def test_short_header_words_are_not_found_inside_other_words():
    # «رشد» (growth) hides in «فرش دستباف»: the caption must not make a growth column of it
    _, facts = text_facts("مشخصات خوشه فرش دستباف\nطراح فرش\t6 نفر\n")
    assert [(f.type, f.value) for f in facts] == [("designers", 6)]


def test_a_year_in_the_label():
    _, facts = text_facts("تعداد بافندگان در سال 1398\t8700\n")
    assert [(f.type, f.value, f.year) for f in facts] == [("weavers", 8700, 1398)]


def test_row_spans_cover_the_lines_taken_as_rows():
    text = "یک جمله.\nتعداد شبکه‌ها\t40\t52\t30%\n%5600644815های فعال در خوشه تعداد کارکنان\nپایان.\n"
    spans = tables.row_spans(text)
    assert [text[s:e] for s, e in spans] == ["تعداد شبکه‌ها\t40\t52\t30%", "%5600644815های فعال در خوشه تعداد کارکنان"]


def test_a_header_row_whose_year_stands_in_a_cell_of_its_own():
    text = "ردیف\tعنوان\tوضعیت سال\t1400 (تعداد)\n1\tخوشه‌های شناسایی شده\t310\n2\tطرح‌های در دست اجرا\t41\n"
    _, facts = text_facts(text)
    assert sorted((f.type, f.value, f.year) for f in facts) == [
        ("national_clusters_identified", 310, 1400), ("national_projects_in_progress", 41, 1400)]


@pytest.mark.parametrize("line", [
    "%5,6006,44815های فعال در خوشه تعداد کارکنان",     # separators inside the glued run
    "تعداد کارکنان در خوشه‌های فعال 5600644815%",       # reading order, the run at the end
])
def test_unrepaired_glued_line_variants(line):
    _, facts = unrepaired_facts(line + "\n")
    assert {(f.type, f.period, f.value) for f in facts} == {
        ("employees", "baseline", 5600), ("employees", "current", 6448), ("growth_percent", None, 15)}


# --- end to end: the real CLI and a real database ----------------------------------------------------
@pytest.mark.slow
def test_cli_extract_and_ingest_of_a_slide_deck(khooshe, tmp_path):
    import sqlite3

    deck = os.path.join(TABLES, "seed002_tables.pptx")
    result = khooshe("extract", deck, "--format", "jsonl")
    assert result.code == 0
    facts = [json.loads(line) for line in result.out.splitlines()]
    table = [f for f in facts if f["extractor"] == "fa.tables"]
    assert len(table) == 23
    growth = [f for f in table if f["type"] == "growth_percent"]
    assert {(f["value"], f["subject"]) for f in growth} == {
        (17, "firms"), (138, "networks"), (200, "bdsps"), (17, "employees"), (50, "sales_value"), (5, "export_value")}
    assert all(f["page"] in (1, 2) and "\t" in f["evidence"] for f in table)

    db = tmp_path / "k.db"
    assert khooshe("ingest", deck, "--db", db, "--quiet").code == 0
    con = sqlite3.connect(db)
    rows = con.execute("select type, value_num, period, year, scope from facts where extractor = 'fa.tables' "
                       "and type = 'national_clusters_identified'").fetchall()
    assert rows == [("national_clusters_identified", 505.0, None, 1401, "national")]


@pytest.mark.parametrize("text, expected", [
    # the row number on either edge, found by its counting, not by its place
    ("1\tخوشه‌های شناسایی شده\t310\n2\tطرح‌های خاتمه یافته\t75\n", {310, 75}),
    ("310\tخوشه‌های شناسایی شده\t1\n75\tطرح‌های خاتمه یافته\t2\n", {310, 75}),
    ("1\tخوشه‌های شناسایی شده\t310\n", {310}),
    ("310\tخوشه‌های شناسایی شده\t1\n", {310}),
    ("5\tخوشه‌های شناسایی شده\t310\n", {5, 310}),              # a lone 5 is not a row number
    ("تعاونی‌ها\t1\nاتحادیه‌ها\t2\nکارگاه‌های رنگرزی\t3\n", {1, 2, 3}),  # counting values, no other value
])
def test_row_number_columns(text, expected):
    assert {f.value for f in text_facts(text)[1]} == expected


def test_a_unit_declared_in_the_caption_applies_to_money_rows():
    text = "عملکرد مالی خوشه (ارقام به میلیارد ریال)\nفروش داخلی\t420\nصادرات (دلار)\t90000\nتعداد کارکنان\t300\n"
    _, facts = text_facts(text)
    assert {(f.type, f.unit) for f in facts} == {("sales_value", "billion_rials"), ("export_value", "usd"),
                                                 ("employees", None)}


def test_doctests():
    import doctest

    assert doctest.testmod(tables).failed == 0


@pytest.mark.parametrize("label, expected", [
    # words of a phrase out of order, as a repair that got a row's word order wrong leaves them
    ("پروژه توسعه خوشه‌های اجراای در حال", "national_projects_in_progress"),
    ("خوشه شده‌های امکان‌سنجی", "national_clusters_feasibility_studied"),
    ("کارت دارندگان بافندگی", "weaving_card_holders"),
    ("فروش صادراتی", "export_value"),      # the phrase in order still beats its words apart
])
def test_phrases_whose_words_came_apart(label, expected):
    assert tables.vocabulary().label_type(label) == expected


def test_exports_under_one_label_are_a_value_a_share_or_a_volume_by_their_unit():
    text = ("صادرات خوشه‌های منتخب\n"
            "نام خوشه\tشهر\tصادرات (تن)\n"
            "خوشه خرما\tجهرم\t1200\n"
            "\n"
            "نام خوشه\tشهر\tسهم صادرات از فروش (درصد)\n"
            "خوشه خرما\tجهرم\t35%\n")
    got = {(f.type, f.value, f.unit) for f in text_facts(text)[1] if f.type.startswith("export")}
    assert ("export_volume", 1200, "tonnes") in got
    assert any(t == "export_share" and v == 35 for t, v, _ in got)
    assert not any(t == "export_value" for t, _, _ in got)


def test_a_tables_cluster_gets_its_place_and_the_key_prose_gives_it():
    from extractors.clusters import identify
    from pipeline.extract import extract
    from pipeline.repair import normalize

    text = "نام خوشه\tشهر\tتعداد واحدها\nخوشه سفال و سرامیک\tلالجین\t420\n"
    doc = Document(path="t.txt", format="txt", sha256="0" * 64, size=len(text), pages=[Page(1, text)])
    ex = extract(normalize(doc))
    (fact,) = [f for f in ex.facts if f.type == "production_units"]
    (c,) = [c for c in ex.clusters if c.name == fact.cluster]  # named by the table's row and its city column
    assert (c.city, c.province) == ("لالجین", "همدان")
    prose = identify("خوشه سفال و سرامیک لالجین در استان همدان است.").clusters[0]
    assert {c.identity for c in ex.clusters if "سفال" in c.name} == {prose.ident}  # one row in clusters
