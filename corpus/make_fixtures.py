#!/usr/bin/env python3
"""Make the ingestion fixtures from the seed texts with real producers.

Run from the repository root (needs LibreOffice, `apt-get install libreoffice-writer-nogui`, and
`pip install pypdf` for the encrypted PDF):

    .venv/bin/python corpus/make_fixtures.py

It writes
  corpus/fixtures/zanjan_carpet.docx      python-docx: seed 001's text, its Zanjan figures as a RTL table
  corpus/fixtures/zanjan_carpet.doc       LibreOffice (headless) saves that DOCX as Word 97-2003
  corpus/fixtures/qom_clothing.pdf        LibreOffice (headless) from a DOCX holding seed 003's text
  corpus/fixtures/mahallat_flowers.html   seed 004's text in a news page with menus, sidebar, comment form
  tests/fixtures/encodings/*.txt          one seed text in UTF-8+BOM, UTF-16 (LE, BE), Windows-1256, broken
  tests/fixtures/bad/*                    files every reader must refuse with one clear line

The outputs are committed; tests never run this script.
"""
from __future__ import annotations

import html
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "corpus", "seeds")
OUT = os.path.join(ROOT, "corpus", "fixtures")
BAD = os.path.join(ROOT, "tests", "fixtures", "bad")
ENCODINGS = os.path.join(ROOT, "tests", "fixtures", "encodings")
FONT = "Noto Naskh Arabic"


def seed(prefix: str) -> list[str]:
    name = next(n for n in os.listdir(SEEDS) if n.startswith(prefix))
    with open(os.path.join(SEEDS, name), encoding="utf-8") as fh:
        return [line.strip() for line in fh.read().splitlines()]


# --- DOCX with python-docx ----------------------------------------------------------------------
def _rtl_paragraph(doc, text: str, style: str | None = None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = doc.add_paragraph(style=style)
    p_pr = para._p.get_or_add_pPr()
    p_pr.append(OxmlElement("w:bidi"))
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "both")
    p_pr.append(jc)
    run = para.add_run(text)
    _rtl_run(run)
    return para


def _rtl_run(run) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_pr = run._r.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), FONT)
    r_pr.append(fonts)
    r_pr.append(OxmlElement("w:rtl"))


def _rtl_table(doc, rows: list[list[str]]):
    from docx.oxml import OxmlElement

    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))  # first cell drawn rightmost
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.paragraphs[0].text = ""
            para = cell.paragraphs[0]
            para._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
            _rtl_run(para.add_run(text))
    return table


# Seed 001's list of Zanjan figures, as a two-column table (label, figure): the same facts, in cells.
ZANJAN_TABLE = [
    ["شرح", "تعداد"],
    ["بافندگان استان", "حدود 66 هزار نفر"],
    ["دار قالی", "23000 عدد"],
    ["تعاونی فرشبافی", "18"],
    ["واحد سنتی رنگرزی", "10"],
    ["آموزشگاه طراحی و نقشه کشی و قالیبافی", "شش"],
    ["واحد تولیدی فرش دستبافت", "800"],
    ["طراح فرش", "8 نفر"],
]


def make_zanjan_docx(path: str) -> None:
    import docx

    lines = [line for line in seed("001") if line]
    doc = docx.Document()
    doc.core_properties.title = lines[0]
    _rtl_paragraph(doc, lines[0], style="Heading 1")
    table_at = next(i for i, line in enumerate(lines) if line.startswith("ساختار و مشخصات"))
    for line in lines[1:table_at + 1]:
        _rtl_paragraph(doc, line)
    _rtl_table(doc, ZANJAN_TABLE)
    for line in lines[table_at + 1:]:
        if line.startswith("اخبار"):  # the web page's menu that followed the article
            break
        _rtl_paragraph(doc, line)
    doc.save(path)


# --- PDF by LibreOffice from a DOCX ---------------------------------------------------------------
def make_libreoffice_pdf(path: str, lines: list[str]) -> None:
    import docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".docx")
        doc = docx.Document()
        doc.core_properties.title = lines[0]
        _rtl_paragraph(doc, lines[0], style="Heading 1")
        for line in lines[1:]:
            _rtl_paragraph(doc, line)
        doc.save(source)
        profile = f"file://{tmp}/lo_profile"
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, source], check=True, capture_output=True, timeout=180)
        shutil.move(source[:-5] + ".pdf", path)


