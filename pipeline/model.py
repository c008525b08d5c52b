"""The data that flows through the pipeline: Document -> Text -> Fact.

Every stage takes and returns these objects; nothing here does I/O.

Provenance is carried by offsets. A :class:`Document` holds the raw text of each page exactly as the
reader produced it; its ``raw_text`` is the pages joined by form feeds. A :class:`Text` holds the
normalized text plus ``origin``: for each normalized character, the index in ``raw_text`` it came
from. Each repair step builds its output as a :class:`MappedStr` (text + origin), so the maps compose
step by step, and any span of normalized text can be traced back to its raw page and line.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

PAGE_BREAK = "\f"
CELL_SEP = "\t"  # a table row is one line, its cells in reading order joined by TAB


@dataclass
class Page:
    """One page (or slide, or the whole of a text file) of raw text, numbered from 1."""

    number: int
    text: str
    kind: str = "text"  # text | ocr


@dataclass
class Document:
    """What a reader returns: the file's identity and its pages of raw text."""

    path: str
    format: str
    sha256: str
    size: int
    pages: list[Page]
    title: str | None = None
    reader: str = ""
    reader_version: int = 0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def raw_text(self) -> str:
        return PAGE_BREAK.join(p.text for p in self.pages)

    @property
    def page_starts(self) -> list[int]:
        """Offset in ``raw_text`` at which each page starts."""
        starts, pos = [], 0
        for p in self.pages:
            starts.append(pos)
            pos += len(p.text) + len(PAGE_BREAK)
        return starts


class MappedStr:
    """A string whose every character remembers the raw-text index it came from.

    >>> s = MappedStr.identity("كي خوشه")
    >>> t = s.sub("ك", "ک")
    >>> t.text, t.origin[:2]
    ('کي خوشه', [0, 1])
    """

    __slots__ = ("text", "origin")

    def __init__(self, text: str, origin: Sequence[int]):
        if len(text) != len(origin):
            raise ValueError("text and origin must have the same length")
        self.text = text
        self.origin = list(origin)

    @classmethod
    def identity(cls, text: str, start: int = 0) -> "MappedStr":
        return cls(text, range(start, start + len(text)))

    @classmethod
    def empty(cls) -> "MappedStr":
        return cls("", [])

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"MappedStr({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MappedStr) and self.text == other.text and self.origin == other.origin

    def __getitem__(self, key: slice) -> "MappedStr":
        if not isinstance(key, slice):
            key = slice(key, key + 1 if key != -1 else None)
        return MappedStr(self.text[key], self.origin[key])

    def __add__(self, other: "MappedStr") -> "MappedStr":
        return MappedStr(self.text + other.text, self.origin + other.origin)

    def anchor(self, at_end: bool = False) -> int:
        """The raw index an inserted character next to this string should point at."""
        if not self.origin:
            return 0
        return self.origin[-1] if at_end else self.origin[0]

    def insert_text(self, text: str, at_end: bool = True) -> "MappedStr":
        """A synthetic string (a space, a ZWNJ) pointing at this string's edge."""
        return MappedStr(text, [self.anchor(at_end)] * len(text))

    @classmethod
    def join(cls, sep: str, parts: Iterable["MappedStr"]) -> "MappedStr":
        """Join parts with a synthetic separator that points at the end of the part before it."""
        text: list[str] = []
        origin: list[int] = []
        for i, part in enumerate(parts):
            if i and sep:
                text.append(sep)
                origin.extend([origin[-1] if origin else (part.origin[0] if part.origin else 0)] * len(sep))
            text.append(part.text)
            origin.extend(part.origin)
        return cls("".join(text), origin)

    def strip(self, chars: str | None = None) -> "MappedStr":
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self[left:max(left, right)]

    def split_lines(self) -> list["MappedStr"]:
        out, pos = [], 0
        for line in self.text.split("\n"):
            out.append(self[pos:pos + len(line)])
            pos += len(line) + 1
        return out

    def translate(self, table: dict[int, Any]) -> "MappedStr":
        """str.translate keeping the map; a character mapped to several keeps its origin for each."""
        text: list[str] = []
        origin: list[int] = []
        for ch, o in zip(self.text, self.origin):
            rep = table.get(ord(ch), ch)
            if rep is None:
                continue
            if isinstance(rep, int):
                rep = chr(rep)
            text.append(rep)
            origin.extend([o] * len(rep))
        return MappedStr("".join(text), origin)

    def sub(self, pattern: str | re.Pattern, repl: str | Callable[[re.Match], str], count: int = 0) -> "MappedStr":
        """re.sub keeping the map.

        Replacement characters map one to one onto the match while both have characters left, and the
        rest onto the match's last character (or, for an empty match, onto the next character).
        """
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        text: list[str] = []
        origin: list[int] = []
        pos = 0
        n = 0
        for m in rx.finditer(self.text):
            if count and n >= count:
                break
            n += 1
            s, e = m.span()
            text.append(self.text[pos:s])
            origin.extend(self.origin[pos:s])
            rep = repl(m) if callable(repl) else m.expand(repl)
            if e > s:
                src = self.origin[s:e]
            elif s < len(self.origin):
                src = [self.origin[s]]
            else:
                src = [self.origin[-1]] if self.origin else [0]
            text.append(rep)
            origin.extend(src[min(i, len(src) - 1)] for i in range(len(rep)))
            pos = e
        text.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return MappedStr("".join(text), origin)


