"""Orthography of the normalize stage and of search queries: one spelling, no word broken."""
from __future__ import annotations

import pytest

from pipeline.model import MappedStr
from pipeline.repair import normalize_mapped, normalize_query, orthography, version
from pipeline.repair.measure import bigrams_kept

ZWNJ = "\u200c"


def norm(text: str) -> str:
    return normalize_mapped(MappedStr.identity(text)).text


@pytest.mark.parametrize("raw, expected", [
    # characters
    ("كارگاه‌هاي توليدي", f"کارگاه{ZWNJ}های تولیدی"),
    ("سال ۱۴۰۲ و ٢٥ واحد", "سال 1402 و 25 واحد"),
    ("۱۲٫۵ درصد", "12.5 درصد"),
    ("معرفــــــی", "معرفی"),
    ("مُدیریَت", "مدیریت"),
    ("\u200fخوشه\u200e", "خوشه"),
    # zero-width non-joiners where Persian wants one, checked against the lexicon
    ("می شود", f"می{ZWNJ}شود"),
    ("میشود", f"می{ZWNJ}شود"),
    ("نمی توانند", f"نمی{ZWNJ}توانند"),
    ("خوشه های", f"خوشه{ZWNJ}های"),
    ("خوشههای", f"خوشه{ZWNJ}های"),
    ("شده اند", f"شده{ZWNJ}اند"),
    ("فعالیت های", f"فعالیت{ZWNJ}های"),
    ("بینالمللی", f"بین{ZWNJ}المللی"),
    # ... and never a word broken
    ("میدان", "میدان"),
    ("میلیون", "میلیون"),
    ("میزان", "میزان"),
    ("تنها", "تنها"),
    ("از ای", "از ای"),          # hazm's normalizer glues these into «از‌ای»
    ("کسب و کار", "کسب و کار"),  # a space that is no affix boundary stays
    # numbers apart from the words glued to them, never cut
    ("حدود400 واحد", "حدود 400 واحد"),
    ("از25هزار نفر", "از 25 هزار نفر"),
    ("4.5میلیون متر", "4.5 میلیون متر"),
    ("12,500 نفر", "12,500 نفر"),
    ("3.5 درصد", "3.5 درصد"),
    ("تاریخ 1402/05/12", "تاریخ 1402/05/12"),
    ("www.example.ir", "www.example.ir"),
    # punctuation
    ("آغاز شد .", "آغاز شد."),
    ("افزود:پروژه", "افزود: پروژه"),
    ("واحدها،کارگاه‌ها", "واحدها، کارگاه‌ها"),
])
def test_orthography(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize("forms", [
    ["خوشه‌های", "خوشههای", "خوشه های", "خوشه هاي"],
    ["می‌شود", "میشود", "می شود", "مي شود"],
    ["۱۴۰۲", "1402", "١٤٠٢"],
    ["کسب‌وکار", "كسب‌وكار"],
])
def test_a_query_gets_the_documents_spelling(forms):
    assert len({normalize_query(f) for f in forms}) == 1
    assert normalize_query(forms[0]) == norm(forms[0])


def test_a_query_does_not_load_hazm():
    import subprocess
    import sys

    code = ("import sys; from pipeline.repair import normalize_query; normalize_query('خوشه های کسب و کار'); "
            "print('hazm' in sys.modules, 'parsivar' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


CLEAN = [  # in-order paragraphs written for this test, with the usual spacing variants
    "دفتر توسعه خوشه گلاب کاشان در سال ۱۳۹۷ با هدف افزایش صادرات، دوره های آموزشی بسته بندی را برای 150 "
    "تولیدکننده برگزار کرد و اکنون محصولات اعضا در بازارهای بین المللی عرضه می شود.",
    "به گفته عامل توسعه، بیش از 60 درصد کارگاه‌ها مجوز رسمی ندارند و نمی‌توانند از تسهیلات بانکی "
    "استفاده کنند؛ جلسات مشترک با دستگاه‌های صدور مجوز این روند را ساده‌تر کرده است.",
    "خوشه صنایع دستی شهرستان (با حدود 400 کارگاه فعال) در نمایشگاه سالانه استان شرکت کرد.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_text_in_order_keeps_its_words_and_order(text):
    assert bigrams_kept(text, norm(text)) >= 0.99


def test_unify_keeps_every_offset():
    raw = "كــتاب‌هاي ۱۲ خوشه\u200f"
    out = orthography.unify(MappedStr.identity(raw))
    assert out.text == "کتاب‌های 12 خوشه"
    assert [raw[o] for o in out.origin] == list("كتاب‌هاي ۱۲ خوشه")


def test_version_names_the_steps():
    v = version()
    assert "orthography" in v and "layout" in v and "order_model" in v


@pytest.mark.parametrize("raw, want", [
    ("18.\u200c5%", "18.5%"),           # a producer's ZWNJ inside a number (XeLaTeX) would cut it in two
    ("1402-\u200c97", "1402-97"),
    ("\u200cخوشه", "خوشه"),
    ("می\u200cشود", "می\u200cشود"),      # between two letters it means something
])
def test_a_zwnj_beside_no_letter_is_dropped(raw, want):
    from pipeline.repair import normalize_query

    assert normalize_query(raw) == want
