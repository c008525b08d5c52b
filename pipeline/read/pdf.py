"""PDF: pages of text in true reading order, assembled from the glyphs themselves.

No ``extract_text`` setting of any library reads Persian PDFs right (see ``corpus/pdf/`` and
``bench/bench_pdf.py`` for the measurements), so this reader builds lines itself:

- :mod:`pipeline.read.pdf_glyphs` collects every glyph once, with its font size, baseline, ActualText
  and whether the font maps it to Unicode at all;
- :mod:`pipeline.read.pdf_layout` groups glyphs into rows by baseline, rows into columns by gutters,
  orders each line's units (:mod:`pipeline.read.pdf_bidi`) and joins lines into paragraphs;
- tables found by pdfplumber's table finder come out one row per line, cells in reading order (the
  rightmost first in a right-to-left table) joined by TAB, where the table stands on the page;
- running headers, footers and page numbers are set apart in ``Document.meta["furniture"]``;
- pages without a text layer go through OCR (:mod:`pipeline.read.ocr`, tesseract ``fas+eng``), or
  fail with a message saying how to enable it.
"""
from __future__ import annotations

import io
import re
import threading
import zlib
from collections import Counter

from pipeline.errors import CorruptFile, EmptyDocument, EncryptedFile, NoTextLayer, TooLarge
from pipeline.model import Page

NAME = "pdf"
VERSION = 2

MAX_PAGES = 3000
MAX_GLYPHS_PER_PAGE = 250_000
MIN_TEXT_GLYPHS = 8  # fewer visible glyphs than this on a page with an image: a scan
MIN_OUTLINED_SHAPES = 150  # or with this many vector paths: text drawn as outlines


MAX_STREAM_BYTES = 256 * 1024 * 1024  # one stream inflated (a page's content, an image, a font)
MAX_INFLATED_BYTES = 1024 * 1024 * 1024  # all streams of one document inflated


def _stream_too_large() -> TooLarge:
    return TooLarge(f"a PDF stream inflates to more than {MAX_STREAM_BYTES // 2**20:,} MB (a decompression bomb?)")


class _BoundedZlib:
    """What pdfminer's stream decoder uses of :mod:`zlib`, with inflation bounded: a few kilobytes
    of Flate data can claim gigabytes (a decompression bomb), and pdfminer inflates a stream whole.
    Installed in ``pdfminer.pdftypes`` in place of the module; the budget is per document and per
    thread (:meth:`reset` when a document is opened)."""

    error = zlib.error

    def __init__(self):
        self._local = threading.local()

    def reset(self) -> None:
        self._local.left = MAX_INFLATED_BYTES

    def _take(self, n: int) -> None:
        left = getattr(self._local, "left", MAX_INFLATED_BYTES) - n
        self._local.left = left
        if left < 0:
            raise TooLarge(f"PDF streams inflate to more than {MAX_INFLATED_BYTES // 2**20:,} MB in all "
                           f"(a decompression bomb?)")

    def decompress(self, data: bytes, *args) -> bytes:
        d = zlib.decompressobj()
        out = d.decompress(data, MAX_STREAM_BYTES + 1)
        if len(out) > MAX_STREAM_BYTES:
            raise _stream_too_large()
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says it
        self._take(len(out))
        return out

    def decompressobj(self, *args, **kwargs):
        return _BoundedInflater(self, zlib.decompressobj(*args, **kwargs))


class _BoundedInflater:
    """A decompressobj whose output counts against the document's budget (pdfminer feeds corrupted
    streams to one byte by byte)."""

    def __init__(self, bound: _BoundedZlib, inner):
        self._bound, self._inner, self._out = bound, inner, 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inner.decompress(data, max_length) if max_length else self._inner.decompress(data)
        self._out += len(out)
        if self._out > MAX_STREAM_BYTES:
            raise _stream_too_large()
        self._bound._take(len(out))
        return out

    def __getattr__(self, name):
        return getattr(self._inner, name)


