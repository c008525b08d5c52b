"""A scoring model of Persian word order, for repairing text extracted in visual order.

Public API (other stages call it; it stays stable):

``load() -> OrderModel``
    the model, loaded once per process (cached).
``score(tokens) -> float``
    how plausible the words are in this order: the sum of :meth:`OrderModel.junction` over adjacent
    pairs. Only differences between orders of the same words mean anything.
``junction(a, b) -> float``
    log-odds-like plausibility that word ``b`` directly follows word ``a``.
``best_order(line, before=None, after=None) -> MappedStr``
    one line repaired: when the line reads better with its runs (separated by two or more spaces,
    or glued together with no space, as slide decks come out) in reverse order, the runs reversed,
    digits/Latin and punctuation moved to the right end of their run and mirrored brackets turned
    back; otherwise the line unchanged. ``before``/``after`` are the neighbouring lines' last/first
    words when known (they help decide short lines). The result is built by slicing and joining the
    input, so its ``origin`` points where the input's did.

>>> str(best_order(MappedStr.identity("از  ای  مجموعه  به  وکار  کسب  خوشه")))
'خوشه کسب وکار به مجموعه ای از'

What the score is made of (each part is built from data the dependencies ship, see
``build_data.py``; nothing is learned from the documents it is measured on):

- **POS-CRF plausibility.** parsivar's CRF tagger has weights for "previous word is w -> this tag",
  "next word is w -> this tag" and "tag -> tag". For a pair (a, b) the model sums, over the two most
  likely tags of each word, L[a][tag b] + R[b][tag a] + T[tag a][tag b].
- **Word classes.** Closed-class words (prepositions, conjunctions, «را», determiners, copulas, the
  verbal prefix «می», suffixes written apart such as «های») and open classes from hazm's tags and
  a little morphology (finite verbs, participles, plurals, numbers, Latin). Class pairs carry weights
  (``data/order_weights.tsv``) fitted on well-ordered text written for this project.
- **Constraints of Persian**, as large penalties: a suffix («ها», «های», «ای») after a function word
  or punctuation, «می» not followed by a verb, a preposition before «و», «که», «را», a verb or
  punctuation, «را» after a preposition or a conjunction.
- **Compounds.** «کسب» + «وکار», «پیش» + «بینی»: when the two words written together are a listed
  word, that order is likely.
- **Document bigrams** (optional, :class:`DocumentBigrams`): word pairs seen in the lines of the same
  document that are unambiguously in order.
"""
from __future__ import annotations

import functools
import gzip
import json
import math
import os
import re
from typing import Iterable, Sequence

from pipeline.model import MappedStr
from pipeline.repair import lexicon as _lexicon

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
VERSION = 1

PUNCT_END = ".!?؟:;؛،,"
SENTENCE_END = ".!?؟"
_STRIP = "«»\"'()[]{}<>*•-–—_…" + PUNCT_END
STRIP_CHARS = frozenset(_STRIP + " ")
_WORD_CHARS = re.compile(r"[\w\u200c]+")


def bare(token: str) -> str:
    """The word inside a token: punctuation and brackets stripped from both ends."""
    return token.strip(_STRIP + " ")


def doc_bigram_value(n: int) -> float:
    """Seen once is good evidence; seen twenty times is not twenty times more (saturates)."""
    return 1.0 if n == 1 else 1.3 if n < 4 else 1.5


_KEYS: dict[str, str] = {}


def pair_key(token: str) -> str:
    """The key a token meets its document bigrams under: the bare word, joined (kept per token)."""
    got = _KEYS.get(token)
    if got is None:
        if len(_KEYS) > 200_000:
            _KEYS.clear()
        got = _KEYS[token] = _lexicon.joined(bare(token))
    return got


