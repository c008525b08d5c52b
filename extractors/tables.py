"""Facts from tables: blocks of TAB rows in the normalized text, whatever the source.

Every reader (DOCX, PDF, PPTX, HTML) and the repair stage write a table row as one line, cells in
reading order joined by TAB, so one extractor serves them all. For each block of consecutive rows:

* **Header.** Rows without values (and, when the source lost the table grid, the short lines just
  above the block: its caption) tell what each value column is: a period (قبل از آغاز پروژه ->
  baseline, در حال حاضر -> current), a growth column (درصد افزایش), a year (وضعیت سال 1401), a unit
  ((میلیون ریال)). A row-number column (ردیف, or 1, 2, 3 ... down the block) is skipped.
* **Rows.** The label cell gives the fact type through the vocabulary in ``data/table_labels.tsv``
  (general phrasings, not one report's wording; spacing-blind, forgiving one missing letter, and, ranked
  lower, a phrase whose words came apart); a label the vocabulary does not know gives no fact, which
  keeps page furniture and contact tables out. Value cells are numbers in any digit script, with
  separators, a qualifier (حدود، بیش از), a scale (هزار، میلیون), a unit or a percent sign, or a
  number in words (شش). A table on its side (types across the header, a year, period or cluster per
  row) is read by column.
* **Growth.** In a row «before | now | p%» the percentage is ``growth_percent`` with ``subject`` = the
  row's type, and arithmetic tells before from now when no header does: p agrees with (now-before)/before.
* **Glued numbers.** A cell whose digits are several numbers run together («10828612648417%», or
  fewer value cells than the header has columns) is split by :mod:`pipeline.glued`; the values are
  ``alignment="derived"``. When no split is consistent, one low-confidence fact keeps the raw string:
  ``value`` None, ``raw_value`` the cell as written, so nothing downstream adds up a guess.
* **Scope.** A table about the programme as a whole (its caption or labels speak of the country, of
  many clusters: «خوشه‌های تحت حمایت», «دستاوردهای کلان») gives ``scope="national"``; a province's
  table does not, and its national_* counts lose the prefix.

Unrepaired glued rows. When a slide table reaches us as one visual-order line («%214511138های تحت
حمایتها در خوشهتعداد شبکه») the repair stage should already have rebuilt the row; if it could not,
that line is still taken here as a row, but only in the two shapes whose reading needs no word order,
and with a lower confidence:
* a run of at least five digits glued to a percent sign at one end of the line, a label the
  vocabulary types without ambiguity, and exactly one consistent split;
* a run of two or more lines «number label number» («505 های شناسایی شدهخوشه 1») where the numbers at
  one end count 1, 2, 3 ... down the run: that end is the row number, the other end the value.
Anything else that needs word order to be read is left to the repair stage.
"""
from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field

from extractors import register
from pipeline import glued
from pipeline.model import CELL_SEP
from pipeline.textutil import unify_chars

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "table_labels.tsv")

CONF_CELL = 0.9          # a value in its own cell, under a known label
CONF_UNPLACED = 0.6      # several values in a row and nothing says which is which
CONF_SPLIT = 0.85        # a glued cell split by arithmetic
CONF_UNREPAIRED = 0.6    # a glued visual-order line, split by arithmetic
CONF_RAW = 0.2           # a glued cell no split explains: the raw string is kept, value None

MAX_CAPTION_LINES = 8    # lines above a block that may be its caption or lost header
MAX_CAPTION_WORDS = 15   # a longer line is prose: the caption ends there
MAX_HEADER_WORDS = 8     # a year counts as the table's year only in a short line or with «سال»
FUZZY_MIN = 7            # vocabulary phrases this long also match with one letter missing or changed

# ---------------------------------------------------------------------------------------------------
# canonical forms

_LETTERS = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ئ": "ی", "ؤ": "و", "ۀ": "ه", "ة": "ه",
                          "\u200c": " ", "\u200d": "", "٪": "%"})


def _base(text: str) -> str:
    return unify_chars(unicodedata.normalize("NFC", text)).translate(_LETTERS).lower()


def squash(text: str) -> str:
    """Letters and digits only: spacing, ZWNJ and punctuation differences vanish.

    >>> squash("خوشه‌های شناسایی  شده") == squash("خوشههاي شناسايي‌شده")
    True
    """
    return "".join(ch for ch in _base(text) if ch.isalnum() or ch == "%")


def words(text: str) -> str:
    """Words separated by single spaces (ZWNJ and punctuation become spaces)."""
    return " ".join(re.sub(r"[^\w%]+", " ", _base(text)).split())


# ---------------------------------------------------------------------------------------------------
# the vocabulary


@dataclass(frozen=True)
class Rule:
    kind: str
    key: str
    groups: tuple[tuple[str, ...], ...]  # every group must match; a group is alternatives


@dataclass(frozen=True)
class Match:
    key: str
    groups: int
    start: int
    length: int
    loose: bool = False  # a phrase's words found, but not side by side in its order


_FUNCTION_WORDS = {"در", "از", "به", "و", "با", "تا", "را", "که", "ها", "های", "ای"}


def _content_words(phrase: str) -> tuple[str, ...]:
    """The words of a phrase that carry its meaning (squashed), for the order-blind fallback."""
    return tuple(squash(w) for w in words(phrase).split() if w not in _FUNCTION_WORDS and len(squash(w)) >= 3)


