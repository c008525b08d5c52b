#!/usr/bin/env python3
"""Make the PDF fixtures of the PDF reader's tests and benchmark, each with its ground truth.

Producers (each writes Persian in its own way; see ../../../shared/notes/pdf-facts.md):
  lo_*        LibreOffice headless from DOCX files made with python-docx (right-to-left paragraphs,
              cs font Noto Naskh Arabic): one column with header and footer, two columns under a
              full-width title, a ruled right-to-left table
  chromium_*  Chromium headless print-to-PDF of right-to-left HTML: one column with a table, two
              columns with a full-width heading between column blocks
  fpdf2_*     fpdf2 with HarfBuzz text shaping (uharfbuzz)
  reportlab_* reportlab with arabic-reshaper + python-bidi, lines drawn right-aligned
  scan_*      a LibreOffice page rendered to a bitmap and wrapped as an image-only PDF (OCR tests)

Every fixture NAME.pdf has NAME.gt.txt: its body text in logical order, one paragraph, heading, list
item or table row per line, table cells in reading order (rightmost first) joined by TAB. Running
headers, footers and page numbers are not body text and are not in the ground truth.

Needs (only to regenerate; the outputs are committed): libreoffice-writer, chromium, poppler-utils,
fonts-noto (Noto Naskh Arabic), fonts-dejavu; pip: python-docx, fpdf2, uharfbuzz, reportlab,
arabic-reshaper, python-bidi, pillow.

    .venv/bin/python corpus/pdf/make_pdf_fixtures.py            # all
    .venv/bin/python corpus/pdf/make_pdf_fixtures.py lo_table   # some
"""
from __future__ import annotations

import html
import io
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(os.path.dirname(HERE), "seeds")
NASKH = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"
NASKH_BOLD = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
RLM = "\u200f"


def seed_paragraphs(prefix: str, start: int = 0, stop: int | None = None) -> list[tuple[str, str]]:
    """Non-empty lines of a committed seed (clean logical Persian text) as paragraphs."""
    name = next(n for n in sorted(os.listdir(SEEDS)) if n.startswith(prefix))
    with open(os.path.join(SEEDS, name), encoding="utf-8") as fh:
        lines = [" ".join(line.split()) for line in fh]
    lines = [line for line in lines if line]
    return [("p", line) for line in lines[start:stop]]


# --- texts ------------------------------------------------------------------------------------------
# Our own invented reports (their figures mean nothing); what matters is what they contain: dates
# such as 1398/07/15, percentages, decimals, URLs, Latin names (UNIDO), parentheses, ZWNJ words
# (می‌شود, خوشه‌های) and lam-alef words (محلات, کالا). Blocks: ("h", heading), ("p", paragraph),
# ("li", list item), ("table", rows with cells in reading order, rightmost first).

POTTERY = [
    ("h", "گزارش پایش خوشه سفال و سرامیک لالجین"),
    ("p", "این گزارش در تاریخ 1398/07/15 به سفارش شرکت شهرک‌های صنعتی استان همدان تهیه شده است و "
          "وضعیت خوشه سفال و سرامیک لالجین را در پایان سال دوم اجرای پروژه بررسی می‌کند."),
    ("p", "بر پایه روش‌شناسی سازمان توسعه صنعتی ملل متحد (UNIDO)، توسعه خوشه در پنج مرحله انجام "
          "می‌شود: شناخت، اعتمادسازی، برنامه‌ریزی راهبردی، اجرا و ارزیابی."),
    ("p", "در سال 1397 حدود 420 کارگاه کوچک در این خوشه فعال بودند و بیش از 2500 نفر به‌طور مستقیم در "
          "آن‌ها کار می‌کردند. سهم صادرات از کل فروش خوشه از 12% در سال 1396 به 18.5% در سال 1398 رسید."),
    ("p", "مهم‌ترین کالاهای خوشه عبارت‌اند از ظروف لعابی، کاشی‌های دست‌ساز و محصولات تزئینی که در "
          "محلات مختلف شهر تولید و در بازارهای تهران، اصفهان و کشورهای همسایه عرضه می‌شوند."),
    ("p", "اطلاعات بیشتر درباره برنامه‌های خوشه در نشانی https://cluster.example.ir/lalejin منتشر شده "
          "است و گزارش کامل با شماره 1402-97 در دفتر خوشه‌های کسب‌وکار نگهداری می‌شود."),
    ("h", "نقاط قوت و ضعف خوشه"),
    ("li", "1- وجود بیش از 40 سال سابقه تولید و نیروی کار ماهر در کارگاه‌های خانوادگی"),
    ("li", "2- کمبود سرمایه در گردش و وابستگی به واسطه‌ها برای فروش کالا"),
    ("li", "3- نبود برند مشترک و بسته‌بندی مناسب برای بازارهای صادراتی"),
    ("p", "دوره اجرای پروژه 36 ماه (از مهر 1397 تا شهریور 1400) پیش‌بینی شده و بودجه آن 12.5 میلیارد "
          "ریال است که 60% آن را شرکت شهرک‌های صنعتی و بقیه را اعضای خوشه می‌پردازند."),
]

