"""Visual-order repair of single lines: find the runs, decide their order with the order model.

A line extracted in visual order is a sequence of *runs* (chunks of text the producer wrote in one
go) placed left to right; inside a run the words are in logical order. Two producers show it:

- **columns** (PDF magazine pages): runs separated by two or more spaces; digits and Latin are runs
  of their own («3 خوشه» is «خوشه 3»); a run's final punctuation sits at its start («. خوردارند»);
  brackets are mirrored. A wide gap can also be plain justification in a line that is in order, so
  both readings are candidates and the order model (with the neighbouring lines) decides.
- **glued** (slide decks): runs glued with no space («مطالبفهرست» is «فهرست مطالب»), a suffix
  written after a ZWNJ becomes a run of its own («های…خوشه»), numbers and Latin are runs. The line's
  split points and run order are searched together (a dynamic programme over the whole line),
  only for lines that look broken (a token that is not a word but splits into words, an affix on
  the wrong end, punctuation at the start). A word stretched by a justification «و» is found
  inside a glued token too («صنعوتیشهرک» = «صنعتی» + «شهرک»).

Readings are built and scored as plain words on the line (their text and the stretches of the line
they come from); the :class:`~pipeline.model.MappedStr` of a reading is made only when it is used,
by slicing the input, so every character keeps its origin. What depends on a word alone (how a
glued token can be cut, its glue marks, its unigram score) is kept for the process.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass

from pipeline.model import MappedStr
from pipeline.repair import lexicon as _lexicon
from pipeline.repair import order_model as _om

OPEN_BRACKETS = "([{«"
CLOSE_BRACKETS = ")]}»"
MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "«": "»", "»": "«"}
LEAD_PUNCT = ".،:؛!؟,;-"
BULLETS = "*•■▪●◦-–—"
MAX_COLUMN_LINE = 120  # longer lines come from producers that keep paragraphs whole: never reversed
MAX_GLUED_LINE = 160   # nor searched for glued runs
GLUE_PRUNE = 15.0  # search states this much worse than the best at their boundary are dropped
_PL = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_PERSIAN = re.compile(rf"[{_PL}]")  # letters, not ، ؛ ؟
_LETTERS = frozenset(c for c in map(chr, range(0x0600, 0x0700)) if _PERSIAN.match(c))  # the same, as a set
_LTR_TOKEN = re.compile(r"^[^\u0600-\u06ff]*[0-9A-Za-z][^\u0600-\u06ff]*$")
_ONLY_PUNCT = re.compile(r"^[^\w]+$")
_PAIR_KEYS = _om._KEYS  # token -> the key it meets document bigrams under (read directly in the hot path)
SUFFIX_ATOMS = ("هایی", "های", "ها", "ای", "اند", "ایم", "اید", "ترین", "تر")
PREFIX_ATOMS = ("نمی", "می")


def is_ltr(text: str) -> bool:
    return bool(_LTR_TOKEN.match(text))


class Candidate:
    """One reading of a line: its words in logical order and how plausible they are inside the line.

    A line read as it stands needs no words of its own: ``Candidate.as_is(line)`` keeps the line and
    gives its tokens only when asked (most lines of the archive never are)."""

    __slots__ = ("_words", "score", "kind", "runs", "scored", "_line", "_texts", "_plain")

    def __init__(self, words: list[MappedStr] | None, score: float, kind: str, runs: int = 1,
                 scored: list[str] | None = None):
        self._words = words
        self.score = score
        self.kind = kind  # identity | reversed | glued
        self.runs = runs
        self.scored = scored  # the words as scored, when affixes were re-attached after
        self._line: MappedStr | None = None
        self._texts: list[str] | None = None
        self._plain: tuple | None = None

    @classmethod
    def as_is(cls, line: MappedStr, texts: list[str], score: float = 0.0) -> "Candidate":
        """The line as it stands (stripped, single spaces between its tokens)."""
        c = cls(None, score, "identity")
        c._line = line
        c._texts = texts
        return c

    @classmethod
    def plain(cls, base: MappedStr, words: list, score: float, kind: str, runs: int = 1,
              scored: list[str] | None = None) -> "Candidate":
        """A reading made of plain words on ``base`` (see :func:`_materialize`), mapped when used."""
        c = cls(None, score, kind, runs, scored)
        c._plain = (base, words)
        c._texts = [w[0] for w in words]
        return c

    @property
    def words(self) -> list[MappedStr]:
        if self._words is None:
            if self._plain is not None:
                self._words = _materialize(*self._plain)
            else:
                self._words = [t.text for t in tokens(self._line)] if self._line is not None else []
        return self._words

    @property
    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = [w.text for w in self.words]
        return self._texts

    @property
    def first(self) -> str:
        w = self.scored if self.scored else self.texts
        return w[0] if w else ""

    @property
    def last(self) -> str:
        w = self.scored if self.scored else self.texts
        return w[-1] if w else ""

    def text(self) -> MappedStr:
        if self._line is not None:
            return self._line
        if self._words is None and self._plain is not None:
            return _materialize_line(*self._plain)
        return MappedStr.join(" ", self.words)


@dataclass
class Tok:
    text: MappedStr
    gap: int  # spaces before this token (0 for the first)


def tokens(line: MappedStr) -> list[Tok]:
    out: list[Tok] = []
    prev_end = 0
    for m in re.finditer(r"[^ ]+", line.text):
        out.append(Tok(line[m.start():m.end()], m.start() - prev_end if out else 0))
        prev_end = m.end()
    return out


# -- words as plain text and the stretches of the line they come from -----------------------------
#
# The readings of a line are built and scored on plain strings; a word is ``(text, pieces)``, its
# text and the (start, end) stretches of the line it is made of (a run's final punctuation moved to
# its end adds a stretch; a mirrored bracket is the same stretch with another character). The
# MappedStr of a reading is built only when the reading is used (:func:`_materialize`).

_Word = tuple  # (text, ((start, end), ...))


def _w_slice(w: _Word, a: int, b: int | None = None) -> _Word:
    text, pieces = w
    n = len(text)
    b = n if b is None else (b if b >= 0 else n + b)
    a = a if a >= 0 else n + a
    out = []
    pos = 0
    for s, e in pieces:
        length = e - s
        lo, hi = max(a, pos), min(b, pos + length)
        if lo < hi:
            out.append((s + lo - pos, s + hi - pos))
        pos += length
    return text[a:b], tuple(out)


def _w_cat(x: _Word, y: _Word) -> _Word:
    px, py = x[1], y[1]
    if px and py and px[-1][1] == py[0][0]:  # contiguous stretches: one
        return x[0] + y[0], px[:-1] + ((px[-1][0], py[0][1]),) + py[1:]
    return x[0] + y[0], px + py


def _materialize(base: MappedStr, words: list[_Word]) -> list[MappedStr]:
    origin = base.origin
    out = []
    for text, pieces in words:
        if len(pieces) == 1:
            s, e = pieces[0]
            out.append(_owned(text, origin[s:e]))
        else:
            o: list[int] = []
            for s, e in pieces:
                o.extend(origin[s:e])
            out.append(_owned(text, o))
    return out


def _owned(text: str, origin: list[int]) -> MappedStr:
    """A MappedStr over a fresh origin list this module built (MappedStr() would copy it again)."""
    m = MappedStr.__new__(MappedStr)
    m.text = text
    m.origin = origin
    return m


def _materialize_line(base: MappedStr, words: list[_Word]) -> MappedStr:
    """The words joined by single spaces, as :meth:`MappedStr.join` would (a space points at the end
    of the word before it), in one pass."""
    origin = base.origin
    o: list[int] = []
    for i, (_, pieces) in enumerate(words):
        if i:
            o.append(o[-1])
        for a, b in pieces:
            o.extend(origin[a:b])
    return _owned(" ".join(w[0] for w in words), o)


def _as_plain(words: list[MappedStr]) -> tuple[MappedStr, list[_Word]]:
    """MappedStr words -> one base string (their concatenation) and the plain words on it."""
    base = MappedStr.join("", words)
    out, pos = [], 0
    for w in words:
        out.append((w.text, ((pos, pos + len(w.text)),)))
        pos += len(w.text)
    return base, out


_MIRROR_TABLE = str.maketrans(MIRROR)


def _mirror_w(w: _Word) -> _Word:
    t = w[0]
    m = t.translate(_MIRROR_TABLE)
    return w if m == t else (m, w[1])


def _move_brackets_w(words: list[_Word]) -> list[_Word]:
    words = [w for w in words if w[0]]
    i = 0
    while i < len(words) - 1:
        w = words[i]
        if len(w[0]) > 1 and w[0][-1] in OPEN_BRACKETS:
            words[i], words[i + 1] = _w_slice(w, 0, -1), _w_cat(_w_slice(w, -1), words[i + 1])
        w = words[i + 1]
        if len(w[0]) > 1 and w[0][0] in CLOSE_BRACKETS:
            words[i], words[i + 1] = _w_cat(words[i], _w_slice(w, 0, 1)), _w_slice(w, 1)
        i += 1
    return [w for w in words if w[0]]


def _fix_bracket_words(words: list[_Word]) -> list[_Word]:
    out = []
    for w in words:
        t = w[0]
        if len(t) > 1 and t[0] in CLOSE_BRACKETS and t[1] not in OPEN_BRACKETS + CLOSE_BRACKETS and t[1:].strip(LEAD_PUNCT):
            t = MIRROR[t[0]] + t[1:]
        if len(t) > 1 and t[-1] in OPEN_BRACKETS and t[-2] not in OPEN_BRACKETS + CLOSE_BRACKETS:
            t = t[:-1] + MIRROR[t[-1]]
        out.append((t, w[1]) if t is not w[0] else w)
    return out


_LEAD_PUNCT_RUN = re.compile(r"^[" + re.escape(LEAD_PUNCT) + r"]+")


def _split_lead_punct_w(words: list[_Word]) -> tuple[_Word | None, list[_Word]]:
    if not words:
        return None, words
    first = words[0]
    t = first[0]
    if t[:1].isalnum():  # a word: neither punctuation alone nor opened by it
        return None, words
    if _ONLY_PUNCT.match(t) and any(c in LEAD_PUNCT for c in t) and len(words) > 1:
        return first, words[1:]
    m = _LEAD_PUNCT_RUN.match(t)
    if m and m.end() < len(t) and _PERSIAN.match(t[m.end()]):
        return _w_slice(first, 0, m.end()), [_w_slice(first, m.end())] + words[1:]
    return None, words


def _merge_split_w(words: list[_Word], lex: _lexicon.Lexicon) -> list[_Word]:
    out: list[_Word] = []
    heads = lex.memo.get("split_head")
    if heads is None:
        heads = lex.memo["split_head"] = {}
    tails = lex.memo.get("split_tail")
    if tails is None:
        tails = lex.memo["split_tail"] = {}
    for w in words:
        if out:
            pa, pb = out[-1][0], w[0]
            a = heads.get(pa)
            if a is None:
                a = _split_head(pa, lex, heads)
            if a:
                b = tails.get(pb)
                if b is None:
                    b = _split_tail(pb, lex, tails)
                if b and lex.zipf(a + b) >= 2.5:
                    out[-1] = _w_cat(out[-1], w)
                    continue
        out.append(w)
    return out


def _split_head(token: str, lex: _lexicon.Lexicon, memo: dict) -> str:
    """The word of a token that may be the first half of a word cut by justification (it ends in a
    letter that does not join: «بر»), or "" (kept per token)."""
    end = token[-1:]
    a = ""
    if end in _lexicon.NON_JOINING or end in _om.STRIP_CHARS:
        a = _om.bare(token)
        if not (a and a[-1] in _lexicon.NON_JOINING and token.endswith(a) and _PERSIAN.search(a)
                and lex.classes.get(_lexicon.joined(a)) != "CONJ"):
            a = ""
    if len(memo) > 100_000:
        memo.clear()
    memo[token] = a
    return a


def _split_tail(token: str, lex: _lexicon.Lexicon, memo: dict) -> str:
    """The word of a token that may be the second half of a word cut by justification (no word on
    its own: «خوردارند.»), or "" (kept per token)."""
    b = _om.bare(token)
    if not (b and token.startswith(b) and _PERSIAN.search(b) and lex.zipf(b) < 1.0):
        b = ""
    if len(memo) > 100_000:
        memo.clear()
    memo[token] = b
    return b


def _reversed_w(runs: list[list[_Word]], lex: _lexicon.Lexicon) -> list[_Word]:
    words: list[_Word] = []
    for run in reversed(runs):
        lead, rest = _split_lead_punct_w(run)
        rest = [_mirror_w(w) for w in rest]
        if lead is not None and rest:
            rest[-1] = _w_cat(rest[-1], _mirror_w(lead))
        elif lead is not None:
            rest = [_mirror_w(lead)]
        words.extend(rest)
    return _merge_split_w(_move_brackets_w(words), lex)


def _column_runs_w(words: list[_Word], gaps: list[int]) -> list[list[_Word]]:
    runs: list[list[_Word]] = []
    for w, gap in zip(words, gaps):
        if not runs or gap >= 2:
            runs.append([w])
        else:
            runs[-1].append(w)
    out: list[list[_Word]] = []
    for run in runs:
        groups: list[list[_Word]] = []
        for w in run:
            t = w[0]
            if groups and _ONLY_PUNCT.match(t):
                groups[-1].append(w)
            elif groups and is_ltr(t) == is_ltr(groups[-1][-1][0]):
                groups[-1].append(w)
            else:
                groups.append([w])
        out.extend(groups)
    return out


# -- the same edits on MappedStr words (what other modules and the tests call) -------------------

def fix_bracket_sides(words: list[MappedStr]) -> list[MappedStr]:
    """In a line read as it stands: a bracket whose shape contradicts its place is mirrored
    («)از درون خوشه(» -> «(از درون خوشه)»)."""
    out = []
    for w, (t, _) in zip(words, _fix_bracket_words([(w.text, ()) for w in words])):
        out.append(w if t == w.text else MappedStr(t, w.origin))
    return out


def merge_split_words(words: list[MappedStr], lex: _lexicon.Lexicon) -> list[MappedStr]:
    """Join a word cut in two by justification («بر» «خوردارند.» -> «برخوردارند.»)."""
    base, plain = _as_plain(words)
    return _materialize(base, _merge_split_w(plain, lex))


# -- scoring -----------------------------------------------------------------------------------

class Scorer:
    """Scores a reading of a line: junctions, word (unigram) costs and line-level marks.

    Every part is a named feature with a weight in ``data/order_weights.tsv`` (junction features
    from :meth:`OrderModel.features`; line features below), so :mod:`train_order` can fit them on
    the line decisions themselves. Defaults apply where the table has no weight.
    """

    DEFAULTS = {
        "unigram": 1.0,          # sum of log10 p(word) of the reading's words
        "bullet_not_first": -8.0,  # a bullet marker anywhere but first
        "lead_punct_word": -3.0,   # «.شوند», «، خوشه»: punctuation opening a word or a line
        "lead_suffix": -4.0,       # a reading that opens with «های» or «را» (with nothing before it)
        "trail_prefix": -4.0,      # ... or closes with «می» (with nothing after it)
        "last_verb": 0.5, "first_verb": -0.5,  # fitted on the line decisions by train_order
        # prior for reversing a line of 2, 3, 4, 5+ runs, and what the page's vote adds to it
        "rev2": 0.0, "rev3": 0.0, "rev4": 0.0, "rev5": 0.0,
        "rev2_vis": 1.5, "rev3_vis": 3.0, "rev4_vis": 3.0, "rev5_vis": 3.0,
        "rev2_log": -1.5, "rev3_log": -3.0, "rev4_log": -3.0, "rev5_log": -3.0,
        "rev_final_punct": -2.0,  # reversing would move the line's final full stop inside it
        # glued lines (slides): what a run boundary or a missing space costs
        "glue_missing_space": -3.0,  # two words of one run written together
        "glue_break_glue": 0.5,      # a run boundary where the text has no space
        "glue_break_space": -2.0,    # a run boundary at a space
        "glue_break_affix": 1.5,     # ... right before a suffix («های مشترک») or after «می»: the affix
                                     # on the wrong end of its run marks the boundary
    }
    NONWORD = -5.0
    MIXED = -2.0
    NONWORD_PER_CHAR = -1.2

    def __init__(self, model: _om.OrderModel | None = None, doc: _om.DocumentBigrams | None = None):
        self.model = model or _om.load()
        self.lex = self.model.lex
        w = dict(self.DEFAULTS)
        w.update({k: v for k, v in self.model.w.items() if k in self.DEFAULTS})
        self.lw = w
        self.LEAD_SUFFIX = w["lead_suffix"]
        # what depends on a word and the weights alone is kept for the process (on the model);
        # what depends on the document is kept for the document
        memo = self.model.memo
        self._unigram_cache: dict[str, float] = memo.setdefault(("unigram",), {})
        self._edge_cache: dict[tuple, float] = memo.setdefault(("edge", w["lead_suffix"], w["trail_prefix"]), {})
        self._word_infos: dict[str, list] = memo.setdefault(("word_info",), {})
        self._doc_weight = self.model.w.get("doc_bigram", 1.0)
        # no junction scores more than this (a search may stop looking once it cannot win)
        self.junction_bound = self.model.junction_bound() + max(0.0, self._doc_weight) * _om.doc_bigram_value(99)
        self.doc = doc

    @property
    def doc(self) -> _om.DocumentBigrams | None:
        return self._doc

    @doc.setter
    def doc(self, doc: _om.DocumentBigrams | None) -> None:
        """Junctions are the model's (kept by the model for the process, a row per first word) plus,
        for a document with bigrams of its own, their bonus: looked up only after a word the
        document has pairs for (:meth:`doc_first`), so nothing but that is kept per document."""
        self._doc = doc
        self._rows = self.model._rows
        pairs = doc.pairs if doc is not None else {}
        self._doc_firsts = {a for a, _ in pairs}
        self._doc_seconds = {b for _, b in pairs}
        # first key -> second key -> what the pair adds to a junction
        self._doc_rows: dict[str, dict[str, float]] = {}
        for (a, b), c in pairs.items():
            self._doc_rows.setdefault(a, {})[b] = self._doc_weight * _om.doc_bigram_value(c)
        self._infos: dict[str, list] = {}

    def doc_row(self, a: str) -> dict[str, float] | None:
        """What the document's pairs that start with ``a`` add to a junction, by the second word's
        key (:meth:`doc_second`); None when the document has no pair that starts with ``a``."""
        if not self._doc_rows:
            return None
        ka = _PAIR_KEYS.get(a)
        if ka is None:
            ka = _om.pair_key(a)
        return self._doc_rows.get(ka)

    def doc_second(self, b: str) -> str:
        """The key ``b`` meets the document's pairs under when some pair ends with it, else ""."""
        if not self._doc_seconds:
            return ""
        kb = _PAIR_KEYS.get(b)
        if kb is None:
            kb = _om.pair_key(b)
        return kb if kb in self._doc_seconds else ""

    def info(self, text: str) -> list:
        """What the glued-line search needs of a word, kept per document: [text, unigram, the
        document's bonus row after it (:meth:`doc_row`), its key as a second word
        (:meth:`doc_second`), the model's junction row from it, whether it is only leading
        punctuation (a run's final punctuation at its visual start)]."""
        got = self._infos.get(text)
        if got is None:
            # what does not depend on the document is kept for the process (one info shared by
            # every document that has no pairs of its own for the word)
            got = self._word_infos.get(text)
            if got is None:
                if len(self._word_infos) > 100_000:
                    self._word_infos.clear()
                u = self._unigram_cache.get(text)
                if u is None:
                    u = self.unigram(text)
                got = self._word_infos[text] = [
                    text, u, None, "", self.model.junction_row(text),
                    bool(_ONLY_PUNCT.match(text)) and all(c in LEAD_PUNCT for c in text)]
            if self._doc_rows:
                key = _PAIR_KEYS.get(text)
                if key is None:
                    key = _om.pair_key(text)
                row = self._doc_rows.get(key)
                second = key if key in self._doc_seconds else ""
                if row is not None or second:
                    got = [text, got[1], row, second, got[4], got[5]]
            self._infos[text] = got
        return got

    def junction(self, a: str, b: str) -> float:
        row = self._rows.get(a)
        if row is None:
            row = self.model.junction_row(a)
        got = row.get(b)
        if got is None:
            got = self.model.junction_into(row, a, b)
        if self._doc_firsts:
            d = self.doc_row(a)
            if d is not None:
                bonus = d.get(self.doc_second(b))
                if bonus:
                    got += bonus
        return got

    def unigram(self, word: str) -> float:
        got = self._unigram_cache.get(word)
        if got is None:
            got = self._unigram(word)
            if len(self._unigram_cache) > 100_000:
                self._unigram_cache.clear()
            self._unigram_cache[word] = got
        return got

    def _unigram(self, word: str) -> float:
        """Unigram log10-probability of a Persian word (zipf - 9), with a penalty for a non-word.

        Numbers, Latin and punctuation cost nothing; a word glued to digits or Latin costs a little
        («حدود400» is common, «درگیرBDSpتعداد» is a glued line)."""
        core = _om.bare(word)
        if not core or not _PERSIAN.search(core):
            return 0.0
        if re.search(r"[0-9A-Za-z]", core):
            # each Persian stretch costs what it would cost as a word, plus a little for the glue
            stretches = re.findall(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u200c]+", core)
            return sum(self.unigram(p) for p in stretches) + self.MIXED * len(stretches)
        j = _lexicon.joined(core)
        if j in SUFFIX_ATOMS or j in PREFIX_ATOMS:
            return 5.5 - 9.0
        z = self.lex.zipf(core)
        if z < 1.0:  # a non-word costs more the longer it is: it hides several words
            return -9.0 + self.NONWORD_PER_CHAR * len(core)
        return min(z, 6.0) - 9.0

    def line_features(self, words: list[str], before: str | None = None, after: str | None = None,
                      edges: bool = True) -> dict[str, float]:
        """The line-level features of a reading (junction features are summed separately).

        ``edges``: the reading is a whole text when nothing is known before/after it (the marks
        «a text cannot open with های» apply); False for a line whose neighbours the page decoding
        will bring."""
        unigram = self.unigram
        f: dict[str, float] = {"unigram": sum(unigram(w) for w in words)}
        for i, w in enumerate(words):
            c = w[:1]
            if c in BULLETS and i and len(w) > 1 and _PERSIAN.search(w):
                f["bullet_not_first"] = f.get("bullet_not_first", 0.0) + 1
            if c in LEAD_PUNCT and ((len(w) > 1 and _PERSIAN.match(w[1])) or (i == 0 and w in (".", "،", ":"))):
                f["lead_punct_word"] = f.get("lead_punct_word", 0.0) + 1
        if not words:
            return f
        first = _om.pair_key(words[0])
        last = _om.pair_key(words[-1])
        if edges and not before and ((first in SUFFIX_ATOMS and words[0].lstrip(LEAD_PUNCT) == _om.bare(words[0])) or first == "را"):
            f["lead_suffix"] = 1.0  # nothing can open a text with «های» or «را»
        if edges and not after and last in PREFIX_ATOMS:
            f["trail_prefix"] = 1.0  # nor close one with «می»
        # Persian is verb-final: a reading that ends with a verb, or opens with one, says something
        model = self.model
        if len(words) > 2:
            if model.token_class(words[-1]) in ("VERB", "LV", "است"):
                f["last_verb"] = 1.0
            if model.token_class(words[0]) in ("VERB", "LV", "است"):
                f["first_verb"] = 1.0
        return f

    def candidate_features(self, words: list[str], before: str | None = None, after: str | None = None) -> dict[str, float]:
        """All features of a reading, junctions included (what :mod:`train_order` fits)."""
        f = dict(self.line_features(words, before, after))
        seq = ([before] if before else []) + list(words) + ([after] if after else [])
        for a, b in zip(seq, seq[1:]):
            for k, v in self.model.features(a, b).items():
                f[k] = f.get(k, 0.0) + v
            if self.doc is not None:
                n = self.doc.get(_om.bare(a), _om.bare(b))
                if n:
                    f["doc_bigram"] = f.get("doc_bigram", 0.0) + _om.doc_bigram_value(n)
        return f

    def candidate_score(self, words: list[str], before: str | None = None, after: str | None = None,
                        edges: bool = True) -> float:
        """The weighted sum of :meth:`candidate_features` (line features and junctions), computed
        without building the feature table: it runs for every reading of every line."""
        lw = self.lw
        ucache = self._unigram_cache
        total_u = 0
        bullets = leads = 0
        for i, w in enumerate(words):
            u = ucache.get(w)
            total_u += u if u is not None else self.unigram(w)
            c = w[:1]
            if c in BULLETS and i and len(w) > 1 and _PERSIAN.search(w):
                bullets += 1
            if c in LEAD_PUNCT and ((len(w) > 1 and _PERSIAN.match(w[1])) or (i == 0 and w in (".", "،", ":"))):
                leads += 1
        s = 0 + lw["unigram"] * total_u
        if bullets:
            s += lw["bullet_not_first"] * bullets
        if leads:
            s += lw["lead_punct_word"] * leads
        if words:
            if edges and not before:
                first = _om.pair_key(words[0])
                if (first in SUFFIX_ATOMS and words[0].lstrip(LEAD_PUNCT) == _om.bare(words[0])) or first == "را":
                    s += lw["lead_suffix"]
            if edges and not after and _om.pair_key(words[-1]) in PREFIX_ATOMS:
                s += lw["trail_prefix"]
            if len(words) > 2:
                model = self.model
                if model.token_class(words[-1]) in ("VERB", "LV", "است"):
                    s += lw["last_verb"]
                if model.token_class(words[0]) in ("VERB", "LV", "است"):
                    s += lw["first_verb"]
        rows = self._rows
        model = self.model
        doc_rows = self._doc_rows
        keys = _PAIR_KEYS
        total_j = 0
        prev = before or None
        for w in words + [after] if after else words:
            if prev is not None:
                row = rows.get(prev)
                if row is None:
                    row = model.junction_row(prev)
                v = row.get(w)
                if v is None:
                    v = model.junction_into(row, prev, w)
                if doc_rows:  # the document's own pairs (keys as DocumentBigrams keeps them)
                    ka = keys.get(prev)
                    if ka is None:
                        ka = _om.pair_key(prev)
                    d = doc_rows.get(ka)
                    if d is not None:
                        kb = keys.get(w)
                        if kb is None:
                            kb = _om.pair_key(w)
                        bonus = d.get(kb)
                        if bonus:
                            v += bonus
                total_j += v
            prev = w
        return s + total_j

    def edge_score(self, first: str | None, last: str | None) -> float:
        """The marks of a text's edges for a reading's first or last word (see :meth:`line_features`)."""
        key = (first, last)
        got = self._edge_cache.get(key)
        if got is None:
            if first and last is None:  # the marks of line_features for a text of one word
                k = _om.pair_key(first)
                opens = (k in SUFFIX_ATOMS and first.lstrip(LEAD_PUNCT) == _om.bare(first)) or k == "را"
                got = self.lw["lead_suffix"] if opens else 0.0
            elif last and first is None:
                got = self.lw["trail_prefix"] if _om.pair_key(last) in PREFIX_ATOMS else 0.0
            else:
                f = self.line_features([first or last], None, None)
                got = sum(self.lw.get(k, 0.0) * f.get(k, 0.0) for k in (("lead_suffix",) if first else ("trail_prefix",)))
            if len(self._edge_cache) > 100_000:
                self._edge_cache.clear()
            self._edge_cache[key] = got
        return got

