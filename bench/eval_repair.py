"""Accuracy of the order repair on clean Persian text corrupted by our simulator (not a test).

    .venv/bin/python bench/eval_repair.py [--set heldout|dev] [--docs 20] [--seed 1]

Texts: ``bench/data/repair_dev.txt`` (used while building the model) and
``bench/data/repair_heldout.txt`` (kept for the figures in the README); both written for this
project, one paragraph per line. For each of ``--docs`` random documents, a few paragraphs are
corrupted by :mod:`pipeline.repair.simulate` (a visual-order magazine column, and slide lines
made of their sentences' first words) and repaired by the normalize stage. Reported:

- ``columns.order_f1`` / ``slides.order_f1``: order F1 (``../shared/tools/score.py``'s measure, see
  :mod:`pipeline.repair.measure`) of the repaired text against the clean text,
  and the same for the corrupted text as it came (``as_is``);
- ``slides.lines_exact``: share of slide lines whose repaired reading equals the clean line;
- ``clean.bigrams_kept``: word-bigram F1 of clean text run through normalize (must stay >= 0.99).
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from pipeline.model import MappedStr  # noqa: E402
from pipeline.repair import normalize_mapped, simulate  # noqa: E402

from pipeline.repair.measure import bigram_f1, canon_stream, canon_tokens, order_f1  # noqa: E402


TITLES = [["خوشه صنایع دستی استان", "معرفی", "گزارش ویژه"], ["خوشه گیاهان دارویی", "گزارش"],
          ["دفتر توسعه خوشه", "معرفی خوشه"]]


slide_lines = simulate.slide_lines  # (kept here for the scripts that import it from this module)


def run(paragraphs, docs, seed):
    rng = random.Random(seed)
    col, col_raw, sl, sl_raw, exact, total, keep = [], [], [], [], 0, 0, []
    t0 = time.time()
    for _ in range(docs):
        paras = rng.sample(paragraphs, min(len(paragraphs), rng.randint(3, 6)))
        title = rng.choice(TITLES) if rng.random() < 0.4 else None
        bad, ref = simulate.corrupt_columns(paras, rng, title=title)
        out = normalize_mapped(MappedStr.identity(bad)).text
        col.append(order_f1(out, ref))
        col_raw.append(order_f1(bad, ref))
        lines = slide_lines(paragraphs, rng, 8)
        bad, ref = simulate.corrupt_slides(lines, rng)
        out = normalize_mapped(MappedStr.identity(bad)).text
        sl.append(order_f1(out, ref))
        sl_raw.append(order_f1(bad, ref))
        got = [canon_stream(x) for x in out.split("\n") if x.strip()]
        for want in lines:
            total += 1
            exact += canon_stream(want) in got
        clean = "\n".join(paras)
        normed = normalize_mapped(MappedStr.identity(clean)).text
        keep.append(bigram_f1(canon_tokens(normed), canon_tokens(clean)))
    mean = lambda xs: round(sum(xs) / len(xs), 4)
    return {
        "columns.order_f1": mean(col), "columns.as_is": mean(col_raw),
        "slides.order_f1": mean(sl), "slides.as_is": mean(sl_raw),
        "slides.lines_exact": round(exact / total, 4),
        "clean.bigrams_kept": mean(keep),
        "seconds": round(time.time() - t0, 1),
    }


def long_decks(paragraphs, docs, seed, words):
    """Order F1 of slide decks whose lines are long (``words`` words, 6 lines a deck): the check that
    the prose rule (a document of long lines is prose, not a deck) does not take real decks for prose."""
    import re

    rng = random.Random(seed)
    sentences = [s.strip() for p in paragraphs for s in re.split(r"(?<=[.!؟])\s+", p) if len(s.split()) > words]
    got, raw = [], []
    for _ in range(docs):
        lines = [" ".join(s.rstrip(".").split()[:words]) for s in rng.sample(sentences, min(6, len(sentences)))]
        bad, ref = simulate.corrupt_slides(lines, rng)
        got.append(order_f1(normalize_mapped(MappedStr.identity(bad)).text, ref))
        raw.append(order_f1(bad, ref))
    return {f"long_decks.{words}_words.order_f1": round(sum(got) / len(got), 4),
            f"long_decks.{words}_words.as_is": round(sum(raw) / len(raw), 4)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("dev", "heldout"), default="heldout")
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--long-decks", type=int, nargs="*", metavar="WORDS",
                    help="also slide decks of lines this many words long (e.g. 13 16)")
    args = ap.parse_args()
    path = os.path.join(HERE, "data", f"repair_{args.set}.txt")
    paragraphs = [p.strip() for p in open(path, encoding="utf-8") if p.strip()]
    for k, v in run(paragraphs, args.docs, args.seed).items():
        print(f"{k}: {v}")
    for words in args.long_decks or ():
        for k, v in long_decks(paragraphs, args.docs, args.seed, words).items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
