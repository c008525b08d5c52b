"""Split numbers that text extraction glued together, by arithmetic consistency.

A slide table row "before | now | increase %" often comes out of a PDF or PPTX as one digit string:
«%10828612648417» is 108286, 126484 and 17%. Many splits are possible; the right one is where the
percentage agrees with before and now: (126484 - 108286) / 108286 = 16.8% ≈ 17. A report rounds
or truncates the percentage, so agreement means within one point. When no split agrees, or two
different splits agree equally well, there is no answer: the caller keeps the raw string.
"""
from __future__ import annotations

from dataclasses import dataclass

TOLERANCE = 1.0  # percentage points: covers rounding (49.6 -> 50) and truncation (138.8 -> 138)


@dataclass(frozen=True)
class GrowthSplit:
    before: int
    now: int
    percent: int
    error: float  # |stated percent - computed percent|

    @property
    def values(self) -> tuple[int, int, int]:
        return self.before, self.now, self.percent


def _valid(part: str) -> bool:
    return bool(part) and (part == "0" or not part.startswith("0"))


def growth_splits(digits: str, negative: bool = False) -> list[GrowthSplit]:
    """Every split of ``digits`` into before, now, percent that agrees within TOLERANCE, best first.

    >>> [s.values for s in growth_splits("10828612648417")]
    [(108286, 126484, 17)]
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
            now_s, pct_s = digits[i:j], digits[j:]
            if not (_valid(now_s) and _valid(pct_s)) or len(pct_s) > 4:
                continue
            before, now, pct = int(before_s), int(now_s), int(pct_s)
            computed = 100.0 * (now - before) / before
            stated = -pct if negative else pct
            error = abs(computed - stated)
            if error < TOLERANCE:
                out.append(GrowthSplit(before, now, pct, round(error, 4)))
    out.sort(key=lambda s: (s.error, -len(str(s.before))))
    return out


def split_growth(digits: str, negative: bool = False) -> GrowthSplit | None:
    """The one consistent split, or None when there is none or more than one.

    >>> split_growth("214511138").values
    (214, 511, 138)
    >>> split_growth("123") is None
    True
    """
    splits = growth_splits(digits, negative)
    if len(splits) == 1:
        return splits[0]
    return None
