"""Word lists and gazetteers in ``extractors/data``: loaded once, cached, and a few matching helpers.

Data files are UTF-8 text. ``#`` starts a comment line; blank lines are skipped. A ``.tsv`` file has
TAB-separated columns; a ``.txt`` file has one entry per line. Everything is passed through the same
character unification as the documents (Persian ی ک, ASCII digits), so a list may be written with
either spelling.

Persian writes compounds with a space, a zero-width non-joiner or nothing at all (شهرک های،
شهرک‌های، شهرکهای; تولید کننده، تولیدکننده). :func:`loose` turns a phrase into a regex that accepts
all three, and :func:`compact` removes the joins so two spellings compare equal.
"""
from __future__ import annotations

import functools
import os
import re

from pipeline.textutil import unify_chars

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
ZWNJ = "\u200c"
# what may separate two parts of a compound: nothing, spaces, a ZWNJ
JOIN = "[ \u200c]*"
# a tanvin or other mark a word may still end with (تقریباً) when the text was not normalized
_MARKS = "[\u064b-\u0652]*"
# a word character of Persian or Latin text, for boundaries
LETTER = r"[^\W\d_]"


def _lines(name: str) -> list[str]:
    with open(os.path.join(DATA, name), encoding="utf-8") as fh:
        out = []
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append(unify_chars(line))
        return out


@functools.lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a TSV data file, each a tuple of stripped cells."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(name))


@functools.lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The entries of a one-per-line data file, in file order."""
    return tuple(line.strip() for line in _lines(name))


def compact(text: str) -> str:
    """``text`` without spaces and ZWNJ: the form in which spelling variants of a compound agree."""
    return re.sub(r"[\s\u200c]+", "", text)


def loose(phrase: str) -> str:
    """A regex for ``phrase`` where each space or ZWNJ may be a space, a ZWNJ or nothing.

    >>> bool(re.fullmatch(loose("شهرک های صنعتی"), "شهرک‌های صنعتی"))
    True
    """
    parts = [re.escape(p) + _MARKS for p in re.split(r"[ \u200c]+", phrase.strip()) if p]
    return JOIN.join(parts)


def alternation(phrases) -> str:
    """One regex group matching any of ``phrases`` (loosely), longest first."""
    uniq = sorted({p for p in phrases if p}, key=lambda p: (-len(compact(p)), p))
    return "(?:" + "|".join(loose(p) for p in uniq) + ")"


@functools.lru_cache(maxsize=None)
def mapping(name: str, key: int = 0, value: int = 1) -> dict[str, str]:
    """A dict from one column of a TSV file to another; keys are compacted."""
    return {compact(r[key]): r[value] for r in rows(name) if len(r) > max(key, value)}


# a verb with its progressive prefix, written apart (می شود), with a ZWNJ (می‌شود) or glued (میشود);
# glued, only with a common stem, since میوه، میز، میراث، میبد are nouns and places
_VERB = re.compile(r"^ن?می(?:\u200c|$|(?:شو|باش|کن|کرد|گرد|نما|نمود|ده|داد|رس|رسید|یاب|یافت|گیر|گرفت|آی|آمد|تو|خواه"
                   r"|بای|شد|پرداز|ورز|دان|بین|گوی|گفت|افزای|ساز|سوز|رو|رفت|مان|ماند)\w*$)")


def is_verb(word: str) -> bool:
    """Whether ``word`` is a verb form with می/نمی (می شود، می‌کند، میباشد), not a noun like میوه."""
    return bool(_VERB.match(word.strip()))
