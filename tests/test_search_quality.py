"""khooshe search result quality: compound spellings with «و», function words, coverage ranking, marks.

A small database of reports written here (our own sentences), ingested by the real batch ingest and
searched through the real CLI. Each compound file writes the compound one way; the query spellings
must all find the same passages, mark the compound as the text writes it, and never mark a lone «و».
"""
from __future__ import annotations

import json
import sqlite3

import pytest

import querydb

ZWNJ = "\u200c"

# (compound, its two halves): two compounds, so the rule is shown to be general, not one phrase's
COMPOUNDS = [("کسب", "کار"), ("حمل", "نقل")]


def spellings(first: str, second: str) -> dict[str, str]:
    """The ways Persian writes «X و Y»: apart, «و» glued to Y, joined by a non-joiner, run together."""
    return {"space": f"{first} و {second}", "glued": f"{first} و{second}", "zwnj": f"{first}{ZWNJ}و{second}",
            "joined": f"{first}و{second}"}


def arabic(text: str) -> str:
    return text.replace("ک", "ك").replace("ی", "ي")


# sentence frames of our own, one per spelling, so each file is a different passage
FRAMES = {
    "space": "نشست صاحبان {} روستایی در بخشداری برگزار شد.",
    "glued": "دوره آموزشی {} خانگی برای بانوان آغاز شد.",
    "zwnj": "مشاوره رایگان درباره {} نوپا به دانشجویان داده شد.",
    "joined": "بیمه تکمیلی {} صنفی در دستور کار شورا است.",
}

