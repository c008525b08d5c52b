"""Counts and quantities with their qualifiers (extractors/counts.py), on sentences written for the
tests in the phrasings of provincial cluster news."""
import pytest

import extractors
from pipeline.model import Document, Page, Text


def text_of(s: str) -> Text:
    doc = Document(path="t.txt", format="txt", sha256="0" * 64, size=len(s), pages=[Page(1, s)])
    return Text(doc, s, list(range(len(s))))


def counts(s: str):
    return [(f.type, f.value, f.qualifier) for f in extractors.run(text_of(s), only=["fa.counts"])]


@pytest.mark.parametrize("sentence, expected", [
    # counted noun after the number, qualifiers before it
    ("در این شهرستان بیش از ۲ هزار بافنده کار می‌کنند.", [("weavers", 2000, "more_than")]),
    ("حدود400 واحد تولیدی در خوشه مبلمان فعال است.", [("production_units", 400, "approx")]),
    ("نزدیک به ۱۲۰ کارگاه کوچک در روستاها فعالند.", [("production_units", 120, "approx")]),
    ("تقریباً ۷۵ واحد پشتیبانی و خدماتی در این خوشه هست.", [("support_units", 75, "approx")]),
    ("۹ واحد سنتی رنگرزی نخ در منطقه فعال است.", [("dyeing_units", 9, "exact")]),
    ("۱۴ تعاونی فرشبافی روستایی تشکیل شده است.", [("cooperatives", 14, "exact")]),
    ("هجده آموزشگاه فنی در استان دایر است.", [("training_centers", 18, "exact")]),
    ("۳ هزار و ۲۰۰ دستگاه دار قالی در منطقه نصب است.", [("looms", 3200, "exact")]),
    ("در این خوشه ۴۰ نفر طراح نقشه فعالیت می‌کنند.", [("designers", 40, "exact")]),
    ("کمتر از ۵۰ واحد تولیدی باقی مانده است.", [("production_units", 50, "less_than")]),
    ("دست کم ۳ تعاونی جدید ثبت شد.", [("cooperatives", 3, "at_least")]),
    ("تا ۶۰ واحد تولیدی در شهرک مستقر می‌شوند.", [("production_units", 60, "at_most")]),
    ("۱۵۰ بنگاه کسب و کار عضو خوشه شده‌اند.", [("firms", 150, "exact")]),
    ("۳۲ مجوز بازرگانی و ۱۲ پروانه بهره برداری صادر شد.",
     [("business_licenses", 32, "exact"), ("production_licenses", 12, "exact")]),
    ("هم‌اکنون ۴ هزار و ۷۰۰ نفر دارای کارت شناسایی قالیبافی هستند.", [("weaving_card_holders", 4700, "exact")]),
    ("یکهزار و ۵۰ فقره کارت قالیبافی صادر شده است.", [("weaving_card_holders", 1050, "exact")]),
    # the counted noun was named before the number
    ("تعداد دار قالی : ۱۲٬۵۰۰ عدد", [("looms", 12500, "exact")]),
    ("تعداد بافندگان شهرستان: حدود ۹ هزار نفر", [("weavers", 9000, "approx")]),
    ("پروانه تولید صادر شده بیش از 20 مورد", [("production_licenses", 20, "more_than")]),
    ("امسال مجوز برای 45 واحد صادر شد.", [("licenses", 45, "exact")]),
    ("با اشتغال ۲۸۰۰ نفر در چهار خوشه", [("employees", 2800, "exact"), ("clusters", 4, "exact")]),
    ("این طرح برای ۳۵۰ نفر اشتغال ایجاد کرد.", [("jobs_created", 350, "exact")]),
    # one: the article or the count
    ("یک اتحادیه صنفی تولیدکنندگان چرم", [("unions", 1, "exact")]),
    ("یک فقره جواز تاسیس مجتمع رنگرزی صادر شد.", [("establishment_licenses", 1, "exact")]),
    ("این واحدها در یک منطقه جغرافیایی قرار دارند و یک تعاونی هم دارند.", []),
    # ranges
    ("بین ۱۰ تا ۱۵ واحد تولیدی در خوشه هست.",
     [("production_units", 10, "at_least"), ("production_units", 15, "at_most")]),
    ("۲ تا ۳ هزار بافنده در روستاها کار می‌کنند.", [("weavers", 2000, "at_least"), ("weavers", 3000, "at_most")]),
    # shares, volumes, money
    ("تولید این استان حدود ۷ درصد از کل فرش کشور است.", [("national_share", 7, "approx")]),
    ("سهم استان از تولید فرش کشور ۶ درصد است.", [("national_share", 6, "exact")]),
    ("صادرات خوشه رشد ۴۹ درصدی داشته است.", [("growth_percent", 49, "exact")]),
    ("۶۰ درصد محصول به خارج از کشور صادر می‌شود.", [("export_share", 60, "exact")]),
    ("سالانه ۲۰۰ هزار متر مربع فرش در استان تولید می‌شود.", [("production_volume", 200000, "exact")]),
    ("کل تولید فرش کشور ۵/ ۳ میلیون متر مربع است.", [("national_production_volume", 3500000, "exact")]),
    ("صادرات خوشه به ۱۲ میلیون دلار رسید.", [("export_value", 12000000, "exact")]),
    ("میزان فروش اعضای خوشه ۲۵۰ میلیارد ریال بود.", [("sales_value", 250000, "exact")]),
    ("در این منطقه بیش از ۹۰۰ بهره‌بردار و ۲۸ واحد فرآوری فعال‌اند.",
     [("producers", 900, "more_than"), ("production_units", 28, "exact")]),
    ("دو کنسرسیوم صادراتی تشکیل شد.", [("consortia", 2, "exact")]),
    ("۱۲ کارگاه آموزشی با حضور ۴۰۰ نفر برگزار شد.", [("training_courses", 12, "exact")]),
    ("۷۰ درصد کارگاه‌ها کمتر از ۵ نفر کارکن دارند.", []),
    # programme news
    ("تاکنون ۴۲۰ خوشه کسب و کار در سطح کشور شناسایی شده است.",
     [("national_clusters_identified", 420, "exact")]),
    # not counts
    ("بر اساس ماده 39 قانون برنامه چهارم", []),
    ("در سال ۱۴۰۰ نمایشگاهی برگزار شد.", []),
    ("ده‌ها نفر در این بازدید حضور داشتند.", []),
    ("این کار نه تنها صادرات را افزایش داد.", []),
    ("شعاع ۵۰ کیلومتر مربع", []),
    ("تلفن تماس: ۰۲۱-۸۸۲۲۳۳۴۴", []),
    ("سامانه پیامکی 30001234567 راه اندازی شد.", []),
])
def test_counts(sentence, expected):
    assert counts(sentence) == expected


