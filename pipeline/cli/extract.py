"""khooshe extract FILE : a document's facts, without a database."""
from __future__ import annotations

import json

import click


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True,
              help="jsonl: one fact per line; json: one list; table: aligned columns for reading.")
def command(file, fmt):
    """Print the facts of FILE with their evidence and offsets into the normalized text."""
    from pipeline.extract import extract
    from pipeline.read import read
    from pipeline.repair import normalize

    facts = [f.to_dict() for f in extract(normalize(read(file))).facts]
    if fmt == "jsonl":
        for f in facts:
            click.echo(json.dumps(f, ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps(facts, ensure_ascii=False, indent=1))
    else:
        for f in facts:
            value = f["value"] if f["unit"] is None else f"{f['value']} {f['unit']}"
            click.echo(f"{f['type']:<28} {str(value):<30} {f['qualifier']:<9} {f['as_written']}")
    return 0
