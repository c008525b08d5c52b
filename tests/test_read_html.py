"""The HTML reader: the article's text, without menus, sidebars, footers or comment forms."""
import os

import pytest

from conftest import CORPUS, FIXTURES
from pipeline.errors import EmptyDocument
from pipeline.read import read

PAGE = os.path.join(CORPUS, "fixtures", "mahallat_flowers.html")


@pytest.fixture(scope="module")
def page_text():
    return read(PAGE).raw_text


def test_article_paragraphs_are_read_in_order(page_text):
    lines = page_text.split("\n")
    assert lines[0] == "خوشه گل و گیاهان زینتی محلات"
    first = next(i for i, l in enumerate(lines) if l.startswith("پیدایش ایده خوشه"))
    last = next(i for i, l in enumerate(lines) if l.startswith("برگزاری انواع دورههای آموزشی"))
    assert first < last


@pytest.mark.parametrize("boilerplate", [
    "صفحه اصلی", "تماس با ما",          # navigation
    "پربازدیدترین اخبار",               # sidebar
    "ارسال نظر", "آدرس ایمیل شما منتشر نخواهد شد",  # comment form
    "کلیه حقوق این سایت محفوظ است",     # footer
    "analytics",                         # script
])
def test_boilerplate_is_left_out(page_text, boilerplate):
    assert boilerplate not in page_text


def test_title_comes_from_the_page():
    assert read(PAGE).title.startswith("خوشه گل و گیاهان زینتی محلات")


def test_page_without_body_text_is_an_empty_document():
    with pytest.raises(EmptyDocument, match="no body text"):
        read(os.path.join(FIXTURES, "bad", "no_body.html"))


def test_table_rows_become_tab_separated_lines(tmp_path):
    path = tmp_path / "table.html"
    path.write_text(
        '<html lang="fa" dir="rtl"><body><article><h1>آمار خوشه صنایع چوب</h1>'
        "<p>جدول زیر آمار واحدهای عضو خوشه را در پایان سال نشان می‌دهد و از گزارش دفتر توسعه خوشه گرفته شده است.</p>"
        "<table><tr><th>شرح</th><th>تعداد</th></tr><tr><td>واحد تولیدی</td><td>۱۲۰</td></tr>"
        "<tr><td>شاغلان</td><td>۹۵۰ نفر</td></tr></table>"
        "<p>این آمار هر سال به‌روز می‌شود و در پایگاه اطلاع‌رسانی خوشه منتشر می‌شود تا همه ذینفعان ببینند.</p>"
        "</article></body></html>", encoding="utf-8")
    lines = read(str(path)).raw_text.split("\n")
    assert "شرح\tتعداد" in lines
    assert "واحد تولیدی\t۱۲۰" in lines
    assert "شاغلان\t۹۵۰ نفر" in lines


def test_script_text_and_markup_never_reach_the_text(tmp_path):
    path = tmp_path / "x.html"
    path.write_text("<html><body><p>خوشه &lt;b&gt;صنایع&lt;/b&gt; دستی در شهرستان فعال است و سی واحد دارد.</p>"
                    "<script>alert('x')</script></body></html>", encoding="utf-8")
    text = read(str(path)).raw_text
    assert "alert" not in text
    assert "<b>صنایع</b>" in text  # escaped markup in the page is text, kept as written
