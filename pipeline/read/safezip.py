"""Open DOCX/PPTX packages as hostile input: bounded decompression, no XML entity declarations.

A zip bomb declares small compressed sizes for huge members; zipfile stops reading a member at its
declared size, so bounding the declared sizes and ratios bounds the work. python-docx and
python-pptx already parse with ``resolve_entities=False``; we also refuse any part that declares a
DTD, so no entity expansion trick reaches a parser at all, in whatever encoding the part is written
(XML may be UTF-16 or UTF-32, where ``<!DOCTYPE`` is not the ASCII bytes).

Files that are not what their extension says get a message that says what they are: a password-
protected Office file or an old binary .doc/.ppt (an OLE compound file, not a zip), a zip cut short,
a PowerPoint deck named .docx.
"""
from __future__ import annotations

import io
import zipfile

from pipeline.errors import CorruptFile, EncryptedFile, TooLarge

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
_RATIO_FLOOR = 1024 * 1024


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: old binary Office, or an encrypted package
_DECLARATIONS = tuple(mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY")
                      for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
# the main part of each OOXML kind, where Office and LibreOffice put it
_MAIN_PARTS = {"DOCX": ("word/document.xml", "a Word document (.docx)"),
               "PPTX": ("ppt/presentation.xml", "a PowerPoint deck (.pptx)"),
               "XLSX": ("xl/workbook.xml", "an Excel workbook (.xlsx)")}


def encrypted_package(data: bytes) -> bool:
    """Office saves a password-protected file as an OLE compound file holding an EncryptedPackage stream."""
    return data.startswith(OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data


def _not_a_zip(data: bytes, kind: str) -> Exception:
    if data.startswith(OLE_MAGIC):
        if encrypted_package(data):
            return EncryptedFile(f"{kind} is password-protected (encrypted); save an unprotected copy to ingest it")
        return CorruptFile(f"not a {kind} file: it is an old binary Office file (.doc, .ppt, .xls); "
                           f"save it as .{kind.lower()} to ingest it")
    if data.startswith(b"PK\x03\x04"):
        return CorruptFile(f"broken {kind} file: its zip package is cut short or damaged (no central directory)")
    return CorruptFile(f"not a {kind} file: it is not a zip package")


def open_package(data: bytes, kind: str) -> zipfile.ZipFile:
    """Check an OOXML package and return it open; raise CorruptFile, EncryptedFile or TooLarge."""
    buf = io.BytesIO(data)
    if not zipfile.is_zipfile(buf):
        raise _not_a_zip(data, kind)
    try:
        zf = zipfile.ZipFile(buf)
        members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFile(f"broken {kind} zip package: {exc}") from None
    if len(members) > MAX_MEMBERS:
        raise TooLarge(f"{kind} package has {len(members):,} parts (limit {MAX_MEMBERS:,})")
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES:
        raise TooLarge(f"{kind} package unpacks to {total:,} bytes (limit {MAX_TOTAL_BYTES:,})")
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise TooLarge(f"{kind} part {m.filename} is compressed {m.file_size // max(m.compress_size, 1)}:1, a zip bomb")
    names = set(zf.namelist())
    if "[Content_Types].xml" not in names:
        raise CorruptFile(f"not a {kind} file: zip package without [Content_Types].xml")
    own = _MAIN_PARTS.get(kind)
    if own and own[0] not in names:
        for other, (part, what) in _MAIN_PARTS.items():
            if other != kind and part in names:
                raise CorruptFile(f"not a {kind} file: it is {what} with the wrong extension; "
                                  f"rename it .{other.lower()}")
    for m in members:
        if m.filename.endswith((".xml", ".rels")):
            try:
                head = zf.read(m)
            except Exception as exc:  # zlib.error, a bad CRC, an unsupported method or an encrypted member
                raise CorruptFile(f"broken {kind} part {m.filename}: {type(exc).__name__}: {exc}") from None
            if any(mark in head for mark in _DECLARATIONS):
                raise CorruptFile(f"{kind} part {m.filename} declares a DTD or XML entities; refused")
    return zf
