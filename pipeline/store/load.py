"""Writing outcomes: each document, with its facts and clusters, in one transaction.

Identity is the content hash. The same bytes under a second path add a ``files`` row and nothing
else; a path whose bytes changed gets the new document, and the old one is marked ``superseded``
with its facts removed, all in the same transaction, so a reader never sees half a document.

The same transaction also records what changed (``changes``: new and changed documents, facts
added, removed or changed, for the run report) and moves analysts' corrections from the old facts
to the new ones (see :func:`_reanchor_corrections`), so a crash can never leave a correction
pointing at a fact that is gone while its replacement exists.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
from dataclasses import dataclass
from typing import Any, Iterable

from pipeline.process import Outcome

NEW, CHANGED, DUPLICATE, UNCHANGED, FAILED, REEXTRACTED = "new", "changed", "duplicate", "unchanged", "failed", "reextracted"
HELD = "held"  # a failed file not retried: the attempt cap is reached and its bytes have not changed


@dataclass
class Written:
    """What one write did: its kind and the facts it added, removed and changed (by the fact diff)."""

    kind: str
    added: int = 0
    removed: int = 0
    changed: int = 0


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# --- runs -----------------------------------------------------------------------------------------
def start_run(db, command: str, **info: Any) -> int:
    """Insert the run row (status ``running``); ``info`` fills engine, workers, paths, log_path, ..."""
    row = {"command": command, "started_at": now(), "status": "running", "pid": os.getpid(),
           "host": socket.gethostname()}
    row.update({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in info.items()})
    with db.atomic():
        return db["runs"].insert(row, alter=False).last_pk


def checkpoint_run(db, run_id: int, counts: dict[str, Any]) -> None:
    """Save the counts so far, so that a run killed mid-way still says how far it got."""
    with db.atomic():
        db["runs"].update(run_id, dict(counts))


def finish_run(db, run_id: int, counts: dict[str, Any], status: str, seconds: float, **info: Any) -> None:
    with db.atomic():
        db["runs"].update(run_id, {**counts, **info, "status": status, "finished_at": now(),
                                   "duration_s": round(seconds, 3)})


def update_run(db, run_id: int, **info: Any) -> None:
    with db.atomic():
        db["runs"].update(run_id, info)


def recover_interrupted_runs(db) -> list[dict]:
    """Mark runs left ``running`` as ``interrupted``. Call only while holding the run lock: every writer
    takes it, so a run still ``running`` then belongs to a process that died (killed, power cut)."""
    with db.atomic():
        stale = list(db.query("select id, pid, host, started_at, command from runs where status = 'running'"))
        for r in stale:
            db.execute("update runs set status = 'interrupted', note = ? where id = ?",
                       [f"found running by a later run at {now()}: process {r['pid']} on {r['host']} had stopped",
                        r["id"]])
    return stale


# --- what is stored -------------------------------------------------------------------------------
def file_row(db, path: str) -> dict | None:
    rows = list(db.query("select * from files where path = ?", [path]))
    return rows[0] if rows else None


def known_files(db) -> dict[str, tuple[int, float, str, str | None]]:
    """path -> (size, mtime, document_id, document status), for every file seen: the quick check in one query."""
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in db.execute(
        "select f.path, f.size, f.mtime, f.document_id, d.status from files f "
        "left join documents d on d.id = f.document_id")}


def known_failures(db) -> dict[str, dict]:
    return {r["path"]: r for r in db.query("select path, sha256, size, mtime, attempts, code from failures")}


def document_status(db, doc_id: str) -> str | None:
    rows = list(db.query("select status from documents where id = ?", [doc_id]))
    return rows[0]["status"] if rows else None


def stale_documents(db, versions: dict[str, int], normalizer: str | None = None,
                    readers: dict[str, int] | None = None, present: set[str] | None = None) -> list[str]:
    """Ids of stored documents whose facts came from other extractor versions than ``versions``, or
    (when ``normalizer`` is given) whose text came from another normalizer version, or (when
    ``readers`` is given: format -> version) whose pages came from another version of their reader and
    whose file is among ``present`` (the files this run saw: a document whose file is gone keeps its pages)."""
    current = json.dumps(versions, sort_keys=True)
    out = []
    reader_of = {fmt: f"read.{fmt}.{v}" for fmt, v in (readers or {}).items()}
    seen = None  # the documents of the files this run saw: read only if some reader is not current

    def present_doc(doc_id: str) -> bool:
        nonlocal seen
        if present is None:
            return True
        if seen is None:
            seen = {d for p, d in db.execute("select path, document_id from files") if p in present}
        return doc_id in seen

    # the database keeps only the rows where something differs (a run with nothing to do reads none)
    other_reader = (f" or reader is null or reader not in ({', '.join('?' * len(reader_of))})" if reader_of else "")
    for doc_id, stored, stored_normalizer, fmt, reader in db.execute(
            "select id, extractor_versions, normalizer, format, reader from documents where status = 'ok' "
            "and (extractor_versions is null or extractor_versions != ? or coalesce(normalizer, '') != ?"
            f"{other_reader}) order by path",
            [current, normalizer if normalizer is not None else "", *reader_of.values()]):
        if normalizer is not None and (stored_normalizer or "") != normalizer:
            out.append(doc_id)
            continue
        if fmt in reader_of and reader != reader_of[fmt] and present_doc(doc_id):
            out.append(doc_id)
            continue
        if stored == current:
            continue
        try:
            if json.loads(stored or "null") == versions:  # same versions, written another way
                continue
        except ValueError:
            pass
        out.append(doc_id)
    return out


def document_row(db, doc_id: str) -> dict | None:
    rows = list(db.query("select * from documents where id = ?", [doc_id]))
    return rows[0] if rows else None


# --- failures -------------------------------------------------------------------------------------
def record_failure(db, path: str, sha256: str | None, failure: dict[str, str], run_id: int | None,
                   size: int | None = None, mtime: float | None = None) -> int:
    """Upsert the failure of ``path``; returns its attempt count.

    Attempts count the tries on the same bytes: when the file's content hash differs from the one that
    failed before, the count starts again at 1.
    """
    stamp = now()
    with db.atomic():
        db.execute(
            "insert into failures (path, sha256, stage, code, reason, attempts, first_failed_at, last_failed_at, run_id, "
            "size, mtime) values (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?) on conflict(path) do update set "
            "attempts = case when failures.sha256 is not null and excluded.sha256 is not null "
            "and failures.sha256 != excluded.sha256 then 1 else failures.attempts + 1 end, "
            "sha256 = excluded.sha256, stage = excluded.stage, code = excluded.code, reason = excluded.reason, "
            "last_failed_at = excluded.last_failed_at, run_id = excluded.run_id, "
            "size = coalesce(excluded.size, failures.size), mtime = coalesce(excluded.mtime, failures.mtime)",
            [path, sha256, failure["stage"], failure["code"], failure["reason"], stamp, stamp, run_id, size, mtime])
    return list(db.query("select attempts from failures where path = ?", [path]))[0]["attempts"]


def clear_failure(db, path: str, run_id: int | None) -> None:
    """Forget the failure of a file that is gone, keeping a trace in ``changes``."""
    with db.atomic():
        row = db.execute("select stage, reason, attempts from failures where path = ?", [path]).fetchone()
        if row:
            db.execute("delete from failures where path = ?", [path])
            _record(db, run_id, "failure_cleared", now(), path=path,
                    detail=json.dumps({"stage": row[0], "reason": row[1], "attempts": row[2]}, ensure_ascii=False))


# --- facts: insert, drop, compare -----------------------------------------------------------------
# One cluster named two ways in two documents (خوشه چاقو زنجان, خوشه چاقوسازی زنجان: one key) keeps
# the shorter name and its product, whichever document came first, so that a parallel run, whose
# documents arrive in any order, stores what a sequential run stores.
_SHORTER = "(length(excluded.name), excluded.name) < (length(clusters.name), clusters.name)"


def _insert_extraction(db, doc_id: str, facts: list[dict], clusters: list[dict], stamp: str) -> None:
    for c in clusters:
        db.execute(
            "insert into clusters (id, name, product, city, province, first_seen) values (?, ?, ?, ?, ?, ?) "
            f"on conflict(id) do update set name = CASE WHEN {_SHORTER} THEN excluded.name ELSE clusters.name END, "
            f"product = CASE WHEN {_SHORTER} THEN coalesce(excluded.product, clusters.product) "
            "ELSE coalesce(clusters.product, excluded.product) END, "
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


def _clusters_of(db, doc_id: str) -> list[str]:
    return [r[0] for r in db.execute("select cluster_id from document_clusters where document_id = ?", [doc_id])]


def _prune_clusters(db, cluster_ids: list[str]) -> None:
    """Clusters that no document names and no fact points at any more (a changed file, or a
    re-extraction that keys a cluster differently) are removed, so counts of clusters stay true."""
    for cid in cluster_ids:
        db.execute("delete from clusters where id = ? and not exists (select 1 from document_clusters "
                   "where cluster_id = ?) and not exists (select 1 from facts where cluster_id = ?)",
                   [cid, cid, cid])


def _facts_of(db, doc_id: str) -> list[dict]:
    return list(db.query("select * from facts where document_id = ? order by span_start, id", [doc_id]))


def fact_value(f: dict) -> str | None:
    """A fact's value as text: integral numbers without '.0'."""
    num = f.get("value_num")
    if num is not None:
        return str(int(num)) if float(num).is_integer() else repr(float(num))
    return f.get("value_text")


