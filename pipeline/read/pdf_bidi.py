"""Visual to logical order for one line of glyph units.

A PDF line's glyphs are in visual order (left to right). Producers got there by running the Unicode
bidi algorithm (UBA) over the logical text: right-to-left runs reversed, Latin and number runs kept
left to right inside them. Undoing that is not the UBA applied a second time: the algorithm's
weak-type rules look backwards in logical order (after an Arabic letter a number is an Arabic
number, so ``70%`` is drawn ``%70`` and ``1402-97`` is drawn ``97-1402``, while at the start of a
line the same text stays as it is), and backwards in visual order is another direction.

So this module proposes logical orders and checks them. A proposal reverses the line while keeping
"islands" (Latin words, numbers with their inner separators, web addresses) in their order; the
few choices that the visual line cannot settle (does a ``-`` between numbers belong to them, is a
``%`` on the number's right part of it) give a handful of variants. Each variant is run forward
through python-bidi, the same algorithm the producers ran, and the first one that reproduces the
visual line wins (with or without right-to-left text around it, as the paragraph around a line
changes how its numbers resolve). When none does, the default variant stands.

Units, not characters, are reordered: a lam-alef ligature glyph (``لا``), an ActualText span and a
folded presentation form each stay one unit, so reversing a line never swaps the letters inside a
unit.
"""
from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache

R, L, D, S, P, Z = "R", "L", "D", "S", "P", "Z"  # right-to-left, left-to-right, digit, space, other, joiner
# a boundary between runs the producer laid out one by one (xepersian draws «12.5» as «12», «.», «5»
# with a space glyph over them): no character, but in the check a right-to-left mark, as the
# separately placed runs of a right-to-left paragraph behave
B = "B"

_PLACEHOLDER = {R: "\ufb50", L: "a", D: "0", S: " ", P: "!", Z: "\u200c", B: "\ufb52"}
# Bracket shapes are compared modulo mirroring: producers differ in whether they store the mirrored one.
_BRACKETS = str.maketrans({")": "(", "]": "[", "}": "{", ">": "<", "»": "«", "›": "‹"})
_SEPARATORS_CS = frozenset(",./:\u060c\u066b\u066c\u00a0\u202f")  # join numbers on both sides
_SEPARATORS_ES = frozenset("+-\u2212\u2013")  # join numbers only when they are European numbers
_TERMINATORS = frozenset("%\u066a\u2030\u2031#$\u00b0\u00a2\u00a3\u00a5\u20ac\u20ac\ufdfc")


@lru_cache(maxsize=4096)
def classify(text: str) -> str:
    """The bidi role of one unit's text."""
    if not text:
        return P
    if text.isspace():
        return S
    kinds = [unicodedata.bidirectional(ch) for ch in text]
    if "R" in kinds or "AL" in kinds:
        return R
    if "L" in kinds:
        return L
    if all(k in ("EN", "AN") for k in kinds):
        return D
    if all(k == "BN" for k in kinds):
        return Z
    return P


def _islands(classes: list[str], texts: list[str], flags: tuple[bool, bool, bool, bool]) -> list[tuple[int, int]]:
    """Spans [start, end) of left-to-right islands in a visual right-to-left line."""
    es_join, et_right, et_left, digit_space_join = flags
    n = len(classes)
    spans: list[list[int]] = []  # [start, end, has_latin]
    i = 0
    while i < n:
        c = classes[i]
        if c not in (L, D):
            i += 1
            continue
        j = i
        while j < n and classes[j] in (L, D):
            j += 1
        atom_latin = L in classes[i:j]
        if spans:
            prev = spans[-1]
            gap = range(prev[1], i)
            gap_classes = [classes[k] for k in gap]
            left_latin = prev[2]
            joined = False
            if all(g in (S, P) for g in gap_classes) and len(gap_classes) <= 4:
                gap_text = "".join(texts[k] for k in gap)
                if left_latin:
                    # Latin words, and numbers after Latin (UBA W7), keep their order: "Expo 2020", URLs
                    joined = True
                elif atom_latin:
                    joined = False  # a number then a Latin word, visually: two runs
                elif len(gap_text) == 1 and gap_text in _SEPARATORS_CS:
                    joined = True  # 1398/07/15, 12.5, 2,500
                elif len(gap_text) == 1 and gap_text in _SEPARATORS_ES:
                    joined = es_join
                elif gap_text.isspace():
                    joined = digit_space_join
            if joined:
                prev[1] = j
                prev[2] = prev[2] or atom_latin
                i = j
                continue
        spans.append([i, j, atom_latin])
        i = j
    if spans and spans[0][2]:
        # a Latin word broken at a hyphen at the end of the line (visually its left end): "www.qom-"
        start, end, _ = spans[0]
        if all(c == S for c in classes[:start]) and end < n and texts[end] in "-\u2010" \
                and (end + 1 == n or classes[end + 1] == S):
            spans[0][1] = end + 1
    out = []
    for start, end, latin in spans:
        if not latin:
            # a percent sign (or another terminator) glued to a number
            if et_right and end < n and classes[end] == P and texts[end] in _TERMINATORS:
                end += 1
            if et_left and start > 0 and classes[start - 1] == P and texts[start - 1] in _TERMINATORS:
                start -= 1
        out.append((start, end))
    return out