CARPET = [
    ("h", "خوشه فرش دستباف قم و برنامه‌های سال 1399"),
    ("p", "خوشه فرش دستباف قم با حدود 12000 بافنده و 850 کارگاه، یکی از بزرگ‌ترین خوشه‌های کسب‌وکار "
          "کشور است. نخستین جلسه شورای راهبری خوشه در تاریخ 1399/02/20 برگزار شد."),
    ("p", "تیم توسعه خوشه با همکاری اتحادیه تولیدکنندگان، سه راهبرد اصلی را برگزید: بهبود تأمین مواد "
          "اولیه، توسعه بازار صادراتی و ارتقای مهارت بافندگان."),
    ("p", "بر اساس بررسی‌های میدانی، 65% کارگاه‌ها کمتر از 5 نفر کارکن دارند و میانگین سن بافندگان "
          "42.5 سال است. صادرات فرش خوشه در سال 1398 به 3.2 میلیون دلار رسید."),
    ("p", "گزارش‌های ماهانه خوشه در وب‌سایت www.qom-carpet.example.ir منتشر می‌شود و نشانی ایمیل "
          "دبیرخانه info@qom-carpet.example.ir است."),
    ("p", "در مرحله اعتمادسازی، 14 کارگاه آموزشی (با حضور 320 نفر) برگزار شد و دو شبکه تولید مشترک "
          "شکل گرفت که کالای خود را با نشان واحد عرضه می‌کنند."),
    ("p", "کارشناسان سازمان UNIDO و مرکز ITC در بازدید آبان 1399 پیشنهاد کردند که آموزش‌های رنگرزی "
          "طبیعی در محلات قدیمی شهر ادامه یابد."),
]

SAFFRON = [
    ("h", "گزارش کوتاه خوشه زعفران قائنات"),
    ("p", "خوشه زعفران قائنات در سال 1396 شناسایی شد و اجرای پروژه توسعه آن از 1397/01/15 آغاز گردید."),
    ("p", "در این خوشه بیش از 1800 بهره‌بردار و 35 واحد فرآوری فعال‌اند و حدود 70% زعفران صادراتی "
          "استان از این منطقه تأمین می‌شود."),
    ("p", "برای افزایش ارزش افزوده، سه کنسرسیوم صادراتی با مشارکت 24 واحد تشکیل شد و نشان تجاری "
          "مشترک (Qaen Saffron) به ثبت رسید."),
    ("p", "قیمت هر کیلوگرم زعفران در بازار داخلی از 45 میلیون ریال در سال 1397 به 78 میلیون ریال در "
          "سال 1399 رسید که رشدی برابر 73.3% را نشان می‌دهد."),
    ("p", "کمبود آب، بالا بودن هزینه برداشت و نبود بسته‌بندی استاندارد از چالش‌های اصلی خوشه است و "
          "راهکارهای پیشنهادی در نشانی https://saffron.example.ir/report-1399 آمده است."),
    ("p", "عامل توسعه خوشه اعلام کرد که آموزش‌های بهداشتی و کنترل کیفیت برای 120 نفر از کشاورزان "
          "محلات اطراف شهر برگزار خواهد شد."),
]

