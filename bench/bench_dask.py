"""Benchmark of the engines (not a test): local, process pool and Dask on the same 1,000 documents, and the
cost of a page, text layer or OCR, for sizing a cluster.

    .venv/bin/python bench/bench_dask.py [--texts 700] [--pdfs 300] [--rounds 1] [--ocr-rounds 5] [--keep DIR]

1. **Documents.** ``--texts`` small text documents made from the corpus seeds (as
   ``bench/bench_nightly.py`` makes them: a window of a seed's lines, a numbered first line, one figure
   varied) and ``--pdfs`` copies of the corpus's text-layer PDFs (``corpus/pdf/*.pdf`` but the scan, and
   ``corpus/fixtures/qom_clothing.pdf``), each made distinct by a trailing PDF comment.
2. **Engines.** The real CLI (``python -m pipeline run --quiet``) in a subprocess, into a fresh database:
   ``--engine local``, ``--engine pool --workers 2``, ``--engine dask --workers 1`` and ``--workers 2`` (a
   local Dask cluster, started and stopped inside the run). Documents and pages per second by the wall
   clock of the whole command (start-up, cluster start and stop included) and by the run's own
   ``duration_s``; CPU seconds of the command and its workers; the load average sampled every second
   during the run (the machine is shared: a slow figure can then be told from a busy machine).
3. **Cost per page**, measured in this process after a warm-up, as CPU seconds (robust to the load):
   a text-layer PDF page through the whole pipeline (read, normalize, extract), a small text document,
   and a scanned page (``corpus/pdf/scan_page.pdf``: rendering and tesseract, whose CPU is counted from
   its child processes), the latter also with ``OMP_THREAD_LIMIT=1`` (tesseract's OpenMP threads spin on
   a busy machine). The fixture is a sparse page (three paragraphs, 150 dpi), so the same is measured
   on a dense one: the first page of ``corpus/pdf/lo_report.pdf`` rendered at 300 dpi as an image-only
   PDF (made in the work folder). And the writer: Outcomes stored per second by the run's own process, the ceiling of
   any cluster. And each engine's own cost per task, on tasks that do nothing.

Prints one line per measurement and a JSON summary at the end.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

from bench_nightly import make_documents  # noqa: E402

SCAN = os.path.join(ROOT, "corpus", "pdf", "scan_page.pdf")
ENGINES = [("local", "local", 1), ("pool, 2 workers", "pool", 2), ("dask, 1 worker", "dask", 1),
           ("dask, 2 workers", "dask", 2)]


def text_layer_pdfs() -> list[str]:
    found = sorted(p for p in glob.glob(os.path.join(ROOT, "corpus", "pdf", "*.pdf")) if p != SCAN)
    return found + [os.path.join(ROOT, "corpus", "fixtures", "qom_clothing.pdf")]


def make_pdfs(folder: str, n: int) -> None:
    sources = text_layer_pdfs()
    for i in range(n):
        with open(sources[i % len(sources)], "rb") as fh:
            data = fh.read()
        with open(os.path.join(folder, f"pdf{i:04d}.pdf"), "wb") as fh:
            fh.write(data + f"\n%khooshe-bench {i}\n".encode())


class LoadSampler:
    """The 1-minute load average, sampled every second while a measurement runs."""

    def __init__(self):
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(1.0)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        s = self.samples or [os.getloadavg()[0]]
        return f"{min(s):.1f}-{max(s):.1f} (mean {statistics.mean(s):.1f})"


def khooshe_run(inbox: str, db: str, engine: str, workers: int) -> dict:
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with LoadSampler() as load:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pipeline", "run", inbox, "--db", db, "--engine", engine,
                               "--workers", str(workers), "--quiet"], capture_output=True, text=True,
                              cwd=os.path.dirname(db))
        wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"khooshe run --engine {engine} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    run = dict(con.execute("select * from runs order by id desc limit 1").fetchone())
    con.close()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return dict(wall=wall, run_s=run["duration_s"], cpu=cpu, docs=run["new"], pages=run["pages"],
                failed=run["failed"], load=load.summary(), load_mean=statistics.mean(load.samples or [0]))


def cpu_now() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def cost_per_page(paths: list[str], rounds: int) -> tuple[float, float, int]:
    """(CPU s per page, wall s per page, pages) of process_file over paths, best round of ``rounds``."""
    from pipeline.process import process_file

    for p in paths[:2]:
        process_file(p)  # warm-up: imports, spaCy, lexicons
    best = None
    for _ in range(rounds):
        c0, t0, pages = cpu_now(), time.perf_counter(), 0
        for p in paths:
            out = process_file(p)
            if not out.ok:
                sys.exit(f"{p}: {out.failure}")
            pages += out.document["pages"]
        cpu, wall = cpu_now() - c0, time.perf_counter() - t0
        if best is None or cpu < best[0] * best[2] / pages:
            best = (cpu / pages, wall / pages, pages)
    return best


def make_dense_scan(folder: str, pages: int = 1, name: str = "dense_scan_300dpi.pdf") -> str:
    """Full pages of text scanned at 300 dpi: the corpus's text-layer PDF pages (lo_report.pdf's first
    page first) as grey bitmaps in an image-only PDF."""
    import pypdfium2 as pdfium

    images = []
    for path in [os.path.join(ROOT, "corpus", "pdf", "lo_report.pdf")] + text_layer_pdfs():
        src = pdfium.PdfDocument(path)
        for index in range(len(src)):
            if len(images) < pages:
                images.append(src[index].render(scale=300 / 72, grayscale=True).to_pil().convert("L"))
        src.close()
    out = os.path.join(folder, name)
    images[0].save(out, "PDF", resolution=300.0, save_all=True, append_images=images[1:])
    return out


def long_scan(work: str, pages: int) -> dict:
    """Wall seconds for one scanned document of ``pages`` dense pages: read whole by the local engine, as
    one task on a 2-worker Dask cluster, and split into page tasks there (tesseract on one thread)."""
    from pipeline.nightly.dask_engine import dask_engine
    from pipeline.process import process_file

    folder = os.path.join(work, "long-scan")
    os.makedirs(folder, exist_ok=True)
    scan = make_dense_scan(folder, pages, f"scan_{pages}_pages.pdf")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    out = {}
    for label, run in (("local", lambda: [process_file(scan)]),
                       ("dask 2 workers, one task", lambda: list(dask_engine(2, split_from=0)(process_file, [scan]))),
                       ("dask 2 workers, page tasks", lambda: list(dask_engine(2)(process_file, [scan])))):
        t0 = time.perf_counter()
        (outcome,) = run()
        out[label] = time.perf_counter() - t0
        assert outcome.ok and outcome.document["pages"] == pages, outcome.failure
    return out


def ocr_cost(scan: str, rounds: int, one_thread: bool) -> dict:
    """Seconds per scanned page through the whole pipeline (median of ``rounds``), and OCR alone."""
    from pipeline.process import process_file
    from pipeline.read import ocr

    if not ocr.available():
        return {}
    saved = os.environ.get("OMP_THREAD_LIMIT")
    if one_thread:
        os.environ["OMP_THREAD_LIMIT"] = "1"
    else:
        os.environ.pop("OMP_THREAD_LIMIT", None)
    try:
        data = open(scan, "rb").read()
        ocr._ocr_pages(data, [1])  # warm-up
        whole, alone = [], []
        for _ in range(rounds):
            c0, t0 = cpu_now(), time.perf_counter()
            ocr._ocr_pages(data, [1])
            alone.append((cpu_now() - c0, time.perf_counter() - t0))
            c0, t0 = cpu_now(), time.perf_counter()
            out = process_file(scan)
            assert out.ok and out.document["pages"] == 1, out.failure
            whole.append((cpu_now() - c0, time.perf_counter() - t0))
    finally:
        if saved is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = saved
    med = lambda xs, i: statistics.median(x[i] for x in xs)  # noqa: E731
    return dict(cpu=med(whole, 0), wall=med(whole, 1), ocr_cpu=med(alone, 0), ocr_wall=med(alone, 1))


def noop(item):
    """A task that does nothing: what is left of its time is the engine's."""
    from pipeline.process import Outcome

    return Outcome(path=str(item), sha256=None, size=0)


