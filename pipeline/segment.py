"""Sentences with their character offsets in the normalized text.

A sentence ends at a line break (the normalized text has one paragraph, bullet or table row per
line) or at . ! ? ؟ ; followed by a space. A period inside a number (4.5) or a web address
(www.qomcarpet.ir) is not followed by a space, so it does not end a sentence. Offsets matter more
than linguistic subtlety here: every fact's evidence is a slice of the text that can be highlighted.
"""
from __future__ import annotations

import re

_END = re.compile(r"[.!?؟;؛]+(?=\s)|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence, stripped of surrounding spaces."""
    spans, pos = [], 0
    for m in _END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        spans.append((pos, end))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
