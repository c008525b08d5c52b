"""Which clusters a document speaks of: «خوشه …» names, their product, city and province.

A mention is «خوشه» (not خوشه‌ها/خوشه‌ای, the concept) followed by its product and usually a place:
«خوشه فرش دستباف قم», «خوشه گل و گیاهان زینتی محلات», «عامل توسعه خوشه فرش استان زنجان». The
name runs until a word that cannot belong to it (a preposition, a verb: ``data/name_stops.txt``),
punctuation, or the first place (``extractors.places``); without a place it stops before «و»
unless the line is the name alone (a title, a list item). Leading words that say what kind of
cluster it is (صنعت، صنعتی، کسب و کار) are not the product; a mention with nothing else is the
concept, not a cluster.

Mentions are merged within a document: a short mention («خوشه پوشاک», «خوشه فرش») joins the named
cluster whose product starts with the same words; a cluster named without a place takes the
province the document is about (the one it names most). A mention without a place that is not a
title or list item and is named only once is not taken as a cluster (too easily a common noun).

The **canonical name** is «خوشه <product> <city or province>», with spelling variants of the
product folded (``data/product_synonyms.tsv``: دست بافت -> دستباف) and «استان»/«صنعت» dropped, so
«خوشه فرش دستباف قم» and «خوشه فرش دست‌باف استان قم» are one cluster, whose key is
``pipeline.textutil.canonical_key`` of that name.

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
_MENTION = re.compile(rf"(?<!{_L})خوشه(?!{_L})(?![ \u200c]*(?:ها|های|هایی|ای|ی)(?!{_L}))")
_ENUM = re.compile(r"^[ \t]*(?:[-•*▪■●◦]|\(?(\d{1,2})[\-–.)]|(\d{1,2})\s*[-–])[ \t]*")
_PRIORITY_HEAD = re.compile(rf"اولویت|الویت")


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
def _synonyms() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(rf"(?<!{_L}){lexicon.loose(a)}(?!{_L})"), b) for a, b in lexicon.rows("product_synonyms.tsv")]


def canonical_product(product: str) -> str:
    """Product words with brackets removed and spelling variants folded: «فرش (دست بافت)» -> «فرش دستباف»."""
    p = re.sub(r"[()«»\[\]\"'.:،,]", " ", product)
    for rx, canon in _synonyms():
        p = rx.sub(canon, p)
    return " ".join(p.split())


def is_stop(word: str) -> bool:
    w = lexicon.compact(word)
    return w in _stops() or lexicon.is_verb(word)


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
        if not w.startswith("(") and (is_stop(w) or w[0].isdigit()):
            break  # «خوشه سفال لالجین ۴۰۰ کارگاه دارد»: a number starts the rest of the sentence
        spans.append(m.span())
        i = m.end()
    return i, spans


def _mentions(text: str) -> list[Mention]:
    out = []
    for m in _MENTION.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        _, spans = _read_name(text, m.end(), line_end, False)
        if not spans:
            continue
        # the name ends at the first place within it (weak names accepted here)
        weak_ok = {s for s, _ in spans}
        place = None
        cut = len(spans)
        for k in range(len(spans)):
            found = [p for p in places.find_places(text[spans[k][0]:spans[k][1]], include_weak_at={0})
                     if p.start == 0 and p.end == spans[k][1] - spans[k][0]]
            # a two-word place (خراسان رضوی، بندر عباس) or «استان X» over two words
            two = None
            if k + 1 < len(spans):
                seg = text[spans[k][0]:spans[k + 1][1]]
                two = places.place_ending(text, spans[k][0], spans[k + 1][1])
                if two and two.start != spans[k][0]:
                    two = None
            if two:
                place, cut = two, k + 2
                break
            if found and k > 0:
                p = found[0]
                place = places.Place(spans[k][0], spans[k][1], p.name, p.kind, p.province, p.strength)
                cut = k + 1
                break
        del weak_ok
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
        name_spans = spans[:cut]
        product_spans = [sp for sp in name_spans if not (place and sp[0] >= place.start)]
        words = [text[s:e] for s, e in product_spans]
        if words and lexicon.compact(words[0]) == "و":
            continue  # «تیم توسعه خوشه و اتحادیه ...»: خوشه ended before و
        while words and lexicon.compact(words[0].strip("()")) in _generic() and lexicon.compact(words[0]) != "و":
            words.pop(0)
            if len(words) > 1 and lexicon.compact(words[0]) == "و" and lexicon.compact(words[1]) == "کار":
                del words[:2]  # «خوشه کسب و کار فرش ...»
        while words and lexicon.compact(words[-1]) in ("و", "استان", "شهرستان", "شهر"):
            words.pop()
        if not words or all(lexicon.compact(w.strip("()")) in _generic() for w in words):
            continue
        if any(re.search(r"[A-Za-z]", w) for w in words):
            continue  # a Latin word in a Persian product is a broken text layer («خوشه JS محلات»)
        if _begins_activity(words):
            continue  # «خوشه رفع نقاط فشار», «خوشه شناسایی ...»: a deed done to the cluster, not a product
        product = " ".join(words)
        end = name_spans[-1][1] if name_spans else m.end()
        alone = heads_line
        out.append(Mention(m.start(), end, text[m.start():end], product,
                           lexicon.compact(canonical_product(product)), place, alone))
    return out


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


def _canonical_name(product_display: str, place: str | None) -> str:
    return f"خوشه {product_display}" + (f" {place}" if place else "")


@functools.lru_cache(maxsize=32)
def identify(text: str) -> Found:
    """The clusters of a document, their mentions and its main cluster."""
    mentions = _mentions(text)
    province = document_province(text)
    clusters: dict[str, ClusterInfo] = {}

    def cluster_for(m: Mention, city, prov) -> ClusterInfo:
        display = canonical_product(m.product)
        # drop a leading generic word the canonical form may still carry (صنعت فرش -> فرش)
        name = _canonical_name(display, city or prov)
        key = lexicon.compact(name)
        if key not in clusters:
            clusters[key] = ClusterInfo(name, display, city, prov, m.key)
        return clusters[key]

    placed = [m for m in mentions if m.place]
    for m in placed:
        city = m.place.name if m.place.kind == "city" else None
        c = cluster_for(m, city, m.place.province)
        c.mentions.append(m)
        m.cluster = c.name
    unplaced = [m for m in mentions if not m.place]
    # longest products first, so «خوشه فرش» joins «خوشه فرش دستباف» rather than founding its own
    for m in sorted(unplaced, key=lambda m: -len(m.key)):
        match = [c for c in clusters.values() if _is_prefix(m.key, c.key) or _is_prefix(c.key, m.key)]
        if match:
            best = max(match, key=lambda c: (c.key == m.key, len(c.mentions)))
            best.mentions.append(m)
            m.cluster = best.name
    for m in unplaced:
        if m.cluster or not m.alone:
            continue  # in running text an unplaced «خوشه X» is too often «the cluster» + a verb noun
        c = cluster_for(m, None, province)
        for o in unplaced:
            if not o.cluster and (o.key == m.key or _is_prefix(o.key, m.key)):
                c.mentions.append(o)
                o.cluster = c.name
    # a cluster is named by its most specific product (فرش (دست بافت) rather than فرش)
    renamed: dict[str, ClusterInfo] = {}
    for c in clusters.values():
        best = max(c.mentions, key=lambda m: (len(m.key), m.place is not None))
        if len(best.key) > len(c.key) and best.key.startswith(c.key):
            c.product = canonical_product(best.product)
            c.key = best.key
            c.name = _canonical_name(c.product, c.city or c.province)
        for m in c.mentions:
            m.cluster = c.name
        if c.name in renamed:  # two clusters that turned out to be one
            renamed[c.name].mentions.extend(c.mentions)
        else:
            renamed[c.name] = c
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
    return len(re.findall(rf"(?<!{_L}){re.escape(head)}(?!{_L})", text))


def priority_items(text: str) -> list[tuple[int, int, int]]:
    """(rank, start, end) of the items of enumerated lists under a heading about priorities."""
    out = []
    lines = text.split("\n")
    pos = 0
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        if _PRIORITY_HEAD.search(lines[i]) and lines[i].rstrip().endswith(":"):
            j = i + 1
            while j < len(lines):
                m = _ENUM.match(lines[j])
                if not m or not (m.group(1) or m.group(2)):
                    break
                rank = int(m.group(1) or m.group(2))
                s = starts[j] + m.end()
                e = starts[j] + len(lines[j].rstrip())
                if e > s:
                    out.append((rank, s, e))
                j += 1
            i = j
        else:
            i += 1
    return out


@register("fa.clusters", version=1)
def clusters(ctx):
    found = identify(ctx.string)
    for c in found.clusters:
        first = next((m for m in c.mentions if m.place), c.mentions[0])
        if ctx.in_furniture(first.start):
            first = next((m for m in c.mentions if not ctx.in_furniture(m.start)), first)
        yield ctx.fact("cluster", c.name, first.start, first.end, cluster=c.name,
                       confidence=0.9 if first.place else 0.7)
    by_start = {m.start: m for m in found.mentions}
    for rank, s, e in priority_items(ctx.string):
        mention = next((m for m in found.mentions if s <= m.start < e), None)
        value = ctx.string[s:e].strip()
        yield ctx.fact("cluster_priority", value, s, e, rank=rank,
                       cluster=mention.cluster if mention else None, confidence=0.85)
