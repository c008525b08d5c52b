"""Slide decks (.pptx) with python-pptx: one page per slide, shapes in reading order.

Reading order on a slide: the title first; then the other shapes in bands from top to bottom (shapes
whose tops lie within a quarter inch of the band's first shape share it), and within a band from right
to left on a Persian slide, left to right on a Latin one. A slide is Persian when its paragraphs are
marked right-to-left or most of its letters are Arabic-script. Groups are read recursively in the same
order.

What each shape gives:
* text frames: one line per paragraph (a soft line break is a space);
* tables: one line per row, cells in reading order joined by TAB. A table marked right-to-left
  (``a:tblPr rtl="1"``) is drawn from the right, so XML order is reading order. An unmarked table keeps
  XML order too (LibreOffice drops the mark when it saves a deck, and the author's order survives in
  the XML), except a Persian table whose text column is the last one and whose first column holds
  numbers: it was laid out left to right to look right to left, so its cells are reversed. A cell
  merged into its left neighbour is skipped (its text lives in the merge origin); a cell merged into
  the one above is an empty cell, so the columns stay aligned;
* charts: a header row (the categories) and one row per series (its name, then its values), the same
  TAB rows a table gives, so their numbers reach the table extractor;
* SmartArt: the text of each diagram node, one line each, in the diagram's own order.

Left out: slide-number, date and footer placeholders (page furniture, repeated on every slide) and
shapes marked hidden; speaker notes are kept apart in ``meta["notes"]``: they are not what the
audience saw. Hidden slides are read (the archive keeps their text) and listed in
``meta["hidden_slides"]``. A chart or SmartArt whose part is damaged is skipped and named in
``meta["skipped"]``; a damaged slide makes the whole file a clear CorruptFile naming the slide.
"""
from __future__ import annotations

import io
import re

from pipeline.errors import CorruptFile
from pipeline.model import CELL_SEP, Page
from pipeline.read.safezip import open_package

NAME = "pptx"
VERSION = 2

_BAND_EMU = 914400 // 4  # shapes whose tops are within a quarter inch share a band
_TITLE_TYPES = (1, 3)  # PP_PLACEHOLDER.TITLE, CENTER_TITLE
_FURNITURE_TYPES = (13, 15, 16)  # SLIDE_NUMBER, FOOTER, DATE
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z]")
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _clean(text: str) -> str:
    return " ".join(text.replace("\x0b", " ").split())


def _mostly_persian(text: str) -> bool:
    return len(_ARABIC.findall(text)) > len(_LATIN.findall(text))


def _placeholder_type(shape) -> int | None:
    if not getattr(shape, "is_placeholder", False):
        return None
    try:
        return int(shape.placeholder_format.type)
    except (ValueError, AttributeError):
        return None


# --- reading order ---------------------------------------------------------------------------------
def _ordered(shapes, rtl: bool) -> list:
    """Title first, then bands top to bottom, each band right to left (rtl) or left to right."""
    titles, others = [], []
    for shape in shapes:
        (titles if _placeholder_type(shape) in _TITLE_TYPES else others).append(shape)

    def geometry(shape):
        return tuple(v if v is not None else 0 for v in (shape.top, shape.left, shape.width))

    others.sort(key=lambda s: geometry(s)[0])
    bands: list[list] = []
    band_top = None
    for shape in others:
        top = geometry(shape)[0]
        if band_top is None or top - band_top > _BAND_EMU:
            bands.append([])
            band_top = top
        bands[-1].append(shape)
    ordered = list(titles)
    for band in bands:
        if rtl:
            band.sort(key=lambda s: -(geometry(s)[1] + geometry(s)[2]))  # right edge, rightmost first
        else:
            band.sort(key=lambda s: geometry(s)[1])
        ordered.extend(band)
    return ordered


def _slide_is_rtl(shapes) -> bool:
    """Paragraphs marked right-to-left, or mostly Arabic-script letters."""
    marked = False
    text: list[str] = []
    for shape in shapes:
        el = shape._element
        for p_pr in el.iter(f"{_A}pPr"):
            if p_pr.get("rtl") == "1":
                marked = True
                break
        text.extend(t.text or "" for t in el.iter(f"{_A}t"))
    return marked or _mostly_persian("".join(text))


# --- what each shape gives -------------------------------------------------------------------------
def _texty(cell_text: str) -> bool:
    return len(_ARABIC.findall(cell_text)) + len(_LATIN.findall(cell_text)) >= 2


def _reads_from_the_last_column(rows: list[list[str]]) -> bool:
    """An unmarked table whose label (text) column is its last one, with numbers in its first: a
    Persian table laid out left to right, whose reading starts at the right, i.e. at the last cell."""
    body = [r for r in rows[1:] if len(r) >= 2] or [r for r in rows if len(r) >= 2]
    if not body:
        return False
    first = sum(_texty(r[0]) for r in body) / len(body)
    last = sum(_texty(r[-1]) for r in body) / len(body)
    persian = _mostly_persian(" ".join(" ".join(r) for r in rows))
    return persian and last - first >= 0.5


