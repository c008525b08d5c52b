"""Jalali dates in running text and what they date (extractors/jalali.py, extractors/dates.py)."""
import pytest

import extractors
from extractors.jalali import find_dates
from pipeline.model import Document, Page, Text


def text_of(s: str) -> Text:
    doc = Document(path="t.txt", format="txt", sha256="0" * 64, size=len(s), pages=[Page(1, s)])
    return Text(doc, s, list(range(len(s))))


def facts(s: str, only=("fa.dates",)):
    return extractors.run(text_of(s), only=only)


@pytest.mark.parametrize("phrase, value, gstart, gend", [
    ("مهرماه 1391", "1391-07", "2012-09-22", "2012-10-21"),
    ("مهر ماه سال 1398", "1398-07", "2019-09-23", "2019-10-22"),
    ("اردیبهشت‌ماه ۱۴۰۱", "1401-02", "2022-04-21", "2022-05-21"),
    ("آبان ماه 93", "1393-08", "2014-10-23", "2014-11-21"),          # two-digit year after ماه
    ("تابستان سال ۱۳۹۸", "1398-S2", "2019-06-22", "2019-09-22"),
    ("پاییز 1400", "1400-S3", "2021-09-23", "2021-12-21"),
    ("زمستان سال 99", "1399-S4", "2020-12-21", "2021-03-20"),
    ("سه ماهه سوم سال 1401", "1401-S3", "2022-09-23", "2022-12-21"),
    ("نیمه دوم سال 1380", "1380-H2", "2001-09-23", "2002-03-20"),
    ("شش ماهه نخست ۱۴۰۲", "1402-H1", "2023-03-21", "2023-09-22"),
    ("سال 93", "1393", "2014-03-21", "2015-03-20"),
    ("سال ۰۲", "1402", "2023-03-21", "2024-03-19"),                  # 03 and 02: the 1400s
    ("سال ۱۳۸۵", "1385", "2006-03-21", "2007-03-20"),
    ("28 آبان 93", "1393-08-28", "2014-11-19", "2014-11-19"),
    ("۱۵ اردیبهشت ماه سال ۱۴۰۰", "1400-02-15", "2021-05-05", "2021-05-05"),
    ("1402/05/12", "1402-05-12", "2023-08-03", "2023-08-03"),
    ("۱۲/۰۵/۱۴۰۲", "1402-05-12", "2023-08-03", "2023-08-03"),
    ("98/9/22", "1398-09-22", "2019-12-13", "2019-12-13"),
    ("30 اسفند 1399", "1399-12-30", "2021-03-20", "2021-03-20"),     # a leap year
])
def test_date_forms(phrase, value, gstart, gend):
    (d,) = find_dates(phrase)
    assert (d.value, d.gregorian_start, d.gregorian_end) == (value, gstart, gend)
    assert (d.start, d.end) == (0, len(phrase))


@pytest.mark.parametrize("text", [
    "به سال ۱۸۹۰ میلادی برمی‌گردد",     # Gregorian
    "فاز اول از 2005 آغاز شد",          # a Gregorian year
    "در 1400 نفر",                       # a count
    "۳۱ اسفند ۱۴۰۰",                     # 1400 is not leap: no such day, and no month either
    "تیر 12 متری",                       # تیر is also a beam
    "مهر و موم",
])
def test_not_dates(text):
    assert find_dates(text) == []


def test_a_date_inside_a_sentence_keeps_its_offsets():
    s = "قرارداد عامل توسعه در بهمن‌ماه ۱۳۹۹ امضا شد."
    (d,) = find_dates(s)
    assert s[d.start:d.end] == "بهمن‌ماه ۱۳۹۹" and d.value == "1399-11"


