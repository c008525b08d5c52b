"""The order repair, phenomenon by phenomenon, on small lines written for these tests."""
from __future__ import annotations

import pytest

from pipeline.model import CELL_SEP, MappedStr
from pipeline.repair import lexicon, normalize_mapped, orthography, visual, words
from pipeline.repair.measure import canon_stream


def norm(text: str) -> str:
    return normalize_mapped(MappedStr.identity(text)).text


def reading(line: str) -> str:
    """The reversed reading of a column line (runs at gaps of two or more spaces)."""
    lex = lexicon.load()
    toks = visual.tokens(MappedStr.identity(line))
    return MappedStr.join(" ", visual.reversed_reading(visual.column_runs(toks), lex)).text


@pytest.mark.parametrize("line, expected", [
    # runs reversed, the inner order of a run kept
    ("در  سال گذشته  صادرات  افزایش یافت", "افزایش یافت صادرات سال گذشته در"),
    # digits and Latin are runs of their own: at the wrong end of their run in visual order
    ("شد  12 دوره  برگزار", "برگزار دوره 12 شد"),
    ("است  www.example.ir نشانی سایت", "نشانی سایت www.example.ir است"),
    # a run's final punctuation comes out at its start
    ("گفت  . کرد  تأکید  مدیر", "مدیر تأکید کرد. گفت"),
    # a word cut in two by justification, with the full stop between its halves
    ("اعضا  . خوردارند  بر  امکانات  از", "از امکانات برخوردارند. اعضا"),
    # brackets come out mirrored; put back, and onto the side of the word they belong to
    ("شد(  برگزار  نمایشگاه  )سالانه", "(سالانه نمایشگاه برگزار شد)"),
    ("بازار  تا  کارگاه)  از", "از کارگاه (تا بازار"),
])
def test_reversed_reading(line, expected):
    assert reading(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("(از شهرهای دیگر(", "(از شهرهای دیگر)"),
    (")در سال جاری( آغاز شد", "(در سال جاری) آغاز شد"),
])
def test_brackets_mirrored_in_a_line_in_order(line, expected):
    toks = visual.tokens(MappedStr.identity(line))
    assert MappedStr.join(" ", visual.identity_reading(toks, lexicon.load())).text == expected


@pytest.mark.parametrize("word, arabic, expected", [
    ("کی", True, "یک"),          # ligature letters swapped, in text written with Arabic ي/ك
    ("کی", False, "کی"),         # «کی» (when) in ordinary text stays
    ("کیسو", True, "یکسو"),
    ("تأیکد", False, "تأکید"),   # a non-word that becomes a word: always
    ("نزدیک", True, "نزدیک"),    # a word whose swap is no word stays
    ("کیفیت", True, "کیفیت"),
])
def test_ligature_letters(word, arabic, expected):
    out = words.fix_ligature(MappedStr.identity(word), lexicon.load(), arabic)
    assert out.text == expected
    assert sorted(out.origin) == list(range(len(word)))  # letters moved, none invented


@pytest.mark.parametrize("word, expected", [
    ("حمایوت", "حمایت"),   # a justification «و» stretched into the word
    ("مزیوت", "مزیت"),
    ("کوتاه", "کوتاه"),    # a word that has its «و» keeps it
    ("تولید", "تولید"),
])
def test_stretched_words(word, expected):
    assert words.fix_stretch(MappedStr.identity(word), lexicon.load()).text == expected


def test_ligature_repair_only_where_arabic_letters_were_written():
    assert norm("يك نمونه از كي طرح كه در استان اجرا شد.").startswith("یک نمونه از یک طرح")
    assert norm("کی جلسه بعدی برگزار می‌شود؟").startswith("کی جلسه")


def test_tatweel_goes():
    assert norm("گزارش ویــــــژه") == "گزارش ویژه"


SLIDES = ["مطالبفهرست", "های صنعتیتعریف شهرک", "ها به دلیل کمبود سرمایهتوقف طرح", "نمایندمیمشترک را تولید"]
SLIDES_READ = ["فهرست مطالب", "تعریف شهرک‌های صنعتی", "توقف طرح‌ها به دلیل کمبود سرمایه", "مشترک را تولید می‌نمایند"]


def test_glued_slide_lines():
    out = [line for line in norm("\n\n".join(SLIDES) + "\n").split("\n")]
    assert [canon_stream(x) for x in out] == [canon_stream(x) for x in SLIDES_READ]


def test_a_line_already_in_order_is_left_alone():
    line = "پروژه توسعه خوشه با حمایت شرکت شهرک‌های صنعتی استان در سال 1398 آغاز شد."
    assert norm(line) == line


def test_a_long_line_with_a_wide_gap_is_never_reversed():
    line = ("سازمان صنایع کوچک با همکاری دانشگاه‌ها  برنامه آموزشی تازه‌ای را برای مدیران واحدهای کوچک و "
            "متوسط تدوین کرده است که از ماه آینده اجرا می‌شود.")
    assert canon_stream(norm(line)) == canon_stream(line)


