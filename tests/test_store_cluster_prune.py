"""A cluster no document names any more is removed: counts of clusters stay true after a file
changes or a re-extraction keys its clusters differently."""
import sqlite3

PAGE = "خوشه {name} {province} با بیش از ۳۰۰ واحد تولیدی فعال است و حدود ۲ هزار نفر در آن کار می‌کنند.\n"


def names(db):
    return sorted(r[0] for r in sqlite3.connect(db).execute("select name from clusters"))


def test_a_changed_file_takes_its_old_cluster_with_it(khooshe, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    report = inbox / "report.txt"
    other = inbox / "other.txt"
    report.write_text(PAGE.format(name="سفالگری", province="اصفهان"), encoding="utf-8")
    other.write_text(PAGE.format(name="گلیم بافی", province="کرمان"), encoding="utf-8")
    db = tmp_path / "k.db"
    assert khooshe("ingest", inbox, "--db", db).code == 0
    before = names(db)
    assert len(before) == 2 and any("سفال" in n for n in before)
    report.write_text(PAGE.format(name="منبت کاری", province="اصفهان"), encoding="utf-8")
    assert khooshe("ingest", inbox, "--db", db).code == 0
    after = names(db)
    assert len(after) == 2
    assert not any("سفال" in n for n in after) and any("منبت" in n for n in after)
    assert [n for n in after if "گلیم" in n] == [n for n in before if "گلیم" in n]  # the other stays


def test_a_cluster_named_by_two_documents_stays_while_one_still_names_it(khooshe, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(PAGE.format(name="سفالگری", province="اصفهان"), encoding="utf-8")
    (inbox / "b.txt").write_text(PAGE.format(name="سفالگری", province="اصفهان") + "گزارش دوم.\n", encoding="utf-8")
    db = tmp_path / "k.db"
    assert khooshe("ingest", inbox, "--db", db).code == 0
    assert len(names(db)) == 1
    (inbox / "a.txt").write_text(PAGE.format(name="منبت کاری", province="اصفهان"), encoding="utf-8")
    assert khooshe("ingest", inbox, "--db", db).code == 0
    assert len(names(db)) == 2 and any("سفال" in n for n in names(db))
