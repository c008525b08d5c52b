"""What ``khooshe serve`` gives Datasette: metadata, canned queries and the right-to-left stylesheet.

Nothing here imports Datasette; :mod:`pipeline.cli.serve` does, when it runs.
"""
from __future__ import annotations

import html
import json
import os
from functools import lru_cache
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC_DIR = os.path.join(HERE, "static")
STATIC_MOUNT = "khooshe-static"  # served at /khooshe-static/; not a name a database file is likely to have
CSS_URL = f"/{STATIC_MOUNT}/khooshe.css"

# Canned queries: the analysts' standing questions, also pasteable into `khooshe query`.
CANNED_QUERIES: dict[str, dict[str, str]] = {
    "weavers_by_province": {
        "title": "Weavers by province — بافندگان به تفکیک استان",
        "description": "Per province: the clusters with a weavers figure, their latest figures and the total.",
        "sql": ("select province, count(*) as clusters, sum(value_num) as weavers,\n"
                "       group_concat(cluster || ': ' || value, ' | ') as by_cluster\n"
                "from cluster_key_facts where type = 'weavers'\n"
                "group by province order by weavers desc"),
    },
    "clusters_by_start_year": {
        "title": "Clusters by start year — خوشه‌ها به تفکیک سال آغاز",
        "description": "Per Jalali year in which a cluster project started: how many clusters, and which.",
        "sql": ("select start_year, count(*) as clusters, group_concat(cluster, ' | ') as cluster_names\n"
                "from cluster_summary where start_year is not null\n"
                "group by start_year order by start_year"),
    },
    "cluster_facts": {
        "title": "All facts of one cluster — همه واقعیت‌های یک خوشه",
        "description": "Every fact about one cluster with its evidence and source. "
                       "Give the cluster's id or a part of its name.",
        "sql": ("select type, value, unit, qualifier, evidence, document, page, cluster\n"
                "from facts_with_source\n"
                "where cluster_id = :cluster or cluster like '%' || :cluster || '%'\n"
                "order by type, document, page"),
    },
}


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """Fact types and table/column descriptions in English and Persian (vocabulary.json)."""
    with open(os.path.join(HERE, "vocabulary.json"), encoding="utf-8") as fh:
        return json.load(fh)


def label(table: str, column: str) -> str:
    """A column header a person can read: «فارسی (English)», or the column name when it has no description."""
    entry = vocabulary()["tables"].get(table, {}).get("columns", {}).get(column)
    if not entry:
        for t in vocabulary()["tables"].values():
            entry = t["columns"].get(column)
            if entry:
                break
    return f"{entry['fa']} ({column})" if entry else column


def _bilingual(entry: dict[str, str]) -> str:
    return f"{entry['en']} — {entry['fa']}"


def vocabulary_html(types_in_db: list[str] | None = None) -> str:
    """The fact-type vocabulary as an HTML table, with any type the database holds that it does not describe."""
    types = dict(vocabulary()["fact_types"])
    for t in types_in_db or ():
        types.setdefault(t, {"en": "(not described yet)", "fa": ""})
    rows = "".join(f"<tr><td><code>{html.escape(t)}</code></td><td>{html.escape(d['en'])}</td>"
                   f"<td dir=\"rtl\">{html.escape(d['fa'])}</td></tr>" for t, d in types.items())
    # folded: the list is long, and the rows of the table are what the page is for
    return ("<details><summary>Fact types — انواع واقعیت</summary><table class=\"khooshe-vocabulary\">"
            "<tr><th>type</th><th>English</th><th>فارسی</th></tr>" + rows + "</table></details>")


def metadata(db_name: str, types_in_db: list[str] | None = None) -> dict[str, Any]:
    """Datasette metadata for the database served under ``db_name``."""
    vocab = vocabulary()
    tables: dict[str, Any] = {}
    for name, t in vocab["tables"].items():
        tables[name] = {
            "description": _bilingual(t),
            "columns": {c: _bilingual(d) for c, d in t["columns"].items()},
        }
    tables["facts"]["description_html"] = html.escape(_bilingual(vocab["tables"]["facts"])) + vocabulary_html(types_in_db)
    tables["facts"]["facets"] = ["type", "cluster_id"]
    tables["facts_with_source"]["description_html"] = (
        html.escape(_bilingual(vocab["tables"]["facts_with_source"])) + vocabulary_html(types_in_db))
    tables["facts_with_source"]["facets"] = ["type", "province", "cluster"]
    tables["cluster_key_facts"]["facets"] = ["type", "province"]
    tables["cluster_summary"]["facets"] = ["province", "product"]
    tables["clusters"]["label_column"] = "name"
    tables["clusters"]["facets"] = ["province"]
    tables["documents"]["label_column"] = "name"
    tables["documents"]["facets"] = ["format", "status"]
    tables["_sqlite_migrations"] = {"hidden": True}
    return {
        "title": "Khooshe — خوشه",
        "description": "Business-cluster reports and the facts extracted from them, each with the sentence it "
                       "came from. Read-only. — گزارش‌های خوشه‌های کسب‌وکار و واقعیت‌های استخراج‌شده از آن‌ها",
        "extra_css_urls": [CSS_URL],
        "databases": {db_name: {"tables": tables, "queries": CANNED_QUERIES}},
    }
