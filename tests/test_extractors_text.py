"""Durations, strategies, organizations, activities, contacts and page furniture, on sentences
written for the tests."""
import pytest

import extractors
from extractors.furniture import is_furniture
from extractors.organizations import find_organizations
from pipeline.model import Document, Page, Text


def text_of(s: str) -> Text:
    doc = Document(path="t.txt", format="txt", sha256="0" * 64, size=len(s), pages=[Page(1, s)])
    return Text(doc, s, list(range(len(s))))


def run(s: str, *names):
    return extractors.run(text_of(s), only=list(names))


# -- durations ----------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("قرارداد سه ساله با عامل توسعه امضا شد.", [(3, "exact")]),
    ("مدت اجرای پروژه توسعه خوشه 4 سال است.", [(4, "exact")]),
    ("پروژه طی یک فرآیند ۲ تا ۴ ساله اجرا می‌شود.", [(2, "at_least"), (4, "at_most")]),
    ("اجرای پروژه توسعه خوشه ای سه- پنج ساله", [(3, "at_least"), (5, "at_most")]),
    ("فرآیند توسعه ممکن است تا ۶ سال به طول بیانجامد.", [(6, "at_most")]),
    ("قرارداد برای حداقل ۲ سال تمدید شد.", [(2, "at_least")]),
    ("در دو سال گذشته ۱۲ دوره آموزشی برای خوشه برگزار شد.", []),
    ("فعالیت‌های دو سال اول پروژه موفق بود.", []),
    ("بیش از ۳۰ درصد جوانان ۱۸ تا ۲۹ ساله بیکارند.", []),
    ("این کارگاه بیش از ۵۰ سال سابقه در تولید دارد.", []),
    ("سه سال است که باران نباریده.", []),                      # no project in the sentence
])
def test_durations(sentence, expected):
    assert [(f.value, f.qualifier) for f in run(sentence, "fa.durations")] == expected


def test_a_programme_duration_in_a_document_without_a_cluster_is_national():
    (a, b) = run("اجرای پروژه توسعه خوشه ای سه تا پنج ساله", "fa.durations")
    assert a.scope == b.scope == "national" and a.cluster is None


# -- strategies ---------------------------------------------------------------------------------
def test_the_announced_count_splits_the_list():
    s = ("پس از مطالعه شناختی چهار راهبرد زیر برای خوشه تدوین شد:\n"
         "توسعه بازار صادراتی، بهبود کیفیت و بسته‌بندی، تامین مالی و سرمایه در گردش و آموزش نیروی کار")
    got = run(s, "fa.strategies")
    assert [(f.type, f.value) for f in got] == [
        ("strategy_count", 4), ("strategy", "توسعه بازار صادراتی"), ("strategy", "بهبود کیفیت و بسته‌بندی"),
        ("strategy", "تامین مالی و سرمایه در گردش"), ("strategy", "آموزش نیروی کار")]
    for f in got[1:]:
        assert s[f.start:f.end] == f.value


def test_strategies_on_the_same_line_and_as_bullets():
    s = ("دو استراتژی خوشه عبارتند از: ارتقای کیفیت محصول و ایجاد برند مشترک\n"
         "سه راهبرد ذیل تصویب شد:\n- توسعه بازار\n- آموزش نیروی انسانی\n- تامین مواد اولیه\nپایان جلسه")
    got = [(f.type, f.value) for f in run(s, "fa.strategies")]
    assert got == [("strategy_count", 2), ("strategy", "ارتقای کیفیت محصول"), ("strategy", "ایجاد برند مشترک"),
                   ("strategy_count", 3), ("strategy", "توسعه بازار"), ("strategy", "آموزش نیروی انسانی"),
                   ("strategy", "تامین مواد اولیه")]


def test_a_heading_without_a_count():
    s = "راهبردهای توسعه خوشه عبارتند از: توسعه بازارهای صادراتی، ارتقای کیفیت محصول و ایجاد برند مشترک"
    assert [f.value for f in run(s, "fa.strategies")] == [
        "توسعه بازارهای صادراتی", "ارتقای کیفیت محصول", "ایجاد برند مشترک"]


def test_a_strategy_as_a_concept_is_not_a_count():
    assert run("توسعه خوشه‌ای به عنوان یک استراتژی نوین مطرح است.", "fa.strategies") == []