_SLOT = ("type", "cluster_id", "subject", "period", "scope", "rank", "unit", "qualifier")
_DIGITS = re.compile(r"\d+(?:[.,/]\d+)*")


def _slot(f: dict) -> tuple:
    return tuple(f.get(k) for k in _SLOT)


def _pair_off(old: list[dict], new: list[dict], key) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair old and new facts with equal ``key`` in text order; returns (pairs, old left, new left)."""
    pool: dict[Any, list[dict]] = {}
    for f in new:
        pool.setdefault(key(f), []).append(f)
    pairs, old_left = [], []
    for f in old:
        bucket = pool.get(key(f))
        if bucket:
            pairs.append((f, bucket.pop(0)))
        else:
            old_left.append(f)
    paired = {id(n) for _, n in pairs}
    return pairs, old_left, [f for f in new if id(f) not in paired]


def diff_facts(old: list[dict], new: list[dict]) -> tuple[list[dict], list[dict], list[tuple[dict, dict]]]:
    """(added, removed, changed pairs) between two extractions of a document.

    A fact with the same slot (type, cluster, subject, period, scope, rank, unit, qualifier), value and
    evidence sentence is the same fact, wherever the sentence moved. A fact with the same slot whose
    sentence is the same once its numbers are blanked out is the same fact with a changed value (an
    extractor that reads the number differently, or an edited figure in a changed file). The rest
    are added or removed.
    """
    _, old, new = _pair_off(old, new, lambda f: (_slot(f), fact_value(f), f.get("evidence")))
    changed, old, new = _pair_off(old, new, lambda f: (_slot(f), _DIGITS.sub("#", f.get("evidence") or "")))
    return new, old, changed


def _record(db, run_id: int | None, kind: str, stamp: str, **fields: Any) -> None:
    db["changes"].insert({"run_id": run_id, "kind": kind, "created_at": stamp, **fields})


def _record_fact_diff(db, run_id, doc_id: str, path: str, added, removed, changed, stamp: str) -> None:
    for f in added:
        _record(db, run_id, "fact_added", stamp, document_id=doc_id, path=path, fact_id=f["id"],
                fact_type=f["type"], new_value=fact_value(f), evidence=f.get("evidence"))
    for f in removed:
        _record(db, run_id, "fact_removed", stamp, document_id=doc_id, path=path, fact_id=f["id"],
                fact_type=f["type"], old_value=fact_value(f), evidence=f.get("evidence"))
    for o, n in changed:
        if fact_value(o) != fact_value(n):
            _record(db, run_id, "fact_changed", stamp, document_id=doc_id, path=path, fact_id=n["id"],
                    fact_type=n["type"], old_value=fact_value(o), new_value=fact_value(n), evidence=n.get("evidence"))


def _value_changes(changed: list[tuple[dict, dict]]) -> int:
    return sum(fact_value(o) != fact_value(n) for o, n in changed)


# --- corrections ----------------------------------------------------------------------------------
def _nearest(candidates: list[dict], span_start: int | None) -> dict:
    return min(candidates, key=lambda f: abs((f.get("span_start") or 0) - (span_start or 0)))


def _find_fact(c: dict, facts: list[dict], same_document: bool) -> dict | None:
    """The fact a correction applies to among a fresh extraction, or None.

    Conservative on purpose: a correction follows its fact only while the words it was made on are
    still there: the same fact id; or the same type, sentence and words (as_written); or, in the same
    text, the same type over an overlapping span; or the only fact of that type in the same sentence.
    A figure the file itself changed is not the figure the analyst corrected: that correction becomes
    ``unmatched`` and is listed in the run report for review.
    """
    same_type = [f for f in facts if f["type"] == c["fact_type"]]
    for f in same_type:
        if f["id"] == c["fact_id"]:
            return f
    hits = [f for f in same_type if f.get("evidence") == c["evidence"] and f.get("as_written") == c["as_written"]]
    if hits:
        return _nearest(hits, c["span_start"])
    if same_document and c["span_start"] is not None:
        hits = [f for f in same_type
                if (f.get("span_start") or 0) < (c["span_end"] or 0) and (c["span_start"] or 0) < (f.get("span_end") or 0)]
        if hits:
            return _nearest(hits, c["span_start"])
    hits = [f for f in same_type if f.get("evidence") == c["evidence"]]
    return hits[0] if len(hits) == 1 else None


def _reanchor_corrections(db, doc_ids: Iterable[str], target_doc: str, facts: list[dict], path: str,
                          run_id: int | None, stamp: str) -> None:
    """Point the corrections made on ``doc_ids``' facts at the matching facts of ``target_doc``."""
    ids = sorted(set(doc_ids))
    marks = ",".join("?" * len(ids))
    corrections = list(db.query(
        f"select * from corrections where document_id in ({marks}) and status in ('active', 'unmatched') "
        "order by created_at desc, id desc", ids))
    taken: set[str] = set()
    for c in corrections:
        fact = _find_fact(c, facts, same_document=c["document_id"] == target_doc)
        if fact is not None and fact["id"] in taken:
            db.execute("update corrections set status = 'replaced', matched_at = ? where id = ?", [stamp, c["id"]])
            continue
        if fact is None:
            if c["status"] != "unmatched" or c["document_id"] != target_doc:
                db.execute("update corrections set status = 'unmatched', document_id = ?, matched_at = ? where id = ?",
                           [target_doc, stamp, c["id"]])
                _record(db, run_id, "correction_unmatched", stamp, document_id=target_doc, path=path,
                        fact_id=c["fact_id"], fact_type=c["fact_type"], old_value=_correction_value(c),
                        evidence=c["evidence"], detail=json.dumps({"correction": c["id"]}))
            continue
        taken.add(fact["id"])
        if fact["id"] != c["fact_id"] or c["status"] != "active":
            _record(db, run_id, "correction_moved", stamp, document_id=target_doc, path=path, fact_id=fact["id"],
                    fact_type=fact["type"], old_value=fact_value(fact), new_value=_correction_value(c),
                    evidence=fact.get("evidence"), detail=json.dumps({"correction": c["id"], "from_fact": c["fact_id"]}))
        db.execute("update corrections set fact_id = ?, document_id = ?, status = 'active', matched_at = ?, "
                   "evidence = ?, as_written = ?, span_start = ?, span_end = ? where id = ?",
                   [fact["id"], target_doc, stamp, fact.get("evidence"), fact.get("as_written"),
                    fact.get("span_start"), fact.get("span_end"), c["id"]])


