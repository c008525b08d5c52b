"""Re-extraction: a stored document's facts again, from its stored normalized text, without the file.

:func:`reextract_row` is an engine's work function (see :mod:`pipeline.batch`): it takes a
``documents`` row, rebuilds the Text (:func:`pipeline.process.text_from_row`), runs the current
extractors and returns an Outcome whose ``document`` holds only the id and the new extractor
versions. The writer swaps the facts with :func:`pipeline.store.load.replace_extraction`. The
normalizer is not run again: a new normalizer needs the files (``khooshe ingest`` of a changed file).
"""
from __future__ import annotations

import json
import time
from typing import Any

from pipeline.process import Outcome


def reextract_row(row: dict[str, Any]) -> Outcome:
    """Extract facts again from one stored document row. Never raises."""
    from pipeline.extract import extract
    from pipeline.process import fact_row, text_from_row

    t0 = time.perf_counter()
    out = Outcome(path=row.get("path") or "", sha256=row["id"], size=row.get("size") or 0)
    try:
        extraction = extract(text_from_row(row))
        out.facts = [fact_row(row["id"], f) for f in extraction.facts]
        out.clusters = [{"id": c.key, "name": c.name, "product": c.product, "city": c.city,
                         "province": c.province, "main": int(c.main)} for c in extraction.clusters]
        out.document = {"id": row["id"], "pages": row.get("pages"),
                        "extractor_versions": json.dumps(extraction.versions, sort_keys=True)}
    except Exception as exc:  # an extractor bug: recorded with the document, the old facts stay
        out.failure = {"stage": "reextract", "code": "stage",
                       "reason": f"re-extraction failed: {type(exc).__name__}: {exc}"}
    out.seconds = time.perf_counter() - t0
    return out
