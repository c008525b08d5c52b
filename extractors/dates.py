"""Jalali dates and what they date: project start, end, contracts, the national cluster office's
founding, the document's own date.

Dates are found by :mod:`extractors.jalali` (months, seasons, halves, two-digit years, numeric
forms); the type comes from the date's sentence through ``data/date_cues.tsv``:

* a label on the date's line («تاریخ بروزرسانی : 28 آبان 93», «تاریخ انتشار») -> ``document_date``;
* «تا پایان خردادماه سال 94» -> ``as_of_date`` (unless the sentence says it ended then: end_date);
* the nearest verb cue of the sentence (of its part, when «verb و» joins two): آغاز/شروع ->
  ``start_date``; به پایان رسید -> ``end_date``; قرارداد ... منعقد -> ``contract_date``; دایر/تاسیس
  with «دفتر» -> ``office_established``; شناسایی شد -> ``identification_date``;
* «از <date>» in a sentence about a project or programme, with no verb at all («برنامه ... از
  سال 1389») -> ``start_date``; a span «از سال 88 تا 92» of a project, programme or phase gives its
  ``start_date`` and ``end_date``;
* anything else -> ``date`` (a date the text gives without saying what it is).

The office is the national cluster office (``scope="national"``) unless the sentence names a
cluster's own office («دفتر توسعه خوشه فرش دستباف قم»). Each fact carries ``jalali`` (the value at
its precision: 1391-07, 1398-S2, 1380-H2, 1393-08-28, 1385) and ``gregorian_start``/``gregorian_end``.
Gregorian years (2005, ۱۸۹۰ میلادی) are not read. Relative ones («شهریور ماه امسال», «سال گذشته»)
are read only when the document states its own date, from that year (``alignment="derived"``). A date alone on
a line of page furniture (the site's date of today) gives nothing.
"""
from __future__ import annotations

import functools
import re

from extractors import lexicon, register

_SP = "[ \u200c]*"
_PROJECT = re.compile(rf"پروژه|برنامه|طرح|فرآیند|فرایند|قرارداد|توسعه{_SP}خوشه|فعالیت|اجرای")
_OFFICE = re.compile(rf"دفتر(?:{_SP}توسعه)?(?:{_SP}صنعتی)?{_SP}(?P<rest>[^.،:\n]{{0,60}})")
_OFFICE_WORD = re.compile("دفتر")


def _names_an_office(sentence: str) -> bool:
    """«دفتر» as an office, not as the place of a meeting («در محل دفتر معاونت ... تشکیل شد»)."""
    return any(not re.search(rf"محل{_SP}$", sentence[max(0, m.start() - 8):m.start()])
               for m in _OFFICE_WORD.finditer(sentence))
_NATIONAL_OFFICE = re.compile(rf"^(?:خوشه{_SP}(?:ها|های|هایی)|خوشه‌های)")


@functools.lru_cache(maxsize=None)
def _cues() -> list[tuple[str, str, re.Pattern]]:
    return [(t, where, re.compile(rx.replace("‌", "\u200c"))) for t, where, rx in lexicon.rows("date_cues.tsv")]


def label_start(text: str, line: tuple[int, int], start: int) -> int | None:
    """Start of a document-date label («تاریخ بروزرسانی :») before the date on its line."""
    if start - line[0] > 60:
        return None
    for type_, where, rx in _cues():
        if where == "label":
            m = rx.search(text, line[0], start)
            if m:
                return m.start()
    return None


# «... انجام شد و قرارداد ... به امضا رسید»: a verb, then «و» and a new clause
_CLAUSE_JOIN = re.compile(rf"(?:شد|شده|گردید|است|بود|کرد|نمود|رسید|یافت|یافته|داد)(?:{_SP}است)?[ \u200c]+و[ \u200c]+")


def subclause(text: str, sentence: tuple[int, int], start: int) -> tuple[int, int]:
    """The part of the sentence, between «verb و» joins, that holds ``start``."""
    s, e = sentence
    for m in _CLAUSE_JOIN.finditer(text, s, e):
        if m.end() <= start:
            s = m.end()
        elif m.start() >= start:
            e = m.start() + len(m.group().rstrip(" \u200cو"))
            break
    return s, e


