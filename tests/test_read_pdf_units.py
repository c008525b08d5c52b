"""The PDF reader's parts on hand-made input: visual-to-logical order, glyph units, columns, paragraphs."""
from __future__ import annotations

import pytest

from pipeline.read.pdf_bidi import line_direction, logical_order
from pipeline.read.pdf_glyphs import Glyph
from pipeline.read.pdf_layout import Line, Row, columns, line_of, make_rows, paragraphs


def logical(visual: str) -> str:
    units = list(visual)
    return "".join(units[i] for i in logical_order(units))


# Visual strings as the producers draw them (left to right), and what they say.
@pytest.mark.parametrize("visual,expected", [
    # a percent after a number that follows Persian letters is drawn on the number's left
    (".دیسر %18.5 هب %12 زا تارداص مهس", "سهم صادرات از 12% به 18.5% رسید."),
    # a hyphen between two Arabic-context numbers is not part of them: 1402-97 is drawn 97-1402
    ("دش تبث 97-1402 هرامش اب", "با شماره 1402-97 ثبت شد"),
    ("هدش هیهت 1398/07/15 خیرات رد", "در تاریخ 1398/07/15 تهیه شده"),
    ("تسا هدمآ https://saffron.example.ir/report-1399 یناشن رد", "در نشانی https://saffron.example.ir/report-1399 آمده است"),
    ("دش رازگرب 2020 Expo هاگشیامن", "نمایشگاه Expo 2020 برگزار شد"),
    ("و عیرست بجوم interactive learning زا", "از interactive learning موجب تسریع و"),
    ("14 12 ب", "ب 12 14"),
    ("نارفعز %70 دودح", "حدود 70% زعفران"),
    # a Persian line that is mostly a web address is still right to left
    (".تسا carpet.example.ir", "carpet.example.ir است."),
    # a Latin word broken at a hyphen at the end of the line
    ("www.qom- تیاسبو رد", "در وبسایت www.qom-"),
    # an English line with a Persian name in it
    ("The cluster of شرف هشوخ was founded", "The cluster of خوشه فرش was founded"),
])
def test_visual_lines_read_in_logical_order(visual, expected):
    assert logical(visual) == expected


def test_units_are_never_split_while_reordering():
    # a lam-alef ligature glyph is one unit «لا»: its letters keep their order
    units = ["ت", "لا", "ح", "م"]
    assert "".join(units[i] for i in logical_order(units)) == "محلات"


@pytest.mark.parametrize("classes,direction", [
    (["R", "R", "S", "L", "L", "L", "L", "L", "L", "S", "R"], "R"),  # two Persian words, one address
    (["L", "S", "L", "S", "R", "S", "L"], "L"),
    (["D", "S", "D"], None),
])
def test_line_direction_counts_words(classes, direction):
    assert line_direction(classes) == direction


# --- glyph units ----------------------------------------------------------------------------------
def g(text, x0, x1, seq, y=700.0, size=12.0, span=0, actual=None, unmapped=False):
    return Glyph(text, x0, x1, y, size, "Noto", seq, span, actual, span != 0, unmapped, 0)


def text_of(glyphs, rtl=True):
    return line_of(Row(glyphs, glyphs[0].y), rtl).text


def test_zero_width_alef_at_its_lams_x0_stays_after_it():
    # LibreOffice draws «محلات» as ت, zero-width ا at the lam's x0, ل, ح, م (left to right)
    glyphs = [g("ت", 100, 104, 0), g("ا", 104.02, 104.02, 1), g("ل", 104.0, 107, 2), g("ح", 107, 112, 3),
              g("م", 112, 117, 4)]
    assert text_of(glyphs) == "محلات"


def test_a_space_whose_advance_is_taken_back_is_a_zwnj():
    # «کسب‌وکار»: the space glyph carries ActualText U+200C and the next glyph starts at its x0
    glyphs = [g("ر", 100, 103, 0), g("ا", 103, 105, 1), g("ک", 105, 109, 2), g("و", 109, 113, 3),
              g(" ", 113.1, 115.1, 4, span=1, actual="\u200c"), g("ب", 113.0, 119, 5), g("س", 119, 125, 6),
              g("ک", 125, 129, 7)]
    assert text_of(glyphs) == "کسب\u200cوکار"
    # the same without ActualText (older LibreOffice): the cancelled advance alone tells
    glyphs[4] = g(" ", 113.1, 115.1, 4)
    assert text_of(glyphs) == "کسب\u200cوکار"


