"""Full-text search over the documents' normalized text and the facts' evidence (SQLite FTS5).

The indexes (``documents_fts``, ``facts_fts``, tokenizer ``unicode61``) hold the normalized text as
stored. The query goes through the same normalizer (:func:`pipeline.repair.normalize_query`: Persian
letters for Arabic ones, ASCII digits), and then through steps of its own, because Persian writes
one word several ways and ``unicode61`` splits at a space or a zero-width non-joiner but not where
the non-joiner is missing. Rather than rewrite the stored text (and lose the exact passage to show,
and Datasette's view of the same index), each word of the query becomes the alternatives that cover
its spellings, as FTS5 phrases:

- affixes written with a non-joiner, a space or glued on: «خوشه‌های», «خوشه های», «خوشههای»::

    خوشه‌های  ->  ("خوشه های" OR "خوشههای")
    خوشه      ->  ("خوشه" OR "خوشهها" OR "خوشههای" OR "خوشههایی" OR "خوشهای" OR "خوشۀ" ...)

  Only the affixes below are split or joined: plural ها/های/هایی (and with a pronoun), ترین/تر,
  the ezafe ای/ی after a word, the verb prefixes می/نمی, and parts a non-joiner joins in the query
  (so «دست‌باف» also finds «دستباف» and «دست باف»); a final ه also matches ۀ.
- the conjunction «و» between two words, written apart, glued to the second word, joined by a
  non-joiner or run together: «کسب و کار», «کسب وکار», «کسب‌وکار», «کسبوکار» are one compound,
  whichever the query uses, and the compound is searched as all four phrases. A word that starts with
  «و» is the conjunction glued to a word when the rest is a word and the whole is much rarer than the
  rest in the lexicon («وکار» is «و» + «کار»; «ورود», «وزن», «وام» are words of their own). For
  the same reason a bare word also finds it with «و» glued on («کار» finds «وکار»).
- function words (``data/function_words.txt``: «در», «از», «را», «این» ...) are not searched for
  on their own: they would match nearly every line. They count inside a quoted phrase, and a query
  of nothing else («می‌شود») searches them.

Every user term is quoted, so no user input is FTS syntax. FTS5 picks the documents (all groups must
occur) and bm25 orders them; the passages (lines) are then matched here, with the same alternatives
and a tokenizer that splits like ``unicode61``, so each passage knows which of the query's groups it
holds. Passages rank by coverage first (the query's groups in order as one phrase, then all groups,
then how many) and by their document's bm25 after that; a mark covers a match as written in the text
(«[کسب‌وکار]», not «[کسب]‌وکار»).

Query syntax: words (all must occur), "a quoted phrase" (its words in order), ``word*`` (prefix).
"""
from __future__ import annotations

import bisect
import functools
import itertools
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import UsageError

ZWNJ = "\u200c"
VAV = "و"
# Suffixes written after a word with a non-joiner, a space or glued on; longest first.
SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها", "ترین", "تر", "ای", "ی")
# Suffixes recognized at the end of a glued query word (ای and ی end too many plain words: معنای، صنعتی).
GLUED_SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایش", "هایی", "های", "ها", "ترین")
# Glued forms a bare word also stands for (its plural, its plural with ezafe; ای after a final ه).
STEM_FORMS = ("ها", "های", "هایی")
PREFIXES = ("نمی", "می")
_HEH_EZAFE = {"ه": "ۀ", "ۀ": "ه"}
QUOTES = '"“”'
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: where unicode61 splits (space, ZWNJ, marks, punctuation)
_PERSIAN_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06d5]+")
_MAX_ALTERNATIVES = 64
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

