"""Organizations: «شرکت شهرک‌های صنعتی استان قم», «سازمان صنعت، معدن و تجارت استان قم», «مرکز ملی
فرش», «معاونت صنایع کوچک وزارت صنایع و معادن ایران», «اتحادیه تولیدکنندگان پوشاک قم».

A name starts at a head word (``data/org_heads.tsv``: شرکت، سازمان، مرکز، اتحادیه، معاونت، وزارت،
اداره کل ...) and runs over the words that follow, until

* a word that cannot be part of a name (a preposition, a verb, a pronoun: ``data/name_stops.txt``);
* punctuation, except where a known body's name holds a comma or «و» («صنعت، معدن و تجارت»,
  ``data/org_compounds.txt``);
* a place (``extractors.places``: «استان قم», «محلات», «ایران»), which closes a name;
* «و», unless what follows it is more of the same name: words that reach a place or «ایران» without
  a stop or a new head («سازمان صنایع کوچک و شهرک های صنعتی ایران»).

A head right after a name's words (no «و» or comma between) continues it: «معاونت صنایع کوچک وزارت
...» is one name. A name may break across a line when the line ends inside it. A name is kept when
it is specific: it has a place, «ایران»/«کشور»/«ملی», a Latin acronym (UNIDO), or three words after
the head; «شرکت‌های مشاوره‌ای», «این سازمان», «شرکت شهرک‌های صنعتی استان‌ها» are not names.
News pages glue words and abbreviate: a glued preposition or a participle ends a name (بعنوان،
درجلسه، داشته: ``data/name_stops.txt``); a compound whose words the text glues («وشهرکهای») is
written as the body's name; a courtesy word (محترم: ``data/honorifics.txt``) is left out; an
abbreviation is written out (``data/abbreviations.tsv``: سازمان صمت -> سازمان صنعت، معدن و تجارت;
ایمیدرو on its own); a few national bodies are known by a short name (``data/org_known.tsv``:
صندوق کارآفرینی امید; «سازمان صنایع کوچک» is recorded under its full name); a name ending in a bare
«استان» takes the province the document is about, and «استان» without a place ends a name («شرکت
شهرک‌های صنعتی استان بخش خوشه‌ها»); a place the text glues (آذربایجانشرقی) is written as the
gazetteer spells it; a head before a facility's word (مرکز فروش، مرکز استان: ``data/org_not_names.txt``)
names no organization; a head after a number («۵ شرکت شهرک‌های صنعتی
کشور») counts bodies and names none; a name the page cuts off is not read. Officials name their
organization too: «استاندار مرکزی» gives «استانداری مرکزی», «مدیرکل ...» an
«اداره کل ...» (``alignment="derived"``). A plural head shared by two names («سازمان‌های صنعت، معدن و
تجارت و جهاد کشاورزی استان زنجان») gives both, each with the shared place.
"""
from __future__ import annotations

import functools
import re

from extractors import lexicon, places, register

_L = lexicon.LETTER
_SP = "[ \u200c]*"
_WORD = re.compile(r"[\w\u200c]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z&.\-]{1,15}")
_COUNTRY = {"ایران", "کشور", "ملی", "اسلامی"}
MAX_WORDS = 12


@functools.lru_cache(maxsize=None)
def _whole() -> frozenset[str]:
    """Heads a place may follow at once (استانداری مرکزی)."""
    return frozenset(lexicon.compact(r[0]) for r in lexicon.rows("org_heads.tsv") if len(r) > 3 and r[3] == "whole")


