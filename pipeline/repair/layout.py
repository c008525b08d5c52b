"""Pages and lines: visual-order repair across a page, paragraphs, title blocks and table rows.

Input: the text after character unification (pages separated by form feeds). Output: one paragraph,
bullet or table row per line, pages joined by newlines. Steps, per page:

1. **Line readings.** Each line gets its candidate readings from :mod:`pipeline.repair.visual` (as
   it stands; its runs reversed; for glued slide lines, a searched split-and-reverse).
2. **Decoding the page.** Lines are read in sequence: the reading of each line is chosen together
   with its neighbours' (Viterbi over the lines), so the junction between one line's last word and
   the next line's first word counts. A line that starts with a suffix («های یکدیگر») needs the line
   before it to end with a noun, and so on. Word pairs from the page's unambiguous lines (no wide
   gap, nothing glued) form the document's own bigram table, which the order model consults.
3. **Paragraphs.** Where the lines are a wrapped column (most lines about one width), a line joins
   the one before unless that one ended a paragraph: sentence-final punctuation on a short line, a
   bullet or a heading next. Blank lines inside such a column are not paragraph breaks (broken PDF
   extraction sprinkles them). A suffix that wrapped to the next line joins its word.
4. **Title blocks.** A block of short lines without final punctuation that interrupts a paragraph
   in mid-sentence (a page title dropped by the extractor into the column) is moved out, to the top
   of the page, read bottom-up (the order a visual-order extractor gives it reversed).
5. **Table rows.** Lines that already carry TABs are rows and are left alone. A run of repaired
   lines «n label value» whose first numbers count 1, 2, 3 ... becomes TAB rows «n<TAB>label<TAB>value»;
   a repaired line «label digits%» whose digits split consistently into before, now and percent
   (:func:`pipeline.glued.split_growth`) becomes «label<TAB>before<TAB>now<TAB>p%», and when no split is
   consistent the digits stay one cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import CELL_SEP, PAGE_BREAK, MappedStr
from pipeline.repair import lexicon as _lexicon
from pipeline.repair import order_model as _om
from pipeline.repair import visual
from pipeline.repair import words as _words

NAME = "layout"
VERSION = 4

_SPACES = {c: " " for c in [0x00a0, *range(0x2000, 0x200b), 0x202f, 0x205f, 0x3000]}
_OTHER_SPACE = re.compile("[" + "".join(map(chr, _SPACES)) + "]")
_BULLET = re.compile(r"^\s*(?:[*•■▪●◦▫‣⁃]|[-–—](?=\s*\S)|\d{1,2}\s*[-–.)]\s*(?=\D)|[(]?\d{1,2}[)])")
SENTENCE_END = ".!?؟:"
CONTEXT_WEIGHT = 1.0
MAX_VISUAL_LINE = 160  # longer lines come from sources that keep paragraphs whole


@dataclass
class _Line:
    raw: MappedStr          # the line as it came (spaces unified)
    cands: list             # candidate readings
    chosen: int = 0
    blank_before: int = 0   # blank lines just before it
    is_row: bool = False    # already a TAB row

    @property
    def best(self):
        return self.cands[self.chosen]


def _apply_prior(lines: list[_Line], scorer: visual.Scorer) -> None:
    """Most lines of a visual-order page read better reversed, most wide gaps of a justified page are
    just justification: the page's lines of three or more runs vote, and the vote becomes a prior
    for every line's reversed reading (weights ``rev2_vis`` ... in ``data/order_weights.tsv``)."""
    votes = []
    for ln in lines:
        rev = [c for c in ln.cands if c.kind == "reversed"]
        if rev and rev[0].runs >= 3:
            votes.append(rev[0].score > ln.cands[0].score)
    page = "vis" if len(votes) >= 3 and sum(votes) >= 0.5 * len(votes) else "log"
    for ln in lines:
        for c in ln.cands:
            if c.kind == "reversed":
                k = min(c.runs, 5)
                c.score += scorer.lw[f"rev{k}"] + scorer.lw[f"rev{k}_{page}"]


PROSE_WORDS = 12  # a slide's title or bullet is shorter than this; a paragraph of prose is longer


PROSE_GLUED_SHARE = 0.07  # of the tokens: prose that lost some spaces has fewer glued ones than a deck


def _glued_share(infos, lex) -> float:
    """The share of a document's tokens that look glued (see :func:`visual.glue_strength`)."""
    tokens = glued = 0
    for info in infos:
        tokens += len(info.words)
        glued += sum(1 for w in info.words if visual.token_glue(w, lex))  # (most read once by inspect)
    return glued / tokens if tokens else 0.0