_BOUNDED_ZLIB = _BoundedZlib()


def _bound_inflation() -> None:
    import pdfminer.pdftypes

    if pdfminer.pdftypes.zlib is not _BOUNDED_ZLIB:
        pdfminer.pdftypes.zlib = _BOUNDED_ZLIB
    _BOUNDED_ZLIB.reset()


def _quiet_pdfminer() -> None:
    """pdfminer logs what it works around on a damaged file («Invalid MediaBox», «Could not get
    FontBBox») as warnings; with no handler configured Python prints them bare on stderr, lines that
    name no file. A handler of our own keeps them off the terminal; an application that configures
    logging still receives them."""
    import logging

    log = logging.getLogger("pdfminer")
    if not log.handlers:
        log.addHandler(logging.NullHandler())


def open_pdf(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    _quiet_pdfminer()
    _bound_inflation()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: broken files fail here
    except Exception as exc:  # pdfminer raises many types on damaged files; pdfplumber wraps them
        inner = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args \
            and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, TooLarge):
            raise inner from None
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower() \
                or "encrypt" in type(inner).__name__.lower():
            raise EncryptedFile("PDF is encrypted and needs a password") from None
        if isinstance(inner, PDFSyntaxError):
            raise CorruptFile(f"not a readable PDF: {inner}") from None
        detail = f"{type(inner).__name__}: {inner}".rstrip(": ")
        raise CorruptFile(f"not a readable PDF ({detail})") from None
    return pdf


# --- one page -----------------------------------------------------------------------------------
class PageText:
    """A page's lines in reading order plus what furniture detection needs."""

    def __init__(self, number, lines, height, kind="text", visual=None):
        self.number = number
        self.lines = lines
        self.height = height
        self.kind = kind
        self.visual = visual  # (segments, sideways) of visual lines, to assemble again
        self.sideways: set[int] = set()  # ids of the lines set sideways (after the body)
        self.box = None  # (x0, x1) of the page's media box, in the glyphs' coordinates

    def body_lines(self):
        return [ln for ln in self.lines if id(ln) not in self.sideways]