PARAGRAPH = [  # a paragraph wrapped into lines, written for this test
    "تمرکز واحدهای کوچک در یک منطقه به شکل‌گیری",
    "شبکه‌های کسب و کار منجر می‌شود و اعضای خوشه",
    "توان رقابتی بیشتری در بازار داخلی و جهانی",
    "پیدا می‌کنند. دفتر توسعه خوشه در سال اول برای",
    "آموزش مدیران و کارگران برنامه‌ای طراحی کرد و",
    "حدود 200 نفر از اعضا در این دوره‌ها شرکت کردند.",
]


def as_visual(line: str) -> str:
    """The line as visual-order extraction gives it: every word a run, runs right to left."""
    return "  ".join(reversed(line.split()))


def test_a_visual_order_column_comes_back_in_order():
    column = "\n".join(as_visual(line) for line in PARAGRAPH) + "\n"
    out = norm(column)
    assert canon_stream(out) == canon_stream(" ".join(PARAGRAPH))


def test_a_suffix_carried_to_the_next_line_rejoins_its_word():
    text = ("این دفتر با هدف هماهنگ کردن برنامه‌ها و فعالیت\n"
            "های اعضا در سال گذشته در مرکز استان تاسیس شد و\n"
            "از همان آغاز کار خود بیش از صد نشست برگزار کرده\n"
            "است و در آن با نمایندگان واحدهای کوچک گفت‌وگو شد.\n"  # full line ending with «.»: goes on
            "با برنامه موافقت شد.\n"                               # short line ending with «.»: ends
            "برنامه سال آینده دفتر هنوز به تصویب شورای راهبری\n"
            "خوشه نرسیده است و جلسه بعدی آن در ماه آینده\n"
            "برگزار می‌شود.\n")
    out = norm(text)
    assert "فعالیت‌های اعضا" in out
    assert out.count("\n") == 1


def test_a_title_block_inside_a_paragraph_moves_to_the_top():
    text = ("در این گزارش نگاهی داریم به وضعیت تولید و فروش\n"
            "محصولات خوشه در سال گذشته و برنامه‌هایی که برای\n"
            "\n"
            "گزارش ویژه\n"
            "\n"
            "خوشه سفال\n"
            "توسعه بازار و آموزش اعضا در سال آینده در نظر گرفته\n"
            "شده است و نتایج آن در شماره بعدی منتشر خواهد شد.\n"
            "دفتر توسعه از همه اعضا برای همکاری تشکر می‌کند و\n"
            "امیدوار است این همکاری در سال آینده هم ادامه یابد.\n")
    lines = norm(text).split("\n")
    assert lines[:2] == ["خوشه سفال", "گزارش ویژه"]  # read bottom-up, as the extractor dropped it
    assert "برای توسعه بازار" in lines[2]


@pytest.mark.parametrize("rows, expected", [
    (["1 واحدهای فعال 120", "2 واحدهای غیرفعال 35"],
     [f"1{CELL_SEP}واحدهای فعال{CELL_SEP}120", f"2{CELL_SEP}واحدهای غیرفعال{CELL_SEP}35"]),
    (["تعداد کارگاه‌ها 20025010%"],  # 200 -> 250 is +25%, not 10%: no consistent split, one cell
     [f"تعداد کارگاه‌ها{CELL_SEP}20025010%"]),
    (["تعداد کارگاه‌ها 20025025%"],
     [f"تعداد کارگاه‌ها{CELL_SEP}200{CELL_SEP}250{CELL_SEP}25%"]),
])
def test_table_rows(rows, expected):
    from pipeline.repair import layout

    out = layout._tables([MappedStr.identity(r) for r in rows])
    assert [o.text for o in out] == expected


def test_a_glued_growth_row_from_a_slide_becomes_cells():
    out = norm("%20025025ها در استانتعداد کارگاه\n\nهای کشاورزیتعریف خوشه\n")
    assert out.split("\n")[0] == f"تعداد کارگاه‌ها در استان{CELL_SEP}200{CELL_SEP}250{CELL_SEP}25%"


def test_rows_that_already_have_cells_are_left_alone():
    row = f"ردیف{CELL_SEP}عنوان{CELL_SEP}تعداد"
    assert norm(row + "\n" + f"1{CELL_SEP}کارگاه{CELL_SEP}40") == row + "\n" + f"1{CELL_SEP}کارگاه{CELL_SEP}40"


def test_every_character_keeps_its_origin():
    raw = "\n".join(as_visual(line) for line in PARAGRAPH) + "\n\n" + "\n\n".join(SLIDES) + "\n"
    out = normalize_mapped(MappedStr.identity(raw))
    uni = orthography.unify(MappedStr.identity(raw))
    unified = {o: c for c, o in zip(uni.text, uni.origin)}
    for ch, o in zip(out.text, out.origin):
        assert 0 <= o < len(raw)
        if ch not in " \n\t\u200c":  # synthetic separators point at a neighbour
            assert unified.get(o) == ch or (ch in "()[]«»" and raw[o] in "()[]«»"), (ch, raw[o])
