"""A Persian word list with frequencies, a little morphology and word classes, for the repair steps.

Built from what the dependencies ship (see ``build_data.py``): hazm's ``words.dat`` and ``verbs.dat``
and wordfreq's Persian list, merged into ``data/lexicon.tsv.gz``. Loaded once per process
(:func:`load` is cached) in about 0.3 s.

Keys are in "joined" form: Persian letters, no zero-width non-joiner, so «خوشه‌های», «خوشههای» and
the two halves «خوشه» + «های» meet. Inflected forms that are not listed are recognised by stripping
suffixes (ها، های، ترین، ...) and verb affixes (می، ن، ب + stem + ending) down to a listed word or a
verb stem; each affix stripped costs a little in :meth:`Lexicon.zipf`.

>>> lex = load()
>>> lex.is_word("خوشههای"), lex.is_word("مطالبفهرست")
(True, False)
"""
from __future__ import annotations

import functools
import gzip
import os
import re

from pipeline.textutil import ZWNJ

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

# nominal suffixes, longest first; stripped from the end of a word to find a listed base
NOUN_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر", "یی", "ای", "ان", "ات", "ی", "ام", "اش", "ش",
                 "مان", "تان", "شان", "م", "ت", "ین")
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {}
for _suf in NOUN_SUFFIXES:
    _SUFFIXES_BY_LAST[_suf[-1]] = _SUFFIXES_BY_LAST.get(_suf[-1], ()) + (_suf,)
VERB_ENDINGS = ("یم", "ید", "ند", "م", "ی", "د", "")
PERFECT_ENDINGS = ("ام", "ای", "است", "ایم", "اید", "اند", "")
VERB_PREFIXES = ("نمی", "می", "ن", "ب", "")
# letters that do not join to the next one: a word can be cut after them without a visible change
NON_JOINING = set("اآأإدذرزژو")

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")


def joined(word: str) -> str:
    """The lookup key: no ZWNJ (nor the other zero-width marks)."""
    return word.replace(ZWNJ, "").replace("\u200d", "")


class Lexicon:
    def __init__(self, words: dict[str, float], tags: dict[str, str], spelled: dict[str, str],
                 past: set[str], present: set[str], classes: dict[str, str]):
        self.words = words          # joined form -> zipf
        self.tags = tags            # joined form -> hazm tags ("N,AJ")
        self.spelled = spelled      # joined form -> listed spelling with ZWNJ, where it has one
        self.past = past
        self.present = present
        self.classes = classes      # closed-class words -> class name
        self._cache: dict[str, float] = {}
        # every verb form the stems make, as the rules below read them (built once, at load: a
        # membership test instead of trying each prefix and ending)
        self._verb_forms = frozenset(_verb_forms(past, present))
        self._finite_forms = frozenset(_finite_forms(past, present))
        # what other modules derive from a word and this lexicon alone (how a glued token can be
        # cut, ...): one table per kind, kept for the life of the process
        self.memo: dict[str, dict] = {}

    # -- frequencies ---------------------------------------------------------------------------
    def listed(self, word: str) -> float:
        """Zipf of the word if it is listed as is (after joining), else 0."""
        return self.words.get(joined(word), 0.0)

    def zipf(self, word: str) -> float:
        """Zipf frequency estimate (0 = not a word): listed, or recognised by its affixes."""
        z = self._cache.get(word)  # (keys are joined: a word found as written needed no joining)
        if z is not None:
            return z
        key = joined(word)
        z = self._cache.get(key)
        if z is None:
            z = self._estimate(key)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = z
        return z

    def is_word(self, word: str, min_zipf: float = 0.5) -> bool:
        return self.zipf(word) >= min_zipf

    def _estimate(self, key: str) -> float:
        if not key:
            return 0.0
        z = self.words.get(key, 0.0)
        if z >= 3.0 or not _ARABIC.search(key):
            return z
        best = z
        # verb forms: prefix + stem + ending
        if key in self._verb_forms and 3.0 > best:
            best = 3.0
        # nominal inflection: base + one or two suffixes (only the suffixes that end with the
        # word's last letter can match)
        for suf in _SUFFIXES_BY_LAST.get(key[-1], ()):
            if key.endswith(suf) and len(key) - len(suf) >= 2:
                base = key[: -len(suf)]
                if self.classes.get(base) or base in self._finite_forms:
                    continue  # «هستندهای», «راها»: no nominal suffix on a verb or a function word
                if suf in ("ای", "یی") and base[-1] not in "هاوی":
                    continue  # «خوشه‌ای», «دانشجویی»; after a consonant it is «ی» («کشوری»)
                bz = self.words.get(base, 0.0)
                if bz < 1.0:
                    for suf2 in _SUFFIXES_BY_LAST.get(base[-1], ()):
                        if base.endswith(suf2) and len(base) - len(suf2) >= 2:
                            base2 = base[: -len(suf2)]
                            if self.classes.get(base2) or base2 in self._finite_forms:
                                continue
                            b2 = self.words.get(base2, 0.0)
                            if b2 >= 2.0:
                                bz = max(bz, b2 - 1.0)
                if bz >= 1.0:
                    best = max(best, bz - 1.5)
        return best

    def _is_finite_verb(self, key: str) -> bool:
        """A conjugated form: (prefix +) present or past stem + personal ending («کنند», «نمایند», «شد»)."""
        return key in self._finite_forms

    def _verb_zipf(self, key: str) -> float:
        """3.0 for a verb form (prefix + stem + ending, a participle, a perfect), else 0.0."""
        return 3.0 if key in self._verb_forms else 0.0

    # the rules the two tables above are built from (kept to check them against)
    def _is_finite_verb_by_rules(self, key: str) -> bool:
        for pre in VERB_PREFIXES:
            if not key.startswith(pre):
                continue
            rest = key[len(pre):]
            for end in ("ند", "ید", "یم", "د"):
                if rest.endswith(end) and len(rest) > len(end):
                    stem = rest[: -len(end)]
                    if stem in self.present or (stem in self.past and end != "د"):
                        return True
            if pre and rest in self.past:
                return True
        return False

    def _verb_zipf_by_rules(self, key: str) -> float:
        for pre in VERB_PREFIXES:
            if not key.startswith(pre):
                continue
            rest = key[len(pre):]
            if len(rest) < 2:
                continue
            for end in VERB_ENDINGS:
                stem = rest[: len(rest) - len(end)] if end else rest
                if end and not rest.endswith(end):
                    continue
                if len(stem) < 1:
                    continue
                if stem in self.present and pre in ("می", "نمی", "ب", "ن") and end:
                    return 3.0
                if stem in self.past and (end or pre):
                    return 3.0
                if stem in self.past and not pre and not end:
                    return 3.0
            # past participle and perfect: stem + ه (+ ام/است/...)
            for end in PERFECT_ENDINGS:
                if end and not rest.endswith(end):
                    continue
                body = rest[: len(rest) - len(end)] if end else rest
                if body.endswith("ه") and body[:-1] in self.past:
                    return 3.0
        return 0.0

    # -- classes -------------------------------------------------------------------------------
    def word_class(self, word: str) -> str:
        """A coarse class for the order model: closed-class words by name, else by form and tags."""
        w = joined(word)
        c = self.classes.get(w)
        if c:
            return c
        if not w:
            return "PUNCT"
        if w[0].isdigit() or w[-1].isdigit():
            return "NUM"
        if not _ARABIC.search(w):
            return "LATIN" if _LATIN.search(w) else "PUNCT"
        if w.startswith(("می", "نمی")) and len(w) > 3 and w in self._verb_forms:
            return "VERB"
        if (w in self._finite_forms or w in self.past) and not self.tags.get(w, "").startswith(("N", "AJ")):
            return "VERB"
        tags = self.tags.get(w, "")
        if tags:
            first = tags.split(",")[0]
            if first in ("AJ",):
                return "ADJ"
            if first == "ADV":
                return "ADV"
            if first in ("P",):
                return "PREP"
        if w.endswith(("ها", "های", "هایی")) and len(w) > 4:
            return "PL"
        if w.endswith("ه") and w[:-1] in self.past:
            return "PART"
        return "N"

    def verb_like(self, word: str) -> bool:
        w = joined(word)
        return self._verb_zipf(w) > 0 and self.words.get(w, 0.0) < 4.0 or self.classes.get(w) == "COP"