def collect_glyphs(pdf, page):
    """Interpret the page once; the layout is kept on the page for pdfplumber's table finder."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    from pipeline.read.pdf_glyphs import make_collector

    device = make_collector(pdf.rsrcmgr, page.page_number, MAX_GLYPHS_PER_PAGE)
    try:
        PDFPageInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    except device.too_many:
        raise TooLarge(f"page {page.page_number} draws over {MAX_GLYPHS_PER_PAGE:,} glyphs") from None
    page._layout = device.get_result()
    sizes = Counter(g.span for g in device.glyphs if g.span)
    for g in device.glyphs:
        if g.span:
            g.span_size = sizes[g.span]
    return device.glyphs, page._layout


def _has_graphics(layout) -> bool:
    from pdfminer.layout import LTContainer, LTCurve

    stack = list(layout._objs)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTCurve):  # LTLine and LTRect are curves too
            return True
        if isinstance(obj, LTContainer):
            stack.extend(obj._objs)
    return False


_JUNK = re.compile("[\u00c0-\u024f\ue000-\uf8ff]")
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")


def _needs_ocr(glyphs, layout) -> bool:
    """A page without a usable text layer: a scan (an image and next to no text), text drawn in
    fonts that map nothing to Unicode, or text in a legacy encoding (Persian fonts whose glyphs
    map to Latin-1 letters: «ÇíÑÇä» for «ایران»). Such pages are read by OCR."""
    mapped = [g.actual if g.span and g.actual else g.text for g in glyphs
              if (not g.unmapped or (g.span and g.actual)) and g.text.strip()]
    if len(mapped) < MIN_TEXT_GLYPHS:
        unmapped = sum(1 for g in glyphs if g.unmapped)
        return unmapped >= 20 or _has_image(layout) or _drawn_shapes(layout) >= MIN_OUTLINED_SHAPES
    text = "".join(mapped)
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < 40:
        return False
    junk = len(_JUNK.findall(text))
    return junk >= 0.4 * letters and len(_ARABIC.findall(text)) < 0.05 * letters


_WORD = re.compile(
    r"""^[(\[«"'\u201c]*(?:[\u0600-\u06ff\u200c0-9]+|[A-Za-z]+(?:['\u2019\-][A-Za-z]+)*[0-9]*"""
    r"|[0-9\u06f0-\u06f9\u0660-\u0669]+(?:[.,/:\-\u066b\u066c][0-9\u06f0-\u06f9\u0660-\u0669]+)*[%\u066a]?"
    r"|[\w.+-]+@[\w.-]+|(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?)"
    r"""[)\]»"'\u201d.,;:!?\u060c\u061b\u061f]*$""")


def _garbled(visual) -> bool:
    """Text whose words are not words: a font whose codes stand for glyph numbers, decoded as if
    they were letters («#$%&'#&()*» or «ÍT(T») and glyphs with no mapping at all. PostScript round
    trips (pdftops, then ps2pdf) leave Persian PDFs that way. On the fixtures and other producers'
    pages 96-100% of the text is in word-like tokens; on such pages 0-27%."""
    from pipeline.read.pdf_layout import visual_lines

    tokens = [t for ln in visual_lines(*visual) for t in ln.text.split()]
    chars = sum(len(t) for t in tokens)
    if chars < 40:
        return False
    return sum(len(t) for t in tokens if _WORD.match(t)) < 0.6 * chars


def _drawn_shapes(layout) -> int:
    """Vector paths on the page: text turned into outlines (Ghostscript's -dNoOutputFonts, "convert
    text to curves" in drawing programs) is one path per glyph or so."""
    from pdfminer.layout import LTContainer, LTCurve

    count = 0
    stack = list(layout._objs)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTCurve):
            count += 1
        elif isinstance(obj, LTContainer):
            stack.extend(obj._objs)
    return count


def _has_image(layout) -> bool:
    from pdfminer.layout import LTContainer, LTImage

    stack = list(layout._objs)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTImage):
            return True
        if isinstance(obj, LTContainer):
            stack.extend(obj._objs)
    return False


def _graphics_only(page) -> None:
    """Give pdfplumber the page's lines, rectangles and curves but not its characters: the ruled-table
    finder needs only the edges, and turning every glyph into a dictionary is most of its cost."""
    from pdfminer.layout import LTAnno, LTChar, LTContainer, LTRect

    objects: dict[str, list] = {}
    stack = list(reversed(page._layout._objs))
    backdrop = 0.3 * float(page.width) * float(page.height)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
        elif not isinstance(obj, (LTChar, LTAnno)):
            if isinstance(obj, LTRect) and obj.fill and not obj.stroke and obj.width * obj.height > backdrop:
                continue  # a page's or a body's background (wkhtmltopdf paints one): no table's edges
            item = page.process_object(obj)
            objects.setdefault(item["object_type"], []).append(item)
    page._objects = objects


