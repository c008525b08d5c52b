"""khooshe facts : facts with their evidence and source, filterable by type, cluster and province."""
from __future__ import annotations

import click

from pipeline.cli.options import db_option
from pipeline.cli.output import echo_rows, format_option

COLUMNS = ("fact_id", "type", "value", "unit", "qualifier", "as_written", "jalali", "period", "subject", "year",
           "scope", "cluster_id", "cluster", "province", "document", "page", "evidence", "extractor",
           "extractor_version", "confidence")
TABLE_COLUMNS = ("type", "value", "unit", "qualifier", "cluster", "province", "document", "page", "evidence")


def fact_rows(db, types=(), cluster: str | None = None, province: str | None = None,
              document: str | None = None, limit: int | None = None) -> list[dict]:
    from pipeline.store.views import name_matches

    where, params = [], []
    if types:
        where.append(f"type in ({', '.join('?' for _ in types)})")
        params += list(types)
    sql = ("select * from facts_with_source" + (" where " + " and ".join(where) if where else "")
           + " order by cluster is null, cluster, type, document, page, span_start")
    rows = []
    for r in db.query(sql, params):
        if not name_matches(cluster, r["cluster"], r["cluster_id"]):
            continue
        if not name_matches(province, r["province"]):
            continue
        if not name_matches(document, r["document"], r["document_title"]):
            continue
        rows.append(r)
        if limit and len(rows) >= limit:
            break
    return rows


@click.command()
@db_option
@click.option("--type", "types", multiple=True, metavar="T",
              help="Only facts of this type, e.g. weavers, start_date (repeatable).")
@click.option("--cluster", metavar="C", help="Only facts about this cluster: its id, or words of its name.")
@click.option("--province", metavar="P", help="Only facts about clusters in this province.")
@click.option("--document", metavar="D", help="Only facts from documents whose name or title has these words.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N facts.")
@format_option
def command(db_path, types, cluster, province, document, limit, fmt):
    """Facts with their evidence sentence and source (document and page).

    A fact is about the cluster its extractor named, else the cluster its document is chiefly about
    (unless it is about the national programme).
    """
    from pipeline.store.views import open_for_queries

    db = open_for_queries(db_path)
    types = tuple(t.strip() for t in types if t.strip())
    rows = fact_rows(db, types, cluster, province, document, limit)
    if not rows and types:
        known = [r[0] for r in db.execute("select distinct type from facts order by type")]
        unknown = [t for t in types if t not in known]
        if unknown:
            click.echo(f"no facts of type {', '.join(unknown)}; types in the database: {', '.join(known) or 'none'}",
                       err=True)
    columns = TABLE_COLUMNS if fmt == "table" else COLUMNS
    echo_rows(fmt, columns, [[r[c] for c in columns] for r in rows], empty="no facts match")
    return 0