def _prose(infos) -> bool:
    """Is the document prose, paragraphs of sentences rather than a slide deck's short titles and
    bullets? (Its median line is :data:`PROSE_WORDS` words or more.) A deck's lines come out glued
    in visual order; prose with glued tokens is text whose spaces were lost, in order."""
    counts = sorted(len(info.words) for info in infos)
    return bool(counts) and counts[len(counts) // 2] >= PROSE_WORDS


def _decode(lines: list[_Line], scorer: visual.Scorer, separate: bool = False) -> None:
    """Choose every line's reading, the page at once (Viterbi; transitions = cross-line junctions).

    ``separate``: the lines are items of their own (a slide deck's titles and bullets): each reading
    is judged as a whole text (it cannot open with «های» ...), not joined to its neighbours."""
    idx = [i for i, ln in enumerate(lines) if not ln.is_row and ln.cands and ln.cands[0].texts]
    if not idx:
        return
    if separate:
        for i in idx:
            ln = lines[i]
            if len(ln.cands) > 1:
                totals = [c.score + scorer.edge_score(c.first, None) + scorer.edge_score(None, c.last)
                          for c in ln.cands]
                ln.chosen = max(range(len(totals)), key=totals.__getitem__)
        return
    # back[i][k] = best predecessor candidate; score[k]
    prev_scores: list[float] | None = None
    prev_lasts: list[str] = []
    backs: list[list[int]] = []
    for i in idx:
        cands = lines[i].cands
        cur = []
        back = []
        if prev_scores is None:
            for c in cands:
                cur.append(c.score + _start_bonus(c, scorer))
                back.append(0)
        elif len(cands) == 1 and len(prev_scores) == 1:  # nothing to choose: no junction needed
            cur.append(prev_scores[0] + cands[0].score)
            back.append(0)
        else:
            for c in cands:
                best, arg = None, 0
                first = c.first
                for k, (last, ps) in enumerate(zip(prev_lasts, prev_scores)):
                    s = ps + CONTEXT_WEIGHT * scorer.junction(last, first)
                    if best is None or s > best:
                        best, arg = s, k
                cur.append(best + c.score)
                back.append(arg)
        backs.append(back)
        prev_scores, prev_lasts = cur, [c.last for c in cands]
    k = max(range(len(prev_scores)), key=prev_scores.__getitem__)
    for pos in range(len(idx) - 1, -1, -1):
        lines[idx[pos]].chosen = k
        k = backs[pos][k]


def _start_bonus(c, scorer) -> float:
    """The first line of a page: a reading that starts with a suffix cannot start a text."""
    return scorer.edge_score(c.first, None) if c.texts else 0.0


# -- paragraphs ----------------------------------------------------------------------------------

def _wrapped(lengths: list[int], blanks: list[int], sentence_ends: int = 0) -> tuple[bool, int]:
    """Is this page a wrapped column (most lines about one width, few blank lines between them)?
    And that width. Slides and lists, one item per line with blank lines between, are not; nor is
    text whose lines mostly end a sentence (``sentence_ends`` of them): a paragraph per line, as web
    pages and word processors give it (a column breaks its lines mid-sentence)."""
    if len(lengths) < 6 or sum(1 for b in blanks[1:] if b) > 0.35 * (len(blanks) - 1):
        return False, 0
    if sentence_ends >= 0.6 * len(lengths):
        return False, 0
    srt = sorted(lengths)
    width = srt[int(0.8 * (len(srt) - 1))]
    if width > 160:
        return False, width
    near = sum(1 for n in lengths if 0.7 * width <= n <= 1.15 * width)
    return near >= 0.5 * len(lengths), width


def _ends_paragraph(text: str, width: int, next_text: str | None) -> bool:
    t = text.rstrip()
    if not t:
        return True
    if next_text is not None and _BULLET.match(next_text):
        return True
    if t[-1] in SENTENCE_END or t.endswith(("؛", ".»", ".)")):
        return len(t) < 0.8 * width or next_text is None
    return False


def _title_block(texts: list[str], blanks: list[int], start: int, width: int) -> int:
    """Length of a title block that interrupts a paragraph at line ``start``, or 0: after a blank
    line, up to four short lines without final punctuation, between a full line that stops in
    mid-sentence and a full line that goes on with it."""
    if start == 0 or blanks[start] == 0:
        return 0
    prev = texts[start - 1].rstrip()
    if not prev or prev[-1] in SENTENCE_END or len(prev) < 0.7 * width:
        return 0
    n = start
    while n < len(texts) and n - start < 4:
        t = texts[n].rstrip().rstrip("()«»")
        if (not t or len(t) >= 0.55 * width or t[-1] in SENTENCE_END + "،," or _BULLET.match(t)
                or len(t.split()) > 5):
            break
        n += 1
    if n == start or n >= len(texts) or _BULLET.match(texts[n]):
        return 0
    return n - start if len(texts[n]) >= 0.6 * width else 0


def _assemble(lines: list[_Line], lex, join: bool = True) -> list[MappedStr]:
    """Chosen readings -> output lines: paragraphs joined, title blocks moved, rows formatted."""
    rendered: list[MappedStr] = []
    blanks: list[int] = []
    rows: list[bool] = []
    for ln in lines:
        if ln.is_row:
            rendered.append(ln.raw)
        else:
            rendered.append(ln.best.text())
        blanks.append(ln.blank_before)
        rows.append(ln.is_row)
    texts = [r.text for r in rendered]
    body = [t.rstrip() for t, r in zip(texts, rows) if not r]
    wrapped, width = _wrapped([len(t) for t in body], blanks,
                              sum(1 for t in body if t[-1:] in SENTENCE_END and t[-1:] != ":"))
    wrapped = wrapped and join
    titles: list[MappedStr] = []
    out: list[list[MappedStr]] = []  # the source lines of each output line (joined at the end)
    last_line = ""  # the last source line appended (its length tells a paragraph's last line)
    i = 0
    while i < len(rendered):
        if wrapped:
            n = _title_block(texts, blanks, i, width)
            if n:
                titles.extend(reversed(rendered[i:i + n]))
                i += n
                continue
        cur = rendered[i]
        if rows[i] or not wrapped or not out or (i and rows[i - 1]) or _ends_paragraph(last_line, width, cur.text):
            out.append([cur])
        else:
            out[-1].append(cur)
        last_line = cur.text
        i += 1
    return titles + [parts[0] if len(parts) == 1 else _join_lines(parts) for parts in out]


def _join_lines(parts: list[MappedStr]) -> MappedStr:
    """Wrapped lines joined into their paragraph by spaces (a space points at the end of the line
    before it); a suffix that wrapped («فعالیت» / «های») rejoins its word with a space (orthography
    turns it into a ZWNJ where the word wants one)."""
    return MappedStr.join(" ", parts)


# -- table rows ----------------------------------------------------------------------------------

_NUM = r"\d[\d,.]*"
_ROW = re.compile(rf"^(?P<n>\d{{1,2}}) (?P<label>.*?\D) (?P<value>{_NUM}(?: \S+)?)$")
_GROWTH = re.compile(r"^(?P<label>.*?\D) ?(?P<pct>%)?(?P<digits>\d{5,})(?P<pct2>%)?$")


def _tables(out: list[MappedStr]) -> list[MappedStr]:
    from pipeline.glued import split_growth

    res = list(out)
    # numbered rows: «1 label 505», «2 label 252», ... counting down consecutive lines
    i = 0
    while i < len(res):
        j = i
        nums = []
        while j < len(res) and CELL_SEP not in res[j].text:
            m = _ROW.match(res[j].text) if res[j].text[:1].isdigit() else None
            if not m or (nums and int(m.group("n")) != nums[-1] + 1):
                break
            nums.append(int(m.group("n")))
            j += 1
        if len(nums) >= 2:
            for k in range(i, j):
                m = _ROW.match(res[k].text)
                line = res[k]
                parts = [line[m.start("n"):m.end("n")], line[m.start("label"):m.end("label")].strip(),
                         line[m.start("value"):m.end("value")]]
                res[k] = MappedStr.join(CELL_SEP, parts)
            i = j
        else:
            i += 1
    # growth rows: «label digits%» -> «label<TAB>before<TAB>now<TAB>p%»
    for k, line in enumerate(res):
        if CELL_SEP in line.text or "%" not in line.text:
            continue
        m = _GROWTH.match(line.text)
        if not m or not (m.group("pct") or m.group("pct2")) or not re.search(r"[\u0600-\u06ff]", m.group("label")):
            continue
        digits = line[m.start("digits"):m.end("digits")]
        pct = line[m.start("pct"):m.end("pct")] if m.group("pct") else line[m.start("pct2"):m.end("pct2")]
        label = line[m.start("label"):m.end("label")].strip()
        split = split_growth(digits.text)
        if split is None:
            res[k] = MappedStr.join(CELL_SEP, [label, digits + pct])
            continue
        a = len(str(split.before))
        b = a + len(str(split.now))
        res[k] = MappedStr.join(CELL_SEP, [label, digits[:a], digits[a:b], digits[b:] + pct])
    return res


# -- the step ----------------------------------------------------------------------------------

def _page_lines(page: MappedStr) -> list[_Line]:
    out: list[_Line] = []
    blank = 0
    text = page.text
    if _OTHER_SPACE.search(text):
        text = text.translate(_SPACES)  # other spaces: one to one
    origin = page.origin
    pos = 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        if not raw.strip():
            blank += 1
            continue
        left = len(raw) - len(raw.lstrip(" "))
        right = len(raw.rstrip(" "))
        line = visual._owned(raw[left:right], origin[start + left:start + right])
        out.append(_Line(line, [], blank_before=blank, is_row=CELL_SEP in raw))
        blank = 0
    return out


def _join_pages(out_pages: list[MappedStr], continued: frozenset[int]) -> MappedStr:
    """Pages one after the other, a line apart; a page in ``continued`` (by position) goes on with
    the paragraph the page before ended with (the reader saw the sentence run over the break), so
    the two halves are one line, a space apart, unless either half is a table row."""
    parts: list[MappedStr] = []
    for i, page in enumerate(out_pages):
        if not page.text:
            continue
        if parts and i in continued:
            prev = parts[-1]
            last_nl = prev.text.rfind("\n")
            first_end = page.text.find("\n")
            first_line = page.text if first_end < 0 else page.text[:first_end]
            if CELL_SEP not in prev.text[last_nl + 1:] and CELL_SEP not in first_line:
                parts[-1] = MappedStr.join(" ", [prev, page])
                continue
        parts.append(page)
    return MappedStr.join("\n", parts)


def repair(text: MappedStr, arabic_forms: set[int] | None = None, visual_order: bool = True,
           continued: frozenset[int] = frozenset()) -> MappedStr:
    """Pages of unified text -> repaired lines (see the module docstring). ``arabic_forms``: the raw
    offsets that held Arabic ي/ك (the ligature repair is bolder in text written with them).
    ``visual_order`` False: the reader guarantees logical order, so every line is read as it stands
    (no reversed or searched readings, no word repairs of visual decoding: «کی» stays «کی»), and only
    paragraphs, title blocks and table rows are made. ``continued``: the pages (by position) whose
    first paragraph goes on with the last one of the page before (:func:`_join_pages`)."""
    lex = _lexicon.load()
    pages = []
    pos = 0
    for part in text.text.split(PAGE_BREAK):
        pages.append(text[pos:pos + len(part)])
        pos += len(part) + 1
    page_lines = [_page_lines(p) for p in pages]
    if not visual_order:
        out_pages = []
        for lines in page_lines:
            for ln in lines:
                if not ln.is_row:
                    ln.cands = [visual.as_written(ln.raw)]
            out = _tables(_assemble(lines, lex))
            out_pages.append(MappedStr.join("\n", [o for o in out if o.text.strip()]))
        return _join_pages(out_pages, continued)
    # word repairs that do not depend on order (ligature letters, stretched words)
    for lines in page_lines:
        for ln in lines:
            if not ln.is_row:
                ln.raw = _words.repair_tokens(ln.raw, arabic_forms, lex)
    infos = {id(ln): visual.inspect(ln.raw, lex) for lines in page_lines for ln in lines if not ln.is_row}
    doc = _om.DocumentBigrams()
    for lines in page_lines:
        for ln in lines:
            if not ln.is_row and infos[id(ln)].clean:
                doc.add_tokens(ln.raw.text.split())
    scorer = visual.Scorer(doc=doc)
    # a slide deck: several lines with the strong marks of glued runs, or glue on a good share of them
    # (lines with wide gaps are column lines: their marks say nothing about glue)
    strengths = [info.glue for info in infos.values() if not info.wide_gap]
    strong = sum(1 for g in strengths if g == 2)
    glued_mode = strong >= 2 or (len(strengths) >= 4 and sum(1 for g in strengths if g) >= 0.25 * len(strengths))
    if len(infos) - len(strengths) >= 0.3 * len(infos):
        glued_mode = False  # a page of wide-gapped column lines is a column, whatever else it shows
    if glued_mode and strong < 2 and _prose(infos.values()) and _glued_share(infos.values(), lex) < PROSE_GLUED_SHARE:
        # logical prose whose tokens merely run together («افزود:سپس»، «4هزارنفر»); the strong marks of
        # visual runs (a suffix or punctuation opening a run), or glued tokens everywhere, keep even
        # long lines a deck's
        glued_mode = False
    for lines in page_lines:
        for ln in lines:
            if not ln.is_row:
                ln.cands = visual.line_candidates(ln.raw, scorer, glued_mode, infos[id(ln)])
                if len(ln.raw.text) > MAX_VISUAL_LINE:
                    ln.cands = ln.cands[:1]
    out_pages: list[MappedStr] = []
    for lines in page_lines:
        _apply_prior(lines, scorer)
        _decode(lines, scorer, separate=glued_mode)
        out = _tables(_assemble(lines, lex, join=not glued_mode))
        out_pages.append(MappedStr.join("\n", [o for o in out if o.text.strip()]))
    return _join_pages(out_pages, continued)
