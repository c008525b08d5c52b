"""The glyphs of a PDF page, collected once while pdfminer interprets the page.

pdfplumber's ``page.chars`` gives position, font and size but neither ActualText nor whether a glyph
had a Unicode mapping at all, and building its dictionaries costs time on every character. This
collector hooks pdfminer's ``render_char`` (through pdfplumber's marked-content aggregator, so the
same layout still feeds pdfplumber's table finder) and records, per glyph:

- its text, with ``unmapped`` set when the font's ToUnicode map lacks the code (LibreOffice's
  justification kashidas then come out as ``&`` from the font encoding, or as ``(cid:N)``);
- its origin on the baseline and its advance, in a frame where the glyph's own writing direction is
  left to right (so text drawn at 90 degrees is still read along its baseline);
- the marked-content span it sits in and that span's ``/ActualText`` (LibreOffice and Chromium write
  a zero-width non-joiner as a space glyph inside ``/Span <</ActualText <FEFF200C>>>``; Chromium gives
  the logical bracket and base letter of presentation forms there).
"""
from __future__ import annotations

import math
from typing import Any

# Orientation of the glyph's baseline, in quarter turns counter-clockwise (0 = normal text).
_QUARTER = {0: 0, 1: 90, 2: 180, 3: 270}


class Glyph:
    __slots__ = ("text", "x0", "x1", "y", "size", "font", "seq", "span", "actual", "marked", "unmapped",
                 "orient", "span_size", "cid", "after")

    def __init__(self, text: str, x0: float, x1: float, y: float, size: float, font: str, seq: int,
                 span: int, actual: str | None, marked: bool, unmapped: bool, orient: int, cid: int = -1):
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.y = y  # baseline, growing upwards
        self.size = size
        self.font = font
        self.seq = seq  # content-stream order
        self.span = span  # serial number of the innermost marked-content span with ActualText (0: none)
        self.actual = actual  # that span's ActualText
        self.marked = marked  # inside a marked-content span (tag Span etc.)
        self.unmapped = unmapped
        self.orient = orient
        self.span_size = 1  # glyphs in the whole ActualText span (set once the page is read)
        # the font's code for the glyph: a shaped letter's contextual forms are different glyphs
        # mapped to the same text, which tells joined letters from letters a ZWNJ kept apart
        self.cid = cid
        self.after = None  # text of an ActualText span without glyphs drawn right after this glyph

    def __repr__(self) -> str:
        return (f"Glyph({self.text!r} x={self.x0:.1f}-{self.x1:.1f} y={self.y:.1f} size={self.size:.1f} "
                f"seq={self.seq}{' span=%d %r' % (self.span, self.actual) if self.span else ''})")


def _decode_actual_text(value: Any) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            try:
                return value.decode("utf-16")
            except UnicodeDecodeError:
                return None
        return decode_text(value)
    if isinstance(value, str):
        return value
    return None


def make_collector(rsrcmgr, pageno: int, max_glyphs: int):
    """A pdfminer device that records :class:`Glyph`s and aggregates the page's other objects
    (lines, rectangles, curves, images) for pdfplumber's table finder."""
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.pdftypes import resolve1
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class TooManyGlyphs(Exception):
        pass

    class GlyphCollector(PDFPageAggregatorWithMarkedContent):
        too_many = TooManyGlyphs

        def __init__(self):
            super().__init__(rsrcmgr, pageno=pageno, laparams=None)
            self.glyphs: list[Glyph] = []
            self._marks: list[tuple[str, int, str | None, int]] = []
            self._serial = 0
            self._span = 0
            self._actual: str | None = None

        def begin_tag(self, tag, props=None):
            super().begin_tag(tag, props)
            actual = None
            props = resolve1(props)
            if isinstance(props, dict) and "ActualText" in props:
                actual = _decode_actual_text(props["ActualText"])
            self._serial += 1
            self._marks.append((self.cur_tag or "", self._serial, actual, len(self.glyphs)))
            self._refresh()

        def end_tag(self):
            super().end_tag()
            if self._marks:
                _tag, _serial, actual, start = self._marks.pop()
                if actual and start == len(self.glyphs) and self.glyphs:
                    # a span with text but no glyph: cairo (pango-view and other cairo programs) writes a
                    # ZWNJ this way, between the glyphs drawn before and after it
                    self.glyphs[-1].after = actual
            if self._marks:  # pdfplumber forgets the outer span; keep its tag for the objects after
                self.cur_tag = self._marks[-1][0]
            self._refresh()

        def _refresh(self):
            for _tag, serial, actual, _start in reversed(self._marks):
                if actual is not None:
                    self._span, self._actual = serial, actual
                    return
            self._span, self._actual = 0, None

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            # No LTChar is made (pdfplumber's table finder needs only the page's graphics, and
            # building an object per glyph is a large part of the cost): the glyph is measured here
            # the way pdfminer measures it. Vertical fonts take pdfminer's own path.
            umap = font.unicode_map
            if font.is_vertical():
                adv = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
                item = self.cur_item._objs[-1]
                text, fontname = item._text, item.fontname
                mapped = umap is None
                if umap is not None:
                    try:
                        umap.get_unichr(cid)
                        mapped = True
                    except KeyError:
                        pass
            else:
                text, mapped = None, umap is None
                if umap is not None:
                    try:
                        text = umap.get_unichr(cid)
                        mapped = True
                    except KeyError:
                        pass
                if text is None:
                    try:
                        text = font.to_unichr(cid)
                    except PDFUnicodeNotDefined:
                        text = f"(cid:{cid})"
                adv = font.char_width(cid) * fontsize * scaling
                fontname = font.fontname
            # text from the font's encoding where its ToUnicode map has no entry is not to be trusted
            unmapped = not mapped or text.startswith("(cid:")
            a, b, c, d, e, f = matrix
            if b == 0 and c == 0 and a > 0:
                orient, x0, y = 0, e, f
                x1 = e + adv * a
                size = fontsize * abs(d) if d else fontsize
            else:
                quarter = round(math.atan2(b, a) / (math.pi / 2)) % 4
                orient = _QUARTER[quarter]
                # rotate the origin back so that this glyph's baseline runs left to right
                cos, sin = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[orient]
                ox, oy = e * cos + f * sin, -e * sin + f * cos
                scale = math.hypot(a, b) or 1.0
                x0, x1, y = ox, ox + adv * scale, oy
                size = fontsize * (math.hypot(c, d) or 1.0)
            if x1 < x0:
                x0, x1 = x1, x0
            self.glyphs.append(Glyph(text, x0, x1, y, size, fontname, len(self.glyphs), self._span,
                                     self._actual, bool(self._marks), unmapped, orient, cid))
            if len(self.glyphs) > max_glyphs:
                raise TooManyGlyphs()
            return adv

    return GlyphCollector()
