"""Glyphs to reading-order lines: rows by baseline, columns by gutters, units by bidi, paragraphs.

The steps, for one page:

1. **Rows.** Glyphs sharing a baseline (the text matrix's y, so mixed fonts and sizes share a row).
2. **Columns.** A gutter is a vertical band, wide enough, that no (or almost no) row puts ink into
   while rows on both sides of it do. Rows are walked top to bottom: rows that cross the gutter
   (titles, full-width paragraphs, wide tables) form their own blocks; the rows between them are
   split at the gutter and read column by column, right column first on right-to-left pages. Each
   part is searched again for gutters, so three columns or a two-column block inside a column work.
3. **Line text.** A row's glyphs sorted by x (content-stream order for near-ties, so a zero-width alef
   drawn at its lam's x0 stays after it), unmapped glyphs (justification kashidas) dropped without a
   gap, presentation forms folded per glyph, ActualText applied, a space glyph whose advance is
   cancelled read as ZWNJ, spaces from space glyphs (and from wide gaps where a producer writes
   none); then :mod:`pipeline.read.pdf_bidi` gives the logical order.
4. **Paragraphs.** Consecutive lines of one column join when the line above was full (the next
   line's first word would not have fitted in it), the spacing is the block's line pitch and the
   next line is not a list item.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from functools import lru_cache

from pipeline.read.pdf_bidi import D, L, P, R, S, Z, classify, line_direction, logical_order

CELL_SEP = "\t"
_PRESENTATION = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]")
_DROP = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\x00\ufffd")
_LIST_START = re.compile(r"^\s*(?:[0-9\u06f0-\u06f9\u0660-\u0669]{1,3}\s*[-\u2013.)]|[\u2022\u25cf\u25aa\u25a0\u25e6\u2013*-])\s")
_BRACKET_SWAP = str.maketrans("()[]{}", ")(][}{")


@lru_cache(maxsize=8192)
def glyph_text(text: str) -> tuple[str, str]:
    """(text, bidi class) of one glyph: presentation forms and ligatures folded, controls dropped."""
    if _PRESENTATION.search(text):
        text = unicodedata.normalize("NFKC", text)
    if any(ch in _DROP for ch in text):
        text = "".join(ch for ch in text if ch not in _DROP)
    if text and text.isspace():
        return " ", S
    return text, classify(text)


# --- rows ---------------------------------------------------------------------------------------
class Row:
    """Glyphs on one baseline (within one column once columns are split), or a table."""

    __slots__ = ("glyphs", "y", "size", "ink", "table", "x0", "x1")

    def __init__(self, glyphs, y, table=None, ink=None):
        self.glyphs = glyphs
        self.y = y
        self.table = table
        if table is not None:
            self.size = table.size
            self.ink = ink
        else:
            sizes = sorted(g.size for g in glyphs if g.text.strip())
            self.size = sizes[len(sizes) // 2] if sizes else (glyphs[0].size if glyphs else 10.0)
            self.ink = _ink(glyphs, self.size)
        self.x0 = self.ink[0][0] if self.ink else 0.0
        self.x1 = self.ink[-1][1] if self.ink else 0.0

    def part(self, keep) -> "Row | None":
        glyphs = [g for g in self.glyphs if keep((g.x0 + g.x1) / 2)]
        if not glyphs or all(not g.text.strip() for g in glyphs):
            return None
        return Row(glyphs, self.y)


def _ink(glyphs, size) -> list[tuple[float, float]]:
    """Merged x-intervals covered by non-space glyphs (letters of a word merge; word gaps stay)."""
    spans = sorted((g.x0, max(g.x1, g.x0 + 0.01)) for g in glyphs if not g.text.isspace())
    out: list[list[float]] = []
    tol = 0.15 * size
    for a, b in spans:
        if out and a <= out[-1][1] + tol:
            if b > out[-1][1]:
                out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def make_rows(glyphs) -> list[Row]:
    """Rows top to bottom; a glyph joins a row when its baseline is within a quarter em of the row's."""
    rows: list[Row] = []
    if not glyphs:
        return rows
    ordered = sorted(glyphs, key=lambda g: -g.y)
    current = [ordered[0]]
    anchor = ordered[0].y
    anchor_size = ordered[0].size
    for g in ordered[1:]:
        if anchor - g.y <= max(1.0, 0.3 * min(anchor_size, g.size) if g.size > 0 else 1.0):
            current.append(g)
            if not current[0].text.strip() and g.text.strip():
                anchor_size = g.size
        else:
            rows.append(Row(current, anchor))
            current = [g]
            anchor = g.y
            anchor_size = g.size
    rows.append(Row(current, anchor))
    return [r for r in rows if r.ink]


