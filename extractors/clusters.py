"""Which clusters a document speaks of: «خوشه …» names, their product, city and province.

A mention is «خوشه» (not خوشه‌ها/خوشه‌ای, the concept) followed by its product and usually a place:
«خوشه فرش دستباف قم», «خوشه گل و گیاهان زینتی محلات», «عامل توسعه خوشه فرش استان زنجان». The
name runs until a word that cannot belong to it (a preposition, a verb: ``data/name_stops.txt``),
punctuation, or the first place (``extractors.places``); without a place it stops before «و»
unless the line is the name alone (a title, a list item). Leading words that say what kind of
cluster it is (صنعت، صنعتی، کسب و کار) are not the product; a mention with nothing else is the
concept, not a cluster.

News name clusters in more shapes. A count or a plural before a list gives one cluster per item:
«4 خوشه صنعتی A P1، B P2، C P3 و D P4» (a place then «و» ends an item; with a count, the first «و»
of an item without a place splits it: «دو خوشه زعفران و پسته در استان ...», whose place comes
after the list), «خوشه‌های A P1، B P2 و C P3» (items named with their places), «خوشه‌های گلیم،
فرش و عسل در حال توسعه هستند» (without places, before a stage of the programme). A kind word
glued to the product is cut off («صنعتیسفال» -> سفال); «خوشه ی چرم» is the ezafe written apart; a
comma may stand inside one name that reaches its place («خوشه گلیم، جاجیم و ورنی اردبیل»). A
mention without a place counts although named once when the words around say it is a cluster
(``data/cluster_cues.tsv``: «عامل توسعه خوشه X», «راه‌اندازی خوشه X», «خوشه X در حال اجرا است»;
two names joined by «و» share it), and a headline may name one without «خوشه» before it («سفال
لالجین در یک قدمی خوشه شدن»). The noun of a compound verb after a name is not the product's
(«خوشه کاشی راه‌اندازی شد»), nor is a number word («خوشه سه ساله»); an organization's head ends a
name («عامل توسعه خوشه مس شرکت شهرک‌های صنعتی زنجان»), and so does the product's word said again
(«خوشه صنعتی انار بازار فروش انار استان مرکزی» is «خوشه انار»). A stage of the programme later in
the name's clause («... تا کنون در سه استان اجرا شده است») cues it too. A plural with a single
item is a cluster when the item has its place («خوشه‌های صنعتی زعفران استان خراسان جنوبی»); a product of
vague words only (محصولات: ``data/cluster_vague.txt``) is none.

Mentions are merged within a document: a short mention («خوشه پوشاک», «خوشه فرش») joins the named
cluster whose product starts with the same words; a cluster named without a place takes the
province the document is about (the one it names most). A mention without a place that is not a
title or list item, not listed and not cued, is not taken as a cluster (too easily a common noun).
A cluster is named by its most specific product among its mentions with a place or in a title
(words after a name in running text may be the rest of the sentence).

The **display name** is «خوشه <product> <city or province>», with spelling variants of the
product folded (``data/product_synonyms.tsv``: دست بافت -> دستباف) and «استان»/«صنعت» dropped.
The **key** (the ``clusters`` row, :func:`cluster_key`) is the product's lemma and the province:
plural and activity endings cut, a kind word at the head and a word that restates the usual sense
left out (``data/product_lemmas.tsv``: چاقوسازی -> چاقو, گیاهان -> گیاه, قالی -> فرش, فرش
دستباف -> فرش), a city counted for its province. So «خوشه چاقو زنجان» and «خوشه چاقوسازی استان
زنجان» are one row (which keeps the shorter of its names: ``pipeline.store.load``). The whole product counts, not its head:
«فرش ماشینی» and «چاقوی آشپزخانه» are other products than «فرش» and «چاقو». A document naming one
product's clusters in two cities of one province (فرش کاشان، فرش نائین) keeps them apart by city.

The **main** cluster is the one named most (a title line counts double), when it is named at least
twice or in a title; a document about the programme at large has none.

Facts: ``cluster`` (one per cluster, at its first full mention) and ``cluster_priority`` (an
enumerated list under a heading about priorities: «اولویت بندی خوشه های صنعتی استان زنجان:» then
«1- خوشه روی», ...), with ``rank``.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from extractors import lexicon, places, register

_L = lexicon.LETTER
_SP = "[ \u200c]*"
# «خوشه» but not «خوشه‌ها/خوشه‌های/خوشه‌ای» (the concept); «خوشه ی چرم» is the ezafe written apart
_MENTION = re.compile(rf"(?<!{_L})خوشه(?!{_L})(?![ \u200c]*(?:ها|های|هایی|ای)(?!{_L}))")
_ENUM = re.compile(r"^[ \t]*(?:[-•*▪■●◦]|\(?(\d{1,2})[\-–.)]|(\d{1,2})\s*[-–])[ \t]*")
_PRIORITY_HEAD = re.compile(rf"اولویت|الویت|(?<!{_L})(?:برتر|رتبه{_SP}بندی)(?!{_L})")


@dataclass
class Mention:
    start: int            # of «خوشه»
    end: int              # end of the name
    written: str          # «خوشه صنعت فرش (دست بافت)»
    product: str          # as written, without the generic words and the place
    key: str              # compact canonical product
    place: places.Place | None
    alone: bool           # the line holds only this name (a title, a list item)
    cluster: str = ""     # canonical name, once resolved
    sure: bool = False    # a cluster although unplaced and named once: listed, or the words around say so
    listed: bool = False  # one item of a list of clusters («4 خوشه A، B، C و D»)


@dataclass
class ClusterInfo:
    name: str
    product: str
    city: str | None
    province: str | None
    key: str
    mentions: list[Mention] = field(default_factory=list)
    main: bool = False
    score: float = 0.0
    ident: str = ""             # the ``clusters`` row key: product lemma and province (see cluster_key)
    by_city: bool = False       # one of two clusters of its product in two cities of one province


@dataclass
class Found:
    clusters: list[ClusterInfo]
    mentions: list[Mention]
    province: str | None

    @property
    def main(self) -> ClusterInfo | None:
        return next((c for c in self.clusters if c.main), None)


@functools.lru_cache(maxsize=None)
def _stops() -> frozenset[str]:
    return frozenset(lexicon.compact(w) for w in lexicon.words("name_stops.txt"))


@functools.lru_cache(maxsize=None)
def _generic() -> frozenset[str]:
    return frozenset(lexicon.compact(w) for w in lexicon.words("cluster_generic.txt"))


@functools.lru_cache(maxsize=None)
def _vague() -> frozenset[str]:
    return frozenset(lexicon.compact(w) for w in lexicon.words("cluster_vague.txt"))


@functools.lru_cache(maxsize=None)
def _synonyms() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(rf"(?<!{_L}){lexicon.loose(a)}(?!{_L})"), b) for a, b in lexicon.rows("product_synonyms.tsv")]


def canonical_product(product: str) -> str:
    """Product words with brackets removed and spelling variants folded: «فرش (دست بافت)» -> «فرش دستباف»."""
    p = re.sub(r"[()«»\[\]\"'.:،,]", " ", product)
    for rx, canon in _synonyms():
        p = rx.sub(canon, p)
    return " ".join(p.split())


@functools.lru_cache(maxsize=None)
def _lemma_rules() -> tuple[tuple[str, ...], dict[str, str], frozenset[str], frozenset[str]]:
    """(endings longest first, word -> lemma, words dropped, kind words dropped at the head) from
    ``data/product_lemmas.tsv``."""
    rows = lexicon.rows("product_lemmas.tsv")
    endings = tuple(sorted({lexicon.compact(r[1]) for r in rows if r[0] in ("suffix", "plural")}, key=len, reverse=True))
    mapping = {lexicon.compact(r[1]): lexicon.compact(r[2]) for r in rows if r[0] == "word"}
    drop = frozenset(lexicon.compact(r[1]) for r in rows if r[0] == "drop")
    lead = frozenset(lexicon.compact(r[1]) for r in rows if r[0] == "lead")
    return endings, mapping, drop, lead


def _word_lemma(word: str) -> str:
    endings, mapping, _, _ = _lemma_rules()
    w = mapping.get(word.replace("ئی", "یی"), word.replace("ئی", "یی"))
    if len(w) >= 3 and w.endswith(("ای", "وی")):
        w = w[:-1]  # the ezafe after a vowel: «خرمای جهرم», «چاقوی زنجان»
    while True:
        cut = next((e for e in endings if w.endswith(e) and len(w) - len(e) >= 2), None)
        if cut is None:
            return w
        w = mapping.get(w[:-len(cut)], w[:-len(cut)])


def product_lemma(product: str) -> str:
    """The product reduced to what identifies it across documents: spelling variants folded, plural
    and activity endings cut (چاقوسازی -> چاقو, گیاهان دارویی -> گیاه دارویی, سنگ‌های -> سنگ), a
    leading kind word (صنعت) and a word that restates the usual sense (دستباف) left out, the
    ezafe after a vowel dropped (خرمای -> خرما). Words are compacted (no space or ZWNJ inside).

    >>> product_lemma("چاقوسازی") == product_lemma("چاقوی") == "چاقو"
    True
    """
    endings, _, drop, lead = _lemma_rules()
    words: list[str] = []
    for w in (lexicon.compact(x) for x in canonical_product(product).split()):
        if words and w in endings and words[-1] != "و":
            words[-1] += w  # «جاجیم بافی», «سنگ های»: the ending written apart
        else:
            words.append(w)
    lemmas = [_word_lemma(w) for w in words]
    while len(lemmas) > 1 and lemmas[0] in lead:
        lemmas.pop(0)
    kept = [w for w in lemmas if w not in drop]
    return " ".join(kept or lemmas)


def parse_name(name: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(product, city, province, row key) of a cluster's name given on its own, as a table's row
    gives it («خوشه چاقو و ابزار برش زنجان»): read as a title line by :func:`identify`, else the place
    that ends it and the words between «خوشه» and that place. The key is the one :func:`identify`
    would give, so a table's cluster and the same cluster named in prose are one row."""
    found = [c for c in identify(name).clusters]
    if len(found) == 1:
        c = found[0]
        return c.product, c.city, c.province, c.ident or None
    words = name.split()
    start = 1 if words and lexicon.compact(words[0]) == "خوشه" else 0
    head_end = len(" ".join(words[:start])) + (1 if start else 0)
    place = places.place_ending(name, head_end, len(name))
    product = name[head_end:place.start if place else len(name)].strip(" ،,-") or None
    if not product:
        return None, None, None, None
    city = place.name if place and place.kind == "city" else None
    province = place.province if place else None
    return product, city, province, cluster_key(product, province)


