"""Extraction on the phrasings of real provincial cluster news (sentences written for these tests in
the shapes such news takes: repeated headlines, lists of clusters, programme figures, officials,
abbreviations, glued words). Each table row is one phenomenon; a bug found on real news gets a row."""
import pytest

import extractors
from pipeline.model import Document, Page, Text


def text_of(s: str) -> Text:
    doc = Document(path="t.txt", format="txt", sha256="0" * 64, size=len(s), pages=[Page(1, s)])
    return Text(doc, s, list(range(len(s))))


def facts(s: str, only=None):
    return extractors.run(text_of(s), only=only)


def test_a_sentence_the_page_repeats_gives_its_facts_once():
    lead = "مدیرعامل شرکت شهرک‌های صنعتی گیلان از فعالیت ۳ خوشه با اشتغال ۹۰۰ نفر خبر داد."
    s = f"{lead}\n{lead}\nبه گزارش خبرنگار ما، در این خوشه‌ها ۹۰۰ نفر اشتغال دارند.\n{lead}"
    got = [(f.type, f.value, f.evidence) for f in facts(s) if f.type == "employees"]
    assert [(t, v) for t, v, _ in got] == [("employees", 900), ("employees", 900)]
    assert got[0][2] != got[1][2]  # the same figure in another sentence stays
    orgs = [f for f in facts(s) if f.type == "organization"]
    assert len(orgs) == 1 and orgs[0].start == s.index("شرکت")  # the first mention is kept


def orgs(s: str):
    return [f.value for f in facts(s, only=["fa.organizations"])]


@pytest.mark.parametrize("sentence, expected", [
    # a name ends before «بعنوان», a glued preposition, a verb's participle
    ("مدیرعامل شرکت شهرک‌های صنعتی گیلان افزود: شرکت شهرک‌های صنعتی بعنوان مسئول توسعه خوشه‌ها "
     "در استان کار می‌کند.", ["شرکت شهرک‌های صنعتی گیلان"]),
    ("کارشناس سازمان صنایع کوچک درجلسه بررسی خوشه چرم شرکت کرد.", ["سازمان صنایع کوچک و شهرک‌های صنعتی ایران"]),
    ("هنرجویانی که گواهی سازمان فنی و حرفه‌ای داشته باشند وام می‌گیرند.", ["سازمان فنی و حرفه‌ای"]),
    # common abbreviations, written out
    ("نمایندگان سازمان صمت و سازمان جهاد کشاورزی در جلسه بودند.",
     ["سازمان صنعت، معدن و تجارت", "سازمان جهاد کشاورزی"]),
    ("مدیرکل صمت استان اردبیل از بازدید خبر داد.", ["اداره کل صنعت، معدن و تجارت استان اردبیل"]),
    ("با حمایت ایمیدرو یک واحد فرآوری راه اندازی شد.", ["سازمان توسعه و نوسازی معادن و صنایع معدنی ایران"]),
    # a name with glued «و» or a courtesy word is written as the body's name
    ("رئیس سازمان صنایع کوچک وشهرکهای صنعتی ایران افزود", ["سازمان صنایع کوچک و شهرک های صنعتی ایران"]),
    ("در دفتر مدیرکل محترم میراث فرهنگی، صنایع دستی و گردشگری استان کرمان",
     ["اداره کل میراث فرهنگی، صنایع دستی و گردشگری استان کرمان"]),
    ("نشست در دفتر معاونت محترم برنامه‌ریزی و توسعه منابع استانداری گیلان برپا شد.",
     ["معاونت برنامه‌ریزی و توسعه منابع استانداری گیلان"]),
    # «استان» alone: the province the document is about
    ("معاون شرکت شهرک‌های صنعتی استان گفت: در خراسان جنوبی دو خوشه شناسایی شده و خراسان جنوبی خوشه سوم را دارد.",
     ["شرکت شهرک‌های صنعتی استان خراسان جنوبی"]),
    # not names: a count of such bodies, a page cut inside a name
    ("معاونان ۵ شرکت شهرک‌های صنعتی کشور در نشست حضور داشتند.", []),
    ("معاون شرکت شهرک‌های صنعتی ا", []),
    # a national fund known by its short name
    ("تفاهم‌نامه‌ای با صندوق کارآفرینی امید امضا شد.", ["صندوق کارآفرینی امید"]),
])
def test_organization_names_in_news(sentence, expected):
    assert orgs(sentence) == expected


def counts(s: str):
    return [(f.type, f.value, f.qualifier) for f in facts(s, only=["fa.counts"])]


