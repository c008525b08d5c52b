"""khooshe correct FACT_ID (--value V | --reject | --withdraw) : an analyst's correction of one fact."""
from __future__ import annotations

import click

from pipeline.cli.options import db_option
from pipeline.errors import EXIT_OK, UsageError

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "01234567890123456789.")


def parse_number(text: str) -> float:
    """A number as an analyst types it: Persian or Arabic digits, thousands separators, '٫' decimal."""
    cleaned = text.strip().translate(_DIGITS).replace(",", "").replace("٬", "").replace("_", "").replace(" ", "")
    try:
        return float(cleaned)
    except ValueError:
        raise UsageError(f"--value {text!r} is not a number, and this fact holds a number") from None


def _value_text(num, text) -> str:
    if num is not None:
        return str(int(num)) if float(num).is_integer() else str(num)
    return text or ""


def find_fact(db, fact_id: str) -> dict:
    """The fact with this id, or with this unique id prefix (at least 6 characters)."""
    fact_id = fact_id.strip().lower()
    rows = list(db.query("select f.*, d.name as document_name from facts f join documents d on d.id = f.document_id "
                         "where f.id = ?", [fact_id]))
    if not rows and len(fact_id) >= 6:
        rows = list(db.query("select f.*, d.name as document_name from facts f join documents d on "
                             "d.id = f.document_id where f.id like ? limit 2", [fact_id.replace("%", "") + "%"]))
    if not rows:
        raise UsageError(f"no fact {fact_id!r} in the database (fact ids are in facts.id, "
                         "or in the output of the query commands)")
    if len(rows) > 1:
        raise UsageError(f"{fact_id!r} is the start of several fact ids; give more of it")
    return rows[0]


@click.command()
@click.argument("fact_id")
@click.option("--value", "value", default=None, help="The right value (a number for counts, dates stay text).")
@click.option("--reject", is_flag=True, help="The fact is wrong altogether: leave it out of facts_corrected.")
@click.option("--withdraw", is_flag=True, help="Take back this fact's correction: the extracted value applies again.")
@click.option("--note", default=None, help="Why (kept with the correction).")
@click.option("--by", "by", default=None, help="Who corrects. Default: the login name.")
@db_option
def command(fact_id, value, reject, withdraw, note, by, db_path):
    """Correct (--value) or reject (--reject) one fact, by its id (or a unique start of it).

    The extracted value stays in facts; the correction goes in the corrections table and shows in the
    facts_corrected view. It follows the fact when the document is re-extracted or its file changes,
    as long as the fact's words are still there; otherwise the run report lists it as unmatched.
    """
    import getpass

    from pipeline.store import load, open_db

    if sum(bool(x) for x in (value is not None, reject, withdraw)) != 1:
        raise UsageError("give exactly one of --value V, --reject or --withdraw")
    db = open_db(db_path, create=False)
    fact = find_fact(db, fact_id)
    where = f"fact {fact['id']} ({fact['type']}) in {fact['document_name']}"
    extracted = _value_text(fact["value_num"], fact["value_text"])
    if withdraw:
        if not load.withdraw_correction(db, fact["id"]):
            raise UsageError(f"{where} has no correction to withdraw")
        click.echo(f"{where}: correction withdrawn; the extracted value {extracted!r} applies again")
        return EXIT_OK
    if not by:
        try:
            by = getpass.getuser()
        except Exception:  # no login name (a container): leave it empty rather than fail
            by = None
    if reject:
        load.correct_fact(db, fact["id"], "reject", note=note, by=by)
        click.echo(f"{where}: rejected (extracted value {extracted!r})")
    else:
        if fact["value_num"] is not None:
            num, text = parse_number(value), None
        else:
            num, text = None, value.strip()
            if not text:
                raise UsageError("--value is empty")
        load.correct_fact(db, fact["id"], "correct", value_num=num, value_text=text, note=note, by=by)
        click.echo(f"{where}: {extracted!r} -> {_value_text(num, text)!r}")
    click.echo(f"evidence: {fact['evidence']}")
    return EXIT_OK