# «و» glued to a word: the glued form must be this much rarer (zipf) than the word alone. Measured on
# the lexicon: «ونقل» 3.3 vs «نقل» 5.1, «وکار» 3.1 vs «کار» 6.3 are glued; «وام» 4.5 vs «ام» 5.7,
# «وزن» 5.0 vs «زن» 5.9, «ورود» 5.2 vs «رود» 5.1 are words of their own.
GLUE_MARGIN = 1.5
CONTENT_ZIPF = 3.0    # a word the lexicon knows well enough to be one half of a compound


# --- words the query treats specially ---------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Persian function words (``data/function_words.txt``), written without a non-joiner."""
    with open(os.path.join(DATA, "function_words.txt"), encoding="utf-8") as fh:
        return frozenset(line.strip().replace(ZWNJ, "") for line in fh if line.strip() and not line.startswith("#"))


def _lexicon():
    from pipeline.repair import lexicon

    return lexicon.load()


def _content_word(tok: str) -> bool:
    """A Persian word of the lexicon that is no function word: a half of a compound, a word after «و»."""
    return (len(tok) >= 2 and bool(_PERSIAN_WORD.fullmatch(tok)) and tok not in function_words()
            and _lexicon().zipf(tok) >= CONTENT_ZIPF)


@functools.lru_cache(maxsize=4096)
def vav_glued(rest: str) -> bool:
    """Is «و» + ``rest`` the conjunction glued to the word ``rest`` («وکار»), not a word of its own («ورود»)?"""
    if not _content_word(rest):
        return False
    lex = _lexicon()
    return lex.zipf(VAV + rest) <= lex.zipf(rest) - GLUE_MARGIN


@functools.lru_cache(maxsize=4096)
def split_joined_compound(tok: str) -> tuple[str, str] | None:
    """«کسبوکار» -> («کسب», «کار»): two words run together through «و», or None.

    Both halves are words of three letters or more (two-letter words end too many plain words:
    «خشنودی», «ناموسی»), «و» glued to the second is the conjunction (:func:`vav_glued`), the first
    with «و» is not a word («دارو» + «خانه» is «داروخانه») and the whole is rarer than its halves.
    A wrong split costs little: the query keeps the joined spelling among its alternatives.
    """
    if len(tok) < 7 or not _PERSIAN_WORD.fullmatch(tok):
        return None
    lex = _lexicon()
    for i in range(3, len(tok) - 3):
        if tok[i] != VAV:
            continue
        first, second = tok[:i], tok[i + 1:]
        if (_content_word(first) and vav_glued(second) and lex.zipf(first + VAV) < CONTENT_ZIPF
                and lex.zipf(tok) <= min(lex.zipf(first), lex.zipf(second)) - 1.0):
            return first, second
    return None


# --- the query --------------------------------------------------------------------------------------
@dataclass
class Word:
    """One word of the query: its tokens and which joins between them are soft (may be written either way)."""

    tokens: list[str]
    soft: list[bool]  # soft[i]: the join between tokens[i] and tokens[i+1]
    prefix: bool = False

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    @property
    def compound(self) -> bool:
        """Two words joined by the conjunction «و» (written apart, glued or run together)."""
        return any(t == VAV and 0 < i < len(self.tokens) - 1 for i, t in enumerate(self.tokens))

    def alternatives(self, stem_forms: bool = True, level: int = 2) -> list[tuple[str, ...]]:
        """The token sequences this word may be written as. Level 2: every spelling; 1: the soft joins
        only (a long phrase); 0: as typed."""
        seqs: list[tuple[str, ...]] = []
        soft_at = [i for i, s in enumerate(self.soft) if s][:4] if level else []
        for joins in itertools.product((False, True), repeat=len(soft_at)):
            joined = dict(zip(soft_at, joins))
            seq = [self.tokens[0]]
            for i, tok in enumerate(self.tokens[1:]):
                if joined.get(i):
                    seq[-1] += tok
                else:
                    seq.append(tok)
            seqs.append(tuple(seq))
        if level >= 2 and not self.prefix:
            for seq in list(seqs):
                for i, tok in enumerate(seq):
                    for split in _glued_splits(tok):
                        seqs.append(seq[:i] + split + seq[i + 1:])
            if stem_forms and len(self.tokens) == 1 and len(seqs) == 1:
                seqs.extend((form,) for form in _stem_forms(self.tokens[0]))
            elif stem_forms and self.compound:  # «کسب و کار» also finds «کسب و کارها»
                seqs.extend([seq[:-1] + (form,) for seq in seqs for form in _stem_forms(seq[-1])])
            # the ezafe after a final ه is also written ۀ (خوشۀ فرش): one letter, another token
            seqs.extend([tuple(map(_swap_final_heh, seq)) for seq in seqs[:1] if any(map(_ends_in_heh, seq))])
            # «و» glued on the first word («وکار» for «کار»), unless that makes a word of its own
            if len(self.tokens[0]) >= 3 and vav_glued(self.tokens[0]):
                seqs.extend([(VAV + seq[0],) + seq[1:] for seq in seqs])
        return list(dict.fromkeys(seqs))