def _table_lines(table) -> list[str]:
    tbl_pr = table._tbl.tblPr
    marked_rtl = tbl_pr is not None and tbl_pr.get("rtl") == "1"
    rows: list[list[str]] = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            tc = cell._tc
            if tc.get("hMerge") in ("1", "true"):
                continue  # covered by the merged cell to its left: its text lives there
            if tc.get("vMerge") in ("1", "true"):
                cells.append("")  # covered by the cell above: keep the column's place
                continue
            cells.append(_clean(cell.text).replace(CELL_SEP, " "))
        rows.append(cells)
    if not marked_rtl and _reads_from_the_last_column(rows):
        rows = [list(reversed(r)) for r in rows]
    return [CELL_SEP.join(r) for r in rows if any(r)]


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _chart_lines(chart) -> list[str]:
    lines = []
    try:
        plots = list(chart.plots)
    except Exception:  # an unsupported chart type: nothing we can read, not a broken file
        return lines
    if chart.has_title and chart.chart_title.has_text_frame:
        title = _clean(chart.chart_title.text_frame.text)
        if title:
            lines.append(title)
    for plot in plots:
        categories = [_clean(str(c)) for c in plot.categories]
        if categories:
            lines.append(CELL_SEP.join([""] + categories))
        for series in plot.series:
            values = [_number(v) for v in series.values]
            lines.append(CELL_SEP.join([_clean(series.name or "")] + values))
    return lines


def _smartart_lines(shape, part) -> list[str]:
    from lxml import etree

    rel_ids = shape._element.find(f".//{_DGM}relIds")
    if rel_ids is None or part is None:
        return []
    rid = rel_ids.get(f"{_R}dm")
    try:
        data = part.related_part(rid).blob
    except (KeyError, AttributeError):
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(f"broken SmartArt part: {exc}") from None
    lines = []
    for pt in root.iter(f"{_DGM}pt"):
        if pt.get("type") not in (None, "node"):
            continue  # transitions, presentation points: no text of their own
        for para in pt.iter(f"{_A}p"):
            text = _clean("".join(t.text or "" for t in para.iter(f"{_A}t")))
            if text:
                lines.append(text)
    return lines


def _hidden(shape) -> bool:
    c_nv_pr = shape._element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr")
    return c_nv_pr is not None and c_nv_pr.get("hidden") in ("1", "true")


def _shape_lines(shape, rtl: bool, part, skipped: list[str]) -> list[str]:
    """The lines of one shape. A chart or SmartArt whose part cannot be read is skipped and named in
    ``skipped``: one broken diagram does not cost the deck."""
    from pptx.shapes.group import GroupShape

    if _placeholder_type(shape) in _FURNITURE_TYPES or _hidden(shape):
        return []
    if isinstance(shape, GroupShape):  # not shape.shape_type: it raises on shapes of no known geometry
        lines: list[str] = []
        for sub in _ordered(shape.shapes, rtl):
            lines.extend(_shape_lines(sub, rtl, part, skipped))
        return lines
    if getattr(shape, "has_table", False) and shape.has_table:
        return _table_lines(shape.table)
    if getattr(shape, "has_chart", False) and shape.has_chart:
        try:
            return _chart_lines(shape.chart)
        except Exception as exc:  # a damaged chart part: lxml, KeyError, ValueError ...
            skipped.append(f"chart {shape.name!r}: {type(exc).__name__}: {exc}"[:300])
            return []
    if shape._element.find(f".//{_DGM}relIds") is not None:
        try:
            return _smartart_lines(shape, part)
        except CorruptFile as exc:
            skipped.append(f"SmartArt {shape.name!r}: {exc}"[:300])
            return []
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        lines = []
        for para in shape.text_frame.paragraphs:
            text = _clean(para.text.replace("\t", " "))
            if text:
                lines.append(text)
        return lines
    return []


def read(data: bytes, path: str):
    from pptx import Presentation

    from pipeline.read import Parsed

    open_package(data, "PPTX")
    try:
        deck = Presentation(io.BytesIO(data))
        slides = list(deck.slides)
    except Exception as exc:  # python-pptx raises KeyError, ValueError, lxml errors on broken parts
        raise CorruptFile(f"cannot open PPTX: {type(exc).__name__}: {exc}") from None
    pages, notes, skipped, hidden = [], {}, {}, []
    for number, slide in enumerate(slides, start=1):
        problems: list[str] = []
        try:
            shapes = list(slide.shapes)
            rtl = _slide_is_rtl(shapes)
            lines: list[str] = []
            for shape in _ordered(shapes, rtl):
                lines.extend(_shape_lines(shape, rtl, slide.part, problems))
            if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
                note = slide.notes_slide.notes_text_frame.text.strip()
                if note:
                    notes[number] = note
        except Exception as exc:  # a damaged slide part: say which slide, keep the message
            raise CorruptFile(f"slide {number} cannot be read: {type(exc).__name__}: {exc}") from None
        if problems:
            skipped[number] = problems
        if slide._element.get("show") in ("0", "false"):
            hidden.append(number)  # kept: its text is the archive's too, but the audience did not see it
        pages.append(Page(number, "\n".join(lines)))
    title = (deck.core_properties.title or "").strip() or next(
        (p.text.split("\n", 1)[0] for p in pages if p.text.strip()), None)
    meta = {k: v for k, v in (("notes", notes), ("skipped", skipped), ("hidden_slides", hidden)) if v}
    return Parsed(pages, title=title[:200] if title else None, meta=meta)