def cluster_key(product: str, province: str | None, city: str | None = None) -> str:
    """The ``clusters`` row key: the product's lemma and the province (a city counts for its
    province, so «خوشه فرش تبریز» and «خوشه فرش آذربایجان شرقی» are one row). ``city`` is given only
    to keep apart two clusters of one product in two cities of a province named in one document."""
    from pipeline.textutil import canonical_key

    return canonical_key(" ".join(x for x in ("خوشه", product_lemma(product), province or "", city or "") if x))


def _is_number_word(word: str) -> bool:
    from extractors.numparse import _words

    return lexicon.compact(word) in _words()


@functools.lru_cache(maxsize=None)
def _org_heads() -> frozenset[str]:
    heads = set()
    for row in lexicon.rows("org_heads.tsv"):
        heads.add(lexicon.compact(row[0]))
        heads.update(lexicon.compact(p) for p in (row[1] if len(row) > 1 else "").split(";") if p.strip())
    return frozenset(h for h in heads if " " not in h)


def is_stop(word: str) -> bool:
    """A word that ends a name: a preposition, a verb, or the head of an organization's name
    («عامل توسعه خوشه مس شرکت شهرک‌های صنعتی زنجان»)."""
    w = lexicon.compact(word)
    return w in _stops() or lexicon.is_verb(word) or w in _org_heads()


