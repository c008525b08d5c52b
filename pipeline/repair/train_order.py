"""Fit the order model's feature weights on well-ordered text (run by hand, output committed).

    .venv/bin/python -m pipeline.repair.train_order [TEXT ...]

Default text: ``bench/data/repair_dev.txt``, Persian paragraphs written for this project (never the
seed documents, and not the held-out text the README's figures come from). Two kinds of examples,
one logistic regression with an L2 penalty (features: see
:meth:`pipeline.repair.order_model.OrderModel.features`):

- every adjacent word pair (a, b) against its swap (b, a): the feature difference φ(a, b) - φ(b, a)
  should score positive (which of two words comes first);
- every adjacent pair φ(a, b) against a pair (a, c) with c a word of the same paragraph three or
  more places away (is this a junction at all), with an intercept that is then dropped. The hard constraints of
Persian (``bad_*``), the listed compounds and the marks of a text's edges keep their hand-set
values: they are rare in running text, and what they forbid is not learned from a few thousand words.
The simulated columns get their document bigrams as the layout step builds them, but their weight is
hand-set too (see ``FIXED``).

Then the glued-line search's own weights (what a run boundary at a glued cut, at a space, at an affix
on the wrong end, and a missing space inside a run cost or earn) are fitted on its decisions: slide
decks simulated from the same text, coordinate search for the share of lines read back exactly
(``--glue`` refits only these, keeping the other weights).

Writes ``pipeline/repair/data/order_weights.tsv``.
"""
from __future__ import annotations

import collections
import os
import random
import re

import numpy as np

from pipeline.repair import order_model

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_TEXT = os.path.join(ROOT, "bench", "data", "repair_dev.txt")
FIXED = {"bad_suffix": -6.0, "bad_prefix": -4.0, "bad_prep": -4.0, "bad_ra": -4.0, "bad_conj": -3.0,
         "bad_ei": -2.0, "compound": 1.5, "compound_rev": -1.0, "unigram": 1.0, "bullet_not_first": -8.0,
         "lead_suffix": -4.0, "trail_prefix": -4.0, "lead_punct_word": -3.0,
         # a real report repeats its terms (خوشه، توسعه خوشه، کسب و کار) page after page; a simulated
         # document of a few unrelated paragraphs hardly does, so fitting would all but drop this
         "doc_bigram": 1.5}
L2 = 0.05
LINE_WEIGHT = 3   # a line decision counts as much as three word pairs
LINE_DOCS = 400   # simulated columns for the line decisions


def paragraphs(paths: list[str]) -> list[list[str]]:
    """Paragraphs as word lists, each twice: as written, and with its words cut at the zero-width
    non-joiners («خوشه‌های» -> «خوشه» «های», «کسب‌وکار» -> «کسب» «وکار»), the pieces visual-order
    extraction produces, so that suffixes, prefixes and compounds meet their words in training."""
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    out.append(line.split())
                    if "\u200c" in line:
                        out.append(line.replace("\u200c", " ").split())
    return out


