"""Fact extractors and their registry.

An extractor is a function ``fn(ctx: Context) -> Iterable[Fact]`` registered under a name and a
version::

    @register("fa.contacts", version=1)
    def contacts(ctx):
        ...

Bump the version whenever the extractor's output can change: the nightly run re-extracts stored
documents whose facts came from an older version. Extractors see only the normalized :class:`Text`
(through the Context) and return :class:`Fact` objects; word lists and gazetteers live as data files
in ``extractors/data``.
"""
from __future__ import annotations

import bisect
import importlib
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable

from pipeline.model import Fact, Text

# Modules that register extractors, imported on first use.
MODULES = ("contacts", "tables", "clusters", "counts", "dates", "durations", "organizations", "strategies", "activities")


@dataclass(frozen=True)
class Extractor:
    name: str
    version: int
    fn: Callable[["Context"], Iterable[Fact]]


REGISTRY: dict[str, Extractor] = {}


def register(name: str, version: int):
    def wrap(fn):
        if name in REGISTRY and REGISTRY[name].fn is not fn:
            raise ValueError(f"extractor {name!r} is registered twice")
        REGISTRY[name] = Extractor(name, version, fn)
        return fn

    return wrap


def load() -> dict[str, Extractor]:
    for mod in MODULES:
        importlib.import_module(f"extractors.{mod}")
    return REGISTRY


def versions() -> dict[str, int]:
    return {name: ex.version for name, ex in sorted(load().items())}


