"""Web pages: the main text, without navigation, sidebars, footers and comment forms.

trafilatura finds the main content (it beats hand-written boilerplate rules on real news sites, and
is what its authors evaluate on hundreds of pages); we walk its XML so headings, paragraphs, list
items and table rows each become one line, table cells joined by TAB in document order (which is
reading order: the DOM is logical, the browser lays it out right to left). When trafilatura finds no
main content (a bare page), a plain walk of <body> without its boilerplate elements is the fallback.
"""
from __future__ import annotations

import re

from pipeline.errors import CorruptFile, EmptyDocument
from pipeline.model import CELL_SEP, Page

NAME = "html"
VERSION = 1

BULLET = "• "
_BOILERPLATE = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template",
                "iframe", "button", "select", "textarea", "svg")
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
           "blockquote", "pre", "dd", "dt", "figcaption", "caption", "br", "td", "th"}
_SPACES = re.compile(r"[ \t\u00a0]+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _render_trafilatura(body) -> list[str]:
    lines: list[str] = []
    for el in body:
        tag = el.tag
        if tag == "table":
            for row in el.iter("row"):
                cells = [_clean(" ".join(c.itertext())) for c in row.iter("cell")]
                if any(cells):
                    lines.append(CELL_SEP.join(cells))
        elif tag == "list":
            for item in el.iter("item"):
                text = _clean(" ".join(item.itertext()))
                if text:
                    lines.append(BULLET + text)
        else:
            text = _clean("".join(el.itertext()))
            if text:
                lines.append(text)
    return lines


def _render_fallback(data: bytes) -> tuple[list[str], str | None]:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data)
    except Exception as exc:  # lxml raises several types for broken input
        raise CorruptFile(f"cannot parse HTML: {exc}") from None
    title_el = root.find(".//title")
    title = _clean(title_el.text_content()) if title_el is not None else None
    for el in root.xpath("|".join(f"//{t}" for t in _BOILERPLATE)):
        el.drop_tree()
    body = root.find(".//body")
    if body is None:
        return [], title
    chunks: list[str] = []
    for el in body.iter():
        if el.tag in _BLOCKS:
            chunks.append("\n")
        if el.tag == "td" or el.tag == "th":
            chunks.append(CELL_SEP)
        if el.text and isinstance(el.tag, str):
            chunks.append(el.text)
        if el.tail:
            chunks.append(el.tail)
    lines = []
    for line in "".join(chunks).split("\n"):
        cells = [_clean(c) for c in line.split(CELL_SEP)]
        cells = [c for c in cells if c]
        if cells:
            lines.append(CELL_SEP.join(cells))
    return lines, title


def read(data: bytes, path: str):
    import trafilatura

    from pipeline.read import Parsed

    lines: list[str] = []
    title = None
    try:
        doc = trafilatura.bare_extraction(data, include_tables=True, include_comments=False,
                                          include_formatting=False, with_metadata=True, favor_recall=True)
    except Exception:  # a page trafilatura cannot handle still gets the plain walk below
        doc = None
    if doc is not None and doc.body is not None:
        lines = _render_trafilatura(doc.body)
        title = _clean(doc.title) if doc.title else None
    if not lines:
        lines, fallback_title = _render_fallback(data)
        title = title or fallback_title
    if not lines:
        raise EmptyDocument("HTML page has no body text")
    return Parsed([Page(1, "\n".join(lines))], title=title)
