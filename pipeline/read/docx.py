"""Word documents (.docx) with python-docx: paragraphs and tables in document order.

A table row becomes one line, its cells in XML order joined by TAB: in a right-to-left table that is
reading order (the first cell is drawn rightmost). A merged cell appears once; a table inside a cell
is read into the cell's text. An explicit page break starts a new page; headers and footers are page
furniture and are left out.

What Word files hold besides plain paragraphs, read as Word shows it:

* content controls (``w:sdt``: cover pages, tables of contents, form fields) are read through;
* tracked changes: inserted text is read, deleted text is not (``w:del``, ``w:moveFrom``);
* text boxes and shapes with text (``w:txbxContent``) come as paragraphs after the paragraph that
  anchors them; Word writes each twice (a DrawingML box and a VML fallback), read once;
* a tab inside a paragraph is a space (TAB separates table cells in our text), a line break inside a
  paragraph a space, a non-breaking hyphen a hyphen.
"""
from __future__ import annotations

import io

from pipeline.errors import CorruptFile
from pipeline.model import CELL_SEP, Page
from pipeline.read.safezip import open_package

NAME = "docx"
VERSION = 2

BULLET = "• "
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIPPED = frozenset({f"{_W}del", f"{_W}moveFrom", f"{_MC}Fallback", f"{_W}txbxContent",
                      f"{_W}instrText", f"{_W}delInstrText"})
_SPACES = {f"{_W}tab": " ", f"{_W}br": " ", f"{_W}cr": " ", f"{_W}noBreakHyphen": "-", f"{_W}softHyphen": ""}
_CONTAINERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo",
                         f"{_W}smartTag", f"{_W}hyperlink", f"{_W}fldSimple"})


def _para_text(p) -> str:
    """A paragraph's text as Word shows it (see the module docstring): its text boxes left out."""
    out: list[str] = []
    stack = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{_W}t":
            out.append(el.text or "")
        elif tag in _SPACES:
            if tag != f"{_W}br" or el.get(f"{_W}type") != "page":
                out.append(_SPACES[tag])
        elif len(el):
            stack.append(iter(el))
    return " ".join("".join(out).split())


def _text_boxes(p) -> list:
    """The paragraphs of the text boxes a paragraph anchors (the DrawingML copy, not the VML fallback)."""
    found = []
    for box in p.iter(f"{_W}txbxContent"):
        if any(a.tag == f"{_MC}Fallback" for a in box.iterancestors()):
            continue
        if any(a.tag == f"{_W}txbxContent" for a in box.iterancestors()):
            continue  # a box inside a box: read with its outer box
        found.append(box)
    return found


def _block_texts(parent) -> list[str]:
    """The paragraphs' texts of a container (a cell, a text box, a content control), tables within
    it flattened to their cells' texts."""
    out: list[str] = []
    for el in parent:
        tag = el.tag
        if tag == f"{_W}p":
            text = _para_text(el)
            if text:
                out.append(text)
            for box in _text_boxes(el):
                out.extend(_block_texts(box))
        elif tag == f"{_W}tbl":
            for tr in el.iter(f"{_W}tr"):
                for tc in tr.findall(f"{_W}tc"):
                    out.extend(_block_texts(tc))
        elif tag in _CONTAINERS:
            out.extend(_block_texts(el))
    return out


def _cell_text(cell) -> str:
    return " ".join(_block_texts(cell._tc))


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # python-docx repeats a merged cell for every grid column
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell).replace("\t", " "))
        if any(cells):
            lines.append(CELL_SEP.join(cells))
    return lines


def read(data: bytes, path: str):
    import docx
    from docx.table import Table

    from pipeline.read import Parsed

    open_package(data, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on broken parts
        raise CorruptFile(f"cannot open DOCX: {type(exc).__name__}: {exc}") from None
    pages: list[list[str]] = [[]]

    def walk(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                text = _para_text(child)
                if text:
                    numbered = child.find(f"{_W}pPr/{_W}numPr") is not None
                    pages[-1].append((BULLET + text) if numbered else text)
                for box in _text_boxes(child):
                    pages[-1].extend(_block_texts(box))
                if child.findall(f".//{_W}br[@{_W}type='page']"):
                    pages.append([])
            elif child.tag == f"{_W}tbl":
                pages[-1].extend(_table_lines(Table(child, document)))
            elif child.tag in _CONTAINERS:  # a content control around paragraphs and tables
                walk(child)

    walk(document.element.body)
    title = (document.core_properties.title or "").strip() or None
    if title is None:
        title = next((line for page in pages for line in page), None)
    return Parsed([Page(i + 1, "\n".join(lines)) for i, lines in enumerate(pages)],
                  title=title[:200] if title else None)