def line_examples(texts: list[str], model: order_model.OrderModel, docs: int, rng) -> list[dict]:
    """Line decisions on simulated visual-order columns of the training text: for every line with
    two readings, the features of the right one minus those of the wrong one."""
    from pipeline.model import MappedStr
    from pipeline.repair import lexicon, orthography, simulate, visual, words

    lex = lexicon.load()
    scorer = visual.Scorer(model)
    out = []
    canon = lambda t: re.sub(r"[\W_]+", "", t.replace("\u200c", ""))
    for _ in range(docs):
        paras = rng.sample(texts, min(len(texts), rng.randint(2, 5)))
        visual_page = rng.random() < 0.7
        lines: list[tuple[str, str, bool]] = []
        simulate.corrupt_columns(paras, rng, p_visual=0.8 if visual_page else 0.0, lines_out=lines)
        page = "vis" if visual_page else "log"
        # the document's own bigrams, from its lines that show no mark of visual order (as layout does)
        doc = order_model.DocumentBigrams()
        for bad, _, _ in lines:
            unified = orthography.unify(MappedStr.identity(bad.strip()))
            if visual.inspect(unified, lex).clean:
                doc.add_tokens(unified.text.split())
        scorer.doc = doc
        for i, (bad, clean, _) in enumerate(lines):
            line = orthography.unify(MappedStr.identity(re.sub(r"\s+$", "", bad)))
            line = words.repair_tokens(line, None, lex)
            cands = visual.column_candidates(line, scorer)
            if len(cands) < 2:
                continue
            want = canon(orthography.unify(MappedStr.identity(clean)).text)
            good = [c for c in cands if canon(c.text().text) == want]
            bad_c = [c for c in cands if canon(c.text().text) != want]
            if not good or not bad_c:
                continue
            before = lines[i - 1][1].split()[-1] if i and lines[i - 1][1] else None
            after = lines[i + 1][1].split()[0] if i + 1 < len(lines) and lines[i + 1][1] else None

            def feats(c):
                f = scorer.candidate_features([w.text for w in c.words], before, after)
                if c.kind == "reversed":
                    k = min(c.runs, 5)
                    f[f"rev{k}"] = 1.0
                    f[f"rev{k}_{page}"] = 1.0
                    f.update(visual.reversal_features(line.text))
                return f

            fg = collections.Counter(feats(good[0]))
            fg.subtract(feats(bad_c[0]))
            out.append(dict(fg))
    return out


def fit(paras: list[list[str]], model: order_model.OrderModel, line_rows: list[dict] = ()) -> dict[str, float]:
    import random

    rng = random.Random(7)
    names: dict[str, int] = {"__intercept__": 0}
    rows: list[tuple[dict, float, bool]] = []  # (features, label, pointwise)

    def add(d: dict, label: float, pointwise: bool) -> None:
        d = {k: v for k, v in d.items() if v and k not in FIXED}
        for k in d:
            names.setdefault(k, len(names))
        rows.append((d, label, pointwise))

    for d in line_rows:
        for _ in range(LINE_WEIGHT):
            add(d, 1.0, False)

    for words in paras:
        for i, (a, b) in enumerate(zip(words, words[1:])):
            d = collections.Counter(model.features(a, b))
            d.subtract(model.features(b, a))
            add(dict(d), 1.0, False)
            far = [j for j in range(len(words)) if abs(j - (i + 1)) >= 3]
            if far:
                add(model.features(a, b), 1.0, True)
                add(model.features(a, words[rng.choice(far)]), 0.0, True)
    X = np.zeros((len(rows), len(names)))
    y = np.zeros(len(rows))
    for i, (r, label, pointwise) in enumerate(rows):
        for k, v in r.items():
            X[i, names[k]] = v
        if pointwise:
            X[i, 0] = 1.0
        y[i] = label
    w = np.zeros(len(names))
    reg = np.full(len(names), L2)
    reg[0] = 0.0
    for _ in range(4000):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        w -= 0.5 * (-(X.T @ (y - p)) / len(rows) + reg * w)
    pair_rows = np.array([not pw for _, _, pw in rows])
    acc = float(np.mean((X[pair_rows] @ w) > 0))
    del names["__intercept__"]
    weights = {k: round(float(w[i]), 4) for k, i in names.items() if abs(w[i]) >= 1e-4}
    weights.update(FIXED)
    print(f"{len(rows)} examples, {len(names)} features, training pairwise accuracy {acc:.3f}")
    return weights


GLUE_WEIGHTS = ("glue_break_glue", "glue_break_space", "glue_break_affix", "glue_missing_space")
GLUE_DECKS = 150  # simulated slide decks of 8 lines for the glued-line decisions
GLUE_STEPS = (-1.0, -0.5, 0.5, 1.0)


