"""Build the data files of the order model from what the dependencies ship (run by hand, output committed).

    .venv/bin/python -m pipeline.repair.build_data

Sources, all installed with the project's dependencies, nothing downloaded:
- hazm 0.10 ``data/words.dat`` (about 190k words, with a frequency and part-of-speech tags) and
  ``data/verbs.dat`` (past#present verb stems);
- wordfreq's Persian list (about 31k word forms, inflected ones included, with frequencies);
- parsivar's CRF part-of-speech model (``UPC_full_model_wapiti``, a wapiti model trained on the
  Uppsala Persian Corpus): its weights for "previous word -> tag of this word", "next word -> tag of
  this word", "this word -> tag" and "tag -> tag" are what the order model reads as word-order
  plausibility.

Outputs in ``pipeline/repair/data/``:
- ``lexicon.tsv.gz``: ``word<TAB>zipf<TAB>tags`` (zipf = log10 of frequency per billion words; hazm's
  counts are mapped onto that scale by a fit on the words both lists have);
- ``verbs.tsv``: ``past<TAB>present`` stems;
- ``crf.json.gz``: the CRF weights the order model uses (labels, tag->tag, per-word emission top
  tags, previous-word and next-word weights, suffix and prefix emission weights);
- ``crf_top.json.gz``: the two most likely tags of each word with emission weights, computed from
  ``crf.json.gz`` (:func:`write_top_tags`; a table read at load instead of a softmax per word).

No seed or corpus text is read: the model must not learn the documents it is measured on.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import math
import os
import re

from pipeline.textutil import unify_chars

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")


def _package_dir(name: str) -> str:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        raise SystemExit(f"{name} is not installed")
    return os.path.dirname(spec.origin)


def _clean(word: str) -> str:
    return unify_chars(word).strip()


def build_lexicon() -> dict[str, tuple[float, str]]:
    import wordfreq

    wf = wordfreq.get_frequency_dict("fa", "best")
    lex: dict[str, list] = {}
    for w, f in wf.items():
        w = _clean(w)
        if not w or not re.search(r"[\u0600-\u06ff]", w):
            continue
        z = math.log10(f) + 9
        if w not in lex or lex[w][0] < z:
            lex[w] = [z, ""]
    # hazm: map its counts onto the zipf scale with a least-squares fit over the shared words
    hazm_rows = []
    with open(os.path.join(_package_dir("hazm"), "data", "words.dat"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            w, f, tags = _clean(parts[0]), int(parts[1] or 0), parts[2]
            if w:
                hazm_rows.append((w, f, "" if tags == "0" else tags))
    xs, ys = [], []
    for w, f, _ in hazm_rows:
        if f > 0 and w in lex:
            xs.append(math.log10(f))
            ys.append(lex[w][0])
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    floor = 1.0  # a listed word never seen in hazm's counts: rare, but a word
    for w, f, tags in hazm_rows:
        z = a + b * math.log10(f) if f > 0 else floor
        z = min(z, 5.5)  # hazm's counts are noisy at the top: don't let them outrank wordfreq's
        if w in lex:
            lex[w][1] = tags or lex[w][1]
            if lex[w][0] < 1.5:
                lex[w][0] = max(lex[w][0], z)
        else:
            lex[w] = [z, tags]
    return {w: (round(z, 2), t) for w, (z, t) in lex.items()}


def build_verbs() -> list[tuple[str, str]]:
    out = []
    with open(os.path.join(_package_dir("hazm"), "data", "verbs.dat"), encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if "#" in line:
                past, present = (_clean(p) for p in line.split("#", 1))
                out.append((past, present))
    return out


def _read_wapiti(path: str):
    """Labels, observation strings and their weight offsets, and the non-zero weights of a wapiti model."""
    with open(path, "rb") as fh:
        fh.readline()  # #mdl#...
        npat = int(fh.readline().split(b"#")[2].split(b"/")[0])
        for _ in range(npat):
            fh.readline()

        def quarks():
            n = int(fh.readline().strip().split(b"#")[2])
            out = []
            for _ in range(n):
                line = fh.readline().rstrip(b"\n")
                k, rest = line.split(b":", 1)
                out.append(rest[: int(k)].decode("utf-8", "replace"))
            return out

        labels = quarks()
        obs = quarks()
        weights = {}
        for line in fh:
            line = line.strip()
            if line:
                i, v = line.decode().split("=")
                weights[int(i)] = float.fromhex(v)
    n_labels = len(labels)
    uoff, boff, n = [], [], 0
    for o in obs:  # wapiti: 'u' unigram (Y weights), 'b' bigram (Y*Y), '*' both
        u = b = -1
        if o[0] in "u*":
            u, n = n, n + n_labels
        if o[0] in "b*":
            b, n = n, n + n_labels * n_labels
        uoff.append(u)
        boff.append(b)
    return labels, obs, uoff, boff, weights


def build_crf() -> dict:
    path = os.path.join(_package_dir("parsivar"), "resource", "postagger", "UPC_full_model_wapiti")
    labels, obs, uoff, boff, w = _read_wapiti(path)
    Y = len(labels)

    def uvec(i):
        return [w.get(uoff[i] + y, 0.0) for y in range(Y)] if uoff[i] >= 0 else None

    out = {"labels": labels, "E": {}, "L": {}, "R": {}, "SUF": {}, "PRE": {}}
    emission: dict[str, list[float]] = {}
    for i, o in enumerate(obs):
        if o == "*":
            out["bias"] = [round(x, 3) for x in uvec(i)]
            out["T"] = [round(w.get(boff[i] + k, 0.0), 3) for k in range(Y * Y)]
            continue
        m = re.match(r"^(?:u|\*):(\w+)-?(\d)? ?(\w+)=(.*)$", o)
        if not m:
            continue
        kind, k, side, value = m.groups()
        v = uvec(i)
        if v is None or not any(v):
            continue
        value = _clean(value)
        sparse = {str(y): round(x, 3) for y, x in enumerate(v) if abs(x) >= 0.005}
        if not sparse:
            continue
        if kind in ("Wrd", "wrd") and side == "X":
            acc = emission.setdefault(value, [0.0] * Y)
            for y, x in enumerate(v):
                acc[y] += x
        elif kind == "wrd" and side in ("L", "R"):
            out[side][value] = sparse
        elif kind in ("Suf", "Pre"):
            out["SUF" if kind == "Suf" else "PRE"][f"{k}:{value}"] = sparse
    for word, v in emission.items():
        out["E"][word] = {str(y): round(x, 3) for y, x in enumerate(v) if abs(x) >= 0.005}
    return out


def write_top_tags() -> int:
    """``crf_top.json.gz``: the two most likely tags of every word the CRF has emission weights for,
    as :meth:`OrderModel.top_tags` computes them (the same floats), read at load instead of computed
    per word. Built from ``crf.json.gz`` alone:

        .venv/bin/python -c "from pipeline.repair import build_data; build_data.write_top_tags()"
    """
    from pipeline.repair import lexicon, order_model

    with gzip.open(os.path.join(DATA, "crf.json.gz"), "rt", encoding="utf-8") as fh:
        crf = json.load(fh)
    model = order_model.OrderModel(lexicon.load(), crf, {})  # no table of its own: computes them
    table = {word: [x for tag in model.top_tags(word) for x in tag] for word, e in crf["E"].items() if e}
    with gzip.open(os.path.join(DATA, "crf_top.json.gz"), "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(table, fh, ensure_ascii=False, separators=(",", ":"))
    return len(table)


def main() -> None:
    os.makedirs(DATA, exist_ok=True)
    lex = build_lexicon()
    with gzip.open(os.path.join(DATA, "lexicon.tsv.gz"), "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# word\tzipf\thazm tags; built by pipeline/repair/build_data.py from hazm words.dat + wordfreq fa\n")
        for word in sorted(lex):
            z, tags = lex[word]
            fh.write(f"{word}\t{z}\t{tags}\n")
    verbs = build_verbs()
    with open(os.path.join(DATA, "verbs.tsv"), "w", encoding="utf-8") as fh:
        fh.write("# past\tpresent; verb stems from hazm verbs.dat\n")
        for past, present in verbs:
            fh.write(f"{past}\t{present}\n")
    crf = build_crf()
    with gzip.open(os.path.join(DATA, "crf.json.gz"), "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(crf, fh, ensure_ascii=False, separators=(",", ":"))
    write_top_tags()
    print(f"lexicon {len(lex)} words, verbs {len(verbs)}, crf E={len(crf['E'])} L={len(crf['L'])} "
          f"R={len(crf['R'])} SUF={len(crf['SUF'])} PRE={len(crf['PRE'])}")


if __name__ == "__main__":
    main()