def _ends_in_heh(tok: str) -> bool:
    return len(tok) > 1 and tok[-1] in _HEH_EZAFE


def _swap_final_heh(tok: str) -> str:
    return tok[:-1] + _HEH_EZAFE[tok[-1]] if _ends_in_heh(tok) else tok


def _is_word(tok: str) -> bool:
    return not tok.isdigit() and len(tok) >= 2


def _glued_splits(tok: str) -> list[tuple[str, ...]]:
    out = []
    if _is_word(tok):
        for suffix in GLUED_SUFFIXES:
            stem = tok[: -len(suffix)]
            if tok.endswith(suffix) and len(stem) >= 2:
                out.append((stem, suffix))
                break
        for prefix in PREFIXES:
            rest = tok[len(prefix):]
            if tok.startswith(prefix) and len(rest) >= 2:
                out.append((prefix, rest))
                break
    return out


def _stem_forms(tok: str) -> list[str]:
    if len(tok) < 3 or tok.isdigit() or not re.search(r"[\u0600-\u06ff]", tok) or tok in SUFFIXES:
        return []
    forms = [tok + s for s in STEM_FORMS]
    if tok.endswith("ه"):
        forms.append(tok + "ای")
    return forms


def _words_of(chunk: str) -> Word | None:
    """A whitespace-free piece of the query as a Word; None if it holds no letters or digits."""
    prefix = chunk.endswith("*")
    matches = list(_TOKEN.finditer(chunk))
    if not matches:
        return None
    tokens = [m.group() for m in matches]
    soft = []
    for a, b in zip(matches, matches[1:]):
        gap = chunk[a.end():b.start()]
        thousands = gap in (",", "٬") and a.group().isdigit() and len(b.group()) == 3 and b.group().isdigit()
        soft.append(bool(gap) and (set(gap) <= {ZWNJ} or thousands))
    return Word(tokens, soft, prefix)


def _merge_affixes(words: list[Word]) -> list[Word]:
    """«خوشه های» typed with a space is one word: a lone suffix joins the word before, a lone prefix the next."""
    out: list[Word] = []
    pending_prefix: Word | None = None
    for w in words:
        if pending_prefix is not None:
            w = Word(pending_prefix.tokens + w.tokens, pending_prefix.soft + [True] + w.soft, w.prefix)
            pending_prefix = None
        lone = len(w.tokens) == 1 and not w.prefix
        if lone and w.tokens[0] in SUFFIXES and out and not out[-1].prefix:
            prev = out.pop()
            out.append(Word(prev.tokens + w.tokens, prev.soft + [True], False))
        elif lone and w.tokens[0] in PREFIXES:
            pending_prefix = w
        else:
            out.append(w)
    if pending_prefix is not None:
        out.append(pending_prefix)
    return out