def glue_decks(texts: list[str], n: int, rng) -> list[tuple[str, list[str]]]:
    """Slide decks simulated from the training text: (glued visual-order text, its clean lines)."""
    from pipeline.repair import simulate

    out = []
    for _ in range(n):
        lines = simulate.slide_lines(texts, rng, 8)
        out.append((simulate.corrupt_slides(lines, rng)[0], lines))
    return out


def glue_accuracy(decks: list[tuple[str, list[str]]]) -> float:
    """Share of the decks' lines that the normalize stage gives back exactly (order and words)."""
    from pipeline.model import MappedStr
    from pipeline.repair import normalize_mapped
    from pipeline.repair.measure import canon_stream

    right = total = 0
    for bad, lines in decks:
        got = {canon_stream(x) for x in normalize_mapped(MappedStr.identity(bad)).text.split("\n")}
        right += sum(canon_stream(line) in got for line in lines)
        total += len(lines)
    return right / total


def fit_glue(texts: list[str], model: order_model.OrderModel, rng, rounds: int = 2) -> dict[str, float]:
    """The weights of the glued-line search (what a run boundary at a glued cut, at a space, at an
    affix on the wrong end, and a missing space inside a run cost or earn), fitted on the decisions
    themselves: coordinate search for the share of simulated slide lines read back exactly. The
    other weights stay as they are."""
    from pipeline.repair import visual

    decks = glue_decks(texts, GLUE_DECKS, rng)
    w = {k: model.w.get(k, visual.Scorer.DEFAULTS[k]) for k in GLUE_WEIGHTS}
    model.w.update(w)
    best = glue_accuracy(decks)
    print(f"glued lines read exactly: {best:.4f} with {w}")
    for _ in range(rounds):
        moved = False
        for k in GLUE_WEIGHTS:
            start = w[k]
            for step in GLUE_STEPS:
                model.w[k] = round(start + step, 2)
                acc = glue_accuracy(decks)
                if acc > best + 0.002:  # a real gain, not a line or two
                    best, w[k], moved = acc, model.w[k], True
            model.w[k] = w[k]
        print(f"glued lines read exactly: {best:.4f} with {w}")
        if not moved:
            break
    return w


def write_weights(weights: dict[str, float], paths: list[str]) -> str:
    out = os.path.join(HERE, "data", "order_weights.tsv")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# feature\tweight; fitted by pipeline/repair/train_order.py on "
                 + ", ".join(os.path.relpath(p, ROOT) for p in paths) + "\n")
        for k in sorted(weights, key=lambda k: (-abs(weights[k]), k)):
            fh.write(f"{k}\t{weights[k]}\n")
    return out


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Fit the order model's weights (writes data/order_weights.tsv).")
    ap.add_argument("texts", nargs="*", help="well-ordered text, one paragraph per line (default: bench/data/repair_dev.txt)")
    ap.add_argument("--glue", action="store_true",
                    help="refit only the glued-line search's weights, keeping the others as they are")
    args = ap.parse_args()
    paths = args.texts or [DEFAULT_TEXT]
    model = order_model.load()
    if args.glue:
        texts = [" ".join(p) for p in paragraphs(paths)]
        weights = dict(model.w)
        weights.update(fit_glue(texts, model, random.Random(13)))
        print(f"wrote {write_weights(weights, paths)}")
        return
    model.w = {}
    paras = paragraphs(paths)
    first = fit(paras, model)  # word pairs only: weights to read the lines with
    model.w = first
    model.clear_junctions()
    texts = [" ".join(p) for p in paras]
    rows = line_examples(texts, model, LINE_DOCS, random.Random(11))
    print(f"{len(rows)} line decisions")
    model.w = {}
    model.clear_junctions()
    weights = fit(paras, model, rows)
    model.w = dict(weights)
    model.clear_junctions()
    weights.update(fit_glue(texts, model, random.Random(13)))
    print(f"wrote {write_weights(weights, paths)}")


if __name__ == "__main__":
    main()