# -- column lines --------------------------------------------------------------------------------

def column_runs(toks: list[Tok]) -> list[list[MappedStr]]:
    """Runs of a column line: split at gaps of 2+ spaces, then digits/Latin apart from Persian."""
    base, plain = _as_plain([t.text for t in toks])
    runs = _column_runs_w(plain, [t.gap for t in toks])
    return [_materialize(base, run) for run in runs]


def reversed_reading(runs: list[list[MappedStr]], lex: _lexicon.Lexicon) -> list[MappedStr]:
    """The runs in reverse order, each with its final punctuation back at its end, mirrored brackets
    turned back and onto the right word, a word cut in two by justification joined."""
    base, plain = _as_plain([w for run in runs for w in run])
    k, plain_runs = 0, []
    for run in runs:
        plain_runs.append(plain[k:k + len(run)])
        k += len(run)
    return _materialize(base, _reversed_w(plain_runs, lex))


def identity_reading(toks: list[Tok], lex: _lexicon.Lexicon, merge: bool = True) -> list[MappedStr]:
    words = fix_bracket_sides([t.text for t in toks])
    return merge_split_words(words, lex) if merge else words


def _line_words(line: MappedStr) -> tuple[list[_Word], list[int]]:
    """The tokens of a line as plain words on it, and the spaces before each (0 for the first)."""
    words: list[_Word] = []
    gaps: list[int] = []
    pos = gap = 0
    for part in line.text.split(" "):
        if part:
            gaps.append(gap if words else 0)
            words.append((part, ((pos, pos + len(part)),)))
            pos += len(part) + 1
            gap = 1
        else:
            pos += 1
            gap += 1
    return words, gaps