FLOWERS_TABLE = [
    ("h", "آمار مقایسه‌ای چند خوشه کسب‌وکار"),
    ("p", "جدول زیر آمار پنج خوشه منتخب را بر پایه گزارش‌های سال 1398 نشان می‌دهد؛ ارقام اشتغال به "
          "نفر و سهم صادرات به درصد از کل فروش است."),
    ("table", [
        ["ردیف", "نام خوشه", "شهر", "تعداد واحدها", "اشتغال (نفر)", "سهم صادرات"],
        ["1", "فرش دستباف", "قم", "850", "12000", "35%"],
        ["2", "گل و گیاهان زینتی", "محلات", "320", "4500", "12.5%"],
        ["3", "سفال و سرامیک", "لالجین", "420", "2500", "18%"],
        ["4", "چاقو و ابزار برش", "زنجان", "210", "1600", "7%"],
        ["5", "کالاهای چرمی، کیف و کفش دست‌دوز با طرح‌های سنتی", "تبریز", "640", "9800", "21%"],
    ]),
    ("p", "چنان‌که دیده می‌شود، خوشه فرش دستباف قم بیشترین اشتغال را دارد و خوشه گل و گیاهان زینتی "
          "محلات با وجود شمار کمتر واحدها، سهم چشمگیری در صادرات گل به کشورهای همسایه یافته است."),
    ("p", "داده‌های این جدول از سامانه https://stats.example.ir گرفته شده و در تاریخ 1398/12/25 به‌روز "
          "شده است."),
]

CHROMIUM_TABLE = [
    ("h", "شاخص‌های عملکرد خوشه پوشاک"),
    ("table", [
        ["شاخص", "سال 1398", "سال 1399", "تغییر"],
        ["تعداد اعضای فعال", "45", "78", "73%"],
        ["فروش مشترک (میلیارد ریال)", "2.5", "6.8", "172%"],
        ["دوره‌های آموزشی", "6", "11", "83%"],
    ]),
    ("p", "این شاخص‌ها را دبیرخانه خوشه در پایان هر سال گردآوری می‌کند و نسخه کامل آن در سامانه "
          "خوشه‌ها منتشر می‌شود."),
]

SCAN = [
    ("h", "گزارش بازدید از خوشه گل محلات"),
    ("p", "در این بازدید وضعیت گلخانه‌های خوشه گل و گیاهان زینتی محلات بررسی شد و کارشناسان با "
          "تولیدکنندگان درباره مشکلات فروش و صادرات گفت‌وگو کردند."),
    ("p", "تولیدکنندگان خواستار برگزاری نمایشگاه دائمی گل و ایجاد بازارچه مشترک برای عرضه مستقیم "
          "کالا به خریداران شدند."),
]


# --- ground truth -----------------------------------------------------------------------------------
def ground_truth(blocks) -> str:
    lines = []
    for kind, content in blocks:
        if kind == "table":
            lines += ["\t".join(cell for cell in row) for row in content]
        else:
            lines.append(content)
    return "\n".join(lines) + "\n"


# --- LibreOffice from DOCX --------------------------------------------------------------------------
def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _rtl_paragraph(paragraph, text: str, *, bold=False, size=12, align="both"):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(_el("w:bidi"))
    ppr.append(_el("w:jc", val=align))
    run = paragraph.add_run(text)
    rpr = run._r.get_or_add_rPr()
    if bold:
        rpr.append(_el("w:b"))
        rpr.append(_el("w:bCs"))
    rpr.append(_el("w:sz", val=size * 2))
    rpr.append(_el("w:szCs", val=size * 2))
    rpr.append(_el("w:rtl"))
    return paragraph