@functools.lru_cache(maxsize=None)
def _heads() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(singular spelling -> head, plural spelling -> head, title -> organization head)"""
    singular, plural, titles = {}, {}, {}
    for row in lexicon.rows("org_heads.tsv"):
        head = row[0]
        plurals = row[1] if len(row) > 1 else ""
        title_of = row[2] if len(row) > 2 else ""
        if title_of:
            titles[head] = title_of
        else:
            singular[head] = head
        for p in plurals.split(";"):
            if p.strip():
                plural[p.strip()] = head
    return singular, plural, titles


@functools.lru_cache(maxsize=None)
def _head_regex() -> re.Pattern:
    singular, plural, titles = _heads()
    alt = lexicon.alternation(list(singular) + list(plural) + list(titles))
    return re.compile(rf"(?<!{_L}){alt}(?!{_L})")


@functools.lru_cache(maxsize=None)
def _compound_regex() -> re.Pattern:
    parts = []
    for c in lexicon.words("org_compounds.txt"):
        pieces = [lexicon.loose(p) for p in re.split(r"\s*[،,]\s*", c)]
        parts.append(f"{_SP}[،,]{_SP}".join(pieces))
    parts.sort(key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(parts)})(?!{_L})")


@functools.lru_cache(maxsize=None)
def _compound_spelling() -> dict[str, str]:
    """compact form (no spaces, ZWNJ or commas) of a compound -> its spelling in the data file, so
    that «وشهرکهای» or «فرهنگی ،صنایع دستی وگردشگری» is written out as the body's name."""
    out: dict[str, str] = {}
    for c in lexicon.words("org_compounds.txt"):  # the first spelling listed is the body's own
        out.setdefault(re.sub(r"[،,]", "", lexicon.compact(c)), c)
    return out


def _pieces(text: str) -> list[str]:
    return re.findall(r"[^\s\u200c،,]+", text)


def _spelled(written: str) -> str:
    """The data file's spelling of a compound when the text glues its words («وشهرکهای»,
    «وگردشگری»); the text's own spelling otherwise (شهرک‌های and شهرک های are both fine)."""
    canonical = _compound_spelling().get(re.sub(r"[،,]", "", lexicon.compact(written)), written)
    return canonical if _pieces(canonical) != _pieces(written) else written


@functools.lru_cache(maxsize=None)
def _honorifics() -> frozenset[str]:
    return frozenset(lexicon.compact(w) for w in lexicon.words("honorifics.txt"))


@functools.lru_cache(maxsize=None)
def _abbreviations() -> dict[str, tuple[str, str]]:
    """abbreviation (compact) -> (full form, kind: part | whole)"""
    return {lexicon.compact(a): (full, kind) for a, full, kind in lexicon.rows("abbreviations.tsv")}


@functools.lru_cache(maxsize=None)
def _known() -> dict[str, str]:
    """compact short name -> the name to record (itself, or the body's full name)"""
    return {lexicon.compact(r[0]): (r[1] if len(r) > 1 and r[1] else r[0]) for r in lexicon.rows("org_known.tsv")}


@functools.lru_cache(maxsize=None)
def _stops() -> frozenset[str]:
    return frozenset(lexicon.compact(w) for w in lexicon.words("name_stops.txt")) | {"هر", "خود", "ها", "های", "دیگر", "مربوطه", "مذکور", "یاد"}


_VERBS = frozenset({"شد", "شود", "شوند", "شده", "شدند", "گردید", "گردد", "گردند", "کرد", "کند", "کنند", "کرده",
                    "نمود", "نماید", "نمایند", "نموده", "داد", "دهد", "دهند", "یافت", "یابد", "است", "باشد"})


# nouns of compound verbs (برگزار شد، امضا شد) that may follow a name: «... با صندوق کارآفرینی امید امضا شد»
_VERB_NOUNS = frozenset({"برگزار", "منعقد", "اعلام", "آغاز", "تشکیل", "امضا", "امضاء", "ابلاغ", "صادر", "واگذار",
                         "منتشر", "تصویب", "افتتاح"})


_NUMBERED = frozenset({"شماره", "منطقه", "ناحیه", "فاز"})  # words a name may carry a number after


def _is_verb_noun(word: str) -> bool:
    from extractors.strategies import heads

    return lexicon.compact(word) in heads() or lexicon.compact(word) in _VERB_NOUNS


def _is_stop(word: str) -> bool:
    w = lexicon.compact(word)
    return w in _stops() or lexicon.is_verb(word)


def _is_head(text: str, pos: int) -> re.Match | None:
    return _head_regex().match(text, pos)


def _place_at(text: str, pos: int, after_marker: bool) -> int | None:
    """End of a place name starting at pos («استان قم», «قم», «خراسان رضوی»), or None."""
    m = re.match(rf"(?:استان|شهرستان|شهر){_SP}", text[pos:pos + 12])
    start = pos + m.end() if m else pos
    for p in places.find_places(text[start:start + 40], include_weak_at={0}):
        if p.start != 0:
            continue
        if p.strength == "ambiguous" and not (m or after_marker):
            continue
        return start + p.end
    return None