def _verb_forms(past: set[str], present: set[str]):
    """The keys :meth:`Lexicon._verb_zipf_by_rules` gives 3.0: prefix + stem + ending where the part
    after the prefix has two letters or more; a present stem takes a prefix and an ending, a past
    stem anything; a past participle «stem + ه» any perfect ending."""
    for pre in VERB_PREFIXES:
        for end in VERB_ENDINGS:
            if end and pre in ("می", "نمی", "ب", "ن"):
                for stem in present:
                    if len(stem) + len(end) >= 2:
                        yield pre + stem + end
            for stem in past:
                if len(stem) + len(end) >= 2:
                    yield pre + stem + end
        for end in PERFECT_ENDINGS:
            for stem in past:
                yield pre + stem + "ه" + end


def _finite_forms(past: set[str], present: set[str]):
    """The keys :meth:`Lexicon._is_finite_verb_by_rules` accepts."""
    for pre in VERB_PREFIXES:
        for end in ("ند", "ید", "یم", "د"):
            for stem in present:
                yield pre + stem + end
            if end != "د":
                for stem in past:
                    yield pre + stem + end
        if pre:
            for stem in past:
                yield pre + stem


def _read_lexicon():
    words: dict[str, float] = {}
    tags: dict[str, str] = {}
    spelled: dict[str, str] = {}
    with gzip.open(os.path.join(DATA, "lexicon.tsv.gz"), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            word, z = parts[0], float(parts[1])
            key = joined(word)
            if " " in key:
                continue
            if z > words.get(key, -1.0):
                words[key] = z
                if key != word:
                    spelled[key] = word
                elif key in spelled and z > 2.5:
                    del spelled[key]  # the joined spelling is the common one
            if len(parts) > 2 and parts[2]:
                tags.setdefault(key, parts[2])
    return words, tags, spelled


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """A hand-written list in ``data/`` (one entry a line, ``#`` comments), longest first: the order
    a prefix or suffix test wants."""
    with open(os.path.join(DATA, name), encoding="utf-8") as fh:
        words = [ln.strip() for ln in fh if ln.strip() and not ln.startswith("#")]
    return tuple(sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    words, tags, spelled = _read_lexicon()
    past, present = set(), set()
    with open(os.path.join(DATA, "verbs.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            p, r = line.rstrip("\n").split("\t")
            if p:
                past.add(p)
            if r:
                present.add(r)
    classes = {}
    with open(os.path.join(DATA, "function_words.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            w, c = line.rstrip("\n").split("\t")
            classes[w] = c
    return Lexicon(words, tags, spelled, past, present, classes)