@dataclass
class Text:
    """Normalized text of one document and the map back to its raw pages and lines."""

    document: Document
    text: str
    origin: list[int]
    normalizer: str = ""  # the steps and versions that produced it: "layout.1+orthography.1"

    def __post_init__(self) -> None:
        if len(self.text) != len(self.origin):
            raise ValueError("text and origin must have the same length")
        self._page_starts = self.document.page_starts
        self._raw = self.document.raw_text
        self._line_starts: list[int] | None = None

    @classmethod
    def from_mapped(cls, document: Document, mapped: MappedStr, normalizer: str = "") -> "Text":
        return cls(document, mapped.text, mapped.origin, normalizer)

    def raw_offset(self, offset: int) -> int:
        if not self.origin:
            return 0
        return self.origin[min(max(offset, 0), len(self.origin) - 1)]

    def page_of(self, offset: int) -> int | None:
        """Page number (from 1) of the normalized character at ``offset``."""
        if not self.document.pages:
            return None
        i = bisect.bisect_right(self._page_starts, self.raw_offset(offset)) - 1
        return self.document.pages[max(i, 0)].number

    def raw_line_of(self, offset: int) -> tuple[int | None, int]:
        """(page, line within that page, from 1) of the raw line the character came from."""
        raw = self.raw_offset(offset)
        page_index = max(bisect.bisect_right(self._page_starts, raw) - 1, 0)
        start = self._page_starts[page_index] if self._page_starts else 0
        line = self._raw.count("\n", start, raw) + 1
        page = self.document.pages[page_index].number if self.document.pages else None
        return page, line

    def paragraphs(self) -> Iterator[tuple[int, int]]:
        """(start, end) of each non-empty line of the normalized text: one paragraph, bullet or row."""
        pos = 0
        for line in self.text.split("\n"):
            if line.strip():
                yield pos, pos + len(line)
            pos += len(line) + 1

    def origin_runs(self) -> list[list[int]]:
        """The origin map as runs [normalized_start, raw_start, length]: compact enough to store."""
        runs: list[list[int]] = []
        for i, o in enumerate(self.origin):
            if runs and runs[-1][1] + runs[-1][2] == o and runs[-1][0] + runs[-1][2] == i:
                runs[-1][2] += 1
            else:
                runs.append([i, o, 1])
        return runs

    @staticmethod
    def origin_from_runs(runs: Sequence[Sequence[int]], length: int) -> list[int]:
        origin = [0] * length
        for start, raw, n in runs:
            origin[start:start + n] = range(raw, raw + n)
        return origin


QUALIFIERS = ("exact", "approx", "more_than", "less_than", "at_least", "at_most")


@dataclass
class Fact:
    """One fact with its provenance.

    ``start``/``end`` delimit the words that state the fact in the document's normalized text;
    ``evidence`` is the sentence around them (``evidence_start``/``evidence_end``).
    ``alignment`` says how the span was found: ``exact`` when it is the matched text itself,
    ``derived`` when the value was computed from it (a split of glued table numbers, say).
    """

    type: str
    value: float | int | str | None
    start: int
    end: int
    evidence: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    unit: str | None = None
    qualifier: str = "exact"
    as_written: str = ""
    page: int | None = None
    extractor: str = ""
    extractor_version: int = 0
    confidence: float = 1.0
    alignment: str = "exact"
    cluster: str | None = None
    scope: str | None = None
    jalali: str | None = None
    gregorian_start: str | None = None
    gregorian_end: str | None = None
    period: str | None = None
    subject: str | None = None
    rank: int | None = None
    year: int | None = None
    raw_value: str | None = None

    def __post_init__(self) -> None:
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}; expected one of {QUALIFIERS}")

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if isinstance(self.value, float) and self.value.is_integer():
            d["value"] = int(self.value)
        return d


@dataclass
class Cluster:
    """A business cluster a document speaks of (خوشه فرش دستباف قم)."""

    name: str
    product: str | None = None
    city: str | None = None
    province: str | None = None
    main: bool = False  # the cluster the document is chiefly about
    identity: str | None = None  # the row key extraction gave it (product lemma + province)

    @property
    def key(self) -> str:
        """Identity across documents, so one cluster is one row: the key extraction gave it
        (``extractors.clusters.cluster_key``), else the canonical form of its name."""
        from pipeline.textutil import canonical_key  # local: model stays dependency-free

        return self.identity or canonical_key(self.name)


@dataclass
class Extraction:
    """What extraction returns for one document."""

    facts: list[Fact]
    clusters: list[Cluster]
    versions: dict[str, int]
