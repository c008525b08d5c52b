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
MODULES = ("contacts", "tables")


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
    """What an extractor sees: the text, its sentences, and a helper to build facts with provenance."""

    def __init__(self, text: Text):
        self.text = text
        self.extractor: Extractor | None = None

    @property
    def string(self) -> str:
        return self.text.text

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        from pipeline.segment import sentences

        return sentences(self.text.text)

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


def run(text: Text, only: Iterable[str] | None = None) -> list[Fact]:
    """Run every registered extractor (or those named in ``only``) over one text."""
    ctx = Context(text)
    facts: list[Fact] = []
    wanted = set(only) if only is not None else None
    for name, ex in sorted(load().items()):
        if wanted is not None and name not in wanted:
            continue
        ctx.extractor = ex
        facts.extend(ex.fn(ctx))
    facts.sort(key=lambda f: (f.start, f.end, f.type))
    return facts


def clusters_of(text: Text, facts: list[Fact]) -> list:
    """The clusters a document speaks of, each named by some fact's ``cluster``."""
    from pipeline.model import Cluster

    seen: dict[str, Cluster] = {}
    for f in facts:
        if f.cluster and f.cluster not in seen:
            seen[f.cluster] = Cluster(name=f.cluster)
    return list(seen.values())
