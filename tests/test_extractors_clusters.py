"""Cluster identity: names, product, place, the main cluster, facts attached to their cluster, and one
canonical key for the same cluster named differently (extractors/clusters.py, extractors/attach.py)."""
import pytest

import extractors
from extractors.clusters import identify
from extractors.places import find_places
from pipeline.extract import extract
from pipeline.model import Cluster, Document, Page, Text


def text_of(s: str) -> Text:
    doc = Document(path="t.txt", format="txt", sha256="0" * 64, size=len(s), pages=[Page(1, s)])
    return Text(doc, s, list(range(len(s))))


@pytest.mark.parametrize("text, name, product, city, province", [
    ("خوشه چرم تبریز\nگزارش", "خوشه چرم تبریز", "چرم", "تبریز", "آذربایجان شرقی"),
    ("خوشه گلیم دستبافت استان ایلام\nگزارش", "خوشه گلیم دستباف ایلام", "گلیم دستباف", None, "ایلام"),
    ("خوشه صنعت سنگ ساختمانی محلات\nگزارش", "خوشه سنگ ساختمانی محلات", "سنگ ساختمانی", "محلات", "مرکزی"),
    ("بازدید از خوشه زعفران تربت حیدریه انجام شد.", "خوشه زعفران تربت حیدریه", "زعفران", "تربت حیدریه", "خراسان رضوی"),
    ("عامل توسعه خوشه مبلمان استان خراسان رضوی گفت", "خوشه مبلمان خراسان رضوی", "مبلمان", None, "خراسان رضوی"),
])
def test_a_cluster_its_product_and_place(text, name, product, city, province):
    (c,) = identify(text).clusters
    assert (c.name, c.product, c.city, c.province) == (name, product, city, province)


@pytest.mark.parametrize("a, b", [
    ("خوشه گلیم دست‌بافت استان ایلام گزارش داد.", "خوشه گلیم دستباف ایلام گزارش داد."),
    ("خوشه صنعت چرم تبریز فعال است.", "خوشه چرم تبریز فعال است."),
    ("خوشه گل و گیاهان زینتی نوشهر رشد کرد.", "خوشه گل و گیاه زینتی نوشهر رشد کرد."),
])
def test_the_same_cluster_named_two_ways_has_one_key(a, b):
    (ca,) = identify(a).clusters
    (cb,) = identify(b).clusters
    assert Cluster(ca.name).key == Cluster(cb.name).key


@pytest.mark.parametrize("text", [
    "خوشه‌های صنعتی موجب افزایش نوآوری می‌شوند.",
    "خوشه کسب و کار به مجموعه‌ای از واحدها گفته می‌شود.",
    "در این فرآیند نقاط ضعف خوشه شناسایی می‌شود.",
    "بستر خوشه تسهیل کننده کارآفرینی است.",
    "توسعه خوشه‌ای یک الگوی موفق است.",
])
def test_the_concept_is_not_a_cluster(text):
    assert identify(text).clusters == []


def test_several_clusters_a_main_one_and_priorities():
    s = ("خوشه سفال لالجین\n"
         "اولویت بندی خوشه های صنعتی استان همدان:\n"
         "1- خوشه سفال و سرامیک\n"
         "2- خوشه چرم\n"
         "3- خوشه مبلمان\n"
         "در خوشه سفال لالجین ۴۰۰ کارگاه فعال است و خوشه سفال لالجین ۲ هزار نفر اشتغال دارد.")
    found = identify(s)
    assert found.main.name == "خوشه سفال لالجین"
    text = text_of(s)
    facts = extractors.run(text)
    ranks = [(f.rank, f.value, f.cluster) for f in facts if f.type == "cluster_priority"]
    assert ranks == [(1, "خوشه سفال و سرامیک", "خوشه سفال و سرامیک همدان"),
                     (2, "خوشه چرم", "خوشه چرم همدان"), (3, "خوشه مبلمان", "خوشه مبلمان همدان")]
    units = next(f for f in facts if f.type == "production_units")
    assert units.value == 400 and units.cluster == "خوشه سفال لالجین"
    clusters = extractors.clusters_of(text, facts)
    assert all(isinstance(c, Cluster) for c in clusters)
    main = [c for c in clusters if c.main]
    assert [(c.name, c.product, c.city, c.province) for c in main] == [("خوشه سفال لالجین", "سفال", "لالجین", "همدان")]


