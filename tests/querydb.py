"""One real database for the query, search, export and serve tests, built once per test session.

It holds everything in corpus/ ingested by the real batch ingest, plus:

- a few reports of our own (written here, ingested the same way) with the spellings the search must
  treat alike: a suffix joined by a non-joiner, a space or glued on, Arabic ي/ك, Persian digits, and
  a two-page file;
- two reports about an invented cluster whose facts we know, stored through the real loader
  (``load.save_outcome``), because the extractors are still growing and the corpus may yield few
  clusters: the cluster and facts commands must show these rows, whatever else the corpus adds.
"""
from __future__ import annotations

import hashlib
import os

from conftest import CORPUS

# Our own sentences: each file shows one way of writing «خوشه‌های» / «شهرک‌های» and the digits.
SEARCH_DOCS = {
    "spell_zwnj.txt": "برنامه توسعه خوشه\u200cهای صنعتی در شهرک\u200cهای تازه ساز اجرا شد.\n",
    "spell_glued.txt": "ارزیابی خوشههای صنعتی و شهرکهای قدیمی به پایان رسید.\n",
    "spell_space.txt": "گزارش سالانه خوشه های صنعتی و شهرک های مرزی منتشر شد.\n",
    "spell_arabic.txt": "فهرست خوشه هاي صنعتي و شهرك هاي ساحلي تهيه شد.\n",
    "spell_heh.txt": "مدیر خوشۀ نساجی از پیشرفت طرح گزارش داد.\n",
    "digits_persian.txt": "در دوره آموزشی زعفران ۳۴۵۶ نفر شرکت کردند.\n",
    "digits_ascii.txt": "در دوره آموزشی پسته 7890 نفر شرکت کردند.\n",
    "two_pages.txt": "صفحه نخست گزارش درباره بازار است.\n\fدر صفحه دوم از نمکزارهای کویری سخن رفته است.\n",
}

CLUSTER = {"name": "خوشه گلیم بافی آزمون آباد", "product": "گلیم", "city": "آزمون آباد", "province": "کرمان"}
OTHER_CLUSTER = {"name": "خوشه سفال نمونه ده", "product": "سفال", "city": "نمونه ده", "province": "یزد"}

# (file name, text, facts as (type, value, as_written, extra fields)); the newer report is stored first,
# so "latest" must come from the report's date, not from the order of storing.
KNOWN_REPORTS = [
    ("azmoon_1399.txt",
     "گزارش پایش خوشه گلیم بافی آزمون آباد\n"
     "تاریخ گزارش: شهریور 1399\n"
     "در پایان دوره شمار بافندگان خوشه به 1500 نفر رسید و 80 واحد تولیدی فعال است.\n"
     "راهبرد نخست خوشه بازاریابی مشترک گلیم است.\n"
     "راهبرد دوم خوشه آموزش طراحی نقوش است.\n",
     CLUSTER,
     [("cluster", CLUSTER["name"], CLUSTER["name"], {}),
      ("document_date", "1399-06", "شهریور 1399", {"jalali": "1399-06", "gregorian_start": "2020-08-22"}),
      ("weavers", 1500, "1500 نفر", {"period": "current"}),
      ("production_units", 80, "80 واحد تولیدی", {}),
      ("strategy", "بازاریابی مشترک گلیم", "بازاریابی مشترک گلیم", {}),
      ("strategy", "آموزش طراحی نقوش", "آموزش طراحی نقوش", {})]),
    ("azmoon_1396.txt",
     "معرفی خوشه گلیم بافی آزمون آباد\n"
     "تاریخ گزارش: اسفند 1396\n"
     "در خوشه گلیم بافی آزمون آباد حدود 1200 بافنده فعالیت دارند.\n"
     "طرح توسعه این خوشه از مهر 1394 آغاز شد.\n",
     CLUSTER,
     [("document_date", "1396-12", "اسفند 1396", {"jalali": "1396-12", "gregorian_start": "2018-02-20"}),
      ("weavers", 1200, "حدود 1200 بافنده", {"qualifier": "approx"}),
      ("start_date", "1394-07", "مهر 1394", {"jalali": "1394-07", "gregorian_start": "2015-09-23"})]),
    ("nemooneh_1400.txt",
     "گزارش خوشه سفال نمونه ده\n"
     "در این خوشه 45 کارگاه سفالگری با 210 شاغل کار می کنند و طرح آن از سال 1397 آغاز شد.\n",
     OTHER_CLUSTER,
     [("production_units", 45, "45 کارگاه", {}),
      ("employees", 210, "210 شاغل", {}),
      ("start_date", "1397", "سال 1397", {"jalali": "1397"})]),
]

_cache: dict[str, str] = {}


def _store_known_report(db, folder: str, name: str, text: str, cluster: dict, facts: list) -> None:
    """Read and normalize our report for real, attach the facts we know, and store it with the real loader."""
    from pipeline.model import Cluster, Extraction, Fact
    from pipeline.process import Outcome, fact_row, records
    from pipeline.read import read
    from pipeline.repair import normalize
    from pipeline.store import load

    path = os.path.join(folder, name)
    data = text.encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    document = read(path, data)
    doc_row, _, _ = records(document, normalize(document), Extraction([], [], {"tests.known": 1}))
    outcome = Outcome(path=path, sha256=document.sha256, size=len(data), document=doc_row)
    normalized = doc_row["normalized_text"]
    rows = []
    for type_, value, as_written, extra in facts:
        start = normalized.find(as_written)
        assert start >= 0, f"{as_written!r} not in the normalized text of {name}"
        line_start = normalized.rfind("\n", 0, start) + 1
        line_end = normalized.find("\n", start)
        line_end = len(normalized) if line_end < 0 else line_end
        fact = Fact(type=type_, value=value, start=start, end=start + len(as_written),
                    evidence=normalized[line_start:line_end], evidence_start=line_start, evidence_end=line_end,
                    as_written=as_written, page=1, extractor="tests.known", extractor_version=1,
                    cluster=cluster["name"], **extra)
        rows.append(fact_row(document.sha256, fact))
    c = Cluster(name=cluster["name"], product=cluster["product"], city=cluster["city"],
                province=cluster["province"], main=True)
    outcome.facts = rows
    outcome.clusters = [{"id": c.key, "name": c.name, "product": c.product, "city": c.city,
                         "province": c.province, "main": 1}]
    load.save_outcome(db, outcome, os.stat(path).st_mtime, None)


def build(tmp_path_factory) -> str:
    """The path of the session's database (built on first use)."""
    if "db" in _cache:
        return _cache["db"]
    from pipeline.batch import ingest
    from pipeline.store import open_db

    root = tmp_path_factory.mktemp("querydb")
    own = root / "own"
    own.mkdir()
    for name, text in SEARCH_DOCS.items():
        (own / name).write_text(text, encoding="utf-8")
    known = root / "known"
    known.mkdir()
    path = str(root / "khooshe.db")
    db = open_db(path)
    ingest(db, [CORPUS, str(own)])
    for name, text, cluster, facts in KNOWN_REPORTS:
        _store_known_report(db, str(known), name, text, cluster, facts)
    db.conn.close()
    _cache["db"] = path
    return path


def cluster_key(name: str) -> str:
    from pipeline.textutil import canonical_key

    return canonical_key(name)


def file_state(path: str) -> tuple[str, float]:
    """The database file's content hash and modification time: what a read-only command must leave alone."""
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest(), os.stat(path).st_mtime