NATIONAL_BODY = "رئیس سازمان صنایع کوچک و شهرک‌های صنعتی ایران افزود: "


@pytest.mark.parametrize("sentence, expected", [
    # the cue nearest the number, in the right direction; a cue right before the number is its own
    ("تا آخر سال ۱۴۰۰، شمار ۵۲۰ خوشه در کشور شناسایی شده و ۱۱۰ خوشه در حال توسعه است؛ "
     "امکان سنجی ۱۴۰ خوشه هم به پایان رسیده است.",
     [("national_clusters_identified", 520, "exact"), ("national_projects_in_progress", 110, "exact"),
      ("national_clusters_feasibility_studied", 140, "exact")]),
    (NATIONAL_BODY + "با شناسایی ۳۱۰ خوشه کسب و کار، مطالعات امکان سنجی ۹۰ خوشه و فعالیت‌های توسعه‌ای ۴۰ خوشه "
     "به پایان رسیده است.",
     [("national_clusters_identified", 310, "exact"), ("national_clusters_feasibility_studied", 90, "exact"),
      ("national_projects_completed", 40, "exact")]),
    ("پس از شناسایی ۲۹۰ خوشه صنعتی در کشور، توسعه ۲۲ خوشه تکمیل شد و ۸۰ خوشه دیگر در حال توسعه‌اند.",
     [("national_clusters_identified", 290, "exact"), ("national_projects_completed", 22, "exact"),
      ("national_projects_in_progress", 80, "exact")]),
    # one scope per mention: the country's figure and the province's in one sentence
    ("در سراسر کشور ۵۱۰ خوشه شناسایی شده و استان یزد ۹ خوشه ثبت‌شده دارد.",
     [("national_clusters_identified", 510, "exact"), ("clusters", 9, "exact")]),
    # a province's figures, a number word glued to «و»
    ("در گیلان ۱۴ خوشه صنعتی شناسایی شده وسه خوشه به خاتمه رسیده است.",
     [("clusters_identified", 14, "exact"), ("projects_completed", 3, "exact")]),
    # the same figure in the headline and the lead: one scope, the document's
    ("۶۰۰ خوشه کسب و کار در سطح کشور شناسایی شد\n" + NATIONAL_BODY + "تا امروز ۶۰۰ خوشه کسب و کار شناسایی شده است.",
     [("national_clusters_identified", 600, "exact"), ("national_clusters_identified", 600, "exact")]),
    # numbers mixing digits and words
    ("در این شهرستان ۱۸ هزار و ۹۴۸ نفر بافنده وجود دارد.", [("weavers", 18948, "exact")]),
    ("بیش از نیم میلیون نفر در خوشه‌های کشور شاغل هستند.", [("employees", 500000, "more_than")]),
    ("یک هزار و ۲۴۰ واحد در شهرک‌های صنعتی استان فعال است.", [("production_units", 1240, "exact")]),
    # money written as an adjective, members
    ("اعتبار ۲۰۰ میلیون تومانی برای خوشه‌های استان تخصیص یافت.", [("credit", 2000, "exact")]),
    ("صادرات خوشه در سال سوم ۱۲۰۰ میلیارد ریالی بود.", [("export_value", 1200000, "exact")]),
    ("خوشه ماشین آلات کشاورزی دارای ۳۵ عضو است.", [("members", 35, "exact")]),
    # incidental figures: bodies counted, an example, household size, attendance, a share of a group
    ("معاونان ۵ شرکت شهرک‌های صنعتی کشور در نشست حضور داشتند.", []),
    ("به عنوان مثال ممکن است فقط یک واحد کارگاهی در دو آمار بیاید.", []),
    ("هر شاغل به طور متوسط سرپرست یک خانوار ۵ نفری است.", []),
    ("در این نشست آموزشی ۴۲ نفر از ده استان حضور داشتند.", []),
    ("کارگاه آموزشی بازاریابی با حضور ۱۲۰ نفر برگزار شد.", []),
    ("۸۵ درصد کارگاه‌ها کمتر از ۱۰ نفر کارکن دارند.", []),
])
def test_counts_in_news(sentence, expected):
    assert counts(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("دو سال از تشکیل خوشه چرم تبریز در قالب این طرح می‌گذرد.", []),
    ("نشست بررسی کارنامه یک ساله خوشه انار برپا شد و برنامه توسعه مرور شد.", []),
    ("در این یک سال برنامه‌های توسعه خوشه اجرا شد.", []),
    ("مدت قرارداد عامل توسعه خوشه سه سال است.", [3]),
    ("طرح این خوشه در مدت سه سال به انجام می‌رسد.", [3]),
])
def test_durations_in_news(sentence, expected):
    assert [f.value for f in facts(sentence, only=["fa.durations"])] == expected


