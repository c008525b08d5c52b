"""Lines and pages: one paragraph, bullet or table row per line, pages joined.

Trailing and repeated spaces go, empty lines go, a page break becomes a line break. TAB is kept:
it separates table cells.
"""
from __future__ import annotations

import re

from pipeline.model import PAGE_BREAK, MappedStr

NAME = "layout"
VERSION = 1

_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def lines(text: MappedStr) -> MappedStr:
    text = text.sub(PAGE_BREAK, "\n").sub(_SPACES, " ")
    kept = [line.strip(" ") for line in text.split_lines()]
    return MappedStr.join("\n", [line for line in kept if line.text.strip()])