def _correction_value(c: dict) -> str:
    if c["action"] == "reject":
        return "(rejected)"
    return fact_value({"value_num": c["value_num"], "value_text": c["value_text"]}) or ""


def correct_fact(db, fact_id: str, action: str, value_num: float | None = None, value_text: str | None = None,
                 note: str | None = None, by: str | None = None) -> dict:
    """Record an analyst's correction (``correct``) or rejection (``reject``) of a fact; returns the row.

    The fact's extracted values are never touched; an earlier active correction of it becomes ``replaced``.
    """
    stamp = now()
    with db.atomic():
        fact = next(iter(db.query("select * from facts where id = ?", [fact_id])), None)
        if fact is None:
            raise KeyError(fact_id)
        db.execute("update corrections set status = 'replaced', matched_at = ? where fact_id = ? and status = 'active'",
                   [stamp, fact_id])
        row = {"fact_id": fact_id, "document_id": fact["document_id"], "action": action,
               "value_num": value_num, "value_text": value_text, "note": note, "by": by, "created_at": stamp,
               "status": "active", "matched_at": stamp, "fact_type": fact["type"],
               "original_value_num": fact["value_num"], "original_value_text": fact["value_text"],
               "unit": fact.get("unit"), "subject": fact.get("subject"), "period": fact.get("period"),
               "as_written": fact.get("as_written"), "evidence": fact.get("evidence"),
               "span_start": fact.get("span_start"), "span_end": fact.get("span_end")}
        row["id"] = db["corrections"].insert(row).last_pk
    return row


