"""OCR for PDF pages without a text layer: tesseract with its Persian data, ``fas+eng``.

``eng`` next to ``fas`` keeps Latin names Latin (Persian alone reads UNIDO as digits). Pages are
rendered with pypdfium2 (installed with pdfplumber) and fed to the ``tesseract`` command, which
writes right-to-left text in logical order. Tesseract and its Persian data are Debian packages
(tesseract-ocr, tesseract-ocr-fas); when they are missing the reader fails the document with
:data:`HOW_TO_ENABLE` rather than storing it without its scanned pages.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

LANGUAGES = "fas+eng"
DPI = 300
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


def render_png(pdf, index: int) -> bytes:
    page = pdf[index]
    width, height = page.get_size()
    scale = DPI / 72.0
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
    proc = subprocess.run([exe, "stdin", "stdout", "-l", LANGUAGES, "--psm", "3"], input=png,
                          capture_output=True, timeout=TIMEOUT_S)
    if proc.returncode != 0:
        raise OSError(proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    return proc.stdout.decode("utf-8", "replace")


def paragraphs(text: str) -> list[str]:
    """Tesseract's lines joined into paragraphs (it separates paragraphs with a blank line)."""
    out = []
    for block in re.split(r"\n\s*\n", text.replace("\f", "\n")):
        lines = [" ".join(line.split()) for line in block.splitlines()]
        joined = " ".join(line for line in lines if line)
        if joined:
            out.append(joined)
    return out


def ocr_pages(data: bytes, numbers: list[int]) -> dict[int, list[str]]:
    """OCR the given pages (numbered from 1) of a PDF; returns each page's paragraphs."""
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
