"""Character tables and small text helpers shared by the stages (no heavy imports here)."""
from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"
TATWEEL = "\u0640"

# Arabic letter forms that Persian text should not contain, and their Persian equivalents.
LETTERS = {
    "ي": "ی", "ى": "ی", "ئ": "ئ", "ك": "ک", "ڪ": "ک", "ە": "ه", "ہ": "ه", "ھ": "ه", "ۃ": "ه",
    "ٸ": "ئ", "ٱ": "ا", "ٲ": "أ", "ٳ": "إ", "ۍ": "ی", "ێ": "ی", "ې": "ی", "ۑ": "ی",
}
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
DIGITS = {ord(c): str(i) for i, c in enumerate(PERSIAN_DIGITS)} | {ord(c): str(i) for i, c in enumerate(ARABIC_DIGITS)}
# Arabic decimal and thousands separators, Arabic percent sign
NUMBER_PUNCT = {ord("٫"): ".", ord("٬"): ",", ord("٪"): "%"}
DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

CHAR_TABLE = {ord(k): v for k, v in LETTERS.items() if k != v} | DIGITS | NUMBER_PUNCT
CHAR_TABLE[ord(TATWEEL)] = None

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def unify_chars(text: str) -> str:
    """Persian letters, ASCII digits, no tatweel, diacritics or bidi controls."""
    text = BIDI_CONTROLS.sub("", text.translate(CHAR_TABLE))
    return DIACRITICS.sub("", text)


def canonical_key(text: str) -> str:
    """A key for comparing names: unified letters, no spaces, ZWNJ or punctuation.

    >>> canonical_key("خوشه فرش دستباف قم") == canonical_key("خوشه‌ فرش دست‌باف  قم")
    True
    """
    text = unify_chars(unicodedata.normalize("NFKC", text))
    return re.sub(r"[\W_]+", "", text).lower()


def arabic_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic-script letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)


# control characters and bidi embeddings/overrides/isolates: a file named with a newline or a U+202E
# must not split a failure line in two or turn the rest of it around
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` for one terminal line: unsafe characters as escapes (``\\n``, ``\\u202e``)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
