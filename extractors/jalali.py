"""Jalali (solar hijri) dates in running text, at the precision the text states.

Forms read (digits in any script, spaces or ZWNJ or nothing between the parts):

=====================================  ===============
``28 آبان 93`` / ``۱۵ اردیبهشت ۱۴۰۰``   1393-08-28 (day)
``1402/05/12``, ``12/05/1402``, ``23/1/76``  day
``مهرماه 1391``, ``مهر ماه سال 1398``   1391-07 (month)
``تابستان سال ۱۳۹۸``                   1398-S2 (season)
``سه ماهه دوم سال 1399``               1399-S2 (quarter = season)
``نیمه دوم سال 1380``, ``شش ماهه اول 1400``  1380-H2 (half)
``سال 1385``, ``سال 93``, ``از 1389``  1385 (year)
``سال 88 تا 92``                       1388 and 1392 (years)
=====================================  ===============

A two-digit year is read as 13YY (14YY below 30): ``93`` is 1393, ``03`` is 1403. It is accepted
only where it cannot be a count: with a day, after «ماه» or «سال». Years 1900-2100 are Gregorian
(``2005``, ``۱۸۹۰ میلادی``) and are not Jalali dates. Each date also gets the Gregorian first and
last day it covers (jdatetime).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractors import lexicon
from extractors.numparse import fold

_SP = r"[ \u200c]*"


@dataclass(frozen=True)
class JalaliDate:
    start: int
    end: int
    value: str           # 1391-07, 1398-S2, 1380-H2, 1393-08-28, 1385
    precision: str       # day | month | season | half | year
    gregorian_start: str
    gregorian_end: str
    two_digit_year: bool = False


@functools.lru_cache(maxsize=None)
def _calendar() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for word, kind, value in lexicon.rows("calendar.tsv"):
        out.setdefault(kind, {})[word] = value
    return out


def _alt(kind: str) -> str:
    return lexicon.alternation(_calendar()[kind])


def _lookup(kind: str, written: str) -> str:
    key = lexicon.compact(written)
    for word, value in _calendar()[kind].items():
        if lexicon.compact(word) == key:
            return value
    raise KeyError(written)


def full_year(digits: str) -> int | None:
    """A Jalali year from 4 or 2 digits; None for Gregorian or implausible years."""
    y = int(digits)
    if len(digits) == 2:
        return 1400 + y if y < 30 else 1300 + y
    if len(digits) == 4 and 1300 <= y <= 1499:
        return y
    return None


def _jdate(y: int, m: int, d: int):
    import jdatetime  # local: only date extraction needs it

    return jdatetime.date(y, m, d)


def _month_length(y: int, m: int) -> int:
    if m <= 6:
        return 31
    if m <= 11:
        return 30
    import jdatetime

    return 30 if jdatetime.date(y, 1, 1).isleap() else 29


def gregorian_span(y: int, first_month: int, last_month: int, day: int | None = None) -> tuple[str, str]:
    """First and last Gregorian day of Jalali months first..last of year y (or of one day)."""
    if day is not None:
        g = _jdate(y, first_month, day).togregorian()
        return g.isoformat(), g.isoformat()
    start = _jdate(y, first_month, 1).togregorian()
    end = _jdate(y, last_month, _month_length(y, last_month)).togregorian()
    return start.isoformat(), end.isoformat()


def _make(start, end, y, precision, month=None, day=None, part=None, two=False) -> JalaliDate | None:
    try:
        if precision == "day":
            value = f"{y}-{month:02d}-{day:02d}"
            gs, ge = gregorian_span(y, month, month, day)
        elif precision == "month":
            value = f"{y}-{month:02d}"
            gs, ge = gregorian_span(y, month, month)
        elif precision == "season":
            n = int(part[1])
            value = f"{y}-{part}"
            gs, ge = gregorian_span(y, 3 * n - 2, 3 * n)
        elif precision == "half":
            n = int(part[1])
            value = f"{y}-{part}"
            gs, ge = gregorian_span(y, 6 * n - 5, 6 * n)
        else:
            value = str(y)
            gs, ge = gregorian_span(y, 1, 12)
    except ValueError:  # 31 اسفند, month 13: not a date
        return None
    return JalaliDate(start, end, value, precision, gs, ge, two)


@functools.lru_cache(maxsize=None)
def _patterns() -> list[tuple[str, re.Pattern]]:
    month, season, ordinal = _alt("month"), _alt("season"), _alt("ordinal")
    year4 = r"(?P<y>1[34]\d\d)(?!\d)"
    year = r"(?P<y>1[34]\d\d|\d\d)(?!\d)"
    sal = rf"(?:سال{_SP})"
    mah = rf"(?:{_SP}ماه)"
    return [
        # 1402/05/12, 1402-5-12
        ("ymd", re.compile(r"(?<![\d/])(?P<y>1[34]\d\d)[/\-.](?P<m>\d{1,2})[/\-.](?P<d>\d{1,2})(?![\d/])")),
        # 12/05/1402, 23/1/76 (a year after the day and month)
        ("dmy", re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>1[34]\d\d|\d\d)(?![\d/])")),
        # 98/9/22: a two-digit year first, recognisable when it cannot be a day
        ("ymd2", re.compile(r"(?<![\d/])(?P<y>\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])")),
        # 28 آبان 93, ۱۵ اردیبهشت ماه سال ۱۴۰۰, شنبه 10، خرداد 1399
        ("d_month_y", re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})[ \u200c،,]*(?P<m>{month}){mah}?{_SP}(?:[،,]{_SP})?{sal}?{year}")),
        # مهرماه 1391, مهر ماه سال 1398, آبان ماه 93 (two digits only with ماه or سال)
        ("month_y", re.compile(rf"(?<![^\W\d_])(?P<m>{month}){mah}{_SP}{sal}?{year}")),
        ("month_y", re.compile(rf"(?<![^\W\d_])(?P<m>{month}){_SP}{sal}{year}")),
        ("month_y", re.compile(rf"(?<![^\W\d_])(?P<m>{month}){_SP}{year4}")),
        # سه ماهه دوم سال 1399 -> season
        ("quarter", re.compile(rf"(?:سه|3){_SP}ماهه{_SP}(?P<o>{ordinal}){_SP}{sal}?{year}")),
        # تابستان سال ۱۳۹۸, بهار 1400
        ("season", re.compile(rf"(?<![^\W\d_])(?P<s>{season}){_SP}{sal}{year}")),
        ("season", re.compile(rf"(?<![^\W\d_])(?P<s>{season}){_SP}{year4}")),
        # نیمه دوم سال 1380, شش ماهه اول 1400, نیم سال دوم 1399
        ("half", re.compile(rf"(?:نیمه|نیم{_SP}سال|(?:شش|6){_SP}ماهه){_SP}(?P<o>{ordinal}){_SP}{sal}?{year}")),
        # سال 1385, سال 93, سالهای 1390
        ("sal_y", re.compile(rf"سال(?:{_SP}های|{_SP}ها)?{_SP}{year}")),
        # the second year of «سال 88 تا 92», «سال‌های ۱۳۹۵ الی ۱۳۹۸» (two digits too: the first says it is a year)
        ("range_y", re.compile(rf"سال(?:{_SP}های|{_SP}ها)?{_SP}(?P<y0>1[34]\d\d|\d\d)(?!\d){_SP}(?:تا|الی|-){_SP}(?:سال{_SP})?{year}")),
        # از 1389, در 1391, تا 1400 (four digits after a preposition of time)
        ("prep_y", re.compile(rf"(?<![^\W\d_])(?:از|در|تا|طی|الی|اواخر|اوایل|ابتدای|پایان){_SP}{year4}")),
    ]


@functools.lru_cache(maxsize=None)
def _COUNT_AFTER() -> re.Pattern:
    """A measure or counted word right after a number: then the number is a count, not a year."""
    return re.compile(rf"{_SP}{lexicon.alternation(lexicon.words('measure_words.txt'))}(?![^\W\d_])")


# «این سال», «هر سال» right before «سال» and two digits after it: the year is said already, the
# number counts («در این سال 40 پروانه»); four digits stay a year («همان سال 1398»)
_THIS_YEAR = re.compile(rf"(?<![^\W\d_])(?:این|آن|همین|همان|هر){_SP}$")

# a word after the number that can be what it counts (not a verb, a preposition or a conjunction)
_NOUN_AFTER = re.compile(rf"{_SP}(?!(?:بود|است|شد|و|به|در|از|تا|که|را|با)(?![^\W\d_]))[^\W\d_]")

_AFTER_NOT_JALALI = re.compile(rf"{_SP}(?:میلادی|م\.|قمری|ه\.ق|هجری{_SP}قمری)")


def find_dates(text: str) -> list[JalaliDate]:
    """Jalali dates in ``text``, non-overlapping, longest and most precise first."""
    folded = fold(text)
    found: list[tuple[int, int, int, JalaliDate]] = []
    for rank, (name, rx) in enumerate(_patterns()):
        for m in rx.finditer(folded):
            if _AFTER_NOT_JALALI.match(folded, m.end()):
                continue
            y = full_year(m.group("y"))
            if y is None:
                continue
            two = len(m.group("y")) == 2
            s, e = m.start(), m.end()
            if name == "range_y" and not (full_year(m.group("y0")) or 0) <= y <= (full_year(m.group("y0")) or 0) + 30:
                continue  # the end of a range of years comes after its start
            if name in ("prep_y", "range_y"):
                s = m.start("y")  # the date is the year; the preposition (or the range's start) is context
            date = None
            if name == "ymd2" and int(m.group("y")) <= 31:
                continue
            if _COUNT_AFTER().match(folded, m.end()) and name in ("prep_y", "sal_y", "range_y"):
                continue  # «در 1400 نفر»: a count, not a year
            if (name == "sal_y" and two and _THIS_YEAR.search(folded[max(0, s - 8):s])
                    and _NOUN_AFTER.match(folded, m.end())):
                continue  # «در این سال 40 پروانه»: «this year», then a count
            if name in ("ymd", "ymd2", "dmy", "d_month_y"):
                mo = int(m.group("m")) if name != "d_month_y" else int(_lookup("month", m.group("m")))
                day = int(m.group("d"))
                if name == "dmy" and two and int(m.group("d")) > 31:
                    continue
                if 1 <= mo <= 12 and 1 <= day <= 31:
                    date = _make(s, e, y, "day", month=mo, day=day, two=two)
                if date is None:  # «۳۱ اسفند ۱۴۰۰» does not exist: no date, and no month either
                    found.append((s, -(e - s), rank, None))
                    continue
            elif name == "month_y":
                date = _make(s, e, y, "month", month=int(_lookup("month", m.group("m"))), two=two)
            elif name == "quarter":
                o = _lookup("ordinal", m.group("o"))
                if o in ("1", "2", "3", "4"):
                    date = _make(s, e, y, "season", part=f"S{o}", two=two)
            elif name == "season":
                date = _make(s, e, y, "season", part=_lookup("season", m.group("s")), two=two)
            elif name == "half":
                o = _lookup("ordinal", m.group("o"))
                o = "2" if o == "last" else o
                if o in ("1", "2"):
                    date = _make(s, e, y, "half", part=f"H{o}", two=two)
            else:
                date = _make(s, e, y, "year", two=two)
            if date:
                found.append((s, -(e - s), rank, date))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    out: list[JalaliDate] = []
    taken: list[tuple[int, int]] = []
    for s, neg, rank, date in sorted(found, key=lambda t: (t[1], t[2])):
        e = s - neg
        if any(s < te and e > ts for ts, te in taken):
            continue
        taken.append((s, e))
        if date is not None:
            out.append(date)
    out.sort(key=lambda d: d.start)
    return out


_RELATIVE_YEAR = r"(?P<rel>امسال|سال{_SP}جاری|سال{_SP}گذشته|پارسال|سال{_SP}قبل)"


@functools.lru_cache(maxsize=None)
def _relative_patterns() -> list[tuple[str, re.Pattern]]:
    month, season = _alt("month"), _alt("season")
    rel = _RELATIVE_YEAR.replace("{_SP}", _SP)
    return [
        ("d_month", re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})[ \u200c،,]*(?P<m>{month})(?:{_SP}ماه)?{_SP}{rel}")),
        ("month", re.compile(rf"(?<![^\W\d_])(?P<m>{month})(?:{_SP}ماه)?{_SP}{rel}")),
        ("season", re.compile(rf"(?<![^\W\d_])(?P<s>{season}){_SP}{rel}")),
        ("year", re.compile(rf"(?<![^\W\d_]){rel}(?![^\W\d_])")),
    ]


def find_relative_dates(text: str, this_year: int) -> list[JalaliDate]:
    """Dates relative to the document's year: «شهریور ماه امسال», «سال گذشته», «بهار سال جاری».

    ``this_year`` is the Jalali year the document was written in (its document date).
    """
    folded = fold(text)
    out: list[JalaliDate] = []
    taken: list[tuple[int, int]] = []
    for name, rx in _relative_patterns():
        for m in rx.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            rel = lexicon.compact(m.group("rel"))
            y = this_year - 1 if rel in ("سالگذشته", "پارسال", "سالقبل") else this_year
            if name == "d_month":
                date = _make(m.start(), m.end(), y, "day", month=int(_lookup("month", m.group("m"))), day=int(m.group("d")))
            elif name == "month":
                date = _make(m.start(), m.end(), y, "month", month=int(_lookup("month", m.group("m"))))
            elif name == "season":
                date = _make(m.start(), m.end(), y, "season", part=_lookup("season", m.group("s")))
            else:
                date = _make(m.start(), m.end(), y, "year")
            taken.append((m.start(), m.end()))
            if date:
                out.append(date)
    return sorted(out, key=lambda d: d.start)
