"""One document, file to records: read -> normalize -> extract, as a pure function.

``process_bytes`` is what the local ingest, the process pool and a Dask worker all call. It does no
database work: it returns an :class:`Outcome` of plain rows that the single writer stores in one
transaction. Every failure becomes a failure record naming the stage; nothing escapes.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import InputError, StageError
from pipeline.model import Document, Extraction, Fact, Text
from pipeline.textutil import canonical_key


@dataclass
class Outcome:
    path: str
    sha256: str | None
    size: int
    document: dict[str, Any] | None = None
    facts: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)
    failure: dict[str, str] | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failure is None


def fact_id(document_id: str, f: Fact) -> str:
    key = "|".join(str(x) for x in (document_id, f.extractor, f.type, f.start, f.end, f.value, f.period,
                                     f.subject, f.rank))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def fact_row(document_id: str, f: Fact, cluster_keys: dict[str, str] | None = None) -> dict[str, Any]:
    """The facts row of ``f``; ``cluster_keys`` maps a cluster's name to its row key (a cluster's key
    is its product lemma and province, not always its name's canonical form)."""
    numeric = f.numeric
    cluster_id = None
    if f.cluster:
        cluster_id = (cluster_keys or {}).get(f.cluster) or canonical_key(f.cluster)
    return {
        "id": fact_id(document_id, f),
        "document_id": document_id,
        "cluster_id": cluster_id,
        "type": f.type,
        "value_num": float(f.value) if numeric else None,
        "value_text": None if numeric or f.value is None else str(f.value),
        "unit": f.unit, "qualifier": f.qualifier, "as_written": f.as_written,
        "jalali": f.jalali, "gregorian_start": f.gregorian_start, "gregorian_end": f.gregorian_end,
        "scope": f.scope, "period": f.period, "subject": f.subject, "rank": f.rank, "year": f.year,
        "raw_value": f.raw_value,
        "evidence": f.evidence, "evidence_start": f.evidence_start, "evidence_end": f.evidence_end,
        "span_start": f.start, "span_end": f.end, "page": f.page,
        "extractor": f.extractor, "extractor_version": f.extractor_version,
        "confidence": f.confidence, "alignment": f.alignment,
    }


def records(document: Document, text: Text, extraction: Extraction) -> tuple[dict, list[dict], list[dict]]:
    doc_row = {
        "id": document.sha256, "path": document.path, "name": document.name, "format": document.format,
        "title": document.title, "pages": len(document.pages), "size": document.size,
        "raw_text": document.raw_text, **text_columns(text),
        "status": "ok", "error": None,
        "reader": f"{document.reader}.{document.reader_version}",
        "extractor_versions": json.dumps(extraction.versions, sort_keys=True),
        "meta": json.dumps(document.meta, ensure_ascii=False, sort_keys=True) if document.meta else None,
    }
    return doc_row, fact_rows(document.sha256, extraction), cluster_rows(extraction)


def fact_rows(document_id: str, extraction: Extraction) -> list[dict[str, Any]]:
    keys = {c.name: c.key for c in extraction.clusters}
    return [fact_row(document_id, f, keys) for f in extraction.facts]


def cluster_rows(extraction: Extraction) -> list[dict[str, Any]]:
    return [{"id": c.key, "name": c.name, "product": c.product, "city": c.city, "province": c.province,
             "main": int(c.main)} for c in extraction.clusters]


@contextlib.contextmanager
def stage(name: str, path: str):
    """Run a stage for one file as a single-file command does: a bug in the stage on this file
    becomes a :class:`StageError` naming the file and the stage (one line, exit 1), not a traceback."""
    try:
        yield
    except InputError:
        raise
    except Exception as exc:
        err = StageError(f"{name} failed: {type(exc).__name__}: {exc}", name)
        err.path = path
        raise err from exc


def process_bytes(path: str, data: bytes) -> Outcome:
    """Read, normalize and extract one file's bytes. Never raises for a bad file."""
    from pipeline.extract import extract
    from pipeline.read import read, sha256_of
    from pipeline.repair import normalize

    t0 = time.perf_counter()
    sha = sha256_of(data)
    out = Outcome(path=path, sha256=sha, size=len(data))
    stage = "read"
    try:
        document = read(path, data)
        stage = "normalize"
        text = normalize(document)
        stage = "extract"
        extraction = extract(text)
        out.document, out.facts, out.clusters = records(document, text, extraction)
    except InputError as exc:
        out.failure = {"stage": stage, "code": exc.code, "reason": str(exc)}
    except Exception as exc:  # a bug in a stage must not stop the batch: record it with the file
        out.failure = {"stage": stage, "code": "stage", "reason": f"{stage} failed: {type(exc).__name__}: {exc}"}
    out.seconds = time.perf_counter() - t0
    return out


def process_file(path: str) -> Outcome:
    from pipeline.read import load_bytes

    try:
        data = load_bytes(path)
    except InputError as exc:
        return Outcome(path=path, sha256=None, size=0,
                       failure={"stage": "read", "code": exc.code, "reason": str(exc)})
    return process_bytes(path, data)


def document_from_row(row: dict[str, Any]) -> Document:
    """Rebuild a stored document's pages (and what its reader said about them) from its row."""
    from pipeline.model import Page

    pages = [Page(i + 1, t) for i, t in enumerate((row["raw_text"] or "").split("\f"))]
    meta = json.loads(row["meta"]) if row.get("meta") else {}
    return Document(path=row["path"], format=row["format"], sha256=row["id"], size=row["size"] or 0,
                    pages=pages, title=row["title"], meta=meta)


def text_from_row(row: dict[str, Any]) -> Text:
    """Rebuild a document's Text from its stored row, for re-extraction without the file."""
    normalized = row["normalized_text"] or ""
    origin = Text.origin_from_runs(json.loads(row["offset_map"] or "[]"), len(normalized))
    return Text(document_from_row(row), normalized, origin, row["normalizer"] or "")


def text_columns(text: Text) -> dict[str, Any]:
    """The documents columns that hold a Text: what a re-normalization rewrites."""
    return {"normalized_text": text.text, "offset_map": json.dumps(text.origin_runs(), separators=(",", ":")),
            "normalizer": text.normalizer}