def test_a_meeting_at_an_office_is_not_the_office_founded():
    s = "جلسه کمیته خوشه روز دوشنبه ۹۸/۰۲/۱۴ در محل دفتر معاونت اقتصادی استانداری تشکیل شد."
    assert [f.type for f in facts(s, only=["fa.dates"])] == ["date"]


def cluster_names(s: str):
    from extractors.clusters import identify

    return [c.name for c in identify(s).clusters]


@pytest.mark.parametrize("text, names", [
    # a count, then that many clusters, each with its place; a kind word glued to the first
    ("فرآیند توسعه ۳ خوشه صنعتیسفال لالجین، مبلمان همدان و چرم تبریز به پایان رسید.",
     ["خوشه سفال لالجین", "خوشه مبلمان همدان", "خوشه چرم تبریز"]),
    # a count, the clusters, then their shared place
    ("ایجاد ۲ خوشه صنعتی زعفران و پسته در خراسان رضوی", ["خوشه زعفران خراسان رضوی", "خوشه پسته خراسان رضوی"]),
    ("دو خوشه کشمش و انگور در استان قزوین شناسایی شد.", ["خوشه کشمش قزوین", "خوشه انگور قزوین"]),
    # a plural list: named with their places, or without places before a stage of the programme
    ("خوشه‌های انار ساوه، انگور ملایر و پسته دامغان از خوشه‌های شناسایی شده هستند.",
     ["خوشه انار ساوه", "خوشه انگور ملایر", "خوشه پسته دامغان"]),
    ("خوشه‌های پسته رفسنجان و سیب جیرفت و تجهیزات کشاورزی از دیگر خوشه‌های استان هستند.",
     ["خوشه پسته رفسنجان", "خوشه سیب جیرفت"]),
    ("به گفته وی در اردبیل خوشه‌های گلیم، فرش و عسل در حال توسعه هستند و اردبیل خوشه چهارم را هم دارد.",
     ["خوشه گلیم اردبیل", "خوشه فرش اردبیل", "خوشه عسل اردبیل"]),
    # one name with a comma in it, reaching its place
    ("نشست کمیته خوشه گلیم، جاجیم و ورنی اردبیل برگزار شد.", ["خوشه گلیم جاجیم و ورنی اردبیل"]),
    # the ezafe written apart; a cue before «خوشه»; a stage verb after it; names joined by «و»
    ("معاون شرکت شهرک‌های صنعتی آذربایجان شرقی از راه‌اندازی خوشه ی چرم سخن گفت.", ["خوشه چرم آذربایجان شرقی"]),
    ("در قم عامل توسعه خوشه مبلمان انتخاب شد و قم پیشتاز است.", ["خوشه مبلمان قم"]),
    ("در استان یزد خوشه کاشی و خوشه سفال راه‌اندازی شد.", ["خوشه کاشی یزد", "خوشه سفال یزد"]),
    # a headline naming the cluster without «خوشه» before it
    ("سفال لالجین در یک قدمی خوشه شدن\nمطالعات این خوشه به پایان رسید.", ["خوشه سفال لالجین"]),
    # words after «توسعه خوشه» that are the rest of the sentence, not a product
    ("توسعه خوشه باعث رشد صادرات استان کرمان می‌شود.", []),
    ("دوره توسعه خوشه سه ساله است و در کرمان پیگیری می‌شود.", []),
    ("تصمیمات لازم برای توسعه خوشه اتخاذ گردید. کرمان", []),
    ("این شرکت از اعضای خوشه نیست و در کرمان فعال است.", []),
    ("در گیلان ۵ خوشه صنعتی کسب و کار با ۷۰۰ شاغل فعالیت دارند.", []),
    ("طی پروژه توسعه خوشه مشکلات اعضا در کرمان بررسی می‌شود.", []),
    ("با اجرای توسعه خوشه همه اعضا در کرمان سود می‌برند.", []),
])
def test_clusters_in_news(text, names):
    assert cluster_names(text) == names


def test_a_long_name_in_running_text_does_not_rename_the_cluster():
    s = ("توسعه خوشه ملیله ابزاری مهم در سامان دادن این هنر است.\n"
         "با پیگیری عامل توسعه خوشه ملیله، برنامه سال نخست در زنجان اجرا شد.")
    assert cluster_names(s) == ["خوشه ملیله زنجان"]


