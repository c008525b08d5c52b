"""Strategies a cluster adopted, with the count the text announces.

«سه استراتژی ذیل برای خوشه تبیین گردید:» gives ``strategy_count`` 3, and the list that follows (on
the same line after the colon, on the next line, or as bullet lines) gives one ``strategy`` each.
A list is split at «،» and «؛»; when the count says there are more items than commas made, the
last «و» joins the last item (Persian lists run «A، B و C»), so the list is split there, from
the right, until the count is reached: «بهبود وضعیت تامین مواد اولیه، بهبود فضای تولید و توسعه
بازار و ارتقاء مهارت منابع انسانی» with three announced is three strategies, the middle one
keeping its «و». Without a count (a heading «راهبردهای خوشه:»), the last «و» splits only when both
sides begin like list items (``data/activity_heads.txt``: بهبود، توسعه، ارتقاء ...).

A lone «یک استراتژی» (a strategy, as a concept) is not a count.
"""
from __future__ import annotations

import functools
import re

from extractors import lexicon, register

_SP = "[ \u200c]*"
_L = lexicon.LETTER
_WORD = rf"(?:استراتژی|راهبرد)(?:{_SP}(?:ها|های|هایی))?(?!{_L})"
_KEYWORD = re.compile(rf"{_SP}{_WORD}")
_HEADING = re.compile(rf"(?:^|\s){_WORD}(?=[^:\n]{{0,60}}(?::|عبارتند{_SP}از|عبارت{_SP}اند{_SP}از))")
_BULLET = re.compile(r"^[ \t]*(?:[-•*▪■●◦]|\(?\d{1,2}[\-–.)])[ \t]*")
_INTRO = re.compile(rf"(?::|عبارتند{_SP}از|عبارت{_SP}اند{_SP}از|شامل)")


@functools.lru_cache(maxsize=None)
def heads() -> frozenset[str]:
    return frozenset(lexicon.compact(w) for w in lexicon.words("activity_heads.txt"))


def begins_item(text: str) -> bool:
    words = re.findall(r"[\w\u200c]+", text)
    if not words:
        return False
    first = lexicon.compact(words[0])
    two = lexicon.compact(" ".join(words[:2]))
    return first in heads() or two in heads()


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \u200c\t-–•*▪■:":
        s += 1
    while e > s and text[e - 1] in " \u200c\t.؛;،,:…":
        e -= 1
    # a trailing «و …» / «و ...» (and so on) is not an item
    m = re.search(rf"{_SP}(?:و{_SP})?(?:…|\.\.\.)$", text[s:e])
    if m:
        e = s + m.start()
    return s, e


def split_list(text: str, s: int, e: int, count: int | None) -> list[tuple[int, int]]:
    """Item spans of the list text[s:e]."""
    spans, pos = [], s
    for m in re.finditer(r"[،؛;,]", text[s:e]):
        spans.append((pos, s + m.start()))
        pos = s + m.end()
    spans.append((pos, e))
    spans = [_trim(text, a, b) for a, b in spans]
    spans = [(a, b) for a, b in spans if b > a]
    # from the right, split at «و» until the announced count is reached
    while spans and (count is None or len(spans) < count):
        a, b = spans[-1]
        joins = [m for m in re.finditer(r"(?<=\s)و(?=\s)", text[a:b])]
        if not joins:
            break
        j = joins[-1]
        left, right = (a, a + j.start()), (a + j.end(), b)
        left, right = _trim(text, *left), _trim(text, *right)
        if left[1] <= left[0] or right[1] <= right[0]:
            break
        if count is None and not (begins_item(text[left[0]:left[1]]) and begins_item(text[right[0]:right[1]])):
            break
        spans[-1:] = [left, right]
        if count is None:
            break
    return spans


def _list_after(text: str, pos: int, line_end: int, count: int | None) -> list[tuple[int, int]]:
    """The list introduced at ``pos``: the rest of the line after a colon, or the lines below."""
    rest = text[pos:line_end]
    colon = _INTRO.search(rest)
    if colon and len(rest[colon.end():].split()) >= 2:
        # the list ends with its sentence: «...: A، B و C. بر اساس بررسی‌ها ...»
        start = pos + colon.end()
        stop = re.search(r"[.!?؟](?=\s|$)", text[start:line_end])
        return split_list(text, start, start + stop.start() if stop else line_end, count)
    if not (colon or rest.strip() == "" or re.search(r"(?:ذیل|زیر)", rest)):
        return []
    # the next lines: bullets (one item each) or one line holding the list
    items: list[tuple[int, int]] = []
    cur = line_end + 1
    while cur < len(text):
        nxt = text.find("\n", cur)
        nxt = len(text) if nxt < 0 else nxt
        line = text[cur:nxt]
        if _BULLET.match(line):
            items.append(_trim(text, cur + _BULLET.match(line).end(), nxt))
            if count and len(items) >= count:
                break
            cur = nxt + 1
            continue
        if not items and line.strip():
            return split_list(text, cur, nxt, count)
        break
    return [(a, b) for a, b in items if b > a]


# «او استراتژی‌های خوشه را افزایش صادرات، بهبود بسته‌بندی و ایجاد شبکه عنوان کرد»
_RA_LIST = re.compile(rf"{_WORD}[^.\n:]{{0,50}}?(?<!{_L})را(?!{_L})(?P<list>[^.\n:]{{5,300}}?)"
                      rf"(?:(?:عنوان|اعلام|بیان|ذکر|معرفی|تعیین|تبیین){_SP}(?:کرد|کردند|نمود|نمودند|شد|شده|گردید)|برشمرد|دانست)")


@register("fa.strategies", version=1)
def strategies(ctx):
    text = ctx.string
    done: set[int] = set()
    for n in ctx.numbers:
        m = _KEYWORD.match(text, n.end)
        if not m or ctx.in_furniture(n.start) or ctx.in_table(n.start):
            continue
        if n.value < 2 or n.value != int(n.value) or n.value > 20:
            continue  # «یک استراتژی نوین»: the concept, not a count
        count = int(n.value)
        yield ctx.fact("strategy_count", count, n.start, m.end(), confidence=0.9)
        line_end = ctx.line_at(n.start)[1]
        items = _list_after(text, m.end(), line_end, count)
        done.add(ctx.line_at(n.start)[0])
        for a, b in items:
            yield ctx.fact("strategy", " ".join(text[a:b].split()), a, b,
                           confidence=0.85 if len(items) == count else 0.6)
    for s, e in ctx.sentences:
        m = _RA_LIST.search(text, s, e)
        if not m or ctx.in_furniture(s) or ctx.line_at(s)[0] in done:
            continue
        done.add(ctx.line_at(s)[0])
        for a, b in split_list(text, m.start("list"), m.end("list"), None):
            if begins_item(text[a:b]):
                yield ctx.fact("strategy", " ".join(text[a:b].split()), a, b, confidence=0.7)
    # a heading without a count: «راهبردهای توسعه خوشه عبارتند از:»
    for s, e in ctx.lines:
        if s in done or ctx.in_furniture(s) or not _HEADING.search(text[s:e]):
            continue
        m = _HEADING.search(text[s:e])
        items = _list_after(text, s + m.end(), e, None)
        for a, b in items:
            yield ctx.fact("strategy", " ".join(text[a:b].split()), a, b, confidence=0.7)
