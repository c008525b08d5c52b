"""SQL views for the analysts' common questions, created by the migration ``m010_query_views``.

- ``facts_with_source``: every fact of a current document with its value, evidence, document name and
  page, and the cluster it is about (the fact's own cluster, else the cluster its document is chiefly
  about, unless the fact is about the national programme). Built on ``facts_corrected`` (migration
  m020): a fact an analyst rejected is left out, a corrected one shows the analyst's value
  (``correction`` = 'corrected').
- ``cluster_key_facts``: per cluster and fact type, the latest fact and its source. Latest means from
  the most recent document (its ``document_date`` fact), then ``current`` before unlabelled before
  ``baseline``, then the later ``year``, then the later ingest. List-like types (strategies,
  organizations) are left out: no single one of them is "the" value; so is (since V2) the
  ``cluster`` fact, which only says that a document names the cluster.
- ``cluster_summary``: one row per cluster, its key counts and start date side by side.

The statements below are what a shipped migration ran: never edit them. A changed view is a new
list (``VIEWS_V2``) and a new migration that drops and recreates it.
"""
from __future__ import annotations

# Types that hold one item of a list, not a value that a later report replaces.
LIST_TYPES = ("strategy", "organization")

# The key figures that cluster_summary shows as columns, in this order (latest value of each type).
SUMMARY_TYPES = ("weavers", "production_units", "support_units", "employees", "firms", "start_date",
                 "duration_years")

_LIST_TYPES_SQL = ", ".join(f"'{t}'" for t in LIST_TYPES)
_PIVOT_SQL = ",\n           ".join(f"max(CASE WHEN type = '{t}' THEN value END) AS {t}" for t in SUMMARY_TYPES)
_SUMMARY_COLUMNS_SQL = ", ".join(f"latest.{t}" for t in SUMMARY_TYPES)

VIEWS_V1: dict[str, str] = {
    "facts_with_source": """
CREATE VIEW facts_with_source AS
WITH main_cluster AS (
    SELECT document_id, min(cluster_id) AS cluster_id
    FROM document_clusters WHERE main = 1 GROUP BY document_id
), attributed AS (
    SELECT f.*, COALESCE(f.cluster_id,
                         CASE WHEN f.scope IS NULL OR f.scope != 'national' THEN mc.cluster_id END) AS about
    FROM facts_corrected f LEFT JOIN main_cluster mc ON mc.document_id = f.document_id
)
SELECT
    f.id AS fact_id,
    f.type,
    CASE WHEN f.value_num_corrected IS NULL THEN f.value_text_corrected
         WHEN f.value_num_corrected = CAST(f.value_num_corrected AS INTEGER) THEN CAST(f.value_num_corrected AS INTEGER)
         ELSE f.value_num_corrected END AS value,
    f.value_num_corrected AS value_num, f.unit, f.qualifier, f.as_written,
    f.jalali, f.gregorian_start, f.gregorian_end,
    f.period, f.scope, f.subject, f.rank, f.year,
    f.evidence,
    d.name AS document,
    f.page,
    f.about AS cluster_id,
    c.name AS cluster, c.province, c.city, c.product,
    d.title AS document_title, d.path AS document_path, f.document_id,
    f.extractor, f.extractor_version, f.confidence, f.span_start, f.span_end,
    f.correction, f.correction_note
FROM attributed f
JOIN documents d ON d.id = f.document_id AND d.status = 'ok'
LEFT JOIN clusters c ON c.id = f.about
""",
    "cluster_key_facts": f"""
CREATE VIEW cluster_key_facts AS
WITH document_dates AS (
    SELECT document_id, max(gregorian_start) AS document_date
    FROM facts WHERE type = 'document_date' GROUP BY document_id
), ranked AS (
    SELECT s.*, dd.document_date,
           row_number() OVER (
               PARTITION BY s.cluster_id, s.type
               ORDER BY dd.document_date IS NULL, dd.document_date DESC,
                        CASE s.period WHEN 'current' THEN 0 WHEN 'baseline' THEN 2 ELSE 1 END,
                        s.year IS NULL, s.year DESC,
                        d.ingested_at DESC, s.confidence DESC, s.span_start) AS recency
    FROM facts_with_source s
    JOIN documents d ON d.id = s.document_id
    LEFT JOIN document_dates dd ON dd.document_id = s.document_id
    WHERE s.cluster_id IS NOT NULL AND s.type NOT IN ({_LIST_TYPES_SQL})
)
SELECT cluster_id, cluster, province, product, type, value, value_num, unit, qualifier, period, year,
       document, page, document_date, evidence, document_id, fact_id
FROM ranked WHERE recency = 1
""",
    "cluster_summary": f"""
CREATE VIEW cluster_summary AS
WITH latest AS (
    SELECT cluster_id,
           {_PIVOT_SQL}
    FROM cluster_key_facts GROUP BY cluster_id
), counts AS (
    SELECT cluster_id, count(*) AS facts,
           count(DISTINCT CASE WHEN type = 'strategy' THEN value END) AS strategies
    FROM facts_with_source WHERE cluster_id IS NOT NULL GROUP BY cluster_id
), docs AS (
    SELECT dc.cluster_id, count(*) AS documents
    FROM document_clusters dc JOIN documents d ON d.id = dc.document_id AND d.status = 'ok'
    GROUP BY dc.cluster_id
)
SELECT c.id AS cluster_id, c.name AS cluster, c.product, c.city, c.province,
       COALESCE(docs.documents, 0) AS documents,
       COALESCE(counts.facts, 0) AS facts,
       {_SUMMARY_COLUMNS_SQL},
       CAST(substr(latest.start_date, 1, 4) AS INTEGER) AS start_year,
       COALESCE(counts.strategies, 0) AS strategies
FROM clusters c
LEFT JOIN latest ON latest.cluster_id = c.id
LEFT JOIN counts ON counts.cluster_id = c.id
LEFT JOIN docs ON docs.cluster_id = c.id
WHERE docs.documents > 0 OR counts.facts > 0
""",
}

