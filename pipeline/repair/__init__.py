"""The normalize stage: ``normalize(Document) -> Text``.

Steps run in order over a :class:`~pipeline.model.MappedStr` that starts as the document's raw
text; each step returns a new MappedStr whose origin map points into the raw text, so the maps
compose and every normalized character can be traced to its raw page and line:

1. ``orthography.unify``: characters (Persian letters for Arabic ones, ASCII digits, no tatweel,
   diacritics or bidi controls, presentation forms folded); spaces and line breaks untouched;
2. ``layout.repair``: visual-order repair of each line, decided with the order model over the page,
   word repairs (swapped ligature letters, stretched words), paragraphs, title blocks, table rows;
   for a document whose reader guarantees logical order (:func:`reads_in_logical_order`: DOCX,
   HTML, PPTX, a PDF whose reader checked its lines) only paragraphs, title blocks and table rows;
3. ``orthography.polish``: zero-width non-joiners where Persian orthography wants them (lexicon
   checked), numbers apart from the words glued to them, spacing around punctuation.

``normalize_query`` gives a search query the same orthography (steps 1 and 3, no layout).
"""
from __future__ import annotations

from pipeline.model import Document, MappedStr, Text
from pipeline.repair import layout, orthography

NAME = "normalize"


def version() -> str:
    from pipeline.repair import order_model

    return (f"orthography.{orthography.VERSION}+layout.{layout.VERSION}"
            f"+order_model.{order_model.VERSION}")


# formats whose readers take the text from a document tree (DOM, XML) in logical order: nothing in
# them comes out in visual order
LOGICAL_FORMATS = frozenset({"docx", "html", "pptx"})


def reads_in_logical_order(document: Document) -> bool:
    """Does the reader guarantee the text is in logical order (so no visual-order repair)? Yes for
    the formats read from a document tree, and for a PDF whose reader checked every line's order
    (``meta["reading_order"] == "logical"``); no for plain text and other PDFs."""
    return (document.meta or {}).get("reading_order") == "logical" or document.format in LOGICAL_FORMATS


def normalize_mapped(raw: MappedStr, logical: bool = False, continued: frozenset[int] = frozenset()) -> MappedStr:
    """``raw`` normalized; ``logical``: the text is known to be in logical order, so only the
    orthography and the layout (paragraphs, title blocks, table rows) apply, no visual-order repair;
    ``continued``: pages (by position) whose first paragraph goes on from the page before."""
    text = orthography.unify(raw)
    arabic_forms = _arabic_forms(raw)
    text = layout.repair(text, arabic_forms, visual_order=not logical, continued=continued)
    return orthography.polish(text)


def continued_pages(document: Document) -> frozenset[int]:
    """The positions of the pages whose reader saw a paragraph run over from the page before
    (``meta["runs_on"]``: page numbers)."""
    numbers = set((document.meta or {}).get("runs_on") or ())
    return frozenset(i for i, p in enumerate(document.pages) if p.number in numbers and i > 0)


class _ArabicForms:
    """The raw offsets that hold Arabic ي ك ى, as a set would answer ``offset in forms`` (the
    ligature repair is bolder where a font wrote them), without listing them."""

    __slots__ = ("text", "any")

    def __init__(self, raw_text: str):
        self.text = raw_text
        self.any = "ي" in raw_text or "ك" in raw_text or "ى" in raw_text

    def __bool__(self) -> bool:
        return self.any

    def __contains__(self, offset: int) -> bool:
        return 0 <= offset < len(self.text) and self.text[offset] in "يكى"


def _arabic_forms(raw: MappedStr) -> _ArabicForms | set[int]:
    t, origin = raw.text, raw.origin
    if not origin or (origin[0] == 0 and origin[-1] == len(t) - 1):  # the identity map
        return _ArabicForms(t)
    return {origin[i] for i, ch in enumerate(t) if ch in "يكى"}


def normalize(document: Document) -> Text:
    mapped = normalize_mapped(MappedStr.identity(document.raw_text), logical=reads_in_logical_order(document),
                              continued=continued_pages(document))
    return Text.from_mapped(document, mapped, version())


def normalize_query(text: str) -> str:
    """The same orthography for a search query as for the documents it searches."""
    return orthography.polish(orthography.unify(MappedStr.identity(text))).text
