"""``khooshe extract FILE --format html``: one document with its facts highlighted, for checking.

A single self-contained page (no script, no external file): the normalized text right to left
(``dir="rtl" lang="fa"``) with every fact's span marked, and below it the list of facts (type,
value, qualifier, unit, date range, cluster, evidence) and the clusters. Each mark's tooltip names
the facts it carries and links to their row; each row links back to its mark. Spans may overlap:
the text is cut at every span edge and each piece is marked with all the facts covering it.

Every piece of text from the document is HTML-escaped, attributes included: a report is hostile
input, and «<script>» in it must stay text.
"""
from __future__ import annotations

from html import escape

_STYLE = """
body{font-family:"Noto Naskh Arabic","Noto Sans Arabic",Tahoma,sans-serif;margin:2em auto;max-width:60em;line-height:2;color:#222}
h1{font-size:1.3em} h2{font-size:1.1em;margin-top:2em}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;border-radius:4px;background:#fcfcfc}
mark{padding:0 .1em;border-radius:3px;background:#fff2a8}
mark.count{background:#cdebc0} mark.date{background:#c9e2f7} mark.org{background:#f3d6ee}
mark.strategy{background:#ffd9b3} mark.activity{background:#e8e0ff} mark.contact{background:#d7f0ef}
mark.cluster{background:#f7e3a1} mark.multi{outline:2px solid #c77}
table{border-collapse:collapse;width:100%;font-size:.9em} td,th{border:1px solid #ddd;padding:.2em .5em;vertical-align:top}
th{background:#f0f0f0} td.num{direction:ltr;text-align:right} .ev{color:#555}
"""

_FAMILY = {
    "start_date": "date", "document_date": "date", "office_established": "date", "end_date": "date",
    "as_of_date": "date", "contract_date": "date", "date": "date",
    "organization": "org", "strategy": "strategy", "strategy_count": "strategy", "activity": "activity",
    "website": "contact", "phone": "contact", "email": "contact", "cluster": "cluster",
    "cluster_priority": "cluster",
}


def _family(ftype: str) -> str:
    return _FAMILY.get(ftype, "count")


def _value(f: dict) -> str:
    value = "" if f.get("value") is None else str(f["value"])
    if f.get("unit"):
        value += f" {f['unit']}"
    return value


def _marked_text(text: str, facts: list[dict]) -> str:
    spans = [(i, max(0, int(f["start"])), min(len(text), int(f["end"]))) for i, f in enumerate(facts)
             if f.get("start") is not None and f.get("end") is not None]
    spans = [(i, s, e) for i, s, e in spans if e > s]
    cuts = sorted({0, len(text)} | {s for _, s, _ in spans} | {e for _, _, e in spans})
    out: list[str] = []
    first_mark: set[int] = set()
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        covering = [i for i, s, e in spans if s <= a and b <= e]
        if not covering:
            out.append(piece)
            continue
        families = {_family(facts[i]["type"]) for i in covering}
        cls = families.pop() if len(families) == 1 else "multi"
        title = "; ".join(f"{facts[i]['type']} = {_value(facts[i])}" for i in covering)
        ids = " ".join(f"f{i}" for i in covering)
        anchor = ""
        new = [i for i in covering if i not in first_mark]
        if new:
            anchor = f' id="m{new[0]}"'
            first_mark.update(new)
        out.append(f'<mark class="{cls}"{anchor} data-facts="{escape(ids)}" title="{escape(title)}">{piece}</mark>')
    return "".join(out)


def render(name: str, text: str, facts: list[dict], clusters=()) -> str:
    rows = []
    for i, f in enumerate(facts):
        dates = ""
        if f.get("gregorian_start"):
            dates = f"{f['gregorian_start']} … {f['gregorian_end']}"
        extra = ", ".join(f"{k}={f[k]}" for k in ("scope", "period", "subject", "rank", "year") if f.get(k) not in (None, ""))
        rows.append(
            f'<tr id="f{i}"><td class="num"><a href="#m{i}">{i + 1}</a></td><td>{escape(f["type"])}</td>'
            f'<td>{escape(_value(f))}</td><td>{escape(str(f.get("qualifier") or ""))}</td>'
            f'<td class="num"><bdi>{escape(dates)}</bdi></td><td>{escape(str(f.get("cluster") or ""))}</td>'
            f'<td>{escape(extra)}</td><td class="ev">{escape(str(f.get("evidence") or ""))}</td>'
            f'<td class="num">{escape(str(f.get("confidence", "")))}</td></tr>')
    cluster_rows = [
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.product or '')}</td><td>{escape(c.city or '')}</td>"
        f"<td>{escape(c.province or '')}</td><td>{'✓' if c.main else ''}</td></tr>" for c in clusters]
    return (
        '<!DOCTYPE html>\n<html lang="fa" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(name)} — خوشه</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1><bdi>{escape(name)}</bdi></h1>\n<p>{len(facts)} واقعیت (fact)</p>\n"
        f'<div class="text">{_marked_text(text, facts)}</div>\n'
        "<h2>خوشه‌ها (clusters)</h2>\n<table><tr><th>نام</th><th>محصول</th><th>شهر</th><th>استان</th><th>اصلی</th></tr>\n"
        + "\n".join(cluster_rows) + "\n</table>\n"
        "<h2>واقعیت‌ها (facts)</h2>\n<table><tr><th>#</th><th>type</th><th>value</th><th>qualifier</th>"
        "<th>gregorian</th><th>cluster</th><th></th><th>evidence</th><th>confidence</th></tr>\n"
        + "\n".join(rows) + "\n</table>\n</body>\n</html>\n")
