"""The database schema, as sqlite-utils migrations: each change to the schema is a new function.

Never edit a migration that has shipped; add the next one. ``apply`` runs the pending ones, each in
its own transaction, and records them in ``_sqlite_migrations``.
"""
from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("khooshe")

FTS_TOKENIZE = "unicode61 remove_diacritics 2"


@migrations()
def m001_initial(db: Database) -> None:
    db["documents"].create({
        "id": str,               # sha256 of the file's bytes: the document's identity
        "path": str,             # where it was first seen
        "name": str,
        "format": str,           # txt | html | docx | pdf | pptx
        "title": str,
        "pages": int,
        "size": int,
        "raw_text": str,         # pages as read, joined by form feeds
        "normalized_text": str,  # one paragraph, bullet or table row per line
        "offset_map": str,       # JSON runs [normalized_start, raw_start, length]
        "status": str,           # ok | superseded (the file changed; facts were replaced)
        "error": str,
        "reader": str,           # read.pdf.1
        "normalizer": str,       # layout.1+orthography.1
        "extractor_versions": str,  # JSON {"fa.counts": 3, ...}
        "meta": str,             # JSON: encoding, notes, ...
        "ingested_at": str,
        "updated_at": str,
    }, pk="id", not_null={"path", "format", "status"})
    db["files"].create({
        "path": str,
        "document_id": str,
        "size": int,
        "mtime": float,
        "first_seen": str,
        "last_seen": str,
    }, pk="path", foreign_keys=[("document_id", "documents", "id")])
    db["clusters"].create({
        "id": str,               # canonical key of the name: one row per cluster across documents
        "name": str,
        "product": str,
        "city": str,
        "province": str,
        "first_seen": str,
    }, pk="id")
    db["document_clusters"].create({
        "document_id": str,
        "cluster_id": str,
        "main": int,             # 1 for the cluster the document is chiefly about
    }, pk=("document_id", "cluster_id"),
        foreign_keys=[("document_id", "documents", "id"), ("cluster_id", "clusters", "id")])
    db["facts"].create({
        "id": str,               # hash of document, extractor, type, span and value
        "document_id": str,
        "cluster_id": str,
        "type": str,
        "value_num": float,
        "value_text": str,
        "unit": str,
        "qualifier": str,
        "as_written": str,
        "jalali": str,
        "gregorian_start": str,
        "gregorian_end": str,
        "scope": str,            # national for programme-level facts, else null
        "period": str,           # baseline | current
        "subject": str,
        "rank": int,
        "year": int,
        "raw_value": str,        # the unsplit string, for a glued number no split explains
        "evidence": str,
        "evidence_start": int,
        "evidence_end": int,
        "span_start": int,       # offsets into documents.normalized_text
        "span_end": int,
        "page": int,
        "extractor": str,
        "extractor_version": int,
        "confidence": float,
        "alignment": str,
        "created_at": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id"), ("cluster_id", "clusters", "id")])
    db["facts"].create_index(["document_id"])
    db["facts"].create_index(["type"])
    db["facts"].create_index(["cluster_id"])
    db["runs"].create({
        "id": int,
        "command": str,
        "started_at": str,
        "finished_at": str,
        "status": str,           # running | ok | some_failed | interrupted
        "seen": int,
        "new": int,
        "changed": int,
        "skipped": int,
        "failed": int,
        "reextracted": int,
        "facts_added": int,
        "facts_removed": int,
        "duration_s": float,
        "pid": int,
    }, pk="id")
    db["failures"].create({
        "path": str,
        "sha256": str,
        "stage": str,
        "code": str,
        "reason": str,
        "attempts": int,
        "first_failed_at": str,
        "last_failed_at": str,
        "run_id": int,
    }, pk="path")
    db["documents"].enable_fts(["title", "normalized_text"], create_triggers=True, tokenize=FTS_TOKENIZE)
    db["facts"].enable_fts(["evidence"], create_triggers=True, tokenize=FTS_TOKENIZE)


def apply(db: Database) -> None:
    migrations.apply(db)
