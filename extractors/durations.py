"""How long a cluster project or contract runs: ``duration_years``.

«مدت زمان فرآیند توسعه خوشه 3 سال پیش بینی شده است» -> 3 (exact); «ممکن است تا 5 سال هم به طول
بیانجامد» -> 5 (at_most); «طی یک فرآیند ۳ تا ۵ ساله» and «سه- پنج ساله» -> 3 at_least and
5 at_most; «قرارداد سه ساله» -> 3. Numbers in any form (:mod:`extractors.numparse`), qualifiers as
for counts (:mod:`extractors.quantities`).

A number of years is a project's duration only in a sentence about a project, programme, contract
or process (``_CONTEXT``), and not when it points into the past or at a year of the project
(«در دو سال گذشته», «دو سال اول», «در این یک سال», «بررسی کارنامه یک ساله»), counts the time since
something («دو سال از تشکیل خوشه می‌گذرد»), or measures age or history («۱۵ تا ۲۴ ساله»,
«۵۰ سال سابقه»).
"""
from __future__ import annotations

import re

from extractors import lexicon, register
from extractors.quantities import qualifier_before, range_after, range_start_before

_SP = "[ \u200c]*"
_L = lexicon.LETTER
_UNIT = re.compile(rf"{_SP}(?:سال|ساله)(?!{_L})")
_CONTEXT = re.compile(r"پروژه|فرآیند|فرایند|قرارداد|طرح|برنامه|مدت|دوره|توسعه|اجرا|عامل|مهلت|زمان")
_NOT_DURATION_AFTER = re.compile(rf"{_SP}(?:گذشته|اخیر|قبل|پیش(?!{_SP}بینی)|اول|نخست|دوم|سوم|چهارم|پنجم|آخر|پایانی"
                                 rf"|سابقه|قدمت|عمر|سن|سالگی|است{_SP}که)")
_AGE_BEFORE = re.compile(r"(?:جوان|جوانان|کودک|کودکان|افراد|زنان|مردان|دختران|پسران|سن|سنین|نوجوانان)[ \u200c]*$")
# a year already past or reported on, not a length: «در این یک سال», «بررسی کارنامه یک ساله خوشه»
_PAST_BEFORE = re.compile(rf"(?<!{_L})(?:این|آن|همین|همان|عملکرد|گزارش|کارنامه|طی{_SP}این){_SP}$")
# a loan's term, not a project's: «وام کم‌بهره با بازپرداخت ۵ ساله»
_LOAN_BEFORE = re.compile(rf"(?:بازپرداخت|باز{_SP}پرداخت|اقساط|تنفس|وام|تسهیلات)[^.،\n]{{0,15}}$")
# time elapsed since something: «دو سال از تشکیل خوشه چرم می‌گذرد»
_SINCE_AFTER = re.compile(rf"{_SP}از(?!{_L})")
_ELAPSED = re.compile(rf"سپری|می{_SP}گذرد|گذشته{_SP}است|گذشت(?!{_L})")
MAX_YEARS = 30


@register("fa.durations", version=2)
def durations(ctx):
    text = ctx.folded
    numbers = ctx.numbers
    consumed: set[int] = set()
    for n in numbers:
        if n.start in consumed or ctx.in_furniture(n.start) or ctx.in_table(n.start):
            continue
        second = range_after(text, n, numbers)
        last = second or n
        unit = _UNIT.match(text, last.end)
        if not unit:
            continue
        if second is not None:
            consumed.add(second.start)
        end = unit.end()
        if _NOT_DURATION_AFTER.match(text, end):
            continue
        s, e = ctx.sentence_at(n.start)
        if not _CONTEXT.search(text, s, e) or _AGE_BEFORE.search(text[max(s, n.start - 25):n.start]):
            continue
        if _PAST_BEFORE.search(text[max(s, n.start - 12):n.start]) or _LOAN_BEFORE.search(text[max(s, n.start - 30):n.start]):
            continue
        if _SINCE_AFTER.match(text, end) and _ELAPSED.search(text, s, e):
            continue
        if any(v.value > MAX_YEARS or v.value <= 0 for v in (n, last)):
            continue
        if second is not None:
            start = range_start_before(text, n)
            pairs = [(n.value, "at_least"), (second.value, "at_most")]
        else:
            qualifier, start = qualifier_before(text, n.start)
            pairs = [(n.value, qualifier)]
        for value, qualifier in pairs:
            yield ctx.fact("duration_years", value, start, end, qualifier=qualifier,
                           raw_value=ctx.string[n.start:last.end], confidence=0.85)
