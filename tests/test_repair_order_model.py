"""The order-scoring API other stages call (the PDF reader checks its assembled lines with it)."""
from __future__ import annotations

import pytest

from pipeline.model import MappedStr
from pipeline.repair import order_model


@pytest.mark.parametrize("right, wrong", [
    # constraints of Persian: a suffix after its noun, «می» before its verb, no preposition before «را»
    (["خوشه", "های", "صنعتی"], ["های", "خوشه", "صنعتی"]),
    (["گزارش", "را", "منتشر", "کرد"], ["را", "گزارش", "منتشر", "کرد"]),
    (["این", "طرح", "اجرا", "می", "شود"], ["این", "طرح", "اجرا", "شود", "می"]),
    (["در", "این", "استان"], ["استان", "این", "در"]),
    (["پیش", "بینی", "شده", "است"], ["بینی", "پیش", "شده", "است"]),  # a listed compound
])
def test_score_prefers_the_persian_order(right, wrong):
    assert order_model.score(right) > order_model.score(wrong)


def test_the_score_of_two_orders_differs_by_their_junctions():
    diff = order_model.score(["به", "شهر"]) - order_model.score(["شهر", "به"])
    assert diff == pytest.approx(order_model.junction("به", "شهر") - order_model.junction("شهر", "به"))
    assert diff > 0


@pytest.mark.parametrize("line, expected", [
    ("شد  برگزار  آموزشی  دوره  این  در", "در این دوره آموزشی برگزار شد"),
    ("گرفت  قرار  استفاده  مورد  دستگاه  این", "این دستگاه مورد استفاده قرار گرفت"),
    ("شود  می  برگزار  نمایشگاه  این", "این نمایشگاه برگزار می شود"),
    ("را  گزارش  این  استان  مدیر", "مدیر استان این گزارش را"),
    ("های صنعتیتعریف شهرک", "تعریف شهرک‌های صنعتی"),
])
def test_best_order_repairs_a_visual_line(line, expected):
    out = order_model.best_order(MappedStr.identity(line))
    assert out.text.replace("\u200c", "") == expected.replace("\u200c", "")


@pytest.mark.parametrize("line", [
    "در این دوره آموزشی برگزار شد",
    "این نمایشگاه هر سال  برگزار می‌شود",
    "صادرات خوشه در سال 1401 به 18 میلیون دلار رسید.",
])
def test_best_order_leaves_a_line_in_order(line):
    assert order_model.best_order(MappedStr.identity(line)).text == " ".join(line.split())


def test_best_order_uses_the_neighbouring_words():
    # «های» needs a noun before it: with «فعالیت» ending the line above, the line is in order
    line = MappedStr.identity("های  اعضا  با  همکاری")
    alone = order_model.best_order(line).text
    assert alone == "همکاری با اعضا های" or alone.startswith("همکاری")
    assert order_model.best_order(line, before="فعالیت").text.startswith("های")


def test_best_order_keeps_the_map():
    raw = "xx شد  برگزار  آموزشی  دوره yy"
    line = MappedStr.identity(raw[3:-3], start=3)
    out = order_model.best_order(line)
    for ch, o in zip(out.text, out.origin):
        assert ch == " " or raw[o] == ch


def test_the_model_loads_once():
    assert order_model.load() is order_model.load()