# -- organizations ------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, names", [
    ("مدیرعامل شرکت شهرک‌های صنعتی استان کرمان گفت", ["شرکت شهرک‌های صنعتی استان کرمان"]),
    ("معاون صنایع کوچک شرکت شهرک‌های صنعتی گیلان افزود", ["شرکت شهرک‌های صنعتی گیلان"]),
    ("با همکاری سازمان صنعت، معدن و تجارت استان یزد برگزار شد", ["سازمان صنعت، معدن و تجارت استان یزد"]),
    ("سازمان صنایع کوچک و شهرک‌های صنعتی ایران این طرح را حمایت می‌کند",
     ["سازمان صنایع کوچک و شهرک‌های صنعتی ایران"]),
    ("اتحادیه تولیدکنندگان و صادرکنندگان پوشاک تهران اعلام کرد",
     ["اتحادیه تولیدکنندگان و صادرکنندگان پوشاک تهران"]),
    ("معاونت توسعه روستایی وزارت جهاد کشاورزی ایران", ["معاونت توسعه روستایی وزارت جهاد کشاورزی ایران"]),
    ("به گزارش مرکز ملی فرش ایران", ["مرکز ملی فرش ایران"]),
    ("سازمان توسعه صنعتی ملل متحد (UNIDO) همکاری کرد", ["سازمان توسعه صنعتی ملل متحد (UNIDO)"]),
    ("رئیس پارک علم و فناوری سمنان گفت", ["پارک علم و فناوری سمنان"]),
    ("استاندار همدان از خوشه بازدید کرد", ["استانداری همدان"]),
    ("مدیرکل میراث فرهنگی، صنایع دستی و گردشگری استان یزد افزود",
     ["اداره کل میراث فرهنگی، صنایع دستی و گردشگری استان یزد"]),
    # two names sharing one plural head
    ("سازمان‌های جهاد کشاورزی و صنعت، معدن و تجارت استان گلستان همکاری دارند",
     ["سازمان جهاد کشاورزی استان گلستان", "سازمان صنعت، معدن و تجارت استان گلستان"]),
    # a name broken across a line
    ("مدیر عامل شرکت شهرک‌های صنعتی\nاستان سمنان گفت", ["شرکت شهرک‌های صنعتی استان سمنان"]),
    # not names
    ("این سازمان و شرکت‌های مشاوره‌ای همکاری کردند", []),
    ("با همکاری شرکت شهرک‌های صنعتی استان‌ها", []),
    ("شرکت شهرک‌های صنعتی هر استان", []),
    ("یک موسسه توسعه‌ای آن را اجرا می‌کند", []),
    ("در مرکز استان برگزار شد", []),
    ("پیشنهاد شد صندوقی با مشارکت شرکت شهرک‌های صنعتی تشکیل شود", []),   # a compound verb's noun
])
def test_organizations(sentence, names):
    assert [o["value"] for o in find_organizations(sentence)] == names


def test_organization_facts_point_at_the_name():
    s = "مدیرعامل شرکت شهرک‌های صنعتی استان کرمان در جلسه شورای راهبری گفت"
    (f,) = run(s, "fa.organizations")
    assert s[f.start:f.end] == f.value == "شرکت شهرک‌های صنعتی استان کرمان"


# -- activities ---------------------------------------------------------------------------------
def test_activities_bullets_lists_and_verb_clauses():
    s = ("مهمترین اقدامات انجام شده در سال دوم پروژه به شرح زیر است:\n"
         "* برگزاری نمایشگاه محصولات خوشه (با حضور ۴۰ واحد)\n"
         "* تهیه کاتالوگ مشترک اعضا\n"
         "تیم توسعه برنامه‌های خود را در قالب برگزاری دوره‌های آموزشی، بازدید از بازار تهران و اعزام هیئت تجاری اجرا کرد.\n"
         "سامانه فروش اینترنتی خوشه راه اندازی شد.")
    got = [(f.value, f.period) for f in run(s, "fa.activities")]
    assert ("برگزاری نمایشگاه محصولات خوشه", "project_year_2") in got
    assert ("تهیه کاتالوگ مشترک اعضا", "project_year_2") in got
    assert ("برگزاری دوره‌های آموزشی", None) in got
    assert ("بازدید از بازار تهران", None) in got
    assert ("اعزام هیئت تجاری", None) in got
    assert ("سامانه فروش اینترنتی خوشه راه اندازی شد", None) in got


# -- contacts and furniture ---------------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("سایت خوشه به آدرس www.example-cluster.ir راه اندازی شد.", [("website", "www.example-cluster.ir")]),
    ("پیامک به شماره۳۰۰۰۱۲۳۴۵۶ ارسال شود.", [("phone", "3000123456")]),
    ("تلفن: ۰۲۱-۸۸۲۲۳۳۴۴", [("phone", "02188223344")]),
    ("برای هماهنگی با 09121234567 تماس بگیرید.", [("phone", "09121234567")]),
    ("ایمیل دبیرخانه info@example.org است.", [("email", "info@example.org")]),
])
def test_contacts(sentence, expected):
    assert [(f.type, f.value) for f in run(sentence, "fa.contacts")] == expected


@pytest.mark.parametrize("line, furniture", [
    ("تعداد بازدید: 165", True),
    ("  • - تعداد بازدیدکننده: 1640", True),
    ("زمان مطالعه : 3 دقیقه", True),
    ("کد خبر : 3645", True),
    ("پنجشنبه 27 آذر 1404", True),
    ("1400/08/10 - 09:52", True),
    ("امروز شنبه ۱۴۰۳/۵/۴", True),
    ("ارسال نظر", True),
    ("0", True),
    ("آدرس ایمیل شما منتشر نخواهد شد.", True),
    ("تاریخ بروزرسانی : 12 دی 1399", False),
    ("بازدید از واحدهای تولیدی خوشه انجام شد.", False),
    ("پروژه از مهرماه 1397 آغاز شده است.", False),
])
def test_page_furniture(line, furniture):
    assert is_furniture(line) is furniture


def test_strategies_named_in_a_sentence():
    s = "مدیر خوشه راهبردهای اصلی را افزایش صادرات، بهبود بسته‌بندی و برندسازی و ایجاد شبکه‌های همکاری عنوان کرد."
    assert [f.value for f in run(s, "fa.strategies")] == [
        "افزایش صادرات", "بهبود بسته‌بندی و برندسازی", "ایجاد شبکه‌های همکاری"]
