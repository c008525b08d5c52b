"""Slide decks (.pptx) with python-pptx: one page per slide, shapes in reading order.

A slide's title comes first; the other shapes are read top to bottom and, within a band of the same
height, right to left (Persian slides are laid out from the right). Text frames give one line per
paragraph; a table gives one line per row with its cells in reading order joined by TAB (the XML
order, which a right-to-left table draws from the right). Groups are read recursively.
Speaker notes are kept apart: they are not what the audience saw.
"""
from __future__ import annotations

import io

from pipeline.errors import CorruptFile
from pipeline.model import CELL_SEP, Page
from pipeline.read.safezip import open_package

NAME = "pptx"
VERSION = 1

_BAND_EMU = 914400 // 4  # shapes whose tops are within a quarter inch share a row


def _shape_lines(shape) -> list[str]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    lines: list[str] = []
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        for sub in _ordered(shape.shapes):
            lines.extend(_shape_lines(sub))
        return lines
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if cell.is_spanned:  # covered by a merged neighbour: its text lives there
                    continue
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append(" ".join(cell.text.split()))
            if any(cells):
                lines.append(CELL_SEP.join(cells))
        return lines
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        for para in shape.text_frame.paragraphs:
            text = para.text.replace("\x0b", " ").replace("\t", " ").strip()  # \v: a soft line break
            if text:
                lines.append(text)
    return lines


def _ordered(shapes) -> list:
    def key(shape):
        top = shape.top if shape.top is not None else 0
        left = shape.left if shape.left is not None else 0
        width = shape.width if shape.width is not None else 0
        is_title = getattr(shape, "is_placeholder", False) and _is_title(shape)
        return (not is_title, top // _BAND_EMU, -(left + width))

    return sorted(shapes, key=key)


def _is_title(shape) -> bool:
    try:
        return shape.placeholder_format.type in (1, 3)  # TITLE, CENTER_TITLE
    except ValueError:
        return False


def read(data: bytes, path: str):
    from pptx import Presentation

    from pipeline.read import Parsed

    open_package(data, "PPTX")
    try:
        deck = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises KeyError, ValueError, lxml errors on broken parts
        raise CorruptFile(f"cannot open PPTX: {type(exc).__name__}: {exc}") from None
    pages, notes = [], {}
    for number, slide in enumerate(deck.slides, start=1):
        lines: list[str] = []
        for shape in _ordered(slide.shapes):
            lines.extend(_shape_lines(shape))
        pages.append(Page(number, "\n".join(lines)))
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            note = slide.notes_slide.notes_text_frame.text.strip()
            if note:
                notes[number] = note
    title = (deck.core_properties.title or "").strip() or next(
        (p.text.split("\n", 1)[0] for p in pages if p.text.strip()), None)
    return Parsed(pages, title=title[:200] if title else None, meta={"notes": notes} if notes else {})
