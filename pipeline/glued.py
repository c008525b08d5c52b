"""Split numbers that text extraction glued together, by arithmetic consistency.

A slide table row "before | now | increase %" often comes out of a PDF or PPTX as one digit string:
«%10828612648417» is 108286, 126484 and 17%. Many splits are possible; the right one is where the
percentage agrees with before and now: (126484 - 108286) / 108286 = 16.8% ≈ 17. A report rounds
or truncates the percentage, so agreement means within one point (for a percentage written with
decimals, within one unit of its last decimal). When no split agrees, or two different splits agree,
there is no answer: the caller keeps the raw string.

What a glued cell may carry besides digits, all handled by :func:`parse_glued`: the percent sign on
either side (visual order puts it first: «%214511138»), Persian or Arabic-Indic digits, thousands
separators (``,`` ``٬``: a separator is followed by exactly three digits of the same number, which
rules splits out), one decimal point (it can only belong to the percentage), and a minus sign or
brackets for a decrease.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TOLERANCE = 1.0  # percentage points: covers rounding (49.6 -> 50) and truncation (138.8 -> 138)
MAX_PERCENT_DIGITS = 4  # a growth of 10000% or more is not a table entry we expect

_DIGIT_MAP = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬٪", "0123456789" "0123456789" ".,%")
_GLUED = re.compile(r"^\s*(?P<neg1>[-\u2212(])?\s*%?\s*(?P<neg2>[-\u2212])?(?P<body>\d[\d,.]*\d|\d)"
                    r"\s*(?P<neg4>[-\u2212])?\s*%?\s*(?P<neg3>[-\u2212)])?\s*$")


@dataclass(frozen=True)
class GrowthSplit:
    before: int
    now: int
    percent: float  # an int unless the source wrote decimals
    error: float  # |stated percent - computed percent|
    cuts: tuple[int, int] = (0, 0)  # where before ends and percent starts, in the digit string

    @property
    def values(self) -> tuple[int, int, float]:
        return self.before, self.now, self.percent


@dataclass(frozen=True)
class Glued:
    """A glued numeric cell taken apart: its digits, separator positions, decimal point and sign."""

    digits: str  # digits only, separators and the decimal point removed
    separators: tuple[int, ...]  # positions in ``digits`` where a thousands separator stood before
    decimal_at: int | None  # position in ``digits`` where the decimal point stood before
    negative: bool
    percent: bool

    @property
    def text(self) -> str:
        return self.digits


def parse_glued(cell: str) -> Glued | None:
    """Take a glued number cell apart, or None when the cell is not one run of number characters.

    >>> g = parse_glued("%۱۰۸۲۸۶۱۲۶۴۸۴۱۷")
    >>> g.digits, g.percent, g.negative
    ('10828612648417', True, False)
    >>> parse_glued("108,286126,48417%").separators
    (3, 9)
    >>> parse_glued("تعداد 12") is None
    True
    """
    s = cell.translate(_DIGIT_MAP)
    m = _GLUED.match(s)
    if not m:
        return None
    body = m.group("body")
    digits, seps, decimal_at = [], [], None
    for ch in body:
        if ch.isdigit():
            digits.append(ch)
        elif ch == ",":
            seps.append(len(digits))
        elif ch == "." and decimal_at is None:
            decimal_at = len(digits)
        else:
            return None  # two decimal points: not one glued run we can reason about
    negative = bool(m.group("neg2") or m.group("neg4") or m.group("neg1") in ("-", "\u2212")
                    or m.group("neg3") in ("-", "\u2212")
                    or (m.group("neg1") == "(" and m.group("neg3") == ")"))
    return Glued("".join(digits), tuple(seps), decimal_at, negative, "%" in s)


def _valid(part: str) -> bool:
    return bool(part) and (part == "0" or not part.startswith("0"))


def _separators_allow(cuts: tuple[int, int], separators: tuple[int, ...], n: int) -> bool:
    """A separator at p means digits p, p+1, p+2 continue the number before it, and p+3 ends it or
    starts another three-digit group; so no cut may fall at p+1..p+2 or at p, and p+3 is a cut, the end,
    or another separator."""
    for p in separators:
        if p == 0 or p + 3 > n:
            return False
        if any(p <= c < p + 3 for c in cuts):
            return False
        if p + 3 != n and p + 3 not in cuts and p + 3 not in separators:
            return False
    return True


def growth_splits(digits: str, negative: bool = False, *, fixed_cuts: tuple[int, ...] = (),
                  separators: tuple[int, ...] = (), decimal_at: int | None = None) -> list[GrowthSplit]:
    """Every split of ``digits`` into before, now, percent that agrees within TOLERANCE, best first.

    ``fixed_cuts`` are boundaries already known (the source kept some cells apart: «108286 | 12648417%»
    has a cut at 6); ``separators`` and ``decimal_at`` come from :func:`parse_glued`.

    >>> [s.values for s in growth_splits("10828612648417")]
    [(108286, 126484, 17)]
    >>> [s.values for s in growth_splits("10828612648416.8".replace(".", ""), decimal_at=14)]
    [(108286, 126484, 16.8)]
    """
    if not digits.isdigit() or len(digits) < 3:
        return []
    out = []
    n = len(digits)
    for i in range(1, n - 1):
        before_s = digits[:i]
        if not _valid(before_s) or int(before_s) == 0:
            continue
        for j in range(i + 1, n):
            if any(c not in (i, j) for c in fixed_cuts):
                continue
            if decimal_at is not None and not (j < decimal_at < n):
                continue  # a decimal point can only be inside the percentage
            now_s, pct_s = digits[i:j], digits[j:]
            int_part = pct_s if decimal_at is None else pct_s[:decimal_at - j]
            if not (_valid(now_s) and _valid(int_part)) or len(int_part) > MAX_PERCENT_DIGITS:
                continue
            if separators and not _separators_allow((i, j), separators, n):
                continue
            before, now = int(before_s), int(now_s)
            if decimal_at is None:
                pct: float = int(pct_s)
                tolerance = TOLERANCE
            else:
                decimals = n - decimal_at
                pct = round(int(pct_s) / 10 ** decimals, decimals)
                tolerance = 10.0 ** -decimals
            computed = 100.0 * (now - before) / before
            stated = -pct if negative else pct
            error = abs(computed - stated)
            if error < tolerance:
                out.append(GrowthSplit(before, now, pct, round(error, 4), (i, j)))
    out.sort(key=lambda s: (s.error, -len(str(s.before))))
    return out


def split_growth(digits: str, negative: bool = False, **constraints) -> GrowthSplit | None:
    """The one consistent split, or None when there is none or more than one.

    >>> split_growth("214511138").values
    (214, 511, 138)
    >>> split_growth("123") is None
    True
    """
    splits = growth_splits(digits, negative, **constraints)
    if len(splits) == 1:
        return splits[0]
    return None


def split_growth_cell(cell: str, fixed_cuts: tuple[int, ...] = ()) -> GrowthSplit | None:
    """:func:`split_growth` on a cell as written: «%214511138», «۴۷۵۱۴۲۷۲۰۰٪», «-120001050012.5%».

    >>> split_growth_cell("%4751427200").values
    (475, 1427, 200)
    >>> split_growth_cell("-120001050012.5%").values
    (12000, 10500, 12.5)
    >>> split_growth_cell("12345%") is None
    True
    """
    glued = parse_glued(cell)
    if glued is None:
        return None
    return split_growth(glued.digits, glued.negative, fixed_cuts=fixed_cuts,
                        separators=glued.separators, decimal_at=glued.decimal_at)
