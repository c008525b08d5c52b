"""Sentences, clauses and word tokens with their character offsets in the normalized text.

Offsets matter more than linguistic subtlety here: every fact's evidence is a slice of the text that
can be highlighted, so nothing in this module changes the text.

* **Sentences** end at a line break (the normalized text has one paragraph, bullet or table row per
  line), at ``. ! ? ؟ ; ؛`` followed by a space, or at a period glued to the next Persian word
  («می باشد.انتخاب»: Persian words never contain a period). A period inside a number (4.5) or a
  web address (www.qomcarpet.ir) is followed by a digit or a Latin letter, so it does not end one.
* **Clauses** split a sentence further at ``، , : ؛`` and brackets: the unit in which a number looks
  for the noun it counts.
* **Tokens** come from spaCy's blank Persian tokenizer (``spacy.blank("fa")``), which never changes
  the text (each token knows its offset) and which we teach to split a number from a word glued to
  it (حدود400، از25هزار، مهرماه1391), as PDF extraction often leaves them. hazm's tokenizers return
  strings without offsets, and its normalizer breaks numbers apart («12,500» -> «۱۲ , ۵۰۰»), so
  offsets would have to be recovered by search. spaCy is imported on first use (about half a second).
"""
from __future__ import annotations

import functools
import re

_PERSIAN_LETTER = "[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]"
_END = re.compile(rf"[.!?؟;؛]+(?=\s)|(?<!\.)\.(?={_PERSIAN_LETTER})|\n")
_CLAUSE_END = re.compile(r"[،,:؛;()«»\[\]\n]|(?<=\S)\s+-\s+|\t")


def _trimmed(text: str, spans) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence, stripped of surrounding spaces."""
    spans, pos = [], 0
    for m in _END.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        spans.append((pos, end))
        pos = m.end()
    spans.append((pos, len(text)))
    return _trimmed(text, spans)


def clauses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the clauses of text[start:end]: split at commas, colons and brackets."""
    end = len(text) if end is None else end
    spans, pos = [], start
    for m in _CLAUSE_END.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return _trimmed(text, spans)


@functools.lru_cache(maxsize=1)
def _nlp():
    import spacy
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("fa")
    infixes = list(nlp.Defaults.infixes) + [
        r"(?<=[\u0600-\u06ff])(?=[0-9۰-۹٠-٩])",   # حدود|400
        r"(?<=[0-9۰-۹٠-٩])(?=[\u0600-\u06ff])",   # 25|هزار
        r"(?<=[\u0600-\u06ff])(?=[()«»])",         # بافت|)
        r"(?<=[()«»])(?=[\u0600-\u06ff])",         # )|و
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # spaCy refuses texts over 1,000,000 characters (a 400-page report) for the memory its parser and
    # NER would need; only the tokenizer runs here, whose memory is linear in the text
    nlp.max_length = 2**31 - 1
    return nlp


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word, number or punctuation token of ``text``."""
    doc = _nlp().make_doc(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