def _split_vav(word: Word) -> Word:
    """Each «وX» (the conjunction glued to a word) and «XوY» (a compound run together) of a word split at «و».

    The joins around the «و» are soft: the alternatives write it apart, glued or run together again.
    """
    tokens: list[str] = []
    soft: list[bool] = []
    for i, tok in enumerate(word.tokens):
        last = word.prefix and i == len(word.tokens) - 1  # «وکا*»: a prefix is taken as typed
        parts = [tok]
        if not last and len(tok) > 2 and tok.startswith(VAV) and vav_glued(tok[1:]):
            parts = [VAV, tok[1:]]
        elif not last and (halves := split_joined_compound(tok)):
            parts = [halves[0], VAV, halves[1]]
        if i:
            soft.append(word.soft[i - 1])
        tokens.append(parts[0])
        for p in parts[1:]:
            soft.append(True)
            tokens.append(p)
    return Word(tokens, soft, word.prefix)


def _is_content(word: Word) -> bool:
    """A Persian word that is no function word: what may stand on either side of a compound's «و»."""
    return bool(_PERSIAN_WORD.fullmatch(word.tokens[0])) and word.joined not in function_words()


def _join_compounds(words: list[Word]) -> list[Word]:
    """«کسب» «و» «کار» and «کسب» «وکار» as one word «کسب و کار»; a «و» not between two words is dropped."""
    out: list[Word] = []
    pending = False  # out[-1] ends with a lone «و» that waits for the next word
    for w in map(_split_vav, words):
        if w.tokens[0] == VAV:
            rest = Word(w.tokens[1:], w.soft[1:], w.prefix)
            can_join = bool(out) and not pending and not out[-1].prefix and _is_content(out[-1])
            if can_join and not rest.tokens:
                prev = out.pop()
                out.append(Word(prev.tokens + [VAV], prev.soft + [True]))
                pending = True
                continue
            if can_join and _is_content(rest):
                prev = out.pop()
                out.append(Word(prev.tokens + w.tokens, prev.soft + [True] + w.soft, w.prefix))
                continue
            w = rest  # the conjunction alone: a function word
            if not w.tokens:
                continue
        if pending:
            prev = out.pop()
            if _is_content(w):
                out.append(Word(prev.tokens + w.tokens, prev.soft + [True] + w.soft, w.prefix))
                pending = False
                continue
            out.append(Word(prev.tokens[:-1], prev.soft[:-1], prev.prefix))
        out.append(w)
        pending = False
    if pending:
        prev = out.pop()
        out.append(Word(prev.tokens[:-1], prev.soft[:-1], prev.prefix))
    return out


def parse(query: str) -> list[list[Word]]:
    """The query as groups: each group is a phrase (quoted) or a single word; all groups must match.

    Outside quotes a function word is no group of its own; a compound «X و Y» is one word.
    """
    from pipeline.repair import normalize_query

    text = normalize_query(query)
    for q in QUOTES[1:]:
        text = text.replace(q, '"')
    if text.count('"') % 2:
        raise UsageError('search: unbalanced " in the query: close the quoted phrase or drop the quote')
    groups: list[list[Word]] = []
    dropped: list[list[Word]] = []
    for i, segment in enumerate(text.split('"')):
        typed = _merge_affixes([w for w in map(_words_of, segment.split()) if w is not None])
        words = _join_compounds(typed)
        if not words and typed:  # a lone «و»: the conjunction is all that was asked for
            words = typed
        if i % 2:  # inside quotes: one phrase
            if words:
                groups.append(words)
            continue
        for w in words:
            if not w.compound and not w.prefix and w.joined in function_words():
                dropped.append([w])
            else:
                groups.append([w])
    if not groups:  # nothing but function words («می‌شود»): they are what was asked for
        groups = dropped
    if not groups:
        raise UsageError("search: the query has no words to search for")
    return groups


