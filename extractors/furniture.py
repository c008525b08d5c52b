"""Page furniture: lines of a web page or slide that are not the report (view counts, reading time,
news codes, comment forms, the site's date of today). No fact is read from them.

The patterns are in ``data/furniture.txt``. A line that holds nothing but a date, optionally with a
weekday and a clock time («پنجشنبه 27 آذر 1404», «1400/08/10 - 09:52»), is furniture as well: a
report's own date comes with a label (تاریخ انتشار، تاریخ بروزرسانی), which
:mod:`extractors.dates` reads.
"""
from __future__ import annotations

import functools
import re

from extractors import lexicon


@functools.lru_cache(maxsize=None)
def _patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in lexicon.words("furniture.txt")]


@functools.lru_cache(maxsize=None)
def _weekday() -> re.Pattern:
    return re.compile(lexicon.alternation(lexicon.words("weekdays.txt")))


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_LEFTOVER = re.compile(r"^[\s\-–|،,:/•.]*$")


def is_date_only(line: str) -> bool:
    """A line with only a date, maybe a weekday and a clock time."""
    from extractors.jalali import find_dates
    from extractors.numparse import fold

    folded = fold(line)
    dates = find_dates(folded)
    if not dates:
        return False
    rest = folded
    for d in sorted(dates, key=lambda d: -d.start):
        rest = rest[:d.start] + " " + rest[d.end:]
    rest = _CLOCK.sub(" ", _weekday().sub(" ", rest))
    return bool(_LEFTOVER.match(rest))


def is_furniture(line: str) -> bool:
    from extractors.numparse import fold

    folded = fold(line)
    return any(p.search(folded) for p in _patterns()) or is_date_only(line)


def furniture_lines(text: str, lines) -> list[tuple[int, int]]:
    return [(s, e) for s, e in lines if is_furniture(text[s:e])]
