"""The tables the repair builds once (at load, or per word) answer as the rules they replace.

The words are written for these tests, not taken from the seeds."""
from __future__ import annotations

import itertools

import pytest

from pipeline.repair import lexicon

WORDS = ("کردند میکنند نمیشود بروند نرفتهاند شدهاست گرفته کاشت ساخت خوشه خوشههای رفت رفته برد "
         "میرفتیم نمیدانید بخوانید بنویسم گفتهام داشتهایم است میدان میلیون نمایند کند شد").split()


def test_the_verb_tables_answer_as_the_rules():
    lex = lexicon.load()
    stems = sorted(lex.past)[:60] + sorted(lex.present)[:60]
    keys = set(WORDS)
    for stem, pre, end in itertools.product(stems, ("", "می", "نمی", "ب", "ن", "بی"),
                                            ("", "م", "ی", "د", "یم", "ید", "ند", "ه", "هام", "هاست", "هاند", "ها")):
        key = pre + stem + end
        keys.update((key, key[:-1], key[1:]))
    for key in keys:
        assert lex._verb_zipf(key) == lex._verb_zipf_by_rules(key), key
        assert lex._is_finite_verb(key) == lex._is_finite_verb_by_rules(key), key


@pytest.mark.parametrize("word, verb", [("میکنند", True), ("نرفتهاند", True), ("خوشههای", False), ("میدان", False)])
def test_verb_forms(word, verb):
    assert (lexicon.load()._verb_zipf(word) > 0) == verb


@pytest.mark.parametrize("word", "های را می خوشه .های -ای های. ها، ،را (های) می. شد ای نمی ترین های» «را میشود".split())
def test_the_edge_marks_of_a_word_are_those_of_a_one_word_text(word):
    from pipeline.repair import visual

    scorer = visual.Scorer()
    for first, last in ((word, None), (None, word)):
        scorer._edge_cache.clear()
        features = scorer.line_features([word])
        name = "lead_suffix" if first else "trail_prefix"
        assert scorer.edge_score(first, last) == scorer.lw[name] * features.get(name, 0.0)


def _word_break_plain(seg, lex, max_pieces=5):
    """The segmentation programme as first written: every piece checked with _piece_ok."""
    from pipeline.repair import visual

    n = len(seg)
    best = [[] for _ in range(n + 1)]
    best[0] = [(0.0, ())]
    for i in range(1, n + 1):
        opts = []
        for j in range(max(0, i - 16), i):
            if not best[j] or not visual._piece_ok(seg[j:i], lex):
                continue
            piece = seg[j:i]
            atom = piece in visual.SUFFIX_ATOMS or piece in visual.PREFIX_ATOMS
            q = 5.5 if atom else min(visual._piece_zipf(piece, lex), 6.0)
            for sc, cuts in best[j]:
                if len(cuts) + 1 <= max_pieces:
                    opts.append((sc + q - 9.0, cuts + ((j,) if j else ())))
        opts.sort(reverse=True)
        best[i] = opts[:3]
    return [list(c) for _, c in best[n] if c]


@pytest.mark.parametrize("seg", ["مطالبفهرست", "کسبوکارتعریفخوشه", "صنعوتیشهرک", "هایآموزشیباغدار", "شودوکار",
                                 "خوشههایصنایعدستیاستان", "حمایوتهدف", "بازاریابیهای", "ایکننده", "نمایندمیمشترک"])
def test_the_segmentation_programme_reads_as_first_written(seg):
    from pipeline.repair import visual

    lex = lexicon.load()
    assert visual._word_break_uncached(seg, lex, 5) == _word_break_plain(seg, lex)


def test_the_shipped_top_tags_are_those_the_model_computes():
    import gzip
    import json
    import os

    from pipeline.repair import order_model

    model = order_model.load()
    with gzip.open(os.path.join(order_model.DATA, "crf.json.gz"), "rt", encoding="utf-8") as fh:
        crf = json.load(fh)
    computing = order_model.OrderModel(model.lex, crf, {})  # no table: the softmax per word
    words = sorted(model._top)[::150] + ["خوشه", "می‌شود", "صنایع"]
    for word in words:
        model._tags_cache.pop(word, None)
        assert model.top_tags(word) == computing.top_tags(word), word
