"""Word patterns over tokens, tolerant of how Persian writes compounds.

A pattern is a sequence of slots; a slot is a set of alternatives; an alternative is a word or a
compound (parts joined by ``_``) whose parts may be written with a space, a ZWNJ or nothing
(قالی_بافی matches قالی بافی، قالی‌بافی، قالیبافی), and a trailing ``*`` accepts any ending
(بافنده* matches بافنده، بافنده‌ها). Between two slots up to ``gap`` other words may stand
(«10 واحد سنتی رنگرزی» matches ``واحد* رنگرز*``).

>>> p = Pattern.parse("واحد* رنگرز*")
>>> w = Words.of("10 واحد سنتی رنگرزی فعال")
>>> p.match(w, 1)
4
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractors.lexicon import compact


@dataclass(frozen=True)
class Alt:
    text: str      # compacted
    prefix: bool

    def match(self, words: "Words", i: int) -> int | None:
        """Index after the last word this alternative covers, starting at word i."""
        acc = ""
        for j in range(i, min(i + 4, len(words))):
            acc += words.compact[j]
            if self.prefix:
                if acc.startswith(self.text):
                    return j + 1
                if not self.text.startswith(acc):
                    return None
            else:
                if acc == self.text:
                    return j + 1
                if not self.text.startswith(acc):
                    return None
        return None


@dataclass(frozen=True)
class Pattern:
    slots: tuple[tuple[Alt, ...], ...]
    gap: int = 2

    @classmethod
    def parse(cls, spec: str, gap: int = 2) -> "Pattern":
        slots = []
        for slot in spec.split():
            alts = []
            for alt in slot.split("|"):
                prefix = alt.endswith("*")
                alts.append(Alt(compact(alt.rstrip("*").replace("_", "")), prefix))
            slots.append(tuple(alts))
        return cls(tuple(slots), gap)

    def _slot(self, k: int, words: "Words", i: int) -> int | None:
        for alt in self.slots[k]:
            end = alt.match(words, i)
            if end is not None:
                return end
        return None

    def match(self, words: "Words", i: int, limit: int | None = None) -> int | None:
        """End word index when the pattern's first slot starts exactly at word i, else None."""
        limit = len(words) if limit is None else limit
        end = self._slot(0, words, i)
        if end is None or end > limit:
            return None
        for k in range(1, len(self.slots)):
            for start in range(end, min(end + self.gap + 1, limit)):
                nxt = self._slot(k, words, start)
                if nxt is not None and nxt <= limit:
                    end = nxt
                    break
            else:
                return None
        return end

    def search(self, words: "Words", lo: int = 0, hi: int | None = None, last: bool = False) -> tuple[int, int] | None:
        """(first word, end word) of the first (or last) match within words[lo:hi]."""
        hi = len(words) if hi is None else hi
        order = range(hi - 1, lo - 1, -1) if last else range(lo, hi)
        for i in order:
            end = self.match(words, i, hi)
            if end is not None:
                return i, end
        return None


class Words:
    """A run of word tokens: their offsets in the text and their compacted forms."""

    _TOKEN = re.compile(r"[^\W\d_]+(?:\u200c[^\W\d_]+)*|\d+(?:[.,/]\d+)*|\S")

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text = text
        self.spans = spans
        self.compact = [compact(text[s:e]) for s, e in spans]
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]  # non-decreasing: tokens do not overlap

    @classmethod
    def of(cls, text: str) -> "Words":
        """Words of a plain string, tokenized without spaCy (for tests and small phrases)."""
        return cls(text, [m.span() for m in cls._TOKEN.finditer(text)])

    def __len__(self) -> int:
        return len(self.spans)

    def start(self, i: int) -> int:
        return self.spans[i][0]

    def end(self, j: int) -> int:
        """Character end of the word before index j (j is an end index)."""
        return self.spans[j - 1][1]

    def index_at_or_after(self, offset: int) -> int:
        return bisect.bisect_left(self._starts, offset)

    def index_before(self, offset: int) -> int:
        """Index after the last word ending at or before offset."""
        return bisect.bisect_right(self._ends, offset)
