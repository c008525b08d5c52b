"""The PPTX reader: slides as pages, shapes in reading order, tables and charts as TAB rows,
hostile packages refused. Decks are made here with python-pptx (and one by LibreOffice Impress, in
corpus/tables)."""
import io
import os
import zipfile

import pytest

from conftest import CORPUS
from pipeline.errors import CorruptFile, TooLarge
from pipeline.read import read

TABLES = os.path.join(CORPUS, "tables")


def deck():
    from pptx import Presentation
    from pptx.util import Inches

    d = Presentation()
    d.slide_width, d.slide_height = Inches(13.333), Inches(7.5)
    return d


def save(d, tmp_path, name="deck.pptx") -> str:
    path = str(tmp_path / name)
    d.save(path)
    return path


def box(slide, text, left, top, width=2.0, height=0.8):
    from pptx.util import Inches

    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    shape.text_frame.text = text
    return shape


def lines_of(path, page=0):
    return read(path).pages[page].text.split("\n")


# --- the fixtures --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["seed002_tables.pptx", "seed002_tables.lo.pptx"])
def test_fixture_slides_title_then_table_rows(name):
    doc = read(os.path.join(TABLES, name))
    assert len(doc.pages) == 2 and doc.format == "pptx"
    first = doc.pages[0].text.split("\n")
    assert first[0] == "وضعيت برنامه توسعه خوشههاي كسب و كار"
    assert first[1] == "رديف\tعنوان\tوضعيت سال 1401 (تعداد)"
    assert first[2] == "1\tخوشههاي شناسايي شده\t505"
    second = doc.pages[1].text.split("\n")
    assert second[0].startswith("دستاوردهاي كلان")
    assert second[2] == "تعداد بنگاهها در خوشههاي تحت حمايت\t108286\t126484\t17%"


# --- reading order -------------------------------------------------------------------------------
def test_persian_slide_reads_title_first_then_bands_right_to_left(tmp_path):
    d = deck()
    s = d.slides.add_slide(d.slide_layouts[5])
    box(s, "پایین", 5, 6)
    box(s, "چپ", 1, 2.05)
    box(s, "راست", 10, 2)
    box(s, "میانه", 5.5, 2.1)   # tops within a quarter inch: one band
    s.shapes.title.text = "عنوان اسلاید"
    s.shapes.title.top = s.shapes.title.top + 5_000_000  # even drawn lower, the title comes first
    assert lines_of(save(d, tmp_path)) == ["عنوان اسلاید", "راست", "میانه", "چپ", "پایین"]


def test_latin_slide_reads_left_to_right(tmp_path):
    d = deck()
    s = d.slides.add_slide(d.slide_layouts[6])  # blank
    box(s, "right", 10, 2)
    box(s, "left", 1, 2)
    box(s, "below", 5, 5)
    assert lines_of(save(d, tmp_path)) == ["left", "right", "below"]


def test_rtl_marked_paragraphs_make_a_slide_rtl(tmp_path):
    d = deck()
    s = d.slides.add_slide(d.slide_layouts[6])
    for text, left in (("BDSP", 1), ("UNIDO", 10)):
        shape = box(s, text, left, 2)
        shape.text_frame.paragraphs[0]._p.get_or_add_pPr().set("rtl", "1")
    assert lines_of(save(d, tmp_path)) == ["UNIDO", "BDSP"]


def test_groups_are_read_in_place_and_in_order(tmp_path):
    from pptx.util import Inches

    d = deck()
    s = d.slides.add_slide(d.slide_layouts[6])
    box(s, "بالا", 5, 0.5)
    group = s.shapes.add_group_shape()
    for text, left in (("گروه چپ", 1), ("گروه راست", 8)):
        g = group.shapes.add_textbox(Inches(left), Inches(3), Inches(2), Inches(0.8))
        g.text_frame.text = text
    box(s, "پایین", 5, 6.5)
    assert lines_of(save(d, tmp_path)) == ["بالا", "گروه راست", "گروه چپ", "پایین"]


def test_paragraphs_and_soft_breaks(tmp_path):
    d = deck()
    s = d.slides.add_slide(d.slide_layouts[6])
    shape = box(s, "بند نخست", 1, 1, width=8, height=3)
    shape.text_frame.paragraphs[0].add_line_break()
    shape.text_frame.paragraphs[0].runs[0].text = "بند نخست"
    shape.text_frame.paragraphs[0]._p.append(shape.text_frame.paragraphs[0].runs[0]._r.__copy__())
    p = shape.text_frame.add_paragraph()
    p.text = "بند\tدوم"
    lines = lines_of(save(d, tmp_path))
    assert len(lines) == 2 and "\t" not in "\n".join(lines)
    assert lines[1] == "بند دوم"