class DocumentBigrams:
    """Word pairs seen in well-ordered lines of the document being repaired (adapts to its wording)."""

    _ENDS = tuple(SENTENCE_END)

    def __init__(self) -> None:
        self.pairs: dict[tuple[str, str], int] = {}

    def add_tokens(self, tokens: Sequence[str]) -> None:
        keys = [pair_key(t) for t in tokens]
        pairs = self.pairs
        for a, b, ta in zip(keys, keys[1:], tokens):
            if a and b and not ta.endswith(self._ENDS):
                key = (a, b)
                pairs[key] = pairs.get(key, 0) + 1

    def get(self, a: str, b: str) -> int:
        return self.pairs.get((_lexicon.joined(a), _lexicon.joined(b)), 0)

    def get_tokens(self, a: str, b: str) -> int:
        """:meth:`get` for two tokens as written (punctuation and all)."""
        return self.pairs.get((pair_key(a), pair_key(b)), 0)


class OrderModel:
    def __init__(self, lex: _lexicon.Lexicon, crf: dict, weights: dict[str, float], top: dict | None = None):
        self.lex = lex
        self.labels = crf["labels"]
        self.n_labels = len(self.labels)
        self.T = crf["T"]
        self.bias = crf["bias"]
        self.E = crf["E"]
        self.L = {w: {int(k): v for k, v in d.items()} for w, d in crf["L"].items()}
        self.R = {w: {int(k): v for k, v in d.items()} for w, d in crf["R"].items()}
        self.SUF = crf["SUF"]
        self.PRE = crf["PRE"]
        self.w = weights
        self._tags_cache: dict[str, tuple] = {}
        # top_tags of the words the CRF has emission weights for, computed by build_data (the same
        # floats): word -> [tag, p, tag, p]
        self._top = top or {}
        # junctions computed so far: a -> b -> score (kept for the process)
        self._rows: dict[str, dict[str, float]] = {}
        self._row_entries = 0
        self._class_cache: dict[str, str] = {}
        self._crf_key_cache: dict[str, str] = {}
        self._profile_cache: dict[str, tuple] = {}
        self._verb_cache: dict[str, bool] = {}
        # tables other modules derive from this model and its weights per word, kept for the process
        self.memo: dict[tuple, dict] = {}
        # what follows from the model's data and weights alone (bounds), computed once per weights
        self.derived: dict[tuple, dict] = {}

    # -- the parts -----------------------------------------------------------------------------
    def top_tags(self, word: str) -> tuple:
        """The word's two most likely CRF tags with their probabilities (emission weights only)."""
        got = self._tags_cache.get(word)
        if got is not None:
            return got
        listed = self._top.get(word)
        if listed is not None:
            got = tuple(zip(listed[::2], listed[1::2]))
            if len(self._tags_cache) > 100_000:
                self._tags_cache.clear()
            self._tags_cache[word] = got
            return got
        Y = self.n_labels
        v = list(self.bias)
        e = self.E.get(word)
        if e:
            for k, x in e.items():
                v[int(k)] += x
        else:
            # a word the CRF never saw: its suffix features alone mostly say "conjunction";
            # the lexicon's class is the better guess
            tag = self._CLASS_TAG.get(self.lex.word_class(word))
            if tag is not None and tag in self.labels:
                got = ((self.labels.index(tag), 1.0),)
                self._tags_cache[word] = got
                return got
        SUF, PRE = self.SUF, self.PRE
        for k in range(1, 5):
            d = SUF.get(f"{k}:{word[-k:]}")
            if d:
                for y, x in d.items():
                    v[int(y)] += x
            d = PRE.get(f"{k}:{word[:k]}")
            if d:
                for y, x in d.items():
                    v[int(y)] += x
        m = max(v)
        exp = math.exp
        exps = [exp(x - m) for x in v]
        z = sum(exps)
        # the two best tags, ties to the lower index (as a stable sort would give them)
        first = v.index(m)
        rest = list(v)
        rest[first] = -math.inf
        order = [first, rest.index(max(rest))] if Y > 1 else [first]
        # renormalised over the two: the sparse (L1) model leaves most tags at 0, which would
        # otherwise drown the best tags in a flat softmax over 33 labels
        ps = [exps[y] / z for y in order]
        got = tuple((y, p / sum(ps)) for y, p in zip(order, ps))
        if len(self._tags_cache) > 100_000:
            self._tags_cache.clear()
        self._tags_cache[word] = got
        return got

    _CLASS_TAG = {"N": "N_SING", "PL": "N_PL", "ADJ": "ADJ", "ADV": "ADV", "VERB": "V_PRS", "PART": "V_PP",
                  "NUM": "NUM", "NUMW": "NUM", "LATIN": "FW", "PREP": "P", "CONJ": "CON", "DET": "DET",
                  "PRON": "PRO", "COP": "V_PRS", "SUFFIX": "N_PL"}

    def crf_key(self, word: str) -> str:
        """The spelling the CRF was trained on: with its ZWNJ («میشود» -> «می‌شود», «خوشههای» -> «خوشه‌های»)."""
        got = self._crf_key_cache.get(word)
        if got is None:
            if len(self._crf_key_cache) > 100_000:
                self._crf_key_cache.clear()
            got = self._crf_key_cache[word] = self._crf_key(word)
        return got

    def _crf_key(self, word: str) -> str:
        if word in self.E or word in self.L or word in self.R:
            return word
        j = _lexicon.joined(word)
        sp = self.lex.spelled.get(j)
        if sp and (sp in self.E or sp in self.L):
            return sp
        for pre in ("نمی", "می"):
            if j.startswith(pre) and len(j) > len(pre) + 1:
                cand = pre + "\u200c" + j[len(pre):]
                if cand in self.E or self.lex._verb_zipf(j) > 0:
                    return cand
        for suf in ("هایی", "های", "ها", "ای"):
            if j.endswith(suf) and len(j) > len(suf) + 1:
                cand = j[: -len(suf)] + "\u200c" + suf
                if cand in self.E:
                    return cand
        return j

    def crf_pair(self, a: str, b: str) -> float:
        """log sum over top tags of p(ta) p(tb) exp(L[a][tb] + R[b][ta] + T[ta][tb])."""
        a, b = self.crf_key(a), self.crf_key(b)
        ta, tb = self.top_tags(a), self.top_tags(b)
        La, Rb = self.L.get(a, {}), self.R.get(b, {})
        Y = self.n_labels
        total = 0.0
        for ya, pa in ta:
            for yb, pb in tb:
                total += pa * pb * math.exp(La.get(yb, 0.0) + Rb.get(ya, 0.0) + self.T[ya * Y + yb])
        return math.log(total) if total > 0 else 0.0

    # closed-class words frequent enough to be a class of their own
    OWN_CLASS = frozenset(("از", "به", "در", "با", "برای", "که", "و", "را", "این", "آن", "یک", "تا", "بر",
                           "است", "هم", "نیز", "یا", "هر", "همه"))
    # light verbs: the verb of a compound (شناسایی می‌شود, راه‌اندازی کرد)
    LIGHT = frozenset(("شد", "شده", "شود", "شوند", "شدند", "میشود", "میشوند", "کرد", "کرده", "کند", "کنند",
                       "کردند", "میکند", "میکنند", "نمود", "نماید", "نمایند", "مینماید", "مینمایند", "گردید",
                       "گردد", "میگردد", "داد", "دهد", "میدهد", "دادند", "یافت", "یابد", "مییابد", "گرفت",
                       "گیرد", "میگیرد", "گرفته", "یافته", "داده", "نموده", "گردیده", "باشد", "باشند"))

    def token_class(self, token: str) -> str:
        got = self._class_cache.get(token)
        if got is None:
            got = self._token_class(token)
            if len(self._class_cache) > 200_000:
                self._class_cache.clear()
            self._class_cache[token] = got
        return got

    def _token_class(self, token: str) -> str:
        word = bare(token)
        if not word:
            return "PUNCT"
        j = _lexicon.joined(word)
        if j in self.OWN_CLASS:
            return j
        if j in self.LIGHT:
            return "LV"
        c = self.lex.word_class(word)
        if c in ("N", "ADJ", "ADV", "PL", "PART", "VERB") and _lexicon._ARABIC.search(word):
            key = self.crf_key(j)
            if key not in self.E:
                return c
            y, p = self.top_tags(key)[0]
            tag = self.labels[y]
            if tag.startswith("V_") and p >= 0.5 or c == "VERB" and not (tag.startswith(("N", "ADJ")) and p >= 0.6):
                return "PART" if tag == "V_PP" else "VERB"
            return self._TAG_CLASS.get(tag, c)
        return c

    _TAG_CLASS = {"N_SING": "N", "N_PL": "PL", "ADJ": "ADJ", "ADJ_SUP": "SUP", "ADJ_CMPR": "ADJ",
                  "ADV": "ADV", "ADV_TIME": "ADV", "ADV_NEG": "ADV", "ADV_I": "ADV", "ADV_COMP": "ADV",
                  "ADV_LOC": "ADV", "NUM": "NUMW", "PRO": "PRON", "DET": "DET", "P": "PREP",
                  "CON": "CONJ", "ADJ_INO": "PART"}

    def clear_verb(self, word: str) -> bool:
        """A verb form that is no noun as well: «می‌کاشت», «کاشتند» yes; «کاشت», «ساخت» (planting,
        construction) no: a hard constraint must not rest on a homograph."""
        j = _lexicon.joined(word)
        if j.startswith(("می", "نمی")) and self.lex._verb_zipf(j) > 0:
            return True
        key = self.crf_key(j)
        if key in self.E:
            y, p = self.top_tags(key)[0]
            return self.labels[y].startswith("V_") and p >= 0.8 and not self.lex.tags.get(j, "").startswith(("N", "AJ"))
        return self.lex._is_finite_verb(j) and not self.lex.tags.get(j, "").startswith(("N", "AJ"))

    def _profile(self, token: str) -> tuple:
        """What the junction features need of one token, computed once per token: its bare word,
        joined key, class, punctuation at its end/start, closed class, CRF tags and L/R weights,
        whether it is a plural."""
        got = self._profile_cache.get(token)
        if got is None:
            w = bare(token)
            j = _lexicon.joined(w)
            if w:
                key = self.crf_key(w)
                tags, left, right = self.top_tags(key), self.L.get(key, {}), self.R.get(key, {})
            else:
                tags, left, right = (), {}, {}
            got = (w, j, self.token_class(token), token[-1:] in PUNCT_END if token else False,
                   token[:1] in PUNCT_END if token else False, self.lex.classes.get(j), tags, left, right,
                   j.endswith(("ها", "های", "هایی")))
            if len(self._profile_cache) > 100_000:
                self._profile_cache.clear()
            self._profile_cache[token] = got
        return got

    def _clear_verb(self, word: str) -> bool:
        got = self._verb_cache.get(word)
        if got is None:
            if len(self._verb_cache) > 100_000:
                self._verb_cache.clear()
            got = self._verb_cache[word] = self.clear_verb(word)
        return got

    def features(self, a: str, b: str) -> dict[str, float]:
        """Features of the junction «a b» (tokens as written, punctuation attached)."""
        wa, ja, ca, a_end, _, class_a, tags_a, left_a, _, plural_a = self._profile(a)
        wb, jb, cb, _, b_start, class_b, tags_b, _, right_b, _ = self._profile(b)
        f: dict[str, float] = {}
        if a_end:
            f["a_punct>" + cb] = 1.0
            ca = "END"
        if b_start:
            f["b_punct"] = 1.0
        f[f"{ca}>{cb}"] = 1.0
        if wa and wb and ca not in ("PUNCT", "END") and cb != "PUNCT":
            # the CRF term, as crf_pair computes it
            Y = self.n_labels
            T = self.T
            total = 0.0
            for ya, pa in tags_a:
                for yb, pb in tags_b:
                    total += pa * pb * math.exp(left_a.get(yb, 0.0) + right_b.get(ya, 0.0) + T[ya * Y + yb])
            f["crf"] = math.log(total) if total > 0 else 0.0
            lex = self.lex
            if class_a is None and class_b is None and len(ja) > 1 and len(jb) > 1:
                if lex.listed(ja + jb) >= 2.5:
                    f["compound"] = 1.0
                elif lex.listed(jb + ja) >= 2.5:
                    f["compound_rev"] = 1.0
        # hard constraints of Persian word order (on the coarse categories of the function words)
        ka = (class_a if class_a is not None else ca) if not a_end else "END"
        kb = class_b if class_b is not None else cb
        if kb == "SUFFIX" and (ka in ("PREP", "CONJ", "SUB", "RA", "DET", "PREFIX", "SUFFIX", "COP", "END", "PUNCT", "NUM")
                               or a_end or plural_a):
            f["bad_suffix"] = 1.0  # also no plural on a plural («اعضاهای» yes, «خوشههاها» no)
        if ka == "PREFIX" and cb not in ("VERB", "LV", "N"):
            f["bad_prefix"] = 1.0
        if ka == "PREFIX" and cb == "N" and not self.lex.is_word("می" + jb):
            f["bad_prefix"] = 1.0
        if ka == "PREP" and (kb in ("CONJ", "SUB", "RA", "COP", "SUFFIX") or b_start
                             or cb in ("VERB", "LV") and self._clear_verb(wb)):
            f["bad_prep"] = 1.0
        if kb == "RA" and ka in ("PREP", "CONJ", "SUB", "DET", "RA", "END", "PUNCT"):
            f["bad_ra"] = 1.0
        if ka in ("CONJ", "SUB") and (kb in ("CONJ", "SUB", "RA", "COP") or b_start):
            f["bad_conj"] = 1.0
        if jb == "ای" and b == wb and wa and wa[-1] != "ه" and not a_end:
            f["bad_ei"] = 1.0  # the suffix «ای» is written after «ه» («خوشه‌ای»); after a consonant it is «ی»
        return f

    def _pair_score(self, a: str, b: str) -> float:
        """The weighted sum of :meth:`features` computed without building the feature table: the same
        terms added in the same order (so the same float), weights read straight from ``self.w``."""
        pa = self._profile_cache.get(a)
        if pa is None:
            pa = self._profile(a)
        pb = self._profile_cache.get(b)
        if pb is None:
            pb = self._profile(b)
        wa, ja, ca, a_end, _, class_a, tags_a, left_a, _, plural_a = pa
        wb, jb, cb, _, b_start, class_b, tags_b, _, right_b, _ = pb
        w = self.w
        s = 0.0
        if a_end:
            s += w.get("a_punct>" + cb, 0.0)
            ca = "END"
        if b_start:
            s += w.get("b_punct", 0.0)
        s += w.get(ca + ">" + cb, 0.0)
        if wa and wb and ca != "PUNCT" and ca != "END" and cb != "PUNCT":
            Y = self.n_labels
            T = self.T
            total = 0.0
            exp = math.exp
            for ya, p_a in tags_a:
                for yb, p_b in tags_b:
                    total += p_a * p_b * exp(left_a.get(yb, 0.0) + right_b.get(ya, 0.0) + T[ya * Y + yb])
            s += w.get("crf", 0.0) * (math.log(total) if total > 0 else 0.0)
            if class_a is None and class_b is None and len(ja) > 1 and len(jb) > 1:
                listed = self.lex.words.get
                if listed(ja + jb, 0.0) >= 2.5:
                    s += w.get("compound", 0.0)
                elif listed(jb + ja, 0.0) >= 2.5:
                    s += w.get("compound_rev", 0.0)
        # the constraints, as in features()
        ka = "END" if a_end else (class_a if class_a is not None else ca)
        kb = class_b if class_b is not None else cb
        if kb == "SUFFIX" and (ka in self._NO_SUFFIX_AFTER or a_end or plural_a):
            s += w.get("bad_suffix", 0.0)
        if ka == "PREFIX" and (cb not in ("VERB", "LV", "N") or cb == "N" and not self.lex.is_word("می" + jb)):
            s += w.get("bad_prefix", 0.0)
        if ka == "PREP" and (kb in ("CONJ", "SUB", "RA", "COP", "SUFFIX") or b_start
                             or (cb == "VERB" or cb == "LV") and self._clear_verb(wb)):
            s += w.get("bad_prep", 0.0)
        if kb == "RA" and ka in ("PREP", "CONJ", "SUB", "DET", "RA", "END", "PUNCT"):
            s += w.get("bad_ra", 0.0)
        if (ka == "CONJ" or ka == "SUB") and (kb in ("CONJ", "SUB", "RA", "COP") or b_start):
            s += w.get("bad_conj", 0.0)
        if jb == "ای" and b == wb and wa and wa[-1] != "ه" and not a_end:
            s += w.get("bad_ei", 0.0)
        return s

    _NO_SUFFIX_AFTER = frozenset(("PREP", "CONJ", "SUB", "RA", "DET", "PREFIX", "SUFFIX", "COP", "END", "PUNCT", "NUM"))

    def junction_bound(self) -> float:
        """An upper bound of :meth:`junction` (without document bigrams): every positive weight at
        the largest value its feature can take (the CRF term is a log of an average of exp(L + R + T),
        so at most the largest L + R + T, an unseen word counting 0)."""
        key = ("junction_bound", id(self.w))
        got = self.derived.get(key)
        if got is None:
            w = self.w
            crf_max = (max([max(d.values()) for d in self.L.values() if d] + [0.0])
                       + max([max(d.values()) for d in self.R.values() if d] + [0.0]) + max(list(self.T) + [0.0]))
            pair_max = max([v for k, v in w.items() if ">" in k] + [0.0])
            flags = sum(max(0.0, w.get(k, 0.0)) for k in ("compound", "compound_rev", "b_punct")
                        + tuple(k for k in w if k.startswith("bad_")))
            got = self.derived[key] = {"w": w, "value": max(0.0, w.get("crf", 0.0)) * crf_max + 2 * max(0.0, pair_max) + flags}
        return got["value"]

    def junction_row(self, a: str) -> dict[str, float]:
        """The junctions from ``a`` computed so far, b -> score (kept for the process): a search may
        look a pair up here first and call :meth:`junction_into` on a miss (which fills it)."""
        row = self._rows.get(a)
        if row is None:
            if self._row_entries > 200_000:
                self.clear_junctions()
            row = self._rows[a] = {}
        return row

    def junction_into(self, row: dict[str, float], a: str, b: str) -> float:
        """:meth:`junction` of (a, b) computed and kept in ``row`` (= ``junction_row(a)``)."""
        s = row[b] = self._pair_score(a, b)
        self._row_entries += 1
        return s

    def clear_junctions(self) -> None:
        """Forget the junctions computed so far (after the weights change)."""
        self._rows.clear()
        self._row_entries = 0
        self.memo.pop(("word_info",), None)  # (what the search keeps per word holds rows)

    def junction(self, a: str, b: str, doc: DocumentBigrams | None = None) -> float:
        row = self._rows.get(a)
        if row is None:
            row = self.junction_row(a)
        s = row.get(b)
        if s is None:
            s = self.junction_into(row, a, b)
        if doc is not None:
            n = doc.get(bare(a), bare(b))
            if n:
                s += self.w.get("doc_bigram", 1.0) * doc_bigram_value(n)
        return s

    def score(self, tokens: Sequence[str], doc: DocumentBigrams | None = None) -> float:
        return sum(self.junction(a, b, doc) for a, b in zip(tokens, tokens[1:]))


