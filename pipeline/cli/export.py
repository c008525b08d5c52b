"""khooshe export : every fact with its provenance, as CSV (for Excel), JSONL or XLSX."""
from __future__ import annotations

import os

import click

from pipeline.cli.options import db_option

# The columns of facts_with_source an export carries, in this order.
COLUMNS = ("fact_id", "type", "value", "unit", "qualifier", "as_written", "jalali", "gregorian_start",
           "gregorian_end", "period", "scope", "subject", "rank", "year", "cluster", "cluster_id", "province",
           "city", "product", "document", "page", "evidence", "document_title", "document_path", "document_id",
           "extractor", "extractor_version", "confidence", "span_start", "span_end", "correction", "correction_note")
CLUSTER_COLUMNS = ("cluster_id", "cluster", "province", "city", "product", "documents", "facts", "weavers",
                   "production_units", "support_units", "employees", "firms", "start_date", "start_year",
                   "duration_years", "strategies")
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "xlsx": "xlsx"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def default_output(db_path: str, fmt: str) -> str:
    stem = os.path.splitext(os.path.basename(db_path))[0]
    return os.path.join("outputs", f"{stem}-facts.{EXTENSIONS[fmt]}")


def _safe_for_spreadsheet(value):
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def write_csv(path: str, columns, rows) -> None:
    import csv

    from pipeline.cli.output import plain

    # utf-8-sig: Excel reads a CSV as UTF-8 only when it starts with a byte-order mark
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else _safe_for_spreadsheet(plain(row[c])) for c in columns])


def write_jsonl(path: str, columns, rows) -> None:
    import json

    from pipeline.cli.output import plain

    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({c: plain(row[c]) for c in columns}, ensure_ascii=False) + "\n")


def _sheet(wb, title: str, table: str, columns, rows, first: bool = False):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from pipeline.cli.output import plain
    from pipeline.serve import label

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.sheet_view.rightToLeft = True  # Persian sheets read right to left
    ws.append([label(table, c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [min(max(len(label(table, c)), 8), 40) for c in columns]
    for row in rows:
        values = []
        for i, c in enumerate(columns):
            v = plain(row[c])
            if isinstance(v, str):
                v = ILLEGAL_CHARACTERS_RE.sub("", v)
                widths[i] = min(max(widths[i], len(v)), 60)
            values.append(v)
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a value starting with "=" stays text, never a formula
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w + 2
    if "evidence" in columns:
        letter = get_column_letter(columns.index("evidence") + 1)
        for cell in ws[letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return ws


def write_xlsx(path: str, columns, rows, clusters) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    _sheet(wb, "facts", "facts_with_source", list(columns), rows, first=True)
    _sheet(wb, "clusters", "cluster_summary", list(CLUSTER_COLUMNS), clusters)
    wb.save(path)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(tuple(EXTENSIONS)), default="csv", show_default=True,
              help="csv: UTF-8 with a byte-order mark, opens in Excel; jsonl: one fact per line; "
                   "xlsx: right-to-left sheets of facts and clusters.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False),
              help="File to write. Default: outputs/<database name>-facts.<format>.")
def command(db_path, fmt, output):
    """Write every fact with its provenance: value, evidence, document, page, cluster and extractor.

    The file is written whole or not at all (a temporary file renamed into place).
    """
    import tempfile

    from pipeline.errors import KhoosheError, UsageError
    from pipeline.store.views import open_for_queries

    db = open_for_queries(db_path)
    rows = list(db.query("select * from facts_with_source order by cluster is null, cluster, type, document, "
                         "page, span_start"))
    path = output or default_output(db_path, fmt)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".khooshe-export-", suffix="." + EXTENSIONS[fmt], dir=folder)
        os.close(fd)
    except OSError as exc:
        raise UsageError(f"export: cannot write {path}: {exc.strerror or exc}") from None
    try:
        if fmt == "csv":
            write_csv(tmp, COLUMNS, rows)
        elif fmt == "jsonl":
            write_jsonl(tmp, COLUMNS, rows)
        else:
            clusters = list(db.query("select * from cluster_summary order by province, cluster"))
            write_xlsx(tmp, COLUMNS, rows, clusters)
        os.replace(tmp, path)
    except OSError as exc:  # disk full, a vanished folder: one line, and no half-written file
        raise KhoosheError(f"export: could not write {path}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    click.echo(f"{path}: {len(rows)} facts ({fmt})")
    return 0
