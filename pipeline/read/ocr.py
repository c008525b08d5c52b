"""OCR for PDF pages without a text layer: tesseract with its Persian data, ``fas+eng``.

``eng`` next to ``fas`` keeps Latin names Latin (Persian alone reads UNIDO as digits). Pages are
rendered with pypdfium2 (installed with pdfplumber) and fed to the ``tesseract`` command, which
writes right-to-left text in logical order. Tesseract and its Persian data are Debian packages
(tesseract-ocr, tesseract-ocr-fas); when they are missing the reader fails the document with
:data:`HOW_TO_ENABLE` rather than storing it without its scanned pages.

A cluster engine OCRs a long scan's pages as separate tasks (:mod:`pipeline.nightly.dask_engine`):
under :func:`deferred` the reader stops with :class:`PagesToOcr` (which pages, of which bytes) instead
of OCRing them; each page is then :func:`ocr_pages` ``(data, [n])`` on its own, and the document is
read again under :func:`supplied` with those texts, so it comes out as if read in one piece.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES = "fas+eng"
DPI = 300
MIN_DPI, MAX_DPI = 150, 400
MAX_PIXELS = 60_000_000  # a page rendered bigger than this is scaled down (a poster, a hostile MediaBox)
TIMEOUT_S = 180
HOW_TO_ENABLE = ("install tesseract-ocr and tesseract-ocr-fas (Debian/Ubuntu: "
                 "apt-get install tesseract-ocr tesseract-ocr-fas) to OCR it")

_cache: dict[str, bool] = {}


def available() -> bool:
    """tesseract on PATH with both language data files installed (checked once per PATH)."""
    path = os.environ.get("PATH", "")
    if path in _cache:
        return _cache[path]
    exe = shutil.which("tesseract")
    ok = False
    if exe:
        try:
            out = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30, text=True)
            langs = set((out.stdout + out.stderr).split())
            ok = all(lang in langs for lang in LANGUAGES.split("+"))
        except (OSError, subprocess.SubprocessError):
            ok = False
    _cache[path] = ok
    return ok


def scan_dpi(page) -> float | None:
    """The resolution of the page's largest image (a pypdfium2 page), or None."""
    import pypdfium2.raw as pdfium_c

    best = None
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            left, bottom, right, top = obj.get_bounds()
            width_px, _height_px = obj.get_px_size()
            area = (right - left) * (top - bottom)
            if right - left > 1 and (best is None or area > best[0]):
                best = (area, width_px / ((right - left) / 72.0))
    except Exception:  # an unreadable image object: render at the default resolution
        return None
    return best[1] if best else None


def render_png(pdf, index: int) -> bytes:
    """The page as a grayscale PNG, at the scan's own resolution (within 150-400 dpi: resampling a
    150-dpi scan to 300 costs Persian letters their dots), else at :data:`DPI`."""
    page = pdf[index]
    width, height = page.get_size()
    dpi = scan_dpi(page)
    scale = (min(max(dpi, MIN_DPI), MAX_DPI) if dpi else DPI) / 72.0
    pixels = width * height * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    image = bitmap.to_pil()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def ocr_image(png: bytes) -> str:
    exe = shutil.which("tesseract")
    if not exe:
        raise OSError("tesseract is not on PATH")
    # One thread per tesseract: its OpenMP threads cost 5-7x the CPU for the same text, and the
    # parallelism that pays comes from workers (pool, Dask) each reading its own page.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run([exe, "stdin", "stdout", "-l", LANGUAGES, "--psm", "3"], input=png,
                          capture_output=True, timeout=TIMEOUT_S, env=env)
    if proc.returncode != 0:
        last = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise OSError(last[0] if last else "tesseract failed")
    return proc.stdout.decode("utf-8", "replace")


_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def paragraphs(text: str) -> list[str]:
    """Tesseract's lines joined into paragraphs (it separates paragraphs with a blank line). The
    text is in logical order already: the direction marks tesseract puts around Latin words inside
    right-to-left lines go."""
    out = []
    text = _BIDI_CONTROLS.sub("", text)
    for block in re.split(r"\n\s*\n", text.replace("\f", "\n")):
        lines = [" ".join(line.split()) for line in block.splitlines()]
        joined = " ".join(line for line in lines if line)
        if joined:
            out.append(joined)
    return out


class PagesToOcr(BaseException):
    """Raised by :func:`ocr_pages` under :func:`deferred`: the pages of the PDF (by its sha256) to OCR.

    A BaseException, like GeneratorExit, because it is not the document's failure: no reader or stage
    may record it as one (they catch Exception), it goes straight to the engine that asked for it.
    """

    def __init__(self, sha256: str, numbers: list[int]):
        super().__init__(sha256, list(numbers))
        self.sha256 = sha256
        self.numbers = list(numbers)


# ("defer", min_pages) or ("supply", (sha256, {page: paragraphs})); None: OCR as asked
_plan: ContextVar[tuple | None] = ContextVar("khooshe_ocr_plan", default=None)


@contextmanager
def deferred(min_pages: int = 1):
    """Within: a PDF with at least ``min_pages`` pages to OCR raises :class:`PagesToOcr` instead."""
    token = _plan.set(("defer", max(1, min_pages)))
    try:
        yield
    finally:
        _plan.reset(token)


@contextmanager
def supplied(sha256: str, texts: dict[int, list[str]]):
    """Within: pages of the PDF with this sha256 that are in ``texts`` (paragraphs, as ocr_pages returned
    them for that page elsewhere) are not OCR'd again; other pages, and other bytes, are."""
    token = _plan.set(("supply", (sha256, dict(texts))))
    try:
        yield
    finally:
        _plan.reset(token)


def ocr_pages(data: bytes, numbers: list[int]) -> dict[int, list[str]]:
    """OCR the given pages (numbered from 1) of a PDF; returns each page's paragraphs."""
    plan = _plan.get()
    if plan is not None:
        import hashlib

        sha = hashlib.sha256(data).hexdigest()
        kind, arg = plan
        if kind == "defer" and len(numbers) >= arg:
            raise PagesToOcr(sha, numbers)
        if kind == "supply" and arg[0] == sha:
            known = {n: list(arg[1][n]) for n in numbers if n in arg[1]}
            rest = [n for n in numbers if n not in known]
            return {**known, **(_ocr_pages(data, rest) if rest else {})}
    return _ocr_pages(data, numbers)


def _ocr_pages(data: bytes, numbers: list[int]) -> dict[int, list[str]]:
    import pypdfium2

    from pipeline.errors import CorruptFile

    out: dict[int, list[str]] = {}
    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception as exc:
        raise CorruptFile(f"cannot render the PDF for OCR: {exc}") from None
    try:
        for number in numbers:
            try:
                text = ocr_image(render_png(pdf, number - 1))
            except subprocess.TimeoutExpired:
                raise CorruptFile(f"OCR of page {number} took over {TIMEOUT_S} s") from None
            except OSError as exc:
                raise CorruptFile(f"OCR of page {number} failed: {exc}") from None
            out[number] = paragraphs(text)
    finally:
        pdf.close()
    return out
