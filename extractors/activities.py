"""What was done: ``activity`` facts.

Three shapes, as reports write them:

* **Bullets under a heading** about activities («اهم فعالیتهای انجام شده در سال اول ... به شرح ذیل
  می باشد:» then «*راه اندازی پنل پیام کوتاه (...)»): one activity per bullet, without its
  bracketed explanation.
* **Lists in a sentence**, after «در قالب / نظیر / مانند / از جمله» («برنامه های اجرایی خود را در
  قالب برگزاری نشست ها، بازدید از واحدها، ... به انجام رسانید») or before «از (دیگر)
  دستاوردهای / اقدامات / برنامه‌های ...» («راه اندازی وب سایت خوشه، ... از دیگر دستاوردهای ...
  بود»). Items are split at «،» (and at «و» before a new item); an item must begin like an activity
  (``data/activity_heads.txt``: برگزاری، بازدید، راه‌اندازی ...), otherwise it continues the item
  before it (a nested «مانند چین، بنگلادش»).
* **Verb clauses** that report a deed: «... راه اندازی شد», «... برگزار گردید», «... در دست
  اجراست», «... به بهره برداری رسید»: the clause is the activity.

An activity in a paragraph about a year of the project («در سال اول», «سال دوم») gets ``period``
``project_year_1``, ``project_year_2``...
"""
from __future__ import annotations

import re

from extractors import lexicon, register
from extractors.strategies import begins_item

_SP = "[ \u200c]*"
_L = lexicon.LETTER
_HEADING = re.compile(r"(?:فعالیت|اقدام|برنامه|دستاورد|اهم|کارهای)[^\n]{0,120}(?::|به[ \u200c]*شرح[ \u200c]*(?:ذیل|زیر)[^\n]{0,20})\s*$")
_BULLET = re.compile(r"^[ \t]*(?:[-•*▪■●◦✓]|\(?\d{1,2}[\-–.)])[ \t]*")
_CUE_AFTER = re.compile(rf"(?<!{_L})(?:در{_SP}قالب|نظیر|از{_SP}جمله|شامل|همچون)(?!{_L})")
# «... از دیگر دستاوردهای ...», «... برخی از برنامه‌های حمایتی ...»: a list of things done before it
_CUE_BEFORE = re.compile(rf"(?:^|[،\s])(?:(?:برخی|بخشی){_SP}از|از)(?:{_SP}دیگر)?{_SP}"
                         rf"(?:دستاورد(?:{_SP}(?:ها|های))?|(?:اقدام|فعالیت|برنامه)(?:{_SP}(?:ها|های|هایی))?"
                         rf"(?={_SP}(?:انجام|حمایتی|اجرا)))(?!{_L})|(?:^|[،\s])از{_SP}دیگر{_SP}(?:اقدام|فعالیت|برنامه)")
# a list after «از جمله/نظیر» is of activities only in a sentence about what was done
_DEEDS = re.compile(rf"برنامه|فعالیت|اقدام|دستاورد|تیم{_SP}توسعه|انجام|برگزار|اجرا|رسانید|پیگیری")
_VERB = re.compile(rf"(?:راه{_SP}اندازی|برگزار|ایجاد|تشکیل|انجام|افتتاح|منعقد|امضا|تهیه|منتشر|چاپ|تدوین|تجهیز|احداث|اجرا)"
                   rf"{_SP}(?:شد|گردید|شده{_SP}است|گردیده{_SP}است|شده{_SP}اند|گردیدند|شدند)(?!{_L})"
                   rf"|در{_SP}دست{_SP}اجرا(?:ست|{_SP}است|{_SP}می{_SP}باشد)|به{_SP}بهره{_SP}برداری{_SP}رسید")
_YEAR = re.compile(rf"(?:در{_SP})?سال{_SP}(اول|نخست|دوم|سوم|چهارم|پنجم)(?:{_SP}(?:پروژه|توسعه|فعالیت))?")
_ORD = {"اول": 1, "نخست": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "پنجم": 5}
# where the last item of a list inside a sentence ends: the verb or a preposition that starts the
# rest of the clause («... دوره های آموزشی حضوری با جدیت بیشتری ادامه پیدا کرد»)
_MI_VERB = r"ن?می(?:[ \u200c]\w+|(?:شو|باش|کن|گرد|نما|رس|یاب|ده|توان)\w*)"  # not میوه، میراث
_LIGHT_VERB = rf"(?:کرد|کردند|کرده|نمود|نمودند|نموده|شد|شدند|گردید|داد|دادند|رسانید|رساند|یافت|{_MI_VERB})"
_STOP_LAST = re.compile(rf"(?<!{_L})(?:به{_SP}انجام|را|با|که|برای|توسط|ادامه{_SP}پیدا|{_MI_VERB}|بود|است"
                        rf"|(?:اجرا|انجام|برگزار|دنبال|پیگیری|آغاز|ادامه|اشاره|فراهم|ارائه|ارایه|اقدام){_SP}{_LIGHT_VERB}"
                        rf"|{_LIGHT_VERB})(?!{_L})")