def _spell_place(text: str, start: int, end: int, sc: "_Scan") -> None:
    """A place the text glues («آذربایجانشرقی») is written as the gazetteer spells it."""
    m = re.match(rf"(?:استان|شهرستان|شهر){_SP}", text[start:end])
    at = start + (m.end() if m else 0)
    hit = places.lookup(text[at:end])
    if hit and _pieces(hit[0]) != _pieces(text[at:end]):
        sc.rewrites.append((at, end, hit[0]))


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \u200c":
        pos += 1
    return pos


class _Scan:
    def __init__(self, text: str, start: int, limit: int):
        self.text, self.pos, self.limit = text, start, limit
        self.words: list[tuple[int, int]] = []
        self.place = False
        self.country = False
        self.latin = False
        self.end = start
        self.rewrites: list[tuple[int, int, str]] = []  # spans written otherwise in the value
        self.abbreviated = False


def scan_name(text: str, after_head: int, line_end: int, allow_break: bool = True, whole: bool = False) -> _Scan:
    """Read a name's complement from ``after_head``: the words, where it ends, what it holds.

    ``whole``: the head is a whole name, so a place may follow it at once (استانداری قم).
    """
    limit = line_end
    sc = _Scan(text, after_head, limit)
    pos = after_head
    while len(sc.words) < MAX_WORDS:
        pos = _skip_space(text, pos, sc.limit)
        if pos >= sc.limit:
            # a name broken across a line: the next line goes on with a place («استان قم»)
            if allow_break and sc.limit < len(text) and text[sc.limit] == "\n" and not sc.place:
                nxt = sc.limit + 1
                nxt_end = text.find("\n", nxt)
                nxt_end = len(text) if nxt_end < 0 else nxt_end
                if _place_at(text, nxt, False):
                    sc.limit = nxt_end
                    pos = nxt
                    continue
            break
        cm = _compound_regex().match(text, pos, sc.limit)
        if cm:
            sc.words.append(cm.span())
            if _spelled(cm.group()) != cm.group():
                sc.rewrites.append((cm.start(), cm.end(), _spelled(cm.group())))
            pos = sc.end = cm.end()
            continue
        pe = _place_at(text, pos, False)
        if pe and (sc.words or whole):
            sc.words.append((pos, pe))
            sc.end = pe
            sc.place = True
            _spell_place(text, pos, pe, sc)
            break
        if sc.words and re.match(rf"استان(?!{_L})(?!{_SP}(?:ها|های)(?!{_L}))", text[pos:pos + 12]):
            # «نماینده شرکت شهرک‌های صنعتی استان بخش خوشه‌ها»: «استان» without a place ends the name
            sc.words.append((pos, pos + 5))
            sc.end = pos + 5
            break
        if text[pos] == "(":
            close = text.find(")", pos, min(sc.limit, pos + 30))
            inner = text[pos + 1:close].strip() if close > 0 else ""
            if close > 0 and _LATIN.fullmatch(inner):
                sc.end = close + 1
                sc.latin = True
            break
        lm = _LATIN.match(text, pos)
        if lm and sc.words:
            sc.words.append(lm.span())
            sc.end = lm.end()
            sc.latin = True
            pos = lm.end()
            continue
        wm = _WORD.match(text, pos)
        if not wm:
            break
        word = wm.group()
        if word.isdigit() and not (sc.words and lexicon.compact(text[slice(*sc.words[-1])]) in _NUMBERED):
            break  # a figure ends a name («سازمان ... 25 میلیون تومان»), unless it is a number's («منطقه 3»)
        if lexicon.compact(word) in _honorifics():  # «مدیرکل محترم میراث فرهنگی»: not part of the name
            sc.rewrites.append((wm.start(), wm.end(), ""))
            pos = wm.end()
            continue
        abbreviation = _abbreviations().get(lexicon.compact(word))
        if abbreviation and abbreviation[1] == "part":  # «سازمان صمت»: صنعت، معدن و تجارت
            sc.words.append(wm.span())
            sc.rewrites.append((wm.start(), wm.end(), abbreviation[0]))
            sc.abbreviated = True
            pos = sc.end = wm.end()
            continue
        if _is_stop(word):
            # «... شرکت شهرک‌های صنعتی تشکیل شود»: the noun of a compound verb is not the name's
            if sc.words and lexicon.compact(word) in _VERBS and _is_verb_noun(text[slice(*sc.words[-1])]):
                sc.words.pop()
                sc.end = sc.words[-1][1] if sc.words else sc.pos
            break
        if lexicon.compact(word) == "و":
            if not sc.words or not _continues(text, wm.end(), sc.limit):
                break
            pos = wm.end()
            continue
        if lexicon.compact(word) in _COUNTRY:
            sc.country = True
        sc.words.append(wm.span())
        pos = sc.end = wm.end()
        if lexicon.compact(word) in ("ایران", "کشور"):
            break
    return sc