_WORD = re.compile(r"\([^()\n]{1,40}\)|[\w\u200c]+")


def _read_name(text: str, pos: int, line_end: int, title: bool) -> tuple[int, list[tuple[int, int]]]:
    """Words of a name starting at ``pos`` (after «خوشه»): their spans, up to 9 words."""
    spans: list[tuple[int, int]] = []
    i = pos
    while len(spans) < 9:
        m = _WORD.match(text, i) if i < line_end else None
        gap = text[i:m.start()] if m else ""
        if m is None or gap.strip(" \u200c") or m.end() > line_end:
            # a space then the next word: skip the space
            j = i
            while j < line_end and text[j] in " \u200c":
                j += 1
            if j == i or j >= line_end:
                break
            i = j
            continue
        w = m.group()
        if not w.startswith("(") and (is_stop(w) or w[0].isdigit() or _is_number_word(w)):
            break  # «خوشه سفال لالجین ۴۰۰ کارگاه دارد», «خوشه سه ساله»: a number starts the rest
        spans.append(m.span())
        i = m.end()
    return i, spans


def _place_within(text: str, spans: list[tuple[int, int]], first_ok: bool = False) -> tuple[places.Place | None, int]:
    """The first place among a name's words (weak names accepted) and how many words the name keeps.

    The first word is a place only with ``first_ok`` (a cluster is named by its product first).
    """
    for k in range(len(spans)):
        found = [p for p in places.find_places(text[spans[k][0]:spans[k][1]], include_weak_at={0})
                 if p.start == 0 and p.end == spans[k][1] - spans[k][0]]
        # a three-word place (کهگیلویه و بویراحمد، سیستان و بلوچستان), with «استان» before it or not
        for width in (4, 3):
            if k + width - 1 < len(spans):
                long = places.place_ending(text, spans[k][0], spans[k + width - 1][1])
                if long and long.start == spans[k][0] and (k > 0 or first_ok):
                    return long, k + width
        # a two-word place (خراسان رضوی، بندر عباس) or «استان X» over two words
        if k + 1 < len(spans):
            two = places.place_ending(text, spans[k][0], spans[k + 1][1])
            if two and two.start == spans[k][0] and (k > 0 or first_ok):
                return two, k + 2
        if found and (k > 0 or first_ok):
            p = found[0]
            return places.Place(spans[k][0], spans[k][1], p.name, p.kind, p.province, p.strength), k + 1
    return None, len(spans)


def _unglue_generic(word: str) -> str:
    """«صنعتیسفال» -> «سفال»: a kind word the page glued to the product (no space after صنعتی)."""
    key = lexicon.compact(word)
    for g in sorted(_generic(), key=len, reverse=True):
        if len(g) >= 5 and key.startswith(g) and len(key) - len(g) >= 3:
            rest = word[len(word) - (len(key) - len(g)):]
            return "" if lexicon.compact(rest) in _generic() else rest
    return word


def _product_words(words: list[str]) -> list[str] | None:
    """The product among a name's words without the kind words (صنعتی، کسب و کار); None if not a product."""
    words = list(words)
    if words and lexicon.compact(words[0]) == "و":
        return None  # «عامل توسعه خوشه و انجمن ...»: خوشه ended before و
    while words:
        if lexicon.compact(words[0].strip("()")) in _generic() and lexicon.compact(words[0]) != "و":
            words.pop(0)
            if len(words) > 1 and lexicon.compact(words[0]) == "و" and lexicon.compact(words[1]) == "کار":
                del words[:2]  # «خوشه کسب و کار فرش ...»
            continue
        unglued = _unglue_generic(words[0])
        if unglued != words[0]:
            words[0:1] = [unglued] if unglued else []
            continue
        break
    marker = next((k for k, w in enumerate(words) if k > 0 and lexicon.compact(w) in ("استان", "شهرستان")), None)
    if marker is not None:
        del words[marker:]  # «خوشه خرمای استان گزارشی کامل ...»: «استان» without its place ends it
    while words and lexicon.compact(words[-1]) in ("و", "استان", "شهرستان", "شهر", "،", "-"):
        words.pop()
    if not words or all(lexicon.compact(w.strip("()")) in _generic() | _vague() for w in words):
        return None  # only kind words, or only «محصولات»: no product named
    if any(re.search(r"[A-Za-z]", w) for w in words):
        return None  # a Latin word in a Persian product is a broken text layer («خوشه JS محلات»)
    if _begins_activity(words):
        return None  # «خوشه رفع نقاط فشار», «خوشه شناسایی ...»: a deed done to the cluster, not a product
    return words