MAX_WORDS = 25


def _period(text: str, s: int, e: int) -> str | None:
    m = _YEAR.search(text, s, e)
    return f"project_year_{_ORD[m.group(1)]}" if m else None


def _items(text: str, s: int, e: int, last_cut: bool) -> list[tuple[int, int]]:
    """Items of the list text[s:e] split at «،» and at «و» before a new item."""
    parts, pos = [], s
    for m in re.finditer(r"[،؛;]", text[s:e]):
        parts.append([pos, s + m.start()])
        pos = s + m.end()
    parts.append([pos, e])
    merged: list[list[int]] = []
    for a, b in parts:
        if merged and not begins_item(text[a:b]):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    out = []
    for a, b in merged:
        # «خرید مشترک مواد اولیه و ایجاد یک شبکه ...»: a «و» before a new item splits
        pieces, start = [], a
        for m in re.finditer(r"(?<=\s)و(?=\s)", text[a:b]):
            left = text[start:a + m.start()]
            right = text[a + m.end():b]
            if len(left.split()) >= 3 and len(right.split()) >= 3 and begins_item(right) \
                    and not re.search(rf"(?<!{_L})آن(?!{_L})", right):  # «و مدیریت آن ها» refers back
                pieces.append((start, a + m.start()))
                start = a + m.end()
        pieces.append((start, b))
        out.extend(pieces)
    if last_cut and out:
        a, b = out[-1]
        m = _STOP_LAST.search(text, a, b)
        if m:
            out[-1] = (a, m.start())
    clean = []
    for a, b in out:
        while a < b and text[a] in " \u200c\t:":
            a += 1
        while b > a and text[b - 1] in " \u200c\t.،,؛…":
            b -= 1
        tail = re.search(rf"{_SP}و$", text[a:b])
        if tail:
            b = a + tail.start()
        if re.fullmatch(rf"(?:و{_SP})?(?:…|\.\.\.)?", text[a:b]):
            continue
        if b > a and begins_item(text[a:b]) and len(text[a:b].split()) <= MAX_WORDS:
            clean.append((a, b))
    return clean


@register("fa.activities", version=2)
def activities(ctx):
    text = ctx.string
    seen: set[tuple[int, int]] = set()

    def emit(a, b, conf):
        if (a, b) in seen or ctx.in_furniture(a) or ctx.in_table(a):
            return None
        seen.add((a, b))
        ls, le = ctx.line_at(a)
        period = _period(text, *ctx.sentence_at(a)) or _period(text, ls, le)
        return ctx.fact("activity", " ".join(text[a:b].split()), a, b, period=period, confidence=conf)

    # bullets under a heading
    lines = ctx.lines
    for k, (s, e) in enumerate(lines):
        if not _HEADING.search(text[s:e]) or _BULLET.match(text[s:e]):
            continue
        heading_period = _period(text, s, e)
        for s2, e2 in lines[k + 1:]:
            m = _BULLET.match(text[s2:e2])
            if not m:
                break
            a = s2 + m.end()
            b = e2
            paren = text.find("(", a, b)
            if paren > a:
                b = paren
            while b > a and text[b - 1] in " \u200c.؛:":
                b -= 1
            if b > a:
                f = emit(a, b, 0.85)
                if f:
                    f.period = f.period or heading_period
                    yield f
    # lists in sentences
    for s, e in ctx.sentences:
        sent = text[s:e]
        m = _CUE_AFTER.search(sent)
        if m and _DEEDS.search(sent):
            for a, b in _items(text, s + m.end(), e, last_cut=True):
                f = emit(a, b, 0.7)
                if f:
                    yield f
        m = _CUE_BEFORE.search(sent)
        if m and m.start() > 0 and "،" in sent[:m.start()]:
            for a, b in _items(text, s, s + m.start(), last_cut=False):
                f = emit(a, b, 0.7)
                if f:
                    yield f
    # verb clauses
    for s, e in ctx.sentences:
        for m in _VERB.finditer(text, s, e):
            a = s
            colon = text.rfind(":", s, m.start())
            while colon >= 0 and text.startswith("//", colon + 1):  # «https://...» is no clause's colon
                colon = text.rfind(":", s, colon)
            if colon >= 0:
                a = colon + 1
            while a < m.start() and text[a] in " \u200c*-•":
                a += 1
            if a < m.start() and len(text[a:m.end()].split()) <= MAX_WORDS:
                f = emit(a, m.end(), 0.6)
                if f:
                    yield f