class Context:
    """What an extractor sees: the text, its sentences, and a helper to build facts with provenance.

    Besides sentences it offers, computed once per document and shared by all extractors: lines,
    clauses, word tokens (spaCy, with offsets), the numbers and Jalali dates found in the text,
    which lines are page furniture or table rows, and the spans of web addresses and phone numbers
    (so that no count is read out of them). ``shared`` is a scratch dict for extractors that build
    on one another's findings.
    """

    def __init__(self, text: Text):
        self.text = text
        self.extractor: Extractor | None = None
        self.shared: dict = {}

    @property
    def string(self) -> str:
        return self.text.text

    @cached_property
    def folded(self) -> str:
        """The text with ASCII digits and number punctuation, character for character."""
        from extractors.numparse import fold

        return fold(self.text.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        from pipeline.segment import sentences

        return sentences(self.text.text)

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        return list(self.text.paragraphs())

    @cached_property
    def _line_starts(self) -> list[int]:
        return [s for s, _ in self.lines]

    def line_at(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._line_starts, offset) - 1
        if i >= 0 and self.lines[i][0] <= offset <= self.lines[i][1]:
            return self.lines[i]
        return offset, offset

    def clause_at(self, offset: int) -> tuple[int, int]:
        """The clause (sentence part between commas, colons, brackets) holding ``offset``."""
        from pipeline.segment import clauses

        s, e = self.sentence_at(offset)
        for cs, ce in clauses(self.text.text, s, e):
            if cs <= offset < max(ce, cs + 1):
                return cs, ce
        return s, e

    @cached_property
    def tokens(self) -> list[tuple[int, int]]:
        from pipeline.segment import tokens

        return tokens(self.text.text)

    @cached_property
    def words(self):
        from extractors.patterns import Words

        return Words(self.text.text, self.tokens)

    @cached_property
    def numbers(self):
        from extractors.numparse import find_numbers

        return find_numbers(self.text.text)

    @cached_property
    def dates(self):
        from extractors.jalali import find_dates

        return find_dates(self.text.text)

    @cached_property
    def furniture(self) -> list[tuple[int, int]]:
        from extractors.furniture import furniture_lines

        return furniture_lines(self.text.text, self.lines)

    def in_furniture(self, offset: int) -> bool:
        line = self.line_at(offset)
        return line in self._furniture_set

    @cached_property
    def _furniture_set(self) -> set[tuple[int, int]]:
        return set(self.furniture)

    @cached_property
    def _table_rows(self) -> list[tuple[int, int]]:
        try:
            from extractors.tables import row_spans
        except ImportError:
            return []
        return sorted(row_spans(self.text.text))

    def in_table(self, offset: int) -> bool:
        """Whether ``offset`` is on a table row (cells joined by TAB, or a line the tables extractor
        reads as a row): the tables extractor's ground, which the others leave alone."""
        s, e = self.line_at(offset)
        if "\t" in self.text.text[s:e]:
            return True
        return _covers(self._table_rows, offset, offset + 1)

    @cached_property
    def link_spans(self) -> list[tuple[int, int]]:
        """Web addresses, e-mail addresses and phone numbers: their digits are not counts."""
        from extractors.contacts import link_spans

        return link_spans(self.text.text)

    def in_link(self, start: int, end: int) -> bool:
        return _covers(self._sorted_links, start, end)

    @cached_property
    def _sorted_links(self) -> list[tuple[int, int]]:
        return sorted(self.link_spans)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentences[i][0] <= offset < max(self.sentences[i][1], offset + 1):
            return self.sentences[i]
        return offset, offset

    def fact(self, type: str, value, start: int, end: int, **fields) -> Fact:
        """A Fact for the span [start, end) with its evidence sentence, page and extractor filled in."""
        s, e = self.sentence_at(start)
        e = max(e, end)
        fields.setdefault("as_written", self.text.text[start:end])
        return Fact(type=type, value=value, start=start, end=end,
                    evidence=self.text.text[s:e], evidence_start=s, evidence_end=e,
                    page=self.text.page_of(start),
                    extractor=self.extractor.name if self.extractor else "",
                    extractor_version=self.extractor.version if self.extractor else 0,
                    **fields)


def _covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any of the sorted, short ``spans`` overlaps [start, end)."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    return any(s < end and start < max(e, s + 1) for s, e in spans[max(0, i - 4):i + 1])


def run(text: Text, only: Iterable[str] | None = None) -> list[Fact]:
    """Run every registered extractor (or those named in ``only``) over one text.

    Then each fact is attached to the cluster it is about (``Fact.cluster``) and programme-level
    facts get ``scope="national"``: see :mod:`extractors.attach`. Exact duplicates (same type,
    value and span) are dropped.
    """
    from extractors.attach import attach

    ctx = Context(text)
    facts: list[Fact] = []
    wanted = set(only) if only is not None else None
    for name, ex in sorted(load().items()):
        if wanted is not None and name not in wanted:
            continue
        ctx.extractor = ex
        facts.extend(ex.fn(ctx))
    seen: set = set()
    unique = []
    for f in facts:
        key = (f.type, str(f.value), f.start, f.end, f.qualifier, f.period, f.subject, f.rank)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    attach(ctx, unique)
    unique.sort(key=lambda f: (f.start, f.end, f.type))
    return drop_repeats(unique)


def drop_repeats(facts: list[Fact]) -> list[Fact]:
    """Facts without the repeats of a sentence the page says twice (a headline printed again as the
    lead, a summary repeated): the same type, value, unit, qualifier, scope and sentence text as an
    earlier fact. The first mention is kept; the same figure in a different sentence stays."""
    seen: set = set()
    out = []
    for f in facts:
        key = (f.type, str(f.value), f.unit, f.qualifier, f.scope, f.period, f.subject, f.rank,
               " ".join(f.evidence.split()))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def clusters_of(text: Text, facts: list[Fact]) -> list:
    """The clusters a document speaks of: its main cluster and every cluster some fact is about.

    Each is a :class:`pipeline.model.Cluster` with its display name, product, city, province,
    ``main`` and its row key (product lemma + province: the same cluster named differently in two
    documents is one row; see :func:`extractors.clusters.cluster_key`).
    """
    from extractors.clusters import identify
    from pipeline.model import Cluster

    found = identify(text.text)
    wanted = {f.cluster for f in facts if f.cluster}
    out: list[Cluster] = []
    for c in found.clusters:
        if c.main or c.name in wanted:
            out.append(Cluster(name=c.name, product=c.product, city=c.city, province=c.province, main=c.main,
                               identity=c.ident or None))
    known = {c.name for c in out}
    for name in sorted(wanted - known):  # named by an extractor that identify() does not know (a table's row)
        from extractors.clusters import parse_name

        product, city, province, ident = parse_name(name)
        out.append(Cluster(name=name, product=product, city=city, province=province, identity=ident))
    return out