def test_footer_date_and_slide_number_are_left_out(tmp_path):
    d = deck()
    s = d.slides.add_slide(d.slide_layouts[5])
    s.shapes.title.text = "عنوان"
    for ph in s.slide_layout.placeholders:
        if int(ph.placeholder_format.type) in (13, 15, 16):
            s.shapes.clone_placeholder(ph)
    for shape in s.placeholders:
        if int(shape.placeholder_format.type) in (13, 15, 16):
            shape.text_frame.text = "12" if int(shape.placeholder_format.type) == 13 else "پانویس تکراری"
    path = save(d, tmp_path)
    from pptx import Presentation

    kinds = {int(p.placeholder_format.type) for p in Presentation(path).slides[0].placeholders}
    assert {13, 15, 16} <= kinds  # the furniture is really on the slide
    assert lines_of(path) == ["عنوان"]


def test_notes_are_kept_apart(tmp_path):
    d = deck()
    s = d.slides.add_slide(d.slide_layouts[5])
    s.shapes.title.text = "عنوان"
    s.notes_slide.notes_text_frame.text = "یادداشت سخنران"
    doc = read(save(d, tmp_path))
    assert doc.pages[0].text == "عنوان"
    assert doc.meta == {"notes": {1: "یادداشت سخنران"}}


# --- tables and charts -----------------------------------------------------------------------------
def table_slide(d, rows, rtl_flag: bool | None):
    from pptx.util import Inches

    s = d.slides.add_slide(d.slide_layouts[6])
    frame = s.shapes.add_table(len(rows), len(rows[0]), Inches(1), Inches(1), Inches(10), Inches(3))
    if rtl_flag:
        frame.table._tbl.tblPr.set("rtl", "1")
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            frame.table.cell(r, c).text = text
    return frame.table


def test_rtl_table_cells_in_xml_order(tmp_path):
    d = deck()
    table_slide(d, [["شرح", "تعداد"], ["دار قالی", "3100"]], rtl_flag=True)
    assert lines_of(save(d, tmp_path)) == ["شرح\tتعداد", "دار قالی\t3100"]


def test_unmarked_persian_table_is_read_from_the_right(tmp_path):
    d = deck()
    table_slide(d, [["تعداد", "شرح"], ["3100", "دار قالی"]], rtl_flag=False)  # label drawn on the right
    assert lines_of(save(d, tmp_path)) == ["شرح\tتعداد", "دار قالی\t3100"]


def test_unmarked_latin_table_keeps_xml_order(tmp_path):
    d = deck()
    table_slide(d, [["Item", "Count"], ["Looms", "3100"]], rtl_flag=False)
    assert lines_of(save(d, tmp_path)) == ["Item\tCount", "Looms\t3100"]


def test_merged_cells(tmp_path):
    d = deck()
    t = table_slide(d, [["شاخص", "سال ۱۴۰۱", ""], ["بافندگان", "فعال", "۹۰۰"], ["", "غیرفعال", "۱۲۰"]],
                    rtl_flag=True)
    t.cell(0, 1).merge(t.cell(0, 2))  # a header over two columns
    t.cell(1, 0).merge(t.cell(2, 0))  # a label over two rows
    assert lines_of(save(d, tmp_path)) == ["شاخص\tسال ۱۴۰۱", "بافندگان\tفعال\t۹۰۰", "\tغیرفعال\t۱۲۰"]


def test_chart_data_become_rows_the_table_extractor_reads(tmp_path):
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    import extractors
    from pipeline.repair import normalize

    d = deck()
    s = d.slides.add_slide(d.slide_layouts[5])
    s.shapes.title.text = "روند اشتغال خوشه"
    data = CategoryChartData()
    data.categories = ["1399", "1400", "1401"]
    data.add_series("تعداد شاغلان", (410, 455.0, 502))
    s.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(8), Inches(4), data)
    doc = read(save(d, tmp_path))
    assert doc.pages[0].text.split("\n") == ["روند اشتغال خوشه", "\t1399\t1400\t1401", "تعداد شاغلان\t410\t455\t502"]
    facts = extractors.run(normalize(doc), only=["fa.tables"])
    assert {(f.type, f.value, f.year) for f in facts} == {("employees", 410, 1399), ("employees", 455, 1400),
                                                          ("employees", 502, 1401)}