def _tables(page, glyphs, rtl_page: bool):
    """pdfplumber's ruled tables as table rows; returns (rows, glyphs left for the prose)."""
    from pipeline.read.pdf_layout import Row, TableBlock, line_of, make_rows

    try:
        _graphics_only(page)
        found = page.find_tables()
    except Exception:  # the table finder is an extra: a failure leaves the text as prose
        return [], glyphs
    height = float(page.height)
    mb_x0, mb_y0 = float(page.mediabox[0]), float(page.mediabox[1])
    rows_out = []
    taken: set[int] = set()
    for table in found:
        cells_rows = [r.cells for r in table.rows]
        if len(cells_rows) < 2 or max(len([c for c in cr if c]) for cr in cells_rows) < 2:
            continue  # a frame around a paragraph, not a table
        x0, top, x1, bottom = table.bbox
        dx0, dx1 = x0 - mb_x0, x1 - mb_x0
        dy_top, dy_bottom = height + mb_y0 - top, height + mb_y0 - bottom
        inside = [g for g in glyphs if dx0 <= (g.x0 + g.x1) / 2 <= dx1 and dy_bottom <= g.y <= dy_top
                  and g.orient == 0]
        if not inside:
            continue
        rtl = _is_rtl(inside, rtl_page)
        rows = []
        for cells in cells_rows:
            row_cells = []
            boxes = [c for c in cells if c is not None]
            boxes.sort(key=lambda c: c[0], reverse=rtl)
            for cx0, ctop, cx1, cbottom in boxes:
                a, b = cx0 - mb_x0, cx1 - mb_x0
                yt, yb = height + mb_y0 - ctop, height + mb_y0 - cbottom
                cell_glyphs = [g for g in inside if a <= (g.x0 + g.x1) / 2 <= b and yb <= g.y <= yt]
                row_cells.append([ln for ln in (line_of(row, rtl) for row in make_rows(cell_glyphs))
                                  if ln is not None])
            rows.append(row_cells)
        block = TableBlock(rows, 10.0)
        if not block.rows:
            continue
        taken.update(id(g) for g in inside)
        sizes = sorted(g.size for g in inside)
        block.size = sizes[len(sizes) // 2]
        rows_out.append(Row([], dy_top, table=block, ink=[(dx0, dx1)]))
    if not taken:
        return [], glyphs
    return rows_out, [g for g in glyphs if id(g) not in taken]


def _is_rtl(glyphs, default: bool) -> bool:
    from pipeline.read.pdf_layout import glyph_text

    rtl = ltr = 0
    for g in glyphs:
        cls = glyph_text(g.text)[1]
        if cls == "R":
            rtl += 1
        elif cls == "L":
            ltr += 1
    if rtl == ltr == 0:
        return default
    return rtl >= 0.3 * (rtl + ltr)


def page_lines(pdf, page, glyphs, layout):
    """The visual lines of one page with a text layer, in column segments in reading order (plus
    a last segment of sideways text); :func:`assemble` makes paragraphs of them."""
    from pipeline.read.pdf_layout import Line, Segment, TableBlock, columns, line_of, make_rows

    visible = [g for g in glyphs if not g.unmapped or g.span]
    orient_counts = Counter(g.orient for g in visible if g.text.strip())
    main_orient = orient_counts.most_common(1)[0][0] if orient_counts else 0
    main = [g for g in glyphs if g.orient == main_orient]
    others = [g for g in glyphs if g.orient != main_orient]
    rtl = _is_rtl(main, True)
    table_rows = []
    if main_orient == 0 and _has_graphics(layout):
        table_rows, main = _tables(page, main, rtl)
    rows = make_rows(main) + table_rows
    rows.sort(key=lambda r: -r.y)
    # rows in the top and bottom margins, well apart from the body (running headers and footers),
    # are kept out of the search for columns: a footer with text at both ends is not two columns
    height = float(page.height)
    gaps = sorted(a.y - b.y for a, b in zip(rows, rows[1:]) if 0 < a.y - b.y < 4 * max(a.size, b.size))
    pitch = gaps[len(gaps) // 2] if gaps else 0.0

    def apart(a, b):  # far more space between two rows than between the body's lines
        return a.y - b.y > max(2.5 * max(a.size, b.size), 1.8 * pitch)

    head, tail = [], []
    while len(rows) > 2 and rows[0].table is None and rows[0].y > 0.9 * height and apart(rows[0], rows[1]):
        head.append(rows.pop(0))
    while len(rows) > 2 and rows[-1].table is None and rows[-1].y < 0.1 * height and apart(rows[-2], rows[-1]):
        tail.insert(0, rows.pop())
    segments = []
    for segment in [Segment([r]) for r in head] + columns(rows, rtl) + [Segment([r]) for r in tail]:
        seg_lines = Segment(column=segment.column)
        for row in segment:
            if row.table is not None:
                for cells in row.table.rows:
                    ln = Line(TableBlock.row_text(cells), row.y, row.size, row.x0, row.x1, rtl, table=True)
                    ln.cells = cells
                    seg_lines.append(ln)
                continue
            ln = line_of(row, rtl)
            if ln is not None:
                seg_lines.append(ln)
        segments.append(seg_lines)
    sideways = []
    for orient in sorted({g.orient for g in others}):  # a rotated caption or stamp: after the body
        for row in make_rows([g for g in others if g.orient == orient]):
            ln = line_of(row, rtl)
            if ln is not None:
                sideways.append(ln)
    return segments, sideways


def assemble(page: PageText, reversed_lines: bool = False, drop=frozenset()) -> None:
    """The page's paragraphs from its visual lines (left untouched, so a page can be assembled again)."""
    from pipeline.read.pdf_layout import join_across_columns, paragraphs

    segments, sideways = page.visual
    segs = [paragraphs([ln.copy() for ln in seg if id(ln) not in drop], reversed_lines,
                       None if getattr(seg, "column", True) else page.box) for seg in segments]
    turned = [ln.copy() for ln in sideways if id(ln) not in drop]
    page.lines = join_across_columns(segs) + turned
    page.sideways = {id(ln) for ln in turned}


def runs_on_pages(pages: list[PageText]) -> list[int]:
    """Pages whose first paragraph continues the last paragraph of the page before (a sentence that
    runs over the page break). They are not joined here: each page's text stays on its page, so
    the text of a page is what it shows; the normalize stage may join them."""
    from pipeline.read.pdf_layout import runs_on

    out = []
    for p, q in zip(pages, pages[1:]):
        if p.kind != "text" or q.kind != "text" or q.number != p.number + 1:
            continue
        a, b = p.body_lines(), q.body_lines()
        if a and b and runs_on(a[-1], b[0]):
            out.append(q.number)
    return out


def _assemble_pages(pages: list[PageText]) -> bool:
    """Paragraphs of every page with a text layer, once the whole document's glyphs are known
    (ZWNJs a producer dropped are restored from the letter forms of all pages). Returns whether the
    lines are known to be in logical order: every line's order confirmed by the bidi check, and
    the letters shaped (see :meth:`LetterForms.shaped`)."""
    from pipeline.read.pdf_layout import LetterForms, TableBlock, drawn_in_reading_order, restore_zwnj, visual_lines

    text_pages = [p for p in pages if p.kind == "text"]
    lines = [ln for p in text_pages for ln in visual_lines(*p.visual)]
    forms = LetterForms(lines)
    shaped = forms.shaped()
    if shaped:
        restore_zwnj(lines, forms)
    elif drawn_in_reading_order(lines):
        for ln in lines:  # the glyphs, left to right, are the text
            ln.text = ln.drawn
            ln.parts = [ln.text]
    for p in text_pages:
        for seg in p.visual[0]:
            for ln in seg:
                if ln.cells is not None:
                    ln.text = TableBlock.row_text(ln.cells)
                    ln.parts = [ln.text]
        try:
            assemble(p)
        except Exception as exc:
            raise CorruptFile(f"page {p.number} cannot be read: {type(exc).__name__}: {exc}") from None
    return shaped and all(ln.verified for ln in lines)


# --- furniture: running headers, footers, page numbers ------------------------------------------
_PAGE_NUMBER = re.compile(
    r"^[\s\-\u2013\u2014|()\[\].]*(?:(?:page|p\.|صفحه|ص)\s*)?[0-9\u06f0-\u06f9\u0660-\u0669]{1,4}"
    r"(?:\s*(?:/|of|از|-)\s*[0-9\u06f0-\u06f9\u0660-\u0669]{1,4})?[\s\-\u2013\u2014|()\[\].]*$",
    re.IGNORECASE)
_DIGITS = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]+")


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", " ", text.strip()))


def split_furniture(pages: list[PageText]) -> list[dict]:
    """Move running headers, footers and page numbers out of the pages' lines; return them."""
    candidates = []  # (page, line, where)
    for p in pages:
        if p.kind != "text":
            continue
        body = [ln for ln in p.lines if not ln.table]
        if len(body) < 2:
            continue
        by_y = sorted(body, key=lambda ln: -ln.y)
        for where, edge in (("header", by_y[:2]), ("footer", by_y[-2:][::-1])):
            for k, ln in enumerate(edge):
                zone = ln.y > p.height * 0.85 if where == "header" else ln.y < p.height * 0.15
                # a running header or footer is one short line, never a wrapped paragraph
                if not zone or ln.nlines > 1 or len(ln.text.split()) > 14:
                    break
                candidates.append((p, ln, where, k))
    keys = Counter()
    for p, ln, where, k in candidates:
        keys[(where, _furniture_key(ln.text))] += 1
    text_pages = sum(1 for p in pages if p.kind == "text")
    # on a third of the pages at least: body lines that happen to repeat at a page's edge stay
    need = max(2, -(-3 * text_pages // 10))
    found = []
    removed: dict[int, set[int]] = {}
    for p, ln, where, k in candidates:
        repeated = text_pages >= 2 and keys[(where, _furniture_key(ln.text))] >= need
        number = bool(_PAGE_NUMBER.match(ln.text)) or (
            where == "footer" and re.search(r"(?:صفحه|page)\s*[0-9\u06f0-\u06f9]+", ln.text, re.I) is not None)
        small = k == 0 and _small_apart(p, ln, where)
        if k == 1 and not (repeated or number):
            continue
        if repeated or number or small:
            if k == 1 and id(_edge_line(p, where)) not in removed.get(p.number, set()):
                continue  # the second line from the edge only when the edge line went too
            removed.setdefault(p.number, set()).add(id(ln))
            found.append({"page": p.number, "where": where, "text": ln.text})
    for p in pages:
        gone = removed.get(p.number) if p.kind == "text" else None
        if gone:
            p.lines = [ln for ln in p.lines if id(ln) not in gone]
    found.sort(key=lambda f: (f["page"], f["where"] != "header"))
    return found


_EDGE_NUMBER = re.compile(  # a page number at one end of a line: «2 - گزارش», «گزارش | 2», «file:///a.html 1/3»
    r"(?:^[0-9\u06f0-\u06f9]{1,4}(?:\s*/\s*[0-9\u06f0-\u06f9]{1,4})?\s*[-\u2013|\s]"
    r"|[-\u2013|\s]\s*[0-9\u06f0-\u06f9]{1,4}(?:\s*/\s*[0-9\u06f0-\u06f9]{1,4})?$)")


def _small_apart(p: PageText, ln, where: str) -> bool:
    """A line in smaller type standing well apart from the body at the top of the page (a running
    header), or at the bottom with a page number at one end (a running footer), on any page."""
    body = sorted((x for x in p.lines if not x.table), key=lambda x: -x.y)
    if len(body) < 3:
        return False
    if where == "header":
        if body[0] is not ln or ln.y < p.height * 0.9:
            return False
        neighbour, rest = body[1], body[1:]
    else:
        if body[-1] is not ln or ln.y > p.height * 0.1 or not _EDGE_NUMBER.search(ln.text) \
                or len(ln.text.split()) > 8:
            return False  # (a footnote starts with its number too, but runs on for many words)
        neighbour, rest = body[-2], body[:-1]
    sizes = sorted(x.size for x in rest)
    median = sizes[len(sizes) // 2]
    return ln.size <= 0.92 * median and abs(ln.y - neighbour.y) >= 2.0 * median


def _edge_line(p: PageText, where: str):
    body = sorted((ln for ln in p.lines if not ln.table), key=lambda ln: -ln.y)
    return body[0] if where == "header" else body[-1]


# --- the reader ---------------------------------------------------------------------------------
def read(data: bytes, path: str):
    from pipeline.read import Parsed
    from pipeline.read import ocr

    pdf = open_pdf(data)
    pages: list[PageText] = []
    try:
        if not pdf.pages:
            raise EmptyDocument("PDF has no pages (none, or its page tree is damaged)")
        if len(pdf.pages) > MAX_PAGES:
            raise TooLarge(f"PDF has {len(pdf.pages):,} pages, over the {MAX_PAGES:,}-page limit")
        scans = []
        for page in pdf.pages:
            number = page.page_number
            try:
                glyphs, layout = collect_glyphs(pdf, page)
                if _needs_ocr(glyphs, layout):
                    scans.append(number)
                    pages.append(PageText(number, [], float(page.height), kind="ocr"))
                    continue
                visual = page_lines(pdf, page, glyphs, layout)
                if _garbled(visual):
                    scans.append(number)
                    pages.append(PageText(number, [], float(page.height), kind="ocr"))
                    continue
            except TooLarge:
                raise
            except Exception as exc:
                raise CorruptFile(f"page {number} cannot be read: {type(exc).__name__}: {exc}") from None
            finally:
                if hasattr(page, "_layout"):
                    del page._layout  # free the page's objects: long documents stay small in memory
                page.close()  # and its caches
            pages.append(PageText(number, [], float(page.height), visual=visual))
            pages[-1].box = (float(page.mediabox[0]), float(page.mediabox[2]))
        logical = _assemble_pages(pages)
        if scans:
            if not ocr.available():
                total = len(pdf.pages)
                which = f"page {scans[0]}" if len(scans) == 1 else f"{len(scans)} pages (first: {scans[0]})"
                raise NoTextLayer(f"{which} of {total} has no text layer (a scan, or fonts without a Unicode "
                                  f"map) and OCR is not available: {ocr.HOW_TO_ENABLE}")
            texts = ocr.ocr_pages(data, scans)
            for p in pages:
                if p.kind == "ocr":
                    p.lines = texts.get(p.number, [])
        title = (pdf.metadata or {}).get("Title")
    finally:
        pdf.close()
    furniture = split_furniture(pages)
    from pipeline.read.pdf_layout import reverse_paragraph_lines, reversed_line_order

    if reversed_line_order([ln for p in pages if p.kind == "text" for ln in p.lines]):
        # a producer that set each paragraph's lines bottom first: assemble the pages again
        # knowing it (a line is full when the next line's last word would not have fitted)
        for p in pages:
            if p.kind == "text":
                gone = {(f["text"]) for f in furniture if f["page"] == p.number}
                drop = {id(ln) for seg in p.visual[0] + [p.visual[1]] for ln in seg if ln.text in gone}
                assemble(p, reversed_lines=True, drop=frozenset(drop))
                reverse_paragraph_lines(p.lines)
    runs_on = runs_on_pages(pages)
    out = []
    for p in pages:
        if p.kind == "ocr":
            out.append(Page(p.number, "\n".join(p.lines), kind="ocr"))
        else:
            out.append(Page(p.number, "\n".join(ln.text for ln in p.lines)))
    if not any(p.text.strip() for p in out):
        raise NoTextLayer("PDF has no text on any page")
    meta = {}
    if logical:
        # every line's order was confirmed: the repair stage need not look for visual-order lines
        meta["reading_order"] = "logical"
    if furniture:
        meta["furniture"] = furniture
    if runs_on:
        meta["runs_on"] = runs_on
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    return Parsed(out, title=str(title)[:200] if title else None, meta=meta)
