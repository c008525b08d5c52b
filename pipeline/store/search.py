"""Full-text search over the documents' normalized text and the facts' evidence (SQLite FTS5).

The indexes (``documents_fts``, ``facts_fts``, tokenizer ``unicode61``) hold the normalized text as
stored. The query goes through the same normalizer (:func:`pipeline.repair.normalize_query`: Persian
letters for Arabic ones, ASCII digits), and then through one step of its own: a Persian word is
written with its affixes joined by a zero-width non-joiner, by a space, or glued on — «خوشه‌های»,
«خوشه های», «خوشههای». ``unicode61`` splits at the non-joiner and the space, so the first two are
the phrase ``خوشه های`` in the index and the third is one token ``خوشههای``. Rather than rewrite the
stored text (and lose the exact passage to show), each word of the query becomes the alternatives
that cover all three spellings::

    خوشه‌های  ->  ("خوشه های" OR "خوشههای")
    خوشههای   ->  ("خوشههای" OR "خوشه های")
    خوشه      ->  ("خوشه" OR "خوشهها" OR "خوشههای" OR "خوشههایی" OR "خوشهای")

Only the affixes below are split or joined: plural ها/های/هایی (and with a pronoun), ترین/تر, the
ezafe ای/ی after a word, the verb prefixes می/نمی, and parts a non-joiner joins in the query (so
«دست‌باف» also finds «دستباف» and «دست باف»); a final ه also matches ۀ (خوشۀ, the ezafe written as
one letter). Every user term is quoted, so no user input is FTS syntax.

Query syntax: words (all must occur), "a quoted phrase" (its words in order), ``word*`` (prefix).
"""
from __future__ import annotations

import bisect
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import UsageError

ZWNJ = "\u200c"
# Suffixes written after a word with a non-joiner, a space or glued on; longest first.
SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها", "ترین", "تر", "ای", "ی")
# Suffixes recognized at the end of a glued query word (ای and ی end too many plain words: معنای، صنعتی).
GLUED_SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایش", "هایی", "های", "ها", "ترین")
# Glued forms a bare word also stands for (its plural, its plural with ezafe; ای after a final ه).
STEM_FORMS = ("ها", "های", "هایی")
PREFIXES = ("نمی", "می")
_HEH_EZAFE = {"ه": "ۀ", "ۀ": "ه"}
QUOTES = '"“”'
_TOKEN = re.compile(r"[^\W_]+")
_MAX_ALTERNATIVES = 64
OPEN, CLOSE = "\ue000", "\ue001"  # private-use markers around a match in FTS5 highlight()


# --- the query --------------------------------------------------------------------------------------
@dataclass
class Word:
    """One word of the query: its tokens and which joins between them are soft (may be written either way)."""

    tokens: list[str]
    soft: list[bool]  # soft[i]: the join between tokens[i] and tokens[i+1]
    prefix: bool = False

    def alternatives(self, stem_forms: bool = True) -> list[tuple[str, ...]]:
        seqs: list[tuple[str, ...]] = []
        soft_at = [i for i, s in enumerate(self.soft) if s][:4]
        for joins in itertools.product((False, True), repeat=len(soft_at)):
            joined = dict(zip(soft_at, joins))
            seq = [self.tokens[0]]
            for i, tok in enumerate(self.tokens[1:]):
                if joined.get(i):
                    seq[-1] += tok
                else:
                    seq.append(tok)
            seqs.append(tuple(seq))
        if not self.prefix:
            for seq in list(seqs):
                for i, tok in enumerate(seq):
                    for split in _glued_splits(tok):
                        seqs.append(seq[:i] + split + seq[i + 1:])
            if stem_forms and len(self.tokens) == 1 and len(seqs) == 1:
                seqs.extend((form,) for form in _stem_forms(self.tokens[0]))
            # the ezafe after a final ه is also written ۀ (خوشۀ فرش): one letter, another token
            seqs.extend([tuple(map(_swap_final_heh, seq)) for seq in seqs[:1] if any(map(_ends_in_heh, seq))])
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


def _phrase(tokens: tuple[str, ...], prefix: bool) -> str:
    text = " ".join(tokens).replace('"', '""')
    return f'"{text}"' + (" *" if prefix else "")


