"""Plain text in UTF-8 (with or without BOM), UTF-16 or Windows-1256.

Windows-1256 maps every byte to some character, so decoding with it never fails: we accept it only
when the result looks like Persian or Arabic text, and reject UTF-8 that was mangled on the way
(its Persian letters turn into runs of ط ظ ع غ). A file we cannot place is an error, never a guess.
Form feeds (pdftotext's page breaks) split pages.
"""
from __future__ import annotations

import codecs
import re

from pipeline.errors import EncodingError
from pipeline.model import PAGE_BREAK, Page
from pipeline.textutil import arabic_share

NAME = "txt"
VERSION = 1

# UTF-8 lead bytes of Arabic-script letters (0xD8-0xDB) decode in Windows-1256 as ط ظ ع غ
_MOJIBAKE_LETTERS = set("طظعغ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise EncodingError."""
    text, encoding = _decode(data)
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(2, len(text[:65536]) // 1000):
        raise EncodingError(f"binary data, not text ({controls} control characters in the first 64 KB)")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise EncodingError(f"starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason})") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = data.decode("cp1256", errors="replace")
    if _looks_like_cp1256_text(text):
        return text, "cp1256"
    raise EncodingError(
        "cannot tell the encoding: not valid UTF-8 "
        f"(bad byte at offset {utf8_error.start}), not UTF-16, and not Persian text in Windows-1256"
    )


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every code unit of ASCII or Arabic-script text has a high byte of 0x00
    or 0x06, so one byte parity is almost all 0x00/0x06; UTF-8 and Windows-1256 never look like that."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]

    def high_share(part: bytes) -> float:
        return (part.count(0) + part.count(6)) / len(part)

    if high_share(odd) > 0.9 and high_share(even) < 0.3:
        return "utf-16-le"
    if high_share(even) > 0.9 and high_share(odd) < 0.3:
        return "utf-16-be"
    return None


def _looks_like_cp1256_text(text: str) -> bool:
    if _CONTROL.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    arabic = [c for c in letters if "\u0600" <= c <= "\u06ff"]
    if arabic_share(text) < 0.5:
        return False  # mostly Latin with high bytes: a Western code page, not ours to guess
    return sum(c in _MOJIBAKE_LETTERS for c in arabic) / len(arabic) < 0.3


def read(data: bytes, path: str):
    from pipeline.read import Parsed

    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    pages = [Page(i + 1, t) for i, t in enumerate(text.split(PAGE_BREAK))]
    title = next((line.strip() for line in text.split("\n") if line.strip()), None)
    return Parsed(pages, title=title[:200] if title else None, meta={"encoding": encoding})
