"""The text reader: encodings detected, never decoded wrongly in silence."""
import os

import pytest

from conftest import FIXTURES
from pipeline.errors import EmptyDocument, EncodingError
from pipeline.read import read
from pipeline.read.txt import decode

ENC = os.path.join(FIXTURES, "encodings")
REFERENCE = open(os.path.join(ENC, "utf8.txt"), encoding="utf-8").read()


@pytest.mark.parametrize("name, encoding", [
    ("utf8.txt", "utf-8"),
    ("utf8_bom.txt", "utf-8-sig"),
    ("utf16le_bom.txt", "utf-16"),
    ("utf16be_nobom.txt", "utf-16-be"),
])
def test_unicode_encodings_read_to_the_same_text(name, encoding):
    doc = read(os.path.join(ENC, name))
    assert doc.meta["encoding"] == encoding
    assert doc.raw_text == REFERENCE
    assert doc.format == "txt" and doc.pages[0].number == 1


def test_windows_1256_reads_as_persian_with_arabic_letters_of_its_era():
    doc = read(os.path.join(ENC, "cp1256.txt"))
    assert doc.meta["encoding"] == "cp1256"
    # the code page has no Persian ی: the file carries Arabic ي, which normalization unifies later
    assert doc.raw_text == REFERENCE.replace("ی", "ي").translate({ord(d): str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")})


def test_damaged_utf8_is_refused_not_guessed():
    with pytest.raises(EncodingError, match="cannot tell the encoding"):
        read(os.path.join(ENC, "broken_utf8.txt"))


@pytest.mark.parametrize("data", [
    "خوشه".encode("utf-8").decode("cp1256", errors="replace").encode("utf-8")[:-1] + b"\xff",  # mojibake, then junk
    "Café crème brûlée, déjà vu".encode("latin-1"),  # a Western code page: not ours to guess
    b"\x00\x01\x02\x03binary\x04\x05" * 20,
])
def test_bytes_that_are_not_persian_text_are_refused(data):
    with pytest.raises(EncodingError):
        decode(data)


def test_utf8_mangled_through_windows_1256_is_refused():
    # UTF-8 Persian bytes with one bad byte: Windows-1256 would decode them as runs of ط ظ ع غ
    data = "خوشه فرش دستباف قم با بیش از سیصد واحد تولیدی".encode("utf-8") + b"\x81"
    with pytest.raises(EncodingError):
        decode(data)


def test_empty_file_is_an_empty_document(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        read(str(path))


def test_whitespace_only_file_is_an_empty_document(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n \t\n", encoding="utf-8")
    with pytest.raises(EmptyDocument):
        read(str(path))


def test_form_feeds_split_pages_and_crlf_becomes_lf(tmp_path):
    path = tmp_path / "pages.txt"
    path.write_bytes("صفحه اول\r\nسطر دوم\fصفحه دوم\r\n".encode("utf-8"))
    doc = read(str(path))
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.pages[0].text == "صفحه اول\nسطر دوم"
    assert doc.pages[1].text == "صفحه دوم\n"
    assert doc.title == "صفحه اول"
