"""khooshe search: the query is normalized like the documents; passages with document, page and marks."""
import json

import pytest
from hypothesis import given, settings, strategies as st

import querydb


@pytest.fixture(scope="session")
def qdb(tmp_path_factory):
    return querydb.build(tmp_path_factory)


def hits(khooshe, qdb, query, *extra):
    result = khooshe("search", query, "--db", qdb, "--format", "json", "--limit", "500", *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)


def passages(found):
    return {(h["document"], h["line"]) for h in found if h["kind"] == "text"}


SPELLINGS = ["spell_zwnj.txt", "spell_glued.txt", "spell_space.txt", "spell_arabic.txt"]


@pytest.mark.parametrize("forms", [
    ["خوشه\u200cهای", "خوشههای", "خوشه های", "خوشه هاي"],
    ["شهرک\u200cهای", "شهرکهای", "شهرک های", "شهرك هاي"],
], ids=["khooshe-ha", "shahrak-ha"])
def test_every_spelling_of_a_suffix_finds_the_same_passages(khooshe, qdb, forms):
    found = [passages(hits(khooshe, qdb, form)) for form in forms]
    assert all(f == found[0] for f in found[1:]), [sorted(f ^ found[0]) for f in found[1:]]
    documents = {doc for doc, _ in found[0]}
    assert set(SPELLINGS) <= documents


@pytest.mark.parametrize("query, document", [
    ("3456", "digits_persian.txt"), ("۳۴۵۶", "digits_persian.txt"), ("٣٤٥٦", "digits_persian.txt"),
    ("7890", "digits_ascii.txt"), ("۷۸۹۰", "digits_ascii.txt"),
])
def test_persian_and_ascii_digits_match_each_other(khooshe, qdb, query, document):
    assert document in {h["document"] for h in hits(khooshe, qdb, query)}


def test_a_final_heh_also_finds_the_ezafe_letter(khooshe, qdb):
    for query in ("خوشه نساجی", "خوشۀ نساجی", '"خوشه نساجی"'):
        assert "spell_heh.txt" in {h["document"] for h in hits(khooshe, qdb, query)}, query


def test_a_bare_word_also_finds_its_glued_plural(khooshe, qdb):
    documents = {h["document"] for h in hits(khooshe, qdb, "شهرک")}
    assert set(SPELLINGS) <= documents


def test_the_result_names_document_page_and_marks_the_match(khooshe, qdb):
    [hit] = [h for h in hits(khooshe, qdb, "نمکزارهای") if h["document"] == "two_pages.txt"]
    assert hit["page"] == 2
    assert hit["kind"] == "text"
    [(start, end)] = hit["matches"]
    assert hit["passage"][start:end] == "نمکزارهای"
    assert hit["marked"] == hit["passage"][:start] + "[نمکزارهای]" + hit["passage"][end:]


def test_a_match_spanning_a_non_joiner_is_marked_as_one(khooshe, qdb):
    [hit] = [h for h in hits(khooshe, qdb, "خوشه های") if h["document"] == "spell_zwnj.txt"]
    assert [hit["passage"][s:e] for s, e in hit["matches"]] == ["خوشه\u200cهای"]


def test_text_output_shows_document_page_and_bracketed_match(khooshe, qdb):
    result = khooshe("search", "نمکزارهای", "--db", qdb)
    assert result.code == 0
    lines = result.out.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("two_pages.txt"))
    assert "p.2" in lines[i]
    assert "[نمکزارهای]" in lines[i + 1]


def test_passages_carry_the_facts_stated_in_them(khooshe, qdb):
    found = hits(khooshe, qdb, "بافندگان 1500")
    [hit] = [h for h in found if h["document"] == "azmoon_1399.txt"]
    assert {(f["type"], f["value"]) for f in hit["facts"]} >= {("weavers", 1500), ("production_units", 80)}


def test_a_quoted_phrase_must_occur_in_order(khooshe, qdb):
    assert "spell_space.txt" in {h["document"] for h in hits(khooshe, qdb, '"گزارش سالانه"')}
    assert "spell_space.txt" not in {h["document"] for h in hits(khooshe, qdb, '"سالانه گزارش"')}


def test_all_words_must_occur(khooshe, qdb):
    documents = {h["document"] for h in hits(khooshe, qdb, "زعفران نفر")}
    assert "digits_persian.txt" in documents and "digits_ascii.txt" not in documents


