"""Extraction speed: facts per second and seconds per 100 KB of normalized text.

Reads the seed documents and the PDF fixtures' ground-truth texts, repeats them to a document of
about ``--kb`` kilobytes, normalizes it once and times ``extract`` on it (best of ``--repeat`` runs,
which is robust to other jobs on the machine). Extraction must stay linear in the document's length:
run with --kb 50 and --kb 400 and compare the seconds per 100 KB. A sentence said again gives its
facts once (``extractors.drop_repeats``), so the repeated document has the facts of one copy: compare
seconds, not facts per second, across sizes.

    .venv/bin/python bench/bench_extract.py --kb 350
    .venv/bin/python bench/bench_extract.py --kb 350 --add ~/news/*.txt   # mix in texts of your own
"""
from __future__ import annotations

import argparse
import glob
import os
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=200, help="size of the document to extract from")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    ap.add_argument("--add", nargs="*", default=[], metavar="FILE",
                    help="more text files to mix into the document (your own reports or news)")
    args = ap.parse_args()

    from pipeline.extract import extract
    from pipeline.read import read
    from pipeline.repair import normalize

    paths = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt"))) + \
        sorted(glob.glob(os.path.join(ROOT, "corpus", "pdf", "*.gt.txt"))) + sorted(args.add)
    unit = "\n".join(open(p, encoding="utf-8").read() for p in paths)
    body = unit * max(1, args.kb * 1024 // max(1, len(unit.encode("utf-8"))))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(body)
    text = normalize(read(fh.name))
    os.unlink(fh.name)
    extract(text)  # warm up: imports, spaCy, data files
    best, facts = float("inf"), 0
    for _ in range(args.repeat):
        _clear_caches()  # each run reads the document afresh (identify() and friends cache by text)
        t0 = time.perf_counter()
        facts = len(extract(text).facts)
        best = min(best, time.perf_counter() - t0)
    kb = len(text.text.encode("utf-8")) / 1024
    print(f"{kb:.0f} KB normalized, {facts} facts: best {best:.2f} s "
          f"({best / kb * 100:.2f} s per 100 KB, {facts / best:.0f} facts/s)")


def _clear_caches() -> None:
    import extractors.clusters as clusters

    for fn in (clusters.identify, getattr(clusters, "document_province", None)):
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()


if __name__ == "__main__":
    main()