def test_unmapped_kashidas_are_dropped_without_a_gap():
    glyphs = [g("ه", 100, 104, 0), g("&", 104, 110, 1, unmapped=True), g("&", 104.3, 110.3, 2, unmapped=True),
              g("ش", 110.2, 116, 3), g("و", 116, 120, 4), g("خ", 120, 126, 5)]
    assert text_of(glyphs) == "خوشه"


def test_a_glyph_drawn_twice_counts_once():
    glyphs = [g("ب", 100, 106, 0), g("ب", 100.2, 106.2, 1), g("ا", 106, 108, 2)]
    assert text_of(glyphs) == "اب"


def test_presentation_forms_fold_after_ordering():
    # reportlab with arabic-reshaper: ﻻ (lam-alef isolated) must become «لا», not «ال»
    glyphs = [g("ﺎ", 100, 103, 0), g("ﻻ", 103, 109, 1), g("ﺑ", 109, 113, 2)]
    assert text_of(glyphs) == "بلاا"


def test_a_multi_glyph_actualtext_span_is_one_unit():
    glyphs = [g("ﻦ", 100, 105, 0, span=3, actual="من"), g("ﻣ", 105, 109, 1, span=3, actual="من"),
              g(" ", 109, 111, 2), g("ﻮ", 111, 115, 3), g("ﺗ", 115, 118, 4)]
    assert text_of(glyphs) == "تو من"


# --- columns and paragraphs -----------------------------------------------------------------------
def _words_row(y, spans, size=12.0, seq0=0):
    """A row of 'words' (runs of ب glyphs) at the given x spans."""
    glyphs = []
    seq = seq0
    for a, b in spans:
        x = a
        while x < b:
            glyphs.append(g("ب", x, min(x + 5, b), seq, y=y, size=size))
            x += 5
            seq += 1
        glyphs.append(g(" ", b, b + 3, seq, y=y, size=size))
        seq += 1
    return glyphs


def test_two_columns_under_a_full_width_title_read_right_column_first():
    glyphs = _words_row(800, [(100, 500)], size=16)  # the title crosses the gutter
    for k in range(8):
        y = 760 - 20 * k
        glyphs += _words_row(y, [(60, 120), (125, 280)], seq0=1000 + 100 * k)   # left column
        glyphs += _words_row(y, [(320, 420), (425, 540)], seq0=5000 + 100 * k)  # right column
    segments = columns(make_rows(glyphs), rtl=True)
    firsts = [(round(min(r.x0 for r in s)), round(s[0].y)) for s in segments]
    assert firsts == [(100, 800), (320, 760), (60, 760)]


def test_aligned_word_gaps_of_a_few_justified_lines_are_no_gutter():
    glyphs = []
    for k in range(2):
        glyphs += _words_row(700 - 20 * k, [(60, 290), (305, 540)], seq0=100 * k)
    glyphs += _words_row(660, [(60, 540)], seq0=500)
    assert len(columns(make_rows(glyphs), rtl=True)) == 1


def _line(text, y, x0, x1, size=12.0, first_word=20.0):
    return Line(text, y, size, x0, x1, True, first_word)


def test_lines_of_a_paragraph_join_and_a_new_paragraph_starts():
    lines = [
        _line("یک", 700, 60, 540), _line("دو", 680, 60, 540), _line("سه.", 660, 300, 540),
        _line("چهار", 630, 60, 520),  # indented first line of the next paragraph
        _line("پنج", 610, 200, 540),
        _line("• شش", 590, 60, 540),  # a list item
        _line("هفت", 570, 60, 520),
    ]
    out = [ln.text for ln in paragraphs(lines)]
    assert out == ["یک دو سه.", "چهار پنج", "• شش هفت"]


def test_wider_spacing_than_the_line_pitch_breaks_a_paragraph():
    lines = [_line("یک", 700, 60, 540), _line("دو", 680, 60, 540), _line("سه", 652, 60, 540),
             _line("چهار", 632, 60, 540)]
    assert [ln.text for ln in paragraphs(lines)] == ["یک دو", "سه چهار"]