# V2 (migration m011_query_key_facts): the ``cluster`` fact (a mention of the cluster's own name) is no
# key fact either; key facts carry their ``rank`` (cluster_priority); the fact id breaks the last tie.
KEY_FACT_EXCLUDED_V2 = LIST_TYPES + ("cluster",)
_EXCLUDED_V2_SQL = ", ".join(f"'{t}'" for t in KEY_FACT_EXCLUDED_V2)

VIEWS_V2: dict[str, str] = {
    "cluster_key_facts": f"""
CREATE VIEW cluster_key_facts AS
WITH document_dates AS (
    SELECT document_id, max(gregorian_start) AS document_date
    FROM facts WHERE type = 'document_date' GROUP BY document_id
), ranked AS (
    SELECT s.*, dd.document_date,
           row_number() OVER (
               PARTITION BY s.cluster_id, s.type
               ORDER BY dd.document_date IS NULL, dd.document_date DESC,
                        CASE s.period WHEN 'current' THEN 0 WHEN 'baseline' THEN 2 ELSE 1 END,
                        s.year IS NULL, s.year DESC,
                        d.ingested_at DESC, s.confidence DESC, s.span_start, s.fact_id) AS recency
    FROM facts_with_source s
    JOIN documents d ON d.id = s.document_id
    LEFT JOIN document_dates dd ON dd.document_id = s.document_id
    WHERE s.cluster_id IS NOT NULL AND s.type NOT IN ({_EXCLUDED_V2_SQL})
)
SELECT cluster_id, cluster, province, product, type, value, value_num, unit, qualifier, period, year, rank,
       document, page, document_date, evidence, document_id, fact_id
FROM ranked WHERE recency = 1
""",
}

VIEW_NAMES = tuple(VIEWS_V1)
MIGRATION = "m010_query_views"


def create_v1(db) -> None:
    """The body of migration m010_query_views."""
    for sql in VIEWS_V1.values():
        db.execute(sql)
    # cluster_summary counts each cluster's documents: look them up by cluster, not by scan
    db.execute("CREATE INDEX IF NOT EXISTS idx_document_clusters_cluster_id ON document_clusters(cluster_id)")


def create_v2(db) -> None:
    """The body of migration m011_query_key_facts: cluster_key_facts replaced (cluster_summary reads it by name)."""
    for name, sql in VIEWS_V2.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(sql)


def require_views(db, path: str) -> None:
    """Refuse, with what to do, a database made before the views existed (read-only: cannot upgrade it here)."""
    from pipeline.errors import DatabaseError

    names = {r[0] for r in db.execute("select name from sqlite_master where type = 'view'")}
    missing = [v for v in VIEW_NAMES if v not in names]
    if missing:
        raise DatabaseError(
            f"{path}: the database predates the query views ({', '.join(missing)} missing); upgrade it by "
            f"ingesting into it once, e.g. `khooshe ingest corpus --db {path}` (stored files are skipped)")


def open_for_queries(path: str):
    """The database opened read-only, with the query views checked."""
    from pipeline.store import open_readonly

    db = open_readonly(path)
    require_views(db, path)
    return db


def name_matches(wanted: str | None, *names: str | None) -> bool:
    """Whether every word of ``wanted`` occurs in one of ``names``, spelling differences aside.

    Letters are compared after unifying Arabic and Persian forms, ignoring spaces, non-joiners and
    punctuation: «فرش قم» matches «خوشه فرش دستباف قم», «كاشان» matches «کاشان». An exact id matches too.
    """
    from pipeline.textutil import canonical_key

    if not wanted:
        return True
    words = [canonical_key(w) for w in wanted.split()]
    words = [w for w in words if w]
    for name in names:
        if name is None:
            continue
        key = canonical_key(name)
        if name == wanted or (words and all(w in key for w in words)):
            return True
    return False
