"""A PDF whose Flate streams inflate past the limits is refused with a clear reason (TooLarge), not
inflated whole into memory: pdfminer inflates every stream at once, so the reader bounds it."""
import zlib

import pytest

from pipeline.errors import TooLarge
from pipeline.read import pdf as pdf_reader


def one_page_pdf(content: bytes) -> bytes:
    """A hand-made PDF of one page whose content stream is ``content``, Flate-compressed."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_stream_that_inflates_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 1 << 20)
    data = one_page_pdf(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + b" " * (4 << 20))
    assert len(data) < 20_000  # a few kilobytes that claim megabytes
    with pytest.raises(TooLarge, match="inflates to more than 1 MB"):
        pdf_reader.read(data, "bomb.pdf")


def test_the_documents_total_is_bounded_too(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_INFLATED_BYTES", 1 << 20)
    data = one_page_pdf(b" " * (2 << 20))
    with pytest.raises(TooLarge, match="in all"):
        pdf_reader.read(data, "bomb.pdf")


def test_a_stream_under_the_limit_reads_as_before():
    data = one_page_pdf(b" " * 1000)
    # a page with no text: the reader's own answer, not a size refusal
    with pytest.raises(Exception) as info:
        pdf_reader.read(data, "empty.pdf")
    assert not isinstance(info.value, TooLarge)


def test_the_bomb_is_a_recorded_failure_in_a_run(tmp_path, monkeypatch):
    """Through the real CLI (in-process, so the lowered limit holds): one line, a failures row, exit 1."""
    import contextlib
    import io
    import sqlite3

    from pipeline.cli import main

    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 1 << 20)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "bomb.pdf").write_bytes(one_page_pdf(b" " * (4 << 20)))
    db = tmp_path / "k.db"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["ingest", str(inbox), "--db", str(db)])
            code = 0
        except SystemExit as exc:
            code = exc.code
    assert code == 1
    said = out.getvalue() + err.getvalue()
    assert "bomb.pdf" in said and "decompression bomb" in said
    rows = sqlite3.connect(db).execute("select path, reason from failures").fetchall()
    assert len(rows) == 1 and "decompression bomb" in rows[0][1]