def _fuzzy_find(pattern: str, text: str) -> int:
    """Start of a match of ``pattern`` in ``text`` with at most one letter missing or changed, or -1.

    An extra letter in the text is not forgiven: «شناسایی نشده» must not pass for «شناسایی شده».
    """
    m = len(pattern)
    half = m // 2
    if pattern[:half] not in text and pattern[half:] not in text:
        return -1  # one edit leaves one half of the pattern whole: no half, no match
    inf = m + 1
    # prev[j]: edits to match pattern[:i] ending at text[:j]; substitution and pattern-letter deletion only
    prev = [0] * (len(text) + 1)
    for i in range(1, m + 1):
        cur = [i] + [inf] * len(text)
        for j in range(1, len(text) + 1):
            cost = 0 if pattern[i - 1] == text[j - 1] else 1
            cur[j] = min(prev[j - 1] + cost, prev[j] + 1)
        prev = cur
    for j in range(len(text) + 1):
        if prev[j] <= 1:
            return max(j - m, 0)
    return -1


class Vocabulary:
    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.by_kind: dict[str, list[Rule]] = {}
        for r in rules:
            self.by_kind.setdefault(r.kind, []).append(r)
        self._word_rx: dict[str, re.Pattern] = {}
        self._keys: dict[str, dict[str, str]] = {}
        # the alternatives in squashed form, once; and the answers already given (labels repeat)
        self._squashed = {kind: [(rule, [[(squash(a), _content_words(a)) for a in g if squash(a)] for g in rule.groups])
                                 for rule in rs]
                          for kind, rs in self.by_kind.items()}
        self._memo: dict[tuple[str, str], list[Match]] = {}
        self._joined: dict[str, list[tuple[re.Pattern, str]]] = {}

    @classmethod
    def load(cls, path: str = DATA) -> "Vocabulary":
        rules = []
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 3:
                    raise ValueError(f"{path}:{n}: expected kind<TAB>key<TAB>expression")
                kind, key, expr = parts
                groups = tuple(tuple(a.strip() for a in g.split(" | ") if a.strip()) for g in expr.split(" + "))
                rules.append(Rule(kind, key, groups))
        return cls(rules)

    # substring matching, for labels and headers: spacing-blind, typo-tolerant for long phrases
    def match(self, kind: str, text: str) -> list[Match]:
        key = (kind, text)
        if key not in self._memo:
            if len(self._memo) > 20000:
                self._memo.clear()
            self._memo[key] = self._match(kind, text)
        return self._memo[key]

    def _match(self, kind: str, text: str) -> list[Match]:
        flat = squash(text)
        out = []
        for rule, groups in self._squashed.get(kind, ()):
            starts, length, loose = [], 0, False
            for group in groups:
                best = None
                for a, content in group:
                    pos = flat.find(a)
                    if pos < 0 and len(a) >= FUZZY_MIN:
                        pos = _fuzzy_find(a, flat)
                    if pos >= 0 and (best is None or (False, pos, -len(a)) < (best[2], best[0], -best[1])):
                        best = (pos, len(a), False)
                    elif pos < 0 and best is None and len(content) >= 2:
                        # the words of the phrase, each somewhere: a row whose word order the repair got wrong
                        where = [flat.find(w) for w in content]
                        if min(where) >= 0:
                            best = (min(where), len(a), True)
                if best is None:
                    break
                starts.append(best[0])
                length += best[1]
                loose = loose or best[2]
            else:
                out.append(Match(rule.key, len(rule.groups), min(starts), length, loose))
        return out

    def best(self, kind: str, text: str) -> str | None:
        """The key of the best match: most groups, then phrases found in order before words found apart,
        then the earliest start, then the longest; None on a tie of keys."""
        found = self.match(kind, text)
        if not found:
            return None
        def rank(m: Match):
            return -m.groups, m.loose, m.start, -m.length

        found.sort(key=rank)
        rivals = {m.key for m in found if rank(m) == rank(found[0])}
        return found[0].key if len(rivals) == 1 else None

    def label_type(self, text: str) -> str | None:
        """The fact type a label names: a specific phrase, else a generic one («تعداد واحدها»)."""
        return self.best("type", text) or self.best("type_fallback", text)

    def ordered(self, kinds: tuple[str, ...], text: str) -> list[str]:
        """Keys of every match of these kinds in order of appearance, overlaps resolved to the longest.

        Spacing-blind («پیش‌بینی», «پیش بینی»), but a match must begin and end on word boundaries:
        short header words must not be found inside others (رشد in «فرش دستباف»).
        """
        tokens = words(text).split()
        flat = "".join(tokens)
        bounds, pos = {0}, 0
        for t in tokens:
            pos += len(t)
            bounds.add(pos)
        hits = []
        for kind in kinds:
            if kind not in self._joined:
                self._joined[kind] = [(re.compile(re.escape("".join(words(alt).split()))), rule.key)
                                      for rule in self.by_kind.get(kind, ()) for alt in rule.groups[0]
                                      if words(alt)]
            for rx, key in self._joined[kind]:
                for m in rx.finditer(flat):
                    if m.start() in bounds and m.end() in bounds:
                        hits.append((m.start(), m.end(), key))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, end = [], -1
        for s, e, key in hits:
            if s >= end:
                out.append(key)
                end = e
        return out

    # whole-word matching, for units, scales, qualifiers and scope words
    def _rx(self, kind: str) -> re.Pattern:
        if kind not in self._word_rx:
            alts = []
            for rule in self.by_kind.get(kind, ()):
                for alt in rule.groups[0]:
                    w = words(alt) or alt
                    alts.append((w, rule.key))
            alts.sort(key=lambda a: -len(a[0]))
            self._keys[kind] = {w: k for w, k in alts}
            body = "|".join(re.escape(w) for w, _ in alts)
            self._word_rx[kind] = re.compile(rf"(?<![\w])(?:{body})(?![\w])" if body else r"(?!x)x")
        return self._word_rx[kind]

    def words_found(self, kind: str, text: str) -> list[tuple[str, int, int]]:
        """(key, start, end) of whole-word matches in ``words(text)``, longest first at each place."""
        rx = self._rx(kind)
        w = words(text)
        return [(self._keys[kind][m.group()], m.start(), m.end()) for m in rx.finditer(w)]

    def has_words(self, kind: str, key: str, text: str) -> bool:
        return any(k == key for k, _, _ in self.words_found(kind, text))


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