def engine_overhead(n: int) -> dict:
    """Per-task cost of each engine on tasks that do nothing (wall seconds after the first result, per
    task), and its start-up (seconds to the first result: workers started, their imports done)."""
    from pipeline.batch import engine_for

    out = {}
    for name, engine, workers in ENGINES[1:]:
        t0 = time.perf_counter()
        results = engine_for(engine, workers)(noop, range(n))
        next(results)
        t1 = time.perf_counter()
        rest = sum(1 for _ in results)
        t2 = time.perf_counter()
        assert rest == n - 1
        out[name] = dict(start=t1 - t0, per_task=(t2 - t1) / (n - 1))
    return out


def writer_rate(inbox: str, work: str, n: int) -> float:
    """Documents per second the run's own process stores, given ready Outcomes (an engine that only
    replays them): what one writer can absorb however many workers there are."""
    from pipeline.batch import ingest
    from pipeline.process import process_file
    from pipeline.store import open_db

    paths = sorted(os.path.join(inbox, f) for f in os.listdir(inbox))[:n]
    ready = {p: process_file(p) for p in paths}

    def replay(work_fn, items):
        for item in items:
            yield ready[item]

    sub = os.path.join(work, "writer-inbox")
    shutil.rmtree(sub, ignore_errors=True)
    os.makedirs(sub)
    for p in paths:  # the same files, so that the batch finds them; the Outcomes keep their paths
        os.link(p, os.path.join(sub, os.path.basename(p)))
    ready = {os.path.join(sub, os.path.basename(p)): o for p, o in ready.items()}
    for p, o in ready.items():
        o.path = p
    db = os.path.join(work, "writer.db")
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    t0 = time.perf_counter()
    result = ingest(open_db(db), [sub], engine=replay)
    seconds = time.perf_counter() - t0
    assert result.counts["new"] == len(paths), result.counts
    return len(paths) / seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=int, default=700)
    ap.add_argument("--pdfs", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=1, help="runs of each engine (the best is kept)")
    ap.add_argument("--ocr-rounds", type=int, default=5)
    ap.add_argument("--engines", nargs="*", default=[name for name, _, _ in ENGINES])
    ap.add_argument("--skip-costs", action="store_true")
    ap.add_argument("--scan-pages", type=int, default=6, help="pages of the long scan (0: not measured)")
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temporary folder)")
    args = ap.parse_args()

    work = args.keep or tempfile.mkdtemp(prefix="khooshe-bench-dask-")
    inbox = os.path.join(work, "inbox")
    shutil.rmtree(inbox, ignore_errors=True)
    os.makedirs(inbox)
    make_documents(inbox, args.texts)
    make_pdfs(inbox, args.pdfs)
    print(f"# {args.texts} text documents + {args.pdfs} text-layer PDFs in {inbox}")
    print(f"# {os.cpu_count()} CPUs; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    results = {}
    for name, engine, workers in ENGINES:
        if name not in args.engines:
            continue
        runs = [khooshe_run(inbox, os.path.join(work, f"{engine}{workers}.db"), engine, workers)
                for _ in range(args.rounds)]
        r = min(runs, key=lambda x: x["wall"])
        results[name] = r
        print(f"{name}: {r['docs']} documents, {r['pages']} pages, {r['failed']} failed; wall {r['wall']:.1f} s -> "
              f"{r['docs'] / r['wall']:.1f} docs/s, {r['pages'] / r['wall']:.1f} pages/s; run {r['run_s']:.1f} s -> "
              f"{r['docs'] / r['run_s']:.1f} docs/s, {r['pages'] / r['run_s']:.1f} pages/s; CPU {r['cpu']:.1f} s "
              f"({1000 * r['cpu'] / r['docs']:.1f} ms/doc); load {r['load']}")

    costs = {}
    if not args.skip_costs:
        pdf_cpu, pdf_wall, pdf_pages = cost_per_page(text_layer_pdfs(), 3)
        texts = sorted(glob.glob(os.path.join(inbox, "doc*.txt")))[:200]
        txt_cpu, txt_wall, _ = cost_per_page(texts, 3)
        costs = dict(text_layer_page_cpu=pdf_cpu, text_layer_page_wall=pdf_wall, text_layer_pages=pdf_pages,
                     text_document_cpu=txt_cpu, text_document_wall=txt_wall)
        print(f"text-layer PDF page, whole pipeline: {1000 * pdf_cpu:.0f} ms CPU ({1000 * pdf_wall:.0f} ms wall), "
              f"best of 3 rounds over {pdf_pages} pages; load {os.getloadavg()[0]:.1f}")
        print(f"small text document, whole pipeline: {1000 * txt_cpu:.1f} ms CPU ({1000 * txt_wall:.1f} ms wall)")
        for label, scan in (("scan_page", SCAN), ("dense_scan_300dpi", make_dense_scan(work))):
            for one in (False, True):
                c = ocr_cost(scan, args.ocr_rounds, one)
                if not c:
                    print("scanned page: tesseract with fas is not installed; not measured")
                    break
                costs[label + ("_omp1" if one else "")] = c
                print(f"{label}{' (OMP_THREAD_LIMIT=1)' if one else ''}: {c['cpu']:.2f} s CPU ({c['wall']:.2f} s wall) "
                      f"through the pipeline, of which OCR {c['ocr_cpu']:.2f} s CPU ({c['ocr_wall']:.2f} s wall); "
                      f"median of {args.ocr_rounds}; load {os.getloadavg()[0]:.1f}")
        overhead = engine_overhead(1000)
        costs["engine_overhead"] = overhead
        for name, o in overhead.items():
            print(f"{name}: {1000 * o['per_task']:.2f} ms per task that does nothing (1,000 tasks), "
                  f"{o['start']:.1f} s to the first result; load {os.getloadavg()[0]:.1f}")
        if args.scan_pages:
            ls = long_scan(work, args.scan_pages)
            costs["long_scan"] = ls
            print(f"one scan of {args.scan_pages} dense pages: " + "; ".join(f"{k} {v:.1f} s" for k, v in ls.items())
                  + f" (wall, cluster start included); load {os.getloadavg()[0]:.1f}")
        rate = writer_rate(inbox, work, 500)
        costs["writer_docs_per_s"] = rate
        print(f"writer: {rate:.0f} documents/s stored by the run's process from ready Outcomes (500 documents)")
    print(json.dumps({"engines": results, "costs": costs}))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