def withdraw_correction(db, fact_id: str) -> int:
    """Withdraw the active correction of a fact (its extracted value applies again); returns rows changed."""
    with db.atomic():
        return db.execute("update corrections set status = 'withdrawn', matched_at = ? "
                          "where fact_id = ? and status = 'active'", [now(), fact_id]).rowcount


# --- writes ---------------------------------------------------------------------------------------
def link_file(db, path: str, doc_id: str, size: int, mtime: float, run_id: int | None = None) -> tuple[bool, int]:
    """Record that ``path`` now holds the stored document ``doc_id``.

    If the path held another document that no other path holds, that one is superseded and its facts
    removed. Returns (whether the path's content changed, facts removed).
    """
    written = _link(db, path, doc_id, size, mtime, run_id)
    return written.kind == CHANGED, written.removed


def _link(db, path: str, doc_id: str, size: int, mtime: float, run_id: int | None) -> Written:
    with db.atomic():
        stamp = now()
        previous = file_row(db, path)
        out = Written(UNCHANGED if previous else DUPLICATE)  # a new path for stored bytes is a duplicate
        if previous and previous["document_id"] != doc_id:
            out.kind = CHANGED
            old_id = previous["document_id"]
            others = db.execute("select count(*) from files where document_id = ? and path != ?",
                                [old_id, path]).fetchone()[0]
            detail = None
            if not others:
                old_facts, new_facts = _facts_of(db, old_id), _facts_of(db, doc_id)
                added, removed, changed = diff_facts(old_facts, new_facts)
                _record_fact_diff(db, run_id, doc_id, path, added, removed, changed, stamp)
                _reanchor_corrections(db, [old_id], doc_id, new_facts, path, run_id, stamp)
                out.added, out.removed, out.changed = len(added), len(removed), _value_changes(changed)
                old_clusters = _clusters_of(db, old_id)
                _drop_extraction(db, old_id)
                _prune_clusters(db, old_clusters)
                db.execute("update documents set status = 'superseded', updated_at = ? where id = ?", [stamp, old_id])
            else:
                detail = json.dumps({"previous_kept": "another path still holds the previous version"})
            _record(db, run_id, CHANGED, stamp, document_id=doc_id, previous_document_id=old_id, path=path,
                    detail=detail)
        db.execute(
            "insert into files (path, document_id, size, mtime, first_seen, last_seen) values (?, ?, ?, ?, ?, ?) "
            "on conflict(path) do update set document_id = excluded.document_id, size = excluded.size, "
            "mtime = excluded.mtime, last_seen = excluded.last_seen",
            [path, doc_id, size, mtime, stamp, stamp])
        failed = db.execute("select stage, reason, attempts from failures where path = ?", [path]).fetchone()
        if failed:
            db.execute("delete from failures where path = ?", [path])
            _record(db, run_id, "recovered", stamp, document_id=doc_id, path=path,
                    detail=json.dumps({"stage": failed[0], "reason": failed[1], "attempts": failed[2]},
                                      ensure_ascii=False))
    return out


