"""Websites and phone numbers."""
from __future__ import annotations

import re

from extractors import register

# www.example.ir, https://example.com/path ; a bare domain needs a known top-level domain
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:/[^\s()<>«»،]*)?"
                  r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:ir|com|org|net|info)\b(?:/[^\s()<>«»،]*)?")
# a phone number after the words that announce one: تلفن، شماره تماس، به شماره، فکس، پیامک
_PHONE_CUE = re.compile(r"(?:تلفن|تلفکس|فکس|نمابر|شماره(?:\s*(?:تماس|تلفن|پیامک))?|پیامک|سامانه پیامکی)\s*[:：]?\s*"
                        r"(\+?\d[\d\s-]{6,20}\d)")


@register("fa.contacts", version=1)
def contacts(ctx):
    text = ctx.string
    for m in _URL.finditer(text):
        url = m.group().rstrip(".")
        yield ctx.fact("website", url, m.start(), m.start() + len(url), confidence=0.95)
    for m in _PHONE_CUE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if 7 <= len(digits) <= 16:
            yield ctx.fact("phone", digits, m.start(), m.end(), confidence=0.85)
