"""The normalize stage: ``normalize(Document) -> Text``.

Steps run in order over a :class:`~pipeline.model.MappedStr` that starts as the document's raw
text; each step returns a new MappedStr whose origin map points into the raw text, so the maps
compose and every normalized character can be traced to its raw page and line.
"""
from __future__ import annotations

from pipeline.model import Document, MappedStr, Text
from pipeline.repair import layout, orthography

NAME = "normalize"
STEPS = (layout.lines, orthography.unify)


def version() -> str:
    return "+".join(f"{step.NAME}.{step.VERSION}" for step in _step_modules())


def _step_modules():
    return (layout, orthography)


def normalize_mapped(raw: MappedStr) -> MappedStr:
    for step in STEPS:
        raw = step(raw)
    return raw


def normalize(document: Document) -> Text:
    mapped = normalize_mapped(MappedStr.identity(document.raw_text))
    return Text.from_mapped(document, mapped, version())


def normalize_query(text: str) -> str:
    """The same orthography for a search query as for the documents it searches."""
    return orthography.unify(MappedStr.identity(text)).text
