"""Rows out: an aligned table for reading, CSV or JSON for other programs.

Persian cells are printed in logical order; the terminal does the right-to-left display. Widths
count what a terminal shows: combining marks and the zero-width non-joiner take no column, wide
East Asian characters two.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any, Iterable, Sequence

import click

FORMATS = ("table", "csv", "json")
MAX_CELL = 80  # table cells longer than this are cut (csv and json carry them whole)

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table: aligned columns for reading (long cells cut); csv: with a header row; json: a list of objects.")


def plain(value: Any) -> Any:
    """A value as JSON and CSV should carry it: whole floats as integers, bytes as hex."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def width(text: str) -> int:
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def cell(value: Any, limit: int | None = MAX_CELL) -> str:
    value = plain(value)
    text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\n", " ⏎ ").replace("\t", " ")
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], uncut: Sequence[str] = ()) -> str:
    """Aligned columns; cells are cut at MAX_CELL characters except in the ``uncut`` columns."""
    limits = [None if c in uncut else MAX_CELL for c in columns]
    body = [[cell(v, lim) for v, lim in zip(row, limits)] for row in rows]
    widths = [max([width(c)] + [width(r[i]) for r in body]) for i, c in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    rule = ["-" * (min(w, MAX_CELL) if c in uncut else w) for c, w in zip(columns, widths)]
    out = [line(columns), line(rule)]
    out += [line(r) for r in body]
    return "\n".join(out)


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else plain(v) for v in row])
    return buf.getvalue().rstrip("\n")


def to_json(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    objects = [{c: plain(v) for c, v in zip(columns, row)} for row in rows]
    return json.dumps(objects, ensure_ascii=False, indent=1)


def render(fmt: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], uncut: Sequence[str] = ()) -> str:
    rows = list(rows)
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "json":
        return to_json(columns, rows)
    return table(columns, rows, uncut)


def echo_rows(fmt: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], empty: str = "no rows",
              uncut: Sequence[str] = ()) -> None:
    """Print the rows; in table format an empty result is one line on stderr, so nothing looks like data."""
    rows = list(rows)
    if fmt == "table" and not rows:
        click.echo(f"({empty})", err=True)
        return
    click.echo(render(fmt, columns, rows, uncut))
