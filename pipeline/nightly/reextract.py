"""Re-extraction: a stored document's facts again, from its stored text, without the file.

:func:`reextract_row` is an engine's work function (see :mod:`pipeline.batch`): it takes a
``documents`` row and runs the current extractors over its Text. When the stored text came from
another normalizer version, the raw pages (kept in ``documents.raw_text``) are normalized again
first, so an improved repair stage reaches every stored document, still without reading the file.
It returns an Outcome whose ``document`` holds the id, the new extractor versions and, after a
re-normalization, the new text columns; the writer swaps them in with
:func:`pipeline.store.load.replace_extraction`. A new *reader* does need the files.
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
        if row.get("normalizer") != version():
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
