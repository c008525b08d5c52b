"""What surrounds a number: the qualifier before it (بیش از، حدود، تا ...) and a range it starts
(۳ تا ۵، بین 10 و 20، سه- پنج). Shared by the counts and the durations extractors.
"""
from __future__ import annotations

import bisect
import functools
import re

from extractors import lexicon
from extractors.numparse import Number

_SP = "[ \u200c]*"
_L = lexicon.LETTER


@functools.lru_cache(maxsize=None)
def _qualifier_regex() -> re.Pattern:
    rows = lexicon.rows("qualifiers.tsv")
    alts = sorted(rows, key=lambda r: -len(lexicon.compact(r[0])))
    groups = "|".join(f"(?P<q{i}>{lexicon.loose(p)})" for i, (p, _) in enumerate(alts))
    # the qualifier, then maybe «معادل»/«رقم»/«تعداد» (تقریبا معادل 5%), then the number (glued or not)
    return re.compile(rf"(?<!{_L})(?:{groups})(?:{_SP}(?:معادل|رقم|تعداد|عدد|به))?{_SP}$")


@functools.lru_cache(maxsize=None)
def _qualifier_values() -> list[str]:
    rows = sorted(lexicon.rows("qualifiers.tsv"), key=lambda r: -len(lexicon.compact(r[0])))
    return [q for _, q in rows]


def qualifier_before(text: str, start: int) -> tuple[str, int]:
    """(qualifier, start of its words) for the number at ``start``; ("exact", start) when none."""
    window_start = max(0, start - 40)
    m = _qualifier_regex().search(text, window_start, start)
    if not m:
        return "exact", start
    for name, value in m.groupdict().items():
        if value is not None:
            return _qualifier_values()[int(name[1:])], m.start()
    return "exact", start


_RANGE_JOIN = re.compile(rf"{_SP}(?:تا|الی|الى|-|–|/)?{_SP}$")
_RANGE_WORD = re.compile(rf"^{_SP}(?:تا|الی|الى){_SP}$|^{_SP}[-–]{_SP}$")


def range_after(text: str, first: Number, numbers: list[Number]) -> Number | None:
    """The second number of a range «first تا second» / «first - second», or None.

    ``numbers`` are in text order (as :func:`extractors.numparse.find_numbers` returns them).
    """
    i = bisect.bisect_right(numbers, first.start, key=lambda n: n.start)
    for n in numbers[i:]:
        gap = text[first.end:n.start]
        if _RANGE_WORD.match(gap):
            return n
        if gap.strip() == "و" and re.search(rf"(?<!{_L})بین{_SP}$", text[max(0, first.start - 12):first.start]):
            return n
        return None
    return None


def range_start_before(text: str, first: Number) -> int:
    """Start of «بین» or «از» that opens a range at ``first``, else first.start."""
    m = re.search(rf"(?<!{_L})(?:بین|از){_SP}$", text[max(0, first.start - 12):first.start])
    return first.start - (len(text[max(0, first.start - 12):first.start]) - m.start()) if m else first.start
