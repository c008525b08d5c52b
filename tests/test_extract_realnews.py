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
