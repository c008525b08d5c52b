"""Hostile and odd inputs: each is one clear line and a recorded failure, or is read; never a hang,
a traceback, a silent loss or a good file failed for a bad one's sake. One test per bug found in
the hostile-input sweep; every file is built here."""
import io
import os
import sqlite3
import threading
import zipfile

import pytest

from pipeline.errors import CorruptFile, EmptyDocument, EncryptedFile, UnreadableFile
from pipeline.read import load_bytes, read

REPORT = "گزارش خوشه فرش دستباف قم. این خوشه ۱۲۰۰ بافنده دارد و در سال ۱۳۹۸ شناسایی شد.\n"


def rows(db, sql):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def docx_bytes(text=REPORT) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def pptx_bytes(text=REPORT) -> bytes:
    import pptx

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "خوشه فرش"
    slide.placeholders[1].text = text
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def rezipped(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item)))
    return out.getvalue()


# --- special files -------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_txt_is_refused_at_once_by_a_single_file_command(khooshe, tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    box = {}
    worker = threading.Thread(target=lambda: box.update(result=khooshe("normalize", fifo)), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # free the thread blocked in open(): a writer end lets it go on
        with open(fifo, "wb"):
            pass
        pytest.fail("khooshe normalize waited on a FIFO")
    result = box["result"]
    assert result.code == 1
    assert result.err.strip() == f"khooshe: {fifo}: not a regular file (a pipe, socket or device)"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_not_read_forever():
    with pytest.raises(UnreadableFile, match="not a regular file"):
        load_bytes("/dev/zero")


# --- text that is no text --------------------------------------------------------------------------
@pytest.mark.parametrize("content", [" \n\t\n\u200c\n", "\u200f\u200c\u202e\u202c\n", "-----\n. . .\n"])
def test_a_text_of_spaces_zwnj_and_marks_alone_is_empty(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EmptyDocument, match="no text"):
        read(str(path))


# --- HTML ---------------------------------------------------------------------------------------------
def test_binary_data_named_html_is_refused_not_stored_as_mojibake(tmp_path):
    import random

    rnd = random.Random(7)
    path = tmp_path / "page.html"
    path.write_bytes(bytes(rnd.randrange(256) for _ in range(4000)))
    with pytest.raises(CorruptFile, match="binary data, not an HTML page"):
        read(str(path))


def test_a_utf16_page_is_no_binary_data(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><body><p>{REPORT}</p></body></html>".encode("utf-16"))
    assert "بافنده" in read(str(path)).raw_text


@pytest.mark.parametrize("depth", [300, 20_000])
def test_text_nested_deeper_than_libxml2_builds_is_read_not_dropped(tmp_path, depth):
    path = tmp_path / "deep.html"
    path.write_text("<html><head><title>عنوان</title></head><body><p>بند نخست گزارش خوشه.</p>"
                    + "<div>" * depth + REPORT + "<script>alert(1)</script>" + "</div>" * depth
                    + "<p>بند پایانی گزارش.</p></body></html>", encoding="utf-8")
    lines = read(str(path)).raw_text.split("\n")
    assert lines == ["بند نخست گزارش خوشه.", REPORT.strip(), "بند پایانی گزارش."]


# --- DOCX and PPTX ------------------------------------------------------------------------------------
def test_a_dtd_in_a_utf16_part_is_refused_too(tmp_path):
    data = docx_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace(
        "?>", '?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>', 1)
    path = tmp_path / "entities16.docx"
    path.write_bytes(rezipped(data, {"word/document.xml": xml.encode("utf-16")}))
    with pytest.raises(CorruptFile, match="declares a DTD or XML entities"):
        read(str(path))


def test_a_damaged_deflate_stream_is_a_corrupt_file_and_one_line(khooshe, tmp_path):
    data = bytearray(docx_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5] ^= 0xFF
    path = tmp_path / "crc.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFile, match="broken DOCX part word/document.xml"):
        read(str(path))
    result = khooshe("normalize", path)  # was a zlib.error traceback
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1


def test_a_reader_bug_is_one_line_naming_the_file_not_a_traceback(khooshe, tmp_path, monkeypatch):
    import pipeline.read.txt

    def broken(data, path):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline.read.txt, "read", broken)
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = khooshe("extract", path)
    assert result.code == 1
    assert result.err.strip() == f"khooshe: {path}: read failed: ZeroDivisionError: division by zero"


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize("name, data, error, message", [
    # Office's password protection: an OLE compound file whose directory names an EncryptedPackage
    # stream (a hand-made header with that entry, not a real encrypted file)
    ("locked.docx", _OLE + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100,
     EncryptedFile, "DOCX is password-protected"),
    ("old.docx", _OLE + b"\0" * 600, CorruptFile, r"old binary Office file \(\.doc, \.ppt, \.xls\)"),
    ("cut.pptx", None, CorruptFile, "broken PPTX file: its zip package is cut short"),
])
def test_office_files_that_are_no_zip_say_what_they_are(tmp_path, name, data, error, message):
    if data is None:
        whole = pptx_bytes()
        data = whole[:len(whole) // 2]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error, match=message):
        read(str(path))


@pytest.mark.parametrize("name, make, message", [
    ("deck.docx", pptx_bytes, r"not a DOCX file: it is a PowerPoint deck \(\.pptx\) with the wrong extension"),
    ("word.pptx", docx_bytes, r"not a PPTX file: it is a Word document \(\.docx\) with the wrong extension"),
])
def test_a_package_of_the_other_kind_says_so(tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CorruptFile, match=message):
        read(str(path))


# --- PDF ----------------------------------------------------------------------------------------------
def _pdf(page_dict: bytes) -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page_dict]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for o in offsets:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def test_a_pdf_without_pages_says_so(tmp_path):
    # a catalog whose page tree has no kids (what a writer saves for an empty document)
    data = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    xref = len(data)
    data += (b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n%010d 00000 n \n"
             b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n") % (data.index(b"2 0 obj"), xref)
    path = tmp_path / "nopages.pdf"
    path.write_bytes(data)
    with pytest.raises(EmptyDocument, match="PDF has no pages"):
        read(str(path))


def test_pdfminer_warnings_do_not_reach_the_terminal(tmp_path):
    import subprocess
    import sys

    # a process of its own: under pytest the root logger has a handler, and Python's bare last-resort
    # printing of warnings (the bug) only happens where nobody configured logging
    path = tmp_path / "contents.pdf"  # pdfminer warns «Execute called on non-indirect object»
    path.write_bytes(_pdf(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 42 >>"))
    result = subprocess.run([sys.executable, "-m", "pipeline", "normalize", str(path)], capture_output=True,
                            text=True, timeout=120, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"khooshe: {path}: PDF has no text on any page"]


# --- the batch ----------------------------------------------------------------------------------------
def test_an_unsupported_copy_of_the_same_bytes_does_not_fail_the_good_file(khooshe, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "report.bak").write_text(REPORT, encoding="utf-8")  # sorts first, same bytes
    (inbox / "report.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "k.db"
    result = khooshe("ingest", inbox, "--db", db)
    assert result.code == 1
    assert rows(db, "select path from files") == [(str(inbox / "report.txt"),)]
    assert [(os.path.basename(p), r.split(";")[0]) for p, r in rows(db, "select path, reason from failures")] == [
        ("report.bak", "unsupported file type '.bak'")]


def test_a_misnamed_copy_does_not_fail_the_file_it_copies(khooshe, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    deck = pptx_bytes()
    (inbox / "a-copy.docx").write_bytes(deck)  # sorts first, same bytes, read as a Word file
    (inbox / "b.pptx").write_bytes(deck)
    db = tmp_path / "k.db"
    result = khooshe("ingest", inbox, "--db", db)
    assert result.code == 1
    assert rows(db, "select f.path, d.format from files f join documents d on d.id = f.document_id") == [
        (str(inbox / "b.pptx"), "pptx")]
    ((path, reason),) = rows(db, "select path, reason from failures")
    assert path.endswith("a-copy.docx") and "PowerPoint deck" in reason


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_links_followed_once_loops_and_broken_ones_named(khooshe, tmp_path):
    inbox, outside = tmp_path / "in", tmp_path / "elsewhere"
    inbox.mkdir()
    outside.mkdir()
    (outside / "linked.txt").write_text(REPORT, encoding="utf-8")
    os.symlink(outside, inbox / "shared")        # a linked folder: read, it must not vanish
    os.symlink(tmp_path, inbox / "up")           # back up above the inbox: a loop, not followed
    os.symlink(inbox, inbox / "self")            # the inbox itself: a loop
    os.symlink("/no/such/report.txt", inbox / "dangling.txt")
    os.symlink("circle.txt", inbox / "circle.txt")
    db = tmp_path / "k.db"
    result = khooshe("ingest", inbox, "--db", db)
    assert result.code == 1
    assert rows(db, "select path from files") == [(str(inbox / "shared" / "linked.txt"),)]
    reasons = {os.path.basename(p): r for p, r in rows(db, "select path, reason from failures")}
    assert reasons == {
        "dangling.txt": "a broken symbolic link (to /no/such/report.txt): No such file or directory",
        "circle.txt": "a symbolic link that loops (too many levels of symbolic links)",
    }


def test_a_failure_is_one_line_whatever_the_file_is_named(khooshe, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "bad\nname\u202e.docx").write_bytes(b"not a docx")
    (inbox / "گزارش خوشه.txt").write_text(REPORT, encoding="utf-8")
    result = khooshe("ingest", inbox, "--db", tmp_path / "k.db")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"FAILED {inbox}/bad\\nname\\u202e.docx: not a DOCX file: it is not a zip package"]
    # the failures table keeps the real name
    assert rows(tmp_path / "k.db", "select path from failures") == [(str(inbox / "bad\nname\u202e.docx"),)]


# --- long documents -----------------------------------------------------------------------------------
def test_a_text_over_a_million_characters_is_tokenized_not_refused():
    # spaCy's default max_length (1,000,000) made every extractor fail on a long report: a traceback in
    # `khooshe extract`, a "stage" failure retried on every run
    from pipeline.segment import tokens

    text = "خوشه فرش ۱۲۰۰ بافنده. " * 46_000
    assert len(text) > 1_000_000
    spans = tokens(text)
    assert len(spans) > 4 * 46_000 and text[slice(*spans[-2])] == "بافنده"


def test_a_text_over_the_character_limit_is_refused_before_the_costly_stages(tmp_path, monkeypatch):
    import pipeline.read as read_mod
    from pipeline.errors import TooLarge

    monkeypatch.setattr(read_mod, "MAX_TEXT_CHARS", 1000)
    f = tmp_path / "long.txt"
    f.write_text("خوشه فرش دستباف قم " * 100, encoding="utf-8")
    with pytest.raises(TooLarge, match="character limit"):
        read_mod.read(str(f))
    (tmp_path / "short.txt").write_text("خوشه فرش دستباف قم", encoding="utf-8")
    assert read_mod.read(str(tmp_path / "short.txt")).pages


@pytest.mark.parametrize("command, stage_module, name", [
    ("normalize", "pipeline.repair", "normalize"),
    ("extract", "pipeline.extract", "extract"),
])
def test_a_stage_bug_on_one_file_is_one_line_naming_it(tmp_path, monkeypatch, capsys, command, stage_module, name):
    """`khooshe normalize|extract FILE` when the stage itself raises: one line, exit 1, no traceback."""
    import importlib

    from pipeline.cli import main

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(importlib.import_module(stage_module), name, broken)
    f = tmp_path / "bad\u202ename.txt"
    f.write_text("خوشه فرش دستباف قم", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main([command, str(f)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{name} failed: ValueError: boom" in err and "\\u202e" in err and "\u202e" not in err