def _rtl_order(classes, texts, flags) -> list[int]:
    """Logical order of a visual right-to-left line: reverse everything but the islands."""
    order: list[int] = []
    pos = len(classes)
    for start, end in reversed(_islands(classes, texts, flags)):
        order.extend(range(pos - 1, end - 1, -1))
        order.extend(range(start, end))
        pos = start
    order.extend(range(pos - 1, -1, -1))
    return order


def _ltr_order(classes, texts, flags) -> list[int]:
    """Logical order of a visual left-to-right line: right-to-left stretches reversed in place."""
    n = len(classes)
    order: list[int] = []
    i = 0
    while i < n:
        if classes[i] not in (R, Z):
            order.append(i)
            i += 1
            continue
        # a right-to-left stretch: from this R to the last R reachable through neutrals and digits
        j = k = i
        while k < n and classes[k] != L:
            if classes[k] in (R, Z):
                j = k
            k += 1
        seg = list(range(i, j + 1))
        sub = _rtl_order([classes[s] for s in seg], [texts[s] for s in seg], flags)
        order.extend(seg[s] for s in sub)
        i = j + 1
    return order


_FLAG_VARIANTS = sorted(itertools.product((False, True), (True, False), (False, True), (False, True)),
                        key=lambda f: (f[0], not f[1], f[2], f[3]).count(True))


def _render(reps: list[str], order: list[int]) -> str:
    return "".join(reps[i] for i in order)


_AL_MARK, _L_MARK = "\ufb51", "\uff5a"  # never in unit texts (presentation forms are folded)
_CONTEXTS = {
    # what may stand logically before and after a line in its paragraph: nothing, Arabic, Latin
    "R": [(p, s) for p in ("", _AL_MARK) for s in ("", _AL_MARK, _L_MARK)],
    "L": [(p, s) for p in ("", _L_MARK, _AL_MARK) for s in ("", _L_MARK, _AL_MARK)],
}


def _reproduces(logical: str, visual: str, base: str) -> bool:
    """Does the bidi algorithm draw ``logical`` as ``visual`` in some paragraph context?"""
    from bidi import get_display

    want = visual.translate(_BRACKETS)
    for pre, suf in _CONTEXTS[base]:
        got = get_display(pre + logical + suf, base_dir=base)
        if pre or suf:
            got = got.replace(_AL_MARK, "").replace(_L_MARK, "")
        if got.translate(_BRACKETS) == want:
            return True
    return False


def line_direction(classes: list[str]) -> str | None:
    """R or L by the majority of words (a word counts as right-to-left when it holds any
    right-to-left letter): a Persian line holding a long web address is still right-to-left."""
    rtl = ltr = 0
    word = None
    for c in classes:
        if c == S:
            if word == R:
                rtl += 1
            elif word == L:
                ltr += 1
            word = None
        elif c in (R, Z):
            word = R
        elif c == L and word != R:
            word = L
    if word == R:
        rtl += 1
    elif word == L:
        ltr += 1
    if rtl == ltr:
        return None
    return "R" if rtl > ltr else "L"


def candidate_orders(texts: list[str], classes: list[str] | None = None, base: str | None = None,
                     default_base: str = "R") -> tuple[list[list[int]], int | None]:
    """The distinct logical orders proposed for a visual line, most likely first, and the index of
    the first one the bidi algorithm draws as the line (None when none does)."""
    if classes is None:
        classes = [classify(t) for t in texts]
    n = len(texts)
    base = base or line_direction(classes) or default_base
    if base == "R" and L not in classes and D not in classes:
        return [list(range(n - 1, -1, -1))], 0
    if base == "L" and R not in classes and Z not in classes:
        return [list(range(n))], 0
    reps = [t if len(t) == 1 else _PLACEHOLDER[c] for t, c in zip(texts, classes)]
    visual = "".join(reps)
    make = _rtl_order if base == "R" else _ltr_order
    orders: list[list[int]] = []
    seen = set()
    percent_first = None
    for flags in _FLAG_VARIANTS:
        order = make(classes, texts, flags)
        key = tuple(order)
        if key in seen:
            continue
        seen.add(key)
        orders.append(order)
        if _reproduces(_render(reps, order), visual, base):
            if not _percent_before_number(texts, classes, order):
                return orders, len(orders) - 1
            if percent_first is None:
                percent_first = len(orders) - 1
    if percent_first is not None:
        # Only a reading with a percent sign before its number («به ٪۴۵ رسید») reproduces the line.
        # Nobody writes that: the producer ran the algorithm on the number alone (WeasyPrint
        # orders each inline box, here an italic «۴۵٪», on its own), so the percent stays after it.
        for k, order in enumerate(orders):
            if not _percent_before_number(texts, classes, order):
                return orders, k
        return orders, percent_first
    return orders, None


_PERCENT = frozenset("%\u066a\u2030")


def _percent_before_number(texts, classes, order) -> bool:
    """Does the logical order put a percent sign right before a number (and after no number)?"""
    for k, i in enumerate(order):
        if texts[i] in _PERCENT and k + 1 < len(order) and classes[order[k + 1]] == D \
                and (k == 0 or classes[order[k - 1]] != D):
            return True
    return False


def logical_order(texts: list[str], classes: list[str] | None = None, base: str | None = None,
                  default_base: str = "R") -> list[int]:
    """Indices of ``texts`` (units in visual order) in logical order: the first proposal the bidi
    algorithm confirms, else the most likely one."""
    orders, verified = candidate_orders(texts, classes, base, default_base)
    return orders[verified if verified is not None else 0]
