"""Numbers in Persian text, in every form, with their character offsets.

Reports write the same quantity as ``25000``, ``25,000``, ``۲۵٬۰۰۰``, ``25هزار``, ``۲۵ هزار``,
``بیست و پنج هزار``; mix digits and words (``۱۲ هزار و ۳۰۰``, ``یک میلیارد و 400 میلیون``); glue
numbers to words (``حدود400``, ``از25هزار``, ``4.5میلیون``, ``هزارو ۴۳۹``); and PDF extraction turns
the decimal ``۳/۵ میلیون`` (3.5 million, Persian decimal slash) into the visual-order ``۵/ ۳ میلیون``.

This module finds such expressions in running text and reads their value. It is our own parser, fed
by ``data/number_words.tsv``: library readers either take a whole phrase only (persian-tools reads
«یک و نیم میلیون» as 1,000,000) or break numbers apart while normalizing (hazm turns «12,500» into
«۱۲ , ۵۰۰»). Digit scripts are folded one character for one, so offsets never move.

>>> [(n.text, n.value) for n in find_numbers("بیش از25هزار نفر و ۱۲ هزار و ۳۰۰ واحد")]
[('25هزار', 25000), ('۱۲ هزار و ۳۰۰', 12300)]
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractors import lexicon

# one character for one: offsets into the folded string are offsets into the original
_FOLD = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬٪", "01234567890123456789.,%")
_L = lexicon.LETTER


def fold(text: str) -> str:
    """ASCII digits and number punctuation, same length as ``text``."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: float | int
    text: str
    has_words: bool = False       # some part is written as a word (شش، هزار)
    decimal_visual: bool = False  # read from the visual-order form «۵/ ۳»

    @property
    def small_word(self) -> bool:
        """A lone word one (یک): in Persian also the indefinite article, so weak evidence of a count."""
        return self.has_words and self.value == 1


@functools.lru_cache(maxsize=None)
def _words() -> dict[str, tuple[float, str]]:
    out = {}
    for word, value, kind in lexicon.rows("number_words.tsv"):
        out[lexicon.compact(word)] = (float(value), kind)
    return out


@functools.lru_cache(maxsize=None)
def _atom_regex() -> re.Pattern:
    words = _words()
    scales = [w for w, (_, k) in words.items() if k == "scale"]
    small = [w for w, (_, k) in words.items() if k in ("unit", "teen", "ten", "hundred")]
    # a small word glued to a scale: یکهزار، دوهزار، سیصدهزار
    glued = [s + m for s in small for m in scales]
    plain = sorted(set(words) | set(glued), key=lambda w: (-len(w), w))
    scale_alt = "|".join(sorted(scales, key=len, reverse=True))
    # after a scale word a noun may follow glued (۵۰۰هزارنفر), but not a suffix (هزاران، هزارم، میلیونها)
    scale_end = rf"(?!ان|ها|م(?!{_L})|مین|ی(?!{_L})|ه(?!{_L}))"
    # after any other word: no letter, except a glued و before a non-letter (هزارو ۳۰۷)
    word_end = rf"(?=و?(?!{_L}))(?!\u200c(?:ها|ای|ی(?!{_L})|ان|م(?!{_L})))"
    # a word stands alone, or after a «و» glued to it as news pages write them («شناسایی شده وسه خوشه»)
    start = rf"(?:(?<!{_L})|(?<=(?<!{_L})و))"
    word = rf"{start}(?:(?:{scale_alt}){scale_end}|(?:{'|'.join(plain)}){word_end})"
    # digits: 12,500 / 4.5 / 3/5 or the visual 5/ 3 (decimal slash, judged later) ; never part of a date
    digits = r"(?<![\d/.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,/]|\.\d)|(?<![\d/.,])\d+(?:\.\d+|/ ?\d+)?(?![\d/]|\.\d)"
    return re.compile(rf"(?P<d>{digits})|(?P<w>{word})")


_GAP = re.compile(r"^[ \u200c]*(?:و[ \u200c]*)?$")


@dataclass
class _Atom:
    start: int
    end: int
    value: float
    kind: str           # digits | unit | teen | ten | hundred | scale | half
    conj: bool = False  # preceded by و
    visual: bool = False