SMARTART_DATA = ('<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
                 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
                 '<dgm:pt modelId="0" type="doc"><dgm:t><a:p><a:r><a:t>ریشه</a:t></a:r></a:p></dgm:t></dgm:pt>'
                 '<dgm:pt modelId="1"><dgm:t><a:p><a:r><a:t>شناسایی خوشه</a:t></a:r></a:p></dgm:t></dgm:pt>'
                 '<dgm:pt modelId="2"><dgm:t><a:p><a:r><a:t>اعتمادسازی</a:t></a:r></a:p></dgm:t></dgm:pt>'
                 '</dgm:ptLst></dgm:dataModel>').encode("utf-8")


def smartart_deck(data: bytes):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI
    from pptx.oxml import parse_xml

    d = deck()
    s = d.slides.add_slide(d.slide_layouts[6])
    box(s, "پیش از نمودار", 5, 0.2)
    part = Part(PackURI("/ppt/diagrams/data1.xml"),
                "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml", s.part.package, data)
    rid = s.part.relate_to(part, RT.DIAGRAM_DATA)
    frame = parse_xml(
        '<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<p:nvGraphicFramePr><p:cNvPr id="10" name="Diagram"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        '<p:xfrm><a:off x="914400" y="914400"/><a:ext cx="5000000" cy="3000000"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">'
        '<dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
        f'r:dm="{rid}" r:lo="" r:qs="" r:cs=""/></a:graphicData></a:graphic></p:graphicFrame>')
    s.shapes._spTree.append(frame)
    return d


def test_smartart_node_text(tmp_path):
    """A SmartArt diagram's text lives in its data part; each node is one line."""
    assert lines_of(save(smartart_deck(SMARTART_DATA), tmp_path)) == ["پیش از نمودار", "شناسایی خوشه", "اعتمادسازی"]


def test_a_broken_smartart_part_is_skipped_and_named_not_the_deck(tmp_path):
    doc = read(save(smartart_deck(SMARTART_DATA[:120]), tmp_path))
    assert doc.pages[0].text == "پیش از نمودار"
    assert "SmartArt" in doc.meta["skipped"][1][0]


def test_a_shape_of_no_known_geometry_still_gives_its_text(tmp_path):
    """python-pptx's shape_type raises on an sp with neither preset nor custom geometry."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    d = deck()
    s = d.slides.add_slide(d.slide_layouts[6])
    shape = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(1), Inches(3), Inches(1))
    shape.text_frame.text = "متن درون شکل"
    geometry = shape._element.spPr.prstGeom
    geometry.getparent().remove(geometry)
    path = save(d, tmp_path)
    from pptx import Presentation

    with pytest.raises(NotImplementedError):
        Presentation(path).slides[0].shapes[0].shape_type
    assert lines_of(path) == ["متن درون شکل"]


def test_hidden_shapes_are_left_out_hidden_slides_kept_and_listed(tmp_path):
    d = deck()
    s = d.slides.add_slide(d.slide_layouts[6])
    box(s, "دیده می‌شود", 1, 1)
    box(s, "پنهان", 1, 3)._element.nvSpPr.cNvPr.set("hidden", "1")
    backup = d.slides.add_slide(d.slide_layouts[6])
    box(backup, "اسلاید پشتیبان", 1, 1)
    backup._element.set("show", "0")
    doc = read(save(d, tmp_path))
    assert [p.text for p in doc.pages] == ["دیده می‌شود", "اسلاید پشتیبان"]
    assert doc.meta["hidden_slides"] == [2]


# --- hostile and broken files ------------------------------------------------------------------------
def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "fake.pptx"
    path.write_bytes("این یک ارائه نیست".encode("utf-8"))
    with pytest.raises(CorruptFile, match="not a zip package"):
        read(str(path))


def test_zip_bomb_is_refused_before_decompressing(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("ppt/slides/slide1.xml", b" " * (32 << 20))  # 32 MB of spaces in ~32 KB
    path = tmp_path / "bomb.pptx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(TooLarge, match="zip bomb"):
        read(str(path))


def test_entity_declarations_are_refused(tmp_path):
    d = deck()
    d.slides.add_slide(d.slide_layouts[6])
    good = io.BytesIO()
    d.save(good)
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
              '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">&lol;</p:sld>')
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, laughs if item.filename == "ppt/slides/slide1.xml" else src.read(item))
    path = tmp_path / "entities.pptx"
    path.write_bytes(out.getvalue())
    with pytest.raises(CorruptFile, match="DTD or XML entities"):
        read(str(path))


def test_a_docx_renamed_pptx_is_one_clear_error(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("سند ورد")
    path = tmp_path / "word.pptx"
    d.save(str(path))
    with pytest.raises(CorruptFile, match="PPTX"):
        read(str(path))
