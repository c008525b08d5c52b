"""The run report: what changed since the previous report, as Markdown and as HTML.

A report covers every run after the last run that wrote one (so the changes of a run that was
killed before its report are in the next one) up to this run. It reads the ``changes`` rows the
writer recorded in the same transactions as the data, so it is exactly what was committed.

Sections: the runs covered and their counts; new documents; changed documents; re-extracted
documents; new facts (of new documents, and added by a change or a re-extraction); changed facts
(old and new value); removed facts; analysts' corrections moved to a new fact or left unmatched;
files that failed, and files still failing from earlier runs (held ones included); files that
failed before and succeeded now. Long lists stop at :data:`LIST_LIMIT` rows with the total.

Everything taken from documents (titles, evidence, paths, reasons) is escaped: HTML-escaped in the
HTML report, Markdown-escaped in table cells. Persian text is marked ``dir="auto"`` so each cell runs
in its own direction inside a left-to-right page.
"""
from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

LIST_LIMIT = 200
EVIDENCE_CHARS = 240


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    total: int | None = None       # when rows were cut at LIST_LIMIT
    empty: str = "none"
    ltr_columns: tuple[int, ...] = ()  # columns that are paths or codes: always left to right


@dataclass
class Report:
    run: dict
    covered: list[dict]
    sections: list[Section]
    database: dict[str, int]


