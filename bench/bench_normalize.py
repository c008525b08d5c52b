"""Speed of the normalize stage against hazm's Normalizer alone, on the same text, one core.

    .venv/bin/python bench/bench_normalize.py [--repeat 5]

Not a test. Three inputs, each normalized whole (one document per input) after a warm-up run
(the lexicon and the order model are loaded once per process, about 0.5 s, not counted):

- ``clean``: Persian paragraphs already in order (the held-out texts of ``bench/data``, and the
  three in-order seed documents when ``corpus/seeds`` is there), the common case in the archive;
- ``column``: the same paragraphs corrupted into a visual-order magazine column by
  :mod:`pipeline.repair.simulate` (every line goes through the order model and the page decoding);
- ``slides``: slide lines corrupted into glued visual runs (the search over splits and run orders);
- ``seeds``: the five seed documents as they are (when ``corpus/seeds`` is there).

For each: characters per second of ``pipeline.repair.normalize_mapped`` and of
``hazm.Normalizer().normalize``, and their ratio. The figure reported is the best of ``--repeat``
runs (the machine is shared; the best run is the one least disturbed by other work).
"""
from __future__ import annotations

import argparse
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


def inputs() -> dict[str, str]:
    import eval_repair

    paras = [p.strip() for p in open(os.path.join(HERE, "data", "repair_heldout.txt"), encoding="utf-8") if p.strip()]
    paras += [p.strip() for p in open(os.path.join(HERE, "data", "repair_dev.txt"), encoding="utf-8") if p.strip()]
    rng = random.Random(5)
    seeds = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt")))
    in_order = [open(p, encoding="utf-8").read() for p in seeds if os.path.basename(p)[:3] in ("001", "003", "004")]
    out = {"clean": "\n".join(paras + in_order)}
    out["column"] = simulate.corrupt_columns(paras, rng)[0]
    lines = eval_repair.slide_lines(paras, rng, 60)
    out["slides"] = simulate.corrupt_slides(lines, rng)[0]
    if seeds:
        out["seeds"] = "\f".join(open(p, encoding="utf-8").read() for p in seeds)
    return out


def best_time(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from hazm import Normalizer

    hazm_normalizer = Normalizer()
    ours = lambda t: normalize_mapped(MappedStr.identity(t))  # noqa: E731
    data = inputs()
    for t in data.values():  # warm-up: lexicon, order model, hazm's tables
        ours(t)
        hazm_normalizer.normalize(t)
    print(f"{'input':8} {'chars':>7} {'stage chars/s':>14} {'hazm chars/s':>13} {'stage/hazm time':>16}")
    for name, text in data.items():
        t_ours = best_time(ours, text, args.repeat)
        t_hazm = best_time(hazm_normalizer.normalize, text, args.repeat)
        print(f"{name:8} {len(text):7d} {len(text) / t_ours:14,.0f} {len(text) / t_hazm:13,.0f} {t_ours / t_hazm:16.2f}")


if __name__ == "__main__":
    main()