# --- columns ------------------------------------------------------------------------------------
def _wide_gaps(row: Row, min_width: float) -> list[tuple[float, float]]:
    return [(b1, a2) for (_a1, b1), (a2, _b2) in zip(row.ink, row.ink[1:]) if a2 - b1 >= min_width]


def _crosses(row: Row, g0: float, g1: float) -> bool:
    return any(a < g1 - 0.5 and b > g0 + 0.5 for a, b in row.ink)


def _blocks(rows: list[Row], g0: float, g1: float, size: float):
    """Walk the rows against a gutter: (is_columns, rows) runs, top to bottom."""
    out: list[tuple[bool, list[Row]]] = []
    run: list[Row] = []
    crossing: list[Row] = []

    def close_run():
        if not run:
            return
        split = sum(1 for r in run if r.x0 < g0 and r.x1 > g1)
        wide = g1 - g0 >= 1.5 * size
        if split >= 3 or (split >= 2 and wide):
            out.append((True, list(run)))
        else:
            crossing.extend(run)
        run.clear()

    for r in rows:
        if _crosses(r, g0, g1):
            close_run()
            crossing.append(r)
        else:
            if crossing and not run:
                out.append((False, list(crossing)))
                crossing.clear()
            run.append(r)
    close_run()
    if crossing:
        out.append((False, list(crossing)))
    # merge neighbouring single-column runs
    merged: list[tuple[bool, list[Row]]] = []
    for is_cols, rs in out:
        if merged and not is_cols and not merged[-1][0]:
            merged[-1][1].extend(rs)
        else:
            merged.append((is_cols, rs))
    return merged


