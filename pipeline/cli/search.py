"""khooshe search "..." : full-text search of the documents' text and the facts' evidence."""
from __future__ import annotations

import click

from pipeline.cli.options import db_option

WINDOW = 90  # characters of context shown on each side of the first match of a long passage


def _excerpt(hit, open_: str, close: str) -> str:
    """The passage with its matches marked, cut to a window around the best match (the query's phrase,
    else the first match) when it is long."""
    text = hit.marked(open_, close)
    if len(hit.passage) <= 2 * WINDOW + 40 or not hit.marks:
        return text
    focus = hit.focus or hit.marks[0]
    start = max(focus[0] - WINDOW, 0)
    end = min(focus[1] + WINDOW, len(hit.passage))
    marks = [(max(s, start) - start, min(e, end) - start) for s, e in hit.marks if s < end and e > start]
    cut = type(hit)(hit.kind, hit.document, hit.document_id, hit.page, hit.passage[start:end], marks)
    return ("… " if start else "") + cut.marked(open_, close) + (" …" if end < len(hit.passage) else "")


@click.command()
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, metavar="N",
              help="At most N passages.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: document, page and the passage with each match in [brackets]; json: with offsets.")
def command(query, db_path, limit, fmt):
    """Find passages in the documents and the facts' evidence.

    The query is normalized like the documents: Arabic ي ك are Persian ی ک, Persian and ASCII
    digits are the same, and a suffix or prefix may be written with a non-joiner, a space or glued
    on («خوشه‌های», «خوشه های», «خوشههای» find the same passages); a compound with «و» may be
    written apart, glued or joined («کسب و کار», «کسب وکار», «کسب‌وکار», «کسبوکار»). Function words
    (در، از، را ...) are not searched for alone. All words must occur in the document; "a quoted
    phrase" must occur as written; word* matches words that start with word. Passages holding the
    whole query, then all its words, come first.
    """
    import json

    from pipeline.store.search import search
    from pipeline.store.views import open_for_queries

    db = open_for_queries(db_path)
    hits = search(db, query, limit=limit)
    if fmt == "json":
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        click.echo("(no passages match)", err=True)
        return 0
    for h in hits:
        where = f"{h.document}  p.{h.page}" if h.page is not None else h.document
        if h.kind == "text":
            where += f"  line {h.line}"
        else:
            where += "  (evidence)"
        click.echo(where)
        click.echo("  " + _excerpt(h, "[", "]"))
        if h.facts:
            facts = ", ".join(f"{f['type']}={f['value']}" + (f" {f['unit']}" if f["unit"] else "") for f in h.facts)
            click.echo(f"  facts: {facts}")
    return 0