def test_paragraphs_set_bottom_line_first_are_recognised():
    from pipeline.read.pdf_layout import reverse_paragraph_lines, reversed_line_order

    def para(*parts):
        ln = _line(parts[0], 700, 60, 540)
        ln.parts = list(parts)
        return ln

    # the common reportlab recipe: each paragraph's end on its top line
    paras = [para("شورای راهبری خوشه برگزار شد.", "نخستین جلسه"), para("را برگزید.", "تیم توسعه سه راهبرد"),
             para("است.", "این گزارش")]
    assert reversed_line_order(paras)
    reverse_paragraph_lines(paras)
    assert paras[0].text == "نخستین جلسه شورای راهبری خوشه برگزار شد."
    normal = [para("نخستین جلسه", "شورای راهبری خوشه برگزار شد."), para("تیم توسعه سه راهبرد", "را برگزید."),
              para("این گزارش است.", "و آن گزارش")]
    assert not reversed_line_order(normal)


def test_the_order_model_picks_among_readings_the_bidi_check_cannot_confirm():
    from pipeline.read.pdf_layout import _likeliest, _order_model

    if _order_model() is None:
        pytest.skip("the repair stage's order model is not available")
    texts = ["خوشه", " ", "فرش", " ", "دستباف", " ", "قم"]
    right, wrong = [0, 1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1, 0]
    assert _likeliest([wrong, right], texts) == right


def test_columns_whose_baselines_never_meet_are_still_columns():
    glyphs = []
    for k in range(8):
        glyphs += _words_row(760 - 20 * k, [(60, 120), (125, 280)], seq0=1000 + 100 * k)       # left
        glyphs += _words_row(751 - 16 * k, [(320, 420), (425, 540)], size=10, seq0=5000 + 100 * k)  # right
    segments = columns(make_rows(glyphs), rtl=True)
    assert [round(min(r.x0 for r in s)) for s in segments] == [320, 60]


def test_a_superscript_stays_in_its_line():
    glyphs = [g("ه", 100, 105, 0), g("ش", 105, 112, 1), g("و", 112, 116, 2), g("خ", 116, 122, 3),
              g("1", 95, 99, 4, y=704.0, size=7.0)]
    rows = make_rows(glyphs)
    assert len(rows) == 1
    assert line_of(rows[0], True).text == "خوشه1"


def _word(text, x, seq, w=4.0):
    return [g(ch, x + k * w, x + (k + 1) * w, seq + k) for k, ch in enumerate(text)]


def test_stretches_far_apart_are_ordered_alone_and_a_row_of_them_keeps_its_cells():
    # a row of a table without rules: each cell was its own paragraph («8%» stays «8%»)
    glyphs = _word("20%", 100, 0) + _word("8%", 160, 10) + _word("تارداص", 220, 20)
    assert text_of(glyphs) == "صادرات\t8%\t20%"


def test_a_table_row_with_a_wrapped_cell_is_one_row():
    from pipeline.read.pdf_layout import _table_rows

    ys = [700, 690, 680, 650, 640, 630, 600]  # a header of two-line cells, a row likewise, a plain row
    rows = [Row(_word("بب", 100, 10 * k, 5), y) for k, y in enumerate(ys)]
    for r, y in zip(rows, ys):
        for x in r.glyphs:
            x.y = y
    assert [[r.y for r in grp] for grp in _table_rows(rows)] == [[700, 690, 680], [650, 640, 630], [600]]


def test_running_headers_go_and_body_lines_that_repeat_at_page_edges_stay():
    from pipeline.read.pdf import PageText, split_furniture

    pages = []
    for n in range(1, 11):
        lines = [_line("گزارش سالانه خوشه", 800, 250, 350, size=9.0)]
        words = ["فرش", "گل", "زعفران", "پسته", "کفش", "سفال", "چاقو", "پوشاک", "مبلمان", "چرم"]
        first = "بند تکراری در بالای صفحه" if n in (3, 7) else f"گزارش خوشه {words[n - 1]} در این استان"
        lines += [_line(first, 760, 60, 540), _line("بند دیگری از متن", 740, 60, 540),
                  _line("بند سوم از متن صفحه", 720, 60, 540), _line(f"صفحه {n}", 40, 280, 320, size=9.0)]
        pages.append(PageText(n, lines, 842.0))
    found = split_furniture(pages)
    assert {f["text"] for f in found if f["where"] == "header"} == {"گزارش سالانه خوشه"}
    assert {f["text"] for f in found if f["where"] == "footer"} == {f"صفحه {n}" for n in range(1, 11)}
    assert pages[2].lines[0].text == "بند تکراری در بالای صفحه"