@pytest.mark.parametrize("sentence, expected", [
    ("در استان ۳۱۰ واحد سنگبری فعال است.", [("production_units", 310, "exact")]),
    # a line broken mid-sentence: «که ... این رقم» goes on with the cue of the line before
    ("میزان فروش خوشه پیش از این ۲۰۰ هزار دلار بود\nکه پس از دو سال این رقم به یک میلیون دلار رسید.",
     [("sales_value", 200000, "exact"), ("sales_value", 1000000, "exact")]),
    ("مرکز طراحی با هزینه ۵۰۰ میلیون ریالی ایجاد شد و فروشگاه‌های خوشه گسترش یافت.", [("investment", 500, "exact")]),
    ("سالانه حدود ۲۰ میلیون جفت کفش در این استان تولید می‌شود.", [("production_volume", 20000000, "approx")]),
    ("مصرف سالانه کفش در کشور حدود ۴۰۰ میلیون جفت است و تولید داخلی کم است.", []),
    # an average per unit, units that are not people, the longer of two labels
    ("متوسط اشتغال در هر واحد تولیدی ۱۲ نفر است.", []),
    ("بیش از دو هزار نفر در این کارخانه‌ها کار می‌کنند و نطنز با ۴۰ واحد در صدر است.",
     [("employees", 2000, "more_than"), ("units", 40, "exact")]),
    ("ایجاد اشتغال برای ۱۲۰ نفر پیش بینی شده است.", [("jobs_created", 120, "exact")]),
    # a growth word of another clause
    ("این کار بهره‌وری را افزایش می‌دهد و این است که ۶۰ درصد تولیدات خوشه بر پایه طلا است.", []),
    # programme projects
    (NATIONAL_BODY + "۷ پروژه توسعه خوشه‌ای در حال اجراست و ۹ پروژه توسعه خوشه‌ای پایان یافته است.",
     [("national_projects_in_progress", 7, "exact"), ("national_projects_completed", 9, "exact")]),
])
def test_more_counts_in_news(sentence, expected):
    assert counts(sentence) == expected


def test_units_of_a_volume():
    (f,) = facts("سالانه حدود ۲۰ میلیون جفت کفش در این استان تولید می‌شود.", only=["fa.counts"])
    assert f.unit == "pairs_per_year"


@pytest.mark.parametrize("sentence, expected", [
    ("معاون شرکت شهرکهای صنعتی استان آذربایجانشرقی افزود", ["شرکت شهرکهای صنعتی استان آذربایجان شرقی"]),
    ("رئیس اداره باغبانی سازمان جهادکشاورزی گلستان افزود", ["اداره باغبانی سازمان جهاد کشاورزی گلستان"]),
    ("نماینده شرکت شهرک‌های صنعتی استان بخش خوشه‌ها در نشست تبریز بود و تبریز میزبان است.",
     ["شرکت شهرک‌های صنعتی استان آذربایجان شرقی"]),
    ("مرکز فروش پسته استان کرمان به زودی گشایش می‌یابد.", []),
])
def test_more_organization_names(sentence, expected):
    assert orgs(sentence) == expected


@pytest.mark.parametrize("text, names", [
    # an organization's head ends a cluster's name
    ("عامل توسعه خوشه مس شرکت شهرک‌های صنعتی زنجان افزود", ["خوشه مس زنجان"]),
    # the product word again: the name ended before the rest of the sentence
    ("در راستای سیاست‌های خوشه صنعتی انار بازار فروش انار استان مرکزی در تهران راه‌اندازی می‌شود.",
     ["خوشه انار مرکزی"]),
    # a stage later in the clause; one placed item after a plural
    ("خوشه صنعتی پسته تا کنون در سه استان اجرا شده است. در استان سمنان هم سمنان پیشتاز است.", ["خوشه پسته سمنان"]),
    ("در نشست با اعضای خوشه‌های صنعتی زعفران استان خراسان جنوبی گفت", ["خوشه زعفران خراسان جنوبی"]),
    # no product named; a kind word mistyped
    ("کمک به خوشه‌های صنعتی محصولات استان سمنان ادامه می‌یابد.", []),
    ("نمایندگان خوشه‌های کسب و کر شهرستان ساوه آمدند.", []),
])
def test_more_clusters_in_news(text, names):
    assert cluster_names(text) == names


@pytest.mark.parametrize("sentence, expected", [
    ("در استان سمنان نیز از سال 88 تا 92 مرحله اول طرح خوشه اجرا شد.",
     [("start_date", "1388"), ("end_date", "1392")]),
    ("قرارداد عامل توسعه از سال‌های ۱۳۹۶ الی ۱۳۹۹ اجرا شد.", [("start_date", "1396"), ("end_date", "1399")]),
])
def test_a_project_span_gives_start_and_end(sentence, expected):
    assert [(f.type, f.value) for f in facts(sentence, only=["fa.dates"])] == expected


