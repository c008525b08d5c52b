"""The DOCX reader: paragraphs and tables in document order; hostile packages refused."""
import os

import pytest

from conftest import CORPUS, FIXTURES
from pipeline.errors import CorruptFile, TooLarge
from pipeline.read import read

DOCX = os.path.join(CORPUS, "fixtures", "zanjan_carpet.docx")
BAD = os.path.join(FIXTURES, "bad")


@pytest.fixture(scope="module")
def lines():
    return read(DOCX).raw_text.split("\n")


def test_title_and_first_paragraph(lines):
    assert read(DOCX).title == "مفهوم خوشه صنعتی"
    assert lines[0] == "مفهوم خوشه صنعتی"
    assert lines[1].startswith("خوشه صنعتی به مجموعه ای از واحدهای کسب و کار")


def test_table_follows_its_heading_with_cells_in_reading_order(lines):
    heading = lines.index("ساختار و مشخصات واحدهای فرش دستبافت استان زنجان")
    assert lines[heading + 1] == "شرح\tتعداد"
    assert lines[heading + 2] == "بافندگان استان\tحدود 66 هزار نفر"
    assert "دار قالی\t23000 عدد" in lines
    # the paragraphs after the table come after it
    after = next(i for i, l in enumerate(lines) if l.startswith("یک فقره جواز تاسیس"))
    assert after > heading + 2


def test_merged_cells_appear_once(tmp_path):
    import docx

    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "سال ۱۴۰۱"
    table.cell(0, 2).text = "تعداد"
    table.cell(1, 0).text = "واحد"
    table.cell(1, 1).text = "فعال"
    table.cell(1, 2).text = "۳۰"
    path = tmp_path / "merged.docx"
    d.save(path)
    assert read(str(path)).raw_text.split("\n") == ["سال ۱۴۰۱\tتعداد", "واحد\tفعال\t۳۰"]


def test_page_break_starts_a_new_page(tmp_path):
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_paragraph("صفحه نخست گزارش")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("صفحه دوم گزارش")
    path = tmp_path / "pages.docx"
    d.save(path)
    doc = read(str(path))
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.pages[1].text == "صفحه دوم گزارش"


@pytest.mark.parametrize("name, error, message", [
    ("not_a_zip.docx", CorruptFile, "not a zip package"),
    ("zip_bomb.docx", TooLarge, "unpacks to"),
    ("entities.docx", CorruptFile, "declares a DTD or XML entities"),
])
def test_hostile_or_broken_packages_are_refused(name, error, message):
    with pytest.raises(error, match=message):
        read(os.path.join(BAD, name))