def test_facts_attach_to_the_cluster_named_in_their_sentence():
    s = ("خوشه چرم تبریز\n"
         "در خوشه چرم تبریز ۳۰۰ واحد تولیدی فعال است.\n"
         "خوشه مبلمان استان اردبیل نیز ۱۲۰ واحد تولیدی دارد.\n"
         "در این خوشه ۱۵ تعاونی هم هست.")
    facts = extract(text_of(s)).facts
    by_value = {f.value: f.cluster for f in facts if f.type in ("production_units", "cooperatives")}
    assert by_value == {300: "خوشه چرم تبریز", 120: "خوشه مبلمان اردبیل", 15: "خوشه چرم تبریز"}


def test_a_programme_document_has_no_main_cluster():
    s = "تاکنون ۴۲۰ خوشه کسب و کار در سطح کشور شناسایی شده است.\nپروژه توسعه خوشه ای سه تا پنج ساله است."
    ex = extract(text_of(s))
    assert ex.clusters == []
    assert {f.scope for f in ex.facts} == {"national"}


@pytest.mark.parametrize("text, expected", [
    ("استان مرکزی و شهر اراک", [("مرکزی", "province"), ("اراک", "city")]),
    ("مرکزی و اراک", [("اراک", "city")]),                  # مرکزی alone is «central»
    ("خلیج فارس و استان فارس", [("فارس", "province")]),
    ("ظرافت بافت و شهرستان بافت", [("بافت", "city")]),      # بافت alone is «weave»
    ("استان قم و قم", [("قم", "province"), ("قم", "city")]),
])
def test_places(text, expected):
    assert [(p.name, p.kind) for p in find_places(text)] == expected


@pytest.mark.parametrize("text, name", [
    ("خوشه کسب و کار فرش دستباف تبریز فعال است.", "خوشه فرش دستباف تبریز"),
    ("خوشه کسب‌وکار صنایع دستی شهرستان میبد", "خوشه صنایع‌دستی میبد"),     # میبد is a place, not a verb
    ("خوشه میوه خشک ملایر تشکیل شد.", "خوشه میوه خشک ملایر"),            # میوه is a noun, not a verb
])
def test_names_with_words_that_look_like_verbs_or_kinds(text, name):
    assert [c.name for c in identify(text).clusters] == [name]


# --- one cluster under two names: the row key is the product's lemma and the province -------------
@pytest.mark.parametrize("product, lemma", [
    ("چاقو", "چاقو"),
    ("چاقوسازی", "چاقو"),                 # the activity noun of the product
    ("چاقوی", "چاقو"),                    # the ezafe after a vowel («خوشه چاقوی ...»)
    ("گیاهان دارویی", "گیاه دارویی"),      # plural
    ("گیاه داروئی", "گیاه دارویی"),
    ("صنعت کاشی", "کاشی"),                 # a kind word at the head
    ("ظروف سنگ‌های قیمتی", "ظروف سنگ قیمتی"),
    ("گلیم بافی", "گلیم"),                 # the ending written apart
    ("قالیبافی", "فرش"),
    ("فرش دست‌بافت", "فرش"),               # دستباف restates what «خوشه فرش» means
    ("فرش ماشینی", "فرش ماشینی"),          # ... but ماشینی makes another product
    ("مرغداری", "مرغ"),
    ("ترشی جات", "ترشی"),
    ("لوازم اداری", "لوازم اداری"),        # اداری is no «-داری» of «ا»
    ("چاقوی آشپزخانه", "چاقو آشپزخانه"),   # the whole product, not its head
])
def test_product_lemma(product, lemma):
    from extractors.clusters import product_lemma

    assert product_lemma(product) == lemma


