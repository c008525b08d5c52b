"""Websites, e-mail addresses and phone numbers.

A phone number is read after the words that announce one (تلفن، شماره تماس، به شماره، فکس، پیامک،
سامانه پیامکی), glued or not («به شماره30009900092492»), or on its own when its shape is
unmistakably Iranian: a mobile (09xx xxx xxxx, +98 9xx ...) or a landline with its area code
(021-88xxxxxx, 0 and ten digits). Other long digit runs stay unread: they may be counts, codes or
glued table cells. Page furniture lines (a site's header phone) give nothing.
"""
from __future__ import annotations

import re

from extractors import register

# www.example.ir, https://example.com/path ; a bare domain needs a known top-level domain
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:/[^\s()<>«»،]*)?"
                  r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:ir|com|org|net|info)\b(?:/[^\s()<>«»،]*)?")
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
# a phone number after the words that announce one
_PHONE_CUE = re.compile(r"(?:تلفن(?:[ \u200c]*(?:همراه|تماس|ثابت))?|تلفکس|فکس|نمابر|همراه|موبایل"
                        r"|شماره(?:[ \u200c]*(?:تماس|تلفن|پیامک|همراه))?|پیامک|سامانه[ \u200c]*پیامکی|سامانه|خط)"
                        r"[ \u200c]*[:：]?[ \u200c]*(\+?\(?\d[\d\s()\-]{5,22}\d)")
# unmistakable shapes without a cue
_PHONE_SHAPE = re.compile(r"(?<![\d/.,])(?:\+98[\s-]?9\d{2}[\s-]?\d{3}[\s-]?\d{4}|09\d{2}[\s-]?\d{3}[\s-]?\d{4}"
                          r"|0\d{2,3}[\s-]\d{7,8}|0\d{10})(?![\d/.,])")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def link_spans(text: str) -> list[tuple[int, int]]:
    """Spans of web and e-mail addresses and phone numbers in ``text``."""
    spans = [m.span() for rx in (_URL, _EMAIL, _PHONE_SHAPE) for m in rx.finditer(text)]
    spans += [m.span(1) for m in _PHONE_CUE.finditer(text) if 7 <= len(_digits(m.group(1))) <= 16]
    return spans


@register("fa.contacts", version=2)
def contacts(ctx):
    text = ctx.folded
    emails = [m.span() for m in _EMAIL.finditer(text)]
    for m in _URL.finditer(text):
        if ctx.in_furniture(m.start()) or any(s <= m.start() < e for s, e in emails):
            continue
        url = m.group().rstrip(".")
        yield ctx.fact("website", url, m.start(), m.start() + len(url), confidence=0.95)
    for s, e in emails:
        if not ctx.in_furniture(s):
            yield ctx.fact("email", text[s:e], s, e, confidence=0.95)
    cued: list[tuple[int, int]] = []
    for m in _PHONE_CUE.finditer(text):
        digits = _digits(m.group(1))
        if 7 <= len(digits) <= 16 and not ctx.in_furniture(m.start()):
            cued.append(m.span(1))
            yield ctx.fact("phone", digits, m.start(), m.end(), confidence=0.85)
    for m in _PHONE_SHAPE.finditer(text):
        if ctx.in_furniture(m.start()) or any(m.start() < e and s < m.end() for s, e in cued):
            continue
        yield ctx.fact("phone", _digits(m.group()), m.start(), m.end(), confidence=0.7)