def _read_weights() -> dict[str, float]:
    weights: dict[str, float] = {}
    path = os.path.join(DATA, "order_weights.tsv")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            k, v = line.rstrip("\n").split("\t")
            weights[k] = float(v)
    return weights


@functools.lru_cache(maxsize=1)
def load() -> OrderModel:
    with gzip.open(os.path.join(DATA, "crf.json.gz"), "rt", encoding="utf-8") as fh:
        crf = json.load(fh)
    top_path = os.path.join(DATA, "crf_top.json.gz")
    top = None
    if os.path.exists(top_path):
        with gzip.open(top_path, "rt", encoding="utf-8") as fh:
            top = json.load(fh)
    model = OrderModel(_lexicon.load(), crf, _read_weights(), top)
    model.junction_bound()  # the bound follows from the data and weights alone: part of loading
    return model


def junction(a: str, b: str) -> float:
    return load().junction(a, b)


def score(tokens: Iterable[str]) -> float:
    """How plausible the words are in this order, as a text of their own: the junctions of
    :func:`junction`, the word frequencies, and the marks of a whole text (it cannot open with «های»
    or «را», nor close with «می»; it tends to end with its verb)."""
    return _scorer().candidate_score(list(tokens))


@functools.lru_cache(maxsize=1)
def _scorer():
    from pipeline.repair import visual

    return visual.Scorer(load())


def best_order(line: MappedStr, before: str | None = None, after: str | None = None) -> MappedStr:
    """One line in its most plausible reading order (see the module docstring)."""
    from pipeline.repair import visual

    return visual.repair_line(line, before=before, after=after)
