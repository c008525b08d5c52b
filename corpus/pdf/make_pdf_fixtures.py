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
  weasyprint_* WeasyPrint (pango + HarfBuzz, its own PDF writer): running header and footer in @page
              margin boxes and a paragraph over the page break, two columns (CSS column-count) with a
              paragraph running on into the next column, ruled and unruled tables, short one-line
              paragraphs with bold and italic runs (inline boxes); it writes no ZWNJ
  wkhtmltopdf_* wkhtmltopdf (Qt WebKit) from the same HTML: one column with a table, two columns
  impress_*   LibreOffice Impress from a PPTX made with python-pptx: right-to-left titles, bullets (in
              one box, in two side by side), a table, a text box of paragraphs
  pango_*     pango-view (pango, HarfBuzz, cairo): justified right-to-left paragraphs; cairo writes a
              ZWNJ as an ActualText span with no glyph and draws «لا» as lam + zero-width alef
  qpdf_*      a LibreOffice PDF rewritten by qpdf with object streams and a cross-reference stream
  pypdf_*     a Chromium PDF rewritten by pypdf (streams recompressed, identical objects merged)
  fpdf2_unshaped fpdf2 without its shaping engine: strings in reading order, left to right, unshaped
  xelatex_*   XeLaTeX with xepersian (Amiri): justified with kashida, Persian digits, a space glyph
              drawn over a digit beside punctuation
  ocr_*       text layers that hold no text: a LibreOffice PDF through PostScript and back (pdftops,
              Ghostscript's ps2pdf), one whose fonts lost their ToUnicode maps (pypdf), one whose text
              Ghostscript turned into outlines (-dNoOutputFonts); read by OCR

Every fixture NAME.pdf has NAME.gt.txt: its body text in logical order, one paragraph, heading, list
item or table row per line, table cells in reading order (rightmost first) joined by TAB. Running
headers, footers and page numbers are not body text and are not in the ground truth.

Needs (only to regenerate; the outputs are committed): libreoffice-writer and libreoffice-impress,
chromium, wkhtmltopdf, poppler-utils, ghostscript, qpdf, pango1.0-tools (pango-view), texlive-xetex and
texlive-lang-arabic (xelatex, xepersian, Amiri), fonts-noto (Noto Naskh
Arabic), fonts-dejavu; pip: python-docx, python-pptx, fpdf2, uharfbuzz, reportlab, arabic-reshaper,
python-bidi, pillow, pypdf; and WeasyPrint (70 was used) in a virtualenv of its own, found on PATH,
in $WEASYPRINT or at /tmp/wp/bin/weasyprint (python3 -m venv /tmp/wp && /tmp/wp/bin/pip install
weasyprint). None of these is needed to run Khooshe or its tests.

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


# Harder layouts: Persian digits, rich runs (bold/italic inside a line), bullets and automatic
# numbering, an English paragraph, quotes, phone numbers, an e-mail address. Extra block kinds:
# ("rich", [(text, "b"|"i"|""), ...]), ("bullet", text), ("num", text: numbered 1. 2. ... by the
# producer), ("en", left-to-right paragraph), ("plain_table", rows: a table without rules).
KNIVES = [
    ("h", "خوشه چاقوسازی زنجان: گزارش پیشرفت ۱۴۰۰"),
    ("p", "شناسایی خوشه چاقوسازی زنجان در سال ۱۳۹۶ انجام شد و قرارداد عامل توسعه خوشه در تاریخ "
          "۱۳۹۷/۰۳/۲۰ به امضا رسید."),
    ("rich", [("در حال حاضر ", ""), ("۲۳۰ کارگاه", "b"), (" با حدود ۱۱۰۰ نفر شاغل در این خوشه فعال‌اند و "
              "سهم محصولات دست‌ساز از کل تولید به ", ""), ("۴۵٪", "i"), (" رسیده است.", "")]),
    ("p", "مهم‌ترین مشکلات خوشه عبارت‌اند از: قیمت بالای فولاد، رقابت با کالاهای وارداتی ارزان و ضعف "
          "بازاریابی در بازارهای خارجی."),
    ("bullet", "برگزاری ۱۲ دوره آموزشی طراحی و بسته‌بندی برای صنعتگران جوان"),
    ("bullet", "ثبت نشان جمعی «چاقوی زنجان» در اداره مالکیت صنعتی"),
    ("bullet", "شرکت در نمایشگاه Ambiente 2020 در فرانکفورت با هشت غرفه"),
    ("en", "The Zanjan knife cluster joined the national cluster development programme in 2017; its export "
           "share grew from 3% to 9% within three years."),
    ("num", "تأمین مواد اولیه با خرید مشترک فولاد (حدود ۴۰ تن در سال)"),
    ("num", "راه‌اندازی فروشگاه اینترنتی مشترک در نشانی https://knife.example.ir"),
    ("num", "همکاری با دانشگاه زنجان برای بهبود عملیات حرارتی تیغه‌ها"),
    ("p", "برای اطلاعات بیشتر با شماره 024-33445566 یا نشانی cluster@knife.example.ir تماس بگیرید."),
    ("p", "ارزیابی میان‌دوره‌ای نشان داد که فروش مشترک اعضا در سال ۱۳۹۹ نسبت به سال پیش از آن ۲۸ درصد "
          "افزایش یافته و شمار کارگاه‌های دارای پروانه بهره‌برداری از ۶۰ به ۹۵ رسیده است. با این حال "
          "نبود سرمایه در گردش و دشواری دریافت تسهیلات بانکی همچنان مانع اصلی رشد کارگاه‌های کوچک است "
          "و تیم توسعه پیشنهاد کرده که صندوق ضمانت مشترکی با مشارکت اتحادیه و شرکت شهرک‌های صنعتی "
          "تشکیل شود."),
]

SHOES = [
    ("h", "خوشه کفش دست‌دوز تبریز"),
    ("p", "خوشه کفش دست‌دوز تبریز با بیش از 1,200 کارگاه و حدود 9,500 نفر شاغل، بزرگ‌ترین خوشه کفش "
          "کشور است و نزدیک به 40% کفش دست‌دوز ایران را تولید می‌کند."),
    ("p", "پروژه توسعه خوشه از مهر 1398 آغاز شد و برنامه سه‌ساله آن بر سه محور استوار است: طراحی و "
          "مدل‌سازی، آموزش نیروی کار و توسعه صادرات به کشورهای همسایه."),
    ("plain_table", [
        ["محور", "شاخص", "مقدار پایه", "هدف 1401"],
        ["طراحی", "مدل‌های جدید در سال", "35", "120"],
        ["آموزش", "نفر-ساعت آموزش", "4,800", "15,000"],
        ["صادرات", "سهم صادرات", "8%", "20%"],
    ]),
    ("p", "در نخستین سال اجرا، 18 کارگاه آموزشی برگزار شد و یک مرکز طراحی مشترک با همکاری دانشکده "
          "هنرهای کاربردی (دانشگاه هنر اسلامی تبریز) راه‌اندازی گردید."),
    ("en", "A joint design centre opened in 2020 with support from the Tabriz Chamber of Commerce."),
    ("bullet", "خرید مشترک چرم و زیره از تولیدکنندگان داخلی"),
    ("bullet", "حضور در نمایشگاه بین‌المللی کفش استانبول (AYMOD) در سال 2021"),
    ("p", "فهرست کامل اعضا و محصولات آنها در نشانی www.tabriz-shoes.example.ir/members در دسترس است."),
    ("p", "عامل توسعه خوشه تأکید کرد که کمبود نقدینگی، نوسان قیمت چرم و واردات غیررسمی کفش‌های ارزان "
          "از مهم‌ترین تهدیدهای خوشه به شمار می‌روند و برای کاهش این تهدیدها باید سازوکار تأمین مالی "
          "زنجیره‌ای میان بنگاه‌های بزرگ و کارگاه‌های کوچک طراحی شود."),
]

PISTACHIO = [
    ("h", "گزارش خوشه پسته رفسنجان"),
    ("p", "خوشه پسته رفسنجان در سال 1395 شناسایی شد و شامل 2,400 باغدار، 65 واحد فرآوری و 30 شرکت "
          "بازرگانی است."),
    ("table", [
        ["سال", "تولید به تن", "صادرات به تن", "سهم صادرات"],
        ["1397", "85,000", "52,000", "61%"],
        ["1398", "78,500", "49,800", "63.4%"],
        ["1399", "91,200", "60,100", "65.9%"],
    ]),
    ("p", "کاهش منابع آب زیرزمینی و افزایش هزینه‌های برداشت، مهم‌ترین چالش‌های خوشه‌اند؛ به همین دلیل "
          "برنامه آبیاری تحت فشار برای 1,500 هکتار از باغ‌ها در دستور کار قرار گرفت."),
    ("p", "نشان تجاری مشترک «Rafsanjan Pistachio» در سال 1399 ثبت شد و محصولات اعضا با این نشان به "
          "بازارهای آلمان، چین و امارات عرضه می‌شوند."),
    ("p", "گزارش‌های فصلی خوشه در نشانی https://pistachio.example.ir/reports منتشر می‌شود."),
]


HANDICRAFT = [
    ("h", "گزارش خوشه صنایع دستی اصفهان"),
    ("p", "کارگاه‌های این خوشه در سال گذشته دوره‌های آموزشی طراحی و بسته‌بندی برگزار کردند و شمار "
          "اعضای فعال شبکه‌های تولید مشترک از 40 به 65 کارگاه رسید."),
    ("p", "خوشه صنایع دستی اصفهان با بیش از ۳۲۰۰ کارگاه فعال در رشته‌های میناکاری، قلمزنی و خاتم‌سازی "
          "یکی از قدیمی‌ترین خوشه‌های کشور است و سهم این خوشه از صادرات استان حدود ۱۲٫۵ درصد است و "
          "وب‌سایت آن به نشانی www.esfahan-handicraft.ir در دسترس است."),
    ("rich", [("فروش نمایشگاهی اعضا در سال ۱۴۰۰ به ", ""), ("۴۵٪", "i"),
              (" کل فروش رسید و دو فروشگاه مشترک در بازار نقش جهان گشایش یافت.", "")]),
    ("p", "مهم‌ترین چالش‌های خوشه گرانی مواد اولیه، کمبود نیروی کار جوان و ضعف بازاریابی اینترنتی است "
          "و عامل توسعه پیشنهاد کرده که صندوق اعتباری مشترکی با همکاری اتحادیه تشکیل شود."),
]

# Short paragraphs of one line each with bold and italic runs: WeasyPrint orders each inline box
# on its own (a bold «12%» is drawn as it would be alone), and no line reaches the text's far edge.
INLINE = [
    ("h", "خوشه زعفران در یک نگاه"),
    ("rich", [("این گزارش در تاریخ ", ""), ("1398/07/15", "b"), (" به سفارش شرکت ", ""),
              ("(شهرک‌های صنعتی)", "i"), (" تهیه شد.", "")]),
    ("rich", [("سازمان ", ""), ("UNIDO", "b"), (" و مرکز ", ""), ("(ITC)", "i"), (" در بازدید ", ""),
              ("آبان 1399", "b"), (" پیشنهاد کردند.", "")]),
    ("rich", [("سهم صادرات از ", ""), ("12%", "b"), (" به ", ""), ("18.5%", "i"), (" رسید و ", ""),
              ("۴۵٪", "b"), (" اعضا راضی بودند.", "")]),
    ("rich", [("نشانی ", ""), ("https://saffron.example.ir/report", "i"), (" و شماره 1402-97 ثبت شد.", "")]),
    ("rich", [("برند ", ""), ("«Qaen Saffron»", "b"), (" در ", ""), ("سال ۱۴۰۰،", "i"), (" ثبت شد؛ ", ""),
              ("(70%)", "b"), (" محصول صادراتی است.", "")]),
    ("p", "کارگاه‌های خوشه در سال گذشته دو دوره آموزشی برگزار کردند."),
    ("p", "شمار بهره‌برداران عضو به ۱۸۰۰ نفر رسید."),
]

SLIDES = [
    # ("bullets", title, items), ("two", title, right-hand items, left-hand items),
    # ("table", title, rows with cells in reading order), ("text", None, paragraphs in a text box)
    ("bullets", "خوشه گل و گیاهان زینتی محلات", ["بیش از 2,400 گلخانه و 320 واحد فعال",
                                                "سهم صادرات: 12.5% از کل فروش در سال 1398",
                                                "نشانی سامانه: https://flowers.example.ir/mahallat",
                                                "همکاری با سازمان UNIDO از مهر 1397"]),
    ("bullets", "برنامه‌های سال ۱۴۰۰", ["برگزاری ۱۲ کارگاه آموزشی بسته‌بندی برای تولیدکنندگان",
                                      "ایجاد بازارچه مشترک برای عرضه مستقیم کالا به خریداران",
                                      "ثبت نشان تجاری مشترک (Mahallat Flowers) در اداره مالکیت صنعتی"]),
    ("two", "نقاط قوت و ضعف خوشه", ["سابقه 40 ساله تولید", "نیروی کار ماهر و ارزان", "نزدیکی به بازار تهران"],
     ["کمبود سرمایه در گردش", "نبود برند مشترک", "بسته‌بندی نامناسب"]),
    ("table", "آمار خوشه‌ها", [["نام خوشه", "شهر", "اشتغال (نفر)"], ["فرش دستباف", "قم", "12000"],
                              ["گل و گیاهان زینتی", "محلات", "4500"], ["سفال و سرامیک", "لالجین", "2500"]]),
    ("text", None, [CARPET[1][1], CARPET[2][1]]),
]


# --- ground truth -----------------------------------------------------------------------------------
def block_text(kind, content) -> str:
    return "".join(t for t, _style in content) if kind == "rich" else content


def ground_truth(blocks) -> str:
    lines = []
    number = 0
    for kind, content in blocks:
        number = number + 1 if kind == "num" else 0
        if kind in ("table", "plain_table"):
            lines += ["\t".join(cell for cell in row) for row in content]
        elif kind == "num":
            lines.append(f"{number}. {content}")
        else:
            lines.append(block_text(kind, content))
    return "\n".join(lines) + "\n"


# --- LibreOffice from DOCX --------------------------------------------------------------------------
def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _paragraph(paragraph, runs, *, size=12, align="both", bold=False, rtl=True, indent_cm=0.0,
               line_spacing=None):
    """Runs [(text, "b"|"i"|"")] in a right-to-left (or left-to-right) paragraph."""
    from docx.shared import Cm

    if isinstance(runs, str):
        runs = [(runs, "")]
    ppr = paragraph._p.get_or_add_pPr()
    if rtl:
        ppr.append(_el("w:bidi"))
    ppr.append(_el("w:jc", val=align))
    if indent_cm:
        paragraph.paragraph_format.first_line_indent = Cm(indent_cm)
    if line_spacing:
        paragraph.paragraph_format.line_spacing = line_spacing
    for text, style in runs:
        run = paragraph.add_run(text)
        rpr = run._r.get_or_add_rPr()
        if bold or style == "b":
            rpr.append(_el("w:b"))
            rpr.append(_el("w:bCs"))
        if style == "i":
            rpr.append(_el("w:i"))
            rpr.append(_el("w:iCs"))
        rpr.append(_el("w:sz", val=size * 2))
        rpr.append(_el("w:szCs", val=size * 2))
        if rtl:
            rpr.append(_el("w:rtl"))
    return paragraph


def _docx_document(size: int, cs_font: str, style: dict):
    import docx
    from docx.shared import Cm

    d = docx.Document()
    rpr = d.styles["Normal"].element.get_or_add_rPr()
    rpr.append(_el("w:rFonts", ascii="DejaVu Serif", hAnsi="DejaVu Serif", cs=cs_font))
    rpr.append(_el("w:lang", val="en-US", bidi="fa-IR"))
    for section in d.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    d._size = size
    d._style = style
    return d


def _section_rtl(section, columns: int = 1, gutter_cm: float = 1.0):
    from docx.oxml.ns import qn

    sect = section._sectPr
    cols = sect.find(qn("w:cols"))
    if cols is None:
        cols = _el("w:cols")
        sect.append(cols)
    cols.set(qn("w:num"), str(columns))
    cols.set(qn("w:space"), str(int(gutter_cm * 567)))
    grid = sect.find(qn("w:docGrid"))
    bidi = _el("w:bidi")
    if grid is not None:
        grid.addprevious(bidi)
    else:
        sect.append(bidi)


def _furniture(section, header: str):
    """A running header and a footer with the page number (not body text: not in the ground truth)."""
    section.header.is_linked_to_previous = False
    _paragraph(section.header.paragraphs[0], header, size=9, align="center")
    p = _paragraph(section.footer.paragraphs[0], "صفحه ", size=9, align="center")
    field = _el("w:fldSimple", instr="PAGE")
    run = _el("w:r")
    t = _el("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    p._p.append(field)


def _add_blocks(d, blocks):
    size, style = d._size, d._style
    body = dict(size=size, align=style.get("align", "both"), indent_cm=style.get("indent_cm", 0.0),
                line_spacing=style.get("line_spacing"))
    for kind, content in blocks:
        if kind == "h":
            _paragraph(d.add_paragraph(), content, bold=True, size=size + 4, align="center")
        elif kind == "li":
            _paragraph(d.add_paragraph(), content, size=size, align="right")
        elif kind in ("p", "rich"):
            _paragraph(d.add_paragraph(), content, **body)
        elif kind == "bullet":
            _paragraph(d.add_paragraph(style="List Bullet"), content, size=size, align="right")
        elif kind == "num":
            _paragraph(d.add_paragraph(style="List Number"), content, size=size, align="right")
        elif kind == "en":
            _paragraph(d.add_paragraph(), content, size=size, align="left", rtl=False)
        elif kind in ("table", "plain_table"):
            table = d.add_table(rows=len(content), cols=len(content[0]))
            if kind == "table":
                table.style = "Table Grid"
            table._tbl.tblPr.append(_el("w:bidiVisual"))
            for r, row in enumerate(content):
                for c, cell_text in enumerate(row):
                    _paragraph(table.cell(r, c).paragraphs[0], cell_text, bold=(r == 0), size=size - 1,
                               align="center")
            d.add_paragraph()


def make_docx(path: str, blocks, *, size=12, columns=1, gutter_cm=1.0, full_width_head=0, full_width_tail=0,
              header: str | None = None, cs_font="Noto Naskh Arabic", **style):
    """DOCX of right-to-left paragraphs; with ``columns`` > 1 the first ``full_width_head`` blocks sit
    above the columns and the last ``full_width_tail`` below them (continuous section breaks)."""
    from docx.enum.section import WD_SECTION

    d = _docx_document(size, cs_font, style)
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
        _section_rtl(section, columns, gutter_cm)
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
body { font-family: %(font)s; font-size: %(size)s; line-height: %(leading)s;
       text-align: %(align)s; margin: 0; }
h1, h2 { text-align: center; font-size: 16pt; margin: 0 0 8pt 0; }
h2 { font-size: 14pt; column-span: all; margin-top: 10pt; }
p, li { margin: 0 0 8pt 0; }
p.en { text-align: left; }
ul.plain { list-style: none; padding: 0; }
.cols { column-count: 2; column-gap: %(gap)s; }
table { border-collapse: collapse; width: 100%%; margin: 8pt 0; }
table.ruled td, table.ruled th { border: 1px solid #000; }
td, th { padding: 3pt 6pt; text-align: center; }
"""
# A running footer with the page number, in the page's bottom margin box (Chromium 131+).
RUNNING = """
@page { @bottom-center { content: "%s - " counter(page); font-family: "Noto Naskh Arabic"; font-size: 9pt; } }
"""
CHROMIUM_STYLE = dict(font='"Noto Naskh Arabic", "DejaVu Sans", serif', size="12pt", leading="1.8",
                      align="justify", gap="1cm")


def _rich_html(content) -> str:
    out = []
    for text, style in content:
        text = html.escape(text)
        out.append(f"<{style}>{text}</{style}>" if style else text)
    return "".join(out)


def html_page(blocks, *, two_columns=False, running: str | None = None, **style) -> str:
    out = []
    in_cols = False
    open_list = None
    for i, (kind, content) in enumerate(blocks):
        if two_columns and i == 1 and not in_cols:
            out.append('<div class="cols">')
            in_cols = True
        want_list = {"bullet": "ul", "num": "ol", "li": "ul class=\"plain\""}.get(kind)
        if open_list and want_list != open_list:
            out.append(f"</{open_list.split()[0]}>")
            open_list = None
        if want_list and not open_list:
            out.append(f"<{want_list}>")
            open_list = want_list
        if kind == "h":
            tag = "h1" if i == 0 else "h2"
            out.append(f"<{tag}>{html.escape(content)}</{tag}>")
        elif kind == "p":
            out.append(f"<p>{html.escape(content)}</p>")
        elif kind == "rich":
            out.append(f"<p>{_rich_html(content)}</p>")
        elif kind == "en":
            out.append(f'<p class="en" dir="ltr">{html.escape(content)}</p>')
        elif kind in ("li", "bullet", "num"):
            out.append(f"<li>{html.escape(content)}</li>")
        elif kind in ("table", "plain_table"):
            rows = []
            for r, row in enumerate(content):
                tag = "th" if r == 0 else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
            cls = "ruled" if kind == "table" else "plain"
            out.append(f'<table class="{cls}">' + "".join(rows) + "</table>")
    if open_list:
        out.append(f"</{open_list.split()[0]}>")
    if in_cols:
        out.append("</div>")
    css = CSS % {**CHROMIUM_STYLE, **style} + (RUNNING % running.replace('"', "") if running else "")
    return ('<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>'
            + html.escape(block_text(*blocks[0])) + '</title><style>' + css
            + "</style></head><body>" + "\n".join(out) + "</body></html>")


def make_chromium(name, blocks, tmp, default_header_footer=False, **kw):
    """``default_header_footer``: Chromium's own header (date, title) and footer (address, page
    number), as a plain --print-to-pdf run prints them."""
    page = os.path.join(tmp, name + ".html")
    with open(page, "w", encoding="utf-8") as fh:
        fh.write(html_page(blocks, **kw))
    out = os.path.join(tmp, name + ".pdf")
    profile = tempfile.mkdtemp(prefix="chromium_profile_", dir=tmp)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}"] + ([] if default_header_footer else ["--no-pdf-header-footer"])
                   + [f"--print-to-pdf={out}", "file://" + page], check=True, capture_output=True, timeout=180)
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
    rtl = dict(use_shaping_engine=True, direction="rtl", script="arab", language="fas")
    pdf.set_text_shaping(**rtl)
    pdf.add_page()
    number = 0
    for kind, content in blocks:
        number = number + 1 if kind == "num" else 0
        if kind == "h":
            pdf.set_font("naskh", "B", 15)
            pdf.multi_cell(0, 10, content, align="C", new_x="LMARGIN", new_y="NEXT")
        elif kind == "en":
            pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
            pdf.set_font("dejavu", "", 11)
            pdf.multi_cell(0, 7, content, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_shaping(**rtl)
        elif kind in ("table", "plain_table"):
            pdf.set_font("naskh", "", 11)
            with pdf.table(text_align="CENTER", line_height=8,
                           borders_layout="ALL" if kind == "table" else "NONE") as table:
                for row in content:
                    cells = table.row()
                    for cell in reversed(row):  # the first (rightmost) cell is drawn last
                        cells.cell(cell)
        else:
            text = block_text(kind, content)
            if kind == "num":
                text = f"{number}. {text}"
            elif kind == "bullet":
                text = "\u2022 " + text
            pdf.set_font("naskh", "", 12)
            pdf.multi_cell(0, 8, text, align="R" if kind in ("li", "num", "bullet") else "J",
                           new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    out = os.path.join(tmp, name + ".pdf")
    pdf.output(out)
    return out


# --- reportlab with arabic-reshaper and python-bidi -------------------------------------------------
def make_reportlab(name, blocks, tmp):
    import arabic_reshaper
    from bidi import get_display
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", DEJAVU))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", DEJAVU_BOLD))
    out = os.path.join(tmp, name + ".pdf")
    c = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    left, right, top, bottom = 56, width - 56, height - 60, 70

    def visual(text, base="R"):
        return get_display(arabic_reshaper.reshape(text), base_dir=base)

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

    state = {"page": 1, "y": top}

    def footer():
        c.setFont("DejaVu", 8)
        c.drawCentredString(width / 2, 40, f"- {state['page']} -")

    def need(space):
        if state["y"] - space < bottom:
            footer()
            c.showPage()
            state["page"] += 1
            state["y"] = top

    number = 0
    for kind, content in blocks:
        number = number + 1 if kind == "num" else 0
        if kind in ("table", "plain_table"):
            data = [[visual(cell) for cell in reversed(row)] for row in content]
            table = Table(data)
            style = [("FONT", (0, 0), (-1, -1), "DejaVu", 10), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
            if kind == "table":
                style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            table.setStyle(TableStyle(style))
            tw, th = table.wrapOn(c, right - left, height)
            need(th + 10)
            table.drawOn(c, right - tw, state["y"] - th + 10)
            state["y"] -= th + 14
            continue
        text = block_text(kind, content)
        if kind == "num":
            text = f"{number}. {text}"
        elif kind == "bullet":
            text = "\u2022 " + text
        font, size, lead = ("DejaVu-Bold", 14, 24) if kind == "h" else ("DejaVu", 11, 19)
        base = "L" if kind == "en" else "R"
        for line in wrap(text, font, size):
            need(0)
            c.setFont(font, size)
            if kind == "h":
                c.drawCentredString(width / 2, state["y"], visual(line))
            elif base == "L":
                c.drawString(left, state["y"], visual(line, "L"))
            else:
                c.drawRightString(right, state["y"], visual(line))
            state["y"] -= lead
        state["y"] -= 8
    footer()
    c.save()
    return out


def make_reportlab_platypus(name, blocks, tmp):
    """The common recipe: each paragraph reshaped and put in visual order whole, then set by platypus.

    Platypus breaks the visual string into lines from its left end, which is the paragraph's logical
    end: a paragraph of several lines comes out with its lines in reverse order, each line right.
    """
    import arabic_reshaper
    from bidi import get_display
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(TTFont("DejaVu", DEJAVU))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", DEJAVU_BOLD))
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=11, leading=18, alignment=TA_RIGHT)
    head = ParagraphStyle("head", fontName="DejaVu-Bold", fontSize=14, leading=22, alignment=TA_CENTER)
    story = []
    for kind, content in blocks:
        text = get_display(arabic_reshaper.reshape(block_text(kind, content)), base_dir="R")
        story.append(Paragraph(html.escape(text), head if kind == "h" else body))
        story.append(Spacer(1, 6))
    out = os.path.join(tmp, name + ".pdf")
    SimpleDocTemplate(out, pagesize=A4, rightMargin=56, leftMargin=56, topMargin=56,
                      bottomMargin=56).build(story)
    return out


# --- WeasyPrint (pango and HarfBuzz; its own PDF writer) ---------------------------------------------
# Running header and footer in the page's margin boxes.
WEASYPRINT_MARGINS = """
@page { @top-center { content: "%s"; font-family: "Noto Naskh Arabic"; font-size: 9pt; }
        @bottom-center { content: "صفحه " counter(page) " از " counter(pages);
                         font-family: "Noto Naskh Arabic"; font-size: 9pt; } }
"""


def weasyprint_command() -> str:
    """WeasyPrint is not a dependency of Khooshe: install it apart (python3 -m venv /tmp/wp &&
    /tmp/wp/bin/pip install weasyprint) and put it on PATH or in $WEASYPRINT."""
    found = os.environ.get("WEASYPRINT") or shutil.which("weasyprint")
    if not found and os.path.exists("/tmp/wp/bin/weasyprint"):
        found = "/tmp/wp/bin/weasyprint"
    if not found:
        raise SystemExit("weasyprint not found: set WEASYPRINT=/path/to/weasyprint")
    return found


def make_weasyprint(name, blocks, tmp, running: str | None = None, **kw):
    """The same right-to-left HTML as for Chromium (WeasyPrint drops the ZWNJ: no character, no glyph)."""
    page = os.path.join(tmp, name + ".html")
    html_text = html_page(blocks, **kw)
    if running:
        html_text = html_text.replace("</style>", WEASYPRINT_MARGINS % running + "</style>")
    with open(page, "w", encoding="utf-8") as fh:
        fh.write(html_text)
    out = os.path.join(tmp, name + ".pdf")
    subprocess.run([weasyprint_command(), page, out], check=True, capture_output=True, timeout=300)
    return out


# --- wkhtmltopdf (Qt WebKit) ------------------------------------------------------------------------
def make_wkhtmltopdf(name, blocks, tmp, **kw):
    """The same HTML through wkhtmltopdf (Debian wkhtmltopdf 0.12.6): spaces mapped to TAB, a ZWNJ
    drawn as a space over the letter before it, «لا» as an unmapped ligature glyph plus an unmapped
    zero-width one, mirrored guillemets, and justified right-to-left lines that run off the page's
    right edge (still in the text layer)."""
    page = os.path.join(tmp, name + ".html")
    with open(page, "w", encoding="utf-8") as fh:
        fh.write(html_page(blocks, **kw))
    out = os.path.join(tmp, name + ".pdf")
    subprocess.run(["wkhtmltopdf", "--quiet", "--encoding", "utf-8", page, out], check=True,
                   capture_output=True, timeout=180, env={**os.environ, "XDG_RUNTIME_DIR": tmp})
    return out


# --- LibreOffice Impress from PPTX ------------------------------------------------------------------
def slides_ground_truth(slides) -> str:
    lines = []
    for kind, title, *rest in slides:
        if title:
            lines.append(title)
        if kind == "table":
            lines += ["\t".join(row) for row in rest[0]]
        else:
            for items in rest:
                lines += items
    return "\n".join(lines) + "\n"


def _pptx_rtl(paragraph, text, size, align="r"):
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("rtl", "1")
    ppr.set("algn", align)
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:latin", "a:cs"):
        rpr.append(rpr.makeelement(qn(tag), {"typeface": "Noto Naskh Arabic"}))


def make_impress(name, slides, tmp):
    """Slides with right-to-left titles, bullets in one or two boxes, a text box of paragraphs and a
    table (python-pptx), exported by LibreOffice Impress. Impress draws a PPTX table left to right
    whatever its rtl flag, so the table's cells are put in from the right, as an author does when the
    tool will not turn the table."""
    from pptx import Presentation
    from pptx.util import Cm

    prs = Presentation()
    layouts = {"bullets": 1, "two": 3, "table": 5, "text": 6}
    for kind, title, *rest in slides:
        s = prs.slides.add_slide(prs.slide_layouts[layouts[kind]])
        if title:
            s.shapes.title.text_frame.clear()
            _pptx_rtl(s.shapes.title.text_frame.paragraphs[0], title, 36, align="ctr")
        if kind in ("bullets", "two"):
            # in the two-content layout placeholder 1 is the left box: the first list goes right
            boxes = [s.placeholders[1]] if kind == "bullets" else [s.placeholders[2], s.placeholders[1]]
            for box, items in zip(boxes, rest):
                frame = box.text_frame
                for k, item in enumerate(items):
                    _pptx_rtl(frame.paragraphs[0] if k == 0 else frame.add_paragraph(), item, 24)
        elif kind == "text":
            frame = s.shapes.add_textbox(Cm(2), Cm(3), Cm(21), Cm(12)).text_frame
            frame.word_wrap = True
            for k, para in enumerate(rest[0]):
                _pptx_rtl(frame.paragraphs[0] if k == 0 else frame.add_paragraph(), para, 20)
        else:
            rows = rest[0]
            table = s.shapes.add_table(len(rows), len(rows[0]), Cm(2), Cm(5), Cm(21), Cm(2 * len(rows))).table
            for r, row in enumerate(rows):
                for c, text in enumerate(reversed(row)):
                    cell = table.cell(r, c)
                    cell.text_frame.clear()
                    _pptx_rtl(cell.text_frame.paragraphs[0], text, 20, align="ctr")
    pptx_path = os.path.join(tmp, name + ".pptx")
    prs.save(pptx_path)
    return libreoffice_pdf(pptx_path, tmp)


# --- pango-view (pango, HarfBuzz, cairo) -------------------------------------------------------------
def make_pango(name, blocks, tmp):
    """Plain paragraphs set by pango-view (Debian pango1.0-tools), right to left, justified. Cairo
    writes a ZWNJ as an ActualText span with no glyph."""
    src = os.path.join(tmp, name + ".txt")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write("\n".join(block_text(kind, content) for kind, content in blocks) + "\n")
    out = os.path.join(tmp, name + ".pdf")
    subprocess.run(["pango-view", "--no-display", f"--output={out}", "--font=Noto Naskh Arabic 12",
                    "--width=460", "--wrap=word", "--rtl", "--align=right", "--justify", "--margin=50",
                    src], check=True, capture_output=True, timeout=120)
    return out


# --- XeLaTeX with xepersian -------------------------------------------------------------------------
_TEX_SPECIALS = {"\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "{": r"\{",
                 "}": r"\}", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    return "".join(_TEX_SPECIALS.get(c, c) for c in text)


def make_xelatex(name, blocks, tmp):
    """XeLaTeX with the xepersian package (Debian texlive-xetex, texlive-lang-arabic), the usual way
    Persian theses and many reports are typeset: Amiri for Persian and Latin, justified paragraphs
    with kashida, Persian digits, headings unnumbered. It draws a space glyph over a digit beside
    punctuation («18.5%»), which is no character at all."""
    body = []
    for kind, content in blocks:
        text = _tex(block_text(kind, content))
        body.append(r"\section*{" + text + "}" if kind == "h" else r"\noindent " + text + "\n")
    tex = ("\\documentclass[12pt]{article}\n\\usepackage[a4paper,margin=2.5cm]{geometry}\n"
           "\\usepackage{xepersian}\n\\settextfont{Amiri}\n\\setlatintextfont{Amiri}\n"
           "\\begin{document}\n" + "\n\n".join(body) + "\n\\end{document}\n")
    src = os.path.join(tmp, name + ".tex")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(tex)
    subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", name + ".tex"], cwd=tmp,
                   check=True, capture_output=True, timeout=300)
    return os.path.join(tmp, name + ".pdf")


def persian_digits(text: str) -> str:
    """The digits xepersian prints: Persian ones in Persian text (words without Latin letters)."""
    import re

    return re.sub(r"\S+", lambda m: m.group() if re.search("[A-Za-z]", m.group())
                  else m.group().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")), text)


# --- rewritten PDFs: Ghostscript, qpdf, pypdf ------------------------------------------------------
def make_ps2pdf(name, blocks, tmp, **kw):
    """LibreOffice's PDF through PostScript and back (poppler's pdftops, Ghostscript's ps2pdf): the
    fonts lose their Unicode maps, the text layer is glyph numbers (read by OCR)."""
    pdf = make_lo(name + "_source", blocks, tmp, **kw)
    ps = os.path.join(tmp, name + ".ps")
    subprocess.run(["pdftops", pdf, ps], check=True, capture_output=True, timeout=120)
    out = os.path.join(tmp, name + ".pdf")
    subprocess.run(["ps2pdf", ps, out], check=True, capture_output=True, timeout=120)
    return out


def make_outlined(name, blocks, tmp, **kw):
    """LibreOffice's PDF with every glyph turned into a vector outline (Ghostscript -dNoOutputFonts):
    no text layer at all, only paths (read by OCR)."""
    pdf = make_lo(name + "_source", blocks, tmp, **kw)
    out = os.path.join(tmp, name + ".pdf")
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-dNoOutputFonts",
                    f"-sOutputFile={out}", pdf], check=True, capture_output=True, timeout=120)
    return out


def make_qpdf(name, blocks, tmp, source=None, **kw):
    """A PDF rewritten by qpdf with object streams and a compressed cross-reference stream."""
    pdf = (source or make_lo)(name + "_source", blocks, tmp, **kw)
    out = os.path.join(tmp, name + ".pdf")
    subprocess.run(["qpdf", "--object-streams=generate", "--compress-streams=y", "--recompress-flate",
                    pdf, out], check=True, capture_output=True, timeout=120)
    return out


def make_pypdf(name, blocks, tmp, source=None, strip_tounicode=False, **kw):
    """A PDF rewritten by pypdf (content streams recompressed, identical objects merged); with
    ``strip_tounicode`` its fonts lose their ToUnicode maps (glyph codes only: read by OCR)."""
    import pypdf

    pdf = (source or make_chromium)(name + "_source", blocks, tmp, **kw)
    writer = pypdf.PdfWriter(clone_from=pdf)
    for page in writer.pages:
        page.compress_content_streams()
        if strip_tounicode:
            fonts = page["/Resources"].get_object().get("/Font", {})
            for ref in fonts.values():
                font = ref.get_object()
                font.pop("/ToUnicode", None)
                for desc in font.get("/DescendantFonts", []):
                    desc.get_object().pop("/ToUnicode", None)
    writer.compress_identical_objects()
    out = os.path.join(tmp, name + ".pdf")
    writer.write(out)
    return out


# --- fpdf2 without a shaping engine -----------------------------------------------------------------
def make_fpdf2_unshaped(name, blocks, tmp):
    """fpdf2 without text shaping writes each string in reading order, left to right, one glyph per
    letter (no contextual forms): a text layer in reading order but not in visual order."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("naskh", fname=NASKH)
    pdf.add_font("dejavu", fname=DEJAVU)
    pdf.set_fallback_fonts(["dejavu"])
    for kind, content in blocks:
        pdf.set_font("naskh", size=15 if kind == "h" else 12)
        pdf.multi_cell(0, 8, block_text(kind, content), align="C" if kind == "h" else "R",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    out = os.path.join(tmp, name + ".pdf")
    pdf.output(out)
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
    # name: (producer, blocks, options)
    "lo_report": (make_lo, POTTERY + seed_paragraphs("001", 0, 11),
                  dict(header="دفتر خوشه‌های کسب‌وکار - گزارش داخلی")),
    "lo_two_columns": (make_lo, TWO_COLUMN_CARPET,
                       dict(columns=2, full_width_head=1, full_width_tail=1, header="گزارش خوشه فرش")),
    "lo_table": (make_lo, FLOWERS_TABLE, dict(header="آمار خوشه‌ها")),
    "lo_styles": (make_lo, KNIVES, dict(cs_font="Noto Sans Arabic", align="right", indent_cm=0.8,
                                        line_spacing=1.5, header="خوشه چاقوسازی زنجان")),
    "lo_three_columns": (make_lo, SHOES[:1] + SHOES[1:3] + SHOES[4:] + seed_paragraphs("001", 11, 13),
                         dict(columns=3, gutter_cm=0.6, size=10, full_width_head=1)),
    "chromium_report": (make_chromium, SAFFRON + CHROMIUM_TABLE + seed_paragraphs("003", 2, 8),
                        dict(running="خوشه زعفران قائنات - گزارش سالانه")),
    "chromium_two_columns": (make_chromium, POTTERY[:6] + [("h", "برنامه‌های پیش رو")]
                             + seed_paragraphs("004", 3, 6), dict(two_columns=True, default_header_footer=True)),
    "chromium_styles": (make_chromium, SHOES, dict(font='"Noto Sans Arabic", "DejaVu Sans", sans-serif',
                                                   align="right", leading="1.5", size="11pt")),
    "chromium_narrow_gap": (make_chromium, KNIVES, dict(two_columns=True, gap="normal", size="11pt",
                                                        font='"DejaVu Sans", sans-serif',
                                                        running="چاقوسازی زنجان")),
    "fpdf2_shaped": (make_fpdf2, CARPET + seed_paragraphs("001", 14, 30), {}),
    "fpdf2_table": (make_fpdf2, PISTACHIO + KNIVES[7:11], {}),
    "reportlab_bidi": (make_reportlab, SAFFRON + seed_paragraphs("003", 2, 5), {}),
    "reportlab_table": (make_reportlab, PISTACHIO + KNIVES[4:11], {}),
    "reportlab_platypus": (make_reportlab_platypus, CARPET + seed_paragraphs("003", 2, 5), {}),
    "scan_page": (make_scan, SCAN, {}),
    # other producers
    "weasyprint_report": (make_weasyprint, SAFFRON + CHROMIUM_TABLE + seed_paragraphs("003", 2, 8),
                          dict(running="خوشه زعفران قائنات - گزارش سالانه")),
    "weasyprint_two_columns": (make_weasyprint, HANDICRAFT + seed_paragraphs("001", 2, 5),
                               dict(two_columns=True, gap="normal", size="11pt", leading="1.4")),
    "weasyprint_inline": (make_weasyprint, INLINE, {}),
    "weasyprint_tables": (make_weasyprint, FLOWERS_TABLE + SHOES[3:4] + PISTACHIO[2:4],
                          dict(running="آمار خوشه‌ها")),
    "wkhtmltopdf_report": (make_wkhtmltopdf, SAFFRON + CHROMIUM_TABLE + seed_paragraphs("003", 2, 5), {}),
    "wkhtmltopdf_two_columns": (make_wkhtmltopdf, POTTERY[:6] + [("h", "برنامه‌های پیش رو")]
                                + seed_paragraphs("004", 3, 6), dict(two_columns=True)),
    "impress_slides": (make_impress, SLIDES, {}),
    "pango_report": (make_pango, CARPET + seed_paragraphs("004", 2, 3), {}),
    "qpdf_two_columns": (make_qpdf, TWO_COLUMN_CARPET,
                         dict(columns=2, full_width_head=1, full_width_tail=1, header="گزارش خوشه فرش")),
    "pypdf_chromium": (make_pypdf, KNIVES, dict(two_columns=True, size="11pt")),
    "fpdf2_unshaped": (make_fpdf2_unshaped, SAFFRON, {}),
    "xelatex_report": (make_xelatex, POTTERY + seed_paragraphs("004", 3, 6), {}),
    # text layers that are no text: read by OCR (not in the word-pair tables of the text readers)
    "ocr_ps2pdf": (make_ps2pdf, POTTERY[:6], dict(size=13)),
    "ocr_outlined": (make_outlined, SCAN, dict(size=14)),
    "ocr_no_tounicode": (make_pypdf, FLOWERS_TABLE[:2] + CARPET[1:3], dict(source=make_lo, strip_tounicode=True)),
}


def main(names):
    names = names or list(FIXTURES)
    with tempfile.TemporaryDirectory(prefix="khooshe_pdf_") as tmp:
        for name in names:
            maker, blocks, kw = FIXTURES[name]
            made = maker(name, blocks, tmp, **kw)
            shutil.copyfile(made, os.path.join(HERE, name + ".pdf"))
            with open(os.path.join(HERE, name + ".gt.txt"), "w", encoding="utf-8") as fh:
                truth = slides_ground_truth(blocks) if maker is make_impress else ground_truth(blocks)
                fh.write(persian_digits(truth) if maker is make_xelatex else truth)
            print(f"{name}.pdf: {os.path.getsize(made):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
