"""Orthography: Persian letters for Arabic ones (ي ك -> ی ک), ASCII digits, no tatweel, diacritics
or bidi controls, presentation forms folded.

ASCII digits because Latin contexts (URLs, phone numbers, codes) stay intact and every number
pattern reads one script; the score and the search index treat all digit scripts alike anyway.
"""
from __future__ import annotations

import unicodedata

from pipeline.model import MappedStr
from pipeline.textutil import BIDI_CONTROLS, CHAR_TABLE, DIACRITICS

NAME = "orthography"
VERSION = 1


def _fold_presentation_forms(text: MappedStr) -> MappedStr:
    """NFKC on Arabic presentation forms only (U+FB50-FDFF, U+FE70-FEFF): other text keeps its form."""
    return text.sub(r"[\ufb50-\ufdff\ufe70-\ufefe]", lambda m: unicodedata.normalize("NFKC", m.group()))


def unify(text: MappedStr) -> MappedStr:
    text = _fold_presentation_forms(text).translate(CHAR_TABLE)
    return text.sub(BIDI_CONTROLS, "").sub(DIACRITICS, "")
