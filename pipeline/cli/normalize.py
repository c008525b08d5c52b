"""khooshe normalize FILE : the repaired, normalized text, one paragraph per line."""
from __future__ import annotations

import click


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--map", "show_map", is_flag=True,
              help="Prefix each line with the raw page and line it starts on (page:line).")
def command(file, show_map):
    """Print FILE's repaired, normalized text, one paragraph, bullet or table row per line."""
    from pipeline.process import stage
    from pipeline.read import read
    from pipeline.repair import normalize

    document = read(file)
    with stage("normalize", file):
        text = normalize(document)
    if not show_map:
        click.echo(text.text)
        return 0
    for start, end in text.paragraphs():
        page, line = text.raw_line_of(start)
        click.echo(f"{page}:{line}\t{text.text[start:end]}")
    return 0