def test_an_actualtext_span_broken_across_lines_keeps_its_glyphs_text():
    glyphs = [g("ﻦ", 100, 105, 0, span=3, actual="منابع"), g("ﻣ", 105, 109, 1, span=3, actual="منابع")]
    for x in glyphs:
        x.span_size = 4  # two more of the span's glyphs are on the next line
    assert text_of(glyphs) == "من"


# --- letter forms: ZWNJs a producer dropped, unshaped text ----------------------------------------
_RIGHT_JOINING = set("اآأإدذرزژوؤ")


def _shaped_glyphs(text, y=700.0, x=540.0, size=12.0, shaped=True, font="Naskh", draw_zwnj=False):
    """A right-to-left line as a shaping producer draws it: each letter a glyph whose code depends on
    its contextual form (as a font's init/medi/fina/isol glyphs do), right to left, the ZWNJ not drawn
    at all (WeasyPrint, pango) unless ``draw_zwnj``. ``shaped`` False: one code per letter."""
    glyphs = []
    seq = 0
    for w, word in enumerate(text.split(" ")):
        if w:
            glyphs.append(Glyph(" ", x - 3, x, y, size, font, seq, 0, None, False, False, 0, 3))
            x -= 3
            seq += 1
        segments = word.split("\u200c")
        for s, seg in enumerate(segments):
            if s and draw_zwnj:
                glyphs.append(Glyph("\u200c", x, x, y, size, font, seq, 0, None, False, False, 0, 4))
                seq += 1
            for i, ch in enumerate(seg):
                joins_prev = i > 0 and seg[i - 1] not in _RIGHT_JOINING
                joins_next = i + 1 < len(seg) and ch not in _RIGHT_JOINING
                cid = ord(ch) * 4 + (2 * joins_prev + joins_next if shaped else 0)
                glyphs.append(Glyph(ch, x - 5, x, y, size, font, seq, 0, None, False, False, 0, cid))
                x -= 5
                seq += 1
    for gl in glyphs:  # drawn left to right, as most producers write a right-to-left line
        gl.seq = seq - 1 - gl.seq
    return glyphs


SENTENCES = [  # our own, with and without ZWNJ
    "خوشه‌ها در هر شهر فعال‌اند و همه کارگاه‌ها کار می‌کنند",
    "کارگاه‌های صنعتی خوشه در سال گذشته فروش بیشتری داشتند",
    "این خوشه محصولات مختلف خود را به بازار می‌فرستد و هر سال رشد دارد",
    "شمار کارگاه‌ها در این شهر به صد رسید و فروش خوشه بیشتر شد",
    "همه اعضا در جلسه سالانه حاضر بودند و یک برنامه مشترک را پذیرفتند",
    "میشود",  # written without ZWNJ, joined: stays as written
]


def _lines_of(sentences, **kw):
    return [line_of(Row(gl, gl[0].y), True) for gl in (_shaped_glyphs(s, y=700 - 20 * k, **kw)
                                                       for k, s in enumerate(sentences))]


def test_a_dropped_zwnj_is_restored_from_the_letter_forms():
    from pipeline.read.pdf_layout import LetterForms, restore_zwnj

    lines = _lines_of(SENTENCES)
    assert lines[0].text == SENTENCES[0].replace("\u200c", "")  # the producer wrote no ZWNJ
    forms = LetterForms(lines)
    assert forms.shaped()
    restore_zwnj(lines, forms)
    assert [ln.text for ln in lines] == SENTENCES


def test_a_drawn_zwnj_is_kept_and_nothing_is_added():
    from pipeline.read.pdf_layout import LetterForms, restore_zwnj

    lines = _lines_of(SENTENCES, draw_zwnj=True)
    before = [ln.text for ln in lines]
    assert before == SENTENCES
    assert restore_zwnj(lines, LetterForms(lines)) == 0


