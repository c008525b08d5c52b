"""Counts and quantities: how many weavers, units, looms, cooperatives, licences, employees; shares,
production volumes and money values.

For each number in the text (:mod:`extractors.numparse`: digits in any script, words, glued forms),
the counted thing is read from the words after it with the rules of ``data/counted_nouns.tsv``
(«800 واحد تولیدی» -> production_units, «10 واحد سنتی رنگرزی» -> dyeing_units). When the word after
the number only stands for the thing (a classifier: نفر، واحد، مورد، فقره، عدد) or nothing follows,
the thing is the one named before the number in the same sentence, as labels and reports put it
(«تعداد دار قالی : 23000 عدد», «پروانه تولید صادر شده 50 مورد», «مجوز برای 45 واحد صادر شد»).
The qualifier comes from the words before the number (:mod:`extractors.quantities`); a range
«۲ تا ۳ هزار» gives an at_least and an at_most fact; a figure in brackets right after a qualified
one restates it and keeps its qualifier («حدود 5 درصد ... (350 هزار متر مربع)»).

Percentages are national_share when they are a share of the country («5 درصد از کل فرش کشور»)
and growth_percent after رشد/افزایش; square metres (and tonnes) produced are production_volume,
national_production_volume when the figure is the country's, unless the document gives the same
figure elsewhere as its own. Money after صادرات/فروش/سرمایه‌گذاری is export_value, sales_value,
investment (also «هزینه»), in usd or million_rials («تومانی، ریالی» as adjectives too); a sentence
that goes on from the line before («که دو سال بعد این رقم به دو میلیون دلار رسید») takes that
line's cue. Pairs and pieces produced a year («۲۰ میلیون جفت کفش») are production_volume too;
consumption is not. Exports: a percent whose own words name exports («صادرات ... ۳۵ درصد») is
export_share; tonnes, pairs or pieces exported are export_volume (unit tonnes, pairs, pieces) when an
export cue is nearer the figure in its own clause than a production cue («از ۴۰۰۰ تن تولید، ۱۲۰۰ تن
صادر می‌شود»); «صادر» of a licence is no export.

Counts of clusters and projects in programme news take what befell them from the nearest cue: a
noun right before the number («امکان سنجی ۶۰ خوشه هم به پایان رسیده»: feasibility, not
completion; «شناسایی ۳۲۰ خوشه»), else the first cue after it («۸۰ خوشه در حال توسعه یا پایان
یافته ...، امکان سنجی ...»). Each mention has one scope: the words that go with the number
(its clause up to a «verb و» join) make it the country's («در کل کشور») or a province's (a place,
«استان»); with neither, a document about the programme at large (it speaks of the country or a
national body, names no province twice and no province's company) makes it national_*.

Not counts: numbers in dates, durations (سال، ماه), references (ماده 39، سال 1398), list numbers
(«2- ...»), web addresses and phone numbers, table rows (the tables extractor reads those) and page
furniture; averages per unit («متوسط اشتغال در هر واحد ۱۲ نفر»); counts of bodies that are no
fact of a cluster («۵ شرکت شهرک‌های صنعتی کشور»: type «-» in the data). A lone «یک» is usually the indefinite article: it counts only with a classifier (یک
فقره جواز)، at the head of a line, or after تعداد, and never in a sentence giving an example.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from extractors import lexicon, places, register
from extractors.numparse import Number
from extractors.patterns import Pattern
from extractors.quantities import qualifier_before, range_after, range_start_before

_SP = "[ \u200c]*"
_L = lexicon.LETTER
PEOPLE_TYPES = {"weavers", "active_weavers", "weaving_card_holders", "employees", "jobs_created", "designers"}
PROGRAMME_TYPES = {"clusters_identified", "clusters_feasibility_studied", "projects_in_progress",
                   "projects_completed", "clusters"}
# a province's clusters: «در استان ...», «در این استان», «استان‌های ...»
_PROVINCIAL = re.compile(rf"(?<!{_L})استان(?!{_L})|(?<!{_L})(?:این|همین){_SP}استان")
# a province's own body: its company of industrial estates, its general office
_PROVINCIAL_BODY = re.compile(rf"شرکت{_SP}شهرک{_SP}(?:ها|های)?{_SP}صنعتی{_SP}(?:استان{_SP})?(?!ایران|کشور|استان{_SP}ها)[^\W\d_]")
_NATIONAL = re.compile(rf"(?:در|کل|سطح|سراسر|تمام){_SP}کشور|کشوری")
_COUNTRY = re.compile(rf"(?<!{_L})کشور(?!{_L})")
# what a sum of money is, from the words before it (the nearest wins)
_MONEY_CUES = [("export_value", r"صادرات|صادر"), ("sales_value", rf"فروش(?!{_SP}گاه)"),
               ("investment", rf"سرمایه{_SP}گذاری|هزینه"), ("credit", r"تسهیلات|وام|اعتبار")]
# a sentence that goes on from the one before (a line broken mid-sentence): «که ...», «این رقم ...»
_CONTINUES = re.compile(rf"(?:که|و)(?!{_L})|[^.\n]{{0,40}}این{_SP}(?:رقم|میزان|مبلغ)")
# an average per unit, not a total: «متوسط میزان اشتغال در واحدهای ...»
_AVERAGE = re.compile(rf"(?<!{_L})(?:متوسط|میانگین)(?!{_L})[^.\n]{{0,40}}(?:در|هر){_SP}(?:واحد|بنگاه|کارگاه|شرکت)")
# people at work: «... نفر شاغلند / اشتغال دارند / مشغول فعالیت‌اند» (not «مشاغل خانگی»)
_EMPLOYED = re.compile(rf"(?<!{_L})(?:اشتغال|شاغل|مشغول|کارکن|نیروی{_SP}کار|فعالیت{_SP}(?:دارند|می|کرده)|کار{_SP}می)")
_EXAMPLE = re.compile(rf"(?<!{_L})(?:به{_SP}عنوان{_SP}مثال|بعنوان{_SP}مثال|برای{_SP}مثال|به{_SP}طور{_SP}مثال|مثلا|برای{_SP}نمونه)(?!{_L})")
_ENUMERATOR = re.compile(r"^[ \t•*▪■-]*$")
# between the two figures of «از X به Y رسید»: X's unit and a year of X's («در سال 1396»), a few words
_CHANGE_GAP = re.compile(rf"{_SP}(?:[^\s\d]+{_SP}){{0,2}}?(?:(?:در{_SP})?سال{_SP}(?P<year>\d{{2,4}}){_SP})?"
                         rf"(?:[^\s\d]+{_SP}){{0,3}}?به{_SP}")
_YEAR_AFTER = re.compile(rf"{_SP}(?:%|درصد)?{_SP}(?:[^\s\d]+{_SP}){{0,2}}?(?:در{_SP})?سال{_SP}(?P<year>\d{{2,4}})(?!\d)")


def _full_year(text: str) -> int:
    y = int(text)
    return y if y >= 100 else (1400 + y if y < 30 else 1300 + y)


# exports: the noun («صادرات ... ۳۰ درصد»), the adjective, or the verb after a figure («۵۰۰ تن ... صادر شد»)
_EXPORT_NOUN = re.compile(r"صادرات|صادراتی")
_EXPORT = re.compile(rf"صادرات|صادراتی|صادر{_SP}(?:شد|شده|شود|شوند|می|کرد|کرده|کردند|گردید|گردیده|نمود|نموده)(?!{_L})")
# «صادر» of a licence or a card: «۴۰ پروانه بهره برداری صادر شد» is no export
_ISSUED = re.compile(r"مجوز|پروانه|جواز|کارت|گواهی")
_EXPORT_UNITS = {"تن": "tonnes", "جفت": "pairs", "قبضه": "pieces"}
_PRODUCTION = re.compile(r"تولید|بافت|بافته|ظرفیت")


@dataclass(frozen=True)
class Rule:
    type: str
    where: str
    pattern: Pattern
    context: re.Pattern | None
    spec: str = ""


@functools.lru_cache(maxsize=None)
def rules() -> list[Rule]:
    out = []
    for row in lexicon.rows("counted_nouns.tsv"):
        type_, where, spec = row[:3]
        context = row[3] if len(row) > 3 and row[3] else None
        if context and where == "before":
            # the cue ends right before the number (at most two words between: «شناسایی تعداد 15 خوشه»)
            # (not «و» or a verb: «۱۴ خوشه شناسایی شده وسه خوشه به خاتمه رسیده» is two clauses)
            joint = r"(?!(?:و|که|شده|شد|است|بوده|گردیده|گردید|نموده|کرده)(?:[ \u200c]|$))"
            context = rf"(?:{context})(?:[ \u200c]+{joint}[^\W\d_][\w\u200c]*){{0,2}}[ \u200c]*$"
        out.append(Rule(type_, where, Pattern.parse(spec), re.compile(context) if context else None, spec))
    return out


def _nearest(first: Rule, matching: list[Rule], region: str) -> Rule:
    """Among rules for the same noun that differ by their cue, the one whose cue comes first after the
    number: «۸۰ خوشه در حال توسعه ...، امکان سنجی ۶۰ خوشه» gives 80 the nearer cue."""
    if first.context is None:
        return first
    rivals = [r for r in matching if r.spec == first.spec and r.context is not None]
    return min(rivals, key=lambda r: r.context.search(region).start())


@functools.lru_cache(maxsize=None)
def _words_of(kind: str) -> tuple[tuple[str, ...], ...]:
    return tuple(r[1:] for r in lexicon.rows("count_words.tsv") if r[0] == kind)


@functools.lru_cache(maxsize=None)
def _set_of(kind: str) -> frozenset[str]:
    return frozenset(lexicon.compact(r[0]) for r in _words_of(kind))


@functools.lru_cache(maxsize=None)
def _reference_regex() -> re.Pattern:
    return re.compile(rf"(?<!{_L}){lexicon.alternation(r[0] for r in _words_of('reference'))}{_SP}[:：]?{_SP}$")


@functools.lru_cache(maxsize=None)
def _annual_regex() -> re.Pattern:
    return re.compile(lexicon.alternation(r[0] for r in _words_of("annual")))


def _currency(word: str) -> tuple[str, float] | None:
    for name, unit, factor in _words_of("currency"):
        if lexicon.compact(word) == lexicon.compact(name):
            return unit, float(factor)
    return None


class _Reader:
    """Reads the facts of one document; keeps what later numbers need (the previous qualifier)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.text = ctx.string
        self.folded = ctx.folded
        self.words = ctx.words
        self.dates = sorted((d.start, d.end) for d in ctx.dates)
        self._date_starts = [s for s, _ in self.dates]
        self._ends = sorted(m.end for m in ctx.numbers)
        self._free_starts = sorted(m.start for m in ctx.numbers if not self._in_date(m.start, m.end))
        self.facts = []
        self.previous: tuple[Number, str] | None = None  # last number read in this sentence, its qualifier
        self.restated: str | None = None  # qualifier a bracketed restatement takes from the figure before it
        self.restated_at: dict[int, str] = {}
        self.previous_number: Number | None = None
        self.change = False  # the pair being read is «از X به Y» (then and now), not a range

    # -- filters ---------------------------------------------------------------------------
    def skip(self, n: Number) -> bool:
        ctx = self.ctx
        if ctx.in_furniture(n.start) or ctx.in_table(n.start) or ctx.in_link(n.start, n.end):
            return True
        if self._in_date(n.start, n.end) or self._figure_residue(n):
            return True
        from extractors.dates import subclause

        cs = max(self.ctx.clause_at(n.start)[0], subclause(self.folded, self.ctx.sentence_at(n.start), n.start)[0])
        if re.search(r"(?:%|درصد)", self.folded[cs:n.start]) and not re.search(r"(?:%|درصد)", self.folded[n.end:n.end + 8]):
            return True  # «65% کارگاه‌ها کمتر از 5 نفر کارکن دارند»: a figure about a share of them
        if re.search(rf"(?<!{_L})(?:با{_SP})?حضور{_SP}$", self.folded[max(0, n.start - 12):n.start]):
            return True  # «با حضور 320 نفر»: attendance
        s, _ = ctx.sentence_at(n.start)
        if _AVERAGE.search(self.folded, max(s, n.start - 200), n.start) and not re.search(rf"(?:متوسط|میانگین){_SP}$", self.folded[max(0, n.start - 10):n.start]):
            return True  # «متوسط اشتغال در هر واحد ... ۱۲ نفر»: a figure per unit
        if _reference_regex().search(self.folded, max(0, n.start - 20), n.start):
            return True
        line_start = ctx.line_at(n.start)[0]
        after = self.folded[n.end:n.end + 2]
        if _ENUMERATOR.match(self.folded[line_start:n.start]) and re.match(r"[ ]*[-–.)]", after) and not re.match(r"\.\d", after):
            return True  # «2- تصویب ...»: a list number
        if re.match(rf"[ ]*[-–)][ ]*{_L}", self.folded[n.end:n.end + 4]) and n.value == int(n.value) and (
                (n.value == 1 and re.search(r"[:：][ ]*$", self.folded[line_start:n.start])) or re.search(
                    rf"(?<![\d.,]){int(n.value) - 1}[ ]*[-–)][ ]", self.folded[line_start:n.start])):
            return True  # «خوشه‌های برتر استان: ۱- خوشه چاقو ۲- خوشه فرش»: list numbers inside a line
        return False

    # -- the words after ---------------------------------------------------------------------
    def tail(self, end: int) -> tuple[int, int]:
        """Word indexes [i, limit) after ``end`` up to the end of its clause."""
        cs, ce = self.ctx.clause_at(max(end - 1, 0))
        i = self.words.index_at_or_after(end)
        limit = self.words.index_before(ce)
        return i, max(i, min(limit, i + 10))

    def first_word(self, i: int, limit: int) -> str:
        return self.words.compact[i] if i < limit else ""

    # -- reading -----------------------------------------------------------------------------
    def run(self):
        numbers = [n for n in self.ctx.numbers]
        consumed: set[int] = set()
        sentence = None
        for n in numbers:
            if n.start in consumed:
                continue
            s = self.ctx.sentence_at(n.start)
            if s != sentence:
                sentence, self.previous = s, None
            if self.skip(n):
                continue
            second = range_after(self.folded, n, numbers)
            self.change = False
            if second is None:
                second = self._change_to(n, numbers)
                self.change = second is not None
            if second is not None:
                consumed.add(second.start)
            self.read(n, second)
        self.demote_national_volumes()
        return self.facts

    def read(self, n: Number, second: Number | None):
        last = second or n
        i, limit = self.tail(last.end)
        head = self.first_word(i, limit)
        after_text = self.folded[last.end:last.end + 3]
        before_text = self.folded[max(0, n.start - 2):n.start]
        qualifier, qstart = qualifier_before(self.folded, n.start)
        if second is not None:
            qstart = range_start_before(self.folded, n)
        restated = None
        self.previous_number = self.previous[0] if self.previous else None
        if qualifier == "exact" and self.previous and self._restates_previous(n):
            restated = self.previous[1]
        self.previous = (n, qualifier if restated is None else restated)
        self.restated = restated
        if after_text.lstrip().startswith("%") or "%" in before_text or head in ("درصد", "درصدی"):
            return self.percent(n, second, qualifier, qstart, i)
        if head in _set_of("time"):
            return None
        cur = _currency(head) if head else None
        if cur:
            return self.money(n, second, qualifier, qstart, i, cur)
        if head in ("مترمربع", "متر", "تن", "هکتار", "جفت", "قبضه") or self.words.compact[i:i + 2] == ["متر", "مربع"]:
            return self.volume(n, second, qualifier, qstart, i, limit)
        self.count(n, second, qualifier, qstart, i, limit)

    def _restates_previous(self, n: Number) -> bool:
        """«... حدود 5 درصد از کل فرش کشور (350 هزار متر مربع)»: a bracketed restatement."""
        prev, qual = self.previous
        return qual != "exact" and re.search(r"\([ ]*$", self.folded[max(0, n.start - 3):n.start]) is not None

    change_years: tuple[str | None, str | None] = (None, None)

    def _change_to(self, n: Number, numbers: list[Number]) -> Number | None:
        """«از ۶۰ به ۹۵ رسید», «از 45 واحد به 78 واحد افزایش یافت»: a figure then and now."""
        if not re.search(rf"(?<!{_L})از{_SP}$", self.folded[max(0, n.start - 6):n.start]):
            return None
        # the next figure that is no year: «از 12% در سال 1396 به 18.5% در سال 1398 رسید»
        nxt = next((m for m in numbers if m.start >= n.end
                    and not re.search(rf"سال{_SP}$", self.folded[max(0, m.start - 6):m.start])), None)
        if nxt is None:
            return None
        if re.match(rf"{_SP}(?:سال|ماه|روز|هفته|دهه)(?!{_L})", self.folded[n.end:n.end + 8]):
            return None  # «دو سال بعد این رقم به یک میلیون دلار رسید»: after two years, not from two
        gap = self.folded[n.end:nxt.start]
        m = _CHANGE_GAP.fullmatch(gap)
        if not m:
            return None
        after = self.folded[nxt.end:nxt.end + 40]
        if not re.search(r"رسید|رسیده|رسانده|افزایش|کاهش|ارتقا|تغییر", after):
            return None
        later = _YEAR_AFTER.match(after)
        self.change_years = (m.group("year"), later.group("year") if later else None)
        return nxt

    def _emit(self, type_, n, second, qualifier, start, end, confidence, **kw):
        if self.restated and qualifier == "exact" and type_ != "national_production_volume":
            qualifier = self.restated
        first = n.value
        if second is not None and self.change:
            # «از ۶۰ به ۹۵ رسید»: before and after, each exact
            years = self.change_years
            for value, period, year in ((first, "baseline", years[0]), (second.value, "current", years[1])):
                fields = {k: v for k, v in kw.items() if not k.startswith("_")}
                if year and "year" not in fields:
                    fields["year"] = _full_year(year)
                self.facts.append(self.ctx.fact(type_, _number(value), start, end, qualifier="exact",
                                                period=period, raw_value=f"{n.text}->{second.text}",
                                                confidence=confidence, **fields))
            return
        if second is not None:
            # «۲ تا ۳ هزار نفر»: the scale of the second number is the first's too
            scale = _shared_scale(n, second)
            first = first * scale
        values = [(first, qualifier if second is None else "at_least")]
        if second is not None:
            values.append((second.value, "at_most"))
        for value, qual in values:
            if kw.get("unit") == "million_rials" and kw.get("_factor"):
                value = value * kw["_factor"]
            fields = {k: v for k, v in kw.items() if not k.startswith("_")}
            self.facts.append(self.ctx.fact(type_, _number(value), start, end, qualifier=qual,
                                            raw_value=(n.text if second is None else f"{n.text}-{second.text}"),
                                            confidence=confidence, **fields))

    def count(self, n, second, qualifier, qstart, i, limit):
        words, ctx = self.words, self.ctx
        sent_s, sent_e = ctx.sentence_at(n.start)
        sentence = self.text[sent_s:sent_e]
        type_, end, confidence, start = None, None, 0.9, qstart
        head = self.first_word(i, limit)
        classifier = head in _set_of("classifier") or head.startswith("واحد")
        # the noun right after the number, or after a classifier (یک فقره جواز تاسیس). What befell
        # the counted things may be said right before the number («امکان سنجی ۶۰ خوشه»,
        # «شناسایی ۳۲۰ خوشه»: ``before`` rules), else after it: the nearest cue up to the next
        # number, then anywhere in the sentence («۱۵ خوشه شناسایی شده که توسعه ۴ خوشه به پایان رسید»)
        following = self.text[n.end:self._next_number_start(n, sent_e)]
        lead = self.text[max(sent_s, self._previous_number_end(n)):qstart]
        for at in ((i, i + 1) if classifier else (i,)):
            for rule in rules():
                if rule.where == "before" and rule.context.search(lead):
                    e = rule.pattern.match(words, at, limit)
                    if e is not None:
                        type_, end = rule.type, words.end(e)
                        break
            if type_:
                break
        for region in (following, sentence):
            if type_:
                break
            for at in ((i, i + 1) if classifier else (i,)):
                matching = []
                for rule in rules():
                    if rule.where in ("label", "before") or (rule.context and not rule.context.search(region)):
                        continue
                    e = rule.pattern.match(words, at, limit)
                    if e is not None:
                        matching.append((rule, e))
                if matching:
                    rule = _nearest(matching[0][0], [r for r, _ in matching], region)
                    type_, end = rule.type, words.end(dict((r, e) for r, e in matching)[rule])
                    break
        if type_ is None and (classifier or not head or self.change):
            # the thing was named before the number: a label, or the subject of the sentence
            line_s = ctx.line_at(n.start)[0]
            lo = words.index_at_or_after(max(sent_s, line_s, self._previous_number_end(n)))
            hi = words.index_before(qstart)
            hits = []
            for rule in rules():
                if rule.where in ("after", "before") or (rule.context and not rule.context.search(sentence)):
                    continue
                if head == "نفر" and rule.type not in PEOPLE_TYPES:
                    continue  # «کارگاه آموزشی با حضور 320 نفر»: people are not workshops
                if head.startswith("واحد") and rule.type in PEOPLE_TYPES:
                    continue  # «... اشتغال دارند ... نطنز با ۴۰ واحد»: units are not people
                for k in range(hi - 1, lo - 1, -1):
                    e = rule.pattern.match(words, k, hi)
                    if e is not None:
                        hits.append((k, rule, (k, e)))
                        break
            # the nearest label first; of two that end at the same word, the longer («ایجاد اشتغال»
            # rather than «اشتغال»: jobs created, not jobs held)
            hits.sort(key=lambda h: (-h[2][1], h[0]))
            if not classifier:
                # «بنگاه 2»: a bare number after a noun is a label's value only in label form
                hits = [h for h in hits if self._label_form(words.start(h[0]), n.start)]
            best = (hits[0][1], hits[0][2]) if hits else None
            end = words.end(i + 1) if classifier else (second or n).end
            if best:
                type_, confidence = best[0].type, 0.8
                start = min(qstart, words.start(best[1][0]))
            elif head == "نفر" and _EMPLOYED.search(self._own_stretch(n)):
                type_, confidence = "employees", 0.6
            elif head.startswith("واحد"):
                type_, confidence = "units", 0.6
        if type_ is None or type_ == "-":
            return  # «-»: a count of something that is no fact of a cluster («۵ شرکت شهرک‌های صنعتی»)
        if n.small_word and second is None and not self._counted_one(n, head, start):
            return
        scope = None
        if type_ in PROGRAMME_TYPES:
            if self._programme_is_national(n):
                type_, scope = "national_" + type_, "national"
        elif _NATIONAL.search(self.text[ctx.clause_at(n.start)[0]:ctx.clause_at(n.start)[1]]):
            scope = "national"
        self._emit(type_, n, second, qualifier, start, end, confidence if not n.small_word else 0.75, scope=scope)

    def _programme_is_national(self, n: Number) -> bool:
        """Whether a count of clusters or projects is the country's: «در کل کشور ۵۱۰ خوشه شناسایی
        شده و در استان یزد ۹ خوشه ...» gives 510 to the country and 9 to the province.

        The words that go with the number (its clause, cut at «verb و» joins) decide: a place or
        «استان» makes it a province's, «کشور» the country's; with neither, the document decides (a
        document about the programme at large names no province of its own).
        """
        from extractors.dates import subclause

        cs, ce = self.ctx.clause_at(n.start)
        ss, se = subclause(self.folded, self.ctx.sentence_at(n.start), n.start)
        s, e = max(cs, ss), min(ce, se)
        words = self.text[s:e]
        if _NATIONAL.search(words):
            return True
        if _PROVINCIAL.search(words) or places.find_places(words):
            return False
        return self._national_document

    @functools.cached_property
    def _national_document(self) -> bool:
        """A document about the programme at large: it speaks of the country or a national body and
        names no province more than once, and no province's own company or office."""
        text = self.text
        if not re.search(rf"(?<!{_L})(?:کشور|ایران)(?!{_L})", text):
            return False
        from collections import Counter

        counts = Counter(p.province for p in places.find_places(text) if p.province)
        if counts and counts.most_common(1)[0][1] >= 2:
            return False
        return not _PROVINCIAL_BODY.search(text)

    def _own_stretch(self, n: Number) -> str:
        """The number's clause and what follows it up to the sentence's end or a colon (a list of
        figures shares its verb: «حدود سه هزار نفر در ...، ۹ هزار نفر در ... شاغلند»)."""
        cs, _ = self.ctx.clause_at(n.start)
        _, se = self.ctx.sentence_at(n.start)
        colon = self.text.find(":", n.end, se)
        return self.text[cs:colon if colon >= 0 else se]

    def _label_form(self, label_start: int, number_start: int) -> bool:
        """«تعداد دار قالی : 23000», «تعداد بافندگان 66 هزار»: a label, then its value."""
        between = self.folded[label_start:number_start]
        lead = self.folded[max(0, label_start - 12):label_start]
        return ":" in between or bool(re.search(rf"(?:تعداد|میزان|شمار){_SP}$", lead))

    def _figure_residue(self, n: Number) -> bool:
        """A short line of several bare numbers and a word («3 بنگاه 2»): a diagram's labels."""
        s, e = self.ctx.line_at(n.start)
        line = self.folded[s:e]
        line = re.sub(r"^[ \t]*(?:[-•*▪■]|\(?\d{1,2}[\-–.)])[ \t]*", "", line)  # a list number is not one of them
        words = {w for w in re.findall(r"[^\W\d_][\w\u200c]*", line) if len(w) > 1}
        return (len(line.split()) <= 8 and len(re.findall(r"(?<![\d.,])\d+", line)) >= 2 and len(words) <= 2
                and not re.search(r"[،,:؛]|(?<![\w\u200c])و(?![\w\u200c])", line))

    def _next_number_start(self, n: Number, limit: int) -> int:
        """Start of the next number after ``n`` that is not part of a date (or ``limit``)."""
        i = bisect.bisect_left(self._free_starts, n.end)
        return min(limit, self._free_starts[i]) if i < len(self._free_starts) else limit

    def _previous_number_end(self, n: Number) -> int:
        i = bisect.bisect_right(self._ends, n.start)
        return self._ends[i - 1] if i else 0

    def _in_date(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._date_starts, start)
        return any(s < end and start < e for s, e in self.dates[max(0, i - 2):i + 1])

    def _counted_one(self, n: Number, head: str, start: int) -> bool:
        """«یک» counts with a classifier, at the head of a line, or after تعداد/فقط/تنها; never in a
        sentence that gives an example («به عنوان مثال ... فقط یک واحد کارگاهی است»)."""
        s, e = self.ctx.sentence_at(n.start)
        if _EXAMPLE.search(self.folded, s, e):
            return False
        if head in ("فقره", "مورد", "عدد", "باب", "دستگاه", "نفر", "قلم"):
            return True
        line_s, line_e = self.ctx.line_at(n.start)
        line = self.folded[line_s:line_e].rstrip()
        # the head of a short line without a final period: an item of a list of figures
        if _ENUMERATOR.match(self.folded[line_s:min(start, n.start)]) and len(line.split()) <= 16 \
                and not line.endswith((".", "؟", "!")):
            return True
        return bool(re.search(rf"(?:تعداد|فقط|تنها){_SP}$", self.folded[max(0, n.start - 10):n.start]))

    def percent(self, n, second, qualifier, qstart, i):
        # the words after the percent sign or «درصد», to the end of the clause
        cs, ce = self.ctx.clause_at(n.start)
        after = self.text[n.end:ce]
        before = self.text[max(cs, n.start - 30):qstart]
        end_m = re.match(rf"{_SP}(?:%|درصد(?:ی)?)", self.folded[(second or n).end:])
        end = (second or n).end + (end_m.end() if end_m else 0)
        if "%" in self.folded[max(0, n.start - 2):n.start]:
            qstart = min(qstart, n.start - 1)
        # a growth word of this figure's own clause: «رشد ۱۴ درصدی», not «... را افزایش می‌دهد و این است که ۶۰ درصد»
        own = re.split(rf"(?<!{_L})(?:که|است|شد|شده|دهد|می{_SP}[^\s]+)(?!{_L})", before)[-1]
        if re.search(r"رشد|افزایش", own) or re.match(rf"{_SP}(?:%|درصد(?:ی)?){_SP}(?:رشد|افزایش)", after):
            return self._emit("growth_percent", n, second, qualifier, qstart, end, 0.8, unit="percent")
        window = " ".join(after.split()[:7])
        if re.search(r"صادر", window):  # «۶۰ درصد محصول به خارج از کشور صادر می‌شود»
            return self._emit("export_share", n, second, qualifier, qstart, end, 0.75, unit="percent")
        # «صادرات این خوشه ۳۰ درصد تولید آن است», «سهم صادرات از فروش ۲۵ درصد»: the figure's own
        # words name exports (a share of the country's exports stays a national share)
        own_lead = self.text[max(cs, self._previous_number_end(n)):qstart]
        national_lead = re.search(r"سهم", own_lead) and _COUNTRY.search(own_lead) \
            and not re.search(rf"خارج{_SP}(?:از{_SP})?کشور", own_lead)
        if _EXPORT_NOUN.search(own_lead) and not national_lead and not _ISSUED.search(own_lead) \
                and not re.match(rf"{_SP}(?:%|درصد(?:ی)?){_SP}(?:کاهش|افت)", self.folded[(second or n).end:]):
            return self._emit("export_share", n, second, qualifier, qstart, end, 0.75, unit="percent")
        if _COUNTRY.search(window) and not re.search(rf"رشد|افزایش|کاهش|خارج{_SP}(?:از{_SP})?کشور", window):
            return self._emit("national_share", n, second, qualifier, qstart, end, 0.85, unit="percent")
        # «سهم استان از تولید فرش کشور حدود ۷ درصد است»
        lead = self.text[self.ctx.sentence_at(n.start)[0]:qstart]
        if re.search(r"سهم", lead) and _COUNTRY.search(lead):
            return self._emit("national_share", n, second, qualifier, qstart, end, 0.8, unit="percent")
        return None

    def money(self, n, second, qualifier, qstart, i, currency):
        unit, factor = currency
        s, e = self.ctx.sentence_at(n.start)
        before = self.text[s:qstart]
        best = None
        for type_, rx in _MONEY_CUES:
            for m in re.finditer(rx, before):
                if best is None or m.start() > best[1]:
                    best = (type_, m.start())
        if best is None and _CONTINUES.match(self.text, s):
            # «... میزان فروش خوشه ۲۰۰ هزار دلار بود\nکه دو سال بعد این رقم به دو میلیون دلار
            # رسید»: a sentence that goes on from the one before takes its cue
            ps, _ = self.ctx.sentence_at(max(0, s - 2))
            for type_, rx in _MONEY_CUES:
                for m in re.finditer(rx, self.text[ps:s]):
                    if best is None or m.start() > best[1]:
                        best = (type_, m.start())
        if best is None:  # «... ۱۲ میلیون دلار محصول به کشورهای همسایه صادر می‌شود»
            cs, ce = self.ctx.clause_at(n.start)
            after = self.text[n.end:ce]
            for type_, rx in _MONEY_CUES:
                m = re.search(rx, after)
                if m and (best is None or m.start() < best[1]):
                    best = (type_, m.start())
        if best is None:
            return None
        end = self.words.end(i + 1)
        self._emit(best[0], n, second, qualifier, qstart, end, 0.75, unit=unit, _factor=factor)
        if unit == "usd" or unit == "eur":
            pass

    def volume(self, n, second, qualifier, qstart, i, limit):
        s, e = self.ctx.sentence_at(n.start)
        sentence = self.text[s:e]
        head = self.words.compact[i]
        if head in _EXPORT_UNITS and self._exported(n, second, sentence):
            return self.export_volume(n, second, qualifier, qstart, i, _EXPORT_UNITS[head])
        if not _PRODUCTION.search(sentence):
            return None
        if re.search(r"مصرف", self.text[self.ctx.clause_at(n.start)[0]:n.start]):
            return None  # «مصرف سالانه کفش در کشور ... میلیون جفت»: consumption, not production
        if re.match(rf"{_SP}(?:متر{_SP}مربع|مترمربع|تن){_SP}(?:افزایش|کاهش|رشد)", self.folded[(second or n).end:(second or n).end + 30]):
            return None  # «از پارسال ۱۲ هزار مترمربع افزایش یافته»: a change, not a volume
        head = self.words.compact[i]
        if head == "هکتار":
            return None
        unit = {"تن": "tonnes_per_year", "جفت": "pairs_per_year", "قبضه": "pieces_per_year"}.get(head, "m2_per_year")
        end_i = i + (2 if self.words.compact[i:i + 2] == ["متر", "مربع"] else 1)
        end = self.words.end(end_i)
        m = _annual_regex().match(self.text, end + 1) if end + 1 < len(self.text) else None
        if m and m.start() - end <= 1:
            end = m.end()
        # the country's figure: «تولید فرش کشور (4.5 میلیون متر مربع)»
        cs = self.ctx.clause_at(n.start)[0]
        lead = self.text[max(s, cs - 40):n.start]
        national = bool(_COUNTRY.search(" ".join(lead.split()[-5:])))
        if national and self.previous_number is not None:
            # «حدود 5 درصد از کل فرش کشور (350 هزار متر مربع)»: the bracket restates the share, the
            # province's own figure; «5% تولید فرش کشور (4.5 میلیون)» restates the country's
            between = self.folded[self.previous_number.end:n.start]
            if re.search(rf"(?:%|درصد)[^()]*از{_SP}کل", between):
                national = False
        type_ = "national_production_volume" if national else "production_volume"
        if national and self.restated:
            self.restated_at[qstart] = self.restated  # kept for demote_national_volumes
        self._emit(type_, n, second, qualifier, qstart, end, 0.8, unit=unit,
                   scope="national" if national else None)

    def _exported(self, n, second, sentence: str) -> bool:
        """Whether a quantity is what was exported, not produced: the cue in the figure's own words
        (its clause, between the numbers around it) wins, the nearer of two; with none there, the
        sentence's when it speaks of exports and not of production. «از ۲۰۰۰ تن تولید، ۵۰۰ تن صادر
        می‌شود»: 2000 produced, 500 exported."""
        last = second or n
        cs, ce = self.ctx.clause_at(n.start)
        lo = max(cs, self._previous_number_end(n))
        hi = min(ce, self._next_number_start(last, ce))
        region = self.text[lo:hi]
        if _ISSUED.search(region):
            return False
        exports = [m for m in _EXPORT.finditer(region)]
        made = [m for m in _PRODUCTION.finditer(region)]
        if exports or made:
            at_s, at_e = n.start - lo, last.end - lo

            def distance(m):
                return at_s - m.end() if m.end() <= at_s else max(0, m.start() - at_e)

            if not exports:
                return False
            return not made or min(map(distance, exports)) < min(map(distance, made))
        return bool(_EXPORT.search(sentence)) and not _PRODUCTION.search(sentence) and not _ISSUED.search(sentence)

    def export_volume(self, n, second, qualifier, qstart, i, unit):
        """«۱۲۰۰ تن عسل صادر شد», «صادرات ... بیش از ۲۰ هزار تن»: export_volume in tonnes (pairs, pieces)."""
        end = self.words.end(i + 1)
        cs, ce = self.ctx.clause_at(n.start)
        scope = "national" if _NATIONAL.search(self.text[cs:ce]) else None
        self._emit("export_volume", n, second, qualifier, qstart, end, 0.75, unit=unit, scope=scope)

    def demote_national_volumes(self):
        """A «national» figure the document also states as its own production is its own."""
        own = {f.value for f in self.facts if f.type == "production_volume"}
        for f in self.facts:
            if f.type == "national_production_volume" and f.value in own:
                f.type, f.scope = "production_volume", None
                if f.qualifier == "exact" and f.start in self.restated_at:
                    f.qualifier = self.restated_at[f.start]


def _shared_scale(first: Number, second: Number) -> float:
    """1000 for «۲ تا ۳ هزار» (the first number bare, the second scaled), else 1."""
    if first.value >= 1000 or re.search(r"هزار|میلیون|میلیارد", first.text):
        return 1.0
    m = re.search(r"(هزار|میلیون|میلیارد)\s*$", second.text)
    if not m:
        return 1.0
    return {"هزار": 1e3, "میلیون": 1e6, "میلیارد": 1e9}[m.group(1)]


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return round(value, 6) if isinstance(value, float) else value


@register("fa.counts", version=5)
def counts(ctx):
    return _Reader(ctx).run()
