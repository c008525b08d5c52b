"""PDF with pdfplumber.

pdfplumber writes each line's glyphs in visual order (left to right); the Unicode bidi algorithm
(python-bidi) turns a visual line back into logical order, and NFKC afterwards folds the Arabic
presentation forms back to letters (NFKC first would break lam-alef ligatures apart before the
reordering).
"""
from __future__ import annotations

import io
import unicodedata

from pipeline.errors import CorruptFile, EncryptedFile, NoTextLayer
from pipeline.model import Page

NAME = "pdf"
VERSION = 1


def _logical(line: str) -> str:
    from bidi import get_display

    return unicodedata.normalize("NFKC", get_display(line, base_dir="R"))


def open_pdf(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: broken files fail here
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise EncryptedFile("PDF is encrypted and needs a password") from None
    except PDFSyntaxError as exc:
        raise CorruptFile(f"not a readable PDF: {exc}") from None
    except Exception as exc:  # pdfminer raises many types on damaged files; pdfplumber wraps them
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedFile("PDF is encrypted and needs a password") from None
        raise CorruptFile(f"not a readable PDF: {type(exc).__name__}: {exc}") from None
    return pdf


def read(data: bytes, path: str):
    from pipeline.read import Parsed

    pdf = open_pdf(data)
    pages = []
    try:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception as exc:
                raise CorruptFile(f"page {number} cannot be read: {type(exc).__name__}: {exc}") from None
            pages.append(Page(number, "\n".join(_logical(line) for line in text.split("\n"))))
        title = (pdf.metadata or {}).get("Title")
    finally:
        pdf.close()
    if not any(p.text.strip() for p in pages):
        raise NoTextLayer("PDF has no text layer (a scan?); install tesseract-ocr and tesseract-ocr-fas to OCR it")
    return Parsed(pages, title=str(title)[:200] if title else None)
