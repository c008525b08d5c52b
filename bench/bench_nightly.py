"""Benchmark of the nightly run (not a test): a full run with 1 and 2 workers, then a run with nothing to do.

    .venv/bin/python bench/bench_nightly.py [--docs 1000] [--pdfs 0] [--repeat 3] [--keep DIR]

It writes ``--docs`` small text documents made from the corpus seeds (a window of each seed's lines,
with a numbered first line and one figure varied, so every file has its own bytes) and, with
``--pdfs N``, N copies of the corpus's text-layer PDF fixtures made distinct by a trailing PDF comment.
Then it runs the real CLI (``python -m pipeline run --quiet``) in a subprocess:

* a full run into a fresh database with ``--workers 1`` and with ``--workers 2``: documents and
  pages per second, by the wall clock of the whole command and by the run's own ``duration_s``;
* a run with nothing to do over the same database, ``--repeat`` times: the wall clock of the whole
  command, Python start-up included (the goal: under 2 seconds for 1,000 documents).

The machine is shared: the load average and the CPU time of the runs are printed with the figures, so
that a slow figure can be told from a busy machine. CPU seconds per document are the figure least
affected by the others' work.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "corpus", "seeds")
PDF_FIXTURES = [os.path.join(ROOT, "corpus", "fixtures", "qom_clothing.pdf")]


def make_documents(folder: str, n: int) -> int:
    """n small text documents from the seeds; returns their total size in bytes."""
    seeds = []
    for name in sorted(os.listdir(SEEDS)):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as fh:
            seeds.append([l for l in fh.read().splitlines() if l.strip()])
    total = 0
    for i in range(n):
        lines = seeds[i % len(seeds)]
        width = 12
        start = (i * 7) % max(1, len(lines) - width)
        window = lines[start:start + width]
        body = "\n".join(window)
        body = re.sub(r"\d+", lambda m: str(int(m.group()) + i % 97), body, count=1)  # one figure varied
        text = f"گزارش شماره {i + 1}\n{body}\n"
        path = os.path.join(folder, f"doc{i:05d}.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        total += len(text.encode("utf-8"))
    return total


def make_pdfs(folder: str, n: int) -> None:
    for i in range(n):
        src = PDF_FIXTURES[i % len(PDF_FIXTURES)]
        with open(src, "rb") as fh:
            data = fh.read()
        with open(os.path.join(folder, f"pdf{i:04d}.pdf"), "wb") as fh:
            fh.write(data + f"\n%khooshe-bench {i}\n".encode())


def khooshe_run(inbox: str, db: str, workers: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the command and its workers, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", inbox, "--db", db, "--workers", str(workers),
                           "--quiet"], capture_output=True, text=True, cwd=os.path.dirname(db))
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"khooshe run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, cpu, proc.returncode


def last_run(db: str) -> dict:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return dict(con.execute("select * from runs order by id desc limit 1").fetchone())
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--pdfs", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temporary folder)")
    args = ap.parse_args()

    work = args.keep or tempfile.mkdtemp(prefix="khooshe-bench-")
    inbox = os.path.join(work, "inbox")
    shutil.rmtree(inbox, ignore_errors=True)
    os.makedirs(inbox)
    size = make_documents(inbox, args.docs)
    make_pdfs(inbox, args.pdfs)
    print(f"# {args.docs} text documents ({size / 1024:.0f} KiB) + {args.pdfs} PDFs in {inbox}")
    print(f"# {os.cpu_count()} CPUs; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    results = {}
    for workers in args.workers:
        db = os.path.join(work, f"w{workers}.db")
        for suffix in ("", "-wal", "-shm", ".lock"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        load = os.getloadavg()[0]
        wall, cpu, code = khooshe_run(inbox, db, workers)
        run = last_run(db)
        docs, pages = run["new"], run["pages"]
        results[workers] = dict(wall=wall, cpu=cpu, run_s=run["duration_s"], docs=docs, pages=pages,
                                failed=run["failed"], load=load)
        print(f"full run, {workers} worker(s): {docs} documents, {pages} pages, {run['failed']} failed; "
              f"wall {wall:.2f} s -> {docs / wall:.1f} docs/s, {pages / wall:.1f} pages/s; "
              f"run {run['duration_s']:.2f} s -> {docs / run['duration_s']:.1f} docs/s; "
              f"CPU {cpu:.2f} s ({1000 * cpu / max(docs, 1):.1f} ms/doc); load before {load:.2f}")

    db = os.path.join(work, f"w{args.workers[0]}.db")
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu, code = khooshe_run(inbox, db, 2)
        run = last_run(db)
        assert run["new"] == 0 and run["changed"] == 0, run
        walls.append(wall)
        cpus.append(cpu)
    print(f"no-change run over {run['seen']} files: wall median {statistics.median(walls):.2f} s, "
          f"min {min(walls):.2f} s (run's own time {run['duration_s']:.2f} s); CPU {statistics.median(cpus):.2f} s; "
          f"load after {os.getloadavg()[0]:.2f}")
    print(json.dumps({"full": results, "nochange_wall": walls, "nochange_cpu": cpus,
                      "nochange_run_s": run["duration_s"]}))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