@pytest.mark.parametrize("sentence, ftype, value", [
    ("اجرای طرح توسعه خوشه چرم تبریز از پاییز ۱۴۰۰ شروع شد.", "start_date", "1400-S3"),
    ("پروژه توسعه خوشه زعفران در اردیبهشت ۱۳۹۷ کلید خورد.", "start_date", "1397-02"),
    ("برنامه توسعه خوشه سنگ ساختمانی از سال 1389 در دستور کار شرکت شهرک‌ها.", "start_date", "1389"),
    ("تاریخ انتشار : ۱۲ بهمن ۱۴۰۱", "document_date", "1401-11-12"),
    ("آخرین بروزرسانی: 3 تیر 1402", "document_date", "1402-04-03"),
    ("پروژه توسعه خوشه مبلمان در سال 95 به اتمام رسید.", "end_date", "1395"),
    ("تا پایان خردادماه سال 94 خوشه‌های بسیاری شناسایی شده است.", "as_of_date", "1394-03"),
    ("قرارداد عامل توسعه خوشه در بهمن ۱۳۹۹ منعقد شد.", "contract_date", "1399-11"),
    ("در سال 1396 نمایشگاهی در شهر برگزار شد و استقبال خوبی داشت.", "date", "1396"),
    ("خوشه عسل سبلان در سال ۱۳۹۵ شناسایی شد.", "identification_date", "1395"),
    ("خوشه خرمای جهرم از سال ۱۳۹۴ با حمایت شرکت شهرک‌ها شکل گرفت.", "start_date", "1394"),
])
def test_what_a_date_is_comes_from_its_sentence(sentence, ftype, value):
    found = [f for f in facts(sentence) if f.type != "cluster"]
    assert [(f.type, f.value) for f in found] == [(ftype, value)]
    f = found[0]
    assert f.jalali == value and f.gregorian_start <= f.gregorian_end
    assert sentence[f.start:f.end] == f.as_written and f.evidence.strip(".") in sentence


def test_national_office_founding_is_programme_level():
    s = "سازمان صنایع کوچک در سال 1384 دفتر خوشه‌های صنعتی را در تهران تاسیس کرد."
    (f,) = [f for f in facts(s) if f.type == "office_established"]
    assert f.value == "1384" and f.scope == "national" and f.cluster is None


def test_a_clusters_own_office_is_not_national():
    s = "دفتر توسعه خوشه چرم تبریز در مهرماه 1399 افتتاح و آغاز به کار کرد."
    (f,) = [f for f in facts(s) if f.type == "office_established"]
    assert f.scope is None


@pytest.mark.parametrize("page", [
    "پنجشنبه 27 آذر 1404\nخبر توسعه خوشه سفال لالجین",          # the site's date of today
    "امروز شنبه ۱۴۰۳/۵/۴\nگزارش",
    "1400/08/10 - 09:52\nگزارش",
])
def test_page_furniture_dates_are_not_facts(page):
    assert [f for f in facts(page) if f.type != "cluster"] == []


def test_span_covers_the_words_that_state_the_date():
    s = "فرآیند توسعه خوشه از مهرماه 1397 آغاز شده است."
    (f,) = facts(s)
    assert s[f.start:f.end] == "از مهرماه 1397"
    assert f.evidence == s and f.extractor == "fa.dates" and f.extractor_version >= 1


def test_relative_dates_take_the_documents_year():
    s = ("تاریخ انتشار: ۵ آبان ۱۴۰۰\n"
         "قرارداد عامل توسعه خوشه عسل در شهریور ماه امسال منعقد شد و پروژه سال گذشته آغاز شده بود.")
    got = {(f.type, f.value, f.alignment) for f in facts(s)}
    assert ("contract_date", "1400-06", "derived") in got
    assert ("start_date", "1399", "derived") in got


def test_relative_dates_need_the_documents_date():
    assert [f for f in facts("قرارداد در شهریور ماه امسال منعقد شد.") if f.type != "cluster"] == []


def test_each_part_of_a_sentence_has_its_own_cue():
    s = "خوشه کاشی میبد در سال ۱۳۹۵ شناسایی شد و اجرای پروژه توسعه آن از ۱۳۹۶/۰۲/۰۱ آغاز گردید."
    assert [(f.type, f.value) for f in facts(s)] == [("identification_date", "1395"), ("start_date", "1396-02-01")]


def test_a_verb_shared_by_two_dates():
    s = "خوشه سفال میبد در سال ۱۳۹۴ شناسایی و از آذرماه ۱۳۹۵ با انتخاب عامل توسعه وارد مرحله اجرا شد."
    assert [(f.type, f.value) for f in facts(s)] == [("identification_date", "1394"), ("start_date", "1395-09")]


@pytest.mark.parametrize("sentence, years", [
    ("در این سال 40 پروانه تولید صادر شد.", []),          # «this year», then a count of licences
    ("هر سال ۲۵ کارگاه تازه به خوشه می‌پیوندد.", []),
    ("همان سال ۹۸ بود که طرح آغاز شد.", ["1398"]),        # the number is the year said again
    ("این طرح در سال 93 آغاز شد.", ["1393"]),
    ("در همان سال 1398 پروانه‌های تازه صادر شد.", ["1398"]),  # four digits stay a year
])
def test_two_digits_after_this_year_are_a_count(sentence, years):
    assert [d.value for d in find_dates(sentence)] == years
