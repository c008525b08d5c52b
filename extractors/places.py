"""Places: Iran's 31 provinces and their main cities, from ``data/provinces.tsv`` and ``data/cities.tsv``.

Each entry has a strength. A *strong* name is a place wherever it stands (زنجان، اراک). A *weak* one
is also an ordinary word or another place (مرکزی "central", محلات "neighbourhoods", فارس as in
خلیج فارس): it counts after استان/شهر/شهرستان, or as the last word of a cluster's name
(«خوشه گل و گیاهان زینتی محلات»). An *ambiguous* one is a common word (بافت "weave", بهار
"spring") and counts only after شهر/شهرستان/بخش.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractors import lexicon

_L = lexicon.LETTER
_SP = "[ \u200c]*"


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    name: str         # canonical spelling
    kind: str         # province | city
    province: str     # the province (itself, for a province)
    strength: str
    after_marker: str = ""  # استان / شهر / شهرستان before it, if any


@functools.lru_cache(maxsize=None)
def _entries() -> dict[str, tuple[str, str, str, str]]:
    """compact spelling -> (canonical name, kind, province, strength)"""
    out: dict[str, tuple[str, str, str, str]] = {}
    for row in lexicon.rows("provinces.tsv"):
        name, variants, strength = (list(row) + ["", "", "strong"])[:3]
        for v in [name] + [x for x in variants.split(";") if x.strip()]:
            out[lexicon.compact(v)] = (name, "province", name, strength or "strong")
    # a capital shares its province's name (قم، زنجان): bare, it is the city (in its province);
    # after استان it is the province (find_places turns it back)
    for row in lexicon.rows("cities.tsv"):
        city, province, variants, strength = (list(row) + ["", "", "", "strong"])[:4]
        for v in [city] + [x for x in variants.split(";") if x.strip()]:
            out[lexicon.compact(v)] = (city, "city", province, strength or "strong")
    return out


@functools.lru_cache(maxsize=None)
def provinces() -> frozenset[str]:
    return frozenset(row[0] for row in lexicon.rows("provinces.tsv"))


@functools.lru_cache(maxsize=None)
def _regex() -> re.Pattern:
    spellings = set()
    for row in lexicon.rows("cities.tsv") + lexicon.rows("provinces.tsv"):
        spellings.add(row[0])
        for cell in row[1:]:
            spellings.update(x for x in cell.split(";") if x.strip() and not x.strip() in ("strong", "weak", "ambiguous"))
    spellings = {s for s in spellings if lexicon.compact(s) in _entries()}
    marker = rf"(?:(?P<marker>استان|شهرستان|شهر|بخش){_SP}(?:های{_SP})?)?"
    return re.compile(rf"(?<!{_L}){marker}(?P<place>{lexicon.alternation(spellings)})(?!{_L})")


def lookup(name: str) -> tuple[str, str, str, str] | None:
    """(canonical name, kind, province, strength) of a place name, or None."""
    return _entries().get(lexicon.compact(name))


def province_of(name: str) -> str | None:
    hit = lookup(name)
    return hit[2] if hit else None


def find_places(text: str, include_weak_at: set[int] | None = None) -> list[Place]:
    """Places in ``text`` that count where they stand (see the module docstring).

    ``include_weak_at``: start offsets where a weak name is accepted anyway (the end of a cluster name).
    """
    out = []
    for m in _regex().finditer(text):
        name, kind, province, strength = _entries()[lexicon.compact(m.group("place"))]
        marker = lexicon.compact(m.group("marker") or "")
        if strength == "ambiguous" and marker not in ("شهر", "شهرستان", "بخش"):
            continue
        if strength == "weak" and not marker and not (include_weak_at and m.start("place") in include_weak_at):
            continue
        if marker == "استان" and kind == "city":
            # «استان اردبیل» names the province, whose capital shares the name
            if name in provinces():
                kind, province = "province", name
        out.append(Place(m.start("place"), m.end("place"), name, kind, province, strength, marker))
    return out


def place_ending(text: str, start: int, end: int) -> Place | None:
    """The place that ends text[start:end] (weak names accepted), with استان/شهر before it if present."""
    best = None
    for m in _regex().finditer(text, start, end):
        if m.end() != end:
            continue
        name, kind, province, strength = _entries()[lexicon.compact(m.group("place"))]
        marker = lexicon.compact(m.group("marker") or "")
        if strength == "ambiguous" and marker not in ("شهر", "شهرستان", "بخش"):
            continue
        if marker == "استان" and name in provinces():
            kind, province = "province", name
        best = Place(m.start(), m.end(), name, kind, province, strength, marker)  # the span holds استان
    return best