def test_unshaped_letters_say_nothing_of_zwnj_nor_of_order():
    from pipeline.read.pdf_layout import LetterForms, restore_zwnj

    lines = _lines_of(SENTENCES * 2, shaped=False)
    forms = LetterForms(lines)
    assert not forms.shaped()  # one glyph per letter: no shaper ran, so no bidi algorithm either
    assert restore_zwnj(lines, forms) == 0


def test_a_zwnj_written_as_an_actualtext_span_without_glyphs_is_read():
    # cairo (pango-view): «/Span <</ActualText <FEFF200C>>> BDC EMC» between the glyphs of «ه» and «ه»
    glyphs = _shaped_glyphs("خوشه\u200cها")
    for gl in glyphs:
        gl.seq = len(glyphs) - 1 - gl.seq  # cairo draws a right-to-left run in logical order
    logical = sorted(glyphs, key=lambda gl: gl.seq)
    logical[3].after = "\u200c"  # drawn after «ه» of «خوشه», before the «ه» of «ها»
    assert line_of(Row(glyphs, 700.0), True).text == "خوشه\u200cها"


# --- lines spread wide, percent signs, bullets set apart --------------------------------------------
def test_the_words_of_a_justified_line_spread_wide_keep_the_lines_direction():
    # «... ایمیل دبیرخانه info@qom-» justified in a narrow column: two-em gaps between the words,
    # the Latin word broken at its hyphen drawn at the line's left end with the hyphen before it
    glyphs = _word("-info@qom", 100, 0) + _word("هناخریبد", 160, 20) + _word("لیمیا", 220, 40)
    assert text_of(glyphs) == "ایمیل دبیرخانه info@qom-"


def test_a_percent_after_its_number_in_an_inline_box_of_its_own():
    # WeasyPrint orders each inline box alone: an italic «۴۵٪» is drawn «۴۵٪», not «٪۴۵»
    assert logical("تسا هدیسر ۴۵٪ هب") == "به ۴۵٪ رسیده است"
    assert logical("تسا هدیسر ٪۴۵ هب") == "به ۴۵٪ رسیده است"  # the usual drawing, unchanged


def test_bullets_set_apart_from_their_items_are_no_column():
    # LibreOffice Impress: the bullets stand 0.8 em to the right of their right-to-left items
    glyphs = []
    for k in range(5):
        y = 700 - 30 * k
        glyphs += _words_row(y, [(200, 300), (305, 400)], size=24, seq0=100 * k)
        glyphs.append(g("\u2022", 420, 428, 100 * k + 90, y=y, size=24.0))
    segments = columns(make_rows(glyphs), rtl=True)
    assert len(segments) == 1
    assert line_of(segments[0][0], True).text.startswith("\u2022 ")


def test_two_bulleted_lists_side_by_side_are_two_columns_not_a_table():
    # a slide's two-content layout: each list's bullets 0.8 em to the right of its items
    glyphs = []
    for k in range(3):
        y = 700 - 30 * k
        for x0, seq in ((60, 0), (380, 50)):
            glyphs += _words_row(y, [(x0, x0 + 80), (x0 + 85, x0 + 200)], size=24, seq0=100 * k + seq)
            glyphs.append(g("\u2022", x0 + 220, x0 + 228, 100 * k + seq + 40, y=y, size=24.0))
    segments = columns(make_rows(glyphs), rtl=True)
    assert [round(min(r.x0 for r in s)) for s in segments] == [380, 60]
    assert all(r.table is None for s in segments for r in s)


# --- paragraphs across columns and pages ------------------------------------------------------------
def _para(text, y, x0, x1, edges=(60, 540), nlines=2):
    ln = _line(text, y, x0, x1)
    ln.parts = [text] * nlines
    ln.edges = edges
    return ln


@pytest.mark.parametrize("end,runs", [("سهم این خوشه از صادرات استان حدود", True),
                                      ("سهم این خوشه از صادرات استان بالاست.", False)])