def _docx_document(size: int):
    import docx
    from docx.shared import Cm

    d = docx.Document()
    rpr = d.styles["Normal"].element.get_or_add_rPr()
    rpr.append(_el("w:rFonts", ascii="DejaVu Serif", hAnsi="DejaVu Serif", cs="Noto Naskh Arabic"))
    rpr.append(_el("w:lang", val="en-US", bidi="fa-IR"))
    for section in d.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    d._size = size
    return d


def _section_rtl(section, columns: int = 1):
    from docx.oxml.ns import qn

    sect = section._sectPr
    cols = sect.find(qn("w:cols"))
    if cols is None:
        cols = _el("w:cols")
        sect.append(cols)
    cols.set(qn("w:num"), str(columns))
    cols.set(qn("w:space"), "567")  # 1 cm gutter
    grid = sect.find(qn("w:docGrid"))
    bidi = _el("w:bidi")
    if grid is not None:
        grid.addprevious(bidi)
    else:
        sect.append(bidi)


def _furniture(section, header: str):
    """A running header and a footer with the page number (not body text: not in the ground truth)."""
    section.header.is_linked_to_previous = False
    _rtl_paragraph(section.header.paragraphs[0], header, size=9, align="center")
    p = _rtl_paragraph(section.footer.paragraphs[0], "صفحه ", size=9, align="center")
    field = _el("w:fldSimple", instr="PAGE")
    run = _el("w:r")
    t = _el("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    p._p.append(field)


def _add_blocks(d, blocks):
    size = d._size
    for kind, content in blocks:
        if kind == "h":
            _rtl_paragraph(d.add_paragraph(), content, bold=True, size=size + 4, align="center")
        elif kind == "li":
            _rtl_paragraph(d.add_paragraph(), content, size=size, align="right")
        elif kind == "p":
            _rtl_paragraph(d.add_paragraph(), content, size=size, align="both")
        elif kind == "table":
            table = d.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            table._tbl.tblPr.append(_el("w:bidiVisual"))
            for r, row in enumerate(content):
                for c, cell_text in enumerate(row):
                    _rtl_paragraph(table.cell(r, c).paragraphs[0], cell_text, bold=(r == 0), size=size - 1,
                                   align="center")
            d.add_paragraph()


def make_docx(path: str, blocks, *, size=12, columns=1, full_width_head=0, full_width_tail=0,
              header: str | None = None):
    """DOCX of right-to-left paragraphs; with ``columns`` = 2 the first ``full_width_head`` blocks sit
    above the columns and the last ``full_width_tail`` below them (continuous section breaks)."""
    from docx.enum.section import WD_SECTION

    d = _docx_document(size)
    first = d.sections[0]
    _section_rtl(first, 1)
    if header:
        _furniture(first, header)
    if columns == 1:
        _add_blocks(d, blocks)
    else:
        tail_at = len(blocks) - full_width_tail
        _add_blocks(d, blocks[:full_width_head])
        section = d.add_section(WD_SECTION.CONTINUOUS)
        _section_rtl(section, columns)
        _add_blocks(d, blocks[full_width_head:tail_at])
        if full_width_tail:
            section = d.add_section(WD_SECTION.CONTINUOUS)
            _section_rtl(section, 1)
            _add_blocks(d, blocks[tail_at:])
    d.save(path)


def libreoffice_pdf(docx_path: str, out_dir: str) -> str:
    subprocess.run(["soffice", "-env:UserInstallation=file:///tmp/lo_profile_pdf", "--headless",
                    "--convert-to", "pdf", "--outdir", out_dir, docx_path],
                   check=True, capture_output=True, timeout=180)
    return os.path.join(out_dir, os.path.splitext(os.path.basename(docx_path))[0] + ".pdf")


def make_lo(name, blocks, tmp, **kw):
    docx_path = os.path.join(tmp, name + ".docx")
    make_docx(docx_path, blocks, **kw)
    return libreoffice_pdf(docx_path, tmp)


# --- Chromium print-to-PDF --------------------------------------------------------------------------
CSS = """
@page { size: A4; margin: 2cm 2cm 2.5cm 2cm; }
body { font-family: "Noto Naskh Arabic", "DejaVu Sans", serif; font-size: 12pt; line-height: 1.8;
       text-align: justify; margin: 0; }
h1, h2 { text-align: center; font-size: 16pt; margin: 0 0 8pt 0; }
h2 { font-size: 14pt; column-span: all; margin-top: 10pt; }
p, li { margin: 0 0 8pt 0; }
ul { list-style: none; padding: 0; }
.cols { column-count: 2; column-gap: 1cm; }
table { border-collapse: collapse; width: 100%; margin: 8pt 0; }
td, th { border: 1px solid #000; padding: 3pt 6pt; text-align: center; }
"""
# A running footer with the page number, in the page's bottom margin box (Chromium 131+).
RUNNING = """
@page { @bottom-center { content: "%s - " counter(page); font-family: "Noto Naskh Arabic"; font-size: 9pt; } }
"""


def html_page(blocks, *, two_columns=False, running: str | None = None) -> str:
    out = []
    in_cols = False
    for i, (kind, content) in enumerate(blocks):
        if two_columns and i == 1 and not in_cols:
            out.append('<div class="cols">')
            in_cols = True
        if kind == "h":
            out.append(f"<{'h1' if i == 0 else 'h2'}>{html.escape(content)}</{'h1' if i == 0 else 'h2'}>")
        elif kind == "p":
            out.append(f"<p>{html.escape(content)}</p>")
        elif kind == "li":
            out.append(f"<ul><li>{html.escape(content)}</li></ul>")
        elif kind == "table":
            rows = []
            for r, row in enumerate(content):
                tag = "th" if r == 0 else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
            out.append("<table>" + "".join(rows) + "</table>")
    if in_cols:
        out.append("</div>")
    css = CSS + (RUNNING % running.replace('"', "") if running else "")
    return ('<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>' + css
            + "</style></head><body>" + "\n".join(out) + "</body></html>")


def make_chromium(name, blocks, tmp, **kw):
    page = os.path.join(tmp, name + ".html")
    with open(page, "w", encoding="utf-8") as fh:
        fh.write(html_page(blocks, **kw))
    out = os.path.join(tmp, name + ".pdf")
    profile = tempfile.mkdtemp(prefix="chromium_profile_", dir=tmp)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                    "file://" + page], check=True, capture_output=True, timeout=180)
    return out


