"""The read stage: ``read(path) -> Document``, one reader per format.

A reader module defines ``NAME``, ``VERSION``, ``EXTENSIONS`` and ``read(data, path) -> Parsed``; it
receives the file's bytes (read once here, hashed here) and returns pages of raw text. Readers import
their parsing library inside ``read`` so that choosing a reader costs nothing.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import stat
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Iterator

from pipeline.errors import EmptyDocument, InputError, StageError, TooLarge, UnreadableFile, UnsupportedFormat
from pipeline.model import Document, Page

MAX_FILE_BYTES = 512 * 1024 * 1024
# the text a document may hold: about 10,000 pages of Persian. The later stages need some 25 times the
# text's size in memory; a 200 MB text file would take over 5 GB and hours of a nightly run
MAX_TEXT_CHARS = 20_000_000

# extension -> module under pipeline.read; kept as names so nothing is imported until needed
READERS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
    ".pptx": "pptx",
}


@dataclass
class Parsed:
    pages: list[Page]
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def supported(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in READERS


def reader_for(path: str):
    ext = os.path.splitext(path)[1].lower()
    if ext not in READERS:
        known = ", ".join(sorted(READERS))
        raise UnsupportedFormat(f"unsupported file type {ext or '(no extension)'!r}; Khooshe reads {known}")
    return importlib.import_module(f"pipeline.read.{READERS[ext]}")


def reader_versions() -> dict[str, int]:
    out = {}
    for mod in sorted(set(READERS.values())):
        m = importlib.import_module(f"pipeline.read.{mod}")
        out[m.NAME] = m.VERSION
    return out


@contextlib.contextmanager
def opened(path: str, max_bytes: int = MAX_FILE_BYTES) -> Iterator[BinaryIO]:
    """The file open for reading once its size is checked; every OS error becomes one clear InputError.

    Opened without blocking and checked to be a regular file first: opening a FIFO for reading waits
    for a writer forever, and a device (/dev/zero) never ends."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise UnreadableFile("is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableFile("is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile("not a regular file (a pipe, socket or device)")
        if st.st_size > max_bytes:
            raise TooLarge(f"file is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit")
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        try:
            yield fh
        except OSError as exc:  # the disk failed mid-read
            raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None


def load_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    with opened(path, max_bytes) as fh:
        data = fh.read(max_bytes + 1)  # a file still being written may have grown since it was measured
    if len(data) > max_bytes:
        raise TooLarge(f"file grew over the {max_bytes:,}-byte limit while it was read")
    return data


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(path: str, data: bytes | None = None) -> Document:
    """Read one file into a Document. Raises an InputError subclass, with ``.path`` set, when it cannot."""
    try:
        return _read(path, data)
    except InputError as exc:
        exc.path = path
        raise
    except Exception as exc:  # a reader's bug on a hostile file: one line naming the file, never a traceback
        err = StageError(f"read failed: {type(exc).__name__}: {exc}", "read")
        err.path = path
        raise err from exc


def _has_text(text: str) -> bool:
    """A letter or a digit: whitespace, ZWNJs, bidi marks and rules of dashes alone are no text."""
    return any(ch.isalnum() for ch in text)


def _read(path: str, data: bytes | None) -> Document:
    reader = reader_for(path)
    if data is None:
        data = load_bytes(path)
    if not data:
        raise EmptyDocument("file is empty")
    parsed: Parsed = reader.read(data, path)
    if not any(_has_text(p.text) for p in parsed.pages):
        raise EmptyDocument("no text found in the file")
    chars = sum(len(p.text) for p in parsed.pages)
    if chars > MAX_TEXT_CHARS:
        raise TooLarge(f"{chars:,} characters of text, over the {MAX_TEXT_CHARS:,}-character limit "
                       f"(split the file, or raise pipeline.read.MAX_TEXT_CHARS)")
    return Document(
        path=path,
        format=reader.NAME,
        sha256=sha256_of(data),
        size=len(data),
        pages=parsed.pages,
        title=parsed.title,
        reader=f"read.{reader.NAME}",
        reader_version=reader.VERSION,
        meta=parsed.meta,
    )
