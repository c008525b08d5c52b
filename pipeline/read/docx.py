"""Word documents (.docx) with python-docx: paragraphs and tables in document order.

A table row becomes one line, its cells in XML order joined by TAB: in a right-to-left table that is
reading order (the first cell is drawn rightmost). A merged cell appears once. An explicit page
break starts a new page; headers and footers are page furniture and are left out.
"""
from __future__ import annotations

import io

from pipeline.errors import CorruptFile
from pipeline.model import CELL_SEP, Page
from pipeline.read.safezip import open_package

NAME = "docx"
VERSION = 1

BULLET = "• "
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cell_text(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


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
    from docx.text.paragraph import Paragraph

    from pipeline.read import Parsed

    open_package(data, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on broken parts
        raise CorruptFile(f"cannot open DOCX: {type(exc).__name__}: {exc}") from None
    pages: list[list[str]] = [[]]
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            para = Paragraph(child, document)
            text = para.text.strip()
            if text:
                numbered = child.find(f"{_W}pPr/{_W}numPr") is not None
                pages[-1].append((BULLET + text) if numbered else text)
            if child.findall(f".//{_W}br[@{_W}type='page']"):
                pages.append([])
        elif child.tag == f"{_W}tbl":
            pages[-1].extend(_table_lines(Table(child, document)))
    title = (document.core_properties.title or "").strip() or None
    if title is None:
        title = next((line for page in pages for line in page), None)
    return Parsed([Page(i + 1, "\n".join(lines)) for i, lines in enumerate(pages)],
                  title=title[:200] if title else None)