OWN_DOCS = {
    # «کسب» and «کار» with a lone «و» in one line, never as the compound: no compound query may find it
    "decoy.txt": "کسب رتبه نخست در جشنواره و نمایشگاه حاصل کار گروهی بود.\n",
    "plural.txt": "حمایت از کسب و کارهای آسیب دیده ادامه دارد.\n",
    # coverage: the two content words as a phrase, both apart, and one alone
    "rank_phrase.txt": "برپایی غرفه در تالار شهر انجام شد.\nنمایشگاه گلیم از فردا گشایش می‌یابد.\n",
    "rank_both.txt": "گلیم بافان روستا در نمایشگاه بهاره شرکت کردند.\nبرای نمایشگاه غرفه تازه ساخته شد.\n",
    "rank_one.txt": ("نمایشگاه امسال بزرگتر از نمایشگاه پارسال است.\n"
                     "نمایشگاه نمایشگاه نمایشگاه: سه روز بازدید آزاد.\n"
                     "دار قالی و گلیم در انبار ماند.\n"),
    "rank_function.txt": "نمایشگاه در تالار شهر برپا شد.\n",
    # «و» glued to a word, and words that start with «و» of their own
    "vav_glued.txt": "بازار فروش محصولات کشاورزی وصادرات آنها رونق گرفت.\n",
    "vav_words.txt": "ورود کالا از مرز زمینی آسان شد و وام کم بهره پرداخت شد.\n",
    "river.txt": "کنار رود روستا باغ انار است.\n",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from pipeline.batch import ingest
    from pipeline.store import open_db

    root = tmp_path_factory.mktemp("search_quality")
    own = root / "docs"
    own.mkdir()
    for first, second in COMPOUNDS:
        for how, text in spellings(first, second).items():
            (own / f"{first}_{how}.txt").write_text(FRAMES[how].format(text) + "\n", encoding="utf-8")
    for name, text in OWN_DOCS.items():
        (own / name).write_text(text, encoding="utf-8")
    path = str(root / "quality.db")
    conn = open_db(path)
    ingest(conn, [str(own)])
    conn.conn.close()
    return path


def hits(khooshe, db, query):
    result = khooshe("search", query, "--db", db, "--format", "json", "--limit", "100")
    assert result.code == 0, result.err
    return json.loads(result.out)


def marked_texts(found):
    return [h["passage"][s:e] for h in found for s, e in h["matches"]]


def passages(found):
    return [(h["document"], h["line"]) for h in found if h["kind"] == "text"]


def query_spellings(first, second):
    forms = spellings(first, second)
    return [*forms.values(), arabic(forms["space"])]


@pytest.mark.parametrize("first, second", COMPOUNDS, ids=[f"{a}-{b}" for a, b in COMPOUNDS])
def test_every_spelling_of_a_compound_finds_the_same_passages_in_the_same_order(khooshe, db, first, second):
    found = [passages(hits(khooshe, db, q)) for q in query_spellings(first, second)]
    assert all(f == found[0] for f in found[1:]), found
    documents = {doc for doc, _ in found[0]}
    assert {f"{first}_{how}.txt" for how in FRAMES} <= documents


@pytest.mark.parametrize("first, second", COMPOUNDS, ids=[f"{a}-{b}" for a, b in COMPOUNDS])
@pytest.mark.parametrize("how", list(FRAMES))
def test_the_mark_covers_the_compound_as_the_text_writes_it(khooshe, db, first, second, how):
    for query in query_spellings(first, second):
        [hit] = [h for h in hits(khooshe, db, query) if h["document"] == f"{first}_{how}.txt"]
        [mark] = marked_texts([hit])
        assert mark.replace(ZWNJ, "").replace(" ", "") == f"{first}و{second}", (query, hit["marked"])
        assert mark in hit["passage"] and f"[{mark}]" in hit["marked"]


def test_a_compound_query_does_not_match_its_halves_apart(khooshe, db):
    for query in query_spellings("کسب", "کار"):
        assert "decoy.txt" not in {h["document"] for h in hits(khooshe, db, query)}, query


def test_a_compound_also_finds_its_plural(khooshe, db):
    [hit] = [h for h in hits(khooshe, db, "کسب وکار") if h["document"] == "plural.txt"]
    assert marked_texts([hit]) == ["کسب و کارهای"]


@pytest.mark.parametrize("query", ["کسب و کار", "کسب وکار", "كسب و كار", "نمایشگاه و گلیم", "فروش و صادرات",
                                   "نمایشگاه در تالار", "کار و", "و نمایشگاه", "گلیم را"])
def test_a_lone_vav_or_function_word_is_never_marked(khooshe, db, query):
    from pipeline.store.search import function_words

    for text in marked_texts(hits(khooshe, db, query)):
        assert text.replace(ZWNJ, " ").strip() not in function_words(), (query, text)


def test_a_function_word_makes_no_passage_match(khooshe, db):
    found = hits(khooshe, db, "گلیم در")
    assert {h["document"] for h in found} == {h["document"] for h in hits(khooshe, db, "گلیم")}
    assert all("گلیم" in h["passage"] for h in found)


def test_a_query_of_function_words_only_still_searches_them(khooshe, db):
    assert "rank_function.txt" in {h["document"] for h in hits(khooshe, db, "در")}


def tiers(found):
    return [(h["document"], h["line"]) for h in found]


def test_the_whole_phrase_then_all_words_then_some_words(khooshe, db):
    found = tiers(hits(khooshe, db, "نمایشگاه گلیم"))
    assert found[0] == ("rank_phrase.txt", 2)
    assert found[1] == ("rank_both.txt", 1)
    partial = found[2:]
    assert ("rank_one.txt", 1) in partial and ("rank_both.txt", 2) in partial
    # the document that says «نمایشگاه» most (best bm25 for it) still ranks below full coverage
    assert found.index(("rank_one.txt", 2)) > found.index(("rank_both.txt", 1))


def test_function_words_between_the_query_words_keep_the_phrase(khooshe, db):
    found = tiers(hits(khooshe, db, "نمایشگاه تالار"))
    assert found[0] == ("rank_function.txt", 1)


@pytest.mark.parametrize("query, document, present", [
    ("صادرات", "vav_glued.txt", True),      # «وصادرات»: «و» glued to the word
    ("وصادرات", "vav_glued.txt", True),
    ("رود", "vav_words.txt", False),       # «ورود» is a word of its own, not «و» + «رود»
    ("رود", "river.txt", True),
    ("ورود", "river.txt", False),
    ("ام", "vav_words.txt", False),        # nor is «وام»
    ("وام", "vav_words.txt", True),
])
def test_vav_glued_to_a_word_and_words_that_start_with_vav(khooshe, db, query, document, present):
    assert (document in {h["document"] for h in hits(khooshe, db, query)}) is present


def test_a_glued_vav_is_marked_with_its_word(khooshe, db):
    """The mark covers the word as stored: «وصادرات» whole (or «صادرات», if the normalizer split it)."""
    [hit] = [h for h in hits(khooshe, db, "صادرات") if h["document"] == "vav_glued.txt"]
    assert marked_texts([hit]) == ["وصادرات" if "وصادرات" in hit["passage"] else "صادرات"]


# --- the query, without a database -----------------------------------------------------------------
@pytest.mark.parametrize("first, second", COMPOUNDS + [("آموزش", "پرورش")])
def test_every_compound_spelling_is_the_same_query(first, second):
    from pipeline.store.search import fts_query

    expressions = {fts_query(q) for q in query_spellings(first, second)}
    assert len(expressions) == 1
    [expr] = expressions
    for form in spellings(first, second).values():
        tokens = " ".join(form.replace(ZWNJ, " ").split())
        assert f'"{tokens}"' in expr, form


@pytest.mark.parametrize("query, words", [
    ("خوشه در قم", [["خوشه"], ["قم"]]),                        # a function word is no group
    ('"خوشه در قم"', [["خوشه", "در", "قم"]]),                  # but counts inside quotes
    ("و کار", [["کار"]]), ("وکار", [["کار"]]),                # the conjunction with nothing before it
    ("1398 و 1399", [["1398"], ["1399"]]),                    # «و» between numbers joins nothing
    ("علم و صنعت و معدن", [["علم", "و", "صنعت", "و", "معدن"]]),
    ("ورود", [["ورود"]]), ("وام", [["وام"]]), ("وزن", [["وزن"]]),   # words of their own
    ("اروپا", [["اروپا"]]), ("داروخانه", [["داروخانه"]]),      # «و» inside a word is no compound
])
def test_how_the_query_is_read(query, words):
    from pipeline.store.search import parse

    assert [[t for w in group for t in w.tokens] for group in parse(query)] == words


# --- the index and the passage matcher split text alike ----------------------------------------------
@pytest.fixture(scope="session")
def qdb(tmp_path_factory):
    return querydb.build(tmp_path_factory)


def test_the_passage_tokenizer_splits_like_unicode61(qdb):
    """Passages are matched outside FTS5: the tokens must be the index's, for every document of the corpus."""
    from pipeline.store.schema import FTS_TOKENIZE
    from pipeline.store.search import tokens

    texts = [r[0] for r in sqlite3.connect(qdb).execute("select normalized_text from documents") if r[0]]
    texts.append("PDF Café x\u064ey a_b 1,2 خوشۀ كار ‌های")
    mem = sqlite3.connect(":memory:")
    mem.execute(f"create virtual table t using fts5(a, tokenize='{FTS_TOKENIZE}')")
    mem.execute("create virtual table v using fts5vocab(t, 'instance')")
    for i, text in enumerate(texts, start=1):
        mem.execute("insert into t(rowid, a) values (?, ?)", [i, text])
    for i, text in enumerate(texts, start=1):
        index = [term for term, in mem.execute("select term from v where doc = ? order by offset", [i])]
        assert index == [t for t, _, _ in tokens(text)], text[:80]


@pytest.mark.parametrize("query", ["و", "در", "را و"])
def test_a_query_of_function_words_only_is_searched_as_typed(query):
    from pipeline.store.search import parse

    assert parse(query) and all(len(g) == 1 for g in parse(query))


# --- the passage matcher on text as given (whatever the normalizer stores) -------------------------
@pytest.mark.parametrize("query, text, marks", [
    ("صادرات", "رونق تولید وصادرات شهرستان", ["وصادرات"]),
    ("کسب و کار", "خانه\u200cهای کسب\u200cوکار نو", ["کسب\u200cوکار"]),
    ("کسب‌وکار", "حامی کسب و کار خرد و کسبوکار خانگی", ["کسب و کار", "کسبوکار"]),
    ("کسب وکار", "کسب رتبه و کار گروهی", []),
    ("نمایشگاه گلیم", "نمایشگاه و فروش گلیم", ["نمایشگاه", "گلیم"]),
    ("ورود", "کنار رود", []),
])
def test_the_matcher_marks_the_text_as_written(query, text, marks):
    from pipeline.store.search import Matcher, groups

    cov = Matcher(groups(query)).cover(text)
    assert [text[s:e] for s, e in (cov.marks if cov else [])] == marks


@pytest.mark.parametrize("query, text, rank", [
    ("نمایشگاه گلیم", "نمایشگاه گلیم امروز", (True, True, 2)),
    ("نمایشگاه گلیم", "نمایشگاه در گلیم", (True, True, 2)),     # only a function word between
    ("نمایشگاه گلیم", "گلیم در نمایشگاه", (False, True, 2)),    # not in the query's order
    ("نمایشگاه گلیم", "نمایشگاه بزرگ گلیم", (False, True, 2)),  # a content word between
    ("نمایشگاه گلیم", "نمایشگاه امروز", (False, False, 1)),
])
def test_coverage_of_a_passage(query, text, rank):
    from pipeline.store.search import Matcher, groups

    assert Matcher(groups(query)).cover(text).rank(2) == rank