def test_a_list_number_is_not_a_count():
    assert counts("2- ۱۵ تعاونی جدید") == [("cooperatives", 15, "exact")]
    assert counts("3- خوشه سنگ") == []


def test_table_rows_are_left_to_the_tables_extractor():
    assert counts("تعداد تعاونی‌ها\t۱۲\t۱۸") == []


@pytest.mark.parametrize("page", [
    "تعداد بازدید: 165",
    "  • - تعداد بازدیدکننده: 1640",
    "زمان مطالعه : 4 دقیقه",
    "کد خبر : 3645",
])
def test_page_furniture_gives_no_count(page):
    assert counts(page + "\nدر این خوشه ۱۲ تعاونی فعال است.") == [("cooperatives", 12, "exact")]


def test_a_bracketed_restatement_keeps_the_qualifier():
    s = "تولید استان حدود ۴ درصد از کل فرش کشور (۱۵۰ هزار متر مربع در سال) است."
    assert counts(s) == [("national_share", 4, "approx"), ("production_volume", 150000, "approx")]


def test_the_countrys_figure_is_national_unless_the_document_states_it_as_its_own():
    s = ("استان سالانه نزدیک به ۸۰ هزار متر مربع فرش تولید می‌کند. "
         "این میزان حدود ۲ درصد تولید فرش کشور (۴ میلیون متر مربع) است.")
    got = counts(s)
    assert ("production_volume", 80000, "approx") in got
    assert ("national_production_volume", 4000000, "exact") in got


def test_span_and_provenance():
    s = "در این شهرستان بیش از25هزار نفر بافنده مشغول به کارند."
    (f,) = extractors.run(text_of(s), only=["fa.counts"])
    assert s[f.start:f.end] == "بیش از25هزار نفر بافنده"
    assert f.evidence == s and f.page == 1 and f.extractor == "fa.counts"
    assert f.raw_value == "25هزار" and 0 < f.confidence <= 1 and f.alignment == "exact"


