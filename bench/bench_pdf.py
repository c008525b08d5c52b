"""Benchmark of the PDF reader (not a test): word-pair F1 and pages per second against other tools.

    .venv/bin/python bench/bench_pdf.py [--repeat 3] [--json]

On every fixture in ``corpus/pdf/`` that has a text layer (each NAME.pdf with its ground truth
NAME.gt.txt), it measures:

* **word-pair F1**: ``bigram_f1`` of ``canon_tokens`` from ``../shared/tools/score.py`` (a copy of the
  two functions is used when the shared folder is not next to the checkout), between a tool's text
  and the ground truth;
* **pages per second**: every fixture read ``--repeat`` times, the best round kept; by CPU time
  (this process plus its children, the figure least disturbed by other work on a shared machine)
  and by the wall clock.

Tools: ``khooshe`` (this reader, ``pipeline.read``), ``khooshe+normalize`` (the reader, then the
repair stage, as ``khooshe normalize FILE.pdf`` prints it), ``pdfplumber`` (``extract_text()``),
``pdfplumber-rtl`` (``extract_text(char_dir="rtl", char_dir_render="ltr")``, its best right-to-left
setting), ``pdftotext`` (poppler-utils, default and ``-layout``), ``pypdfium2`` (``get_text_range``).
The load average is printed with the figures.

Then, for this reader alone, what word pairs do not show: **paragraphs** (ground-truth lines found
whole among its lines, a paragraph that runs over a page break joined as ``meta["runs_on"]`` says),
**ZWNJ words** (words of the ground truth written with a ZWNJ that come out so, and words it writes
with a ZWNJ the truth has without one) and whether the document gets ``reading_order: logical``;
and the word-pair F1 of the ``ocr_*`` fixtures (text layers that hold no text, read by tesseract
when it is installed).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "corpus", "pdf")
SHARED_TOOLS = os.path.join(os.path.dirname(ROOT), "shared", "tools")
sys.path.insert(0, ROOT)


def _scorer():
    if os.path.exists(os.path.join(SHARED_TOOLS, "score.py")):
        sys.path.insert(0, SHARED_TOOLS)
        from score import bigram_f1, canon_tokens  # noqa: E402

        return canon_tokens, bigram_f1
    import re
    import unicodedata

    digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬", "01234567890123456789.,")

    def canon_tokens(text):
        t = unicodedata.normalize("NFKC", text).replace("ي", "ی").replace("ى", "ی").replace("ك", "ک")
        t = t.replace("ۀ", "ه").replace("ة", "ه")
        t = re.sub("[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", t)
        t = re.sub("[\u064b-\u065f\u0670]", "", t).translate(digits)
        raw = [w.strip(".") for w in re.findall(r"[\w.]+", t) if w.strip(".")]
        out = []
        for w in raw:
            if out and (w in {"ها", "های", "هایی", "ای", "تر", "ترین", "اند", "ام", "اید", "ایم"}
                        or out[-1] in {"می", "نمی"}):
                out[-1] += w
            else:
                out.append(w)
        return out

    def bigram_f1(pred, gold):
        p = collections.Counter(zip(pred, pred[1:]))
        g = collections.Counter(zip(gold, gold[1:]))
        hit = sum((p & g).values())
        if not hit:
            return 0.0
        prec, rec = hit / sum(p.values()), hit / sum(g.values())
        return 2 * prec * rec / (prec + rec)

    return canon_tokens, bigram_f1


def khooshe(path):
    from pipeline.read import read

    return read(path).raw_text


def khooshe_normalize(path):
    from pipeline.read import read
    from pipeline.repair import normalize

    return normalize(read(path)).text


def pdfplumber_default(path):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfplumber_rtl(path):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text(char_dir="rtl", char_dir_render="ltr") or "" for page in pdf.pages)


def pdftotext(path, layout=False):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [path, "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8", "replace")


def pdftotext_layout(path):
    return pdftotext(path, layout=True)


def pypdfium2_text(path):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


TOOLS = {
    "khooshe": khooshe,
    "khooshe+normalize": khooshe_normalize,
    "pdfplumber": pdfplumber_default,
    "pdfplumber-rtl": pdfplumber_rtl,
    "pdftotext": pdftotext,
    "pdftotext-layout": pdftotext_layout,
    "pypdfium2": pypdfium2_text,
}


def fixtures(ocr=False):
    """(name, path, ground truth) of the fixtures with a text layer (``ocr``: of the ocr_* ones)."""
    out = []
    for name in sorted(os.listdir(FIXTURES)):
        base, ext = os.path.splitext(name)
        gt = os.path.join(FIXTURES, base + ".gt.txt")
        if ext == ".pdf" and os.path.exists(gt) and not base.startswith("scan") and base.startswith("ocr_") == ocr:
            with open(gt, encoding="utf-8") as fh:
                out.append((base, os.path.join(FIXTURES, name), fh.read()))
    return out


ZWNJ = "\u200c"


def structure(path, gold):
    """(paragraphs found whole, paragraphs, ZWNJ words right, ZWNJ words in the truth, ZWNJ words
    wrong, reading_order flag) of this reader on one fixture."""
    import re
    import unicodedata

    from pipeline.read import read

    def norm(line):
        line = unicodedata.normalize("NFKC", line).replace("\u2022 ", "")
        return re.sub(" +", " ", line).strip()

    def zwnj_words(text):
        words = re.findall(r"[\u0600-\u06ff\u200c]+", unicodedata.normalize("NFKC", text))
        return {w.strip(ZWNJ) for w in words if ZWNJ in w.strip(ZWNJ)}

    doc = read(path)
    texts = [p.text for p in doc.pages]
    for number in doc.meta.get("runs_on", []):
        texts[number - 1] = "\x00" + texts[number - 1]
    have = {norm(line) for line in "\n".join(texts).replace("\n\x00", " ").split("\n") if line.strip()}
    want = [norm(line) for line in gold.splitlines() if line.strip()]
    got, truth = zwnj_words(doc.raw_text), zwnj_words(gold)
    return (sum(1 for line in want if line in have), len(want), len(got & truth), len(truth), len(got - truth),
            doc.meta.get("reading_order"))


def page_count(path):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def cpu_now():
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="rounds over the fixtures per tool (best kept)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    canon_tokens, bigram_f1 = _scorer()
    files = fixtures()
    pages = sum(page_count(path) for _, path, _ in files)
    tools = {k: v for k, v in TOOLS.items() if not k.startswith("pdftotext") or shutil.which("pdftotext")}
    # warm-up: imports and caches (hazm's lexicon for normalize) are not per-page costs
    for fn in tools.values():
        fn(files[0][1])
    scores = {name: {} for name in tools}
    speed = {}
    for tool, fn in tools.items():
        best_cpu = best_wall = None
        for _ in range(max(1, args.repeat)):
            c0, w0 = cpu_now(), time.perf_counter()
            texts = {base: fn(path) for base, path, _ in files}
            c1, w1 = cpu_now(), time.perf_counter()
            best_cpu = c1 - c0 if best_cpu is None else min(best_cpu, c1 - c0)
            best_wall = w1 - w0 if best_wall is None else min(best_wall, w1 - w0)
        for base, _path, gold in files:
            scores[tool][base] = round(bigram_f1(canon_tokens(texts[base]), canon_tokens(gold)), 4)
        speed[tool] = {"pages_per_cpu_s": round(pages / best_cpu, 1) if best_cpu else None,
                       "pages_per_wall_s": round(pages / best_wall, 1) if best_wall else None}
    from pipeline.read import ocr

    ocr_scores = {}
    if ocr.available():
        for base, path, gold in fixtures(ocr=True):
            ocr_scores[base] = round(bigram_f1(canon_tokens(khooshe(path)), canon_tokens(gold)), 4)
    result = {
        "fixtures": [base for base, _, _ in files], "pages": pages,
        "structure": {base: structure(path, gold) for base, path, gold in files},
        "ocr": ocr_scores,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "f1": scores,
        "mean_f1": {t: round(sum(s.values()) / len(s), 4) for t, s in scores.items()},
        "worst_f1": {t: min(s.values()) for t, s in scores.items()},
        "speed": speed,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    names = list(tools)
    print(f"{len(files)} fixtures, {pages} pages; load average {result['load_average']}\n")
    print("| fixture | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for base, _, _ in files:
        print(f"| {base} | " + " | ".join(f"{scores[t][base]:.3f}" for t in names) + " |")
    print("| **mean** | " + " | ".join(f"**{result['mean_f1'][t]:.3f}**" for t in names) + " |")
    print("| worst | " + " | ".join(f"{result['worst_f1'][t]:.3f}" for t in names) + " |")
    print("| pages/s (CPU) | " + " | ".join(str(speed[t]["pages_per_cpu_s"]) for t in names) + " |")
    print("| pages/s (wall) | " + " | ".join(str(speed[t]["pages_per_wall_s"]) for t in names) + " |")
    print("\n| fixture | paragraphs whole | ZWNJ words | ZWNJ where the truth has none | reading_order |")
    print("|---|---|---|---|---|")
    for base, path, gold in files:
        p, pn, z, zn, zbad, flag = result["structure"][base]
        print(f"| {base} | {p}/{pn} | {z}/{zn} | {zbad} | {flag or '(not set)'} |")
    if result["ocr"]:
        print("\n| OCR fixture | khooshe |")
        print("|---|---|")
        for base, score in result["ocr"].items():
            print(f"| {base} | {score:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