def test_the_limit_is_kept(khooshe, qdb):
    assert len(json.loads(khooshe("search", "خوشه", "--db", qdb, "--format", "json", "--limit", "3").out)) <= 3


@pytest.mark.parametrize("query", ['"خوشه های', 'خوشه "صنعتی', '"'])
def test_unbalanced_quotes_are_one_line_and_exit_2(khooshe, qdb, query):
    result = khooshe("search", query, "--db", qdb)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "quote" in result.err


@pytest.mark.parametrize("query", ["خوشه OR", "NEAR(خوشه", "خوشه AND NOT", "{normalized_text}: خوشه", "^خوشه",
                                   "خوشه -صنعتی", "title:خوشه", "(خوشه"])
def test_fts_syntax_in_the_query_is_taken_as_words(khooshe, qdb, query):
    result = khooshe("search", query, "--db", qdb)
    assert result.code == 0, result.err


@pytest.mark.parametrize("query", ["...", "   ", "؟!"])
def test_a_query_without_words_is_a_usage_error(khooshe, qdb, query):
    result = khooshe("search", query, "--db", qdb)
    assert result.code == 2 and "no words" in result.err


def test_no_match_is_not_an_error(khooshe, qdb):
    result = khooshe("search", "واژهایکههرگزنیست", "--db", qdb)
    assert result.code == 0 and result.out == "" and "no passages" in result.err


def test_search_leaves_the_database_file_unchanged(khooshe, qdb):
    before = querydb.file_state(qdb)
    khooshe("search", "خوشه", "--db", qdb)
    assert querydb.file_state(qdb) == before


# --- the query language, without a database ------------------------------------------------------
def groups_of(expr: str) -> list[set[str]]:
    """The FTS expression as its AND-ed groups, each the set of its OR-ed phrases."""
    return [set(g.strip("()").split(" OR ")) for g in expr.split(" AND ")]


# Each query must at least offer these alternatives (the normalizer may offer the same words more ways).
@pytest.mark.parametrize("query, required", [
    ("خوشه\u200cهای", [{'"خوشه های"', '"خوشههای"'}]),
    ("خوشه های", [{'"خوشه های"', '"خوشههای"'}]),
    ("خوشههای", [{'"خوشه های"', '"خوشههای"'}]),
    ("خوشه هاي", [{'"خوشه های"', '"خوشههای"'}]),
    ("شهرها", [{'"شهرها"', '"شهر ها"'}]),
    ("کارخانه", [{'"کارخانه"', '"کارخانهها"', '"کارخانههای"', '"کارخانهای"', '"کارخانۀ"'}]),
    ("می شود", [{'"می شود"', '"میشود"'}]),
    ("میشود", [{'"می شود"', '"میشود"'}]),
    ("دست\u200cباف", [{'"دست باف"', '"دستباف"'}]),
    ("25,000", [{'"25 000"', '"25000"'}]),
    ("۲۵۰۰", [{'"2500"'}]),
    ("خوشه*", [{'"خوشه" *'}]),
    ('"فرش دستباف" قم', [{'"فرش دستباف"'}, {'"قم"'}]),
    ('say "hi"', [{'"say"'}, {'"hi"'}]),
])
def test_fts_query_offers_every_spelling(query, required):
    from pipeline.store.search import fts_query

    groups = groups_of(fts_query(query))
    assert len(groups) == len(required)
    for got, want in zip(groups, required):
        assert want <= got, (query, got)


def test_a_two_letter_word_or_a_number_is_not_widened():
    from pipeline.store.search import fts_query

    assert fts_query("قم 2500") == '"قم" AND "2500"'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('"*():^-+{}., \u200cابخوشهیيك۲2ORNEAND')), max_size=30))
def test_any_input_is_a_usage_error_or_a_valid_fts_expression(text):
    """Every user term is quoted: nothing typed can make FTS5 fail on syntax."""
    import sqlite3

    from pipeline.errors import UsageError
    from pipeline.store.search import fts_query

    try:
        expr = fts_query(text)
    except UsageError:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(a, b)")
    conn.execute("insert into t values ('خوشه های', 'OR NEAR AND')")
    conn.execute("select * from t where t match ?", [expr]).fetchall()
    conn.execute("select * from t where t match ?", ["{b} : (" + expr + ")"]).fetchall()
