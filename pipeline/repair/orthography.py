"""Orthography: one spelling for the same Persian text, whatever the source wrote.

``unify`` (characters; runs before the order repair):
Persian letters for Arabic ones (ي ك ى -> ی ک), ASCII digits (Persian and Arabic-Indic digits,
Arabic decimal and thousands separators), no tatweel, diacritics or bidi controls, Arabic
presentation forms folded (NFKC on those blocks only). ASCII digits because Latin contexts (URLs,
phone numbers, codes) stay intact and every number pattern reads one script.

``polish`` (words; runs after it):
- zero-width non-joiners where Persian orthography wants one, each checked against the lexicon so
  no word is broken: the verbal prefix («می شود», «میشود» -> «می‌شود»; never «میدان», «میلیون»),
  suffixes after a word ending in «ه» («خوشه های», «خوشههای» -> «خوشه‌های»; «شده اند» -> «شده‌اند»),
  other suffixes written apart («فعالیت های» -> «فعالیت‌های»), and words whose usual spelling has one
  («بینالمللی» -> «بین‌المللی»). A space that is not an affix boundary is never touched
  («کسب و کار» stays three words);
- numbers apart from the words glued to them («حدود400» -> «حدود 400», «از25هزار» -> «از 25 هزار»,
  «4.5میلیون» -> «4.5 میلیون») without ever cutting a number («12,500», «3.5», «1402/05/12»);
- no space before punctuation («است .» -> «است.»), one after it before a Persian word
  («افزود:پروژه» -> «افزود: پروژه»); numbers, URLs and times keep their dots, commas and colons.

hazm's and parsivar's normalizers were measured on the same job and are not used (see the README:
both cut numbers, hazm glues «از  ای» into «از‌ای», parsivar reads «بیست و پنج هزار» as 5020).
Everything here keeps the offset map.
"""
from __future__ import annotations

import re
import unicodedata

from pipeline.model import MappedStr
from pipeline.textutil import BIDI_CONTROLS, CHAR_TABLE, DIACRITICS, ZWNJ

NAME = "orthography"
VERSION = 4

_P = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"  # Persian/Arabic letters
_SUFFIXES_APART = ("هایی", "های", "ها", "ای", "ام", "ات", "اش", "اند", "ایم", "اید", "ترین", "تر")


def _fold_presentation_forms(text: MappedStr) -> MappedStr:
    """NFKC on Arabic presentation forms only (U+FB50-FDFF, U+FE70-FEFF): other text keeps its form."""
    return text.sub(r"[\ufb50-\ufdff\ufe70-\ufefe]", lambda m: unicodedata.normalize("NFKC", m.group()))


_ONE_TO_ONE = {k: v for k, v in CHAR_TABLE.items() if isinstance(v, str) and len(v) == 1}
_UNIFIED = re.compile("[" + "".join(re.escape(chr(k)) for k in _ONE_TO_ONE) + "]")
_ONE_TO_ONE_CHARS = {chr(k): v for k, v in _ONE_TO_ONE.items()}


def _unified_char(m: re.Match) -> str:
    return _ONE_TO_ONE_CHARS[m.group()]
# (a ZWNJ means something only between two letters: beside a digit, a mark or a space it is a
# producer's leftover, «18.\u200c5», and would cut the number in two)
_DROPPED = re.compile("[" + "".join(chr(k) for k, v in CHAR_TABLE.items() if v is None) + "]|"
                      + BIDI_CONTROLS.pattern + "|" + DIACRITICS.pattern
                      + f"|\u200c(?![{_P}\u200c])|(?<![{_P}\u200c])\u200c")


def unify(text: MappedStr) -> MappedStr:
    if re.search(r"[\ufb50-\ufdff\ufe70-\ufefe]", text.text):
        text = _fold_presentation_forms(text)
    # one-to-one replacements keep every offset: str.translate, the map as it is
    if _UNIFIED.search(text.text):  # (a pattern finds the few letters to change sooner than translate)
        text = MappedStr(_UNIFIED.sub(_unified_char, text.text), text.origin)
    if _DROPPED.search(text.text):  # tatweel, bidi controls, diacritics: dropped with their offsets
        keep_text, keep_origin, pos = [], [], 0
        for m in _DROPPED.finditer(text.text):
            keep_text.append(text.text[pos:m.start()])
            keep_origin.extend(text.origin[pos:m.start()])
            pos = m.end()
        keep_text.append(text.text[pos:])
        keep_origin.extend(text.origin[pos:])
        text = MappedStr("".join(keep_text), keep_origin)
    return text


