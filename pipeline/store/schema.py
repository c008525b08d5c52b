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


@migrations()
def m020_nightly(db: Database) -> None:
    """Nightly runs: more about each run, failures' quick check, fact changes, analysts' corrections."""
    runs = db["runs"]
    for column, kind in (("held", int),            # failed files not retried (attempt cap reached, bytes unchanged)
                         ("facts_changed", int),   # facts whose value changed (re-extraction, changed file)
                         ("pages", int),           # pages of the documents processed
                         ("host", str), ("engine", str), ("workers", int),
                         ("paths", str),           # JSON list of the folders read
                         ("log_path", str), ("report_path", str),
                         ("note", str)):           # why a run was interrupted, ...
        runs.add_column(column, kind)
    db["failures"].add_column("size", int)     # with mtime: the quick check that the failed file is unchanged
    db["failures"].add_column("mtime", float)
    db["changes"].create({
        "id": int,
        "run_id": int,
        "kind": str,                 # new | changed | reextracted | recovered | fact_added | fact_removed
                                     # | fact_changed | correction_moved | correction_unmatched
        "document_id": str,
        "previous_document_id": str,  # the superseded version, for a changed file
        "path": str,
        "fact_id": str,
        "fact_type": str,
        "old_value": str,
        "new_value": str,
        "evidence": str,
        "detail": str,               # JSON: extractor versions before and after, ...
        "created_at": str,
    }, pk="id")
    db["changes"].create_index(["run_id"])
    db["corrections"].create({
        "id": int,
        "fact_id": str,              # the fact it applies to now (follows the fact across re-extraction)
        "document_id": str,
        "action": str,               # correct | reject
        "value_num": float,          # the analyst's value (numeric facts)
        "value_text": str,           # the analyst's value (other facts)
        "note": str,
        "by": str,
        "created_at": str,
        "status": str,               # active | unmatched (the fact vanished) | replaced | withdrawn
        "matched_at": str,
        # the fact as extracted when it was corrected: shows the original value and re-finds the fact
        "fact_type": str,
        "original_value_num": float,
        "original_value_text": str,
        "unit": str,
        "subject": str,
        "period": str,
        "as_written": str,
        "evidence": str,
        "span_start": int,
        "span_end": int,
    }, pk="id")
    db["corrections"].create_index(["fact_id"])
    db["corrections"].create_index(["document_id"])
    db.execute("create unique index corrections_one_active on corrections(fact_id) where status = 'active'")
    # Facts as the analysts want them: every fact not rejected, the extracted columns untouched (f.*) and the
    # value after correction beside them. f.* keeps later columns of facts in the view.
    db.execute("""
        create view facts_corrected as
        select f.*,
               case when c.id is null then f.value_num else c.value_num end as value_num_corrected,
               case when c.id is null then f.value_text else c.value_text end as value_text_corrected,
               case when c.id is null then null else 'corrected' end as correction,
               c.note as correction_note, c.by as corrected_by, c.created_at as corrected_at
        from facts f
        left join corrections c on c.fact_id = f.id and c.status = 'active'
        where c.action is null or c.action != 'reject'""")
    db.execute("""
        create view fact_corrections as
        select c.id, c.status, c.action, c.fact_type, c.original_value_num, c.original_value_text,
               c.value_num, c.value_text, c.note, c.by, c.created_at,
               f.value_num as extracted_value_num, f.value_text as extracted_value_text,
               c.fact_id, c.document_id, d.path, c.evidence
        from corrections c
        left join facts f on f.id = c.fact_id
        left join documents d on d.id = c.document_id""")


@migrations()
def m010_query_views(db: Database) -> None:
    """Views for the analysts' questions (facts_with_source, cluster_key_facts, cluster_summary).

    After m020: facts_with_source reads facts_corrected. The statements are in pipeline/store/views.py.
    """
    from pipeline.store import views

    views.create_v1(db)


@migrations()
def m011_query_key_facts(db: Database) -> None:
    """cluster_key_facts: the `cluster` name fact is no key fact; key facts carry their rank."""
    from pipeline.store import views

    views.create_v2(db)


def apply(db: Database) -> None:
    migrations.apply(db)
