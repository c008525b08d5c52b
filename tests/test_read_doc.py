"""Word 97-2003 (.doc) through catdoc: a real .doc saved by LibreOffice from the DOCX fixture reads to
the same lines and facts; a missing catdoc, a .docx named .doc and junk are clear failures."""
import os
import shutil

import pytest

from conftest import CORPUS
from pipeline.errors import CorruptFile, UnsupportedFormat
from pipeline.read import read

DOC = os.path.join(CORPUS, "fixtures", "zanjan_carpet.doc")
DOCX = os.path.join(CORPUS, "fixtures", "zanjan_carpet.docx")
needs_catdoc = pytest.mark.skipif(shutil.which("catdoc") is None,
                                  reason="catdoc is not installed (make test installs it as root: apt-get install catdoc)")


@needs_catdoc
def test_a_word97_file_reads_to_the_lines_of_its_docx():
    doc, docx = read(DOC), read(DOCX)
    assert doc.format == "doc" and doc.title == docx.title
    rows = [ln for ln in docx.raw_text.split("\n") if "\t" in ln]
    assert rows and [ln for ln in doc.raw_text.split("\n") if "\t" in ln] == rows
    assert set(docx.raw_text.split("\n")) <= set(doc.raw_text.split("\n"))


@needs_catdoc
def test_a_word97_file_gives_the_facts_of_its_docx():
    from pipeline.extract import extract
    from pipeline.repair import normalize

    def facts(path):
        return sorted((f.type, str(f.value), f.qualifier) for f in extract(normalize(read(path))).facts)

    assert facts(DOC) == facts(DOCX)


def test_without_catdoc_a_doc_is_a_failure_that_says_how_to_read_it(monkeypatch):
    import pipeline.read.doc as doc_reader

    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None)
    with pytest.raises(UnsupportedFormat, match="apt-get install catdoc"):
        read(DOC)


@pytest.mark.parametrize("content, message", [
    (lambda: open(DOCX, "rb").read(), "rename it .docx"),
    (lambda: b"\x00\x01 not a document " * 40, "no OLE compound file header"),
])
def test_what_is_no_word97_file_says_so(tmp_path, content, message):
    path = tmp_path / "report.doc"
    path.write_bytes(content())
    with pytest.raises(CorruptFile, match=message):
        read(str(path))


@needs_catdoc
def test_a_doc_is_ingested_with_the_rest(khooshe, tmp_path):
    import sqlite3

    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(DOC, inbox)
    db = tmp_path / "k.db"
    assert khooshe("ingest", inbox, "--db", db).code == 0
    con = sqlite3.connect(db)
    assert con.execute("select format, reader from documents").fetchall() == [("doc", "read.doc.1")]
    assert con.execute("select count(*) from facts where type = 'looms' and value_num = 23000").fetchone()[0] >= 1