def column_candidates(line: MappedStr, scorer: Scorer, toks: list[Tok] | None = None) -> list[Candidate]:
    words, gaps = _line_words(line)
    if not words:
        return [Candidate([], 0.0, "identity")]
    lex = scorer.lex
    ident = _merge_split_w(_fix_bracket_words(words), lex)
    texts = [w[0] for w in ident]
    cands = [Candidate.plain(line, ident, scorer.candidate_score(texts, edges=False), "identity")]
    if (any(g >= 2 for g in gaps) or _has_visual_sign_words([w[0] for w in words])) and len(line.text) <= MAX_COLUMN_LINE:
        runs = _column_runs_w(words, gaps)
        if len(runs) > 1:
            rev = _reversed_w(runs, lex)
            score = scorer.candidate_score([w[0] for w in rev], edges=False)
            score += sum(scorer.lw.get(k, 0.0) * v for k, v in reversal_features(line.text).items())
            # the prior counts the runs the gaps make (digits and Latin split off do not count: a
            # justified line «... 16 کارخانه» has one wide gap, not three runs)
            gap_runs = 1 + sum(1 for g in gaps[1:] if g >= 2)
            cands.append(Candidate.plain(line, rev, score, "reversed", max(gap_runs, 2)))
    return cands


def reversal_features(line_text: str) -> dict[str, float]:
    """Marks of a line that is in order, which reversing it would spoil: it ends with a full stop
    (in visual order a run's final punctuation comes out at the run's start)."""
    t = line_text.rstrip()
    return {"rev_final_punct": 1.0} if t and t[-1] in ".!?؟" and len(t) > 1 and t[-2] not in ".!?؟" else {}