@dataclass
class Group:
    """What one group of the query may be written as in the text: token sequences (FTS5 phrases)."""

    alternatives: list[tuple[str, ...]]
    prefix: bool  # the last token of each sequence is a prefix (word*)

    def fts(self) -> str:
        phrases = list(dict.fromkeys(_phrase(seq, self.prefix) for seq in self.alternatives))
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def _phrase(tokens: tuple[str, ...], prefix: bool) -> str:
    text = " ".join(tokens).replace('"', '""')
    return f'"{text}"' + (" *" if prefix else "")


def _group_of(words: list[Word]) -> Group:
    """The phrase's alternatives: every word's, combined; a long phrase keeps fewer spellings of its longest words."""
    stem_forms = len(words) == 1
    levels = [2] * len(words)
    while True:
        choices = [w.alternatives(stem_forms, level) for w, level in zip(words, levels)]
        total = 1
        for c in choices:
            total *= len(c)
        if total <= _MAX_ALTERNATIVES or not any(levels):
            break
        widest = max((i for i, lv in enumerate(levels) if lv), key=lambda i: len(choices[i]))
        levels[widest] -= 1
    seqs = [tuple(t for seq in combo for t in seq) for combo in itertools.product(*choices)]
    return Group(list(dict.fromkeys(seqs)), words[-1].prefix)


def groups(query: str) -> list[Group]:
    return [_group_of(words) for words in parse(query)]


def fts_query(query: str) -> str:
    """The FTS5 MATCH expression for a user's query; every term is quoted."""
    return " AND ".join(g.fts() for g in groups(query))


# --- matching a passage -----------------------------------------------------------------------------
def _fold(tok: str) -> str:
    """A token as unicode61 (remove_diacritics 2) compares it: Latin case and accents folded, Persian as is."""
    if tok.isascii():
        return tok.lower()
    return "".join(unicodedata.normalize("NFD", ch)[0].lower() if ord(ch) < 0x250 else ch for ch in tok)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The tokens unicode61 makes of ``text`` (folded), with their [start, end) in it."""
    return [(_fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass
class Coverage:
    """Which of the query's groups a passage holds, where, and whether as the query's whole phrase."""

    groups: set[int]
    marks: list[tuple[int, int]]
    phrase: tuple[int, int] | None  # [start, end) of the query's groups in order, side by side

    def rank(self, n_groups: int) -> tuple[int, int, int]:
        """Higher is better: the whole phrase, then every group, then how many."""
        return (self.phrase is not None, len(self.groups) == n_groups, len(self.groups))


class Matcher:
    """The query's groups matched against a passage with the alternatives FTS5 searched for."""

    def __init__(self, query_groups: list[Group]):
        self.skippable = function_words()
        # per group: the sequences by their first token (a dictionary look-up per token of the text),
        # and the one-token prefixes (word*), which are compared by startswith
        self.groups: list[tuple[dict[str, list[tuple[str, ...]]], list[str], bool]] = []
        for g in query_groups:
            by_first: dict[str, list[tuple[str, ...]]] = {}
            starts = []
            for seq in dict.fromkeys(tuple(map(_fold, s)) for s in g.alternatives):
                if g.prefix and len(seq) == 1:
                    starts.append(seq[0])
                else:
                    by_first.setdefault(seq[0], []).append(seq)
            self.groups.append((by_first, starts, g.prefix))

    def _occurrences(self, toks: list[str], group: int) -> list[tuple[int, int]]:
        by_first, starts, prefix = self.groups[group]
        found = set()
        for i, tok in enumerate(toks):
            if starts and tok.startswith(tuple(starts)):
                found.add((i, i + 1))
            for seq in by_first.get(tok, ()):
                n = len(seq)
                if i + n > len(toks) or list(seq[1:-1]) != toks[i + 1:i + n - 1]:
                    continue
                last = toks[i + n - 1]
                if n == 1 or (last.startswith(seq[-1]) if prefix else last == seq[-1]):
                    found.add((i, i + n))
        return sorted(found)

    def cover(self, text: str) -> Coverage | None:
        toks = tokens(text)
        words = [t for t, _, _ in toks]
        found = [self._occurrences(words, g) for g in range(len(self.groups))]
        hit = {g for g, occ in enumerate(found) if occ}
        if not hit:
            return None
        spans = sorted((toks[s][1], toks[e - 1][2]) for occ in found for s, e in occ)
        marks: list[tuple[int, int]] = []
        for s, e in spans:  # overlapping matches, or matches apart only by a space or non-joiner, read as one
            if marks and (s <= marks[-1][1] or not text[marks[-1][1]:s].strip(" " + ZWNJ)):
                marks[-1] = (marks[-1][0], max(e, marks[-1][1]))
            else:
                marks.append((s, e))
        phrase = None
        if len(hit) == len(self.groups):
            chain = self._chain(words, found)
            if chain:
                phrase = (toks[chain[0]][1], toks[chain[1] - 1][2])
        return Coverage(hit, marks, phrase)

    def _chain(self, words: list[str], found: list[list[tuple[int, int]]]) -> tuple[int, int] | None:
        """The first run of the groups in the query's order with only function words between them."""
        for start, end in found[0]:
            pos, ok = end, True
            for occ in found[1:]:
                nxt = next(((s, e) for s, e in occ if s >= pos and all(w in self.skippable for w in words[pos:s])),
                           None)
                if nxt is None:
                    ok = False
                    break
                pos = nxt[1]
            if ok:
                return start, pos
        return None


