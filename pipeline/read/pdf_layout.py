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
   line's first word would not have fitted in it), the spacing is no wider than the line pitch
   around it and the next line is neither indented nor a list item.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.read.pdf_bidi import B, D, P, R, S, Z, candidate_orders, classify, line_direction

CELL_SEP = "\t"
_PRESENTATION = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]")
_DROP = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\x00\ufffd")
_LIST_START = re.compile(r"^\s*(?:[0-9\u06f0-\u06f9\u0660-\u0669]{1,3}\s*[-\u2013.)]|[\u2022\u25cf\u25aa\u25a0\u25e6\u2013*-])\s")
# www.tabriz- / shoes.example.ir, https:// / cluster.example.ir: one address broken over two lines
_LATIN_HYPHEN = re.compile(r"[A-Za-z0-9]-$|(?:^|\s)(?:https?:/|www\.|[\w-]+\.[A-Za-z]{2,}/)\S*/$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_BRACKET_SWAP = str.maketrans("()[]{}«»", ")(][}{»«")
# «متحد ،(UNIDO) توسعه»: an Arabic comma or semicolon after a space, glued to the Latin word (or
# bracketed Latin words) after it. No one writes that; it is «(UNIDO)،» drawn by a producer that set
# the comma inside the left-to-right run (xepersian), which the bidi algorithm reads back so
_PUNCT_BEFORE_LATIN = re.compile(
    r"(^|\s)([\u060c\u061b])([(\[][A-Za-z][^()\[\]\u0600-\u06ff]*[)\]]|[A-Za-z][\w.\-/:@]*[A-Za-z0-9])(?=\s|$)")


@lru_cache(maxsize=8192)
def glyph_text(text: str) -> tuple[str, str]:
    """(text, bidi class) of one glyph: presentation forms and ligatures folded, controls dropped."""
    if _PRESENTATION.search(text):
        text = unicodedata.normalize("NFKC", text)
    if any(ch in _DROP for ch in text):
        text = "".join(ch for ch in text if ch not in _DROP)
    if text and text.isspace():
        return " ", S
    if len(text) == 1 and "\ue000" <= text <= "\uf8ff":
        return "\u2022", P  # a symbol font's private-use bullet (LibreOffice lists: U+F0B7)
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


_BULLETS = frozenset("\u2022\u25cf\u25aa\u25a0\u25e6\u25ba\u2023\u2043\u2713\u2714\u27a2\u00b7")


def _ink(glyphs, size) -> list[tuple[float, float]]:
    """Merged x-intervals covered by non-space glyphs (letters of a word merge; word gaps stay). A
    bullet belongs to its item: set apart from it by up to an em and a half (slides, lists with a
    hanging indent), it is no stretch of its own for the column and table search."""
    spans = sorted((g.x0, max(g.x1, g.x0 + 0.01), g.text in _BULLETS or "\ue000" <= g.text[:1] <= "\uf8ff")
                   for g in glyphs if not g.text.isspace())
    out: list[list] = []
    tol = 0.15 * size
    for a, b, bullet in spans:
        if out and a <= out[-1][1] + tol:
            if b > out[-1][1]:
                out[-1][1] = b
            out[-1][2] = False
        else:
            out.append([a, b, bullet])
    k = 0
    while k < len(out):
        if out[k][2] and len(out) > 1:
            left = out[k][0] - out[k - 1][1] if k else None
            right = out[k + 1][0] - out[k][1] if k + 1 < len(out) else None
            near = min((g for g in (left, right) if g is not None), default=None)
            if near is not None and near <= 1.5 * size:
                j = k - 1 if left == near else k + 1
                lo, hi = min(out[j][0], out[k][0]), max(out[j][1], out[k][1])
                out[min(j, k)] = [lo, hi, False]
                del out[max(j, k)]
                continue
        k += 1
    return [(a, b) for a, b, _bullet in out]


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
    return _merge_raised([r for r in rows if r.ink])


def _merge_raised(rows: list[Row]) -> list[Row]:
    """A superscript or subscript (a footnote mark, a unit's exponent) sits on its own baseline:
    a short row in smaller type within half an em of a line's baseline, over that line, belongs to it."""
    out: list[Row] = []
    for i, r in enumerate(rows):
        visible = [g for g in r.glyphs if g.text.strip()]
        host = None
        if 0 < len(visible) <= 4:
            for j in (i + 1, i - 1):
                if 0 <= j < len(rows):
                    h = rows[j]
                    if r.size <= 0.85 * h.size and 0 < abs(r.y - h.y) <= 0.6 * h.size \
                            and r.x0 >= h.x0 - h.size and r.x1 <= h.x1 + h.size:
                        host = j
                        break
        if host is None:
            out.append(r)
            continue
        h = rows[host]
        h.glyphs = h.glyphs + r.glyphs  # row objects are rebuilt below with the merged glyphs
        h.ink = _ink(h.glyphs, h.size)
    return [Row(r.glyphs, r.y) if r.glyphs else r for r in out]


# --- columns ------------------------------------------------------------------------------------
def _wide_gaps(row: Row, min_width: float) -> list[tuple[float, float]]:
    return [(b1, a2) for (_a1, b1), (a2, _b2) in zip(row.ink, row.ink[1:]) if a2 - b1 >= min_width]


def _crosses(row: Row, g0: float, g1: float) -> bool:
    """Does the row run across the gutter? Its ink reaches the middle of the band, or it has text
    on both sides with less than a gutter's width between. (A line that merely reaches into the
    band from one side, the longest line of a ragged column, does not.)"""
    mid = (g0 + g1) / 2
    q = min(0.25 * (g1 - g0), 2.0)
    left_end = right_start = None
    for a, b in row.ink:
        if a < mid + q and b > mid - q:
            return True
        if b <= mid:
            left_end = b if left_end is None else max(left_end, b)
        elif a >= mid:
            right_start = a if right_start is None else min(right_start, a)
    return left_end is not None and right_start is not None and right_start - left_end < 0.75 * (g1 - g0)


def _blocks(rows: list[Row], g0: float, g1: float, size: float):
    """Walk the rows against a gutter: (is_columns, rows) runs, top to bottom."""
    out: list[tuple[bool, list[Row]]] = []
    run: list[Row] = []
    crossing: list[Row] = []

    def close_run():
        if not run:
            return
        # rows with text on each side (columns need not share baselines)
        left = sum(1 for r in run if r.x0 < g0)
        right = sum(1 for r in run if r.x1 > g1)
        sides = min(left, right)
        wide = g1 - g0 >= 1.5 * size
        if sides >= 3 or (sides >= 2 and wide):
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
    # columns whose baselines never meet: gaps in the ink of a few consecutive rows taken together
    for i in range(0, len(rows), 3):
        window = [r for r in rows[i:i + 6] if r.table is None]
        if len(window) < 4:
            continue
        spans = sorted(iv for r in window for iv in r.ink)
        reach = spans[0][1]
        for a, b in spans[1:]:
            if a - reach >= min_width and not any(abs(reach - x) < 3 and abs(a - y) < 3 for x, y in candidates):
                lo, hi = reach, a
                if sum(1 for r in window if r.x1 <= lo) >= 2 and sum(1 for r in window if r.x0 >= hi) >= 2:
                    candidates.append((lo, hi))
            reach = max(reach, b)
    best = None
    for g0, g1 in candidates[:60]:
        blocks = [rs for is_cols, rs in _blocks(rows, g0, g1, size) if is_cols]
        if any(_markers_apart(rs, (g0 + g1) / 2) for rs in blocks):
            continue  # bullets or numbers set apart from their items (slides), not a column
        score = sum(min(sum(1 for r in rs if r.x0 < g0), sum(1 for r in rs if r.x1 > g1)) for rs in blocks)
        if score and (best is None or (score, g1 - g0) > best[0]):
            best = ((score, g1 - g0), (g0, g1))
    return best[1] if best else None


_MARKER = re.compile(r"^(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u25ba\u2023\u2043\u2013\u2014\u00b7*>\-\u2713\u2714\ue000-\uf8ff]"
                     r"|[0-9\u06f0-\u06f9\u0660-\u0669]{1,3}[.)\-]?|[(]?[a-zA-Z\u0627-\u06cc][.)])$")


def _markers_apart(rows: list[Row], mid: float) -> bool:
    """Is one side of the band nothing but list markers, one to a row (a slide's bullets)?"""
    for side in (lambda x: x < mid, lambda x: x >= mid):
        texts = ["".join(g.text for g in sorted(r.glyphs, key=lambda g: g.x0) if side((g.x0 + g.x1) / 2)).strip()
                 for r in rows if r.table is None]
        texts = [t for t in texts if t]
        if texts and all(len(t) <= 4 and _MARKER.match(t) for t in texts):
            return True
    return False


class TableBlock:
    """A table's rows: per row, per cell in reading order, the cell's lines (a wrapped cell has
    several). ``lines`` gives each row as text, cells joined by TAB."""

    __slots__ = ("rows", "size")

    def __init__(self, rows: list[list[list["Line"]]], size: float):
        self.rows = [row for row in rows if any(cell for cell in row)]
        self.size = size

    @staticmethod
    def row_text(row) -> str:
        return CELL_SEP.join(" ".join(ln.text for ln in cell).replace(CELL_SEP, " ") for cell in row)

    @property
    def lines(self) -> list[str]:
        return [self.row_text(row) for row in self.rows]


def _free_bands(rows: list[Row], min_width: float) -> list[tuple[float, float]]:
    """x-bands without ink in any of ``rows``, strictly between the rows' leftmost and rightmost ink."""
    spans = sorted(iv for r in rows for iv in r.ink)
    bands = []
    reach = spans[0][1]
    for a, b in spans[1:]:
        if a - reach >= min_width:
            bands.append((reach, a))
        reach = max(reach, b)
    return bands


_NUMERIC = re.compile(r"^[\s\d\u06f0-\u06f9\u0660-\u0669.,/%\u066a\u066b\u066c()+-]+$")


def _table_block(block: list[Row], rtl: bool, size: float) -> TableBlock | None:
    """Rows that line up in three or more narrow columns (or two, mostly numbers): an unruled table.

    Columns of prose fill their width line after line; table cells leave most of theirs empty.
    """
    if len(block) < 2 or any(r.table is not None for r in block):
        return None
    bands = _free_bands(block, max(4.0, 0.75 * size))
    if not bands:
        return None
    edges = [(a + b) / 2 for a, b in bands]
    lo = min(r.x0 for r in block)
    hi = max(r.x1 for r in block)
    bounds = [lo - 1] + edges + [hi + 1]
    groups = _table_rows(block)
    rows_cells = []  # per table row, per column: the rows' parts in that column, top to bottom
    for group in groups:
        cells = []
        for a, b in zip(bounds, bounds[1:]):
            parts = [p for p in (r.part(lambda x, a=a, b=b: a <= x < b) for r in group) if p is not None]
            cells.append(parts or None)
        rows_cells.append(cells)
    filled = sum(1 for cells in rows_cells for c in cells if c is not None)
    total = len(rows_cells) * len(bounds[:-1])
    if len(rows_cells) < 2 or filled < 0.6 * total:
        return None
    # how much of each column's width its cells cover
    fills = []
    for k in range(len(bounds) - 1):
        parts = [p for cells in rows_cells if cells[k] is not None for p in cells[k]]
        width = max(p.x1 for p in parts) - min(p.x0 for p in parts) if parts else 0
        if width > 0:
            fills.extend(sum(b - a for a, b in p.ink) / width for p in parts)
    fills.sort()
    median_fill = fills[len(fills) // 2] if fills else 1.0
    cell_lines = [[_cell_lines(c, rtl) for c in cells] for cells in rows_cells]
    texts = [[" ".join(ln.text for ln in cell) for cell in row] for row in cell_lines]
    numeric = sum(1 for row in texts for t in row if t and _NUMERIC.match(t))
    columns_n = len(bounds) - 1
    # prose lines hold many words; cells a few (a narrow table's cells may fill their columns)
    words = sorted(len(p.ink) for cells in rows_cells for c in cells if c for p in c)
    median_words = words[len(words) // 2] if words else 0
    if (median_fill > 0.7 and median_words > 3) or not (columns_n >= 3 or numeric >= 0.3 * filled):
        return None
    return TableBlock([row[::-1] if rtl else row for row in cell_lines], size)


def _cell_lines(parts, rtl: bool) -> list["Line"]:
    if not parts:
        return []
    return [ln for ln in (line_of(p, rtl) for p in parts) if ln is not None]


def _table_rows(block: list[Row]) -> list[list[Row]]:
    """Baselines grouped into table rows: a cell of two lines (or a cell centred beside one) puts
    baselines closer together than the rows of the table are."""
    gaps = [a.y - b.y for a, b in zip(block, block[1:])]
    if len(gaps) < 2:
        return [[r] for r in block]
    ordered = sorted(gaps)
    # the widest jump between consecutive gap sizes splits the inner gaps from the row gaps
    jump, cut = max((ordered[k + 1] / max(ordered[k], 0.1), (ordered[k] + ordered[k + 1]) / 2)
                    for k in range(len(ordered) - 1))
    if jump < 1.35:
        return [[r] for r in block]
    groups = [[block[0]]]
    for gap, r in zip(gaps, block[1:]):
        if gap < cut:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


class Segment(list):
    """Rows (or lines) of one column of one block; ``column``: it was split off at a gutter (a column
    of a multi-column block), not a block as wide as the page's text."""

    def __init__(self, items=(), column: bool = False):
        super().__init__(items)
        self.column = column


def columns(rows: list[Row], rtl: bool, depth: int = 0, in_column: bool = False) -> list[Segment]:
    """Rows in reading order, grouped in segments (one column of one block each)."""
    gutter = _gutter(rows) if depth < 6 else None
    if gutter is None:
        return [Segment(rows, in_column)]
    g0, g1 = gutter
    mid = (g0 + g1) / 2
    sizes = sorted(r.size for r in rows)
    size = sizes[len(sizes) // 2]
    out: list[Segment] = []
    for is_cols, block in _blocks(rows, g0, g1, size):
        if not is_cols:
            if len(block) == len(rows):
                out.append(Segment(block, in_column))
            else:
                out.extend(columns(block, rtl, depth + 1, in_column))
            continue
        # a heading standing above the columns on one side of the gutter reads before them
        # (it continues the segment before, if any: the last line of a paragraph above a table)
        while len(block) > 1 and not (block[0].x0 < g0 and block[0].x1 > g1) \
                and block[0].y - block[1].y > 1.6 * max(block[0].size, block[1].size):
            if out:
                out[-1].append(block.pop(0))
            else:
                out.append(Segment([block.pop(0)], in_column))
        table = _table_block(block, rtl, size)
        if table is not None:
            out.append(Segment([Row([], block[0].y, table=table, ink=[(min(r.x0 for r in block),
                                                                        max(r.x1 for r in block))])],
                               in_column))
            continue
        left = [p for p in (r.part(lambda x: x < mid) if r.table is None else (r if r.x1 <= mid else None)
                            for r in block) if p is not None]
        right = [p for p in (r.part(lambda x: x >= mid) if r.table is None else (r if r.x0 >= mid else None)
                             for r in block) if p is not None]
        first, second = (right, left) if rtl else (left, right)
        for side in (first, second):
            if side:
                out.extend(columns(side, rtl, depth + 1, True))
    return out


# --- line text ----------------------------------------------------------------------------------
class Line:
    """One line of text in logical order, with the geometry paragraphs and furniture need."""

    __slots__ = ("text", "y", "size", "x0", "x1", "rtl", "first_word", "last_word", "table", "last_x", "parts",
                 "verified", "forms", "cells", "edges", "drawn")

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
        self.parts = [text]  # the visual lines joined into this paragraph, top to bottom
        self.verified = True  # the bidi check confirmed the order of every stretch of the line
        self.forms = ()  # the line's letters and their glyphs (see _letter_forms)
        self.cells = None  # a table row's cells, each a list of lines
        self.edges = None  # (left, right) of the column the paragraph was set in, once known
        self.drawn = text  # the line's units as drawn, left to right

    @property
    def nlines(self) -> int:
        return len(self.parts)

    def copy(self) -> "Line":
        out = Line(self.text, self.y, self.size, self.x0, self.x1, self.rtl, self.first_word, self.last_word,
                   self.table)
        out.last_x = self.last_x
        out.parts = list(self.parts)
        out.verified = self.verified
        out.forms = self.forms
        out.cells = self.cells
        out.edges = self.edges
        out.drawn = self.drawn
        return out

    def __repr__(self) -> str:
        return f"Line({self.text[:40]!r} y={self.y:.1f} x={self.x0:.0f}-{self.x1:.0f})"


def _sorted_glyphs(glyphs, zero=frozenset()):
    """By x; near-ties: a zero-width glyph at its neighbour's x0 first (the alef of «لا» drawn at its
    lam's left edge: LibreOffice and cairo both do, in opposite stream orders; a space standing for a
    ZWNJ, ``zero``, likewise), others by stream order."""
    out = sorted(glyphs, key=lambda g: (g.x0, g.seq))
    for i in range(1, len(out)):
        j = i
        while j > 0:
            a, b = out[j - 1], out[j]
            if b.x0 - a.x0 >= 0.05 * max(a.size, b.size, 1.0):
                break
            a_zero = a.x1 - a.x0 < 0.01 or a.seq in zero
            b_zero = b.x1 - b.x0 < 0.01 or b.seq in zero
            if (b_zero and not a_zero) or (b_zero == a_zero and b.seq < a.seq):
                out[j - 1], out[j] = b, a
                j -= 1
            else:
                break
    return out


def _units(glyphs):
    """Glyphs to units (text, class, x0, x1, key) in visual order, spaces included; ``key`` (font,
    glyph code, glyph text) for a unit drawn as one glyph, None otherwise."""
    # ActualText spans of several glyphs become one unit; a span seen on several lines is ignored
    spans: dict[int, list] = {}
    for g in glyphs:
        if g.span:
            spans.setdefault(g.span, []).append(g)
    for serial in [k for k, group in spans.items() if len(group) < group[0].span_size]:
        del spans[serial]  # part of the span is on another line: its glyphs' own text it is
    by_seq = sorted(glyphs, key=lambda g: g.seq)
    zwnj = set()
    boundary = set()
    for k, a in enumerate(by_seq):
        if not a.text.isspace():
            continue
        # a space drawn over a letter next to it in the stream is no gap: a zero-width non-joiner
        # (LibreOffice takes the space's advance back, so the next glyph starts where it starts;
        # wkhtmltopdf draws it at the previous letter's left edge)
        width = max(a.x1 - a.x0, 0.01)
        around = (by_seq[k - 1] if k else None, by_seq[k + 1] if k + 1 < len(by_seq) else None)
        for b in around:
            if b is not None and abs(b.seq - a.seq) == 1 and not b.text.isspace() \
                    and (abs(b.x0 - a.x0) < 0.15 * max(a.size, 1.0)
                         or min(a.x1, b.x1) - max(a.x0, b.x0) >= 0.6 * width):
                zwnj.add(a.seq)
                # between digits and punctuation, with no letter beside it, it joins nothing: it only
                # parts two runs the producer placed one by one (xepersian: «۱۸» «.» «۵%»)
                if not any(c is not None and (c.unmapped or _ARABIC_LETTER.match(glyph_text(c.text)[0][:1] or " "))
                           for c in around):
                    boundary.add(a.seq)
                break
    ligatures = _unmapped_lam_alef(by_seq)
    units = []
    done_spans = set()
    size = max((g.size for g in glyphs), default=10.0)
    last_ink = None
    pending_space = False
    prev_g = None  # the glyph emitted last
    unkeyed = False  # an unmapped glyph was dropped just before
    for g in _sorted_glyphs(glyphs, zwnj):
        key = None
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
                prev_g = None
                continue
            text, cls = glyph_text(actual) if actual != "" else ("", P)
            if actual == "" or (not text and actual):
                last_ink = g.x1 if last_ink is None else max(last_ink, g.x1)
                continue
        elif g.seq in ligatures:
            if not ligatures[g.seq]:
                continue  # the ligature's zero-width second part, or a ZWNJ inside it
            text, cls = ligatures[g.seq], R
        elif g.unmapped or g.text == "\u0640":
            # an unmapped glyph (often a kashida), or a kashida the producer mapped to tatweel to
            # justify the line (XeLaTeX): typography, not text. It stretches the letter before it:
            # the word's ink runs on. (The letters on either side say nothing of their forms: an
            # unmapped glyph may have been a letter.)
            last_ink = g.x1 if last_ink is None else max(last_ink, g.x1)
            if units and units[-1][1] != S:
                t, c, a, b, _k = units[-1]
                units[-1] = (t, c, a, max(b, g.x1), None)
            unkeyed = True
            continue
        else:
            text, cls = glyph_text(g.text)
            key = (g.font, g.cid, g.text)
            if g.seq in boundary:
                units.append(("", B, g.x0, g.x0, None))
                continue
            if g.seq in zwnj:
                text, cls, key = "\u200c", Z, None
        if not text:
            continue
        if prev_g is not None and abs(g.x0 - prev_g.x1) < 0.3 * size:
            # text written between two neighbouring glyphs without a glyph of its own (cairo's ZWNJ)
            between = prev_g.after if prev_g.seq + 1 == g.seq else g.after if g.seq + 1 == prev_g.seq else None
            if between:
                btext, bcls = glyph_text(between)
                if bcls == S:
                    pending_space = True
                elif bcls == Z and units and units[-1][1] != Z:
                    units.append((btext, Z, g.x0, g.x0, None))
        if cls == S:
            pending_space = True
            continue
        _emit(units, text, cls, g.x0, g.x1, size, last_ink, pending_space, None if unkeyed else key)
        unkeyed = False
        pending_space = False
        last_ink = g.x1 if last_ink is None else max(last_ink, g.x1)
        prev_g = g
    return units


def _unmapped_lam_alef(by_seq) -> dict[int, str | None]:
    """Glyphs of a ligature the font cannot map back: a glyph without a Unicode mapping followed in
    the stream (a ZWNJ space may stand between) by a zero-width one at its left edge, between Arabic
    letters. wkhtmltopdf (Qt) draws «لا» so, the one ligature Persian text cannot do without; it is
    read as «لا» ({seq: text} for the ligature, None for its empty second part and for a ZWNJ
    space inside it: Qt joins lam and alef across a ZWNJ, «فعال‌اند»)."""
    out: dict[int, str | None] = {}
    for k, a in enumerate(by_seq):
        if not a.unmapped or a.x1 - a.x0 < 0.01:
            continue
        inside = []
        for b in by_seq[k + 1:k + 3]:
            if b.unmapped and b.x1 - b.x0 < 0.01 and abs(b.x0 - a.x0) < 0.15 * max(a.size, 1.0):
                before = by_seq[k - 1].text if k else ""
                after = next((c.text for c in by_seq[k + 1:k + 4] if not c.unmapped and not c.text.isspace()), "")
                if _RTL_LETTER.search(before) or _RTL_LETTER.search(after):
                    out[a.seq] = "\u0644\u200c\u0627" if inside else "\u0644\u0627"
                    out[b.seq] = None
                    for c in inside:
                        out[c.seq] = None
                break
            if not b.text.isspace():
                break
            inside.append(b)
    return out


def _emit(units, text, cls, x0, x1, size, last_ink, pending_space, key=None):
    if units:
        prev = units[-1]
        if prev[0] == text and abs(prev[2] - x0) < 0.1 * size and cls != S and not pending_space:
            return  # the same glyph drawn twice (fake bold, overprint)
        gap = x0 - (last_ink if last_ink is not None else prev[3])
        if pending_space or gap > 0.22 * size:
            if prev[1] != S:
                units.append((" ", S, prev[3], x0, None))
    units.append((text, cls, x0, x1, key))


def line_of(row: Row, default_rtl: bool) -> Line | None:
    units = _units(row.glyphs)
    while units and units[-1][1] == S:
        units.pop()
    if not units:
        return None
    texts = [u[0] for u in units]
    classes = [u[1] for u in units]
    base = line_direction(classes) or ("R" if default_rtl else "L")
    # Stretches of a line far apart (cells of a table without rules, fields set at tab stops) were
    # each laid out as a paragraph of its own: each is ordered alone, then the stretches in the
    # line's direction.
    pieces = _pieces(units, row.size)
    order: list[int] = []
    ordered_pieces = pieces[::-1] if base == "R" else pieces
    # TAB only for what looks like a table row: three stretches or more, one of them a number
    # (a justified line of a few words spread wide is prose)
    numeric = any(all(classes[i] in (D, P, S) for i in range(a, b)) and any(classes[i] == D for i in range(a, b))
                  for a, b in pieces)
    sep = CELL_SEP if len(pieces) >= 3 and numeric else " "
    verified_all = True
    for k, (a, b) in enumerate(ordered_pieces):
        idx = [i for i in range(a, b) if classes[i] != S or (a < i < b - 1)]
        sub_texts = [texts[i] for i in idx]
        sub_classes = [classes[i] for i in idx]
        # a stretch is read in the line's direction first (the words of a justified line spread
        # wide, «-info@qom» at its end, are still its words), in its own when that is not confirmed
        orders, verified = candidate_orders(sub_texts, sub_classes, base=base)
        own = line_direction(sub_classes)
        if verified is None and own is not None and own != base:
            orders, verified = candidate_orders(sub_texts, sub_classes, base=own)
        if verified is None:
            verified_all = False
        sub = orders[verified] if verified is not None else _likeliest(orders, sub_texts)
        if k:
            order.append(-1)
        order.extend(idx[i] for i in sub)
    parts = [texts[i] if i >= 0 else sep for i in order]
    text = "".join(parts)
    lead = len(text) - len(text.lstrip(" "))
    text = text.strip(" ")
    text = _fix_brackets(text)
    if base == "R" and ("\u060c" in text or "\u061b" in text):
        text = _PUNCT_BEFORE_LATIN.sub(r"\1\3\2", text)  # (letters keep their offsets)
    if not text.strip():
        return None
    first = _word_width(units, order, 0)
    last = _word_width(units, order[::-1], 0)
    line = Line(text, row.y, row.size, units[0][2], units[-1][3], base == "R", first, last)
    line.verified = verified_all
    line.forms = _letter_forms(units, order, parts, lead)
    line.drawn = "".join(texts).strip(" ")
    return line


# Letters that join the next letter when they can (dual-joining) and letters in general.
_DUAL_JOINING = frozenset("بپتثجچحخسشصضطظعغفقکگلمنهیئـكيى")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06fc]")


@lru_cache(maxsize=4096)
def _letter_kind(text: str) -> int:
    """0 not a letter, 1 a vowel mark, 2 a letter joining no next letter, 3 one that does."""
    if text and all(unicodedata.combining(ch) for ch in text):
        return 1
    if not text or not _ARABIC_LETTER.match(text[0]) or not _ARABIC_LETTER.match(text[-1]):
        return 0
    return 3 if text[-1] in _DUAL_JOINING else 2


def _letter_forms(units, order, parts, lead):
    """The Arabic letters of a line in logical order, as (glyph key, what stands before it in its
    word: 0 nothing, 1 a letter that joins no next letter (ا د ر و...), 2 one that does, None a ZWNJ;
    whether a letter follows in its word (None: a ZWNJ); offset in the line's text just after it):
    evidence of which glyph forms the font uses at word ends and starts, and where a ZWNJ may have
    been dropped (see :func:`restore_zwnj`)."""
    out = []
    pos = -lead
    before = 0
    pending = None
    for k, i in enumerate(order):
        part = parts[k]
        pos += len(part)
        key = None
        is_letter = False
        joiner = False
        if i >= 0:
            unit = units[i]
            kind = _letter_kind(unit[0])
            if kind == 1:
                continue  # a vowel mark: transparent
            is_letter = kind >= 2 and unit[1] == R
            joiner = unit[1] == Z
            key = unit[4]
        if pending is not None:
            key0, before0, offset0 = pending
            # (beside a ZWNJ a letter's form says nothing: some shapers join across it)
            out.append((key0, before0, None if joiner else is_letter, offset0))
            pending = None
        if is_letter:
            pending = (key, before, pos)  # (a letter drawn without a glyph of its own has no key)
            before = 2 if kind == 3 else 1
        else:
            before = None if joiner else 0
    if pending is not None:
        out.append((*pending[:2], False, pending[2]))
    return out


def visual_lines(segments, sideways):
    """Every line of a page that holds text of its own: body lines, table cells, sideways lines."""
    for seg in list(segments) + [sideways]:
        for ln in seg:
            if ln.cells is not None:
                for cell in ln.cells:
                    yield from cell
            elif not ln.table:
                yield ln


class LetterForms:
    """Which glyphs a document's fonts draw at the ends and starts of words.

    A shaped Arabic letter takes a different glyph at a word's end (isolated or final form) than
    before a letter it joins (initial or medial). Producers that drop the zero-width non-joiner
    (WeasyPrint and pango write no character for it) still draw the forms it asked for: «خوشه‌ها»
    has a final «ه» and an initial «ه» with nothing between. Counting each glyph at word ends and
    starts over the document tells those forms apart without knowing the font.
    """

    def __init__(self, lines):
        # key -> [at a word end, before a letter, at a word start or after a letter that joins no
        # next letter, after a letter that joins the next one when it can]
        self.counts: dict = {}
        for ln in lines:
            for key, before, after, _offset in ln.forms:
                if key is None:
                    continue
                c = self.counts.get(key)
                if c is None:
                    c = self.counts[key] = [0, 0, 0, 0]
                if after is not None:
                    c[1 if after else 0] += 1
                if before is not None:
                    c[3 if before == 2 else 2] += 1
        # the glyphs each font draws for each letter: forms tell something only where there are several
        self.variants: dict = {}
        for key in self.counts:
            font, _cid, raw = key
            letter = raw if _PRESENTATION.search(raw) else glyph_text(raw)[0]
            self.variants[(font, letter)] = self.variants.get((font, letter), 0) + 1

    def apart(self, left, right) -> bool:
        """Were these two glyphs, one letter after another in a word, drawn unjoined? A form seen
        where nothing follows (a word's end) or where nothing joins it (a word's start, after «ا»)
        is a form that joins nothing on that side; the right-hand letter's evidence counts most, a
        word's end being rarer evidence than its start."""
        x = self.counts.get(left)
        y = self.counts.get(right)
        if x is None or y is None or y[2] == 0 or not (self._has_forms(left) and self._has_forms(right)):
            return False  # the second letter never seen unjoined: a joined form
        if 8 * y[2] < y[3] or (x[0] and 8 * x[0] < x[1]):
            return False  # seen unjoined now and then, joined as a rule: noise
        return x[0] + y[2] >= 3

    def _has_forms(self, key) -> bool:
        font, _cid, raw = key
        return bool(_PRESENTATION.search(raw)) or self.variants.get((font, glyph_text(raw)[0]), 0) >= 2

    def shaped(self) -> bool:
        """False when the letters were drawn without contextual forms: one glyph per letter, the same
        at word ends and between letters. A producer that does not shape Arabic did not run the bidi
        algorithm either, as a rule (strings reversed by hand, or not at all), so the order of its
        lines cannot be taken as checked."""
        groups: dict = {}  # (font, letter) -> [keys, occurrences, occurrences of keys seen in both places]
        shaped = 0
        for key, (end, inner, _start, _mid) in self.counts.items():
            font, _cid, raw = key
            if _PRESENTATION.search(raw):
                shaped += end + inner  # presentation forms are shaped glyphs by definition
                continue
            letter = glyph_text(raw)[0]
            if len(letter) != 1 or letter not in _DUAL_JOINING:
                continue
            g = groups.setdefault((font, letter), [set(), 0, 0])
            g[0].add(key)
            g[1] += end + inner
            if end and inner:
                g[2] += end + inner
        single = sum(g[2] for g in groups.values() if len(g[0]) == 1)
        shaped += sum(g[1] for g in groups.values() if len(g[0]) > 1)
        return not (single >= 20 and single > shaped)


def drawn_in_reading_order(lines) -> bool:
    """Were right-to-left lines drawn in reading order, left to right (a producer that neither
    shapes nor reorders Arabic: fpdf2 without its shaping engine, old report generators)? Then the
    glyphs read left to right spell words and reversing them does not: the lexicon of the repair
    stage tells. Asked only of unshaped text (see :meth:`LetterForms.shaped`)."""
    tokens = []
    for ln in lines:
        if ln.rtl:
            tokens.extend(t for t in ln.text.split() if len(t) >= 2 and _ALL_ARABIC.match(t))
        if len(tokens) >= 400:
            break
    if len(tokens) < 10:
        return False
    try:
        from pipeline.repair import lexicon

        lex = lexicon.load()
    except Exception:  # without the lexicon nothing can be said
        return False
    as_read = sum(1 for t in tokens if lex.is_word(t))
    reversed_ = sum(1 for t in tokens if lex.is_word(t[::-1]))
    return reversed_ >= 0.5 * len(tokens) and reversed_ > 2 * as_read


_ALL_ARABIC = re.compile("^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+$")


def restore_zwnj(lines, forms: LetterForms) -> int:
    """Put back the zero-width non-joiners a producer dropped: a letter in a form that joins no next
    letter followed, inside a word, by a letter in a form that starts a word. Returns how many."""
    restored = 0
    for ln in lines:
        f = ln.forms
        sites = []
        for a, b in zip(f, f[1:]):
            if a[2] and b[1] == 2 and a[0] is not None and b[0] is not None and forms.apart(a[0], b[0]):
                sites.append(a[3])
        if not sites:
            continue
        text = ln.text
        for offset in sorted(sites, reverse=True):
            if 0 < offset < len(text) and _ARABIC_LETTER.match(text[offset - 1]) and _ARABIC_LETTER.match(text[offset]):
                text = text[:offset] + "\u200c" + text[offset:]
                restored += 1
        ln.text = text
        ln.parts = [text]
    return restored


def _pieces(units, size: float) -> list[tuple[int, int]]:
    """[start, end) of the stretches of a line separated by gaps of two ems or more."""
    out = []
    start = 0
    last_x1 = None
    for i, (text, cls, x0, x1, _key) in enumerate(units):
        if cls == S:
            continue
        if last_x1 is not None and x0 - last_x1 >= 2.0 * size:
            out.append((start, i))
            start = i
        last_x1 = x1 if last_x1 is None else max(last_x1, x1)
    out.append((start, len(units)))
    return out


def _likeliest(orders: list[list[int]], texts: list[str]) -> list[int]:
    """When the bidi algorithm confirms no proposal, the repair stage's order model picks among them
    (the first proposal when the model is not there or cannot tell them apart)."""
    if len(orders) < 2:
        return orders[0]
    model = _order_model()
    if model is None:
        return orders[0]
    scored = [(model.score("".join(texts[i] for i in order).split()), -k) for k, order in enumerate(orders)]
    best = max(scored)
    return orders[-best[1]]


def _word_width(units, order, _start):
    x0 = x1 = None
    for i in order:
        if i < 0:  # between two stretches of the line
            if x0 is not None:
                break
            continue
        text, cls, a, b, _key = units[i]
        if cls == S:
            if x0 is not None:
                break
            continue
        x0 = a if x0 is None else min(x0, a)
        x1 = b if x1 is None else max(x1, b)
    return (x1 - x0) if x0 is not None else 0.0


def _fix_brackets(text: str) -> str:
    """A line whose brackets read inside out (producers that store the mirrored glyph) is swapped."""
    if not any(ch in text for ch in "()[]{}«»"):
        return text
    if _balance(text) < 0 and _balance(text.translate(_BRACKET_SWAP)) == 0:
        return text.translate(_BRACKET_SWAP)
    return text


def _balance(text: str) -> int:
    """0 when every bracket closes after it opens; negative when one closes first."""
    depth = 0
    for ch in text:
        if ch in "([{«":
            depth += 1
        elif ch in ")]}»":
            depth -= 1
            if depth < 0:
                return -1
    return depth


# --- paragraphs ---------------------------------------------------------------------------------
def paragraphs(lines: list[Line], reversed_lines: bool = False, page_box=None) -> list[Line]:
    """Join the lines of one column segment into paragraphs (``reversed_lines``: the producer set
    each paragraph's lines bottom first, see :func:`reversed_line_order`; ``page_box``: (x0, x1) of
    the page, for a segment as wide as the page's text)."""
    text_lines = [ln for ln in lines if not ln.table]
    if len(text_lines) < 2:
        return lines
    # the column's edges, from lines of the body's size (a centred title may stick out)
    sizes = sorted(ln.size for ln in text_lines)
    body_size = sizes[len(sizes) // 2]
    body = [ln for ln in text_lines if abs(ln.size - body_size) <= 0.15 * body_size] or text_lines
    left = min(ln.x0 for ln in body)
    right = max(ln.x1 for ln in body)
    if page_box is not None:
        # Short paragraphs of one line each (a list without bullets) never reach the far edge of
        # the text: its place is guessed from the page, margins being alike on both sides, when no
        # line comes near it
        rtl = sum(1 for ln in body if ln.rtl) * 2 > len(body)
        if rtl:
            far = page_box[0] + (page_box[1] - right)
            if far < left and right - left < 0.85 * (right - far):
                left = far
        else:
            far = page_box[1] - (left - page_box[0])
            if far > right and right - left < 0.85 * (far - left):
                right = far

    gaps: list[float | None] = [None]  # baseline distance from line i-1 to line i (text of one size)
    for a, b in zip(lines, lines[1:]):
        d = a.y - b.y
        same = not a.table and not b.table and abs(a.size - b.size) <= 0.15 * max(a.size, b.size)
        gaps.append(d if same and 0 < d < 4 * max(a.size, b.size) else None)

    def gap(i):
        return gaps[i] if 0 < i < len(gaps) else None

    known = sorted(g for g in gaps if g is not None)
    pitch = known[len(known) // 4] if len(known) >= 3 else None

    # Is the text set flush on its start side (right for right-to-left lines)? Then a line that
    # starts short of that edge is indented. Ragged starts (right-to-left text set flush left, as
    # LibreOffice renders a DOCX paragraph marked bidi and right-aligned) say nothing of the kind.
    flush = sum(1 for ln in body if (right - ln.x1 if ln.rtl else ln.x0 - left) <= 1.5)
    start_aligned = flush >= 0.5 * len(body)
    # Justified text: many lines flush at both edges. There a line that stops short of its end
    # edge is a paragraph's last line (TeX breaks paragraphs as a whole, so the next word might
    # well have fitted), and a full line is no paragraph's end, whatever the spacing below it
    # when it stops mid-sentence (TeX sets lines with tall glyphs further apart: baselines are not
    # evenly spaced)
    # (per direction: an English paragraph among justified Persian ones may be set ragged)
    justified_dirs = set()
    for rtl_dir in (True, False):
        same_dir = [ln for ln in body if ln.rtl == rtl_dir]
        full = sum(1 for ln in same_dir if ln.x0 - left <= 1.5 and right - ln.x1 <= 1.5)
        if full >= 3 and full >= 0.4 * len(same_dir) and not reversed_lines:
            justified_dirs.add(rtl_dir)
    # baselines set unevenly (a few distances up to half as wide again as the pitch), as TeX sets them
    uneven = bool(pitch) and sum(1 for g in known if 1.05 * pitch < g <= 1.5 * pitch + 1.0) >= 3
    out: list[Line] = []
    for i, ln in enumerate(lines):
        prev = out[-1] if out else None
        here = gap(i)
        # spacing is judged against the neighbouring gaps: a paragraph break is wider than the
        # line pitch around it (pitches differ between styles, so no page-wide figure)
        around = [g for g in (gap(i - 1) if prev is not None and prev.nlines > 1 else None, gap(i + 1))
                  if g is not None]
        spaced = here is None or (bool(around) and here > 1.2 * min(around) + 1.0)
        # a sentence that ends a line followed by wider spacing than the segment's line pitch
        if not spaced and pitch and prev is not None and _ends_sentence(prev.text) and here > 1.15 * pitch + 1.0:
            spaced = True
        # spacing wider than the segment's line pitch: the line above must have had no room at all
        # for the next line's first word (two short one-line paragraphs are not one paragraph)
        loose = bool(pitch and here is not None and here > 1.2 * pitch + 1.0)
        justified = prev is not None and prev.rtl in justified_dirs and ln.rtl == prev.rtl
        if justified and uneven and spaced and here is not None and not _ends_sentence(prev.text) \
                and prev.last_x[0] - left <= 1.5 and right - prev.last_x[1] <= 1.5 and here <= 1.5 * pitch + 1.0:
            spaced = False
        if prev is not None and not spaced and _continues(prev, ln, left, right, reversed_lines, start_aligned,
                                                          loose, justified):
            prev.text = prev.text + _glue(prev.text, ln.text) + ln.text
            prev.parts.append(ln.text)
            prev.y = ln.y
            prev.x0 = min(prev.x0, ln.x0)
            prev.x1 = max(prev.x1, ln.x1)
            prev.last_word = ln.last_word
            prev.last_x = (ln.x0, ln.x1)
            prev.verified = prev.verified and ln.verified
            continue
        out.append(ln)
    for ln in out:
        if not ln.table:
            ln.edges = (left, right)
            if ln.nlines > 1 and not reversed_lines:  # (those in their order once turned)
                _fix_paragraph_brackets(ln)
    return out


def _fix_paragraph_brackets(p: Line) -> None:
    """A quotation over two lines has one guillemet on each: neither line alone reads inside out,
    the paragraph does (»خوشه ... برخوردارند«)."""
    for pair in ("()", "[]", "{}", "«»"):  # each kind apart: the parentheses may read right
        if pair[1] not in p.text:
            continue
        kind = "".join(ch for ch in p.text if ch in pair)
        swap = str.maketrans(pair, pair[::-1])
        if _balance(kind) < 0 and _balance(kind.translate(swap)) == 0:
            p.text = p.text.translate(swap)
            p.parts = [part.translate(swap) for part in p.parts]


def _glue(a: str, b: str) -> str:
    """What joins two lines of a paragraph: a space, or nothing after a Latin word's hyphen or a web
    address broken after a slash."""
    return "" if _LATIN_HYPHEN.search(a) and _LATIN_START.match(b) else " "


_SENTENCE_END = tuple(".!?:\u061f\u06d4")


def _ends_sentence(text: str, colon: bool = True) -> bool:
    end = text.rstrip(" »\")'")
    return end.endswith(_SENTENCE_END) and (colon or not end.endswith(":"))


def reversed_line_order(paragraphs_: list[Line]) -> bool:
    """Were paragraphs set with their lines in reverse order?

    The common reportlab recipe puts a whole paragraph in visual order and lets the layout break it
    into lines from the left, which is the paragraph's end: every paragraph of several lines then
    reads bottom line first. The evidence is where sentence-final punctuation stands, counted over
    the document's paragraphs of several lines: on the bottom line when the order is right, on the
    top line when it is reversed. (The order model's scores of the word pairs across line breaks
    were measured too, and agreed with the truth on only 21 of 32 paragraphs they decided; the
    punctuation, on all 98 it decided, so it alone decides.)
    """
    multi = [p for p in paragraphs_ if not p.table and len(p.parts) >= 2]
    normal = reverse = 0
    for p in multi:
        # (a colon on the top line is no evidence: «... as follows:» may well head a wrapped list)
        top, bottom = _ends_sentence(p.parts[0], colon=False), _ends_sentence(p.parts[-1])
        if bottom and not top:
            normal += 1
        elif top and not bottom:
            reverse += 1
    return reverse >= 2 and reverse > 2 * normal


def _edge_word(text: str, index: int) -> str:
    words = text.split()
    return words[index] if words else ""


def _order_model():
    """The repair stage's order model when it is there (the reader works without it)."""
    try:
        from pipeline.repair import order_model

        return order_model.load()
    except Exception:  # a missing or broken model only costs this extra check
        return None


def reverse_paragraph_lines(paragraphs_: list[Line]) -> None:
    for p in paragraphs_:
        if not p.table and len(p.parts) >= 2:
            parts = p.parts[::-1]
            text = parts[0]
            for part in parts[1:]:
                text = text + _glue(text, part) + part
            p.text = text
            p.parts = parts
            _fix_paragraph_brackets(p)


def runs_on(a: Line, b: Line) -> bool:
    """Does paragraph ``b``, at the top of a column or page, continue paragraph ``a`` that ends the
    column or page before it? The text runs on when ``a`` stops mid-sentence on a full line (the
    next line's first word would not have fitted) and ``b`` is of the same size and direction,
    neither indented nor a list item."""
    if a.table or b.table or a.edges is None or b.edges is None or a.rtl != b.rtl:
        return False
    size = max(a.size, b.size)
    if abs(a.size - b.size) > 0.15 * size or _ends_sentence(a.text) or _LIST_START.match(b.text):
        return False
    left, right = a.edges
    b_left, b_right = b.edges
    px0, px1 = a.last_x
    full = (right - px1) + (px0 - left) <= b.first_word + 0.8 * size
    unindented = (b_right - b.x1 < 0.8 * size) if b.rtl else (b.x0 - b_left < 0.8 * size)
    return full and unindented


def join(a: Line, b: Line) -> None:
    """Paragraph ``b`` appended to paragraph ``a``."""
    a.text = a.text + _glue(a.text, b.text) + b.text
    a.parts.extend(b.parts)
    a.verified = a.verified and b.verified
    a.last_x = b.last_x
    a.last_word = b.last_word
    a.edges = b.edges


def join_across_columns(segments: list[list[Line]]) -> list[Line]:
    """Segments' paragraphs in order, a paragraph that runs on from one column into the next joined
    (the next column starts higher up the page, see :func:`runs_on`)."""
    out: list[Line] = []
    last = None  # the last paragraph of the segment before, when that segment ended in one
    for seg in segments:
        if last is not None and seg and seg[0].y > last.y and runs_on(last, seg[0]):
            join(last, seg[0])
            seg = seg[1:]
        out.extend(seg)
        if seg:
            last = seg[-1] if not seg[-1].table else None
    return out


def _continues(prev: Line, ln: Line, left: float, right: float, reversed_lines: bool = False,
               start_aligned: bool = True, loose: bool = False, justified: bool = False) -> bool:
    """Does ``ln`` continue the paragraph that ``prev`` (its lines so far) holds?"""
    if prev.table or ln.table:
        return False
    size = max(prev.size, ln.size)
    if prev.rtl != ln.rtl:
        # a line of only Latin (a web address that wrapped) set at the right edge, under
        # right-to-left lines, still belongs to their paragraph; any other change of direction does not
        if not (prev.rtl and not _RTL_LETTER.search(ln.text) and ln.x1 >= right - 6 * size
                and ln.x0 > left + size):
            return False
    if abs(prev.size - ln.size) > 0.15 * size:
        return False
    if _LIST_START.match(ln.text):
        return False
    px0, px1 = prev.last_x
    space = 0.3 * size
    if prev.rtl:
        start_gap, end_gap = right - px1, px0 - left
        indent = min(px1, right) - ln.x1
    else:
        start_gap, end_gap = px0 - left, right - px1
        indent = ln.x0 - max(px0, left)
    if start_aligned and start_gap < (6 if _LIST_START.match(prev.text) else 4 if prev.nlines == 1 else 0) * size:
        start_gap = 0.0  # a first-line indent, or a list item's hanging lines: no room left on the line
    elif not start_aligned and prev.nlines == 1:
        start_gap = max(0.0, start_gap - 2.5 * size)  # ragged starts: allow for a first-line indent
    # the line above had room for the next line's first word: it ended its paragraph (this also
    # catches last lines set flush to the wrong side, as fpdf2 does with right-to-left justification)
    # (lines set bottom first were broken before the next line's last word, not its first)
    room = (ln.last_word if reversed_lines else ln.first_word) + (0.0 if loose else space + 0.5 * size)
    if start_gap + end_gap > room or (justified and end_gap > 0.5 * size):
        return False
    # a first-line indent starts a paragraph, except under a list item whose wrapped lines hang, and
    # except after a full line that stops mid-sentence: then it is the paragraph's last line, set
    # flush to the wrong side (pango and fpdf2 justify right-to-left text that way)
    if start_aligned and 0.8 * size < indent < 4 * size and not _LIST_START.match(prev.text) \
            and (_ends_sentence(prev.text) or end_gap > 0.5 * size):
        return False
    return True
