"""Writing outcomes: each document, with its facts and clusters, in one transaction.

Identity is the content hash. The same bytes under a second path add a ``files`` row and nothing
else; a path whose bytes changed gets the new document, and the old one is marked ``superseded``
with its facts removed, all in the same transaction, so a reader never sees half a document.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any

from pipeline.process import Outcome

NEW, CHANGED, DUPLICATE, UNCHANGED, FAILED, REEXTRACTED = "new", "changed", "duplicate", "unchanged", "failed", "reextracted"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def start_run(db, command: str) -> int:
    with db.atomic():
        return db["runs"].insert({"command": command, "started_at": now(), "status": "running",
                                  "pid": os.getpid()}).last_pk


def finish_run(db, run_id: int, counts: dict[str, Any], status: str, seconds: float) -> None:
    with db.atomic():
        db["runs"].update(run_id, {**counts, "status": status, "finished_at": now(),
                                   "duration_s": round(seconds, 3)})


def file_row(db, path: str) -> dict | None:
    rows = list(db.query("select * from files where path = ?", [path]))
    return rows[0] if rows else None


def document_status(db, doc_id: str) -> str | None:
    rows = list(db.query("select status from documents where id = ?", [doc_id]))
    return rows[0]["status"] if rows else None


def link_file(db, path: str, doc_id: str, size: int, mtime: float) -> tuple[bool, int]:
    """Record that ``path`` now holds the stored document ``doc_id``.

    If the path held another document that no other path holds, that one is superseded and its facts
    removed. Returns (whether the path's content changed, facts removed).
    """
    with db.atomic():
        previous = file_row(db, path)
        removed = 0
        changed = bool(previous and previous["document_id"] != doc_id)
        if changed:
            others = db.execute("select count(*) from files where document_id = ? and path != ?",
                                [previous["document_id"], path]).fetchone()[0]
            if not others:
                removed = _drop_extraction(db, previous["document_id"])
                db.execute("update documents set status = 'superseded', updated_at = ? where id = ?",
                           [now(), previous["document_id"]])
        stamp = now()
        db.execute(
            "insert into files (path, document_id, size, mtime, first_seen, last_seen) values (?, ?, ?, ?, ?, ?) "
            "on conflict(path) do update set document_id = excluded.document_id, size = excluded.size, "
            "mtime = excluded.mtime, last_seen = excluded.last_seen",
            [path, doc_id, size, mtime, stamp, stamp])
        db.execute("delete from failures where path = ?", [path])
    return changed, removed


def record_failure(db, path: str, sha256: str | None, failure: dict[str, str], run_id: int | None) -> int:
    """Upsert the failure of ``path``; returns its attempt count."""
    stamp = now()
    with db.atomic():
        db.execute(
            "insert into failures (path, sha256, stage, code, reason, attempts, first_failed_at, last_failed_at, run_id) "
            "values (?, ?, ?, ?, ?, 1, ?, ?, ?) on conflict(path) do update set sha256 = excluded.sha256, "
            "stage = excluded.stage, code = excluded.code, reason = excluded.reason, "
            "attempts = failures.attempts + 1, last_failed_at = excluded.last_failed_at, run_id = excluded.run_id",
            [path, sha256, failure["stage"], failure["code"], failure["reason"], stamp, stamp, run_id])
    return list(db.query("select attempts from failures where path = ?", [path]))[0]["attempts"]


def _insert_extraction(db, doc_id: str, facts: list[dict], clusters: list[dict], stamp: str) -> None:
    for c in clusters:
        db.execute(
            "insert into clusters (id, name, product, city, province, first_seen) values (?, ?, ?, ?, ?, ?) "
            "on conflict(id) do update set product = coalesce(clusters.product, excluded.product), "
            "city = coalesce(clusters.city, excluded.city), province = coalesce(clusters.province, excluded.province)",
            [c["id"], c["name"], c.get("product"), c.get("city"), c.get("province"), stamp])
        db.execute("insert or replace into document_clusters (document_id, cluster_id, main) values (?, ?, ?)",
                   [doc_id, c["id"], c.get("main", 0)])
    known = {c["id"] for c in clusters}
    rows = []
    for f in facts:
        row = dict(f, created_at=stamp)
        if row["cluster_id"] and row["cluster_id"] not in known:
            row["cluster_id"] = None  # a fact can only point at a cluster the extraction named
        rows.append(row)
    if rows:
        db["facts"].insert_all(rows, replace=True)


def _drop_extraction(db, doc_id: str) -> int:
    removed = db.execute("select count(*) from facts where document_id = ?", [doc_id]).fetchone()[0]
    db.execute("delete from facts where document_id = ?", [doc_id])
    db.execute("delete from document_clusters where document_id = ?", [doc_id])
    return removed


def save_outcome(db, outcome: Outcome, mtime: float, run_id: int | None) -> tuple[str, int, int]:
    """Store one processed file. Returns (kind, facts added, facts removed)."""
    if not outcome.ok:
        record_failure(db, outcome.path, outcome.sha256, outcome.failure, run_id)
        return FAILED, 0, 0
    doc = outcome.document
    doc_id = doc["id"]
    stamp = now()
    added = removed = 0
    with db.atomic():
        status = document_status(db, doc_id)
        kind = DUPLICATE
        if status != "ok":
            if status is not None:  # the file went back to an earlier, superseded version
                db.execute("delete from documents where id = ?", [doc_id])
            db["documents"].insert(dict(doc, ingested_at=stamp, updated_at=stamp))
            _insert_extraction(db, doc_id, outcome.facts, outcome.clusters, stamp)
            added = len(outcome.facts)
            kind = NEW
        changed, removed = link_file(db, outcome.path, doc_id, outcome.size, mtime)
    return (CHANGED if changed else kind), added, removed


def replace_extraction(db, doc_id: str, facts: list[dict], clusters: list[dict], versions_json: str) -> tuple[int, int]:
    """Swap a stored document's facts for a fresh extraction (re-extraction without the file)."""
    stamp = now()
    with db.atomic():
        removed = _drop_extraction(db, doc_id)
        _insert_extraction(db, doc_id, facts, clusters, stamp)
        db.execute("update documents set extractor_versions = ?, updated_at = ? where id = ?",
                   [versions_json, stamp, doc_id])
    return len(facts), removed