def _has_visual_sign_words(words: list[str]) -> bool:
    return any(len(w) > 1 and w[0] in ".،:؛" and _PERSIAN.match(w[1]) for w in words[1:])


# -- glued lines ---------------------------------------------------------------------------------

_ATOMS = frozenset(SUFFIX_ATOMS + PREFIX_ATOMS)


def _piece_ok(piece: str, lex: _lexicon.Lexicon) -> bool:
    """Can this piece of a glued token stand as a word of its own?"""
    if piece in SUFFIX_ATOMS or piece in PREFIX_ATOMS:
        return True
    if len(piece) < 2:
        return False
    if len(piece) == 2 and not lex.tags.get(piece) and not lex.classes.get(piece):
        return False  # two letters hazm does not list are a fragment («ان», «ات»), not a word
    z = lex.zipf(piece)
    if z >= (4.5 if len(piece) == 2 else 3.5 if len(piece) == 3 else 2.5):
        return True
    if len(piece) >= 4 and lex.tags.get(piece):
        return True  # hazm lists it with a part of speech (even when it has no frequency)
    # a word stretched by slide justification with a spurious «و» («صنعوتی» in «صنعوتیشهرک»)
    return len(piece) >= 4 and z < 1.0 and _unstretch(piece, lex) is not None


def _unstretch(piece: str, lex: _lexicon.Lexicon) -> int | None:
    """Where a justification «و» sits in a non-word that is a word without it (kept per piece), as
    :func:`pipeline.repair.words.fix_stretch` finds it in a token of its own."""
    memo = lex.memo.setdefault("unstretch", {})
    if piece in memo:
        return memo[piece]
    got = None
    if "و" in piece[1:-1] and lex.zipf(piece) <= 1.0:
        best_z = 0.0
        for i, c in enumerate(piece):
            # a stretch follows a joining letter inside the word (a final «و» in a glued piece is
            # the next word's: «شودوکار» is «شود» + «وکار»)
            if c == "و" and 0 < i < len(piece) - 1 and piece[i - 1] not in _lexicon.NON_JOINING:
                word = piece[:i] + piece[i + 1:]
                z = lex.zipf(word)
                # a word hazm lists, or a frequent one: not a fragment wordfreq counted («شدو»)
                if z > best_z and (lex.tags.get(word) or z >= 3.5):
                    got, best_z = i, z
        if best_z < 3.0:
            got = None
    if len(memo) > 50_000:
        memo.clear()
    memo[piece] = got
    return got


def _piece_zipf(piece: str, lex: _lexicon.Lexicon) -> float:
    """How frequent a piece is as a word: a stretched word counts as its unstretched form, less one."""
    z = lex.zipf(piece)
    if z < 1.0 and len(piece) >= 4:
        i = _unstretch(piece, lex)
        if i is not None:
            return lex.zipf(piece[:i] + piece[i + 1:]) - 1.0
    return z


def _word_break(seg: str, lex: _lexicon.Lexicon, max_pieces: int = 5) -> list[list[int]]:
    """Cut points of the best few segmentations of ``seg`` into words and affixes (kept per word)."""
    memo = lex.memo.setdefault(f"word_break{max_pieces}", {})
    got = memo.get(seg)
    if got is None:
        if len(memo) > 50_000:
            memo.clear()
        got = memo[seg] = _word_break_uncached(seg, lex, max_pieces)
    return [list(c) for c in got]


