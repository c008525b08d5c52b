"""The glued-line search and the tables the repair keeps: the programme finds the best split into
runs (checked against every split of short lines), the document's own word pairs still count when
junction scores are kept, and a word stretched by justification is found inside a glued token.

The lines are written for these tests, not taken from the seeds."""
from __future__ import annotations

import itertools
import re

import pytest

from pipeline.model import MappedStr
from pipeline.repair import order_model, orthography, visual
from pipeline.repair.measure import canon_stream

GLUED = [
    "های صنعتیتعریف شهرک",
    "ها به دلیل کمبود سرمایهتوقف طرح",
    "نمایندمیمشترک را تولید",
    "هاي آموزشيباغدار در كارگاه",
    "%20025025ها در استانتعداد کارگاه",
    ":پوشش ازاين",
]


def lattice(line: str, scorer: visual.Scorer) -> visual._Lattice:
    text = orthography.unify(MappedStr.identity(line)).text
    spans = [m.span() for m in re.finditer(r"[^ ]+", text)]
    return visual._Lattice(text, spans, scorer)


def reading_score(lat: visual._Lattice, scorer: visual.Scorer, runs: list[tuple[int, int]]) -> float | None:
    """The search's objective for runs given in reading order (None: a run that cannot be one)."""
    lw = scorer.lw
    total = 0.0
    last = None
    for k, (s, e) in enumerate(runs):
        run = lat.runs_from_texts(s).get(e)
        if run is None:
            return None
        rsc, _, first, run_last = run
        if last is None:
            total += rsc + scorer.edge_score(first, None)
        else:
            brk = lw["glue_break_space"] if lat.space_before[e] else lw["glue_break_glue"]
            if lat._affix_edges[e]:
                brk += lw["glue_break_affix"]
            total += scorer.junction(last, first) + rsc + brk
        if s == 0:
            total += scorer.edge_score(None, run_last)
        last = run_last
    return total


@pytest.mark.parametrize("line", GLUED)
def test_the_programme_finds_the_best_split_of_every_short_line(line):
    scorer = visual.Scorer(doc=order_model.DocumentBigrams())
    lat = lattice(line, scorer)
    assert 2 <= lat.n <= 12
    best = None
    for cuts in itertools.chain.from_iterable(itertools.combinations(range(1, lat.n), k) for k in range(lat.n)):
        bounds = [0, *cuts, lat.n]
        runs = list(reversed(list(zip(bounds, bounds[1:]))))  # read right to left
        got = reading_score(lat, scorer, runs)
        if got is not None and (best is None or got > best):
            best = got
    found = visual._best_runs(lat, scorer)
    assert reading_score(lat, scorer, found) == pytest.approx(best, abs=1e-9)


def test_no_junction_scores_above_the_bound():
    model = order_model.load()
    bound = model.junction_bound()
    words = "در این طرح خوشه‌های صنعتی کسب و کار را با همکاری اعضا اجرا می‌شود ، . های کره جنوبی".split()
    for a, b in itertools.product(words, repeat=2):
        assert model.junction(a, b) <= bound


PAIR_WORDS = ("در این طرح خوشه‌های صنعتی کسب وکار را با همکاری اعضا اجرا می‌شود ، . های ای کره جنوبی "
              "(از خوشه. است شد کرد می شود 1402 PDF بین المللی پیش بینی نمایند «فرش» دستباف").split()


def test_a_junction_is_the_weighted_sum_of_its_features_and_within_the_bound():
    model = order_model.load()
    for a, b in itertools.product(PAIR_WORDS, repeat=2):
        by_features = sum(model.w.get(k, 0.0) * v for k, v in model.features(a, b).items())
        assert model.junction(a, b) == by_features  # the same terms in the same order: the same float
        assert model.junction(a, b) <= model.junction_bound()


def test_the_documents_own_word_pairs_count_in_kept_junctions():
    doc = order_model.DocumentBigrams()
    doc.add_tokens("صنایع دستی شهرستان".split())
    plain, with_doc = visual.Scorer(), visual.Scorer(doc=doc)
    bonus = with_doc.junction("صنایع", "دستی") - plain.junction("صنایع", "دستی")
    assert bonus == pytest.approx(order_model.load().w["doc_bigram"] * order_model.doc_bigram_value(1))
    assert with_doc.junction("دستی", "صنایع") == plain.junction("دستی", "صنایع")
    # the model's part is kept by the model for the process, one row per first word
    assert plain._rows is order_model.load()._rows
    assert with_doc.junction("صنایع", "دستی") == with_doc.junction("صنایع", "دستی")


@pytest.mark.parametrize("raw, expected", [
    ("شهرکصنعوتی", "صنعتی شهرک"),      # «صنعتی» stretched by justification, glued to the next run
    ("هدفحمایوت", "حمایت هدف"),
])
def test_a_stretched_word_inside_a_glued_token(raw, expected):
    scorer = visual.Scorer(doc=order_model.DocumentBigrams())
    cand = visual.glued_candidate(orthography.unify(MappedStr.identity(raw)), scorer)
    assert canon_stream(cand.text().text) == canon_stream(expected)
    out = cand.text()
    for ch, o in zip(out.text, out.origin):  # the dropped «و» is nowhere in the map
        assert ch == " " or raw[o] == ch


@pytest.mark.parametrize("piece, expected", [
    ("صنعوتی", 3), ("حمایوت", 4),
    ("شودو", None),     # a final «و» in a glued piece is the next word's («شود» + «وکار»)
    ("کاروان", None),   # a word with its own «و»
])
def test_where_a_justification_vav_sits(piece, expected):
    assert visual._unstretch(piece, visual.Scorer().lex) == expected