# --- fpdf2 with HarfBuzz shaping --------------------------------------------------------------------
def make_fpdf2(name, blocks, tmp):
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_font("naskh", size=9)
            self.cell(0, 8, "دفتر خوشه‌های کسب‌وکار", align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-15)
            self.set_font("naskh", size=9)
            self.cell(0, 8, str(self.page_no()), align="C")

    pdf = Report(format="A4")
    pdf.set_margins(20, 15, 20)
    pdf.add_font("naskh", fname=NASKH)
    pdf.add_font("naskh", style="B", fname=NASKH_BOLD)
    pdf.add_font("dejavu", fname=DEJAVU)
    pdf.set_fallback_fonts(["dejavu"])
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="fas")
    pdf.add_page()
    for kind, content in blocks:
        if kind == "h":
            pdf.set_font("naskh", "B", 15)
            pdf.multi_cell(0, 10, content, align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("naskh", "", 12)
            pdf.multi_cell(0, 8, content, align="R" if kind == "li" else "J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    out = os.path.join(tmp, name + ".pdf")
    pdf.output(out)
    return out


# --- reportlab with arabic-reshaper and python-bidi -------------------------------------------------
def make_reportlab(name, blocks, tmp):
    import arabic_reshaper
    from bidi import get_display
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", DEJAVU))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", DEJAVU_BOLD))
    out = os.path.join(tmp, name + ".pdf")
    c = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    left, right, top, bottom = 56, width - 56, height - 60, 70

    def visual(text):
        return get_display(arabic_reshaper.reshape(text), base_dir="R")

    def wrap(text, font, size):
        lines, cur = [], []
        for word in text.split(" "):
            trial = " ".join(cur + [word])
            if cur and pdfmetrics.stringWidth(visual(trial), font, size) > right - left:
                lines.append(" ".join(cur))
                cur = [word]
            else:
                cur.append(word)
        return lines + [" ".join(cur)] if cur else lines

    page = 1
    y = top

    def footer():
        c.setFont("DejaVu", 8)
        c.drawCentredString(width / 2, 40, f"- {page} -")

    for kind, content in blocks:
        font, size, lead = ("DejaVu-Bold", 14, 24) if kind == "h" else ("DejaVu", 11, 19)
        for line in wrap(content, font, size):
            if y < bottom:
                footer()
                c.showPage()
                page += 1
                y = top
            c.setFont(font, size)
            if kind == "h":
                c.drawCentredString(width / 2, y, visual(line))
            else:
                c.drawRightString(right, y, visual(line))
            y -= lead
        y -= 8
    footer()
    c.save()
    return out


