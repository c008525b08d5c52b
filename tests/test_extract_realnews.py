"""Extraction on the phrasings of real provincial cluster news (sentences written for these tests in
the shapes such news takes: repeated headlines, lists of clusters, programme figures, officials,
abbreviations, glued words). Each table row is one phenomenon; a bug found on real news gets a row."""
import pytest

import extractors
from pipeline.model import Document, Page, Text


def text_of(s: str) -> Text:
    doc = Document(path="t.txt", format="txt", sha256="0" * 64, size=len(s), pages=[Page(1, s)])
    return Text(doc, s, list(range(len(s))))


def facts(s: str, only=None):
    return extractors.run(text_of(s), only=only)


def test_a_sentence_the_page_repeats_gives_its_facts_once():
    lead = "مدیرعامل شرکت شهرک‌های صنعتی گیلان از فعالیت ۳ خوشه با اشتغال ۹۰۰ نفر خبر داد."
    s = f"{lead}\n{lead}\nبه گزارش خبرنگار ما، در این خوشه‌ها ۹۰۰ نفر اشتغال دارند.\n{lead}"
    got = [(f.type, f.value, f.evidence) for f in facts(s) if f.type == "employees"]
    assert [(t, v) for t, v, _ in got] == [("employees", 900), ("employees", 900)]
    assert got[0][2] != got[1][2]  # the same figure in another sentence stays
    orgs = [f for f in facts(s) if f.type == "organization"]
    assert len(orgs) == 1 and orgs[0].start == s.index("شرکت")  # the first mention is kept


def orgs(s: str):
    return [f.value for f in facts(s, only=["fa.organizations"])]


@pytest.mark.parametrize("sentence, expected", [
    # a name ends before «بعنوان», a glued preposition, a verb's participle
    ("مدیرعامل شرکت شهرک‌های صنعتی گیلان گفت: شرکت شهرک‌های صنعتی بعنوان متولی خوشه‌های کسب و کار "
     "در استان فعالیت می‌کند.", ["شرکت شهرک‌های صنعتی گیلان"]),
    ("نماینده سازمان صنایع کوچک درجلسه پایش خوشه گلیم حضور یافت.", ["سازمان صنایع کوچک و شهرک‌های صنعتی ایران"]),
    ("کارگاه‌هایی که مجوز سازمان فنی و حرفه‌ای داشته باشند حمایت می‌شوند.", ["سازمان فنی و حرفه‌ای"]),
    # common abbreviations, written out
    ("نمایندگان سازمان صمت و سازمان جهاد کشاورزی در جلسه بودند.",
     ["سازمان صنعت، معدن و تجارت", "سازمان جهاد کشاورزی"]),
    ("مدیرکل صمت استان اردبیل از بازدید خبر داد.", ["اداره کل صنعت، معدن و تجارت استان اردبیل"]),
    ("با حمایت ایمیدرو یک واحد فرآوری راه اندازی شد.", ["سازمان توسعه و نوسازی معادن و صنایع معدنی ایران"]),
    # a name with glued «و» or a courtesy word is written as the body's name
    ("مدیرعامل سازمان صنایع کوچک وشهرکهای صنعتی ایران گفت", ["سازمان صنایع کوچک و شهرک های صنعتی ایران"]),
    ("در دفتر مدیرکل محترم میراث فرهنگی، صنایع دستی و گردشگری استان کرمان",
     ["اداره کل میراث فرهنگی، صنایع دستی و گردشگری استان کرمان"]),
    ("جلسه در محل معاونت محترم هماهنگی امور اقتصادی و توسعه منابع استانداری گیلان برگزار شد.",
     ["معاونت هماهنگی امور اقتصادی و توسعه منابع استانداری گیلان"]),
    # «استان» alone: the province the document is about
    ("معاون شرکت شهرک‌های صنعتی استان گفت: در خراسان جنوبی دو خوشه شناسایی شده و خراسان جنوبی خوشه سوم را دارد.",
     ["شرکت شهرک‌های صنعتی استان خراسان جنوبی"]),
    # not names: a count of such bodies, a page cut inside a name
    ("معاونان ۵ شرکت شهرک‌های صنعتی کشور در نشست حضور داشتند.", []),
    ("مدیرعامل شرکت شهرک‌های صنعتی ا", []),
    # a national fund known by its short name
    ("تفاهم‌نامه‌ای با صندوق کارآفرینی امید امضا شد.", ["صندوق کارآفرینی امید"]),
])
def test_organization_names_in_news(sentence, expected):
    assert orgs(sentence) == expected