def test_a_paragraph_runs_on_into_the_next_column_unless_its_sentence_ended(end, runs):
    from pipeline.read.pdf_layout import join_across_columns

    col1 = [_para(end, 100, 300, 540, edges=(300, 540))]  # the right column, full to its bottom
    col2 = [_para("۱۲٫۵ درصد است.", 700, 60, 280, edges=(60, 280))]
    out = join_across_columns([col1, col2])
    assert len(out) == (1 if runs else 2)


def test_one_line_paragraphs_apart_are_not_joined_because_the_first_nearly_fills_its_line():
    # paragraphs of two lines at a 21 pt pitch, one-line paragraphs between them 30 pt apart; the
    # first one-line paragraph leaves 25 pt free, room enough for the next line's first word (20 pt)
    lines = [_line("یک دو", 700, 60, 540), _line("سه", 679, 300, 540),
             _line("چهار پنج شش", 649, 85, 540),
             _line("هفت هشت", 619, 250, 540),
             _line("نه ده", 589, 60, 540), _line("یازده", 568, 400, 540)]
    assert [ln.text for ln in paragraphs(lines)] == ["یک دو سه", "چهار پنج شش", "هفت هشت", "نه ده یازده"]


# --- producers' ways with ligatures, ZWNJ spaces and guillemets ---------------------------------------
def test_a_zero_width_alef_at_its_lams_left_edge_whatever_the_stream_order():
    # cairo draws a right-to-left run in logical order: lam first, then the zero-width alef at its x0
    glyphs = [g("ت", 100, 104, 4), g("ل", 104.0, 107, 2), g("ا", 104.0, 104.0, 3), g("ح", 107, 112, 1),
              g("م", 112, 117, 0)]
    assert text_of(glyphs) == "محلات"


def test_a_space_drawn_over_the_letter_before_it_is_a_zwnj():
    # wkhtmltopdf: «بهره‌بردار», logical stream; the ZWNJ is a space glyph at the left edge of «ه»
    glyphs = [g("ﺑ", 567.0, 568.6, 0), g("ﻬ", 564.8, 567.0, 1), g("ﺮ", 562.5, 564.8, 2), g("ﻫ", 559.6, 562.5, 3),
              g("\t", 559.6, 560.8, 4), g("ﺒ", 557.9, 559.6, 5), g("ﺮ", 555.6, 557.9, 6), g("د", 553.2, 555.6, 7),
              g("ا", 551.8, 553.2, 8), g("ر", 549.6, 551.8, 9)]
    assert text_of(glyphs) == "بهره\u200cبردار"


def test_an_unmapped_ligature_with_an_empty_second_part_is_lam_alef():
    # wkhtmltopdf: «اطلاعات» with «لا» as a glyph without Unicode mapping and a zero-width one after it
    glyphs = [g("ا", 680.9, 682.2, 0), g("ﻃ", 677.1, 680.9, 1), g("?", 673.6, 677.1, 2, unmapped=True),
              g("?", 673.6, 673.6, 3, unmapped=True), g("ﻋ", 670.7, 673.6, 4), g("ﺎ", 669.2, 670.7, 5),
              g("ت", 664.7, 669.2, 6)]
    assert text_of(glyphs) == "اطلاعات"
    # a kashida (one unmapped glyph with a width) is still dropped
    glyphs = [g("ه", 100, 104, 0), g("&", 104, 110, 1, unmapped=True), g("ش", 110.2, 116, 2), g("و", 116, 120, 3),
              g("خ", 120, 126, 4)]
    assert text_of(glyphs) == "خوشه"


def test_guillemets_stored_as_their_mirrored_glyphs_are_turned():
    from pipeline.read.pdf_layout import _fix_brackets

    assert _fix_brackets("پروژه »توسعه خوشه« آغاز شد") == "پروژه «توسعه خوشه» آغاز شد"
    assert _fix_brackets("پروژه «توسعه خوشه» آغاز شد") == "پروژه «توسعه خوشه» آغاز شد"