def _gutter(rows: list[Row]) -> tuple[float, float] | None:
    """The best vertical gutter: a band free of ink in a block of rows that have text on both sides.

    Candidates come from the wide gaps that consecutive rows share; each is scored by the rows it
    splits in blocks of at least three split rows (two when the band is wide), so the aligned word
    gaps of a few justified lines do not make columns.
    """
    if len(rows) < 2:
        return None
    sizes = sorted(r.size for r in rows)
    size = sizes[len(sizes) // 2]
    min_width = max(4.0, 0.75 * size)
    gaps = [_wide_gaps(r, min_width) if r.table is None else [] for r in rows]
    candidates: list[tuple[float, float]] = []
    for i, gi in enumerate(gaps):
        if not gi:
            continue
        for j in range(i + 1, min(i + 4, len(rows))):
            for a, b in gi:
                for c, d in gaps[j]:
                    lo, hi = max(a, c), min(b, d)
                    if hi - lo >= min_width and not any(abs(lo - x) < 3 and abs(hi - y) < 3 for x, y in candidates):
                        candidates.append((lo, hi))
            if gaps[j]:
                break
    best = None
    for g0, g1 in candidates[:40]:
        score = sum(sum(1 for r in rs if r.x0 < g0 and r.x1 > g1)
                    for is_cols, rs in _blocks(rows, g0, g1, size) if is_cols)
        if score and (best is None or (score, g1 - g0) > best[0]):
            best = ((score, g1 - g0), (g0, g1))
    return best[1] if best else None


def columns(rows: list[Row], rtl: bool, depth: int = 0) -> list[list[Row]]:
    """Rows in reading order, grouped in segments (one column of one block each)."""
    gutter = _gutter(rows) if depth < 6 else None
    if gutter is None:
        return [rows]
    g0, g1 = gutter
    mid = (g0 + g1) / 2
    sizes = sorted(r.size for r in rows)
    out: list[list[Row]] = []
    for is_cols, block in _blocks(rows, g0, g1, sizes[len(sizes) // 2]):
        if not is_cols:
            if len(block) == len(rows):
                out.append(block)
            else:
                out.extend(columns(block, rtl, depth + 1))
            continue
        left = [p for p in (r.part(lambda x: x < mid) if r.table is None else (r if r.x1 <= mid else None)
                            for r in block) if p is not None]
        right = [p for p in (r.part(lambda x: x >= mid) if r.table is None else (r if r.x0 >= mid else None)
                             for r in block) if p is not None]
        first, second = (right, left) if rtl else (left, right)
        for side in (first, second):
            if side:
                out.extend(columns(side, rtl, depth + 1))
    return out


# --- line text ----------------------------------------------------------------------------------
class Line:
    """One line of text in logical order, with the geometry paragraphs and furniture need."""

    __slots__ = ("text", "y", "size", "x0", "x1", "rtl", "first_word", "last_word", "table", "last_x")

    def __init__(self, text, y, size, x0, x1, rtl, first_word=0.0, last_word=0.0, table=False):
        self.text = text
        self.y = y
        self.size = size
        self.x0 = x0
        self.x1 = x1
        self.rtl = rtl
        self.first_word = first_word  # width of the first word in reading order
        self.last_word = last_word
        self.table = table
        self.last_x = (x0, x1)  # extent of the last visual line once lines are joined into a paragraph

    def __repr__(self) -> str:
        return f"Line({self.text[:40]!r} y={self.y:.1f} x={self.x0:.0f}-{self.x1:.0f})"


def _sorted_glyphs(glyphs):
    """By x; near-ties (a zero-width glyph at its neighbour's x0, a ZWNJ space) by stream order."""
    out = sorted(glyphs, key=lambda g: (g.x0, g.seq))
    for i in range(1, len(out)):
        j = i
        while j > 0:
            a, b = out[j - 1], out[j]
            if b.seq < a.seq and b.x0 - a.x0 < 0.05 * max(a.size, b.size, 1.0):
                out[j - 1], out[j] = b, a
                j -= 1
            else:
                break
    return out


def _units(glyphs):
    """Glyphs to units (text, class, x0, x1) in visual order, spaces included."""
    # ActualText spans of several glyphs become one unit; a span seen on several lines is ignored
    spans: dict[int, list] = {}
    for g in glyphs:
        if g.span:
            spans.setdefault(g.span, []).append(g)
    by_seq = sorted(glyphs, key=lambda g: g.seq)
    zwnj = set()
    for a, b in zip(by_seq, by_seq[1:]):
        if a.text.isspace() and not b.text.isspace() and abs(b.x0 - a.x0) < 0.15 * max(a.size, 1.0) \
                and b.seq == a.seq + 1:
            zwnj.add(a.seq)  # a space whose advance the next glyph takes back: a zero-width non-joiner
    units = []
    done_spans = set()
    size = max((g.size for g in glyphs), default=10.0)
    last_ink = None
    pending_space = False
    for g in _sorted_glyphs(glyphs):
        if g.span and g.span in spans:
            group = spans[g.span]
            if g.span in done_spans:
                continue
            done_spans.add(g.span)
            actual = g.actual or ""
            if len(group) > 1:
                text, cls = glyph_text(actual) if actual else ("", P)
                x0 = min(x.x0 for x in group)
                x1 = max(x.x1 for x in group)
                if not text:
                    last_ink = x1 if last_ink is None else max(last_ink, x1)
                    continue
                _emit(units, text, cls, x0, x1, size, last_ink, pending_space)
                pending_space = False
                last_ink = x1 if last_ink is None else max(last_ink, x1)
                continue
            text, cls = glyph_text(actual) if actual != "" else ("", P)
            if actual == "" or (not text and actual):
                last_ink = g.x1 if last_ink is None else max(last_ink, g.x1)
                continue
        elif g.unmapped:
            last_ink = g.x1 if last_ink is None else max(last_ink, g.x1)
            continue
        else:
            text, cls = glyph_text(g.text)
            if g.seq in zwnj:
                text, cls = "\u200c", Z
        if not text:
            continue
        if cls == S:
            pending_space = True
            continue
        _emit(units, text, cls, g.x0, g.x1, size, last_ink, pending_space)
        pending_space = False
        last_ink = g.x1 if last_ink is None else max(last_ink, g.x1)
    return units


def _emit(units, text, cls, x0, x1, size, last_ink, pending_space):
    if units:
        prev = units[-1]
        if prev[0] == text and abs(prev[2] - x0) < 0.1 * size and cls != S and not pending_space:
            return  # the same glyph drawn twice (fake bold, overprint)
        gap = x0 - (last_ink if last_ink is not None else prev[3])
        if pending_space or gap > 0.22 * size:
            if prev[1] != S:
                units.append((" ", S, prev[3], x0))
    units.append((text, cls, x0, x1))


def line_of(row: Row, default_rtl: bool) -> Line | None:
    units = _units(row.glyphs)
    while units and units[-1][1] == S:
        units.pop()
    if not units:
        return None
    texts = [u[0] for u in units]
    classes = [u[1] for u in units]
    base = line_direction(classes) or ("R" if default_rtl else "L")
    order = logical_order(texts, classes, base=base)
    text = "".join(texts[i] for i in order).strip()
    text = _fix_brackets(text)
    if not text:
        return None
    first = _word_width(units, order, 0)
    last = _word_width(units, order[::-1], 0)
    return Line(text, row.y, row.size, units[0][2], units[-1][3], base == "R", first, last)


def _word_width(units, order, _start):
    x0 = x1 = None
    for i in order:
        text, cls, a, b = units[i]
        if cls == S:
            if x0 is not None:
                break
            continue
        x0 = a if x0 is None else min(x0, a)
        x1 = b if x1 is None else max(x1, b)
    return (x1 - x0) if x0 is not None else 0.0


def _fix_brackets(text: str) -> str:
    """A line whose brackets read inside out (producers that store the mirrored glyph) is swapped."""
    if not any(ch in text for ch in "()[]{}"):
        return text
    if _balance(text) < 0 and _balance(text.translate(_BRACKET_SWAP)) == 0:
        return text.translate(_BRACKET_SWAP)
    return text


def _balance(text: str) -> int:
    """0 when every bracket closes after it opens; negative when one closes first."""
    depth = 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return -1
    return depth


# --- paragraphs ---------------------------------------------------------------------------------
def paragraphs(lines: list[Line]) -> list[Line]:
    """Join the lines of one column segment into paragraphs."""
    text_lines = [ln for ln in lines if not ln.table]
    if len(text_lines) < 2:
        return lines
    left = min(ln.x0 for ln in text_lines)
    right = max(ln.x1 for ln in text_lines)
    pitches = sorted(a.y - b.y for a, b in zip(lines, lines[1:])
                     if not a.table and not b.table and abs(a.size - b.size) <= 0.15 * max(a.size, b.size)
                     and 0 < a.y - b.y < 3 * max(a.size, b.size))
    pitch = pitches[len(pitches) // 4] if pitches else None
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and pitch is not None and _continues(prev, ln, pitch, left, right):
            prev.text = prev.text + " " + ln.text
            prev.y = ln.y
            prev.x0 = min(prev.x0, ln.x0)
            prev.x1 = max(prev.x1, ln.x1)
            prev.last_word = ln.last_word
            prev.last_x = (ln.x0, ln.x1)
            continue
        out.append(ln)
    return out


def _continues(prev: Line, ln: Line, pitch: float, left: float, right: float) -> bool:
    if prev.table or ln.table or prev.rtl != ln.rtl:
        return False
    size = max(prev.size, ln.size)
    if abs(prev.size - ln.size) > 0.15 * size:
        return False
    if prev.y - ln.y > pitch * 1.2 + 1.0:
        return False
    if _LIST_START.match(ln.text):
        return False
    px0, px1 = prev.last_x
    space = 0.3 * size
    if prev.rtl:
        free = px0 - left  # room left at the end of the line above
        if free > ln.first_word + space + 0.5 * size:
            return False
        if ln.x1 < px1 - 1.0 * size and ln.x1 < right - 1.0 * size:
            return False  # the new line starts indented: a new paragraph
    else:
        free = right - px1
        if free > ln.first_word + space + 0.5 * size:
            return False
        if ln.x0 > px0 + 1.0 * size and ln.x0 > left + 1.0 * size:
            return False
    return True