def _continues(text: str, pos: int, limit: int) -> bool:
    """After «و»: do the next words go on with the same name, up to a place or «ایران»?"""
    for k in range(6):
        pos = _skip_space(text, pos, limit)
        if pos >= limit:
            return False
        head = _is_head(text, pos)
        if head:
            # «معاونت برنامه‌ریزی و توسعه منابع استانداری گیلان»: a unit of a body named
            # whole; a head right after «و» starts a second name («سازمان صمت و استانداری همدان»)
            return (k > 0 and lexicon.compact(head.group()) in _whole()
                    and bool(_place_at(text, _skip_space(text, head.end(), limit), False)))
        if _compound_regex().match(text, pos, limit):
            return True
        if _place_at(text, pos, False):
            return True
        wm = _WORD.match(text, pos)
        if not wm or _is_stop(wm.group()) or lexicon.compact(wm.group()) == "و":
            return False
        if lexicon.compact(wm.group()) in ("ایران", "کشور"):
            return True
        pos = wm.end()
    return False


def _content(text: str, spans) -> list[str]:
    return [w for s, e in spans for w in re.findall(r"[\w\u200c]+", text[s:e])
            if lexicon.compact(w) not in ("و", "های", "ها")]


def _generic(text: str, spans) -> bool:
    joined = " ".join(text[s:e] for s, e in spans)
    return bool(re.search(rf"(?<!{_L})(?:استان{_SP}ها|استانها|هر{_SP}استان)(?!{_L})", joined))


def _specific(sc: _Scan, value: str) -> bool:
    return (sc.place or sc.country or sc.latin or sc.abbreviated or len(_content(sc.text, sc.words)) >= 3
            or lexicon.compact(value) in _known())


def _written(text: str, start: int, end: int, rewrites) -> str:
    """text[start:end] with its rewrites applied (a compound's spelling, an abbreviation's full form,
    an honorific left out), spaces normalized."""
    out, pos = [], start
    for s, e, new in sorted(rewrites):
        if s < start or e > end:
            continue
        out.append(text[pos:s])
        out.append(new)
        pos = e
    out.append(text[pos:end])
    return re.sub(r"\s*،\s*", "، ", " ".join("".join(out).split()))


_COUNTED_HEAD = re.compile(rf"(?:\d|(?<!{_L})(?:دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|چند|برخی|تعدادی)){_SP}$")
_BARE_PROVINCE = re.compile(rf"(?<!{_L})استان$")


@functools.lru_cache(maxsize=None)
def _not_names_regex() -> re.Pattern:
    return re.compile(rf"{lexicon.alternation(lexicon.words('org_not_names.txt'))}(?!{_L})")


def _not_a_name(text: str, pos: int) -> bool:
    return bool(_not_names_regex().match(text, pos))


def _truncated(text: str, sc: _Scan) -> bool:
    """The text stops inside the name: a last word of one letter at the very end («شرکت شهرک‌های صنعتی ا»)."""
    last = text[sc.words[-1][0]:sc.words[-1][1]]
    return len(last) == 1 and last != "و" and not text[sc.end:].strip()