def make_word97(path: str, source_docx: str) -> None:
    """The DOCX saved by LibreOffice as a Word 97-2003 .doc (binary format): the archive's older reports."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        profile = f"file://{tmp}/lo_profile"
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc",
                        "--outdir", tmp, source_docx], check=True, capture_output=True, timeout=180)
        shutil.move(os.path.join(tmp, os.path.splitext(os.path.basename(source_docx))[0] + ".doc"), path)


# --- HTML page ------------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head><meta charset="utf-8"><title>{title} | شرکت شهرک‌های صنعتی</title>
<style>body {{ font-family: "{font}", sans-serif; }}</style>
<script>var analytics = "خبر پربازدید";</script></head>
<body>
<header><div class="logo">شرکت شهرک‌های صنعتی استان</div>
<nav><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/news">اخبار</a></li><li><a href="/clusters">خوشه‌های کسب و کار</a></li><li><a href="/contact">تماس با ما</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<div class="meta">تعداد بازدید: 1250 | زمان مطالعه: 4 دقیقه</div>
{body}
</article>
<aside><h3>پربازدیدترین اخبار</h3><ul><li><a href="/n/1">برگزاری نمایشگاه صنایع دستی</a></li><li><a href="/n/2">افتتاح واحد صنعتی جدید</a></li></ul></aside>
<section class="comments"><form action="/comment" method="post"><h3>ارسال نظر</h3>
<p>آدرس ایمیل شما منتشر نخواهد شد.</p><input name="name" placeholder="نام"><textarea name="text"></textarea><button>ارسال</button></form></section>
</main>
<footer><p>کلیه حقوق این سایت محفوظ است.</p></footer>
</body></html>
"""


def make_html(path: str, lines: list[str]) -> None:
    title = lines[0]
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:] if line and line != title)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(PAGE.format(title=html.escape(title), body=body, font=FONT))


# --- encodings --------------------------------------------------------------------------------------
def _as_cp1256_era(text: str) -> str:
    table = {ord("ی"): "ي", **{ord(d): str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")}}
    return text.translate(table)


def make_encodings(text: str) -> None:
    os.makedirs(ENCODINGS, exist_ok=True)
    variants = {
        "utf8.txt": text.encode("utf-8"),
        "utf8_bom.txt": text.encode("utf-8-sig"),
        "utf16le_bom.txt": text.encode("utf-16"),  # Python writes a BOM, little-endian here
        "utf16be_nobom.txt": text.encode("utf-16-be"),
        # Windows-1256 has no Persian ی or digits: files from that era use Arabic ي and ASCII digits
        "cp1256.txt": _as_cp1256_era(text).encode("cp1256"),
        # UTF-8 whose bytes were damaged in transit: neither valid UTF-8 nor Windows-1256 text
        "broken_utf8.txt": text.encode("utf-8")[:200] + b"\xff\xfe\x00" + text.encode("utf-8")[201:400],
    }
    for name, data in variants.items():
        with open(os.path.join(ENCODINGS, name), "wb") as fh:
            fh.write(data)


# --- files every reader must refuse ------------------------------------------------------------
def make_bad(pdf_source: str) -> None:
    os.makedirs(BAD, exist_ok=True)

    def write(name: str, data: bytes) -> None:
        with open(os.path.join(BAD, name), "wb") as fh:
            fh.write(data)

    write("empty.txt", b"")
    write("unknown.xyz", "خوشه فرش".encode("utf-8"))
    write("not_a_zip.docx", "این یک سند ورد نیست".encode("utf-8"))
    write("truncated.pdf", open(pdf_source, "rb").read()[:1500])
    write("not_a_pdf.pdf", b"%PDF-1.7\n" + os.urandom(64) + b"\nthis is not a PDF body\n")
    write("no_body.html", '<!DOCTYPE html><html lang="fa"><head><title>صفحه</title></head><body>'
                          '<nav><a href="/">خانه</a></nav><form><textarea></textarea></form>'
                          "<footer>کلیه حقوق محفوظ است</footer></body></html>".encode("utf-8"))

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(pdf_source).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    write("encrypted.pdf", buf.getvalue())

    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)  # a page with no text layer at all
    buf = io.BytesIO()
    blank.write(buf)
    write("textless.pdf", buf.getvalue())

    # A DOCX whose document part unpacks to 400 MB from a few hundred KB: a zip bomb.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(400):
                part.write(chunk)
    write("zip_bomb.docx", buf.getvalue())

    # A DOCX whose document part declares entities (billion laughs): refused before any parser sees it.
    good = io.BytesIO()
    import docx

    d = docx.Document()
    d.add_paragraph("خوشه")
    d.save(good)
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = laughs.encode("utf-8") if item.filename == "word/document.xml" else src.read(item)
            dst.writestr(item, data)
    write("entities.docx", out.getvalue())


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    make_zanjan_docx(os.path.join(OUT, "zanjan_carpet.docx"))
    make_word97(os.path.join(OUT, "zanjan_carpet.doc"), os.path.join(OUT, "zanjan_carpet.docx"))
    clothing = [line for line in seed("003") if line]
    # the web page's title repeated, and its comment form, are not part of the report
    clothing = [clothing[0]] + [l for l in clothing[2:] if l not in ("ارسال نظر", "آدرس ایمیل شما منتشر نخواهد شد.", "0")]
    make_libreoffice_pdf(os.path.join(OUT, "qom_clothing.pdf"), clothing)
    flowers = [line for line in seed("004") if line]
    make_html(os.path.join(OUT, "mahallat_flowers.html"), [flowers[0]] + flowers[2:])
    make_encodings("\n".join(seed("004")))
    make_bad(os.path.join(OUT, "qom_clothing.pdf"))
    print("fixtures written to", OUT, BAD, ENCODINGS)


if __name__ == "__main__":
    main()