def _ident(text: str) -> str:
    (c,) = identify(text).clusters
    return c.ident


@pytest.mark.parametrize("a, b", [
    ("کارگاه‌های خوشه چاقو یزد گسترش یافت.", "کارگاه‌های خوشه چاقوسازی استان یزد گسترش یافت."),
    ("بازدید از خوشه گیاه دارویی کرمان", "بازدید از خوشه گیاهان داروئی کرمان"),
    ("عامل توسعه خوشه صنعت کاشی میبد گفت", "عامل توسعه خوشه کاشی یزد گفت"),     # a city counts for its province
    ("خوشه سنگ‌های تزئینی ارومیه فعال است.", "خوشه سنگ تزئینی آذربایجان‌غربی فعال است."),
    ("خوشه گلیم‌بافی اردبیل رشد کرد.", "خوشه گلیم بافی استان اردبیل رشد کرد."),
    ("خوشه خرمای کرمان رشد کرد.", "خوشه خرما استان کرمان رشد کرد."),
    ("خوشه قالی سنندج رشد کرد.", "خوشه فرش دستباف کردستان رشد کرد."),
    ("خوشه آبزی‌پروری گیلان رشد کرد.", "خوشه آبزی پروری رشت رشد کرد."),
])
def test_one_cluster_under_two_names_has_one_key(a, b):
    assert _ident(a) == _ident(b)


@pytest.mark.parametrize("a, b", [
    ("خوشه فرش کاشان رشد کرد.", "خوشه فرش ماشینی کاشان رشد کرد."),
    ("خوشه چاقو زنجان رشد کرد.", "خوشه چاقوی آشپزخانه زنجان رشد کرد."),
    ("خوشه چاقو زنجان رشد کرد.", "خوشه چاقو قزوین رشد کرد."),
    ("خوشه گیاه دارویی شیراز رشد کرد.", "خوشه گیاه زینتی شیراز رشد کرد."),
])
def test_different_products_or_provinces_have_different_keys(a, b):
    assert _ident(a) != _ident(b)


def test_one_document_merges_two_names_of_one_cluster_and_keeps_two_cities_apart():
    one = identify("خوشه چاقو زنجان\nدر خوشه چاقوسازی استان زنجان ۳۰۰ کارگاه فعال است.\n")
    assert [(c.name, c.city, c.province) for c in one.clusters] == [("خوشه چاقوسازی زنجان", "زنجان", "زنجان")]
    two = identify("خوشه فرش کاشان ۱۰ واحد دارد و خوشه فرش نائین ۲۰ واحد دارد.\n")
    assert {c.name for c in two.clusters} == {"خوشه فرش کاشان", "خوشه فرش نائین"}
    assert len({c.ident for c in two.clusters}) == 2


@pytest.mark.parametrize("order", [("a.txt", "b.txt"), ("b.txt", "a.txt")])
def test_the_same_cluster_named_in_two_documents_is_one_row(khooshe, tmp_path, order):
    import sqlite3

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("خوشه چاقوسازی زنجان\nدر خوشه چاقوسازی زنجان ۳۰۰ کارگاه فعال است.\n", encoding="utf-8")
    (docs / "b.txt").write_text("خوشه چاقوی استان زنجان\nخوشه چاقوی استان زنجان ۱۲ تعاونی دارد.\n", encoding="utf-8")
    db = tmp_path / "k.db"
    for name in order:
        assert khooshe("ingest", docs / name, "--db", db).code == 0
    con = sqlite3.connect(db)
    rows = con.execute("select id, name, province from clusters").fetchall()
    # the shorter of the two names, whichever document came first (a parallel run stores the same)
    assert len(rows) == 1 and rows[0][1] == "خوشه چاقوی زنجان" and rows[0][2] == "زنجان"
    facts = con.execute("select type, cluster_id from facts where type in ('production_units', 'cooperatives')").fetchall()
    assert sorted(facts) == [("cooperatives", rows[0][0]), ("production_units", rows[0][0])]


