"""Word 97-2003 documents (.doc) through catdoc (Debian package ``catdoc``), which reads the binary
format's text as Unicode: paragraphs one a line, table rows with their cells joined by TAB (our
table-row convention, so the table extractor reads them as it reads DOCX tables).

Archives keep many reports from before .docx. The file is checked first: an OLE compound file it
must be (a .docx named .doc is said to be one; a password-protected file says so). catdoc runs as a
separate process with a time limit, on the bytes through its standard input, so a hostile file can
hang or crash only that process. Without catdoc the file is a recorded failure that says how to
install it, and the rest of the run goes on.
"""
from __future__ import annotations

import shutil
import subprocess

from pipeline.errors import CorruptFile, EncryptedFile, UnsupportedFormat
from pipeline.model import CELL_SEP, Page
from pipeline.read.safezip import OLE_MAGIC, encrypted_package

NAME = "doc"
VERSION = 1

TIMEOUT_S = 120
HOW_TO_ENABLE = "install catdoc (Debian/Ubuntu: apt-get install catdoc) to read .doc files"
_PAGE_BREAK = "\f"


def available() -> bool:
    return shutil.which("catdoc") is not None


def read(data: bytes, path: str):
    from pipeline.read import Parsed

    if data.startswith(b"PK\x03\x04"):
        raise CorruptFile("not a Word 97-2003 file: it is a zip package (a .docx named .doc?); rename it .docx")
    if not data.startswith(OLE_MAGIC):
        raise CorruptFile("not a Word 97-2003 file (no OLE compound file header)")
    if encrypted_package(data):
        raise EncryptedFile("the .doc is password-protected (encrypted); save an unprotected copy to ingest it")
    exe = shutil.which("catdoc")
    if exe is None:
        raise UnsupportedFormat(f"a .doc needs catdoc, which is not installed: {HOW_TO_ENABLE}")
    try:
        # -w: a paragraph on one line; -d utf-8: the output charset; the bytes on stdin ("-")
        proc = subprocess.run([exe, "-w", "-d", "utf-8", "-"], input=data, capture_output=True,
                              timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise CorruptFile(f"catdoc did not finish within {TIMEOUT_S} s") from None
    text = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0 and not text.strip():
        last = [ln for ln in proc.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        raise CorruptFile(f"catdoc cannot read it: {last[-1] if last else 'exit ' + str(proc.returncode)}")
    pages = []
    for number, chunk in enumerate(text.split(_PAGE_BREAK), 1):
        lines = [_row(ln) for ln in chunk.split("\n")]
        pages.append(Page(number, "\n".join(ln for ln in lines if ln.strip())))
    while len(pages) > 1 and not pages[-1].text:
        pages.pop()
    title = next((ln for p in pages for ln in p.text.split("\n") if ln.strip()), None)
    return Parsed(pages, title=title[:200] if title else None)


def _row(line: str) -> str:
    """A line as our text keeps it: spaces collapsed (as the DOCX reader gives a paragraph), a table
    row's cells (catdoc joins them by TAB) one TAB apart, a row with one cell a plain line."""
    if CELL_SEP not in line:
        return " ".join(line.split())
    cells = [" ".join(c.split()) for c in line.split(CELL_SEP)]
    while cells and not cells[-1]:
        cells.pop()
    return CELL_SEP.join(cells) if len(cells) > 1 else (cells[0] if cells else "")