# --- the results ------------------------------------------------------------------------------------
@dataclass
class Hit:
    """A passage that matched: a line of a document's text, or a fact's evidence."""

    kind: str                       # text | evidence
    document: str
    document_id: str
    page: int | None
    passage: str
    marks: list[tuple[int, int]]    # [start, end) of each match in the passage
    line: int | None = None         # line of the normalized text (from 1), for text hits
    offset: int | None = None       # where the passage starts in the normalized text, for text hits
    facts: list[dict[str, Any]] = field(default_factory=list)  # facts stated in the passage
    focus: tuple[int, int] | None = None  # the best match: the query's phrase, else the first mark

    def marked(self, open_: str = "[", close: str = "]") -> str:
        out, pos = [], 0
        for s, e in self.marks:
            out += [self.passage[pos:s], open_, self.passage[s:e], close]
            pos = e
        out.append(self.passage[pos:])
        return "".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "document": self.document, "document_id": self.document_id,
                "page": self.page, "line": self.line, "offset": self.offset, "passage": self.passage,
                "matches": [list(m) for m in self.marks], "marked": self.marked(), "facts": self.facts}


class _PageMap:
    """Normalized offset -> raw page, from the stored offset map and the raw text's form feeds."""

    def __init__(self, raw_text: str | None, offset_map: str | None):
        self.runs = json.loads(offset_map or "[]")
        self.starts = [r[0] for r in self.runs]
        raw = raw_text or ""
        self.breaks = [i for i, ch in enumerate(raw) if ch == "\f"]

    def page(self, offset: int) -> int:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return 1
        start, raw, n = self.runs[i]
        return bisect.bisect_right(self.breaks, raw + min(offset - start, max(n - 1, 0))) + 1


