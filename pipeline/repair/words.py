"""Word repairs that need no word order: swapped ligature letters and stretched words.

- **The ی+ک ligature.** A font that draws «یک»/«کی» as one glyph, decoded in visual order, gives the
  two letters swapped inside a word, in both directions: «كي» for «یک», «كيسو» for «یکسو», «تأيكد»
  for «تأکید». The form that is a word, or the far more frequent one, wins. When both forms are
  words («کی» when, «یک» one) the swap is made only in text written with Arabic ي/ك, where this
  font problem lives, and only when the swapped word is at least ten times more frequent.
- **Justification «و».** Slide justification stretches a word and the extraction reads the stretch
  as a «و»: «حمايوت» for «حمایت», «پوورتر» for «پورتر». A non-word that becomes a word when one «و»
  is dropped loses it.

Each repair keeps the map: letters are moved or dropped by slicing the :class:`MappedStr`.
"""
from __future__ import annotations

import re

from pipeline.model import MappedStr
from pipeline.repair import lexicon as _lexicon

_TOKEN = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u200c]+")


def _swaps(word: str) -> list[int]:
    return [m.start() for m in re.finditer("(?=یک|کی)", word)]


def _swapped(tok: MappedStr, i: int) -> MappedStr:
    return tok[:i] + tok[i + 1:i + 2] + tok[i:i + 1] + tok[i + 2:]


def fix_ligature(tok: MappedStr, lex, arabic_encoded: bool) -> MappedStr:
    word = tok.text
    spots = _swaps(word)
    if not spots or len(spots) > 3:
        return tok
    z0 = lex.zipf(word)
    best, best_z = tok, z0
    for i in spots:
        cand = _swapped(tok, i)
        z = lex.zipf(cand.text)
        if z > best_z:
            best, best_z = cand, z
    if best is tok:
        return tok
    if z0 <= 1.0 and best_z >= 2.5:
        return best
    if arabic_encoded and z0 > 1.0 and best_z - z0 >= 1.0:
        return best
    return tok


def fix_stretch(tok: MappedStr, lex) -> MappedStr:
    word = tok.text
    if "و" not in word[1:] or len(word) < 4 or lex.zipf(word) > 1.0:  # 1.0: listed, never seen
        return tok
    best, best_z = tok, 0.0
    for m in re.finditer("و", word):
        i = m.start()
        # a stretch follows a joining letter inside the word; a final «و» is the conjunction glued
        # to its word («سنقرو کلیایی» is «سنقر و کلیایی»), as :func:`visual._unstretch` reads it
        if i == 0 or i == len(word) - 1 or word[i - 1] in _lexicon.NON_JOINING:
            continue
        cand = tok[:i] + tok[i + 1:]
        z = lex.zipf(cand.text)
        if z > best_z:
            best, best_z = cand, z
    if best_z < 3.0:
        # two stretches in one word («کتواو»): try dropping a second «و»
        return tok
    return best


def _repaired(word: str, arabic: bool, lex) -> str | None:
    """The word after both repairs, or None when it stays as it is (kept per word: a pure function
    of the word, the flag and the lexicon)."""
    memo = lex.memo.setdefault("word_repairs", {})
    key = (word, arabic)
    if key in memo:
        return memo[key]
    tok = MappedStr.identity(word)
    new = tok
    if "ک" in word:
        new = fix_ligature(new, lex, arabic)
    if "و" in new.text:
        new = fix_stretch(new, lex)
    got = None if new is tok else (new.text, tuple(new.origin))
    if len(memo) > 100_000:
        memo.clear()
    memo[key] = got
    return got


def repair_tokens(line: MappedStr, arabic_forms: set[int] | None, lex=None) -> MappedStr:
    """Apply the word repairs to every Persian word of a line."""
    lex = lex or _lexicon.load()
    text = line.text
    if "ک" not in text and "و" not in text:
        return line
    parts: list[MappedStr] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        word = m.group()
        if "ک" not in word and "و" not in word:
            continue
        plain = _repaired(word, False, lex)
        if "ک" in word and arabic_forms:
            bolder = _repaired(word, True, lex)
            # where the written letters matter, whether they were Arabic ي/ك
            if bolder != plain and any(o in arabic_forms for o in line.origin[m.start():m.end()]):
                plain = bolder
        if plain is None:
            continue
        s, e = m.span()
        new_text, picks = plain
        parts.append(line[pos:s])
        parts.append(MappedStr(new_text, [line.origin[s + k] for k in picks]))
        pos = e
    if not parts:
        return line
    parts.append(line[pos:])
    out = parts[0]
    for p in parts[1:]:
        out = out + p
    return out