@pytest.mark.parametrize("sentence, expected", [
    # the cue after the figure
    ("سالانه بیش از ۸ میلیون دلار محصول به کشورهای همسایه صادر می‌شود.", [("export_value", 8000000, "more_than")]),
    # each number's own context: what follows it, before the sentence as a whole
    ("در استان ۱۲ خوشه شناسایی شده که توسعه ۳ خوشه تا پایان سال ۱۳۹۹ به پایان رسید.",
     [("clusters_identified", 12, "exact"), ("projects_completed", 3, "exact")]),
    ("بیش از ۹ هزار نفر به صورت مستقیم در این خوشه فعالیت دارند.", [("employees", 9000, "more_than")]),
])
def test_context_after_the_number(sentence, expected):
    assert counts(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("تعداد تعاونی‌های خوشه از ۳ به ۷ رسید.", [("cooperatives", 3, "baseline"), ("cooperatives", 7, "current")]),
    ("فروش ۱۵ درصد افزایش یافته و شمار کارگاه‌های فعال از ۴۰ به ۶۵ رسیده است.",
     [("growth_percent", 15, None), ("production_units", 40, "baseline"), ("production_units", 65, "current")]),
])
def test_a_figure_then_and_now(sentence, expected):
    got = [(f.type, f.value, f.period) for f in extractors.run(text_of(sentence), only=["fa.counts"])]
    assert got == expected


def test_a_diagrams_leftover_labels_are_not_counts():
    assert counts("بنگاه N بنگاه..... 3 بنگاه 2") == []


# --- exports: a share (percent), a volume (tonnes) and a value (money) ----------------------------
def export_facts(s: str):
    return [(f.type, f.value, f.unit, f.qualifier) for f in extractors.run(text_of(s), only=["fa.counts"])]


@pytest.mark.parametrize("sentence, expected", [
    # a percent whose own words name exports is the share exported
    ("صادرات این کارگاه‌ها ۳۵ درصد فروش آنهاست.", [("export_share", 35, "percent", "exact")]),
    ("سهم صادرات از تولید خوشه نزدیک به ۲۰ درصد است.", [("export_share", 20, "percent", "approx")]),
    ("حدود ۴۵ درصد محصولات خوشه به عراق صادر می‌شود.", [("export_share", 45, "percent", "approx")]),
    # ... but not a change in exports, nor a share of the country's exports
    ("صادرات خوشه ۱۸ درصد افزایش یافت.", [("growth_percent", 18, "percent", "exact")]),
    ("صادرات خوشه امسال ۱۸ درصد کاهش یافت.", []),
    ("سهم استان از صادرات زعفران کشور ۱۲ درصد است.", [("national_share", 12, "percent", "exact")]),
    # tonnes exported are a volume, not production
    ("پارسال ۹۰۰ تن کشمش از این خوشه صادر شد.", [("export_volume", 900, "tonnes", "exact")]),
    ("میزان صادرات انار استان بیش از ۱۵ هزار تن بود.", [("export_volume", 15000, "tonnes", "more_than")]),
    ("از ۴۰۰۰ تن تولید سالانه، ۱۲۰۰ تن صادر می‌شود.",
     [("production_volume", 4000, "tonnes_per_year", "exact"), ("export_volume", 1200, "tonnes", "exact")]),
    ("تولید سالانه ۳۰۰۰ تن است که ۸۰۰ تن آن صادر می‌شود.",
     [("production_volume", 3000, "tonnes_per_year", "exact"), ("export_volume", 800, "tonnes", "exact")]),
    ("صادرات ۶۰۰ تن زردآلو به ارزش ۳ میلیون دلار انجام شد.",
     [("export_volume", 600, "tonnes", "exact"), ("export_value", 3000000, "usd", "exact")]),
    ("سالانه ۷۰ هزار جفت کفش از خوشه صادر می‌شود.", [("export_volume", 70000, "pairs", "exact")]),
    # money stays a value with its currency
    ("ارزش صادرات خوشه ۴۰ میلیارد ریال بود.", [("export_value", 40000, "million_rials", "exact")]),
    # «صادر» of a licence is no export
    ("برای ۲۰ واحد پروانه بهره برداری صادر شد و ظرفیت آنها ۵۰۰ تن است.",
     [("production_licenses", 20, None, "exact"), ("production_volume", 500, "tonnes_per_year", "exact")]),
])
def test_export_share_volume_and_value(sentence, expected):
    assert export_facts(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a year said with each figure of «از X به Y رسید» goes with it
    ("سهم صادرات خوشه از 20% در سال 1395 به 31.5% در سال 1399 رسید.",
     [("export_share", 20, "baseline", 1395), ("export_share", 31.5, "current", 1399)]),
    ("تعداد واحدهای تولیدی از 45 واحد در سال 97 به 78 واحد رسید.",
     [("production_units", 45, "baseline", 1397), ("production_units", 78, "current", None)]),
    ("تعداد واحدهای تولیدی از 45 واحد به 78 واحد افزایش یافت.",
     [("production_units", 45, "baseline", None), ("production_units", 78, "current", None)]),
])
def test_a_change_keeps_the_years_of_its_figures(sentence, expected):
    got = [(f.type, f.value, f.period, f.year) for f in extractors.run(text_of(sentence), only=["fa.counts"])]
    assert got == expected