def _fact_summary(row: dict) -> dict[str, Any]:
    value = row["value_text"] if row["value_num"] is None else row["value_num"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {"fact_id": row["id"], "type": row["type"], "value": value, "unit": row["unit"],
            "qualifier": row["qualifier"], "page": row["page"]}


def _facts_in(db, doc_id: str, start: int, end: int) -> list[dict[str, Any]]:
    rows = db.query("select id, type, value_num, value_text, unit, qualifier, page from facts "
                    "where document_id = ? and span_start >= ? and span_start < ? order by span_start, type",
                    [doc_id, start, end])
    return [_fact_summary(r) for r in rows]


def _match(db, sql: str, params: list) -> list[dict]:
    import sqlite3

    try:
        return list(db.query(sql, params))
    except sqlite3.OperationalError as exc:  # our quoting should make this unreachable; say so plainly
        raise UsageError(f"search: the query cannot be searched: {exc}") from None


def search(db, query: str, limit: int = 20) -> list[Hit]:
    """Passages of the stored documents that match ``query``, best first.

    FTS5 finds the documents that hold every group of the query, best bm25 first. Each line of them
    that holds a group is a passage; passages rank by coverage (the query as one phrase, then every
    group, then how many), and within the same coverage the best line of every document comes before
    the second line of any, documents in bm25 order. Evidence that matched and lies outside the lines
    shown follows.
    """
    query_groups = groups(query)
    expr = " AND ".join(g.fts() for g in query_groups)
    matcher = Matcher(query_groups)
    n = len(query_groups)
    docs = _match(db, """
        select d.id, d.name, d.normalized_text
        from documents_fts join documents d on d.rowid = documents_fts.rowid
        where documents_fts match ? and d.status = 'ok'
        order by bm25(documents_fts) limit ?""", ["{normalized_text} : (" + expr + ")", max(5 * limit, 100)])
    ranked = []  # (sort key, document row, line number, offset, passage, coverage)
    for doc_rank, doc in enumerate(docs):
        offset, per_tier = 0, {}
        for number, passage in enumerate((doc["normalized_text"] or "").split("\n"), start=1):
            cov = matcher.cover(passage)
            if cov is not None:
                tier = cov.rank(n)
                nth = per_tier[tier] = per_tier.get(tier, -1) + 1
                ranked.append(((tuple(-x for x in tier), nth, doc_rank, number), doc, number, offset, passage, cov))
            offset += len(passage) + 1
    ranked.sort(key=lambda r: r[0])
    hits: list[Hit] = []
    pages: dict[str, _PageMap] = {}
    for _, doc, number, offset, passage, cov in ranked[:limit]:
        if doc["id"] not in pages:
            row = db.execute("select raw_text, offset_map from documents where id = ?", [doc["id"]]).fetchone()
            pages[doc["id"]] = _PageMap(*row)
        focus = cov.phrase or cov.marks[0]
        hits.append(Hit("text", doc["name"], doc["id"], pages[doc["id"]].page(offset + focus[0]), passage, cov.marks,
                        line=number, offset=offset, focus=focus,
                        facts=_facts_in(db, doc["id"], offset, offset + len(passage) + 1)))
    if len(hits) >= limit:
        return hits
    shown = {(h.document_id, h.offset, h.offset + len(h.passage) + 1) for h in hits}
    evidence = _match(db, """
        select f.*, d.name
        from facts_fts join facts f on f.rowid = facts_fts.rowid
        join documents d on d.id = f.document_id and d.status = 'ok'
        where facts_fts match ? order by bm25(facts_fts) limit ?""", [expr, limit * 5])
    grouped: dict[tuple[str, str], tuple[Coverage, Hit]] = {}
    for f in evidence:
        start = f["evidence_start"] if f["evidence_start"] is not None else -1
        if any(doc_id == f["document_id"] and s <= start < e for doc_id, s, e in shown):
            continue
        key = (f["document_id"], f["evidence"])
        if key not in grouped:
            cov = matcher.cover(f["evidence"] or "")
            if cov is None:
                continue
            grouped[key] = (cov, Hit("evidence", f["name"], f["document_id"], f["page"], f["evidence"], cov.marks,
                                     focus=cov.phrase or cov.marks[0]))
        grouped[key][1].facts.append(_fact_summary(f))
    best = sorted(grouped.values(), key=lambda ch: tuple(-x for x in ch[0].rank(n)))  # stable: bm25 within a tier
    hits.extend(h for _, h in best[: limit - len(hits)])
    return hits