# --- a list under a heading that names a province: the items' province ---------------------------
_ELSEWHERE = "گزارش شرکت شهرک‌های صنعتی اصفهان درباره صنایع اصفهان منتشر شد.\n"


@pytest.mark.parametrize("text, expected", [
    (_ELSEWHERE + "خوشه‌های برتر استان زنجان:\n۱- خوشه چاقو\n۲- خوشه فرش دستباف\n",
     [("خوشه چاقو زنجان", "زنجان"), ("خوشه فرش دستباف زنجان", "زنجان")]),
    (_ELSEWHERE + "خوشه‌های برتر استان زنجان: ۱- خوشه چاقو ۲- خوشه زنبورداری ۳- خوشه سفال\n",
     [("خوشه چاقو زنجان", "زنجان"), ("خوشه زنبورداری زنجان", "زنجان"), ("خوشه سفال زنجان", "زنجان")]),
    (_ELSEWHERE + "خوشه‌های منتخب استان گلستان عبارتند از:\n1- ابریشم\n2- صنایع چوب\n",
     [("خوشه ابریشم گلستان", "گلستان"), ("خوشه صنایع چوب گلستان", "گلستان")]),
    (_ELSEWHERE + "اولویت بندی خوشه‌های شهرستان کاشان:\n1- گلاب\n2- فرش\n",
     [("خوشه گلاب کاشان", "اصفهان"), ("خوشه فرش کاشان", "اصفهان")]),
    # an item naming its own place keeps it
    (_ELSEWHERE + "خوشه‌های برتر استان کرمان:\n1- خوشه پسته رفسنجان\n2- خوشه خرما\n",
     [("خوشه پسته رفسنجان", "کرمان"), ("خوشه خرما کرمان", "کرمان")]),
])
def test_a_headed_list_gives_its_items_the_headings_place(text, expected):
    assert [(c.name, c.province) for c in identify(text).clusters] == expected


@pytest.mark.parametrize("text", [
    "ویژگی‌های خوشه‌ها در استان یزد:\n1- بازار مناسب\n2- نیروی کار ماهر\n",          # not a list of clusters
    "خوشه‌های استان یزد:\n1- وجود بازار مناسب برای فروش است\n2- نیروی کار ماهر\n",  # items are sentences
])
def test_a_headed_list_of_other_things_names_no_cluster(text):
    assert identify(text).clusters == []


def test_a_ranked_list_on_one_line_gives_ranks_and_no_counts():
    s = _ELSEWHERE + "خوشه‌های برتر استان زنجان: ۱- خوشه چاقو ۲- خوشه زنبورداری\n"
    facts = extractors.run(text_of(s))
    assert [(f.rank, f.cluster) for f in facts if f.type == "cluster_priority"] == [
        (1, "خوشه چاقو زنجان"), (2, "خوشه زنبورداری زنجان")]
    assert not [f for f in facts if f.type == "clusters"]  # «۱- خوشه» is a list number


def test_a_range_after_a_colon_is_still_a_range():
    facts = extractors.run(text_of("تعداد واحدها: 12 - 15 واحد"))
    assert [(f.value, f.qualifier) for f in facts if f.type == "units"] == [(12, "at_least"), (15, "at_most")]