def save_outcome(db, outcome: Outcome, mtime: float, run_id: int | None) -> Written:
    """Store one processed file in one transaction: its document, facts, clusters, file row, changes."""
    if not outcome.ok:
        record_failure(db, outcome.path, outcome.sha256, outcome.failure, run_id, outcome.size, mtime)
        return Written(FAILED)
    doc = outcome.document
    doc_id = doc["id"]
    stamp = now()
    with db.atomic():
        status = document_status(db, doc_id)
        kind, added = DUPLICATE, 0
        if status != "ok":
            if status is not None:  # the file went back to an earlier, superseded version
                db.execute("delete from documents where id = ?", [doc_id])
            db["documents"].insert(dict(doc, ingested_at=stamp, updated_at=stamp))
            _insert_extraction(db, doc_id, outcome.facts, outcome.clusters, stamp)
            added = len(outcome.facts)
            kind = NEW
        linked = _link(db, outcome.path, doc_id, outcome.size, mtime, run_id)
        if linked.kind == CHANGED:
            return Written(CHANGED, linked.added, linked.removed, linked.changed)
        if kind == NEW:
            _record(db, run_id, NEW, stamp, document_id=doc_id, path=outcome.path)
            if status is not None:  # earlier corrections of this very version may match again
                _reanchor_corrections(db, [doc_id], doc_id, outcome.facts, outcome.path, run_id, stamp)
    return Written(kind, added, 0, 0)


