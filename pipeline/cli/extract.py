"""khooshe extract FILE : a document's facts, without a database."""
from __future__ import annotations

import json

import click


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table", "html"]), default="jsonl",
              show_default=True,
              help="jsonl: one fact per line; json: one list; table: aligned columns for reading; "
                   "html: one self-contained right-to-left page with the facts highlighted in the text.")
def command(file, fmt):
    """Print the facts of FILE with their evidence and offsets into the normalized text."""
    from pipeline.extract import extract
    from pipeline.read import read
    from pipeline.repair import normalize

    from pipeline.process import stage

    document = read(file)
    with stage("normalize", file):
        text = normalize(document)
    with stage("extract", file):
        extraction = extract(text)
    facts = [f.to_dict() for f in extraction.facts]
    if fmt == "jsonl":
        for f in facts:
            click.echo(json.dumps(f, ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps(facts, ensure_ascii=False, indent=1))
    elif fmt == "html":
        from pipeline.cli.extract_html import render

        click.echo(render(document.name, text.text, facts, extraction.clusters), nl=False)
    else:
        for f in facts:
            value = f["value"] if f["unit"] is None else f"{f['value']} {f['unit']}"
            click.echo(f"{f['type']:<28} {str(value):<30} {f['qualifier']:<9} {f['as_written']}")
    return 0
