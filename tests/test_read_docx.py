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


# --- what Word files hold besides plain paragraphs ------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def _xml(fragment: str):
    from docx.oxml import parse_xml

    return parse_xml(f"<w:root {NS}>{fragment}</w:root>")[0]


def word_like(tmp_path):
    """A DOCX made with python-docx, then given the XML Word writes: a content control, tracked
    changes, a tab inside a paragraph, a text box (DrawingML with its VML fallback), a nested table."""
    import docx

    d = docx.Document()
    body = d.element.body
    body.append(_xml('<w:sdt><w:sdtContent><w:p><w:r><w:t>گزارش عملکرد خوشه سفالگری</w:t></w:r></w:p>'
                     '</w:sdtContent></w:sdt>'))
    body.append(_xml('<w:p><w:r><w:t xml:space="preserve">تعداد واحدها </w:t></w:r>'
                     '<w:del w:id="1" w:author="x"><w:r><w:delText>۳۰۰</w:delText></w:r></w:del>'
                     '<w:ins w:id="2" w:author="x"><w:r><w:t>۴۲۰</w:t></w:r></w:ins>'
                     '<w:r><w:t xml:space="preserve"> واحد است.</w:t></w:r></w:p>'))
    body.append(_xml('<w:p><w:r><w:t>نشانی</w:t><w:tab/><w:t>همدان، لالجین</w:t></w:r></w:p>'))
    box = ('<w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent>')
    body.append(_xml(
        '<w:p><w:r><w:t>متن پیش از کادر</w:t></w:r><w:r><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx>' + box.format("کادر: خوشه سفال لالجین") +
        '</wps:txbx></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:textbox>' + box.format("کادر: خوشه سفال لالجین") +
        '</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>'))
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "شرح"
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "اشتغال"
    inner.cell(0, 1).text = "۲۵۰۰ نفر"
    path = tmp_path / "word_like.docx"
    d.save(path)
    return read(str(path)).raw_text.split("\n")


def test_word_content_controls_tracked_changes_tabs_text_boxes_and_nested_tables(tmp_path):
    lines = word_like(tmp_path)
    assert "گزارش عملکرد خوشه سفالگری" in lines                       # inside a content control
    assert "تعداد واحدها ۴۲۰ واحد است." in lines                       # inserted read, deleted not
    assert "نشانی همدان، لالجین" in lines                               # a tab is no cell boundary
    assert lines.count("کادر: خوشه سفال لالجین") == 1                    # a text box, once
    assert lines.index("کادر: خوشه سفال لالجین") == lines.index("متن پیش از کادر") + 1
    assert any(ln.startswith("شرح\t") and "اشتغال" in ln and "۲۵۰۰ نفر" in ln for ln in lines)
    assert not any("۳۰۰" in ln for ln in lines)