# -- zero-width non-joiners ------------------------------------------------------------------------

_PREFIX_APART = re.compile(rf"(?<![{_P}\u200c])(ن?می) (?=[{_P}])")
# (the letter before the space is checked by the rule itself: a pattern that opens with its space
# is found at once, one that opens with a look behind is tried at every position)
_SUFFIX_APART = re.compile(rf" ({'|'.join(_SUFFIXES_APART)})(?![{_P}\u200c])")
_GLUED_WORD = re.compile(rf"[{_P}]{{4,}}")


_WORD_AFTER = re.compile(rf"[{_P}\u200c]*")
_LETTERS = frozenset(c for c in map(chr, range(0x0600, 0x0700)) if re.match(rf"[{_P}]", c))
_WORD_CHARS = frozenset(c for c in map(chr, range(0x0600, 0x0700)) if re.match(rf"[{_P}\u200c]", c)) | {"\u200c"}


def _word_before(text: str, end: int) -> str:
    """The letters (and ZWNJs) that end at ``end``."""
    start = end
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    return text[start:end]


def _word_after(text: str, start: int) -> str:
    return _WORD_AFTER.match(text, start).group()


def _sub(text: MappedStr, rx: re.Pattern, repl) -> MappedStr:
    """``text.sub(rx, repl)`` (the same text and map), the text itself when no replacement changes
    anything (most matches of the ZWNJ rules keep what they matched)."""
    t = text.text
    changes = []
    for m in rx.finditer(t):
        rep = repl(m) if callable(repl) else m.expand(repl)
        if rep != m.group():
            changes.append((m.start(), m.end(), rep))
    if not changes:
        return text
    origin = text.origin
    out_text: list[str] = []
    out_origin: list[int] = []
    pos = 0
    for s, e, rep in changes:
        out_text.append(t[pos:s])
        out_origin.extend(origin[pos:s])
        if e > s:
            src = origin[s:e]
        elif s < len(origin):
            src = [origin[s]]
        else:
            src = [origin[-1]] if origin else [0]
        out_text.append(rep)
        last = len(src) - 1
        out_origin.extend([src[i if i < last else last] for i in range(len(rep))])
        pos = e
    out_text.append(t[pos:])
    out_origin.extend(origin[pos:])
    got = MappedStr.__new__(MappedStr)
    got.text = "".join(out_text)
    got.origin = out_origin
    return got


def _zwnj(text: MappedStr, lex) -> MappedStr:
    t = text.text

    def prefix(m: re.Match) -> str:
        verb = _word_after(t, m.end())
        return m.group(1) + ZWNJ if lex._verb_zipf("می" + verb.replace(ZWNJ, "")) > 0 else m.group()

    def suffix(m: re.Match) -> str:
        if m.start() == 0 or t[m.start() - 1] not in _LETTERS:
            return m.group()  # a suffix apart follows a letter
        base = _word_before(t, m.start())
        key = base.replace(ZWNJ, "")
        suf = m.group(1)
        if not key or lex.classes.get(key) or len(key) < 2:
            return m.group()
        if suf in ("ای", "اند", "ام", "ات", "اش", "ایم", "اید") and key[-1] not in "هاوی":
            return m.group()  # «ای» after a consonant is not the suffix («از ای»)
        if lex.zipf(key) < 2.5 or lex._is_finite_verb(key):
            return m.group()
        return ZWNJ + suf

    if " " in t:
        if "می " in t:
            text = _sub(text, _PREFIX_APART, prefix)
            t = text.text
        text = _sub(text, _SUFFIX_APART, suffix)
        t = text.text

    # each distinct word spelled once (kept per word); positions looked up only for words that change
    memo = lex.memo.setdefault("spelling", {})
    respelled = {}
    for word in set(_GLUED_WORD.findall(t)):
        new = memo.get(word)
        if new is None:
            if len(memo) > 200_000:
                memo.clear()
            new = memo[word] = _spell(word, lex)
        if new != word:
            respelled[word] = new
    if not respelled:
        return text
    changes = [(m.start(), m.end(), respelled[m.group()]) for m in _GLUED_WORD.finditer(t) if m.group() in respelled]
    return _insert_zwnj(text, changes)