# --- the province of a cluster from its name or its sentence, through the gazetteer ----------------
def test_the_gazetteer_has_the_31_provinces_and_each_capital():
    from extractors import lexicon
    from extractors.places import lookup, provinces

    assert len(provinces()) == 31
    cities = {row[0]: row[1] for row in lexicon.rows("cities.tsv")}
    assert set(cities.values()) == set(provinces())  # every city in a known province, every province has cities
    for capital in ("تبریز", "ارومیه", "اردبیل", "اصفهان", "کرج", "ایلام", "بوشهر", "تهران", "شهرکرد", "بیرجند",
                    "مشهد", "بجنورد", "اهواز", "زنجان", "سمنان", "زاهدان", "شیراز", "قزوین", "قم", "سنندج",
                    "کرمان", "کرمانشاه", "یاسوج", "گرگان", "رشت", "خرم آباد", "ساری", "اراک", "بندرعباس",
                    "همدان", "یزد"):
        assert lookup(capital) is not None and lookup(capital)[2] in provinces(), capital


@pytest.mark.parametrize("spelling, province", [
    ("آذربایجان شرقی", "آذربایجان شرقی"), ("آذربایجانشرقی", "آذربایجان شرقی"), ("آذربایجان‌شرقی", "آذربایجان شرقی"),
    ("آذربایجان غربی", "آذربایجان غربی"),
    ("کهگیلویه و بویراحمد", "کهگیلویه و بویراحمد"), ("کهگیلویه وبویراحمد", "کهگیلویه و بویراحمد"),
    ("سیستان و بلوچستان", "سیستان و بلوچستان"), ("سیستان‌وبلوچستان", "سیستان و بلوچستان"),
    ("چهارمحال و بختیاری", "چهارمحال و بختیاری"), ("چهار محال و بختیاری", "چهارمحال و بختیاری"),
    ("خراسان رضوی", "خراسان رضوی"), ("خراسان شمالی", "خراسان شمالی"), ("خراسان جنوبی", "خراسان جنوبی"),
    ("خراسان‌رضوی", "خراسان رضوی"),
])
def test_province_spellings(spelling, province):
    assert [(p.name, p.province) for p in find_places("استان " + spelling)] == [(province, province)]


@pytest.mark.parametrize("text, name, province", [
    ("عامل توسعه خوشه زنبورداری زنجان گفت", "خوشه زنبورداری زنجان", "زنجان"),
    ("بازدید از خوشه چاقوسازی تبریز انجام شد.", "خوشه چاقوسازی تبریز", "آذربایجان شرقی"),
    ("خوشه گل و گیاه زینتی محلات رشد کرد.", "خوشه گل و گیاه زینتی محلات", "مرکزی"),
    ("خوشه عسل استان کهگیلویه و بویراحمد رشد کرد.", "خوشه عسل کهگیلویه و بویراحمد", "کهگیلویه و بویراحمد"),
    ("خوشه خرمای سیستان و بلوچستان رشد کرد.", "خوشه خرمای سیستان و بلوچستان", "سیستان و بلوچستان"),
    ("خوشه فرش استان آذربایجانشرقی رشد کرد.", "خوشه فرش آذربایجان شرقی", "آذربایجان شرقی"),
    ("خوشه زعفران خراسان جنوبی رشد کرد.", "خوشه زعفران خراسان جنوبی", "خراسان جنوبی"),
    ("خوشه گلیم چهارمحال و بختیاری رشد کرد.", "خوشه گلیم چهارمحال و بختیاری", "چهارمحال و بختیاری"),
])
def test_a_clusters_province_from_its_name(text, name, province):
    (c,) = identify(text).clusters
    assert (c.name, c.province) == (name, province)


@pytest.mark.parametrize("text", [
    "بهار امسال نمایشگاه انار و پسته برگزار شد.",       # بهار "spring", انار "pomegranate": cities too
    "ظرافت بافت فرش و نور کارگاه مهم است.",             # بافت "weave", نور "light"
    "در محلات قدیمی شهر کارگاه‌های زیادی هست.",         # محلات "neighbourhoods"
    "خلیج فارس و دریای خزر",                              # فارس of the gulf, not the province
])
def test_a_city_that_is_also_a_common_word_needs_context(text):
    assert find_places(text) == []
