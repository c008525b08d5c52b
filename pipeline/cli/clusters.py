"""khooshe clusters : one row per cluster with its key facts, filterable by province and product."""
from __future__ import annotations

import click

from pipeline.cli.options import db_option
from pipeline.cli.output import echo_rows, format_option, plain

COLUMNS = ("cluster_id", "cluster", "province", "city", "product", "documents", "facts", "weavers",
           "production_units", "support_units", "employees", "firms", "start_date", "start_year",
           "duration_years", "strategies", "key_facts")
TABLE_COLUMNS = ("cluster", "province", "product", "documents", "facts", "key_facts")


def key_fact_text(k: dict) -> str:
    value = f"{plain(k['value'])}" + (f" {k['unit']}" if k.get("unit") else "")
    qualifier = f" {k['qualifier']}" if k.get("qualifier") not in (None, "exact") else ""
    if k.get("rank") is not None:
        qualifier += f" #{k['rank']}"
    page = f" p.{k['page']}" if k.get("page") is not None else ""
    return f"{k['type']}={value}{qualifier} ({k['document']}{page})"


def cluster_rows(db, province: str | None = None, product: str | None = None) -> list[dict]:
    """cluster_summary rows matching the filters, each with ``key_facts``: the latest fact of each type."""
    from pipeline.store.views import name_matches

    keys: dict[str, list[dict]] = {}
    for k in db.query("select * from cluster_key_facts order by cluster_id, type"):
        keys.setdefault(k["cluster_id"], []).append(
            {f: plain(k[f]) for f in ("type", "value", "unit", "qualifier", "period", "year", "rank", "document",
                                      "page", "document_date", "evidence", "fact_id")})
    rows = []
    for c in db.query("select * from cluster_summary order by province, cluster"):
        if not name_matches(province, c["province"]):
            continue
        if not name_matches(product, c["product"], c["cluster"]):
            continue
        rows.append(dict(c, key_facts=keys.get(c["cluster_id"], [])))
    return rows


@click.command()
@db_option
@click.option("--province", metavar="P", help="Only clusters in this province (spelling variants match: كرمان = کرمان).")
@click.option("--product", metavar="X", help="Only clusters whose product or name has these words (فرش, گل).")
@format_option
def command(db_path, province, product, fmt):
    """One row per cluster with its key facts: the latest value of each fact type and its source.

    Latest means from the most recent document (by its document date), a current figure before a
    baseline one. json gives each key fact with its document, page and evidence.
    """
    import json

    from pipeline.store.views import open_for_queries

    db = open_for_queries(db_path)
    rows = cluster_rows(db, province, product)
    if fmt == "json":
        click.echo(json.dumps([{c: plain(r[c]) for c in COLUMNS} for r in rows], ensure_ascii=False, indent=1))
        return 0
    columns = TABLE_COLUMNS if fmt == "table" else COLUMNS
    flat = [[("; ".join(key_fact_text(k) for k in r["key_facts"]) if c == "key_facts" else r[c]) for c in columns]
            for r in rows]
    echo_rows(fmt, columns, flat, empty="no clusters" + (" match" if province or product else " in the database"),
              uncut=("key_facts",))
    return 0