@pytest.mark.parametrize("text, names", [
    # after commas the last «و» joins the last item; a three-word province; «استان» without its place
    ("برنامه توسعه برای ۴ خوشه کیف، کفش، زیورآلات و بدلیجات و پوشاک در قم اجرا شد.",
     ["خوشه کیف قم", "خوشه کفش قم", "خوشه زیورآلات و بدلیجات قم", "خوشه پوشاک قم"]),
    ("پس از شناسایی خوشه صنایع چوبی استان چهارمحال و بختیاری کمیته استانی تشکیل شد.",
     ["خوشه صنایع چوبی چهارمحال و بختیاری"]),
    ("در اهواز عامل توسعه خوشه خرمای استان گزارشی کامل داد و خوزستان پیشتاز است.", ["خوشه خرمای خوزستان"]),
])
def test_lists_and_long_places(text, names):
    assert cluster_names(text) == names


@pytest.mark.parametrize("sentence, expected", [
    ("بافت گلیم در استان از سال گذشته ۱۲ هزار مترمربع افزایش یافته است.", []),
    ("وام به ۴۰۰ نفر از دارندگان مجوز مشاغل خانگی داده شد.", []),
    ("حدود سه هزار نفر در واحدهای خانگی و حدود ۹ هزار نفر در واحدهای صنعتی شاغلند.",
     [("employees", 3000, "approx"), ("employees", 9000, "approx")]),
])
def test_changes_recipients_and_shared_verbs(sentence, expected):
    assert counts(sentence) == expected


def test_a_loan_term_is_no_project_duration():
    s = "برای طرح کارگاه‌های خوشه وام کم‌بهره با بازپرداخت ۵ ساله در نظر گرفته شد."
    assert facts(s, only=["fa.durations"]) == []


@pytest.mark.parametrize("line", ["• چهار شنبه 9 مهر 1402", "دو شنبه 3 بهمن 1401"])
def test_a_site_date_with_a_weekday_in_two_words_is_furniture(line):
    from extractors.furniture import is_furniture

    assert is_furniture(line)


def test_the_words_of_a_date_do_not_start_inside_a_weekday():
    s = "نشست روز دوشنبه 11 آذر 1400 برپا شد و طرح از آبان ماه 1399 آغاز شد."
    assert [f.as_written for f in facts(s, only=["fa.dates"])] == ["11 آذر 1400", "از آبان ماه 1399"]


def test_a_figure_of_a_whole_list_of_clusters_is_none_of_its_items():
    s = ("روند توسعه ۳ خوشه صنعتی سفال لالجین، مبلمان همدان و چرم تبریز در سال 1401 به پایان رسید "
         "و در مجموع ۷۰۰ نفر در این خوشه‌ها کار می‌کنند.")
    got = {f.type: (f.cluster, f.scope) for f in facts(s) if f.type in ("employees", "end_date")}
    assert got == {"employees": (None, None), "end_date": (None, None)}


@pytest.mark.parametrize("sentence, want", [
    ("این سازمان سالیانه 25 میلیون تومان برای حمایت از خوشه‌ها اختصاص داده است.", []),
    ("سازمان جهاد کشاورزی استان امسال 40 میلیارد ریال تسهیلات داد.", ["سازمان جهاد کشاورزی استان"]),
    ("اداره کل آموزش و پرورش ناحیه 3 اصفهان در جلسه حضور داشت.", ["اداره کل آموزش و پرورش ناحیه 3 اصفهان"]),
])
def test_a_figure_or_an_adverb_of_time_ends_an_organizations_name(sentence, want):
    assert orgs(sentence) == want


@pytest.mark.parametrize("sentence, value", [
    ("این صنعت هم اکنون منبع درآمد ۳ هزار نفر در استان است.", 3000),
    ("پرورش ماهی تامین معیشت 250 نفر از روستاییان را بر عهده دارد.", 250),
])
def test_the_people_a_trade_keeps_in_work_are_employees(sentence, value):
    assert [(f.type, f.value) for f in facts(sentence, only=["fa.counts"])] == [("employees", value)]


def test_a_web_address_colon_does_not_cut_an_activity():
    s = "گزارش نشست‌های خوشه در نشانی https://cluster.example.ir/reports منتشر شد."
    (f,) = [f for f in facts(s, only=["fa.activities"])]
    assert f.value.startswith("گزارش نشست‌های خوشه") and "https://cluster.example.ir/reports" in f.value
