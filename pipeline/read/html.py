"""Web pages: the main text, without navigation, sidebars, footers and comment forms.

trafilatura finds the main content (it beats hand-written boilerplate rules on real news sites, and
is what its authors evaluate on hundreds of pages); we walk its XML so headings, paragraphs, list
items and table rows each become one line, table cells joined by TAB in document order (which is
reading order: the DOM is logical, the browser lays it out right to left). When trafilatura finds no
main content (a bare page), a plain walk of <body> without its boilerplate elements is the fallback.

Hostile pages: binary data named .html is refused rather than stored as mojibake; a page nested
deeper than libxml2's 256 levels (unclosed tags by the thousand) would lose everything below that
depth without a word, in trafilatura and in lxml alike, so such a page is read by a streaming
tokenizer (:mod:`html.parser`) that builds no tree.
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
    return _lines_of(chunks), title


def _lines_of(chunks: list[str]) -> list[str]:
    lines = []
    for line in "".join(chunks).split("\n"):
        cells = [_clean(c) for c in line.split(CELL_SEP)]
        cells = [c for c in cells if c]
        if cells:
            lines.append(CELL_SEP.join(cells))
    return lines


def _too_deep(data: bytes) -> bool:
    """libxml2 stops building the tree at 256 levels and silently drops what lies deeper."""
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(data, parser=parser)
    except Exception:  # unparseable: the fallback reports it
        return False
    return any("Excessive depth" in e.message for e in parser.error_log)


def _render_flat(data: bytes) -> tuple[list[str], str | None]:
    """The page's text by a streaming tokenizer: no tree, so no depth limit (and no recursion)."""
    from html.parser import HTMLParser

    from trafilatura.utils import decode_file  # its charset detection, with bounded decompression

    chunks: list[str] = []
    title: list[str] = []
    skipping: list[str] = []  # open boilerplate elements whose text is left out
    in_title = False

    class Flat(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal in_title
            if tag in _BOILERPLATE:
                skipping.append(tag)
            elif tag == "title":
                in_title = True
            elif tag in _BLOCKS:
                chunks.append("\n")
                if tag in ("td", "th"):
                    chunks.append(CELL_SEP)

        def handle_endtag(self, tag):
            nonlocal in_title
            if skipping and tag == skipping[-1]:
                skipping.pop()
            elif tag == "title":
                in_title = False
            elif tag in _BLOCKS:
                chunks.append("\n")

        def handle_data(self, text):
            if in_title:
                title.append(text)
            elif not skipping:
                chunks.append(text)

    flat = Flat(convert_charrefs=True)
    flat.feed(decode_file(data))
    flat.close()
    return _lines_of(chunks), _clean("".join(title)) or None


_GZIP = b"\x1f\x8b\x08"  # trafilatura inflates a gzipped page itself (bounded)


def _binary(data: bytes) -> bool:
    """Control bytes all over: not a web page (UTF-16 pages, with their zero bytes, excepted)."""
    from pipeline.read.txt import _sniff_utf16

    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", _GZIP)) or _sniff_utf16(sample):
        return False
    controls = sum(sample.count(bytes([b])) for b in (*range(0, 9), 11, *range(14, 32), 127))
    return controls > max(2, len(sample) // 1000)


def read(data: bytes, path: str):
    import trafilatura

    from pipeline.read import Parsed

    if _binary(data):
        raise CorruptFile("binary data, not an HTML page")
    if _too_deep(data):
        lines, title = _render_flat(data)
        if not lines:
            raise EmptyDocument("HTML page has no body text")
        return Parsed([Page(1, "\n".join(lines))], title=title)
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
