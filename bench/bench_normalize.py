"""Speed of the normalize stage against hazm's Normalizer alone, on the same text, one core.

    taskset -c 1 .venv/bin/python bench/bench_normalize.py [--repeat 15]

Not a test. Inputs, each normalized as the pipeline does (one document per input; the seeds one
document each), after a warm-up run (the lexicon and the order model are loaded once per process,
about 0.5 s, not counted):

- ``clean``: Persian paragraphs already in order (the held-out texts of ``bench/data``, and the
  three in-order seed documents when ``corpus/seeds`` is there), the common case in the archive;
- ``column``: the same paragraphs corrupted into a visual-order magazine column by
  :mod:`pipeline.repair.simulate` (every line goes through the order model and the page decoding);
- ``slides``: slide lines corrupted into glued visual runs (the search over splits and run orders);
- ``seeds``: the five seed documents as they are, each its own document (when ``corpus/seeds`` is
  there); ``seeds-joined``: the same five joined into one document by form feeds, as this
  benchmark measured them before (the slide deck then puts the other four in slide-deck mode).

For each: characters per second of ``pipeline.repair.normalize_mapped`` and of
``hazm.Normalizer().normalize``, and their ratio. Times are CPU time of this process
(``time.process_time``), the best of ``--repeat`` runs, hazm and the stage measured in turn:
the machine is shared, and CPU time of the best run is the figure least disturbed by other work.
``back to back`` is the same ratio with each measured ``--repeat`` times in a row (warm caches,
which favour hazm on the small inputs).
``first run`` is the stage's time on its first run over the input with the per-word tables it
keeps for the process (segmentations, spellings, scores of word pairs) emptied: what a document of
words never seen before costs; the best of three such runs, each after a garbage collection (a
full collection of this process, which holds hazm's objects too, takes up to 80 ms and falls at
random into one run or another). The load average is printed before and after.
"""
from __future__ import annotations

import argparse
import gc
import glob
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)

from pipeline.model import MappedStr  # noqa: E402
from pipeline.repair import normalize_mapped, simulate  # noqa: E402


def inputs() -> dict[str, list[str]]:
    """Each input as its list of documents."""
    import eval_repair

    paras = [p.strip() for p in open(os.path.join(HERE, "data", "repair_heldout.txt"), encoding="utf-8") if p.strip()]
    paras += [p.strip() for p in open(os.path.join(HERE, "data", "repair_dev.txt"), encoding="utf-8") if p.strip()]
    rng = random.Random(5)
    seeds = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt")))
    in_order = [open(p, encoding="utf-8").read() for p in seeds if os.path.basename(p)[:3] in ("001", "003", "004")]
    out = {"clean": ["\n".join(paras + in_order)]}
    out["column"] = [simulate.corrupt_columns(paras, rng)[0]]
    lines = eval_repair.slide_lines(paras, rng, 60)
    out["slides"] = [simulate.corrupt_slides(lines, rng)[0]]
    if seeds:
        texts = [open(p, encoding="utf-8").read() for p in seeds]
        out["seeds"] = texts
        out["seeds-joined"] = ["\f".join(texts)]
    return out


def cpu_time(fn, docs: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for d in docs:
            fn(d)
        best = min(best, time.process_time() - t0)
    return best


def clear_tables() -> None:
    """Empty what the stage keeps per word for the process (the loaded data stays)."""
    from pipeline.repair import lexicon, order_model

    lex = lexicon.load()
    lex.memo.clear()
    lex._cache.clear()
    model = order_model.load()
    model.memo.clear()
    model.clear_junctions()
    model._tags_cache.clear()
    model._class_cache.clear()
    model._crf_key_cache.clear()
    model._profile_cache.clear()
    model._verb_cache.clear()
    order_model._KEYS.clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    from hazm import Normalizer

    hazm_normalizer = Normalizer()
    ours = lambda t: normalize_mapped(MappedStr.identity(t))  # noqa: E731
    data = inputs()
    for docs in data.values():  # warm-up: lexicon, order model, hazm's tables
        for t in docs:
            ours(t)
            hazm_normalizer.normalize(t)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'input':13} {'chars':>7} {'stage chars/s':>14} {'hazm chars/s':>13} {'stage/hazm':>11} "
          f"{'back to back':>12} {'first run':>10}")
    for name, docs in data.items():
        chars = sum(len(t) for t in docs)
        first = float("inf")
        for _ in range(3):  # the best of three first runs, each after the tables are emptied
            clear_tables()
            gc.collect()  # (the emptied tables are garbage of their own: not the stage's time)
            first = min(first, cpu_time(ours, docs, 1))
        t_ours = t_hazm = float("inf")
        for _ in range(args.repeat):  # in turn, so both see the same machine
            t_ours = min(t_ours, cpu_time(ours, docs, 1))
            t_hazm = min(t_hazm, cpu_time(hazm_normalizer.normalize, docs, 1))
        # and each back to back with itself (warm caches: hazm is quicker so on small inputs)
        b2b = cpu_time(ours, docs, args.repeat) / cpu_time(hazm_normalizer.normalize, docs, args.repeat)
        print(f"{name:13} {chars:7d} {chars / t_ours:14,.0f} {chars / t_hazm:13,.0f} {t_ours / t_hazm:11.2f} "
              f"{b2b:12.2f} {first / t_hazm:9.1f}x")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