def _mention(text: str, start: int, spans, place, alone: bool, sure: bool) -> Mention | None:
    product_spans = [sp for sp in spans if not (place and sp[0] >= place.start)]
    words = _product_words([text[a:b] for a, b in product_spans])
    if words is None:
        return None
    product = " ".join(words).replace(" ،", "،")
    end = spans[-1][1]
    return Mention(start, end, text[start:end], product, lexicon.compact(canonical_product(product)), place,
                   alone, sure=sure)


@functools.lru_cache(maxsize=None)
def _cues() -> tuple[re.Pattern | None, re.Pattern | None, list[re.Pattern]]:
    """(cue right before «خوشه», stage words right after a name, headline phrases) from the data."""
    rows = lexicon.rows("cluster_cues.tsv")
    before = [r[1] for r in rows if r[0] == "before"]
    after = [r[1] for r in rows if r[0] == "after"]
    phrases = [re.compile(r[1]) for r in rows if r[0] == "phrase"]
    return (re.compile(rf"(?<!{_L})(?:{'|'.join(before)}){_SP}$") if before else None,
            re.compile(rf"^{_SP}(?:{'|'.join(after)})") if after else None, phrases)


def _cued(text: str, start: int, end: int) -> bool:
    """«عامل توسعه خوشه مس», «خوشه چرم در حال اجرا است»: the words around say it is a cluster."""
    before, after, _ = _cues()
    if before and before.search(text, max(0, start - 30), start):
        return True
    if after is None:
        return False
    # right after the name, or later in its clause («خوشه صنعتی خرما تا کنون در سه استان عملیاتی شده است»)
    rest = re.split(r"[.:؛;!?؟\n]", text[end:end + 120], maxsplit=1)[0]
    return bool(after.match(rest) or _STAGE.search(rest))


# a stage of the programme said later in a name's clause
_STAGE = re.compile(rf"(?<!{_L})(?:عملیاتی|اجرا|راه{_SP}اندازی|تشکیل|ایجاد){_SP}(?:شد|شده|گردید|گردیده|می{_SP}شود|خواهد{_SP}شد)(?!{_L})")
_LIST_TOKEN = re.compile(r"\([^()\n]{1,40}\)|[\w\u200c]+|[،,]|[-–]|\S")


def _read_list(text: str, pos: int, line_end: int) -> tuple[list[tuple[str, int, int]], int]:
    """Tokens of a list of names from ``pos``: words, commas and dashes, up to a word that cannot be
    in a name, a number or other punctuation. Returns (kind, start, end) tokens and where it stopped."""
    tokens: list[tuple[str, int, int]] = []
    for m in _LIST_TOKEN.finditer(text, pos, line_end):
        w = m.group()
        if w in "،,":
            tokens.append(("comma", m.start(), m.end()))
            continue
        if w in "-–":
            tokens.append(("dash", m.start(), m.end()))
            continue
        if not (w[0].isalpha() or w.startswith("(")) or (not w.startswith("(") and (is_stop(w) or _is_number_word(w))):
            return _trim_list(tokens), m.start()
        tokens.append(("word", m.start(), m.end()))
        if len(tokens) > 40:
            break
    return _trim_list(tokens), line_end


def _trim_list(tokens):
    while tokens and tokens[-1][0] != "word":
        tokens.pop()
    return tokens


def _list_items(text: str, tokens, count: int | None) -> list[tuple[list[tuple[int, int]], places.Place | None]]:
    """Split a list of cluster names into items, each (word spans, its place).

    Commas separate items; a place then «و» ends one («... پسته رفسنجان و سیب
    جیرفت»); with a count, the first «و» of an item without a place splits it until the count is
    reached («دو خوشه صنعتی زعفران و پسته»), the last «و» when commas made the list. A dash joins a second place to an item (رشت- انزلی).
    """
    segments: list[list[tuple[int, int]]] = [[]]
    dashed = False
    for kind, a, b in tokens:
        if kind == "comma":
            segments.append([])
        elif kind == "dash":
            dashed = True
        elif dashed:
            dashed = False  # «رشت- انزلی»: another place of the same item
            if not places.find_places(text[a:b], include_weak_at={0}):
                segments[-1].append((a, b))
        else:
            segments[-1].append((a, b))
    items: list[tuple[list[tuple[int, int]], places.Place | None]] = []
    for seg in (x for x in segments if x):
        while seg:
            place, cut = _place_within(text, seg)
            if place is not None and cut < len(seg) and lexicon.compact(text[slice(*seg[cut])]) == "و":
                items.append((seg[:cut], place))
                seg = seg[cut + 1:]
                continue
            items.append((seg[:cut] if place else seg, place))
            break
    listed = sum(1 for seg in segments if seg) > 1  # «A، B، C و D»: the last «و» joins the last item
    while count is not None and len(items) < count:
        k = next((k for k in range(len(items) - 1, -1, -1) if items[k][1] is None
                  and any(lexicon.compact(text[a:b]) == "و" for a, b in items[k][0][1:-1])), None)
        if k is None:
            break
        spans = items[k][0]
        joins = [j for j in range(1, len(spans) - 1) if lexicon.compact(text[slice(*spans[j])]) == "و"]
        # after commas the last «و» joins the last item («انگشتر و زیورآلات و پوشاک»: two); two
        # items without a comma split at the first («سنگ و گل و عرقیات»)
        j = joins[-1] if listed else joins[0]
        items[k:k + 1] = [(spans[:j], None), (spans[j + 1:], None)]
    return items


