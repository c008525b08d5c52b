"""The seed documents against the gold files, and text already in order kept intact.

The gold files and ``score.py`` live in ``../shared`` next to the checkout; on a clean checkout
(CI) they are absent and those tests skip, saying so. The in-order checks need only the corpus.
"""
from __future__ import annotations

import glob
import importlib.util
import os

import pytest

from pipeline.read import read
from pipeline.repair import measure, normalize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
SCORE = os.path.join(SHARED, "tools", "score.py")
SEEDS = os.path.join(ROOT, "corpus", "seeds")

needs_shared = pytest.mark.skipif(not os.path.exists(SCORE),
                                  reason="../shared/tools/score.py and the gold files are not next to this checkout")


def _score_module():
    spec = importlib.util.spec_from_file_location("shared_score", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _seed(prefix: str) -> str:
    return next(p for p in sorted(glob.glob(os.path.join(SEEDS, "*.txt"))) if os.path.basename(p).startswith(prefix))


def _normalized(path: str) -> str:
    return normalize(read(path)).text


@needs_shared
def test_seed_000_comes_back_in_reading_order():
    score = _score_module()
    with open(glob.glob(os.path.join(SHARED, "gold", "000_*.repaired.txt"))[0], encoding="utf-8") as fh:
        gold = fh.read()
    assert score.order_f1(_normalized(_seed("000")), gold) >= 0.99


@needs_shared
def test_seed_002_slide_lines_and_table_rows():
    score = _score_module()
    found, missed = score.score_repair_002(_normalized(_seed("002")))
    assert found >= 0.90, f"lines missed: {missed}"


@needs_shared
def test_our_measures_are_score_py_measures():
    score = _score_module()
    with open(_seed("000"), encoding="utf-8") as fh:
        text = fh.read()
    assert measure.canon_tokens(text) == score.canon_tokens(text)
    assert measure.order_f1(text[:3000], text) == pytest.approx(score.order_f1(text[:3000], text))


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_seeds_in_order_keep_their_word_pairs(prefix):
    path = _seed(prefix)
    raw = read(path).raw_text
    assert measure.bigrams_kept(raw, _normalized(path)) >= 0.99


FIXTURES = sorted(glob.glob(os.path.join(ROOT, "corpus", "fixtures", "*.*")))


@pytest.mark.parametrize("path", FIXTURES, ids=os.path.basename)
def test_fixtures_in_order_keep_their_word_pairs(path):
    doc = read(path)
    assert measure.bigrams_kept(doc.raw_text, normalize(doc).text) >= 0.99
