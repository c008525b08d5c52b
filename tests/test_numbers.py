"""The number parser: every form Persian reports write numbers in (extractors/numparse.py)."""
import pytest

from extractors.numparse import find_numbers, parse_number


@pytest.mark.parametrize("phrase, value", [
    ("25", 25),
    ("۲۵", 25),                          # Persian digits
    ("٢٥", 25),                          # Arabic-Indic digits
    ("25,000", 25000),                   # thousands separator
    ("۱۲٬۵۰۰", 12500),                   # Arabic thousands separator
    ("3.75", 3.75),
    ("۳٫۵", 3.5),                        # Arabic decimal separator
    ("4.5میلیون", 4500000),              # decimal glued to a scale
    ("۵/ ۳ میلیون", 3500000),            # visual-order decimal from a PDF: 3.5 million
    ("۲/ ۱ میلیارد", 1200000000),
    ("3/5 میلیون", 3500000),             # Persian decimal slash in reading order
    ("شش", 6),
    ("هجده", 18),
    ("هیجده", 18),
    ("بیست و پنج", 25),
    ("صد و بیست و سه", 123),
    ("سیصد", 300),
    ("سه هزار", 3000),
    ("سه هزار و پانصد", 3500),
    ("۲۵ هزار", 25000),
    ("25هزار", 25000),
    ("۱۲ هزار و ۳۰۰", 12300),            # digits and words mixed
    ("هزار و ۳۰۷", 1307),                # a bare هزار is one thousand
    ("یکهزار و 593", 1593),              # a unit glued to its scale
    ("چهار هزارو 779", 4779),            # و glued to the scale
    ("یک و نیم میلیون", 1500000),
    ("نیم میلیون", 500000),
    ("دو میلیون و پانصد هزار", 2500000),
    ("یک میلیارد و 400 میلیون", 1400000000),
    ("۲ هزار میلیارد", 2000000000000),   # scales compound
    ("سه هزار و پانصد میلیون", 3500000000),
])
def test_phrase_value(phrase, value):
    assert parse_number(phrase) == value


@pytest.mark.parametrize("text, found", [
    ("در حدود400 واحد", [("400", 400)]),
    ("اشتغال بیش از25هزار نفر", [("25هزار", 25000)]),
    ("مهرماه1391 آغاز شد", [("1391", 1391)]),
    ("۱۲ هزار و ۳۰۰ نفر و ۴۵ واحد", [("۱۲ هزار و ۳۰۰", 12300), ("۴۵", 45)]),
    ("300 400", [("300", 300), ("400", 400)]),                     # two numbers, not one
    ("۱۲ هزار ۳۰۰ نفر", [("۱۲ هزار", 12000), ("۳۰۰", 300)]),       # no و: two numbers
    ("پنج و بیست", [("پنج", 5), ("بیست", 20)]),                    # و adds only a smaller place
    ("شناسایی شده وپنج خوشه", [("پنج", 5)]),                       # a number word glued to «و»
    ("بیست وشش نفر", [("بیست وشش", 26)]),
    ("۱۸ هزار و ۹۴۸ نفر", [("۱۸ هزار و ۹۴۸", 18948)]),
    ("یک هزار و ۱۳۷ واحد", [("یک هزار و ۱۳۷", 1137)]),
    ("3هزارنفر", [("3هزار", 3000)]),                              # a noun glued to the scale
])
def test_numbers_in_running_text(text, found):
    nums = find_numbers(text)
    assert [(n.text, n.value) for n in nums] == found
    for n in nums:
        assert text[n.start:n.end] == n.text


@pytest.mark.parametrize("text", [
    "درصد سهم شده دهه هفته دوره سوم دوم",  # number words inside other words
    "ده‌ها نفر و صدها واحد و هزاران بافنده",  # vague plurals
    "1402/05/12",                            # a date
    "یکی از واحدها",
    "ششم و هفتم",                            # ordinals
    "وسیع وحشت ودیعه",                        # words that start with و
])
def test_not_numbers(text):
    assert find_numbers(text) == []


def test_lone_one_is_flagged_as_weak():
    (n,) = find_numbers("یک واحد")
    assert n.small_word
    (m,) = find_numbers("1 واحد")
    assert not m.small_word


def test_offsets_are_into_the_original_string():
    text = "بافندگان: ۲۵٬۰۰۰ نفر"
    (n,) = find_numbers(text)
    assert text[n.start:n.end] == "۲۵٬۰۰۰" and n.value == 25000