def _shared_place(text: str, pos: int) -> places.Place | None:
    """«... زعفران و پسته در استان خراسان جنوبی»: the place after the list, for its items."""
    m = re.match(rf"{_SP}در{_SP}", text[pos:pos + 8])
    if not m:
        return None
    at = pos + m.end()
    marker = re.match(rf"(?:استان|شهرستان|شهر){_SP}", text[at:at + 12])
    if marker:
        at += marker.end()
    for p in places.find_places(text[at:at + 40], include_weak_at={0}):
        if p.start == 0:
            kind, province = p.kind, p.province
            if marker and marker.group().startswith("استان") and p.name in places.provinces():
                kind, province = "province", p.name  # «در استان قم»: the province, not its capital
            return places.Place(at, at + p.end, p.name, kind, province, p.strength)
    return None


def _count_before(text: str, pos: int) -> int | None:
    """N in «4 خوشه ...», «دو خوشه ...»: a count right before «خوشه»."""
    from extractors.numparse import find_numbers

    window = text[max(0, pos - 24):pos]
    nums = find_numbers(window)
    if nums and not window[nums[-1].end:].strip(" \u200c") and nums[-1].value == int(nums[-1].value):
        return int(nums[-1].value)
    return None


def _listed(text: str, start: int, pos: int, line_end: int, count: int | None) -> list[Mention]:
    """The clusters of «4 خوشه صنعتی A P1، B P2 ...» or «خوشه‌های A، B و C در حال توسعه هستند»."""
    tokens, stop = _read_list(text, pos, line_end)
    items = _list_items(text, tokens, count)
    if count is not None and len(items) != count:
        return []
    if count is None:
        placed = []
        for item in items:  # a plural list without a count: items named with their place
            if item[1] is None:
                break
            placed.append(item)
        staged = _cues()[1] is not None and _cues()[1].match(text[stop:stop + 40])
        if not placed and staged and len(items) >= 2:
            # «خوشه‌های چرم، کفش، کیف و کمربند در حال اجرا هستند»: the last «و» joins the last item
            spans = items[-1][0]
            joins = [j for j in range(1, len(spans) - 1) if lexicon.compact(text[slice(*spans[j])]) == "و"]
            if joins:
                items[-1:] = [(spans[:joins[-1]], None), (spans[joins[-1] + 1:], None)]
            if all(len(spans) <= 3 for spans, _ in items):
                placed = items
        items = placed
    if count is None and len(items) < 2:
        # «خوشه‌های صنعتی زعفران استان خراسان جنوبی»: one item is a cluster when it has its place and one
        # product word group (no «و»: «خوشه‌های کسب و کر شهرستان ساوه» is a typo of the kind)
        if not items or items[0][1] is None or any(lexicon.compact(text[a:b]) == "و" for a, b in items[0][0]):
            return []
    shared = _shared_place(text, stop)
    out = []
    for spans, place in items:
        if not spans:
            continue
        m = _mention(text, spans[0][0], spans, place or shared, False, True)
        if m is not None:
            m.listed = True
            out.append(m)
    return out if (count is None or len(out) == count) else []


def _phrase_mentions(text: str) -> list[Mention]:
    """Headlines that name a cluster without «خوشه» before it: «سفال لالجین در یک قدمی خوشه شدن»."""
    out = []
    for rx in _cues()[2]:
        for m in rx.finditer(text):
            if "name" in rx.groupindex:
                a, b = m.span("name")
                spans = [w.span() for w in re.finditer(r"[\w\u200c]+", text[a:b])]
                spans = [(a + x, a + y) for x, y in spans]
            else:
                # the words before the phrase, back to a word that cannot be in a name
                line_start = text.rfind("\n", 0, m.start()) + 1
                spans = []
                for w in reversed(list(re.finditer(r"[\w\u200c]+|[^\w\s\u200c]", text[line_start:m.start()]))):
                    if not w.group()[0].isalpha() or is_stop(w.group()) or len(spans) >= 6:
                        break
                    spans.insert(0, (line_start + w.start(), line_start + w.end()))
            if not spans:
                continue
            place, cut = _place_within(text, spans)
            mention = _mention(text, spans[0][0], spans[:cut], place, False, True)
            if mention is not None:
                out.append(mention)
    return out


# a light verb after a name: the name's last word is the noun of a compound verb (راه‌اندازی شد، اتخاذ گردید)
_LIGHT_VERB = re.compile(rf"{_SP}(?:شد|شده|شدند|گردید|گردیده|گردد|کرد|کرده|کردند|نمود|نموده|یافت|یافته|گفت|گفتند"
                         rf"|می{_SP}(?:شود|شوند|گردد|کند|نماید))(?!{_L})")


def _repeated_product(text: str, spans) -> int | None:
    """Where the name ends when a later word repeats the product's first word (with or without its
    ezafe): after that first word. None when nothing repeats."""
    words = [lexicon.compact(text[a:b]) for a, b in spans]
    k = next((k for k, w in enumerate(words) if w not in _generic()), None)
    if k is None:
        return None
    stem = re.sub("ی$", "", words[k]) if words[k].endswith(("ای", "وی")) else words[k]
    for j in range(k + 1, len(words)):
        if len(stem) >= 3 and (words[j] == stem or words[j] == stem + "ی"):
            return k + 1 if j > k + 1 else None
    return None


def _share_cues(text: str, mentions: list[Mention]) -> None:
    """«خوشه کاشی و خوشه سفال راه‌اندازی شد»: two names joined by «و» share what is said."""
    for a, b in zip(mentions, mentions[1:]):
        if re.fullmatch(rf"{_SP}و{_SP}", text[a.end:b.start]) and (a.sure or b.sure):
            a.sure = b.sure = True