# ---------------------------------------------------------------------------------------------------
# values in cells

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬٪", "0123456789" "0123456789" ".,%")
_NUMBER = re.compile(r"(?<![\d.,/])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:(?P<sep>[./])(?P<frac>\d+))?(?!\d)")
_YEAR = re.compile(r"(?<!\d)(1[34]\d\d)(?!\d)")
_LETTER = re.compile(r"[^\W\d_]")
_YEAR_CELL = re.compile(r"^(?:سال\s*)?(1[34]\d\d)(?:\s*سال)?$")


@dataclass(frozen=True)
class Value:
    number: float | int
    qualifier: str = "exact"
    unit: str | None = None  # percent, million_rials ... ; None for a count
    percent: bool = False


def _int_or_float(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


@functools.lru_cache(maxsize=8192)
def parse_value(cell: str) -> Value | None:
    """A value cell: one number, maybe with a qualifier, a scale word, a unit or a percent sign.

    >>> parse_value("حدود 66 هزار نفر")
    Value(number=66000, qualifier='approx', unit=None, percent=False)
    >>> parse_value("۱۲٬۵۰۰").number, parse_value("17%").unit, parse_value("4/5 میلیون").number
    (12500, 'percent', 4500000)
    >>> parse_value("1401/05/12") is None, parse_value("3 تا 5") is None, parse_value("ردیف") is None
    (True, True, True)
    """
    vocab = vocabulary()
    text = cell.translate(_DIGITS).strip()
    numbers = list(_NUMBER.finditer(text))
    if not numbers and not any(ch.isdigit() for ch in text):
        return _word_value(vocab, text)
    if len(numbers) != 1:
        return None  # a range, a date, a sentence: not one value
    m = numbers[0]
    rest_before, rest_after = text[:m.start()], text[m.end():]
    if m.group("sep") == "/" and not vocab.words_found("scale", rest_after):
        return None  # 1401/05: a date, not a decimal
    number: float = float(m.group("int").replace(",", ""))
    if m.group("frac"):
        number = float(f"{int(number)}.{m.group('frac')}")
    if re.search(r"[-\u2212]\s*%?\s*$", rest_before) or re.match(r"^\s*%?\s*[-\u2212]\s*$", rest_after):
        number = -number  # «-25%», and in visual order «%25-»
    qualifier = "exact"
    quals = vocab.words_found("qualifier", rest_before)
    if quals:
        qualifier = quals[-1][0]
    percent = "%" in text or vocab.has_words("unit", "percent", rest_after)
    unit = "percent" if percent else None
    units = vocab.words_found("unit", rest_after)
    scales = vocab.words_found("scale", rest_after)
    if scales and scales[0][1] == 0:
        scale_word_end = scales[0][2]
        unit_here = next((u for u in units if u[1] == 0 and u[0] != "count"), None)
        if unit_here is None or unit_here[2] <= scale_word_end:  # «66 هزار», not «1572066 میلیون ریال»
            number *= float(scales[0][0])
    if not percent:
        money = [u for u in units if u[0] not in ("count", "percent")]
        if money:
            unit = money[0][0]
    # what is left must be little: a count noun or two, not a sentence
    leftover = words(rest_before + " " + rest_after)
    for kind in ("qualifier", "scale", "unit"):
        leftover = _rx_remove(vocab, kind, leftover)
    if len(leftover.split()) > 2:
        return None
    if "سال" in leftover.split() and _YEAR.fullmatch(m.group("int")):
        return None  # «سال 1401», «وضعیت سال 1401»: a year, not a value
    return Value(_int_or_float(number), qualifier, unit, percent)


def _word_value(vocab: Vocabulary, text: str) -> Value | None:
    """A value written in words («شش», «دو هزار نفر»), read by the number parser of extractors.numparse.
    Stricter than digits: nothing but a qualifier and a unit may stand beside it («ده‌ها نفر» is no 10)."""
    from extractors.numparse import find_numbers

    found = find_numbers(text)
    if len(found) != 1:
        return None
    n = found[0]
    before, after = text[:n.start], text[n.end:]
    leftover = words(before + " " + after)
    for kind in ("qualifier", "unit"):
        leftover = _rx_remove(vocab, kind, leftover)
    if leftover:
        return None
    quals = vocab.words_found("qualifier", before)
    money = [u for u, _, _ in vocab.words_found("unit", after) if u not in ("count", "percent")]
    percent = vocab.has_words("unit", "percent", after)
    return Value(n.value, quals[-1][0] if quals else "exact", "percent" if percent else (money[0] if money else None),
                 percent)


def _rx_remove(vocab: Vocabulary, kind: str, text: str) -> str:
    return " ".join(vocab._rx(kind).sub(" ", text).replace("%", " ").split())


def year_of_cell(cell: str) -> int | None:
    """The year a header cell names: «1401», «سال ۱۴۰۱», «وضعیت سال 1401 (تعداد)»."""
    m = _YEAR.search(cell.translate(_DIGITS))
    return int(m.group(1)) if m else None


def is_year_cell(cell: str) -> bool:
    return bool(_YEAR_CELL.match(words(cell.translate(_DIGITS))))


def has_letters(cell: str) -> bool:
    return len(_LETTER.findall(cell)) >= 2


# ---------------------------------------------------------------------------------------------------
# rows and blocks


@dataclass
class Cell:
    text: str
    start: int
    end: int


@dataclass
class Row:
    start: int
    end: int
    cells: list[Cell]
    shape: str = "tab"  # tab | glued | numbered: the last two are unrepaired lines taken as rows

    @property
    def unrepaired(self) -> bool:
        return self.shape != "tab"

    @property
    def text(self) -> str:
        return CELL_SEP.join(c.text for c in self.cells)


# a glued visual-order line: a percent sign and at least five digits at one end, a label at the other
_RUN = r"(?:%-?\d[\d,.]{3,}\d-?|-?\d[\d,.]{3,}\d-?%)"  # digits (separators allowed) with a percent sign
_GLUED_LINE = re.compile(rf"^(?P<num>{_RUN})(?P<label>\D+)$|^(?P<label2>\D+?)(?P<num2>{_RUN})$")


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _cells(line: str, start: int) -> list[Cell]:
    out, pos = [], start
    for part in line.split(CELL_SEP):
        lead = len(part) - len(part.lstrip())
        stripped = part.strip()
        out.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(part) + 1
    return out


def _unrepaired_row(line: str, start: int) -> Row | None:
    m = _GLUED_LINE.match(line.strip())
    if not m or sum(ch.isdigit() for ch in (m.group("num") or m.group("num2"))) < 5:
        return None
    off = start + len(line) - len(line.lstrip())
    num_group = "num" if m.group("num") else "num2"
    label_group = "label" if m.group("num") else "label2"
    if not has_letters(m.group(label_group)):
        return None
    num = Cell(m.group(num_group), off + m.start(num_group), off + m.end(num_group))
    label = Cell(m.group(label_group).strip(), off + m.start(label_group), off + m.end(label_group))
    return Row(start, start + len(line), [label, num], shape="glued")


# a numbered row without its TABs: a number at each end, a label between (in visual order the value
# comes first: «505 های شناسایی شدهخوشه 1»; a unit may be glued to it: «نفر1106»)
_NUMBERED_LINE = re.compile(r"^(?P<a>[^\s\d]*\d+[^\s\d]*)\s+(?P<label>[^\d]*[^\d\s])\s+(?P<b>[^\s\d]*\d+[^\s\d]*)$")


def _numbered_rows(lines: list[tuple[int, str]]) -> dict[int, Row]:
    """Rows from runs of two or more lines «number label number» where the numbers at one end count
    1, 2, 3 ... from line to line: that end is the row number, the other the value. Which end counts
    is read from the run, not from word order, so a visual-order table needs no repair to be read."""
    found: list[tuple[int, str, re.Match] | None] = []
    for start, line in lines:
        m = _NUMBERED_LINE.match(line.strip()) if CELL_SEP not in line else None
        found.append((start, line, m) if m and has_letters(m.group("label")) else None)

    def counter(m: re.Match, side: str) -> int | None:
        return int(m.group(side)) if m.group(side).isdigit() and len(m.group(side)) <= 3 else None

    rows: dict[int, Row] = {}
    i = 0
    while i < len(found):
        if found[i] is None:
            i += 1
            continue
        j = i + 1
        while j < len(found) and found[j] is not None:
            j += 1
        run = found[i:j]
        for side, other in (("b", "a"), ("a", "b")):
            nums = [counter(m, side) for _, _, m in run]
            if len(run) >= 2 and None not in nums and all(y - x == 1 for x, y in zip(nums, nums[1:])) \
                    and nums[0] <= 1 + len(run):
                other_nums = [counter(m, other) for _, _, m in run]
                if None not in other_nums and all(y - x == 1 for x, y in zip(other_nums, other_nums[1:])):
                    break  # both ends count: nobody can say which is the value
                for start, line, m in run:
                    off = start + len(line) - len(line.lstrip())
                    cells = [Cell(m.group(g).strip(), off + m.start(g), off + m.end(g)) for g in (side, "label", other)]
                    rows[start] = Row(start, start + len(line), cells, shape="numbered")
                break
        i = j
    return rows


def blocks(text: str) -> list[tuple[list[Row], list[tuple[int, str]]]]:
    """Blocks of consecutive rows, each with the lines just above it that may be its caption
    (``(offset, line)``, top to bottom; prose lines end the caption)."""
    out: list[tuple[list[Row], list[tuple[int, str]]]] = []
    current: list[Row] | None = None
    before: list[tuple[int, str]] = []  # non-row lines since the last block
    lines = [(start, line) for start, line in _lines(text) if line.strip()]
    numbered = _numbered_rows(lines)
    for start, line in lines:
        if CELL_SEP in line:
            row = Row(start, start + len(line), _cells(line, start))
        else:
            row = numbered.get(start) or _unrepaired_row(line, start)
        if row is None:
            current = None
            before = (before + [(start, line)])[-MAX_CAPTION_LINES:]
            continue
        if current is None:
            current = []
            out.append((current, _caption(before)))
        current.append(row)
        before = []
    return out


def _caption(before: list[tuple[int, str]]) -> list[tuple[int, str]]:
    cap: list[tuple[int, str]] = []
    for start, line in reversed(before):
        if len(line.split()) > MAX_CAPTION_WORDS:
            break
        cap.append((start, line.strip()))
    return list(reversed(cap))


# ---------------------------------------------------------------------------------------------------
# columns


@dataclass
class Column:
    period: str | None = None
    growth: bool = False  # a growth rate in percent
    change: bool = False  # a change: a growth rate when its cells say %, else an absolute difference
    cluster: bool = False  # the column names clusters («نام خوشه»)
    place: bool = False  # the column names a city or province («شهر», «استان»)
    year: int | None = None
    unit: str | None = None
    rownumber: bool = False
    type: str | None = None


def column_of(cell: str) -> Column:
    vocab = vocabulary()
    col = Column()
    roles = vocab.ordered(("period", "growth", "change"), cell)
    if "growth_percent" in roles:
        col.growth = True
    elif "change" in roles:
        col.change = True
    periods = [r for r in roles if r in ("baseline", "current", "target")]
    if periods and not (col.growth or col.change):
        col.period = periods[0]
    col.year = year_of_cell(cell)
    units = [u for u, _, _ in vocab.words_found("unit", cell) if u != "count"]
    if units:
        col.unit = units[0]
    if "%" in cell and not col.unit:
        col.unit = "percent"
    col.rownumber = bool(vocab.match("rownumber", cell)) and len(words(cell).split()) <= 2
    col.type = vocab.label_type(cell)
    col.cluster = col.type is None and "خوشه" in squash(cell) and not (col.period or col.growth or col.change)
    col.place = col.type is None and bool(vocab.match("place_header", cell)) and len(words(cell).split()) <= 3
    return col


def _unit_of_label(label: str) -> str | None:
    vocab = vocabulary()
    # a unit in brackets belongs to the row: «(میلیون ریال)», «(دلار)», «(نفر)»
    for inner in re.findall(r"[(\[]([^()\[\]]+)[)\]]", label):
        found = vocab.words_found("unit", inner)
        if found:
            return None if found[0][0] == "count" else found[0][0]
    found = [u for u, _, _ in vocab.words_found("unit", label) if u not in ("count", "percent")]
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------------
# the extractor


@dataclass
class Slot:
    """One value found in a row: where it is, what it is."""

    cell: Cell
    value: Value | None
    column: Column = field(default_factory=Column)
    derived: bool = False
    raw: bool = False
    role: str | None = None  # baseline | current | target | growth | None


def _consistent(before: float, now: float, pct: float) -> bool:
    return before > 0 and abs(100.0 * (now - before) / before - pct) < glued.TOLERANCE


@register("fa.tables", version=3)
def tables(ctx):
    vocab = vocabulary()
    for rows, caption in blocks(ctx.string):
        page = ctx.text.page_of(rows[0].start)
        caption = [line for start, line in caption if ctx.text.page_of(start) == page]  # a slide's own title
        yield from _block_facts(ctx, vocab, rows, caption)


def _caption_year(caption: list[str]) -> int | None:
    for line in reversed(caption):
        if len(line.split()) <= MAX_HEADER_WORDS or "سال" in line:
            y = year_of_cell(line)
            if y:
                return y
    return None


_UNIT_NOTE = re.compile(r"(?:^|\s)(?:ارقام|مبالغ|اعداد|ارزش ها|واحد)(?:\s|$)")


def _caption_unit(vocab: Vocabulary, caption: list[str]) -> str | None:
    """A money unit the caption declares for the whole table: «(ارقام به میلیون ریال)», «واحد: دلار»."""
    for line in reversed(caption):
        if _UNIT_NOTE.search(words(line)):
            money = [u for u, _, _ in vocab.words_found("unit", line) if u not in ("count", "percent")]
            if money:
                return money[0]
    return None


def _scope_cues(vocab: Vocabulary, text: str) -> tuple[bool, bool, bool]:
    """(national, local, aggregate) cues in a caption or label."""
    found = {k for k, _, _ in vocab.words_found("scope", text)}
    aggregate = any(m.key == "aggregate" for m in vocab.match("scope", text))
    return "national" in found, "local" in found, aggregate


def _label_index(cells: list[Cell]) -> int | None:
    for i, c in enumerate(cells):
        if has_letters(c.text) and parse_value(c.text) is None and not is_year_cell(c.text):
            return i
    return None


def _is_header(cells: list[Cell], label_i: int | None, vocab: Vocabulary) -> bool:
    """A row of column names: no label the vocabulary types, and no number but years
    («شاخص | 1400 | 1401», «ردیف | عنوان | 1401 (تعداد)»)."""
    if label_i is not None and vocab.label_type(cells[label_i].text) is not None:
        return False
    for i, c in enumerate(cells):
        if i == label_i or not c.text:
            continue
        v = parse_value(c.text)
        if v is not None and not (year_of_cell(c.text) and v.number == year_of_cell(c.text) and not v.percent):
            return False
    return True


def _counter(cell: Cell | None) -> int | None:
    v = parse_value(cell.text) if cell is not None and cell.text else None
    if v is None or v.percent or v.qualifier != "exact" or v.number != int(v.number):
        return None
    return int(v.number)


def _rownumber_columns(data_rows: list[Row], labels: dict[int, int | None]) -> set[str]:
    """Which edge of the rows («first», «last») is a row-number column: whole numbers counting 1, 2, 3
    down the block beside other values (a single row: a 1 beside another value)."""
    out: set[str] = set()
    if not data_rows:
        return out
    for edge, index in (("first", 0), ("last", -1)):
        nums = []
        for r in data_rows:
            li = labels.get(id(r))
            at = index % len(r.cells)
            others = [c for i, c in enumerate(r.cells) if i not in (at, li) and c.text and parse_value(c.text)]
            nums.append(_counter(r.cells[at]) if at != li and others else None)
        if None in nums:
            continue
        if len(nums) == 1 and nums[0] != 1:
            continue
        if all(b - a == 1 for a, b in zip(nums, nums[1:])) and nums[0] <= 1 + len(nums):
            out.add(edge)
    return out


def _block_facts(ctx, vocab: Vocabulary, rows: list[Row], caption: list[str]):
    caption_text = " ".join(caption)
    caption_year = _caption_year(caption)
    caption_unit = _caption_unit(vocab, caption)
    caption_roles = [r if r != "growth_percent" else "growth"
                     for r in vocab.ordered(("period", "growth", "change"), caption_text)]
    cap_national, cap_local, cap_aggregate = _scope_cues(vocab, caption_text)

    labels = {id(r): _label_index(r.cells) for r in rows}
    header_cols: list[Column] | None = None
    header_label_i: int | None = None
    data_rows: list[Row] = []
    headers: dict[int, tuple[list[Column], int | None]] = {}
    for r in rows:
        li = labels[id(r)]
        if not r.unrepaired and _is_header(r.cells, li, vocab):
            cols = [column_of(c.text) for c in r.cells]
            if header_cols is not None and len(header_cols) == len(cols):
                cols = [_merge(a, b) for a, b in zip(header_cols, cols)]  # a two-line header
            header_cols, header_label_i = cols, li
            continue
        headers[id(r)] = (header_cols or [], header_label_i)
        data_rows.append(r)
    if not data_rows:
        return
    rownumbers = _rownumber_columns([r for r in data_rows if r.shape != "glued"], labels)

    typed = []
    for r in data_rows:
        li = labels[id(r)]
        if li is None:
            continue
        label = r.cells[li].text
        if vocab.match("negation", label):
            continue
        ftype = vocab.label_type(label)
        if ftype:
            typed.append((r, li, label, ftype))
    # a table is about the programme as a whole when its caption or its labels say so
    labels_text = " ".join(t[2] for t in typed)
    lab_national, lab_local, lab_aggregate = _scope_cues(vocab, labels_text)
    table_local = cap_local and not cap_national
    table_national = not table_local and (cap_national or cap_aggregate or lab_national or lab_aggregate)

    for r, li, label, ftype in typed:
        cols, h_label_i = headers[id(r)]
        slots, places = _slots(r, li, cols, rownumbers)
        if not slots:
            continue
        expected = _expected_roles(cols, h_label_i, caption_roles)
        slots = _expand_glued(slots, len(expected) > places, expected)
        if r.shape == "glued" and not any(s.derived for s in slots):
            continue  # a glued line is a row only when its numbers split consistently
        _assign_roles(slots, expected, from_header_row=any(c.period or c.growth or c.change for c in cols))
        label_national, label_local, _ = _scope_cues(vocab, label)
        row_local = table_local or (label_local and not label_national)
        national = (table_national or ftype.startswith("national_")) and not row_local
        if ftype.startswith("national_") and not national:
            ftype = ftype[len("national_"):]
        label_unit = _unit_of_label(label) or (caption_unit if ftype.endswith("_value") else None)
        yield from _emit(ctx, r, slots, ftype, label_unit, year_of_cell(label) or caption_year,
                         "national" if national else None)

    # a table turned on its side: the header names the types, each row is a year, a period or a place
    typed_ids = {id(t[0]) for t in typed}
    for r in data_rows:
        cols, _ = headers[id(r)]
        if id(r) in typed_ids or r.unrepaired or not any(c.type for c in cols):
            continue
        li = labels[id(r)]
        if li is not None and vocab.match("negation", r.cells[li].text):
            continue
        yield from _column_typed(ctx, vocab, r, li, cols, caption_year, table_national, table_local)


def _column_typed(ctx, vocab: Vocabulary, r: Row, li: int | None, cols: list[Column], caption_year: int | None,
                  table_national: bool, table_local: bool):
    """Facts of a row whose columns carry the types: «1400 | 120 | 2400» under «سال | بنگاه | اشتغال»."""
    key_i = li if li is not None else 0
    key = r.cells[key_i].text
    year = period = subject = None
    if is_year_cell(key):
        year = year_of_cell(key)
    elif li is None:
        return  # a row without a label or a year: nothing says what its numbers are about
    else:
        periods = vocab.ordered(("period",), key)
        period = periods[0] if periods else None
        year = year_of_cell(key)
        subject = None if period else key
    shift = len(r.cells) - len(cols)
    cluster = None
    if subject and 0 <= key_i - shift < len(cols) and cols[key_i - shift].cluster:
        cluster = subject if squash(subject).startswith("خوشه") else f"خوشه {subject}"
        subject = None
        # a city column completes the name the way reports write it: «خوشه فرش دستباف قم»
        for i, c in enumerate(r.cells):
            col = cols[i - shift] if 0 <= i - shift < len(cols) else Column()
            if col.place and c.text and has_letters(c.text) and squash(c.text) not in squash(cluster):
                cluster = f"{cluster} {c.text}"
                break
    for i, c in enumerate(r.cells):
        col = cols[i - shift] if 0 <= i - shift < len(cols) else Column()
        if i == key_i or not col.type or not c.text:
            continue
        v = parse_value(c.text)
        if v is None:
            continue
        ftype = col.type
        national = (table_national or ftype.startswith("national_")) and not table_local
        if ftype.startswith("national_") and not national:
            ftype = ftype[len("national_"):]
        unit = v.unit or (col.unit if col.unit != "percent" or v.percent else None)
        ftype = _by_unit(ftype, unit)
        f = ctx.fact(ftype, v.number, c.start, c.end, unit=unit, qualifier=v.qualifier,
                     confidence=CONF_UNPLACED if subject else CONF_CELL, cluster=cluster,
                     scope="national" if national else None, year=year or col.year or caption_year,
                     period=period, subject=subject, as_written=c.text)
        _row_evidence(ctx, f, r)
        yield f


def row_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line this extractor reads as a table row: TAB rows, and the unrepaired
    glued or numbered lines it takes as rows. Other extractors can leave these lines alone."""
    return [(r.start, r.end) for rows, _ in blocks(text) for r in rows]


def _merge(a: Column, b: Column) -> Column:
    return Column(period=b.period or a.period, growth=a.growth or b.growth, change=a.change or b.change,
                  cluster=a.cluster or b.cluster, year=b.year or a.year,
                  unit=b.unit or a.unit, rownumber=a.rownumber or b.rownumber, type=b.type or a.type)


def _slots(r: Row, li: int, cols: list[Column], rownumbers: set[str]) -> tuple[list[Slot], int]:
    """The row's value cells (not the label, not a row number), and how many value places it has."""
    out, places = [], 0
    shift = len(r.cells) - len(cols)  # headers align at the end: a missing ردیف header is common
    for i, c in enumerate(r.cells):
        if i == li or (i == 0 and "first" in rownumbers) or (i == len(r.cells) - 1 and "last" in rownumbers):
            continue
        col = cols[i - shift] if cols and 0 <= i - shift < len(cols) else Column()
        if col.rownumber:
            continue
        places += 1
        if not c.text:
            continue
        v = parse_value(c.text)
        if v is None and glued.parse_glued(c.text) is None:
            continue
        out.append(Slot(c, v, col))
    return out, places


def _expected_roles(cols: list[Column], h_label_i: int | None, caption_roles: list[str]) -> list[str | None]:
    """The roles of the value columns: from a header row, else from the caption's header words."""
    if cols:
        after = cols[(h_label_i + 1) if h_label_i is not None else 0:]
        roles = [("growth" if c.growth else "change" if c.change else c.period) for c in after if not c.rownumber]
        if any(roles):
            return roles
    return caption_roles


def _glued_candidate(slot: Slot, missing_places: bool, expected: list[str | None]) -> bool:
    g = glued.parse_glued(slot.cell.text)
    if g is None:
        return False
    int_digits = len(g.digits) if g.decimal_at is None else g.decimal_at
    if g.percent and int_digits > glued.MAX_PERCENT_DIGITS:
        return True  # a percentage of five digits or more is numbers run together
    # the header promises more values than the row has cells, and this one is long enough for three
    return missing_places and len(g.digits) >= 5 and (g.percent or "growth" in expected)


def _expand_glued(slots: list[Slot], missing_places: bool, expected: list[str | None]) -> list[Slot]:
    """Split a glued last value cell (with the plain digit cell before it, if one is there)."""
    if not slots or not _glued_candidate(slots[-1], missing_places, expected):
        return slots
    run = [slots[-1]]
    prev = glued.parse_glued(slots[-2].cell.text) if len(slots) >= 2 else None
    if prev is not None and not prev.percent and prev.decimal_at is None and not prev.separators:
        run.insert(0, slots[-2])
    split = None
    while run:
        head = "".join(glued.parse_glued(s.cell.text).digits for s in run[:-1])
        last = glued.parse_glued(run[-1].cell.text)
        split = glued.split_growth(
            head + last.digits, last.negative, fixed_cuts=(len(head),) if head else (),
            separators=tuple(len(head) + p for p in last.separators),
            decimal_at=None if last.decimal_at is None else len(head) + last.decimal_at)
        if split or len(run) == 1:
            break
        run = run[1:]
    keep = slots[:len(slots) - len(run)]
    cell = run[-1].cell if len(run) == 1 else Cell(CELL_SEP.join(s.cell.text for s in run), run[0].cell.start,
                                                     run[-1].cell.end)
    if split is None:
        return keep + [Slot(cell, None, run[-1].column, raw=True)]
    return keep + [
        Slot(cell, Value(split.before), Column(), derived=True, role="baseline"),
        Slot(cell, Value(split.now), Column(), derived=True, role="current"),
        Slot(cell, Value(_int_or_float(split.percent), unit="percent", percent=True), Column(), derived=True,
             role="growth"),
    ]


def _assign_roles(slots: list[Slot], expected: list[str | None], from_header_row: bool) -> None:
    live = [s for s in slots if not s.raw]
    if any(s.derived for s in live):
        return  # a split: arithmetic already said which is which
    if from_header_row:
        for s in live:
            s.role = "growth" if s.column.growth else "change" if s.column.change else s.column.period
    elif len(expected) == len(live):
        for s, role in zip(live, expected):
            s.role = role
    for s in live:
        if s.role == "change" and s.value and s.value.percent:
            s.role = "growth"  # a change column in percent is a growth rate
    # arithmetic: «a | b | p%», p the change from a to b, says which is before when the header does not
    live = [s for s in live if s.role != "change"]
    plain = [s for s in live if s.value and not s.value.percent and s.role != "growth"]
    pcts = [s for s in live if s.value and (s.value.percent or s.role == "growth")]
    if len(plain) == 2 and len(pcts) == 1 and len(live) == 3:
        a, b, p = plain[0].value.number, plain[1].value.number, pcts[0].value.number
        forward, backward = _consistent(a, b, p), _consistent(b, a, p)
        header_placed = from_header_row and plain[0].role and plain[1].role
        if forward != backward and not header_placed:
            plain[0].role, plain[1].role = ("baseline", "current") if forward else ("current", "baseline")
        if pcts[0] is live[-1] or forward or backward:
            pcts[0].role = "growth"


# exports under one label («صادرات») are a value, a share or a volume by their unit, as in prose
_EXPORT_BY_UNIT = {"percent": "export_share", "tonnes": "export_volume", "pairs": "export_volume",
                   "pieces": "export_volume"}


def _by_unit(ftype: str, unit: str | None) -> str:
    return _EXPORT_BY_UNIT.get(unit or "", ftype) if ftype == "export_value" else ftype


def _emit(ctx, r: Row, slots: list[Slot], ftype: str, label_unit: str | None, caption_year: int | None,
          scope: str | None):
    slots = [s for s in slots if s.role != "change"]  # an absolute difference: no fact of ours
    live = [s for s in slots if not s.raw]
    several = len([s for s in live if s.role != "growth"]) > 1
    for s in slots:
        year = s.column.year or caption_year
        if s.raw:
            f = ctx.fact(ftype, None, s.cell.start, s.cell.end, raw_value=s.cell.text, confidence=CONF_RAW,
                         unit=label_unit or s.column.unit, scope=scope, year=year, as_written=s.cell.text)
            _row_evidence(ctx, f, r)
            yield f
            continue
        v = s.value
        if s.role == "growth":
            conf = CONF_SPLIT if s.derived else CONF_CELL
            f = ctx.fact("growth_percent", v.number, s.cell.start, s.cell.end, unit="percent", subject=ftype,
                         qualifier=v.qualifier, confidence=_conf(r, conf), scope=scope, year=year,
                         alignment="derived" if s.derived else "exact", as_written=s.cell.text)
        else:
            unit = v.unit if v.unit else (label_unit or (s.column.unit if s.column.unit != "percent" else None))
            if v.percent:
                unit = "percent"
            unplaced = several and s.role is None and s.column.year is None
            conf = CONF_SPLIT if s.derived else (CONF_UNPLACED if unplaced else CONF_CELL)
            f = ctx.fact(_by_unit(ftype, unit), v.number, s.cell.start, s.cell.end, unit=unit, qualifier=v.qualifier,
                         confidence=_conf(r, conf), scope=scope, year=year, period=s.role,
                         alignment="derived" if s.derived else "exact", as_written=s.cell.text)
        _row_evidence(ctx, f, r)
        yield f


def _conf(r: Row, conf: float) -> float:
    return min(conf, CONF_UNREPAIRED) if r.unrepaired else conf


def _row_evidence(ctx, f, r: Row) -> None:
    """The evidence of a table fact is its whole row (the sentence splitter knows nothing of cells)."""
    f.evidence, f.evidence_start, f.evidence_end = ctx.string[r.start:r.end], r.start, r.end
