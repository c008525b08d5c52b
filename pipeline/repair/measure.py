"""The measures the repair is judged by, as ``../shared/tools/score.py`` defines them.

Repeated here (standard library only) so that the tests and the benchmarks run on a clean checkout,
where ``../shared`` is absent; ``tests/test_repair_seeds.py`` checks they agree with score.py when it
is there.

- :func:`order_f1`: F1 of the character 8-grams of the canonical text with the spaces between words
  removed (a space is kept only between two numbers): word order counts, spacing and ZWNJ variants
  do not.
- :func:`bigram_f1`: F1 of word bigrams of two token lists (:func:`canon_tokens`: canonical words,
  the affixes «می»، «ها»، «های» ... glued to their word).
"""
from __future__ import annotations

import collections
import re
import unicodedata

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬", "01234567890123456789.,")
_PREFIX = {"می", "نمی"}
_SUFFIX = {"ها", "های", "هایی", "ای", "تر", "ترین", "اند", "ام", "اید", "ایم"}
_NUM = re.compile(r"^\d+(?:\.\d+)?$")


def canon_text(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace("ۀ", "ه").replace("ة", "ه")
    t = re.sub("[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", "", t)
    return re.sub("[\u064b-\u065f\u0670]", "", t).translate(_DIGITS)


def canon_tokens(text: str) -> list[str]:
    raw = re.findall(r"[\w.]+", canon_text(text))
    raw = [w.strip(".") for w in raw if w.strip(".")]
    out: list[str] = []
    for w in raw:
        if out and (w in _SUFFIX or out[-1] in _PREFIX):
            out[-1] += w
        else:
            out.append(w)
    return out


def canon_stream(text: str) -> str:
    toks = canon_tokens(text)
    return "".join((" " if i and _NUM.match(w) and _NUM.match(toks[i - 1]) else "") + w
                   for i, w in enumerate(toks))


def _f1(p: collections.Counter, g: collections.Counter) -> float:
    hit = sum((p & g).values())
    if not hit:
        return 0.0
    prec, rec = hit / sum(p.values()), hit / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def order_f1(pred: str, gold: str, n: int = 8) -> float:
    a, b = canon_stream(pred), canon_stream(gold)
    return _f1(collections.Counter(a[i:i + n] for i in range(len(a) - n + 1)),
               collections.Counter(b[i:i + n] for i in range(len(b) - n + 1)))


def bigram_f1(pred: list[str], gold: list[str]) -> float:
    return _f1(collections.Counter(zip(pred, pred[1:])), collections.Counter(zip(gold, gold[1:])))


def bigrams_kept(raw: str, normalized: str) -> float:
    """Word-bigram F1 of text before and after normalization (1.0: nothing moved)."""
    return bigram_f1(canon_tokens(normalized), canon_tokens(raw))