_PLURAL = re.compile(rf"(?<!{_L})خوشه{_SP}(?:ها|های){_SP}(?:ی(?!{_L}){_SP})?(?!{_L})")
_EZAFE = re.compile(rf"{_SP}ی(?!{_L})")


def _mentions(text: str) -> list[Mention]:
    out = []
    for m in _MENTION.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        pos = m.end()
        ezafe = _EZAFE.match(text, pos)  # «خوشه ی فرش دستباف»: the ezafe written apart
        if ezafe:
            pos = ezafe.end()
        count = _count_before(text, m.start())
        if count is not None and 2 <= count <= 20:
            listed = _listed(text, m.start(), pos, line_end, count)
            if listed:
                out.extend(listed)
                continue
        _, spans = _read_name(text, pos, line_end, False)
        if not spans:
            continue
        place, cut = _place_within(text, spans)
        if place is None and count is None and re.match(rf"{_SP}[،,]", text[spans[-1][1]:]):
            # «خوشه گلیم، جاجیم و ورنی اردبیل»: one name with a comma in it, when it reaches a place
            tokens, _ = _read_list(text, pos, line_end)
            words = [(a, b) for kind, a, b in tokens if kind == "word"]
            p2, cut2 = _place_within(text, words)
            if p2 is not None and cut2 <= 8:
                spans, place, cut = words, p2, cut2
        before = text[line_start:m.start()]
        # a list item («2- خوشه صنعت فرش») or the document's title: the line starts with the name
        enumerated = bool(_ENUM.match(before)) and not _ENUM.sub("", before).strip(" \u200c")
        starts_line = not before.strip(" \u200c")
        heads_line = (enumerated or (starts_line and line_start < _nth_line_end(text, 3))) \
            and len(text[m.start():line_end].split()) <= 8
        if place is None and not heads_line:
            # without a place, «و» ends the name: «خوشه فرش و بزودی ...» is not a product
            for k, (s, e) in enumerate(spans):
                if lexicon.compact(text[s:e]) == "و":
                    cut = k
                    break
        repeat = _repeated_product(text, spans[:cut])
        if repeat is not None:
            # «خوشه صنعتی انار بازار فروش انار استان مرکزی»: the second «انار» starts another phrase
            spans, place, cut = spans[:repeat], None, repeat
        name_spans = spans[:cut]
        if place is None and name_spans and _LIGHT_VERB.match(text, name_spans[-1][1]):
            name_spans = name_spans[:-1]  # «خوشه کاشی راه‌اندازی شد»: the noun of a compound verb
        if not name_spans:
            continue
        mention = _mention(text, m.start(), name_spans, place, heads_line,
                           _cued(text, m.start(), name_spans[-1][1]))
        if mention is not None:
            out.append(mention)
    _share_cues(text, out)
    for m in _PLURAL.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        out.extend(_listed(text, m.start(), m.end(), line_end, None))
    out.extend(_phrase_mentions(text))
    out.extend(_headed_mentions(text, out))
    return sorted(out, key=lambda x: x.start)


def _begins_activity(words: list[str]) -> bool:
    from extractors.strategies import heads

    first = lexicon.compact(words[0])
    return first in heads() or lexicon.compact(" ".join(words[:2])) in heads()


@functools.lru_cache(maxsize=8)
def document_province(text: str) -> str | None:
    """The province the document names most (its cities count for their province)."""
    counts = Counter(p.province for p in places.find_places(text) if p.province)
    return counts.most_common(1)[0][0] if counts else None


def _is_prefix(short: str, long: str) -> bool:
    """The product ``short`` names ``long`` more briefly (فرش < فرش دستباف), both compacted.

    An extension that starts with «و» adds another product (سفال < سفال و سرامیک): not the same.
    """
    return short != "" and long.startswith(short) and not long[len(short):].startswith("و")


def _first_word(product: str) -> str:
    words = canonical_product(product).split()
    return lexicon.compact(words[0]) if words else ""


def _canonical_name(product_display: str, place: str | None) -> str:
    return f"خوشه {product_display}" + (f" {place}" if place else "")