def test_lines_drawn_in_reading_order_are_told_by_the_lexicon():
    from pipeline.read.pdf_layout import drawn_in_reading_order

    sentences = ["خوشه فرش دستباف قم در سال گذشته رشد کرد", "کارگاه های خوشه محصولات خود را به بازار فرستادند",
                 "شمار اعضای فعال خوشه افزایش یافت"]
    # as a producer that neither shapes nor reorders draws them: the logical string left to right;
    # the reader, reading the line right to left, gets every word backwards
    backwards = [_line(s[::-1], 700 - 20 * k, 60, 540) for k, s in enumerate(sentences)]
    assert drawn_in_reading_order(backwards)
    assert not drawn_in_reading_order([_line(s, 700 - 20 * k, 60, 540) for k, s in enumerate(sentences)])


@pytest.mark.parametrize("text,garbled", [
    ("#$%&'#&()*&&$+,*-,(%./0+#1(2 !\" 3*.4(2)56789(,6$:;<=>$4(91( B&48&:C&D4E.6&%&(F*&?4@4%./%", True),
    ("ÍTTþêÂúTÓÖ’T T5éEjTçÔE6ÕTþ¤5éEjTçÔE6ÕTþ¤Tý8zTÓÖ’¶VµÔ’TÕ>TÍÏÕÓÌÍÍÑTÕTçTþ5ú8TýåÔ*TS", True),
    ("خوشه فرش دستباف قم با حدود 12000 بافنده و 850 کارگاه در سال 1399/02/20 تشکیل شد (UNIDO).", False),
    ("The Zanjan knife cluster joined the national programme in 2017; its export share grew to 9%.", False),
])
def test_text_layers_of_glyph_numbers_are_told_from_text(text, garbled):
    from pipeline.read.pdf import _garbled

    assert _garbled(([[_line(text, 700, 60, 540)]], [])) == garbled


@pytest.mark.parametrize("end,start,glue", [
    ("در نشانی https://", "cluster.example.ir/lalejin منتشر", ""),  # WeasyPrint breaks after a slash
    ("در وبسایت www.qom-", "carpet.example.ir منتشر", ""),
    ("در نشانی https://cluster.example.ir/", "lalejin منتشر", ""),
    ("در سال 1398/", "12 تا 1399/", " "),  # not an address
    ("کالا و/", "یا خدمات", " "),
])
def test_a_web_address_broken_over_two_lines_is_one_word(end, start, glue):
    from pipeline.read.pdf_layout import _glue

    assert _glue(end, start) == glue


def test_one_line_paragraphs_of_a_page_wide_block_are_not_taken_for_full_lines():
    # a list without bullets, right-aligned, none reaching the text's left edge (the page is 595 pt
    # wide with 57 pt margins: the text runs from 57 to 538)
    lines = [_line("این گزارش در تاریخ 1398/07/15 تهیه شد.", 735, 185, 538, first_word=14),
             _line("سازمان UNIDO در بازدید آبان 1399 پیشنهاد کرد.", 704, 243, 538, first_word=31),
             _line("سهم صادرات به 18.5% رسید.", 674, 263, 538, first_word=19)]
    assert len(paragraphs([ln.copy() for ln in lines], page_box=(0.0, 595.0))) == 3
    assert len(paragraphs([ln.copy() for ln in lines])) == 2  # the widest line taken for a full one


# --- XeLaTeX with xepersian ----------------------------------------------------------------------
def _drawn(visual, x=100.0, width=5.0, seq0=0):
    """Glyphs of a line drawn left to right as ``visual`` reads (one glyph a character, stream in
    visual order, as xepersian writes it)."""
    out = []
    for k, ch in enumerate(visual):
        out.append(g(ch, x, x + width, seq0 + k))
        x += width
    return out


def test_a_kashida_the_producer_maps_to_tatweel_is_dropped_without_a_gap():
    # XeLaTeX justifies with kashidas and maps them to U+0640: «لالجـین» is «لالجین»
    glyphs = _drawn("نیـجلال")
    assert text_of(glyphs) == "لالجین"
    glyphs = _drawn("نیـجلال رد")
    assert text_of(glyphs) == "در لالجین"


