#!/usr/bin/env python3
"""Make the table fixtures: seed 002's two tables in a DOCX, a PPTX, a PDF, and as repaired text.

Run from the repository root (needs LibreOffice: `apt-get install libreoffice-writer libreoffice-impress`,
and the Noto Naskh Arabic font, `fonts-noto-core`):

    .venv/bin/python corpus/tables/make_table_fixtures.py

It writes, in corpus/tables/:
  seed002_tables.docx      python-docx: each table's title, then the table (RTL: w:bidiVisual), header row first
  seed002_tables.pptx      python-pptx: one slide per table, a title and the table (RTL: a:tblPr rtl="1")
  seed002_tables.lo.pptx   the same deck opened and saved again by LibreOffice Impress (another producer)
  seed002_tables.pdf       LibreOffice Writer (headless) from the DOCX, Noto Naskh Arabic
  seed002_repaired.txt     seed 002 with each line the gold file repairs replaced by its repaired form
                           (../shared/gold/002_*.repaired-lines.tsv): the text the repair stage should
                           emit, table rows as TAB lines, the header lines around them left as they are

The tables' cells are the seed's own table contents (status of the programme in 1401, and its
achievements), spelled as in the seed (Arabic ي/ك, no ZWNJ), as the gold file writes them; the header
rows are the seed's header lines in reading order. The outputs are committed; tests never run this.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = os.path.join(ROOT, "corpus", "seeds", "002_a21e0ece87bfcb04.txt")
GOLD_LINES = os.path.join(os.path.dirname(ROOT), "shared", "gold", "002_a21e0ece87bfcb04.repaired-lines.tsv")
FONT = "Noto Naskh Arabic"
PROFILE = "file:///tmp/lo_profile_tables"

STATUS_TITLE = "وضعيت برنامه توسعه خوشههاي كسب و كار"
STATUS = [
    ["رديف", "عنوان", "وضعيت سال 1401 (تعداد)"],
    ["1", "خوشههاي شناسايي شده", "505"],
    ["2", "خوشههاي امكاسنجي شده", "252"],
    ["3", "پروژههاي توسعه خوشهاي در حال اجرا", "54"],
    ["4", "پروژههاي توسعه خوشهاي خاتمه يافته", "124"],
    ["5", "تربيت عاملان توسعه خوشهها و مشاور-ناظر فني", "1106 نفر"],
]
ACHIEVEMENTS_TITLE = "دستاوردهاي كلان برنامه توسعه خوشههاي كسبوكار"
ACHIEVEMENTS = [
    ["شرح دستاوردها", "قبل از آغاز پروژه توسعه خوشه", "در حال حاضر", "درصد افزايش"],
    ["تعداد بنگاهها در خوشههاي تحت حمايت", "108286", "126484", "17%"],
    ["تعداد شبكهها در خوشههاي تحت حمايت", "214", "511", "138%"],
    ["تعداد BDSpهاي درگير", "475", "1427", "200%"],
    ["تعداد اشتغال در خوشههاي تحت حمايت (نفر)", "1045858", "1223015", "17%"],
    ["ميزان كل فروش محصولات خوشه (ميليون ريال)", "1572066", "2351214", "50%"],
    ["صادرات خوشههاي تحت حمايت (دلار)", "1997298", "2100580", "5%"],
]
TABLES = [(STATUS_TITLE, STATUS), (ACHIEVEMENTS_TITLE, ACHIEVEMENTS)]


# --- DOCX ----------------------------------------------------------------------------------------
def _rtl_run(run) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_pr = run._r.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), FONT)
    r_pr.append(fonts)
    r_pr.append(OxmlElement("w:rtl"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "fa-IR")
    r_pr.append(lang)


def _rtl_paragraph(para, text: str) -> None:
    from docx.oxml import OxmlElement

    para._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    _rtl_run(para.add_run(text))


def make_docx(path: str) -> None:
    import docx
    from docx.oxml import OxmlElement

    doc = docx.Document()
    doc.core_properties.title = STATUS_TITLE
    for title, rows in TABLES:
        _rtl_paragraph(doc.add_paragraph(style="Heading 2"), title)
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))  # first cell drawn rightmost
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                para = table.cell(r, c).paragraphs[0]
                _rtl_paragraph(para, text)
                if r == 0:
                    para.runs[0].bold = True
        doc.add_paragraph()
    doc.save(path)


# --- PPTX ----------------------------------------------------------------------------------------
def _rtl_text(text_frame, text: str, size: int, bold: bool = False) -> None:
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    text_frame.text = text
    for para in text_frame.paragraphs:
        p_pr = para._p.get_or_add_pPr()
        p_pr.set("rtl", "1")
        p_pr.set("algn", "r")
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            r_pr = run._r.get_or_add_rPr()
            r_pr.set("lang", "fa-IR")
            cs = r_pr.makeelement(qn("a:cs"), {"typeface": FONT})
            r_pr.append(cs)


def make_pptx(path: str) -> None:
    from pptx import Presentation
    from pptx.util import Emu, Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    deck.core_properties.title = STATUS_TITLE
    title_only = deck.slide_layouts[5]
    for title, rows in TABLES:
        slide = deck.slides.add_slide(title_only)
        slide.shapes.title.left, slide.shapes.title.top = Inches(0.5), Inches(0.3)
        slide.shapes.title.width, slide.shapes.title.height = Inches(12.3), Inches(1.0)
        _rtl_text(slide.shapes.title.text_frame, title, 28, bold=True)
        frame = slide.shapes.add_table(len(rows), len(rows[0]), Inches(0.7), Inches(1.6), Inches(11.9),
                                       Emu(Inches(0.6) * len(rows)))
        frame.table._tbl.tblPr.set("rtl", "1")  # first cell drawn rightmost
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                _rtl_text(frame.table.cell(r, c).text_frame, text, 16, bold=(r == 0))
    deck.save(path)


# --- LibreOffice conversions -----------------------------------------------------------------------
def _soffice(source: str, target_ext: str, out_path: str) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer libreoffice-impress")
    with tempfile.TemporaryDirectory() as tmp:
        staged = os.path.join(tmp, "in" + os.path.splitext(source)[1])
        shutil.copy(source, staged)
        outdir = os.path.join(tmp, "out")
        subprocess.run([soffice, f"-env:UserInstallation={PROFILE}", "--headless", "--convert-to", target_ext,
                        "--outdir", outdir, staged], check=True, capture_output=True, timeout=300)
        produced = os.path.join(outdir, "in." + target_ext.split(":")[0])
        shutil.move(produced, out_path)


# --- repaired text ---------------------------------------------------------------------------------
def _canon(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def make_repaired_text(path: str) -> None:
    """Seed 002 with every line the gold file repairs replaced by the repaired line."""
    if not os.path.exists(GOLD_LINES):
        sys.exit(f"needs the shared gold file {GOLD_LINES}")
    with open(SEED, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    repaired: dict[int, str] = {}
    with open(GOLD_LINES, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                num, text = line.rstrip("\n").split("\t", 1)
                repaired[int(num)] = text
    out = list(raw)
    for num, text in repaired.items():
        out[num - 1] = text
        # a repaired row may join the next raw line (the gold file's 135-136): drop that line then
        nxt = raw[num] if num < len(raw) else ""
        if nxt.strip() and (num + 1) not in repaired and _canon(nxt) and _canon(nxt) not in _canon(raw[num - 1]) \
                and all(w in text for w in nxt.split()):
            out[num] = ""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))


def main() -> None:
    docx_path = os.path.join(HERE, "seed002_tables.docx")
    pptx_path = os.path.join(HERE, "seed002_tables.pptx")
    make_docx(docx_path)
    make_pptx(pptx_path)
    _soffice(docx_path, "pdf", os.path.join(HERE, "seed002_tables.pdf"))
    _soffice(pptx_path, "pptx", os.path.join(HERE, "seed002_tables.lo.pptx"))
    make_repaired_text(os.path.join(HERE, "seed002_repaired.txt"))
    for name in sorted(os.listdir(HERE)):
        if name.startswith("seed002"):
            print(f"{os.path.getsize(os.path.join(HERE, name)):>8}  corpus/tables/{name}")


if __name__ == "__main__":
    main()
