"""Re-extraction: a stored document's facts again, from its stored text, without the file.

:func:`reextract_row` is an engine's work function (see :mod:`pipeline.batch`): it takes a
``documents`` row and runs the current extractors over its Text. When the stored text came from
another normalizer version, the raw pages (kept in ``documents.raw_text``) are normalized again
first, so an improved repair stage reaches every stored document, still without reading the file.
A new *reader* does need the file: when the document's reader version is not the current one and
its file is still there with the same bytes, the file is read again (an unchanged file is the same
document, same id); when the file is gone or changed, the stored pages are used as they are (a
changed file is a new version of its own, ingested as such). It returns an Outcome whose
``document`` holds the id, the new extractor versions and, after a re-normalization or re-reading,
the new columns; the writer swaps them in with :func:`pipeline.store.load.replace_extraction`.
"""
from __future__ import annotations

import json
import time
from typing import Any

from pipeline.process import Outcome


def reextract_row(row: dict[str, Any]) -> Outcome:
    """Extract facts again from one stored document row. Never raises."""
    from pipeline.extract import extract
    from pipeline.process import cluster_rows, document_from_row, fact_rows, text_columns, text_from_row
    from pipeline.repair import normalize, version

    t0 = time.perf_counter()
    out = Outcome(path=row.get("path") or "", sha256=row["id"], size=row.get("size") or 0)
    try:
        renormalized = {}
        document = _reread(row)
        if document is not None:
            text = normalize(document)
            renormalized = dict(text_columns(text), **_read_columns(document))
        elif row.get("normalizer") != version():
            text = normalize(document_from_row(row))
            renormalized = text_columns(text)
        else:
            text = text_from_row(row)
        extraction = extract(text)
        out.facts = fact_rows(row["id"], extraction)
        out.clusters = cluster_rows(extraction)
        out.document = {"id": row["id"], "pages": row.get("pages"),
                        "extractor_versions": json.dumps(extraction.versions, sort_keys=True), **renormalized}
    except Exception as exc:  # an extractor bug: recorded with the document, the old facts stay
        out.failure = {"stage": "reextract", "code": "stage",
                       "reason": f"re-extraction failed: {type(exc).__name__}: {exc}"}
    out.seconds = time.perf_counter() - t0
    return out


def _reread(row: dict[str, Any]):
    """The document read again from its file, when its reader has a new version and the file holds
    the same bytes; else None (the stored pages serve)."""
    from pipeline.errors import InputError
    from pipeline.read import load_bytes, read, reader_versions, sha256_of

    fmt, path = row.get("format"), row.get("path")
    current = reader_versions().get(fmt)
    if not path or current is None or row.get("reader") == f"read.{fmt}.{current}":
        return None
    try:
        data = load_bytes(path)
    except InputError:
        return None  # gone or unreadable: the stored pages are all there is
    if sha256_of(data) != row["id"]:
        return None  # changed: the run ingests it as a new version
    return read(path, data)


def _read_columns(document) -> dict[str, Any]:
    return {"raw_text": document.raw_text, "pages": len(document.pages), "title": document.title,
            "reader": f"{document.reader}.{document.reader_version}",
            "meta": json.dumps(document.meta, ensure_ascii=False, sort_keys=True) if document.meta else None}