def _insert_zwnj(text: MappedStr, changes: list[tuple[int, int, str]]) -> MappedStr:
    """Replace spans by the same letters with ZWNJs inserted; an inserted ZWNJ points at the letter
    before it."""
    out_text: list[str] = []
    out_origin: list[int] = []
    pos = 0
    for start, end, new in changes:
        out_text.append(text.text[pos:start])
        out_origin.extend(text.origin[pos:start])
        k = start
        for ch in new:
            if k < end and text.text[k] == ch:
                out_origin.append(text.origin[k])
                k += 1
            else:  # an inserted ZWNJ
                out_origin.append(text.origin[k - 1] if k > 0 else text.origin[0])
            out_text.append(ch)
        pos = end
    out_text.append(text.text[pos:])
    out_origin.extend(text.origin[pos:])
    return MappedStr("".join(out_text), out_origin)


def _spell(word: str, lex) -> str:
    """A glued word in its usual spelling with ZWNJ, when the lexicon or the morphology says so."""
    if word in lex.words and word not in lex.spelled and not word.startswith(("می", "نمی")):
        return word  # listed as written: the common case, answered at once
    spelled = lex.spelled.get(word)
    if spelled and lex.words.get(word, 0.0) >= 2.0 and " " not in spelled:
        return spelled
    listed = lex.words.get(word, 0.0)
    # «میشود» -> «می‌شود»: a verb form, not a listed word of its own («میدان», «میلیون»)
    for pre in ("نمی", "می"):
        if word.startswith(pre) and len(word) > len(pre) + 1 and listed < 3.0:
            rest = word[len(pre):]
            if lex._verb_zipf(word) > 0 and not lex.words.get(word) and lex.tags.get(word) is None:
                return pre + ZWNJ + rest
    # «خوشههای» -> «خوشه‌های», «شدهاند» -> «شده‌اند»: a suffix after a final «ه»
    for suf in _SUFFIXES_APART:
        if word.endswith(suf) and len(word) > len(suf) + 1:
            base = word[: -len(suf)]
            if base.endswith("ه") and listed < 2.5 and lex.words.get(base, 0.0) >= 2.5:
                return base + ZWNJ + suf
    # «وشهرک» -> «و شهرک», «درجلسه» -> «در جلسه»: a function word typed without its space
    if listed < 1.0 and lex.zipf(word) < 1.0:
        from pipeline.repair.lexicon import word_list

        for fw in word_list("glued_function_words.txt"):
            rest = word[len(fw):]
            if (word.startswith(fw) and len(rest) >= 3 and lex.zipf(rest) >= GLUED_REST_ZIPF + 1.5 * (len(rest) == 3)
                    and not lex._verb_zipf(rest)):  # «وبگردی» is a word, not «و» + a verb
                return fw + " " + _spell(rest, lex)
    return word


GLUED_REST_ZIPF = 3.0  # what follows a glued function word must be this frequent a word


# -- numbers and punctuation ---------------------------------------------------------------------

_LETTER_DIGIT = re.compile(rf"(?<=[{_P}])(?=\d)|(?<=\d)(?=[{_P}])")
_SPACE_BEFORE_PUNCT = re.compile(rf"(?<=[{_P}\)»]) +(?=[.،؛:!؟](?:\s|$))")
_NO_SPACE_AFTER = re.compile(rf"(?<=[{_P}][،؛:!؟])(?=[{_P}])|(?<=[{_P}]\.)(?=[{_P}]{{2}})")


def polish(text: MappedStr) -> MappedStr:
    from pipeline.repair import lexicon

    lex = lexicon.load()
    if re.search(rf"[{_P}]\d|\d[{_P}]", text.text):
        text = _sub(text, _LETTER_DIGIT, " ")
    text = _zwnj(text, lex)
    if re.search(r" [.،؛:!؟]", text.text):
        text = _sub(text, _SPACE_BEFORE_PUNCT, "")
    text = _sub(text, _NO_SPACE_AFTER, " ")
    return text