def classify(text: str, sentence: tuple[int, int], line: tuple[int, int], start: int, end: int) -> str:
    """The type of the date at [start, end) from its sentence."""
    if label_start(text, line, start) is not None:
        return "document_date"
    s, e = sentence = subclause(text, sentence, start)
    before = text[max(s, start - 20):start]
    sent = text[s:e]
    best = None  # (distance, type)
    for type_, where, rx in _cues():
        if where == "sentence":
            if type_ == "office_established" and not _names_an_office(sent):
                continue
            for m in rx.finditer(text, s, e):
                # Persian puts the verb last: a cue after the date is its own; one before it less so
                d = m.start() - end if m.start() >= end else 2 * (start - m.end()) + 15
                if best is None or d < best[0]:
                    best = (d, type_)
    for type_, where, rx in _cues():
        if where == "before" and rx.search(before):
            if type_ == "as_of_date":
                return "end_date" if best and best[1] == "end_date" else "as_of_date"
            if type_ == "start_date" and best is None and _PROJECT.search(sent):
                return "start_date"
    if best:
        return best[1]
    return "date"


_RANGE_JOIN = re.compile(rf"{_SP}(?:تا|الی|-|–){_SP}(?:سال{_SP})?")
_RANGE_SUBJECT = re.compile(rf"پروژه|برنامه|طرح|قرارداد|خوشه|فاز|مرحله|بخش{_SP}(?:نخست|اول|دوم)|اجرا|فرآیند|فرایند")


def _ranges(ctx, dates) -> dict[int, str]:
    """«از سال 88 تا 92 مرحله اول طرح اجرا شد»: a project's span gives its start and end date."""
    out = {}
    for a, b in zip(dates, dates[1:]):
        if not _RANGE_JOIN.fullmatch(ctx.folded, a.end, b.start):
            continue
        s, e = subclause(ctx.folded, ctx.sentence_at(a.start), a.start)
        if _RANGE_SUBJECT.search(ctx.folded, s, e):
            out[a.start], out[b.start] = "start_date", "end_date"
    return out


def _document_year(ctx) -> int | None:
    for d in ctx.dates:
        line = ctx.line_at(d.start)
        if label_start(ctx.folded, line, d.start) is not None:
            return int(d.value[:4])
    return None


@register("fa.dates", version=5)
def dates(ctx):
    text = ctx.string
    from extractors.jalali import find_relative_dates

    year = _document_year(ctx)
    relative = find_relative_dates(text, year) if year else []
    ordered = sorted(ctx.dates + relative, key=lambda d: d.start)
    ranges = _ranges(ctx, ordered)
    for d in ordered:
        sentence = ctx.sentence_at(d.start)
        line = ctx.line_at(d.start)
        type_ = ranges.get(d.start) or classify(ctx.folded, sentence, line, d.start, d.end)
        if ctx.in_furniture(d.start) and type_ != "document_date":
            continue
        if ctx.in_table(d.start):
            continue
        fields = dict(jalali=d.value, gregorian_start=d.gregorian_start, gregorian_end=d.gregorian_end,
                      confidence=0.9 if type_ != "date" else 0.6)
        start = d.start
        if type_ == "office_established":
            m = _OFFICE.search(text, *sentence)
            if m:
                fields["subject"] = ("دفتر " + m.group("rest")).split(" را ")[0].strip()
                if _NATIONAL_OFFICE.match(m.group("rest").strip()) or not re.search("خوشه", m.group("rest")):
                    fields["scope"] = "national"
        if d.two_digit_year:
            fields["confidence"] = min(fields["confidence"], 0.8)
        if d in relative:  # the year comes from the document's date
            fields["confidence"] = min(fields["confidence"], 0.6)
            fields["alignment"] = "derived"
        # the words that state it: «از مهرماه 1391», «در سال ۱۳۸۵»
        window = max(0, d.start - 6)
        prep = re.compile(rf"(?<![^\W\d_])(?:از|در|تا|طی|به){_SP}$").search(text, window, d.start)
        if prep:
            start = prep.start()  # not «به» at the end of «شنبه»
        if type_ == "document_date":
            start = label_start(ctx.folded, line, d.start)
        yield ctx.fact(type_, d.value, start, d.end, **fields)