def _word_break_uncached(seg: str, lex: _lexicon.Lexicon, max_pieces: int) -> list[list[int]]:
    """The segmentation programme; ``seg`` is in joined form (no ZWNJ), so are its pieces, whose
    frequencies are read from the lexicon's table as :meth:`Lexicon.zipf` reads them."""
    n = len(seg)
    best: list[list[tuple[float, tuple[int, ...]]]] = [[] for _ in range(n + 1)]
    best[0] = [(0.0, ())]
    reached = [0]  # the positions a segmentation reaches, ascending
    atoms = _ATOMS
    tags, classes = lex.tags, lex.classes
    zcache = lex._cache
    for i in range(1, n + 1):
        opts = []
        for j in reached:
            if j < i - 16:
                continue
            piece = seg[j:i]
            # _piece_ok and _piece_zipf, the piece's frequency read once
            if piece in atoms:
                q = 5.5  # unigram segmentation: log10 p(piece) = zipf - 9; affixes count as frequent words
            else:
                size = i - j
                if size < 2 or size == 2 and not tags.get(piece) and not classes.get(piece):
                    continue
                z = zcache.get(piece)
                if z is None:
                    z = lex.zipf(piece)
                if z >= (4.5 if size == 2 else 3.5 if size == 3 else 2.5):
                    q = min(z, 6.0)
                elif size >= 4 and (tags.get(piece) or z < 1.0 and "و" in piece[1:-1]
                                    and _unstretch(piece, lex) is not None):
                    q = min(_piece_zipf(piece, lex), 6.0)
                else:
                    continue
            for sc, cuts in best[j]:
                if len(cuts) + 1 <= max_pieces:
                    opts.append((sc + q - 9.0, cuts + ((j,) if j else ())))
        if opts:
            opts.sort(reverse=True)
            best[i] = opts[:3]
            reached.append(i)
    return [list(c) for _, c in best[n] if c]


def _affix_cuts(seg: str, lex: _lexicon.Lexicon) -> list[list[int]]:
    """A listed word can still hide a run boundary at an affix: «بازاریابیهای» = «بازاریابی|های»,
    «ایرانهای» = «ایران|های», «عرضهمی» = «عرضه|می»; a suffix first marks one too («ایکننده»)."""
    out = []
    for suf in SUFFIX_ATOMS:
        if suf == "ای" and seg[-3:-2] not in ("ه", "ا", "و", "ی"):
            continue  # «خوشه|ای», but «اجرای» is «اجرا|ی», not «اجر|ای»
        if seg.endswith(suf) and len(seg) - len(suf) >= 2 and _piece_ok(seg[: -len(suf)], lex):
            out.append([len(seg) - len(suf)])
        if seg.startswith(suf) and len(seg) - len(suf) >= 3 and _piece_ok(seg[len(suf):], lex):
            out.append([len(suf)])
    for pre in PREFIX_ATOMS:
        if seg.endswith(pre) and len(seg) - len(pre) >= 2 and _piece_ok(seg[: -len(pre)], lex):
            out.append([len(seg) - len(pre)])
    return out


_ALL_LETTERS = re.compile(rf"[{_PL}]+")
_LEAD_BEFORE_LETTER = re.compile(rf"[{re.escape(LEAD_PUNCT)}]+(?=[{_PL}])")


def _char_kind(c: str) -> str:
    if _PERSIAN.match(c) and c not in "،؛؟٪":
        return "P"
    if c.isalnum() or c in "%٪":
        return "L"
    if c in OPEN_BRACKETS:
        return "open"
    if c in CLOSE_BRACKETS:
        return "close"
    return "punct"


def _segmentations(word: str, lex: _lexicon.Lexicon) -> list[list[int]]:
    """Ways to cut one space-delimited token of a glued line (cut positions; the token itself is implied)."""
    n = len(word)
    script = []
    if not _ALL_LETTERS.fullmatch(word):  # (a token of Persian letters alone has no script change)
        kinds = [_char_kind(c) for c in word]
        for i in range(1, n):
            ka, kb = kinds[i - 1], kinds[i]
            if {ka, kb} == {"P", "L"}:
                script.append(i)  # Persian against digits/Latin
            elif (ka == "close" and kb in "PL") or (ka in "PL" and kb == "open"):
                script.append(i)  # «(ادامه)وکار», «حمایت(دلار»
            elif ka == "punct" and kb == "P" and i > 1 and kinds[i - 2] in "PL":
                script.append(i)  # «نمایند،عرضه»
    # cut at every script change, then break each Persian stretch
    bounds = [0] + script + [n]
    per_part: list[list[list[int]]] = []
    for a, b in zip(bounds, bounds[1:]):
        part = word[a:b]
        core = part.strip(LEAD_PUNCT + "()")
        options: list[list[int]] = [[]]
        lead = len(part) - len(part.lstrip(LEAD_PUNCT))
        if lead and lead < len(part) and len(core) < 4:
            options = [[a + lead]]
        if _PERSIAN.search(core) and len(core) >= 4:
            off = a + part.index(core)
            j = _lexicon.joined(core)
            if j == core:
                if lex.zipf(core) < 2.0:
                    options += [[off + c for c in cuts] for cuts in _word_break(core, lex)]
                options += [[off + c for c in cuts] for cuts in _affix_cuts(core, lex)]
            lead = len(part) - len(part.lstrip(LEAD_PUNCT))
            if lead and lead < len(part):
                options = [o + [a + lead] for o in options]
        per_part.append(options[:5])
    combos: list[list[int]] = [list(script)]
    for options in per_part:
        combos = [c + o for c in combos for o in options][:12]
    seen, out = set(), []
    for c in combos:
        key = tuple(sorted(set(c)))
        if key not in seen:
            seen.add(key)
            out.append(list(key))
    return out


def glue_strength(words: list[str], lex: _lexicon.Lexicon) -> int:
    """How strongly a line shows glued visual runs: 0 not at all, 1 a glued token that splits into
    words (also a missing space in text that is in order: «نظرجغرافیایی»), 2 an affix or
    punctuation on the wrong end of a run (a line starting with «های», «میمحصول», «.شوند»), or
    digits/Latin glued between Persian words («شد2005قطب»)."""
    if not words:
        return 0
    first = words[0]
    if len(first) > 1 and first[0] in LEAD_PUNCT and _PERSIAN.match(first[1]):
        return 2
    if len(words) >= 3 and _split_across_words(first, words[-1], lex):
        return 2
    # a line that opens with a suffix: in a slide deck a run boundary; in a wrapped column more often
    # a suffix carried over from the line before («فعالیت» / «های اعضا»), so only a weak mark
    strength = 1 if len(words) > 1 and _lexicon.joined(_om.bare(first)) in SUFFIX_ATOMS and first == _om.bare(first) else 0
    for w in words:
        g = token_glue(w, lex)
        if g == 2:
            return 2
        if g > strength:
            strength = g
    return strength


_BRACKETS = re.compile(r"[()\[\]«»]")
_GLUED_CODE = re.compile(rf"[{_PL}]%?\d+%|%\d+[{_PL}]|[{_PL}][A-Za-z][^ ]*[{_PL}]")
_GLUED_SCRIPT = re.compile(rf"[{_PL}]\d|\d[{_PL}]|[{_PL}][A-Za-z]|[A-Za-z][{_PL}]")


def token_glue(token: str, lex: _lexicon.Lexicon) -> int:
    """:func:`_token_glue`, kept per token for the process."""
    memo = lex.memo.setdefault("token_glue", {})
    g = memo.get(token)
    if g is None:
        if len(memo) > 100_000:
            memo.clear()
        g = memo[token] = _token_glue(token, lex)
    return g


def _token_glue(token: str, lex: _lexicon.Lexicon) -> int:
    """The marks of glued runs one token shows (see :func:`glue_strength`), 0, 1 or 2."""
    w = _BRACKETS.sub("", token)
    core = _om.bare(w)
    if not core or not _PERSIAN.search(core):
        return 0
    if w[:1] in LEAD_PUNCT and _lexicon.joined(w[1:]) in SUFFIX_ATOMS:
        return 2  # «-ای»: a run that starts with its final punctuation and a suffix
    if not _ALL_LETTERS.fullmatch(w):  # (letters alone hold no digits, Latin or %)
        if _GLUED_CODE.search(w):
            return 2  # a percentage or a Latin code glued between Persian words: slide runs
        if _GLUED_SCRIPT.search(w):
            return 1
    if len(core) < 4 or lex.zipf(core) >= 1.0:
        return 0
    j = _lexicon.joined(core)
    if _derived_word(j, lex):
        return 0
    strength = 0
    for cuts in _word_break(j, lex)[:1]:
        strength = 1
        pieces = [j[a:b] for a, b in zip([0] + cuts, cuts + [len(j)])]
        for k, p in enumerate(pieces):
            if p in SUFFIX_ATOMS and (k == 0 or pieces[k - 1] in PREFIX_ATOMS + SUFFIX_ATOMS):
                return 2
            if p in PREFIX_ATOMS and (k == len(pieces) - 1 or lex.word_class(pieces[k + 1]) != "VERB"):
                return 2
    return strength