@functools.lru_cache(maxsize=32)
def identify(text: str) -> Found:
    """The clusters of a document, their mentions and its main cluster."""
    mentions = _mentions(text)
    province = document_province(text)
    clusters: dict[tuple, ClusterInfo] = {}
    placed = [m for m in mentions if m.place]
    # the cities a product's clusters are named with, per province: mentions of one product in one
    # province are one cluster («خوشه چاقو زنجان», «خوشه چاقوسازی استان زنجان»), unless the document
    # names it in two cities of that province (then each city is its own cluster)
    cities: dict[tuple, set] = {}
    for m in placed:
        if m.place.kind == "city":
            cities.setdefault((product_lemma(m.product), m.place.province), set()).add(m.place.name)

    def cluster_for(m: Mention, city, prov) -> ClusterInfo:
        display = canonical_product(m.product)
        lemma = product_lemma(m.product)
        by_city = len(cities.get((lemma, prov), ())) > 1
        if by_city and city is None and prov in cities[(lemma, prov)]:
            city = prov  # «خوشه فرش استان اصفهان» beside «خوشه فرش اصفهان»: one name, one cluster
        group = (lemma, prov, city if by_city else None)
        if group not in clusters:
            clusters[group] = ClusterInfo(_canonical_name(display, city or prov), display, city, prov, m.key,
                                          by_city=by_city)
        c = clusters[group]
        if city and not c.city:  # named by its city once one mention gives it
            c.city = city
            c.name = _canonical_name(c.product, city)
        return c

    for m in placed:
        city = m.place.name if m.place.kind == "city" else None
        c = cluster_for(m, city, m.place.province)
        c.mentions.append(m)
        m.cluster = c.name
    unplaced = [m for m in mentions if not m.place]
    # longest products first, so «خوشه فرش» joins «خوشه فرش دستباف» rather than founding its own
    for m in sorted(unplaced, key=lambda m: -len(m.key)):
        lemma = product_lemma(m.product)
        match = [c for c in clusters.values() if _is_prefix(m.key, c.key) or _is_prefix(c.key, m.key)
                 or product_lemma(c.product) == lemma]
        if not match and not m.alone and re.match(rf"{_SP}و(?!{_L})", text[m.end:]):
            # «تیم توسعه خوشه چرم و کیف ...» cut at «و»: the one cluster of the same first word
            first = _first_word(m.product)
            match = [c for c in clusters.values() if _first_word(c.product) == first]
            match = match if len(match) == 1 else []
        if match:
            best = max(match, key=lambda c: (c.key == m.key, len(c.mentions)))
            best.mentions.append(m)
            m.cluster = best.name
    # titles first, then the shortest product: «توسعه خوشه ملیله ابزاری مهم است» joins «خوشه ملیله»
    for m in sorted(unplaced, key=lambda m: (not m.alone, len(m.key) if not m.alone else 0, m.start)):
        if m.cluster or not (m.alone or m.sure):
            continue  # in running text an unplaced «خوشه X» is too often «the cluster» + a verb noun
        c = cluster_for(m, None, province)
        for o in unplaced:
            if not o.cluster and (o.key == m.key or _is_prefix(m.key, o.key) or _is_prefix(o.key, m.key)
                                  or product_lemma(o.product) == product_lemma(m.product)):
                c.mentions.append(o)
                o.cluster = c.name
    # a cluster is named by its most specific product (فرش (دست بافت) rather than فرش), from a mention
    # with a place or a title: words after a name in running text may be the rest of the sentence
    renamed: dict[str, ClusterInfo] = {}
    for c in clusters.values():
        best = max((m for m in c.mentions if m.place is not None or m.alone),
                   key=lambda m: (len(m.key), m.place is not None), default=None)
        if best is not None and len(best.key) > len(c.key) and best.key.startswith(c.key):
            c.product = canonical_product(best.product)
            c.key = best.key
            c.name = _canonical_name(c.product, c.city or c.province)
        c.ident = cluster_key(c.product, c.province, c.city if c.by_city else None)
        if c.ident in renamed:  # two clusters that turned out to be one, named by the more specific
            kept = renamed[c.ident]
            kept.mentions.extend(c.mentions)
            if len(c.key) > len(kept.key) and c.by_city == kept.by_city:
                kept.name, kept.product, kept.key = c.name, c.product, c.key
            kept.city = kept.city or c.city
        else:
            renamed[c.ident] = c
    for c in renamed.values():
        for m in c.mentions:
            m.cluster = c.name
    clusters = renamed
    # main: named most; a title (a line holding only the name, in the first lines) counts double
    first_lines_end = _nth_line_end(text, 4)
    for c in clusters.values():
        c.score = sum(2.0 if (m.alone and m.start < first_lines_end) else 1.0 for m in c.mentions)
        c.score += 0.1 * _product_frequency(text, c.product)
    ranked = sorted(clusters.values(), key=lambda c: (-c.score, min(m.start for m in c.mentions)))
    if ranked:
        top = ranked[0]
        titled = any(m.alone and m.start < first_lines_end for m in top.mentions)
        if (len(top.mentions) >= 2 or titled) and (len(ranked) == 1 or top.score > ranked[1].score):
            top.main = True
    ordered = sorted(clusters.values(), key=lambda c: min(m.start for m in c.mentions))
    return Found(ordered, sorted((m for m in mentions if m.cluster), key=lambda m: m.start), province)


def _nth_line_end(text: str, n: int) -> int:
    pos = 0
    for _ in range(n):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _product_frequency(text: str, product: str) -> int:
    head = product.split()[0] if product.split() else ""
    if not head:
        return 0
    if "\u200c" in head:
        return len(re.findall(rf"(?<!{_L}){re.escape(head)}(?!{_L})", text))
    return _word_counts(text).get(head, 0)


@functools.lru_cache(maxsize=4)
def _word_counts(text: str) -> Counter:
    """How often each run of letters stands in the text (counted once for all clusters: linear time)."""
    return Counter(re.findall(rf"{_L}+", text))


@dataclass
class HeadedList:
    """An enumerated list under a heading about clusters: «خوشه‌های برتر استان زنجان:» then
    «۱- ...» items on the lines below or on the heading's own line after the colon."""
    heading: tuple[int, int]          # the heading's words before the colon
    place: places.Place | None        # the place the heading names (its items' place when they name none)
    ranked: bool                      # a priority or ranking («اولویت», «برتر»): items are cluster_priority
    items: list[tuple[int | None, int, int]]  # (rank or None for a bullet, start, end) of each item's words


_INLINE_ITEM = re.compile(r"(?:^|(?<=\s))(\d{1,2})[ \t]*[-–)][ \t]*")
_HEADING = re.compile(rf"(?<!{_L})خوشه(?!{_L})")