def test_a_space_drawn_over_a_digit_beside_punctuation_parts_two_runs_and_is_no_zwnj():
    # xepersian draws «۱۲.۵» as three runs right to left: «۵», «.», «۱۲», a space glyph over the «.»
    glyphs = ([g(ch, 100 + 5 * k, 105 + 5 * k, k) for k, ch in enumerate("دیسر")] + [g(" ", 120, 123, 4)]
              + [g("۵", 123, 128, 5), g(" ", 128, 131.5, 6), g(".", 128.01, 131.8, 7), g("۱", 131.8, 136.8, 8),
                 g("۲", 136.8, 141.8, 9), g(" ", 141.8, 144.8, 10), g("ه", 144.8, 149.8, 11), g("ب", 149.8, 154.8, 12)])
    ln = line_of(Row(glyphs, 700.0), True)
    assert ln.text == "به ۱۲.۵ رسید" and ln.verified  # (the bidi check confirms the reading)
    # the same with a percent on the last run and a hyphen: «۱۸.۵%», «۱۴۰۲-۹۷»
    glyphs = [g("۵", 123, 128, 0), g("%", 128, 133, 1), g(" ", 133, 136.5, 2), g(".", 133.01, 136.8, 3),
              g("۱", 136.8, 141.8, 4), g("۸", 141.8, 146.8, 5), g(" ", 146.8, 149.8, 6), g("ه", 149.8, 154.8, 7),
              g("ب", 154.8, 159.8, 8)]
    ln = line_of(Row(glyphs, 700.0), True)
    assert ln.text == "به ۱۸.۵%" and ln.verified
    glyphs = [g("۹", 123, 128, 0), g("۷", 128, 133, 1), g(" ", 133, 136.5, 2), g("-", 133.01, 136.8, 3),
              g("۱", 136.8, 141.8, 4), g("۴", 141.8, 146.8, 5), g("۰", 146.8, 151.8, 6), g("۲", 151.8, 156.8, 7),
              g(" ", 156.8, 159.8, 8), g("ه", 159.8, 164.8, 9), g("ر", 164.8, 169.8, 10), g("ا", 169.8, 174.8, 11),
              g("م", 174.8, 179.8, 12), g("ش", 179.8, 184.8, 13)]
    assert text_of(glyphs) == "شماره ۱۴۰۲-۹۷"


def test_an_arabic_comma_drawn_inside_a_latin_run_follows_it():
    # xepersian sets «(UNIDO)،» as one left-to-right run; read back by the bidi algorithm it would be
    # «متحد ،(UNIDO) توسعه», which no one writes
    assert text_of(_drawn("هعسوت (UNIDO)، دحتم")) == "متحد (UNIDO)، توسعه"
    assert text_of(_drawn("هعسوت UNIDO؛ دحتم")) == "متحد UNIDO؛ توسعه"
    # a comma between two Persian words, and one after a Latin word, stay where they are
    assert text_of(_drawn("هعسوت ،دحتم")) == "متحد، توسعه"


def test_guillemets_of_a_quotation_over_two_lines_are_turned_in_the_paragraph():
    # each line has one guillemet, drawn as its mirrored glyph: neither line alone reads inside out
    lines = [_line("تعریف ارائه شده، »خوشه کسب (شعاع", 700, 60, 540, first_word=30.0),
             _line("۵۰ کیلومتر) برخوردارند«، اطلاق میشود.", 680, 300, 540)]
    out = paragraphs(lines)
    assert [ln.text for ln in out] == ["تعریف ارائه شده، «خوشه کسب (شعاع ۵۰ کیلومتر) برخوردارند»، اطلاق میشود."]
    assert out[0].parts[0].endswith("«خوشه کسب (شعاع")


def test_justified_paragraphs_set_one_under_the_other_by_tex():
    # \noindent paragraphs, no spacing between them, baselines uneven (TeX moves a line with tall
    # glyphs down): a line short of the far edge ends its paragraph even when the next word might
    # have fitted; a full line stopping mid-sentence does not, whatever the spacing below it
    lines = [_line("یک", 700, 60, 540), _line("دو", 685.6, 60, 540), _line("سه", 666.3, 60, 540),
             _line("چهار.", 648.1, 88, 540),  # 28 short of the left edge; «پنج» is 20 wide
             _line("پنج", 633.7, 60, 540), _line("شش", 614.8, 60, 540), _line("هفت", 596.6, 60, 540),
             _line("هشت.", 582.2, 400, 540)]
    assert [ln.text for ln in paragraphs(lines)] == ["یک دو سه چهار.", "پنج شش هفت هشت."]