# --- a scanned page ---------------------------------------------------------------------------------
def make_scan(name, blocks, tmp):
    from PIL import Image

    pdf = make_lo(name + "_source", blocks, tmp, size=15)
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", pdf,
                    os.path.join(tmp, name)], check=True, timeout=120)
    png = next(os.path.join(tmp, f) for f in sorted(os.listdir(tmp)) if f.startswith(name + "-") and f.endswith(".png"))
    out = os.path.join(tmp, name + ".pdf")
    Image.open(png).convert("L").save(out, "PDF", resolution=150.0)
    return out


# --- the fixtures -----------------------------------------------------------------------------------
TWO_COLUMN_CARPET = CARPET[:1] + CARPET[1:] + seed_paragraphs("004", 2, 6) + [
    ("p", "این گزارش را دبیرخانه دفتر خوشه‌های کسب‌وکار در تاریخ 1399/10/01 برای اعضای شورای راهبری "
          "فرستاده است.")]

FIXTURES = {
    "lo_report": (make_lo, POTTERY + seed_paragraphs("001", 0, 11),
                  dict(header="دفتر خوشه‌های کسب‌وکار - گزارش داخلی")),
    "lo_two_columns": (make_lo, TWO_COLUMN_CARPET,
                       dict(columns=2, full_width_head=1, full_width_tail=1, header="گزارش خوشه فرش")),
    "lo_table": (make_lo, FLOWERS_TABLE, dict(header="آمار خوشه‌ها")),
    "chromium_report": (make_chromium, SAFFRON + CHROMIUM_TABLE + seed_paragraphs("003", 2, 8),
                        dict(running="خوشه زعفران قائنات - گزارش سالانه")),
    "chromium_two_columns": (make_chromium, POTTERY[:6] + [("h", "برنامه‌های پیش رو")]
                             + seed_paragraphs("004", 3, 6), dict(two_columns=True)),
    "fpdf2_shaped": (make_fpdf2, CARPET + seed_paragraphs("001", 14, 30), {}),
    "reportlab_bidi": (make_reportlab, SAFFRON + seed_paragraphs("003", 2, 5), {}),
    "scan_page": (make_scan, SCAN, {}),
}


def main(names):
    names = names or list(FIXTURES)
    with tempfile.TemporaryDirectory(prefix="khooshe_pdf_") as tmp:
        for name in names:
            maker, blocks, kw = FIXTURES[name]
            made = maker(name, blocks, tmp, **kw)
            shutil.copyfile(made, os.path.join(HERE, name + ".pdf"))
            with open(os.path.join(HERE, name + ".gt.txt"), "w", encoding="utf-8") as fh:
                fh.write(ground_truth(blocks))
            print(f"{name}.pdf: {os.path.getsize(made):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
