"""The exceptions of Khooshe and the exit codes they map to: one home for every error.

A file that cannot be ingested raises an :class:`InputError` subclass; the batch records it in
``failures`` and goes on. Everything that stops a command maps to one exit code:

====  ======================================================================
code  meaning
====  ======================================================================
0     everything succeeded
1     the command ran, but some files failed (each recorded in ``failures``)
2     bad usage: unknown option, missing file, malformed config or query
3     another run holds the lock
4     the database cannot be opened or written, or a read-only query tried to write
====  ======================================================================
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_DATABASE = 4


class KhoosheError(Exception):
    """Base class. ``str(err)`` is one line that says what went wrong and, where it helps, what to do."""

    exit_code = EXIT_SOME_FAILED
    code = "error"


# --- one file could not be ingested ---------------------------------------------------------------
class InputError(KhoosheError):
    """A file could not be read; the run records it and goes on."""

    code = "input"
    stage = "read"


class UnsupportedFormat(InputError):
    code = "unsupported_format"


class UnreadableFile(InputError):
    code = "unreadable"


class CorruptFile(InputError):
    code = "corrupt"


class EncryptedFile(InputError):
    code = "encrypted"


class EmptyDocument(InputError):
    """The file parsed but holds no text (an empty file, an HTML page with no body text)."""

    code = "empty"


class NoTextLayer(InputError):
    """A PDF page has no text layer and OCR is not available."""

    code = "no_text_layer"


class EncodingError(InputError):
    code = "encoding"


class TooLarge(InputError):
    """A file (or a part inside a DOCX/PPTX zip) is larger than the configured bound."""

    code = "too_large"


class StageError(InputError):
    """A stage after reading failed on this document (a bug, reported with the file)."""

    code = "stage"

    def __init__(self, message: str, stage: str):
        super().__init__(message)
        self.stage = stage


# --- the command cannot go on ---------------------------------------------------------------------
class UsageError(KhoosheError):
    exit_code = EXIT_USAGE
    code = "usage"


class ConfigError(UsageError):
    code = "config"


class LockedError(KhoosheError):
    exit_code = EXIT_LOCKED
    code = "locked"


class DatabaseError(KhoosheError):
    exit_code = EXIT_DATABASE
    code = "database"


class ReadOnlyError(DatabaseError):
    code = "read_only"