_NOMINAL_ENDINGS = ("هایی", "های", "ها", "ای", "ی", "")


def _derived_word(joined_word: str, lex: _lexicon.Lexicon) -> bool:
    """A frequent word with a derivational suffix and maybe a plural or ezafe ending, which the
    lexicon does not list: «زنبورستانهای» = «زنبور|ستان|های». One word, not glued runs."""
    for end in _NOMINAL_ENDINGS:
        if end and not joined_word.endswith(end):
            continue
        stem = joined_word[: len(joined_word) - len(end)] if end else joined_word
        for suf in _lexicon.word_list("derivational_suffixes.txt"):
            if stem.endswith(suf) and len(stem) - len(suf) >= 3 and lex.zipf(stem[: -len(suf)]) >= 3.0:
                return True
    return False


def _split_across_words(first: str, last: str, lex: _lexicon.Lexicon) -> bool:
    """A word cut in two by the run order: its end opens the line and its start closes it
    («المللی ... و بین» = «بین‌المللی», «یه ... توج» = «توجیه»)."""
    head = _lexicon.joined(_om.bare(first))
    tail = _lexicon.joined(_om.bare(last))
    if not head or not tail or not _PERSIAN.search(head) or not _PERSIAN.search(tail):
        return False
    if lex.listed(tail + head) < 3.5:
        return False
    # one half is no word, or only a fragment hazm lists without a part of speech
    return lex.zipf(head) <= 1.0 or lex.zipf(tail) <= 1.0 or lex.tags.get(head) is None and lex.tags.get(head + "ی") is None \
        and head in lex.words and lex.words[head] < 5.0 and not lex.classes.get(head)


class _TokenPlan:
    """How one space-delimited token of a glued line can be cut (a pure function of its text and the
    lexicon, so it is computed once per distinct token and kept): the cut points of its atoms, the
    atoms that may form one word (local atom index pairs), and per atom its joined key, script and
    whether it opens a run (glued leading punctuation, «-ای», «.شوند»)."""

    __slots__ = ("bounds", "spans", "keys", "script", "run_start", "words", "affixes")

    def __init__(self, word: str, lex: _lexicon.Lexicon):
        segs = _segmentations(word, lex)
        n = len(word)
        cuts = sorted({c for seg in segs for c in seg if 0 < c < n})
        self.bounds = bounds = [0] + cuts + [n]
        index_of = {b: j for j, b in enumerate(bounds)}
        m = len(bounds) - 1
        spans: set[tuple[int, int]] = set()
        lead = _LEAD_BEFORE_LETTER.match(word)
        if not lead or m == 1:
            spans.add((0, m))  # the token whole (not «-ای»: its mark starts a run)
        for seg in segs:
            pts = [0] + [c for c in sorted(seg) if 0 < c < n] + [n]
            for a, b in zip(pts, pts[1:]):
                spans.add((index_of[a], index_of[b]))
        # each span with the offset of a justification «و» to drop from it (None: none)
        self.spans = []
        for a, b in sorted(spans):
            piece = word[bounds[a]:bounds[b]]
            drop = _unstretch(piece, lex) if len(piece) >= 4 and lex.zipf(piece) < 1.0 else None
            self.spans.append((a, b, drop))
        texts = [word[a:b] for a, b in zip(bounds, bounds[1:])]
        self.keys = [_lexicon.joined(t) for t in texts]
        # digits and Latin are runs of their own: a run never mixes them with Persian
        self.script = ["L" if is_ltr(t) else "R" if _PERSIAN.search(t) else "N" for t in texts]
        # punctuation glued to the start of a word is the visual start of a run; the next atom of
        # another token has a space before it, so this is decided inside the token
        self.run_start = [bool(_ONLY_PUNCT.match(t)) and all(c in LEAD_PUNCT for c in t)
                          and j + 1 < m and bool(_PERSIAN.match(texts[j + 1][:1]))
                          for j, t in enumerate(texts)]
        # per atom: is it a suffix, is it «می» (what marks an affix on the wrong end of a run)
        self.affixes = [(key in SUFFIX_ATOMS, key in PREFIX_ATOMS) for key in self.keys]
        # the words: (first atom, end atom, text, its stretches in the token); a stretched word
        # without its justification «و», mapped around it
        self.words = []
        for a, b, drop in self.spans:
            cs, ce = bounds[a], bounds[b]
            if drop is None:
                self.words.append((a, b, word[cs:ce], ((cs, ce),)))
            else:
                piece = word[cs:ce]
                self.words.append((a, b, piece[:drop] + piece[drop + 1:], ((cs, cs + drop), (cs + drop + 1, ce))))


def _token_plan(word: str, lex: _lexicon.Lexicon) -> _TokenPlan:
    memo = lex.memo.setdefault("glued_token_plan", {})
    got = memo.get(word)
    if got is None:
        if len(memo) > 50_000:
            memo.clear()
        got = memo[word] = _TokenPlan(word, lex)
    return got


