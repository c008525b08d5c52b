"""Prose already in logical order, whose tokens merely run together, comes out of the normalize
stage in its own order, one paragraph per line (regressions: news text with «گفت:امسال» and
«3هزارنفر» was read as a glued slide deck and its lines reordered, and lines that each end a
sentence were joined as if they were a wrapped column)."""
import pytest

from pipeline.model import MappedStr
from pipeline.repair import lexicon, measure, normalize_mapped, visual, words

# invented sentences: long lines of prose, each a paragraph, with glued tokens of the kinds web
# news carries (a colon or a number glued to the next word, a preposition without its space)
PROSE = """به گزارش خبرنگار ما، مدیر صنایع کوچک استان گفت:امسال 850 تن محصول در این واحدها تولید شد که نسبت به سال قبل بیشتر بود.
وی افزود:صنعتگران این رشته هم اکنون برای 3هزارنفر به صورت مستقیم در 1هزار و40 کارگاه کوچک خانگی شغل ایجاد کرده اند .
او گفت: در سال گذشته برای نخستین بار درجلسه شورای استان طرح توسعه خوشه سفالگری به تصویب رسید و اجرای آن آغاز شد.
این مسئول ادامه داد: در این خوشه 60 هزار متر مربع فضای کارگاهی و 400 صنعتگرساماندهی شده اند و آموزش آنها ادامه دارد.
وی گفت:درطرح خوشه ای همه مراحل تولید از تهیه مواد اولیه تا فروش محصول نهایی مورد حمایت دستگاههای اجرایی قرار می گیرد.
مدیر صنایع کوچک افزود :این کارگاهها در شهرستانهای مرکزی، شرقی و غربی استان پراکنده اند و بیشتر آنها خانوادگی هستند.
به گفته وی، بازارچه دائمی عرضه محصولات خوشه تا پایان سال در مرکز استان افتتاح خواهد شد و صنعتگران در آن غرفه خواهند داشت.
"""


def test_prose_with_glued_tokens_keeps_its_word_order():
    out = normalize_mapped(MappedStr.identity(PROSE)).text
    # spacing set aside («درجلسه» -> «در جلسه», «3هزارنفر» -> «3 هزارنفر»), word order counts
    assert measure.order_f1(out, PROSE) == 1.0


def test_prose_lines_that_end_sentences_stay_paragraphs():
    out = normalize_mapped(MappedStr.identity(PROSE)).text
    assert len([ln for ln in out.split("\n") if ln.strip()]) == len(PROSE.strip().split("\n"))


def test_glued_tokens_are_split_in_prose():
    out = normalize_mapped(MappedStr.identity(PROSE)).text
    assert "گفت: امسال" in out and "برای 3 هزار" in out


@pytest.mark.parametrize("token", ["زنبورستانهای", "سفالگری", "نخلستانهای", "قالیبافی"])
def test_a_derived_word_the_lexicon_lacks_is_not_glued_runs(token):
    assert visual._token_glue(token, lexicon.load()) == 0


@pytest.mark.parametrize("token,glued", [("مطالبفهرست", 1), ("صنعتیادوات", 1)])
def test_two_words_glued_are_still_seen(token, glued):
    assert visual._token_glue(token, lexicon.load()) == glued


@pytest.mark.parametrize("token,want", [
    ("کاشانو", "کاشانو"),    # the conjunction glued to a place name: no stretch
    ("حمایوت", "حمایت"),     # a justification «و» after a joining letter
])
def test_a_final_vav_is_a_conjunction_not_a_stretch(token, want):
    assert words.fix_stretch(MappedStr.identity(token), lexicon.load()).text == want


def test_a_short_slide_deck_is_still_repaired():
    # the prose rule must not switch off a deck: short glued visual lines («مطالبفهرست»)
    deck = "مطالبفهرست\n\nخوشهتعریف\n\nاهدافو برنامه\n\nهاي كسب وكارتعريف خوشه\n"
    out = normalize_mapped(MappedStr.identity(deck)).text
    assert "فهرست مطالب" in out


# -- a paragraph that runs over a page break (the PDF reader's meta["runs_on"]) --------------------

def test_a_paragraph_over_a_page_break_is_one_line():
    from pathlib import Path

    from pipeline.read import read
    from pipeline.repair import normalize

    doc = read(Path(__file__).resolve().parent.parent / "corpus" / "pdf" / "lo_two_columns.pdf")
    assert doc.meta.get("runs_on") == [2]
    text = normalize(doc)
    tail = normalize_mapped(MappedStr.identity(doc.pages[0].text)).text.split("\n")[-1]
    head = normalize_mapped(MappedStr.identity(doc.pages[1].text)).text.split("\n")[0]
    assert tail + " " + head in text.text.split("\n")
    # the joined line still maps back to both pages
    at = text.text.index(tail + " " + head)
    end = at + len(tail) + 1 + len(head) - 1
    assert text.raw_offset(at) < doc.page_starts[1] <= text.raw_offset(end)


@pytest.mark.parametrize("pages,continued,want", [
    (["الف ب\nپ ت", "ث ج\nچ"], {1}, "الف ب\nپ ت ث ج\nچ"),
    (["الف ب\nپ ت", "ث ج\nچ"], set(), "الف ب\nپ ت\nث ج\nچ"),
    (["الف\tب", "ث ج"], {1}, "الف\tب\nث ج"),      # a table row is never joined
    (["الف", "", "ث ج"], {2}, "الف ث ج"),           # an empty page between: the halves still meet
])
def test_join_pages(pages, continued, want):
    from pipeline.repair import layout

    got = layout._join_pages([MappedStr.identity(p) for p in pages], frozenset(continued))
    assert got.text == want


# -- a function word typed without its space -------------------------------------------------------

@pytest.mark.parametrize("raw,want", [
    ("وتجارت", "و تجارت"),
    ("درنظام", "در نظام"),
    ("ازشرکت", "از شرکت"),
    ("وشهرکهای", "و شهرک\u200cهای"),
    # words of their own, or a verb after «و»: left alone
    ("درمان", "درمان"),
    ("بازار", "بازار"),
    ("وزارت", "وزارت"),
    ("وبگردی", "وبگردی"),
    ("باتیک", "باتیک"),
])
def test_a_glued_function_word_is_split_only_when_sure(raw, want):
    from pipeline.repair import normalize_query

    assert normalize_query(raw) == want


@pytest.mark.parametrize("raw,want", [
    ("4هزارنفر", "4 هزار نفر"),
    ("میلیاردریال", "میلیارد ریال"),
    ("هزاران", "هزاران"),
])
def test_a_glued_multiplier_is_split(raw, want):
    from pipeline.repair import normalize_query

    assert normalize_query(raw) == want


def test_prose_has_few_glued_tokens_a_deck_many():
    from pipeline.repair import layout, lexicon, orthography

    lex = lexicon.load()

    def share(text):
        unified = orthography.unify(MappedStr.identity(text))
        lines = [ln for ln in layout._page_lines(unified) if not ln.is_row]
        return layout._glued_share([visual.inspect(ln.raw, lex) for ln in lines], lex)

    deck = ("مطالبفهرست تعریف خوشه و اهداف برنامه توسعه\n"
            "هاي كسب وكارتعريف خوشه در استان و شهرستان\n"
            "خدماتارائه به واحدهاي كوچك و متوسط صنعتي\n")
    assert share(PROSE) < layout.PROSE_GLUED_SHARE < share(deck)
