"""Documents whose reader guarantees logical order get no visual-order repair, only orthography and
layout: DOCX, HTML and PPTX (text from a document tree) and PDFs whose reader checked every line
(``meta["reading_order"] == "logical"``). Plain text and unchecked PDFs keep the repair.

The lines are written for these tests: each is one the repair would change if it took the text for
visual order (a justified line with wide gaps whose reversal reads better; «كي» in a question, which
the ligature repair reads as a swapped «یک»)."""
from __future__ import annotations

import hashlib

import pytest

from pipeline.model import Document, Page
from pipeline.read import read
from pipeline.repair import normalize, reads_in_logical_order

ZWNJ = "\u200c"
# in logical order as written: a justified line whose words a visual-order reading would reverse
WIDE = "شد  برگزار  آموزشی  دوره  این  در"
# «كي» (when) written with Arabic letters, in a question: not the ligature-swapped «یک»
QUESTION = "كي اين طرح در استان اجرا مي شود؟"


def document(text: str, fmt: str, meta: dict | None = None) -> Document:
    data = text.encode("utf-8")
    return Document(path=f"x.{fmt}", format=fmt, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    pages=[Page(1, text)], meta=meta or {})


LOGICAL = [("docx", None), ("html", None), ("pptx", None), ("pdf", {"reading_order": "logical"})]
VISUAL = [("txt", None), ("pdf", None), ("pdf", {"reading_order": "visual"})]


@pytest.mark.parametrize("fmt, meta", LOGICAL)
def test_a_logical_document_keeps_its_order(fmt, meta):
    doc = document(WIDE, fmt, meta)
    assert reads_in_logical_order(doc)
    assert normalize(doc).text == "شد برگزار آموزشی دوره این در"


@pytest.mark.parametrize("fmt, meta", VISUAL)
def test_text_and_unchecked_pdfs_keep_the_visual_order_repair(fmt, meta):
    doc = document(WIDE, fmt, meta)
    assert not reads_in_logical_order(doc)
    assert normalize(doc).text == "در این دوره آموزشی برگزار شد"


@pytest.mark.parametrize("fmt, meta", LOGICAL)
def test_no_ligature_repair_in_a_logical_document_but_the_orthography(fmt, meta):
    out = normalize(document(QUESTION, fmt, meta)).text
    assert out == f"کی این طرح در استان اجرا می{ZWNJ}شود؟"


def test_the_ligature_repair_stays_for_plain_text():
    assert normalize(document(QUESTION, "txt")).text.startswith("یک این طرح")


def test_layout_still_applies_to_a_logical_document():
    rows = "\n".join(["1 واحدهای فعال ۱۲۰", "2 واحدهای غیرفعال ٣٥"])
    out = normalize(document(rows, "docx")).text.split("\n")
    assert out == ["1\tواحدهای فعال\t120", "2\tواحدهای غیرفعال\t35"]


def test_a_logical_document_keeps_its_map():
    doc = document("  " + WIDE + "\n\n" + QUESTION, "html")
    text = normalize(doc)
    raw = doc.raw_text
    for ch, o in zip(text.text, text.origin):
        if ch not in " \n" + ZWNJ and ch not in "یک":  # ی/ک come from Arabic ي/ك
            assert raw[o] == ch


def test_a_real_docx_is_read_in_logical_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph(WIDE)
    d.add_paragraph(QUESTION)
    path = tmp_path / "logical.docx"
    d.save(path)
    doc = read(str(path))
    assert reads_in_logical_order(doc)
    assert normalize(doc).text.split("\n") == ["شد برگزار آموزشی دوره این در",
                                               f"کی این طرح در استان اجرا می{ZWNJ}شود؟"]


def test_a_real_text_file_is_repaired(tmp_path):
    path = tmp_path / "visual.txt"
    path.write_text(WIDE + "\n", encoding="utf-8")
    assert normalize(read(str(path))).text == "در این دوره آموزشی برگزار شد"
