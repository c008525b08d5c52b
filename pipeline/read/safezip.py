"""Open DOCX/PPTX packages as hostile input: bounded decompression, no XML entity declarations.

A zip bomb declares small compressed sizes for huge members; zipfile stops reading a member at its
declared size, so bounding the declared sizes and ratios bounds the work. python-docx and
python-pptx already parse with ``resolve_entities=False``; we also refuse any part that declares a
DTD, so no entity expansion trick reaches a parser at all.
"""
from __future__ import annotations

import io
import zipfile

from pipeline.errors import CorruptFile, TooLarge

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
_RATIO_FLOOR = 1024 * 1024


def open_package(data: bytes, kind: str) -> zipfile.ZipFile:
    """Check an OOXML package and return it open; raise CorruptFile or TooLarge."""
    buf = io.BytesIO(data)
    if not zipfile.is_zipfile(buf):
        raise CorruptFile(f"not a {kind} file: it is not a zip package")
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
    if "[Content_Types].xml" not in zf.namelist():
        raise CorruptFile(f"not a {kind} file: zip package without [Content_Types].xml")
    for m in members:
        if m.filename.endswith((".xml", ".rels")):
            try:
                head = zf.read(m)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise CorruptFile(f"broken {kind} part {m.filename}: {exc}") from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise CorruptFile(f"{kind} part {m.filename} declares a DTD or XML entities; refused")
    return zf