def _atoms(text: str) -> list[_Atom]:
    words = _words()
    out = []
    for m in _atom_regex().finditer(text):
        s = m.group()
        if m.group("d"):
            visual = False
            if "/" in s:
                a, b = s.replace(" ", "").split("/")
                visual = " " in s  # «۵/ ۳»: the digits came out in visual order
                value = float(f"{b}.{a}") if visual else float(f"{a}.{b}")
                kind = "slash"
            else:
                value, kind = float(s.replace(",", "")), "digits"
            out.append(_Atom(m.start(), m.end(), value, kind, visual=visual))
        else:
            key = lexicon.compact(s)
            if key in words:
                value, kind = words[key]
                out.append(_Atom(m.start(), m.end(), value, kind))
            else:  # glued small word + scale: two atoms
                for scale in sorted((w for w, (_, k) in words.items() if k == "scale"), key=len, reverse=True):
                    if key.endswith(scale) and key[:-len(scale)] in words:
                        cut = m.start() + len(s) - len(scale)
                        out.append(_Atom(m.start(), cut, *words[key[:-len(scale)]]))
                        out.append(_Atom(cut, m.end(), *words[scale]))
                        break
    return out


def _place(value: float) -> float:
    """The smallest decimal place a whole number fills (1200 -> 100): what و may still add."""
    if value != int(value) or value == 0:
        return 1.0
    place = 1
    while int(value) % (place * 10) == 0:
        place *= 10
    return float(place)


def _parse(atoms: list[_Atom]) -> tuple[float, int]:
    """Value of the longest valid prefix of ``atoms`` and how many atoms it uses."""
    total, group, last_scale, used = 0.0, None, None, 0
    prev_kind = None
    for i, a in enumerate(atoms):
        if a.kind == "slash":
            # a slash decimal is a number only before a scale (۳/۵ میلیون); the caller checks the rest
            if i:
                break
            group, prev_kind, used = a.value, a.kind, 1
            continue
        if a.kind in ("digits", "unit", "teen", "ten", "hundred"):
            if group is None:
                if i and not a.conj and prev_kind != "scale":
                    break
                if i and prev_kind == "scale" and not a.conj:
                    break  # «۱۲ هزار ۳۰۰»: two numbers, not one
                group = a.value
            elif a.conj and a.value < _place(group):  # بیست و پنج، صد و بیست، but not پنج و بیست
                group += a.value
            else:
                break
        elif a.kind == "half":
            if group is None and i == 0:
                group = 0.5  # نیم میلیون
            elif group is None or not a.conj or group != int(group):
                break
            else:
                group += 0.5
        elif a.kind == "scale":
            if group is None:
                if prev_kind == "scale" and a.conj is False:  # هزار میلیارد: scales compound
                    total *= a.value
                    last_scale = a.value
                    prev_kind, used = "scale", i + 1
                    continue
                if i and a.conj:
                    break
                group = 1.0  # a bare هزار is one thousand
            if last_scale is not None and a.value > last_scale:
                total = (total + group) * a.value
            else:
                total += group * a.value
            group, last_scale = None, a.value
        else:
            break
        prev_kind, used = a.kind, i + 1
    value = total + (group or 0.0)
    return value, used


def find_numbers(text: str) -> list[Number]:
    """Every number expression in ``text``, left to right, with its value."""
    folded = fold(text)
    atoms = _atoms(folded)
    out: list[Number] = []
    i = 0
    while i < len(atoms):
        # the run of atoms joined only by spaces, ZWNJ or a single و
        run = [atoms[i]]
        j = i + 1
        while j < len(atoms):
            gap = folded[run[-1].end:atoms[j].start]
            if not _GAP.match(gap):
                break
            atoms[j].conj = "و" in gap  # a glued و (هزارو ۳۰۷) is left outside the word, so it is in the gap
            run.append(atoms[j])
            j += 1
        value, used = _parse(run)
        if used == 0:
            i += 1
            continue
        parts = run[:used]
        if parts[0].kind == "slash" and (used == 1 or parts[1].kind != "scale"):
            if not _percent_follows(folded, parts[0].end):
                i += 1
                continue
        end = parts[-1].end
        out.append(Number(parts[0].start, end, _clean(value), text[parts[0].start:end],
                          has_words=any(p.kind not in ("digits", "slash") for p in parts),
                          decimal_visual=parts[0].visual))
        i += used
    return out


def _percent_follows(folded: str, pos: int) -> bool:
    return bool(re.match(r"[ \u200c]*(?:%|درصد)", folded[pos:]))


def _clean(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)


def parse_number(phrase: str) -> float | int | None:
    """The value of a phrase that is exactly one number expression, else None.

    >>> parse_number("یک و نیم میلیون"), parse_number("۵/ ۳ میلیون"), parse_number("هجده")
    (1500000, 3500000, 18)
    """
    nums = find_numbers(phrase)
    if len(nums) == 1 and nums[0].start == len(phrase) - len(phrase.lstrip()) and nums[0].end == len(phrase.rstrip()):
        return nums[0].value
    return None