def parse(query: str) -> list[list[Word]]:
    """The query as groups: each group is a phrase (quoted) or a single word; all groups must match."""
    from pipeline.repair import normalize_query

    text = normalize_query(query)
    for q in QUOTES[1:]:
        text = text.replace(q, '"')
    if text.count('"') % 2:
        raise UsageError('search: unbalanced " in the query: close the quoted phrase or drop the quote')
    groups: list[list[Word]] = []
    for i, segment in enumerate(text.split('"')):
        words = [w for w in map(_words_of, segment.split()) if w is not None]
        if i % 2:  # inside quotes: one phrase
            words = _merge_affixes(words)
            if words:
                groups.append(words)
        else:
            groups.extend([w] for w in _merge_affixes(words))
    if not groups:
        raise UsageError("search: the query has no words to search for")
    return groups


def fts_query(query: str) -> str:
    """The FTS5 MATCH expression for a user's query; every term is quoted."""
    parts = []
    for group in parse(query):
        choices = [w.alternatives(stem_forms=len(group) == 1) for w in group]
        total = 1
        for c in choices:
            total *= len(c)
        if total > _MAX_ALTERNATIVES:  # a long phrase: keep each word as typed
            choices = [c[:1] for c in choices]
        phrases = []
        for combo in itertools.product(*choices):
            tokens = tuple(t for seq in combo for t in seq)
            phrases.append(_phrase(tokens, group[-1].prefix))
        phrases = list(dict.fromkeys(phrases))
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    return " AND ".join(parts)


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


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    out, marks, start = [], [], None
    pos = 0
    for ch in marked:
        if ch == OPEN:
            start = pos
        elif ch == CLOSE:
            if start is not None:
                marks.append((start, pos))
            start = None
        else:
            out.append(ch)
            pos += 1
    text = "".join(out)
    merged: list[tuple[int, int]] = []
    for s, e in marks:  # «[وب]‌[سایت]»: matches apart only by a space or non-joiner read as one
        if merged and not text[merged[-1][1]:s].strip(" \u200c"):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return text, merged


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
    """Passages of the stored documents that match ``query``, best documents first.

    Text passages come first: the lines of each matching document that hold a match (the best line
    of every document before the second line of any), each with the facts stated in it. Evidence that
    matched and lies outside those lines follows.
    """
    expr = fts_query(query)
    hits: list[Hit] = []
    per_doc: list[list[Hit]] = []
    docs = _match(db, f"""
        select d.id, d.name, d.raw_text, d.offset_map,
               highlight(documents_fts, 1, '{OPEN}', '{CLOSE}') as marked
        from documents_fts join documents d on d.rowid = documents_fts.rowid
        where documents_fts match ? and d.status = 'ok'
        order by bm25(documents_fts) limit ?""", ["{normalized_text} : (" + expr + ")", limit])
    for doc in docs:
        pages = _PageMap(doc["raw_text"], doc["offset_map"])
        lines: list[Hit] = []
        offset = 0
        for number, marked_line in enumerate((doc["marked"] or "").split("\n"), start=1):
            passage, marks = _unmark(marked_line)
            if marks:
                hit = Hit("text", doc["name"], doc["id"], pages.page(offset + marks[0][0]), passage, marks,
                          line=number, offset=offset,
                          facts=_facts_in(db, doc["id"], offset, offset + len(passage) + 1))
                lines.append(hit)
            offset += len(passage) + 1
        distinct = lambda h: len({re.sub(r"[\s\u200c]", "", h.passage[s:e]) for s, e in h.marks})  # noqa: E731
        lines.sort(key=lambda h: (-distinct(h), h.line))
        per_doc.append(lines)
    for rank in range(max((len(x) for x in per_doc), default=0)):
        for lines in per_doc:
            if rank < len(lines) and len(hits) < limit:
                hits.append(lines[rank])
    shown = {(h.document_id, h.offset, h.offset + len(h.passage) + 1) for h in hits}
    evidence = _match(db, f"""
        select f.*, d.name, highlight(facts_fts, 0, '{OPEN}', '{CLOSE}') as marked
        from facts_fts join facts f on f.rowid = facts_fts.rowid
        join documents d on d.id = f.document_id and d.status = 'ok'
        where facts_fts match ? order by bm25(facts_fts) limit ?""", [expr, limit * 5])
    grouped: dict[tuple[str, str], Hit] = {}
    for f in evidence:
        start = f["evidence_start"] if f["evidence_start"] is not None else -1
        if any(doc_id == f["document_id"] and s <= start < e for doc_id, s, e in shown):
            continue
        key = (f["document_id"], f["evidence"])
        if key not in grouped:
            passage, marks = _unmark(f["marked"] or "")
            grouped[key] = Hit("evidence", f["name"], f["document_id"], f["page"], passage, marks)
        grouped[key].facts.append(_fact_summary(f))
    hits.extend(list(grouped.values())[: max(limit - len(hits), 0)])
    return hits