class _Lattice:
    """The words a glued line can be made of (pieces of its tokens) and the best run segmentations.

    Works on plain strings and offsets; :func:`glued_candidate` builds the MappedStr of the chosen
    reading only."""

    def __init__(self, text: str, spans: list[tuple[int, int]], scorer: Scorer):
        self.scorer = scorer
        self.MISSING_SPACE = scorer.lw["glue_missing_space"]
        lex = scorer.lex
        self.info = info = scorer.info
        infos = scorer._infos
        space_before: list[bool] = []
        script: list[str] = []
        run_start: list[bool] = []
        affix: list[bool] = []
        token_start: list[int] = []  # the first atom of each token
        # atom -> the words that start there: (end atom, word info, (text, stretches relative to
        # the token, the token's offset)); the stretches are made absolute only for the chosen runs
        words_from: list[list[tuple]] = []
        n = 0
        after_prefix = False
        plans = lex.memo.get("glued_token_plan")
        if plans is None:
            plans = lex.memo["glued_token_plan"] = {}
        for k, (ts, te) in enumerate(spans):
            token = text[ts:te]
            plan = plans.get(token)
            if plan is None:
                plan = _token_plan(token, lex)
            token_start.append(n)
            m = len(plan.script)
            space_before.append(k > 0)
            space_before.extend([False] * (m - 1))
            script.extend(plan.script)
            run_start.extend(plan.run_start)
            # an affix on the wrong end of a run: a suffix opening the atom, or «می» closing the one before
            for is_suffix, is_prefix in plan.affixes:
                affix.append(is_suffix or after_prefix)
                after_prefix = is_prefix
            if m == 1:
                words_from.append([])
            else:
                words_from.extend([[] for _ in range(m)])
            for a, b, piece, rel in plan.words:
                wi = infos.get(piece)
                if wi is None:
                    wi = info(piece)
                words_from[n + a].append((n + b, wi, (piece, rel, ts)))
            n += m
        self.n = n
        self.space_before = space_before
        self.script = script
        self.run_start = run_start
        self.words_from = words_from
        self.token_start = token_start
        self.split_edge = -1
        if len(spans) >= 3 and _split_across_words(text[spans[0][0]:spans[0][1]], text[spans[-1][0]:spans[-1][1]], lex):
            self.split_edge = token_start[1]
            affix[token_start[1]] = True
        self._affix_edges = affix
        self._runs: dict[int, dict] = {}
        self.steps: list[dict[str, list]] = [{} for _ in range(n)]  # see _steps
        # how far a run that starts at each atom can reach: a run never mixes Persian with
        # digits/Latin (it stops at the first atom by which it would hold both), and glued leading
        # punctuation starts one (it stops before the next such atom)
        self.limits = limits = [n] * n
        next_l = next_r = next_start = n
        for s in range(n - 1, -1, -1):
            k = script[s]
            if k == "L":
                next_l = s
            elif k == "R":
                next_r = s
            limit = next_start
            if next_l < n and next_r < n:
                mixed = next_l if next_l > next_r else next_r
                if mixed < limit:
                    limit = mixed
            limits[s] = limit
            if run_start[s]:
                next_start = s

    def affix_edge(self, i: int) -> bool:
        """Is the boundary before atom ``i`` an affix on the wrong end of a run, or the end of a word
        whose start closes the line (see :func:`_split_across_words`)?"""
        return self._affix_edges[i]

    def runs_from(self, s: int) -> dict[int, tuple]:
        """Best segmentation of atoms [s, e) into the words of one run (raw order = logical order),
        for every end ``e`` at once: e -> (score, node, first word info, last word info) as the run
        reads with its final punctuation moved back to its end (:func:`_run_lead_punct_words`); the
        words themselves come from :meth:`run_words`."""
        S1, F1, N1, limit = self.beams(s)
        run_start = self.run_start
        out = {}
        for e in range(s + 1, limit + 1):
            score = S1[e]
            if score is not None and not run_start[e - 1]:
                out[e] = (score, N1[e]) + self.edge_words(F1[e], N1[e])
        return out

    def runs_from_texts(self, s: int) -> dict[int, tuple]:
        """:meth:`runs_from` with the first and last words as text: e -> (score, node, first, last)."""
        return {e: (r[0], r[1], r[2][0], r[3][0]) for e, r in self.runs_from(s).items()}

    def run_words(self, s: int, e: int) -> list[_Word]:
        return self._node_words(self.beams(s)[2][e])

    def edge_words(self, first: list, node: tuple) -> tuple[list, list]:
        """The first and last word infos of a run whose best path is ``node`` and starts with
        ``first``: when it starts with its final punctuation, as it reads with that moved back."""
        if first[5] and node[2] is not None:
            words = self._node_words(node)
            return self.info(words[0][0]), self.info(words[-1][0])
        return first, node[0]

    @staticmethod
    def _node_words(node) -> list[_Word]:
        words = []
        while node is not None:
            text, rel, ts = node[1]
            words.append((text, tuple([(ts + a, ts + b) for a, b in rel])))
            node = node[2]
        words.reverse()
        return _run_lead_punct_words(words)

    def beams(self, s: int) -> tuple[list, list, list, int]:
        """The best path to each atom of a run that starts at atom ``s`` (kept per s): its score,
        first word info and node, by atom, and how far the run can reach. A node is (word info,
        word, parent node): the path's words read backwards."""
        got = self._runs.get(s)
        if got is None:
            got = self._runs[s] = self._beams(s)
        return got

    def _steps(self, i: int, last: list) -> list[tuple]:
        """The words a path whose last word is ``last`` can go on with at atom ``i``, with what
        each adds (its unigram, the junction, a missing space where the text has none): the same
        for every run start, so kept per atom and last word."""
        sc = self.scorer
        junction_into = sc.model.junction_into
        row = last[4]
        bonus_row = last[2]
        glued = not self.space_before[i]
        missing = self.MISSING_SPACE
        out = []
        for j, wi, word in self.words_from[i]:
            text = wi[0]
            v = row.get(text)
            if v is None:
                v = junction_into(row, last[0], text)
            if bonus_row is not None and wi[3]:
                bonus = bonus_row.get(wi[3])
                if bonus:
                    v += bonus
            add = wi[1] + v
            if glued:
                add += missing
            out.append((j, wi, word, add))
        self.steps[i][last[0]] = out
        return out

    def _beams(self, s: int) -> tuple[list, list, list, int]:
        limit = self.limits[s]
        # the best two paths ending at each atom, best first, as parallel slots (score, first
        # word, node)
        size = limit + 1
        S1 = [None] * size
        F1 = [None] * size
        N1 = [None] * size
        S2 = [None] * size
        F2 = [None] * size
        N2 = [None] * size
        steps_at = self.steps
        make_steps = self._steps
        for j, wi, word in self.words_from[s]:  # the first word of the run: one per end atom
            if j <= limit:
                S1[j], F1[j], N1[j] = 0.0 + wi[1], wi, (wi, word, None)
        for i in range(s + 1, limit):
            sc1 = S1[i]
            if sc1 is None:
                continue
            steps_i = steps_at[i]
            for k in (1, 2) if S2[i] is not None else (1,):
                if k == 1:
                    score, first, node = sc1, F1[i], N1[i]
                else:
                    score, first, node = S2[i], F2[i], N2[i]
                last = node[0]
                steps = steps_i.get(last[0])
                if steps is None:
                    steps = make_steps(i, last)
                for j, wi, word, add in steps:
                    if j > limit:
                        continue
                    t = score + add
                    # keep the best two, best first (ties: the one found first)
                    b1 = S1[j]
                    if b1 is None:
                        S1[j], F1[j], N1[j] = t, first, (wi, word, node)
                    elif t > b1:
                        S2[j], F2[j], N2[j] = b1, F1[j], N1[j]
                        S1[j], F1[j], N1[j] = t, first, (wi, word, node)
                    else:
                        b2 = S2[j]
                        if b2 is None or t > b2:
                            S2[j], F2[j], N2[j] = t, first, (wi, word, node)
        return S1, F1, N1, limit


def _score(x) -> float:
    return x[0]


_first_item = operator.itemgetter(0)


def _neg_score(x) -> float:
    return -x[0]


_LEAD_PUNCT_ONLY = re.compile("[" + re.escape(LEAD_PUNCT) + "]+")


def _run_lead_punct_words(words: list[_Word]) -> list[_Word]:
    """A run's final punctuation came out at its visual start: move it back to the run's end."""
    if len(words) > 1 and _ONLY_PUNCT.match(words[0][0]) and _LEAD_PUNCT_ONLY.fullmatch(words[0][0]):
        last = words[-1]
        return words[1:-1] + [(last[0] + words[0][0], last[1] + words[0][1])]
    return words


def _best_runs(lat: "_Lattice", scorer: Scorer) -> list[tuple[int, int]] | None:
    """The best split of a glued line into runs, as (start, end) atom ranges in reading order.

    Exact dynamic programme over the last two run boundaries: ``best[(s, e)]`` is the best score of
    a reading of atoms [s, n) whose last emitted run is [s, e); the run emitted before it is some
    [e, f), and the junction between that run's last word and this run's first word joins them.
    States worse than the best ending at the same boundary by more than ``GLUE_PRUNE`` are dropped
    (a junction cannot make up that much)."""
    n = lat.n
    edge = scorer.edge_score
    junction_into = scorer.model.junction_into
    bound = scorer.junction_bound  # no junction scores more (a tighter bound per word costs more than it saves)
    space_before = lat.space_before
    affix = lat._affix_edges
    run_start = lat.run_start
    lw = scorer.lw
    brk_space, brk_glue, brk_affix = lw["glue_break_space"], lw["glue_break_glue"], lw["glue_break_affix"]
    prune = GLUE_PRUNE
    # what a run boundary before atom e costs or earns
    brks = [(brk_space if space_before[e] else brk_glue) + (brk_affix if affix[e] else 0.0) if e < n else 0.0
            for e in range(n + 1)]
    beams = lat.beams
    edge_words = lat.edge_words
    # Walked from the end of the line: when the states starting at s are made, every state
    # starting at a later boundary e (the run read just before) is complete. A state is (score,
    # its run's end, its run's last word info); done[e]: the states starting at e, best first.
    done: list = [None] * (n + 1)
    back: list = [None] * n  # back[s][e]: the end of the run read before [s, e)
    any_start = any(run_start)
    for s in range(n - 1, -1, -1):
        here = []
        back_s = back[s] = [0] * (n + 1)
        S1, F1, N1, limit = beams(s)
        cur = None  # the first word the values below are for (most runs from s share it)
        for e in range(s + 1, limit + 1):
            rsc = S1[e]
            if rsc is None or any_start and run_start[e - 1]:
                continue
            first = F1[e]
            node = N1[e]
            if first[5] and node[2] is not None:
                first, last = edge_words(first, node)
            else:
                last = node[0]
            if e == n:
                total = rsc + edge(first[0], None)
                arg = n
            else:
                prevs = done[e]
                if not prevs:
                    continue
                if first is not cur:
                    cur = first
                    text = first[0]
                    second = first[3]
                # the predecessors, best first: stop when no junction can make up the gap
                total = None
                for psc, f, plast in prevs:
                    if total is not None and psc + bound <= total:
                        break
                    v = plast[4].get(text)
                    if v is None:
                        v = junction_into(plast[4], plast[0], text)
                    if second and plast[2] is not None:
                        bonus = plast[2].get(second)
                        if bonus:
                            v += bonus
                    v += psc
                    if total is None or v > total:
                        total, arg = v, f
                total += rsc + brks[e]
            if s == 0:
                total += edge(None, last[0])
            back_s[e] = arg
            here.append((total, e, last))
        if here:
            if len(here) > 1:
                here.sort(key=_first_item, reverse=True)  # (stable: equal scores keep their order)
                if prune:
                    floor = here[0][0] - prune
                    while here[-1][0] < floor:
                        here.pop()
            done[s] = here
    finals = done[0]
    if not finals:
        return None
    _, e, _ = max(finals, key=_first_item)
    runs = [(0, e)]
    while e < n:
        f = back[runs[-1][0]][e]
        runs.append((e, f))
        e = f
    runs.reverse()
    return runs


_FINAL_PUNCT = re.compile(rf"(?<=[{_PL}])[{re.escape(LEAD_PUNCT)}]+$")
_NON_SPACE = re.compile(r"[^ ]+")