def _short(text: str | None, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value(num, text, unit=None) -> str:
    if num is not None:
        v = str(int(num)) if float(num).is_integer() else str(num)
    else:
        v = text or ""
    return f"{v} {unit}" if unit and v else v


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


def gather(db, run_id: int) -> Report:
    run = next(iter(db.query("select * from runs where id = ?", [run_id])))
    prev = db.execute("select max(id) from runs where id < ? and report_path is not null", [run_id]).fetchone()[0] or 0
    covered = list(db.query("select * from runs where id > ? and id <= ? order by id", [prev, run_id]))
    runs = _in([r["id"] for r in covered])
    sections: list[Section] = []

    def changes(kind: str, limit: int = LIST_LIMIT) -> tuple[list[dict], int]:
        total = db.execute(f"select count(*) from changes where run_id in ({runs}) and kind = ?", [kind]).fetchone()[0]
        rows = list(db.query(f"select c.*, d.name as doc_name, d.title as doc_title from changes c "
                             f"left join documents d on d.id = c.document_id "
                             f"where c.run_id in ({runs}) and c.kind = ? order by c.id limit ?", [kind, limit]))
        return rows, total

    def facts_count(doc_id: str) -> int:
        return db.execute("select count(*) from facts where document_id = ?", [doc_id]).fetchone()[0]

    def diff_count(doc_id: str) -> str:
        n = dict(db.execute(f"select kind, count(*) from changes where run_id in ({runs}) and document_id = ? "
                            "and kind like 'fact_%' group by kind", [doc_id]).fetchall())
        return f"+{n.get('fact_added', 0)} −{n.get('fact_removed', 0)} ~{n.get('fact_changed', 0)}"

    new_docs, total = changes("new")
    sections.append(Section("New documents", ["document", "title", "format", "pages", "facts", "path"],
                            [[r["doc_name"], _short(r["doc_title"], 120), *_doc_info(db, r["document_id"]),
                              facts_count(r["document_id"]), r["path"]] for r in new_docs],
                            total if total > len(new_docs) else None, ltr_columns=(2, 5)))
    changed, total = changes("changed")
    sections.append(Section("Changed documents", ["document", "title", "facts (+ added, − removed, ~ changed)", "path"],
                            [[r["doc_name"], _short(r["doc_title"], 120), diff_count(r["document_id"]), r["path"]]
                             for r in changed], total if total > len(changed) else None, ltr_columns=(2, 3)))
    reex, total = changes("reextracted")
    rows = []
    for r in reex:
        detail = json.loads(r["detail"] or "{}")
        before, after = detail.get("before") or {}, detail.get("after") or {}
        moved = ", ".join(f"{k} {before.get(k, '-')}→{after.get(k, '-')}" for k in sorted(set(before) | set(after))
                          if before.get(k) != after.get(k))
        rows.append([r["doc_name"], moved, diff_count(r["document_id"])])
    sections.append(Section("Re-extracted documents", ["document", "extractor versions", "facts (+ − ~)"], rows,
                            total if total > len(rows) else None, ltr_columns=(1, 2)))

    # new facts: every fact of a new document, and facts added to an existing one
    # a subquery, not parameters: a first report may cover more new documents than SQLite takes variables
    new_docs_sql = f"select document_id from changes where run_id in ({runs}) and kind = 'new'"
    total_new = db.execute(f"select count(*) from facts where document_id in ({new_docs_sql})").fetchone()[0]
    fact_rows = [[f["type"], _value(f["value_num"], f["value_text"], f["unit"]), _short(f["evidence"]), f["name"]]
                 for f in db.query(f"select f.*, d.name from facts f join documents d on d.id = f.document_id "
                                   f"where f.document_id in ({new_docs_sql}) order by d.name, f.span_start limit ?",
                                   [LIST_LIMIT])]
    added, total_added = changes("fact_added", max(0, LIST_LIMIT - len(fact_rows)))
    fact_rows += [[r["fact_type"], r["new_value"], _short(r["evidence"]), r["doc_name"]] for r in added]
    total = total_new + total_added
    sections.append(Section("New facts", ["type", "value", "evidence", "document"], fact_rows,
                            total if total > len(fact_rows) else None, ltr_columns=(0,)))
    by_type = db.execute(
        f"select type, count(*) from (select type from facts where document_id in ({new_docs_sql}) "
        f"union all select fact_type from changes where run_id in ({runs}) and kind = 'fact_added') "
        f"group by type order by count(*) desc, type").fetchall()
    sections.append(Section("New facts by type", ["type", "facts"], [list(r) for r in by_type], ltr_columns=(0,)))

    changed_facts, total = changes("fact_changed")
    sections.append(Section("Changed facts", ["type", "before", "after", "evidence", "document"],
                            [[r["fact_type"], r["old_value"], r["new_value"], _short(r["evidence"]), r["doc_name"]]
                             for r in changed_facts], total if total > len(changed_facts) else None, ltr_columns=(0,)))
    removed, total = changes("fact_removed")
    sections.append(Section("Removed facts", ["type", "value", "evidence", "document"],
                            [[r["fact_type"], r["old_value"], _short(r["evidence"]), r["doc_name"]] for r in removed],
                            total if total > len(removed) else None, ltr_columns=(0,)))
    moved, _ = changes("correction_moved")
    unmatched, _ = changes("correction_unmatched")
    sections.append(Section("Analysts' corrections", ["correction", "type", "extracted value", "analyst's value",
                                                      "evidence", "document"],
                            [["kept on the new fact", r["fact_type"], r["old_value"], r["new_value"],
                              _short(r["evidence"]), r["doc_name"]] for r in moved]
                            + [["UNMATCHED: review it", r["fact_type"], "", r["old_value"], _short(r["evidence"]),
                                r["doc_name"]] for r in unmatched], ltr_columns=(0, 1)))

    failed = list(db.query(f"select * from failures where run_id in ({runs}) order by path limit ?", [LIST_LIMIT]))
    sections.append(Section("Failed in this run", ["path", "stage", "reason", "attempts"],
                            [[f["path"], f["stage"], f["reason"], f["attempts"]] for f in failed],
                            ltr_columns=(0, 1, 3)))
    older = list(db.query(f"select * from failures where run_id is null or run_id not in ({runs}) "
                          "order by path limit ?", [LIST_LIMIT]))
    sections.append(Section("Still failing from earlier runs (not retried until the file changes, "
                            "when the attempt cap is reached)", ["path", "stage", "reason", "attempts", "last failed"],
                            [[f["path"], f["stage"], f["reason"], f["attempts"], f["last_failed_at"]] for f in older],
                            ltr_columns=(0, 1, 3, 4)))
    recovered, total = changes("recovered")
    sections.append(Section("Recovered (failed before, stored now)", ["path", "earlier failure"],
                            [[r["path"], (json.loads(r["detail"] or "{}")).get("reason", "")] for r in recovered],
                            total if total > len(recovered) else None, ltr_columns=(0,)))
    database = {
        "documents": db.execute("select count(*) from documents where status = 'ok'").fetchone()[0],
        "facts": db.execute("select count(*) from facts").fetchone()[0],
        "clusters": db.execute("select count(*) from clusters").fetchone()[0],
        "corrections": db.execute("select count(*) from corrections where status = 'active'").fetchone()[0],
        "outstanding failures": db.execute("select count(*) from failures").fetchone()[0],
    }
    return Report(run, covered, sections, database)


def _doc_info(db, doc_id: str) -> list[Any]:
    row = db.execute("select format, pages from documents where id = ?", [doc_id]).fetchone()
    return list(row) if row else ["", ""]


COUNT_COLUMNS = ("seen", "new", "changed", "skipped", "held", "failed", "reextracted",
                 "facts_added", "facts_removed", "facts_changed", "pages")
COUNT_HEADERS = ("seen", "new", "changed", "unchanged", "held", "failed", "re-extracted",
                 "facts +", "facts −", "facts ~", "pages")


def _run_rows(report: Report) -> list[list[Any]]:
    return [[r["id"], r["command"], r["status"], r["started_at"], r["duration_s"],
             *[r.get(c) if r.get(c) is not None else "" for c in COUNT_COLUMNS]] for r in report.covered]


# --- Markdown -------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_cell(value: Any) -> str:
    text = " ".join(str("" if value is None else value).split())  # newlines and TABs would break the table
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(report: Report) -> str:
    r = report.run
    out = [f"# Khooshe run {r['id']}: {md_cell(r['status'])}", "",
           f"Started {md_cell(r['started_at'])}, {r['duration_s']} s, on {md_cell(r.get('host'))}; "
           f"changes since the previous report (runs {report.covered[0]['id']} to {r['id']}).", ""]
    if r.get("note"):
        out += [f"Note: {md_cell(r['note'])}", ""]
    out += _md_table(["run", "command", "status", "started", "seconds", *COUNT_HEADERS], _run_rows(report))
    out += ["", "Database now: " + ", ".join(f"{v} {k}" for k, v in report.database.items()), ""]
    for s in report.sections:
        out += [f"## {s.title}", ""]
        if not s.rows:
            out += [f"_{s.empty}_", ""]
            continue
        out += _md_table(s.columns, s.rows)
        if s.total is not None:
            out += ["", f"_{len(s.rows)} of {s.total} shown._"]
        out.append("")
    return "\n".join(out)


def _md_table(columns: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in rows]
    return lines


# --- HTML -----------------------------------------------------------------------------------------
_CSS = """
body { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: .25em .5em; vertical-align: top; }
th { background: #f2f2f2; text-align: start; }
td { unicode-bidi: plaintext; }
td.ltr { direction: ltr; text-align: left; font-family: monospace; font-size: 90%; }
.none { color: #777; font-style: italic; }
.status-ok { color: #176117; } .status-some_failed, .status-interrupted { color: #a11; }
"""


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def to_html(report: Report) -> str:
    r = report.run
    parts = ["<!DOCTYPE html>", '<html lang="en" dir="ltr">', "<head>", '<meta charset="utf-8">',
             f"<title>Khooshe run {e(r['id'])}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             f'<h1>Khooshe run {e(r["id"])}: <span class="status-{e(r["status"])}">{e(r["status"])}</span></h1>',
             f"<p>Started {e(r['started_at'])}, {e(r['duration_s'])} s, on {e(r.get('host'))}; changes since the "
             f"previous report (runs {e(report.covered[0]['id'])} to {e(r['id'])}).</p>"]
    if r.get("note"):
        parts.append(f"<p>Note: <bdi>{e(r['note'])}</bdi></p>")
    parts += _html_table(["run", "command", "status", "started", "seconds", *COUNT_HEADERS], _run_rows(report),
                         ltr=tuple(range(5 + len(COUNT_COLUMNS))))
    parts.append("<p>Database now: " + ", ".join(f"{e(v)} {e(k)}" for k, v in report.database.items()) + "</p>")
    for s in report.sections:
        parts.append(f"<h2>{e(s.title)}</h2>")
        if not s.rows:
            parts.append(f'<p class="none">{e(s.empty)}</p>')
            continue
        parts += _html_table(s.columns, s.rows, s.ltr_columns)
        if s.total is not None:
            parts.append(f"<p class=\"none\">{len(s.rows)} of {e(s.total)} shown.</p>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _html_table(columns: list[str], rows: list[list[Any]], ltr: tuple[int, ...]) -> list[str]:
    out = ["<table>", "<tr>" + "".join(f"<th>{e(c)}</th>" for c in columns) + "</tr>"]
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            cells.append(f'<td class="ltr" dir="ltr">{e(v)}</td>' if i in ltr else f'<td dir="auto">{e(v)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return out


# --- files ----------------------------------------------------------------------------------------
def _write(path: str, text: str) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)  # a reader never sees half a report


def write_report(db, run_id: int, out_dir: str) -> tuple[str, str]:
    """Write run-<id>.md and run-<id>.html (and latest.md, latest.html) in ``out_dir``; record the path
    in the run row. Returns the two paths."""
    from pipeline.store import load

    report = gather(db, run_id)
    os.makedirs(out_dir, exist_ok=True)
    md_path = os.path.join(out_dir, f"run-{run_id}.md")
    html_path = os.path.join(out_dir, f"run-{run_id}.html")
    markdown, page = to_markdown(report), to_html(report)
    _write(md_path, markdown)
    _write(html_path, page)
    _write(os.path.join(out_dir, "latest.md"), markdown)
    _write(os.path.join(out_dir, "latest.html"), page)
    load.update_run(db, run_id, report_path=os.path.abspath(md_path))
    return md_path, html_path
