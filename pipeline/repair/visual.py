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
  the wrong end, punctuation at the start).

Everything here returns :class:`~pipeline.model.MappedStr` built by slicing and joining the input,
so every character keeps its origin.
"""
from __future__ import annotations

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
_PL = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_PERSIAN = re.compile(rf"[{_PL}]")  # letters, not ، ؛ ؟
_LTR_TOKEN = re.compile(r"^[^\u0600-\u06ff]*[0-9A-Za-z][^\u0600-\u06ff]*$")
_ONLY_PUNCT = re.compile(r"^[^\w]+$")
SUFFIX_ATOMS = ("هایی", "های", "ها", "ای", "اند", "ایم", "اید", "ترین", "تر")
PREFIX_ATOMS = ("نمی", "می")


def is_ltr(text: str) -> bool:
    return bool(_LTR_TOKEN.match(text))


@dataclass
class Candidate:
    """One reading of a line: its words in logical order and how plausible they are inside the line."""

    words: list[MappedStr]
    score: float
    kind: str  # identity | reversed | glued
    runs: int = 1
    scored: list[str] | None = None  # the words as scored, when affixes were re-attached after

    @property
    def first(self) -> str:
        w = self.scored if self.scored else [x.text for x in self.words]
        return w[0] if w else ""

    @property
    def last(self) -> str:
        w = self.scored if self.scored else [x.text for x in self.words]
        return w[-1] if w else ""

    def text(self) -> MappedStr:
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


# -- small MappedStr edits ---------------------------------------------------------------------

def _mirror(tok: MappedStr) -> MappedStr:
    if not any(c in MIRROR for c in tok.text):
        return tok
    return MappedStr("".join(MIRROR.get(c, c) for c in tok.text), tok.origin)


def _move_brackets(words: list[MappedStr]) -> list[MappedStr]:
    """An opening bracket at the end of a word belongs to the next word, a closing one at the start
    of a word to the previous word («کوتاه( به» -> «کوتاه (به»)."""
    words = [w for w in words if w.text]
    i = 0
    while i < len(words) - 1:
        w = words[i]
        if len(w.text) > 1 and w.text[-1] in OPEN_BRACKETS:
            words[i], words[i + 1] = w[:-1], w[-1:] + words[i + 1]
        w = words[i + 1]
        if len(w.text) > 1 and w.text[0] in CLOSE_BRACKETS:
            words[i], words[i + 1] = words[i] + w[:1], w[1:]
        i += 1
    return [w for w in words if w.text]


def fix_bracket_sides(words: list[MappedStr]) -> list[MappedStr]:
    """In a line read as it stands: a bracket whose shape contradicts its place is mirrored
    («)از درون خوشه(» -> «(از درون خوشه)»)."""
    out = []
    for i, w in enumerate(words):
        t = w.text
        if len(t) > 1 and t[0] in CLOSE_BRACKETS and t[1] not in OPEN_BRACKETS + CLOSE_BRACKETS and t[1:].strip(LEAD_PUNCT):
            w = MappedStr(MIRROR[t[0]] + t[1:], w.origin)
            t = w.text
        if len(t) > 1 and t[-1] in OPEN_BRACKETS and t[-2] not in OPEN_BRACKETS + CLOSE_BRACKETS:
            w = MappedStr(t[:-1] + MIRROR[t[-1]], w.origin)
        out.append(w)
    return out


def _split_lead_punct(words: list[MappedStr]) -> tuple[MappedStr | None, list[MappedStr]]:
    """Punctuation at the visual start of a run: as a token of its own, or glued to the first word."""
    if not words:
        return None, words
    first = words[0]
    if _ONLY_PUNCT.match(first.text) and any(c in LEAD_PUNCT for c in first.text) and len(words) > 1:
        return first, words[1:]
    m = re.match(r"^[" + re.escape(LEAD_PUNCT) + r"]+", first.text)
    if m and m.end() < len(first.text) and _PERSIAN.match(first.text[m.end()]):
        return first[:m.end()], [first[m.end():]] + words[1:]
    return None, words


def merge_split_words(words: list[MappedStr], lex: _lexicon.Lexicon) -> list[MappedStr]:
    """Join a word cut in two by justification («بر» «خوردارند.» -> «برخوردارند.»)."""
    out: list[MappedStr] = []
    for w in words:
        if out:
            a, b = _om.bare(out[-1].text), _om.bare(w.text)
            pa, pb = out[-1].text, w.text
            if (a and b and pa.endswith(a) and pb.startswith(b) and _PERSIAN.search(a) and _PERSIAN.search(b)
                    and a[-1] in _lexicon.NON_JOINING and lex.classes.get(_lexicon.joined(a)) != "CONJ"
                    and lex.zipf(b) < 1.0 and lex.zipf(a + b) >= 2.5):
                out[-1] = out[-1] + w
                continue
        out.append(w)
    return out


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
        self.doc = doc
        w = dict(self.DEFAULTS)
        w.update({k: v for k, v in self.model.w.items() if k in self.DEFAULTS})
        self.lw = w
        self.LEAD_SUFFIX = w["lead_suffix"]
        self._unigram_cache: dict[str, float] = {}
        self._junction_cache: dict[tuple[str, str], float] = {}

    def junction(self, a: str, b: str) -> float:
        key = (a, b)
        got = self._junction_cache.get(key)
        if got is None:
            got = self.model.junction(a, b, self.doc)
            if len(self._junction_cache) > 200_000:
                self._junction_cache.clear()
            self._junction_cache[key] = got
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
        f: dict[str, float] = {"unigram": sum(self.unigram(w) for w in words)}
        for i, w in enumerate(words):
            if i and w[:1] in BULLETS and len(w) > 1 and _PERSIAN.search(w):
                f["bullet_not_first"] = f.get("bullet_not_first", 0.0) + 1
            if (len(w) > 1 and w[0] in LEAD_PUNCT and _PERSIAN.match(w[1])) or (i == 0 and w in (".", "،", ":")):
                f["lead_punct_word"] = f.get("lead_punct_word", 0.0) + 1
        if not words:
            return f
        first = _lexicon.joined(_om.bare(words[0]))
        last = _lexicon.joined(_om.bare(words[-1]))
        if edges and not before and ((first in SUFFIX_ATOMS and words[0] == _om.bare(words[0])) or first == "را"):
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
        lw = self.lw
        s = sum(lw.get(k, 0.0) * v for k, v in self.line_features(words, before, after, edges).items())
        seq = ([before] if before else []) + list(words) + ([after] if after else [])
        return s + sum(self.junction(a, b) for a, b in zip(seq, seq[1:]))

    def edge_score(self, first: str | None, last: str | None) -> float:
        """The marks of a text's edges for a reading's first or last word (see :meth:`line_features`)."""
        f = self.line_features([first or last], None, None)
        return sum(self.lw.get(k, 0.0) * f.get(k, 0.0) for k in (("lead_suffix",) if first else ("trail_prefix",)))

    def words_score(self, words: list[str]) -> float:
        return self.candidate_score(words) - self.lw["unigram"] * sum(self.unigram(w) for w in words)


# -- column lines --------------------------------------------------------------------------------

def column_runs(toks: list[Tok]) -> list[list[MappedStr]]:
    """Runs of a column line: split at gaps of 2+ spaces, then digits/Latin apart from Persian."""
    runs: list[list[MappedStr]] = []
    for t in toks:
        if not runs or t.gap >= 2:
            runs.append([t.text])
        else:
            runs[-1].append(t.text)
    out: list[list[MappedStr]] = []
    for run in runs:
        groups: list[list[MappedStr]] = []
        for w in run:
            ltr = is_ltr(w.text)
            if groups and ltr == is_ltr(groups[-1][-1].text) and not _ONLY_PUNCT.match(w.text):
                groups[-1].append(w)
            elif groups and _ONLY_PUNCT.match(w.text):
                groups[-1].append(w)
            else:
                groups.append([w])
        out.extend(groups)
    return out


def reversed_reading(runs: list[list[MappedStr]], lex: _lexicon.Lexicon) -> list[MappedStr]:
    words: list[MappedStr] = []
    for run in reversed(runs):
        lead, rest = _split_lead_punct(run)
        rest = [_mirror(w) for w in rest]
        if lead is not None and rest:
            rest[-1] = rest[-1] + _mirror(lead)
        elif lead is not None:
            rest = [_mirror(lead)]
        words.extend(rest)
    return merge_split_words(_move_brackets(words), lex)


def identity_reading(toks: list[Tok], lex: _lexicon.Lexicon, merge: bool = True) -> list[MappedStr]:
    words = fix_bracket_sides([t.text for t in toks])
    return merge_split_words(words, lex) if merge else words


def column_candidates(line: MappedStr, scorer: Scorer, toks: list[Tok] | None = None) -> list[Candidate]:
    toks = tokens(line) if toks is None else toks
    if not toks:
        return [Candidate([], 0.0, "identity")]
    lex = scorer.lex
    ident = identity_reading(toks, lex)
    cands = [Candidate(ident, scorer.candidate_score([w.text for w in ident], edges=False), "identity")]
    if (any(t.gap >= 2 for t in toks) or _has_visual_signs(toks)) and len(line.text) <= MAX_COLUMN_LINE:
        runs = column_runs(toks)
        if len(runs) > 1:
            rev = reversed_reading(runs, lex)
            score = scorer.candidate_score([w.text for w in rev], edges=False)
            score += sum(scorer.lw.get(k, 0.0) * v for k, v in reversal_features(line.text).items())
            # the prior counts the runs the gaps make (digits and Latin split off do not count: a
            # justified line «... 16 کارخانه» has one wide gap, not three runs)
            gap_runs = 1 + sum(1 for t in toks[1:] if t.gap >= 2)
            cands.append(Candidate(rev, score, "reversed", max(gap_runs, 2)))
    return cands


def reversal_features(line_text: str) -> dict[str, float]:
    """Marks of a line that is in order, which reversing it would spoil: it ends with a full stop
    (in visual order a run's final punctuation comes out at the run's start)."""
    t = line_text.rstrip()
    return {"rev_final_punct": 1.0} if t and t[-1] in ".!?؟" and len(t) > 1 and t[-2] not in ".!?؟" else {}


def _has_visual_signs(toks: list[Tok]) -> bool:
    """Punctuation at the start of a word in a line of several runs: the mark of visual order."""
    return any(len(t.text.text) > 1 and t.text.text[0] in ".،:؛" and _PERSIAN.match(t.text.text[1]) for t in toks[1:])


# -- glued lines ---------------------------------------------------------------------------------

def _piece_ok(piece: str, lex: _lexicon.Lexicon) -> bool:
    """Can this piece of a glued token stand as a word of its own?"""
    if piece in SUFFIX_ATOMS or piece in PREFIX_ATOMS:
        return True
    if len(piece) < 2:
        return False
    z = lex.zipf(piece)
    return z >= (4.5 if len(piece) == 2 else 3.5 if len(piece) == 3 else 2.5)


def _word_break(seg: str, lex: _lexicon.Lexicon, max_pieces: int = 5) -> list[list[int]]:
    """Cut points of the best few segmentations of ``seg`` into words and affixes."""
    n = len(seg)
    best: list[list[tuple[float, tuple[int, ...]]]] = [[] for _ in range(n + 1)]
    best[0] = [(0.0, ())]
    for i in range(1, n + 1):
        opts = []
        for j in range(max(0, i - 16), i):
            if not best[j] or not _piece_ok(seg[j:i], lex):
                continue
            piece = seg[j:i]
            # unigram segmentation: log10 p(piece) = zipf - 9; affixes count as frequent words
            q = 5.5 if piece in SUFFIX_ATOMS or piece in PREFIX_ATOMS else min(lex.zipf(piece), 6.0)
            for sc, cuts in best[j]:
                if len(cuts) + 1 <= max_pieces:
                    opts.append((sc + q - 9.0, cuts + ((j,) if j else ())))
        opts.sort(reverse=True)
        best[i] = opts[:3]
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
    for i in range(1, n):
        a, b = word[i - 1], word[i]
        ka, kb = _char_kind(a), _char_kind(b)
        if {ka, kb} == {"P", "L"}:
            script.append(i)  # Persian against digits/Latin
        elif (ka == "close" and kb in "PL") or (ka in "PL" and kb == "open"):
            script.append(i)  # «(ادامه)وکار», «حمایت(دلار»
        elif ka == "punct" and kb == "P" and i > 1 and _char_kind(word[i - 2]) in "PL":
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


def glue_strength(toks: list[Tok], lex: _lexicon.Lexicon) -> int:
    """How strongly a line shows glued visual runs: 0 not at all, 1 a glued token that splits into
    words (also a missing space in text that is in order: «نظرجغرافیایی»), 2 an affix or
    punctuation on the wrong end of a run (a line starting with «های», «میمحصول», «.شوند»), or
    digits/Latin glued between Persian words («شد2005قطب»)."""
    if not toks:
        return 0
    first = toks[0].text.text
    # a line that opens with a suffix: in a slide deck a run boundary; in a wrapped column more often
    # a suffix carried over from the line before («فعالیت» / «های اعضا»), so only a weak mark
    lead_suffix = len(toks) > 1 and _lexicon.joined(_om.bare(first)) in SUFFIX_ATOMS and first == _om.bare(first)
    if len(first) > 1 and first[0] in LEAD_PUNCT and _PERSIAN.match(first[1]):
        return 2
    if len(toks) >= 3 and _split_across(toks, lex):
        return 2
    strength = 1 if lead_suffix else 0
    for t in toks:
        w = re.sub(r"[()\[\]«»]", "", t.text.text)
        core = _om.bare(w)
        if not core or not _PERSIAN.search(core):
            continue
        if w[:1] in LEAD_PUNCT and _lexicon.joined(w[1:]) in SUFFIX_ATOMS:
            return 2  # «-ای»: a run that starts with its final punctuation and a suffix
        if re.search(rf"[{_PL}]%?\d+%|%\d+[{_PL}]|[{_PL}][A-Za-z][^ ]*[{_PL}]", w):
            return 2  # a percentage or a Latin code glued between Persian words: slide runs
        if re.search(rf"[{_PL}]\d|\d[{_PL}]|[{_PL}][A-Za-z]|[A-Za-z][{_PL}]", w):
            strength = max(strength, 1)
            continue
        if len(core) < 4 or lex.zipf(core) >= 1.0:
            continue
        j = _lexicon.joined(core)
        for cuts in _word_break(j, lex)[:1]:
            strength = max(strength, 1)
            pieces = [j[a:b] for a, b in zip([0] + cuts, cuts + [len(j)])]
            for k, p in enumerate(pieces):
                if p in SUFFIX_ATOMS and (k == 0 or pieces[k - 1] in PREFIX_ATOMS + SUFFIX_ATOMS):
                    return 2
                if p in PREFIX_ATOMS and (k == len(pieces) - 1 or lex.word_class(pieces[k + 1]) != "VERB"):
                    return 2
    return strength


def _split_across(toks: list[Tok], lex: _lexicon.Lexicon) -> bool:
    """A word cut in two by the run order: its end opens the line and its start closes it
    («المللی ... و بین» = «بین‌المللی», «یه ... توج» = «توجیه»)."""
    head = _lexicon.joined(_om.bare(toks[0].text.text))
    tail = _lexicon.joined(_om.bare(toks[-1].text.text))
    if not head or not tail or not _PERSIAN.search(head) or not _PERSIAN.search(tail):
        return False
    if lex.listed(tail + head) < 3.5:
        return False
    # one half is no word, or only a fragment hazm lists without a part of speech
    return lex.zipf(head) <= 1.0 or lex.zipf(tail) <= 1.0 or lex.tags.get(head) is None and lex.tags.get(head + "ی") is None \
        and head in lex.words and lex.words[head] < 5.0 and not lex.classes.get(head)


def looks_glued(toks: list[Tok], lex: _lexicon.Lexicon) -> bool:
    return glue_strength(toks, lex) > 0


@dataclass
class _Atom:
    text: MappedStr
    space_before: bool  # a space separates it from the previous atom
    token: int


class _Lattice:
    """The words a glued line can be made of (pieces of its tokens) and the best run segmentations."""

    def __init__(self, toks: list[Tok], scorer: Scorer):
        self.scorer = scorer
        self.MISSING_SPACE = scorer.lw["glue_missing_space"]
        self.RUN_BREAK_GLUE = scorer.lw["glue_break_glue"]
        self.RUN_BREAK_SPACE = scorer.lw["glue_break_space"]
        lex = scorer.lex
        atoms: list[_Atom] = []
        spans: set[tuple[int, int]] = set()
        for k, t in enumerate(toks):
            w = t.text
            segs = _segmentations(w.text, lex)
            cuts = sorted({c for seg in segs for c in seg if 0 < c < len(w.text)})
            first = len(atoms)
            prev = 0
            index_of = {}
            for j, p in enumerate(cuts + [len(w.text)]):
                index_of[prev] = len(atoms)
                atoms.append(_Atom(w[prev:p], j == 0 and k > 0, k))
                prev = p
            index_of[len(w.text)] = len(atoms)
            lead = re.match(rf"[{re.escape(LEAD_PUNCT)}]+(?=[{_PL}])", w.text)
            if not lead or len(atoms) - first == 1:
                spans.add((first, len(atoms)))  # the token whole (not «-ای»: its mark starts a run)
            for seg in segs:
                pts = [0] + [c for c in sorted(seg) if 0 < c < len(w.text)] + [len(w.text)]
                for a, b in zip(pts, pts[1:]):
                    spans.add((index_of[a], index_of[b]))
        self.atoms = atoms
        self.split_edge = -1
        if len(toks) >= 3 and _split_across(toks, lex):
            self.split_edge = next(i for i, a in enumerate(atoms) if a.token == 1)
        keys = [_lexicon.joined(a.text.text) for a in atoms]
        self._affix_edges = [keys[i] in SUFFIX_ATOMS or (i > 0 and keys[i - 1] in PREFIX_ATOMS) or i == self.split_edge
                             for i in range(len(atoms))]
        # digits and Latin are runs of their own: a run never mixes them with Persian
        self.script = ["L" if is_ltr(a.text.text) else "R" if _PERSIAN.search(a.text.text) else "N" for a in atoms]
        # punctuation glued to the start of a word («-ای», «.شوند») is the visual start of a run
        self.run_start = [bool(_ONLY_PUNCT.match(a.text.text)) and all(c in LEAD_PUNCT for c in a.text.text)
                          and i + 1 < len(atoms) and not atoms[i + 1].space_before
                          and bool(_PERSIAN.match(atoms[i + 1].text.text[:1]))
                          for i, a in enumerate(atoms)]
        self.words: dict[int, list[tuple[int, MappedStr]]] = {}
        for a, b in sorted(spans):
            text = atoms[a].text
            for i in range(a + 1, b):
                text = text + atoms[i].text
            self.words.setdefault(a, []).append((b, text))

    def affix_edge(self, i: int) -> bool:
        """Is the boundary before atom ``i`` an affix on the wrong end of a run, or the end of a word
        whose start closes the line (see :func:`_split_across`)?"""
        return self._affix_edges[i]

    def best_run(self, s: int, e: int, cache: dict) -> tuple[float, list[MappedStr]] | None:
        """Best segmentation of atoms [s, e) into the words of one run (raw order = logical order).

        One forward pass from ``s`` gives the answer for every end at once (cached per ``s``)."""
        if s not in cache:
            cache[s] = self._runs_from(s)
        return cache[s].get(e)

    def _runs_from(self, s: int) -> dict[int, tuple[float, list[MappedStr]]]:
        sc = self.scorer
        n = len(self.atoms)
        # a run never mixes Persian with digits/Latin, and glued leading punctuation starts one
        limit = n
        kinds = set()
        for i in range(s, n):
            kinds.add(self.script[i])
            if ("L" in kinds and "R" in kinds) or (i > s and self.run_start[i]):
                limit = i
                break
        states: dict[int, list[tuple[float, list[MappedStr]]]] = {s: [(0.0, [])]}
        for i in range(s, limit):
            for score, words in states.get(i, ()):
                for j, text in self.words.get(i, ()):
                    if j > limit:
                        continue
                    add = sc.unigram(text.text)
                    if words:
                        add += sc.junction(words[-1].text, text.text)
                        if not self.atoms[i].space_before:
                            add += self.MISSING_SPACE
                    lst = states.setdefault(j, [])
                    lst.append((score + add, words + [text]))
                    if len(lst) > 2:
                        lst.sort(key=lambda x: -x[0])
                        del lst[2:]
        out = {}
        for e, got in states.items():
            if e > s and not self.run_start[e - 1]:
                out[e] = max(got, key=lambda x: x[0])
        return out


def glued_candidate(line: MappedStr, scorer: Scorer, before: str | None = None,
                    after: str | None = None) -> Candidate | None:
    """The best reading of a glued visual line: split points and run order searched together.

    Punctuation at the very end of the raw line belongs at the end of the reading («فعالیت،» last in
    the raw line, «... مینمایند،» in the reading)."""
    line = line.strip(" ")
    tail = None
    m = re.search(rf"(?<=[{_PL}])[{re.escape(LEAD_PUNCT)}]+$", line.text)
    if m and m.start() > 0:
        line, tail = line[:m.start()], line[m.start():]
    toks = tokens(line)
    if len(toks) > 24 or len(line.text) > MAX_GLUED_LINE:
        return None
    lat = _Lattice(toks, scorer)
    atoms = lat.atoms
    n = len(atoms)
    if n < 2 or n > 48:
        return None
    cache: dict = {}
    # Runs come out right to left in logical order, so the search walks the raw line from its end.
    # beams[s]: readings whose last emitted run starts at atom s: (score, words, runs)
    beams: dict[int, list[tuple[float, list[MappedStr], int, float]]] = {n: [(0.0, [], 0, 0.0)]}
    for e in range(n, 0, -1):
        for score, words, nruns, breaks in beams.pop(e, ()):
            for s in range(e - 1, -1, -1):
                run = lat.best_run(s, e, cache)
                if run is None:
                    continue
                rsc, rwords = run
                rwords = _run_lead_punct(rwords)
                add = rsc
                brk = 0.0
                if words:
                    add += scorer.junction(words[-1].text, rwords[0].text)
                    brk = lat.RUN_BREAK_SPACE if atoms[e].space_before else lat.RUN_BREAK_GLUE
                    if lat.affix_edge(e):
                        brk += scorer.lw["glue_break_affix"]
                else:  # the reading's first word: a text cannot open with «های» (ranks the beams only)
                    add += scorer.edge_score(rwords[0].text, None)
                if s == 0:
                    add += scorer.edge_score(None, rwords[-1].text)
                beams.setdefault(s, []).append((score + add + brk, words + rwords, nruns + 1, breaks + brk))
        for k in beams:
            if len(beams[k]) > 6:
                beams[k].sort(key=lambda x: -x[0])
                del beams[k][6:]
    best, best_rank = None, 0.0
    for score, words, nruns, breaks in beams.get(0, ()):
        words = _merge_fragments(fix_bracket_sides([w for w in words if w.text]), scorer.lex)
        if tail is not None and words:
            words[-1] = words[-1] + tail
        texts = [w.text for w in words]
        total = scorer.candidate_score(texts, before, after, edges=False) + breaks
        # rank as a text of its own (a slide line cannot open with «های»), keep the score without
        rank = total + scorer.edge_score(texts[0], None) + scorer.edge_score(None, texts[-1]) if texts else total
        if best is None or rank > best_rank:
            best, best_rank = Candidate(_attach_affixes(words), total, "glued", nruns, texts), rank
    return best


def _merge_fragments(words: list[MappedStr], lex: _lexicon.Lexicon) -> list[MappedStr]:
    """Two pieces of one word cut apart at any letter («توج» + «یه» -> «توجیه»)."""
    out: list[MappedStr] = []
    for w in words:
        if out:
            a, b = out[-1].text, w.text
            if (_PERSIAN.search(a[-1:]) and _PERSIAN.match(b[:1])
                    and (lex.zipf(a) <= 1.0 or lex.zipf(b) <= 1.0) and lex.zipf(a + b) >= 3.0):
                out[-1] = out[-1] + w
                continue
        out.append(w)
    return out


def _run_lead_punct(words: list[MappedStr]) -> list[MappedStr]:
    """A run's final punctuation came out at its visual start: move it back to the run's end."""
    if len(words) > 1 and _ONLY_PUNCT.match(words[0].text) and all(c in LEAD_PUNCT for c in words[0].text):
        return words[1:-1] + [words[-1] + words[0]]
    return words


def _attach_affixes(words: list[MappedStr]) -> list[MappedStr]:
    """Affixes that were runs of their own re-attached to their word («خوشه» + «های»)."""
    out: list[MappedStr] = []
    for w in words:
        j = _lexicon.joined(w.text)
        prev = out[-1].text if out else ""
        if out and j in SUFFIX_ATOMS and _PERSIAN.match(prev[-1:] or "x"):
            out[-1] = out[-1] + w  # «خوشه» + «های»
            continue
        if out and _lexicon.joined(prev) in PREFIX_ATOMS and _PERSIAN.match(w.text[:1] or "x"):
            out[-1] = out[-1] + w  # «می» + «نمایند»
            continue
        out.append(w)
    return out


# -- one line on its own -------------------------------------------------------------------------

@dataclass
class LineInfo:
    """What a cheap look at a line tells: its tokens, wide gaps, how glued it looks."""

    toks: list[Tok]
    wide_gap: bool
    glue: int

    @property
    def clean(self) -> bool:
        """Nothing in this line suggests visual order: its word pairs can teach the document's bigrams."""
        return not self.wide_gap and self.glue == 0


def inspect(line: MappedStr, lex: _lexicon.Lexicon) -> LineInfo:
    toks = tokens(line)
    long_line = len(line.text) > MAX_GLUED_LINE
    return LineInfo(toks, any(t.gap >= 2 for t in toks), 0 if long_line else glue_strength(toks, lex))


def line_candidates(line: MappedStr, scorer: Scorer, glued_mode: bool = True,
                    info: LineInfo | None = None) -> list[Candidate]:
    """The readings of a line worth comparing, each scored without the neighbouring lines.

    ``glued_mode``: the document is a slide deck whose lines come out glued, so a token that merely
    splits into words is reason enough to search; otherwise only the strong marks are. A line that
    shows no mark of visual order gets its one reading, unscored (nothing to compare it with)."""
    info = info or inspect(line, scorer.lex)
    # outside slide decks a line with wide gaps is a column line: its reversal is read from the gaps
    search_glued = info.glue >= 1 if glued_mode else (info.glue >= 2 and not info.wide_gap)
    if not info.wide_gap and not search_glued and not _has_visual_signs(info.toks):
        return [Candidate(identity_reading(info.toks, scorer.lex, merge=False), 0.0, "identity")]
    cands = column_candidates(line, scorer, info.toks)
    if search_glued:
        g = glued_candidate(line, scorer)
        if g is not None and [w.text for w in g.words] != [w.text for w in cands[0].words]:
            cands.append(g)
    return cands


def repair_line(line: MappedStr, before: str | None = None, after: str | None = None,
                scorer: Scorer | None = None) -> MappedStr:
    """The most plausible reading of one line (see :func:`pipeline.repair.order_model.best_order`)."""
    scorer = scorer or Scorer()
    cands = line_candidates(line, scorer)

    def total(c: Candidate) -> float:
        s = c.score
        if c.words:
            s += scorer.junction(before, c.first) if before else scorer.edge_score(c.first, None)
            s += scorer.junction(c.last, after) if after else scorer.edge_score(None, c.last)
        return s

    best = max(cands, key=total)
    return best.text()