# what a re-extraction may rewrite of a document: its text after a re-normalization, and after a
# re-reading (the reader improved, the file is unchanged) its pages and what the reader said too
REREAD_COLUMNS = ("normalized_text", "offset_map", "normalizer", "raw_text", "pages", "title", "reader", "meta")


def replace_extraction(db, doc_id: str, facts: list[dict], clusters: list[dict], versions_json: str,
                       run_id: int | None = None, text: dict | None = None) -> Written:
    """Swap a stored document's facts for a fresh extraction (re-extraction without the file).

    One transaction: the fact diff is recorded, corrections move to the matching new facts, and a
    re-extraction failure recorded earlier for the document is cleared. ``text`` holds the new
    ``normalized_text``, ``offset_map`` and ``normalizer`` after a re-normalization, and after a
    re-reading also ``raw_text``, ``pages``, ``title``, ``reader`` and ``meta`` (:data:`REREAD_COLUMNS`).
    """
    stamp = now()
    with db.atomic():
        row = db.execute("select path, extractor_versions from documents where id = ?", [doc_id]).fetchone()
        path, before = (row[0], row[1]) if row else (None, None)
        old_facts = _facts_of(db, doc_id)
        old_clusters = _clusters_of(db, doc_id)
        _drop_extraction(db, doc_id)
        _insert_extraction(db, doc_id, facts, clusters, stamp)
        _prune_clusters(db, old_clusters)
        new_facts = _facts_of(db, doc_id)
        added, removed, changed = diff_facts(old_facts, new_facts)
        _record_fact_diff(db, run_id, doc_id, path, added, removed, changed, stamp)
        _reanchor_corrections(db, [doc_id], doc_id, new_facts, path, run_id, stamp)
        if text:  # the facts' offsets point into this text: it changes with them, never apart
            cols = [k for k in REREAD_COLUMNS if k in text]
            db.execute(f"update documents set {', '.join(f'{k} = ?' for k in cols)} where id = ?",
                       [text[k] for k in cols] + [doc_id])
        db.execute("update documents set extractor_versions = ?, updated_at = ? where id = ?",
                   [versions_json, stamp, doc_id])
        _record(db, run_id, REEXTRACTED, stamp, document_id=doc_id, path=path,
                detail=json.dumps({"before": json.loads(before or "null"), "after": json.loads(versions_json)}))
        if path:
            db.execute("delete from failures where path = ? and stage = 'reextract'", [path])
    return Written(REEXTRACTED, len(added), len(removed), _value_changes(changed))