def headed_lists(text: str) -> list[HeadedList]:
    """Enumerated lists under a heading that names clusters and ends with a colon."""
    out = []
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        ls, le = lines[i]
        line = text[ls:le]
        colon = line.find(":")
        head = line[:colon] if colon >= 0 else ""
        if colon < 0 or not _HEADING.search(head) or _ENUM.match(line) and _ENUM.sub("", line) != line:
            i += 1
            continue
        items: list[tuple[int | None, int, int]] = []
        rest = line[colon + 1:]
        inline = list(_INLINE_ITEM.finditer(rest))
        if len(inline) >= 2 and not rest[:inline[0].start()].strip() and int(inline[0].group(1)) == 1:
            # «... استان زنجان: ۱- چاقو ۲- فرش ۳- عسل»: the items on the heading's line
            for k, m in enumerate(inline):
                end = inline[k + 1].start() if k + 1 < len(inline) else len(rest)
                s0, e0 = ls + colon + 1 + m.end(), ls + colon + 1 + end
                items.append((int(m.group(1)), s0, _trim_item(text, s0, e0)))
            j = i + 1
        elif not rest.strip():
            j = i + 1
            while j < len(lines):
                js, je = lines[j]
                m = _ENUM.match(text[js:je])
                if not m or js + m.end() >= je:
                    break
                rank = int(m.group(1) or m.group(2)) if (m.group(1) or m.group(2)) else None
                items.append((rank, js + m.end(), _trim_item(text, js + m.end(), je)))
                j += 1
        else:
            j = i + 1
        if items:
            hs = ls
            place = _heading_place(text, hs, ls + colon)
            out.append(HeadedList((hs, ls + colon), place, bool(_PRIORITY_HEAD.search(head)), items))
        i = max(j, i + 1)
    return out


def _trim_item(text: str, start: int, end: int) -> int:
    """End of an item's words, without a closing stop or separator."""
    while end > start and text[end - 1] in " \t.،,؛;":
        end -= 1
    return end


def _heading_place(text: str, start: int, end: int) -> places.Place | None:
    """The last place a heading names («خوشه‌های برتر استان زنجان»), as a province after «استان»."""
    found = places.find_places(text[start:end])
    if not found:
        return None
    p = found[-1]
    return places.Place(start + p.start, start + p.end, p.name, p.kind, p.province, p.strength, p.after_marker)


def _headed_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Items of a headed list of clusters: an item naming no place takes the heading's; an item named
    without «خوشه» («۱- چاقو») is a cluster when the heading names its place or ranks the clusters
    and the item is a name only (a few words, no verb or number)."""
    extra = []
    for hl in headed_lists(text):
        names_only = _names_heading(text, hl) and all(_item_name(text, s, e) for _, s, e in hl.items)
        for rank, s, e in hl.items:
            inside = [m for m in mentions if s <= m.start < e]
            if inside:
                for m in inside:
                    m.sure = True
                    m.listed = m.listed or len(inside) > 1
                    if m.place is None and hl.place is not None:
                        m.place = hl.place
                continue
            if (hl.place is None and not hl.ranked) or not names_only:
                continue
            spans = _item_name(text, s, e)
            place, cut = _place_within(text, spans)
            m = _mention(text, s, spans[:cut], place, True, True)
            if m is None:
                continue
            if m.place is None:
                m.place = hl.place
            extra.append(m)
    return extra


def _item_name(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of a list item that is a name only (a few words, no verb, number or «خوشه»), else []."""
    if _MENTION.search(text, start, end) or _PLURAL.search(text, start, end):
        return []
    stop, spans = _read_name(text, start, end, True)
    if not spans or len(spans) > 6 or text[stop:end].strip(" \u200c.،,"):
        return []  # the item goes on past a name: a sentence, not a cluster
    return spans


def _names_heading(text: str, hl: HeadedList) -> bool:
    """«خوشه‌های برتر استان زنجان:», «اولویت بندی خوشه‌های صنعتی:»: the heading opens with the
    clusters (or a word that lists them: ``listhead`` in ``data/cluster_cues.tsv``), so its items
    are their names; «ویژگی‌های خوشه‌ها:» lists something else."""
    s, e = hl.heading
    m = _PLURAL.search(text, s, e)
    if m is None:
        return False
    lead = re.sub(r"^[\s\-•*▪■●◦]+", "", text[s:m.start()]).strip(" \u200c")
    return not lead or bool(_list_heads() and _list_heads().fullmatch(lead))


@functools.lru_cache(maxsize=None)
def _list_heads() -> re.Pattern | None:
    heads = [r[1] for r in lexicon.rows("cluster_cues.tsv") if r[0] == "listhead"]
    return re.compile(rf"(?:{'|'.join(heads)})") if heads else None


def priority_items(text: str) -> list[tuple[int, int, int]]:
    """(rank, start, end) of the items of enumerated lists under a heading about priorities or a
    ranking («اولویت بندی خوشه های صنعتی استان زنجان:», «خوشه‌های برتر استان:»)."""
    return [(rank, s, e) for hl in headed_lists(text) if hl.ranked for rank, s, e in hl.items if rank is not None]


@register("fa.clusters", version=4)
def clusters(ctx):
    found = identify(ctx.string)
    for c in found.clusters:
        first = next((m for m in c.mentions if m.place), c.mentions[0])
        if ctx.in_furniture(first.start):
            first = next((m for m in c.mentions if not ctx.in_furniture(m.start)), first)
        yield ctx.fact("cluster", c.name, first.start, first.end, cluster=c.name,
                       confidence=0.9 if first.place else 0.7)
    for rank, s, e in priority_items(ctx.string):
        mention = next((m for m in found.mentions if s <= m.start < e), None)
        value = ctx.string[s:e].strip()
        yield ctx.fact("cluster_priority", value, s, e, rank=rank,
                       cluster=mention.cluster if mention else None, confidence=0.85)