def glued_candidate(line: MappedStr, scorer: Scorer, before: str | None = None,
                    after: str | None = None) -> Candidate | None:
    """The best reading of a glued visual line: split points and run order searched together.

    Punctuation at the very end of the raw line belongs at the end of the reading («فعالیت،» last in
    the raw line, «... مینمایند،» in the reading)."""
    return glued_readings(line, scorer, before, after, in_place=False)[0]


def glued_readings(line: MappedStr, scorer: Scorer, before: str | None = None,
                   after: str | None = None, in_place: bool = True) -> tuple[Candidate | None, float | None]:
    """:func:`glued_candidate` and, when ``in_place``, the score of the line read in place
    (:func:`_in_place_score`)."""
    line = line.strip(" ")
    text = line.text
    body_end = len(text)
    if text[-1:] in LEAD_PUNCT:
        m = _FINAL_PUNCT.search(text)
        if m and m.start() > 0:
            body_end = m.start()
    body = text[:body_end]
    spans = [mt.span() for mt in _NON_SPACE.finditer(body)]
    if len(spans) > 24 or body_end > MAX_GLUED_LINE:
        return None, None
    lat = _Lattice(body, spans, scorer)
    n = lat.n
    if n < 2 or n > 48:
        return None, None
    runs = _best_runs(lat, scorer)
    if runs is None:
        return None, None
    cand = _glued_reading(line, text, body_end, lat, runs, scorer, before, after)
    return cand, _in_place_score(lat, scorer) if in_place else None


def _in_place_score(lat: "_Lattice", scorer: Scorer) -> float | None:
    """The score of the glued line read in the order it is written, its glued tokens split as the
    search would split them: the runs taken left to right, each as long as it can reach. A line
    already in logical order that merely holds glued tokens («افزود:سپس»، «4هزارنفر») is judged by
    this, not by its unsplit tokens (which the model has never seen and which would lose to any
    reordering of their pieces)."""
    n = lat.n
    texts: list[str] = []
    s = 0
    while s < n:
        ends = lat.runs_from(s)
        if not ends:
            return None
        e = max(ends)
        texts.extend(w[0] for w in lat.run_words(s, e))
        s = e
    return scorer.candidate_score([t for t in texts if t], edges=False)


def _glued_reading(line: MappedStr, text: str, body_end: int, lat: "_Lattice", runs: list[tuple[int, int]],
                   scorer: Scorer, before: str | None, after: str | None) -> Candidate:
    """The candidate of a glued line read as ``runs`` (atom ranges in reading order)."""
    lw = scorer.lw
    words: list[_Word] = []
    breaks = 0.0
    for k, (s, e) in enumerate(runs):
        words.extend(lat.run_words(s, e))
        if k:  # the boundary at this run's end (it was read right after the run to its right)
            brk = lw["glue_break_space"] if lat.space_before[e] else lw["glue_break_glue"]
            if lat._affix_edges[e]:
                brk += lw["glue_break_affix"]
            breaks += brk
    words = _merge_fragment_words(_fix_bracket_words([w for w in words if w[0]]), scorer.lex)
    if body_end < len(text) and words:
        words[-1] = (words[-1][0] + text[body_end:], words[-1][1] + ((body_end, len(text)),))
    texts = [w[0] for w in words]
    total = scorer.candidate_score(texts, before, after, edges=False) + breaks
    return Candidate.plain(line, _attach_affixes_w(words), total, "glued", len(runs), texts)


def _merge_fragment_words(words: list[_Word], lex: _lexicon.Lexicon) -> list[_Word]:
    """Two pieces of one word cut apart at any letter («توج» + «یه» -> «توجیه»)."""
    out: list[_Word] = []
    letters = _LETTERS
    for w in words:
        if out:
            a, b = out[-1][0], w[0]
            if (a[-1:] in letters and b[:1] in letters
                    and (lex.zipf(a) <= 1.0 or lex.zipf(b) <= 1.0) and lex.zipf(a + b) >= 3.0):
                out[-1] = (a + b, out[-1][1] + w[1])
                continue
        out.append(w)
    return out


def _attach_affixes_w(words: list[_Word]) -> list[_Word]:
    """Affixes that were runs of their own re-attached to their word («خوشه» + «های»)."""
    out: list[_Word] = []
    for w in words:
        j = _lexicon.joined(w[0])
        prev = out[-1][0] if out else ""
        if out and j in SUFFIX_ATOMS and _PERSIAN.match(prev[-1:] or "x"):
            out[-1] = _w_cat(out[-1], w)  # «خوشه» + «های»
            continue
        if out and _lexicon.joined(prev) in PREFIX_ATOMS and _PERSIAN.match(w[0][:1] or "x"):
            out[-1] = _w_cat(out[-1], w)  # «می» + «نمایند»
            continue
        out.append(w)
    return out


# -- one line on its own -------------------------------------------------------------------------

@dataclass
class LineInfo:
    """What a cheap look at a line tells: its words, wide gaps, how glued it looks. Tokens with
    their maps (:attr:`toks`) are made only for a line that needs them."""

    def __init__(self, line: MappedStr, words: list[str], wide_gap: bool, glue: int):
        self.line = line
        self.words = words
        self.wide_gap = wide_gap
        self.glue = glue
        self._toks: list[Tok] | None = None

    @property
    def toks(self) -> list[Tok]:
        if self._toks is None:
            self._toks = tokens(self.line)
        return self._toks

    @property
    def clean(self) -> bool:
        """Nothing in this line suggests visual order: its word pairs can teach the document's bigrams."""
        return not self.wide_gap and self.glue == 0


def inspect(line: MappedStr, lex: _lexicon.Lexicon) -> LineInfo:
    text = line.text
    words = [w for w in text.split(" ") if w]
    wide_gap = "  " in text.strip(" ")
    long_line = len(text) > MAX_GLUED_LINE
    return LineInfo(line, words, wide_gap, 0 if long_line else glue_strength(words, lex))


def as_written(line: MappedStr) -> Candidate:
    """A line known to be in logical order: its words as they stand, one space between them."""
    if "  " not in line.text.strip(" "):
        return Candidate.as_is(line.strip(" ") if line.text[:1] == " " or line.text[-1:] == " " else line,
                               [w for w in line.text.split(" ") if w])
    words, _ = _line_words(line)
    return Candidate.plain(line, words, 0.0, "identity")


def _brackets_in_place(words: list[str]) -> bool:
    """Would :func:`fix_bracket_sides` leave every word as it is?"""
    for t in words:
        if len(t) > 1 and (t[0] in CLOSE_BRACKETS or t[-1] in OPEN_BRACKETS):
            return False
    return True


def line_candidates(line: MappedStr, scorer: Scorer, glued_mode: bool = True,
                    info: LineInfo | None = None) -> list[Candidate]:
    """The readings of a line worth comparing, each scored without the neighbouring lines.

    ``glued_mode``: the document is a slide deck whose lines come out glued, so a token that merely
    splits into words is reason enough to search; otherwise only the strong marks are. A line that
    shows no mark of visual order gets its one reading, unscored (nothing to compare it with)."""
    info = info or inspect(line, scorer.lex)
    # outside slide decks a line with wide gaps is a column line: its reversal is read from the gaps
    search_glued = info.glue >= 1 if glued_mode else (info.glue >= 2 and not info.wide_gap)
    if not info.wide_gap and not search_glued and not _has_visual_sign_words(info.words):
        if _brackets_in_place(info.words):
            if line.text[:1] == " " or line.text[-1:] == " ":
                line = line.strip(" ")
            return [Candidate.as_is(line, info.words)]
        return [Candidate(identity_reading(info.toks, scorer.lex, merge=False), 0.0, "identity")]
    cands = column_candidates(line, scorer)
    if search_glued:
        g, in_place = glued_readings(line, scorer, in_place=not glued_mode)
        if g is not None and g.texts != cands[0].texts:
            cands.append(g)
            if not glued_mode and in_place is not None and cands[0].score < in_place:
                # outside slide decks the line as written is judged with its glued tokens split
                # (a deck's glued lines are visual more often than not: its prior stays as trained)
                cands[0].score = in_place
    return cands


def repair_line(line: MappedStr, before: str | None = None, after: str | None = None,
                scorer: Scorer | None = None) -> MappedStr:
    """The most plausible reading of one line (see :func:`pipeline.repair.order_model.best_order`)."""
    scorer = scorer or Scorer()
    cands = line_candidates(line, scorer)

    def total(c: Candidate) -> float:
        s = c.score
        if c.texts:
            s += scorer.junction(before, c.first) if before else scorer.edge_score(c.first, None)
            s += scorer.junction(c.last, after) if after else scorer.edge_score(None, c.last)
        return s

    best = max(cands, key=total)
    return best.text()
