"""MappedStr keeps every character's raw origin through edits; Text maps offsets to page and line."""
import re

import pytest

from pipeline.model import Document, Fact, MappedStr, Page, Text


def test_identity_and_slices_keep_origin():
    s = MappedStr.identity("خوشه فرش", start=10)
    assert s[5:].text == "فرش" and s[5:].origin == [15, 16, 17]


def test_sub_with_same_length_maps_one_to_one():
    s = MappedStr.identity("كي خوشه").sub("ك", "ک")
    assert s.text == "کي خوشه" and s.origin == list(range(7))


def test_sub_that_shortens_maps_to_the_match():
    s = MappedStr.identity("معرفــــی").sub("ـ+", "")
    assert s.text == "معرفی"
    assert s.origin == [0, 1, 2, 3, 8]


def test_sub_that_lengthens_maps_extra_characters_to_the_match_end():
    s = MappedStr.identity("حدود400").sub(r"(?<=\D)(?=\d)", " ")
    assert s.text == "حدود 400"
    assert s.origin[4] == 4  # the inserted space points at the first digit
    assert s.origin[5:] == [4, 5, 6]


def test_translate_drops_and_expands():
    s = MappedStr.identity("a\u0640b").translate({0x640: None, ord("b"): "bb"})
    assert s.text == "abb" and s.origin == [0, 2, 2]


def test_reordering_runs_keeps_each_characters_origin():
    line = MappedStr.identity("از  ای  مجموعه")
    runs = [line[m.start():m.end()] for m in re.finditer(r"\S+", line.text)]
    repaired = MappedStr.join(" ", reversed(runs))
    assert repaired.text == "مجموعه ای از"
    for ch, o in zip(repaired.text, repaired.origin):
        if ch != " ":
            assert line.text[o] == ch


def test_join_and_split_lines_roundtrip():
    parts = [MappedStr.identity("سطر", 0), MappedStr.identity("دوم", 10)]
    joined = MappedStr.join("\n", parts)
    assert [p.text for p in joined.split_lines()] == ["سطر", "دوم"]
    assert joined.split_lines()[1].origin == [10, 11, 12]


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        MappedStr("ab", [0])


def _doc(*pages):
    return Document(path="/x/r.txt", format="txt", sha256="0" * 64, size=1,
                    pages=[Page(i + 1, t) for i, t in enumerate(pages)])


def test_text_maps_offsets_to_raw_page_and_line():
    doc = _doc("سطر یک\nسطر دو", "صفحه دو\nسطر دوم صفحه دو")
    mapped = MappedStr.identity(doc.raw_text).sub("\f", "\n")
    text = Text.from_mapped(doc, mapped, "test")
    offset = text.text.index("سطر دوم")
    assert text.page_of(offset) == 2
    assert text.raw_line_of(offset) == (2, 2)
    assert text.raw_line_of(text.text.index("دو")) == (1, 2)


def test_origin_runs_roundtrip():
    doc = _doc("abc def ghi")
    m = MappedStr.identity(doc.raw_text)
    reordered = m[8:] + m[3:8] + m[:3]
    text = Text.from_mapped(doc, reordered)
    runs = text.origin_runs()
    assert len(runs) == 3
    assert Text.origin_from_runs(runs, len(text.text)) == text.origin


def test_fact_refuses_unknown_qualifier():
    with pytest.raises(ValueError, match="unknown qualifier"):
        Fact(type="weavers", value=10, start=0, end=1, qualifier="roughly")


def test_fact_integer_values_serialize_as_integers():
    assert Fact(type="weavers", value=25000.0, start=0, end=1).to_dict()["value"] == 25000