def find_organizations(text: str) -> list[dict]:
    """Organizations in ``text``: dicts with start, end, value, derived."""
    singular, plural, titles = _heads()
    out = []
    taken_until = -1
    province: list = []  # the document's province, found when a name needs it
    for hm in _head_regex().finditer(text):
        if hm.start() < taken_until:
            continue
        written = lexicon.compact(hm.group())
        plural_of = next((h for p, h in plural.items() if lexicon.compact(p) == written), None)
        title_of = next((o for t, o in titles.items() if lexicon.compact(t) == written), None)
        line_end = text.find("\n", hm.end())
        line_end = len(text) if line_end < 0 else line_end
        nxt = _skip_space(text, hm.end(), line_end)
        if title_of and _is_head(text, nxt):
            continue  # «مدیرکل دفتر ...», «استاندار» before a head: the head names it
        if _not_a_name(text, hm.start()):
            continue  # «مرکز فروش ...», «مرکز استان»: a facility or a place
        if _COUNTED_HEAD.search(text, max(0, hm.start() - 12), hm.start()):
            continue  # «معاونان ۵ شرکت شهرک‌های صنعتی کشور»: a count of such bodies, not a name
        sc = scan_name(text, hm.end(), line_end, whole=written in _whole())
        if sc.words and _truncated(text, sc):
            sc.words.pop()
            sc.end = sc.words[-1][1] if sc.words else hm.end()
        if not sc.words or _generic(text, sc.words):
            continue
        if plural_of:
            out.extend(_split_plural(text, hm, plural_of, sc))
            taken_until = sc.end
            continue
        derived = bool(title_of) or bool(sc.rewrites)
        if title_of:
            if not sc.place:
                continue
            value = title_of + " " + _written(text, hm.end(), sc.end, sc.rewrites)
        else:
            value = _written(text, hm.start(), sc.end, sc.rewrites)
        if not _specific(sc, value):
            continue
        full = _known().get(lexicon.compact(value))
        if full and lexicon.compact(full) != lexicon.compact(value):
            value, derived = full, True  # «سازمان صنایع کوچک»: the national body's full name
        if _BARE_PROVINCE.search(value):
            # «شرکت شهرک‌های صنعتی استان»: the province the document is about
            if not province:
                from extractors.clusters import document_province
                province.append(document_province(text))
            if province[0]:
                value, derived = f"{value} {province[0]}", True
        out.append({"start": hm.start(), "end": sc.end, "value": value, "derived": derived})
        taken_until = sc.end
    out.extend(_whole_abbreviations(text, out))
    return sorted(out, key=lambda o: o["start"])


@functools.lru_cache(maxsize=None)
def _whole_regex() -> re.Pattern | None:
    whole = [a for a, (_, kind) in _abbreviations().items() if kind == "whole"]
    return re.compile(rf"(?<!{_L}){lexicon.alternation(whole)}(?!{_L})") if whole else None


def _whole_abbreviations(text: str, found: list[dict]) -> list[dict]:
    """«ایمیدرو», «یونیدو» on their own: the organization they stand for, unless inside a name read already."""
    rx = _whole_regex()
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        if any(o["start"] <= m.start() < o["end"] for o in found):
            continue
        full = _abbreviations()[lexicon.compact(m.group())][0]
        out.append({"start": m.start(), "end": m.end(), "value": full, "derived": True})
    return out


def _split_plural(text: str, hm: re.Match, head: str, sc: _Scan) -> list[dict]:
    """«سازمان‌های صنعت، معدن و تجارت و جهاد کشاورزی استان زنجان» -> two names sharing the place."""
    if not sc.place:
        return []
    place_span = sc.words[-1]
    body = sc.words[:-1]
    if not body:
        return []
    # segments: the compounds are whole; other words group until a «و» in the text between them
    segments: list[list[tuple[int, int]]] = [[]]
    prev_end = None
    for span in body:
        if prev_end is not None and re.search(rf"(?<!{_L})و(?!{_L})", text[prev_end:span[0]]):
            segments.append([])
        segments[-1].append(span)
        prev_end = span[1]
    segments = [s for s in segments if s]
    if len(segments) < 2:
        return []
    place = " ".join(text[place_span[0]:place_span[1]].split())
    return [{"start": hm.start(), "end": sc.end, "derived": True,
             "value": f"{head} " + " ".join(text[seg[0][0]:seg[-1][1]].split()) + f" {place}"} for seg in segments]


@register("fa.organizations", version=4)
def organizations(ctx):
    seen = set()
    for org in find_organizations(ctx.string):
        if ctx.in_furniture(org["start"]) or ctx.in_table(org["start"]):
            continue
        key = (org["value"], org["start"])
        if key in seen:
            continue
        seen.add(key)
        yield ctx.fact("organization", org["value"], org["start"], org["end"],
                       alignment="derived" if org["derived"] else "exact",
                       confidence=0.75 if org["derived"] else 0.85)
