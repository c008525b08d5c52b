"""Corrupt clean Persian text the way broken PDF and slide extraction does, to test the repair.

Two producers, each a pure function of the text and a seeded ``random.Random``:

- :func:`corrupt_columns`: a justified magazine column read in visual order. Paragraphs wrapped into
  lines; most lines come out with their runs (one to three words) in reverse order, separated by
  two or more spaces, digits and Latin at the left end of their run, the punctuation that ends a run
  at its start («. خوردارند»), brackets mirrored, now and then a word cut in two at a non-joining
  letter; other lines stay in order but justified (a wide gap). Blank lines fall inside paragraphs,
  a title block may land in the middle of one, some passages use Arabic ي/ك with the ی+ک ligature
  letters swapped (یک -> كي, تأکید -> تأيكد), zero-width non-joiners are lost, tatweel stretches words.
- :func:`corrupt_slides`: slide-deck lines whose runs come out reversed and glued with no space
  («فهرست مطالب» -> «مطالبفهرست»), suffixes written after a ZWNJ becoming runs of their own
  («خوشه‌های» -> «های…خوشه»), numbers and Latin as separate runs, final punctuation at the start, and
  a justification «و» stretched into some words (حمایت -> حمایوت).

Each returns ``(corrupted_text, reference_text)``: the reference is what a perfect repair gives (the
title block first, then the paragraphs, one per line).
"""
from __future__ import annotations

import random
import re

ZWNJ = "\u200c"
TATWEEL = "\u0640"
_LTR = re.compile(r"^[^\u0600-\u06ff]*[0-9A-Za-z][^\u0600-\u06ff]*$")
_MIRROR = str.maketrans("()[]{}«»", ")(][}{»«")
_NON_JOINING = set("اآدذرزژو")
_JOINING = set("بپتثجچحخسشصضطظعغفقکگلمنهیئ")
_TO_ARABIC = str.maketrans("یک", "يك")


def _is_ltr(token: str) -> bool:
    return bool(_LTR.match(token))


def _wrap(words: list[str], width: int) -> list[list[str]]:
    lines, cur, n = [], [], 0
    for w in words:
        if cur and n + 1 + len(w) > width:
            lines.append(cur)
            cur, n = [], 0
        cur.append(w)
        n += len(w) + (1 if n else 0)
    if cur:
        lines.append(cur)
    return lines


def _swap_ligature(word: str) -> str:
    return re.sub("یک|کی", lambda m: m.group()[::-1], word)


def _tatweel(word: str, rng: random.Random) -> str:
    spots = [i for i in range(1, len(word) - 1) if word[i] in _JOINING and word[i + 1] not in "ا"]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[: i + 1] + TATWEEL * rng.randint(3, 12) + word[i + 1:]


def _visual_line(words: list[str], rng: random.Random) -> str:
    """The words of one logical line as visual-order extraction gives them."""
    runs: list[list[str]] = []
    i = 0
    while i < len(words):
        n = rng.choices((1, 2, 3, 4), (0.66, 0.22, 0.08, 0.04))[0]
        runs.append(words[i:i + n])
        i += n
    # now and then a word cut in two after a non-joining letter: two runs
    if rng.random() < 0.15:
        k = rng.randrange(len(runs))
        run = runs[k]
        w = run[-1]
        cuts = [j for j in range(2, len(w) - 2) if w[j - 1] in _NON_JOINING and w[j:].strip(".،:")]
        if cuts and len(run) == 1:
            j = rng.choice(cuts)
            runs[k:k + 1] = [[w[:j]], [w[j:]]]
    out_runs = []
    for run in runs:
        run = list(run)
        # a run's final punctuation comes out at its visual start
        m = re.match(r"^(.*?)([.،:؛!؟]+)$", run[-1])
        lead = ""
        if m and m.group(1):
            run[-1] = m.group(1)
            lead = m.group(2)
        # inside a run, digits and Latin form runs of their own: the run's RTL and LTR groups come
        # out in reverse order («خوشه 3» -> «3 خوشه»), each group keeping its inner order
        groups: list[list[str]] = []
        for tok in run:
            if groups and _is_ltr(tok) == _is_ltr(groups[-1][-1]):
                groups[-1].append(tok)
            else:
                groups.append([tok])
        text = " ".join(" ".join(g) for g in reversed(groups)).translate(_MIRROR)
        if lead:
            text = lead + (" " if rng.random() < 0.6 else "") + text
        out_runs.append(text)
    out_runs.reverse()
    gaps = [" " * rng.choice((2, 2, 2, 3)) for _ in out_runs[1:]]
    text = out_runs[0]
    for gap, run in zip(gaps, out_runs[1:]):
        text += gap + run
    return text


def _justified(words: list[str], rng: random.Random) -> str:
    """A line in order; now and then justification leaves one wide gap in it."""
    if len(words) > 2 and rng.random() < 0.12:
        k = rng.randrange(1, len(words))
        return " ".join(words[:k]) + " " * rng.choice((2, 3)) + " ".join(words[k:])
    return " ".join(words)


def corrupt_columns(paragraphs: list[str], rng: random.Random, p_visual: float = 0.8,
                    title: list[str] | None = None,
                    lines_out: list[tuple[str, str, bool]] | None = None) -> tuple[str, str]:
    """Paragraphs (one per item, clean) -> (visual-order column text, reference).

    ``lines_out``, when given, receives (corrupted line, clean line, visual?) for every text line."""
    zwnj = rng.choice(("", " ", ZWNJ))  # how this producer lost (or kept) the non-joiners
    out: list[str] = []
    for p_index, para in enumerate(paragraphs):
        arabic = rng.random() < 0.3
        text = para.replace(ZWNJ, zwnj)
        words = text.split()
        clean_words = list(words)
        if arabic:
            words = [_swap_ligature(w) if rng.random() < 0.7 else w for w in words]
        if rng.random() < 0.2:
            k = rng.randrange(len(words))
            words[k] = _tatweel(words[k], rng)
        lines = _wrap(words, rng.randint(30, 46))
        rendered = []
        done = 0
        for i, line_words in enumerate(lines):
            last = i == len(lines) - 1
            visual = (not last or len(line_words) > 3) and rng.random() < p_visual
            line = _visual_line(line_words, rng) if visual else _justified(line_words, rng) if not last else " ".join(line_words)
            if arabic:
                line = line.translate(_TO_ARABIC)
            rendered.append(line)
            if lines_out is not None:
                lines_out.append((line, " ".join(clean_words[done:done + len(line_words)]), visual))
            done += len(line_words)
        if len(rendered) > 1 and rng.random() < 0.5:
            rendered.insert(len(rendered) - 1, "")
        for k in range(len(rendered) - 2, 0, -1):
            if rng.random() < 0.06:
                rendered.insert(k, "")
        if title and p_index == len(paragraphs) // 2 and len(rendered) > 3:
            k = rng.randrange(2, len(rendered) - 1)
            # the block comes out bottom-up (as a visual-order extractor reads it)
            block = [""] + [_tatweel(t, rng) if j == 1 and rng.random() < 0.7 else t
                            for j, t in reversed(list(enumerate(title)))] + [""]
            rendered[k:k] = block
        out.extend(rendered)
    reference = "\n".join((title or []) + paragraphs)
    return "\n".join(out) + "\n", reference


def _stretch(word: str, rng: random.Random) -> str:
    """Slide justification stretches a word with a spurious «و» after a joining letter."""
    spots = [i for i in range(1, len(word) - 1) if word[i] in _JOINING]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[: i + 1] + "و" + word[i + 1:]


def corrupt_slides(lines: list[str], rng: random.Random, p_visual: float = 0.85) -> tuple[str, str]:
    """Short slide lines (titles, bullets; one per item, clean) -> (glued visual-order text, reference)."""
    out = []
    for line in lines:
        arabic = rng.random() < 0.6
        if rng.random() >= p_visual:
            text = line.replace(ZWNJ, "")
            out.append(text.translate(_TO_ARABIC) if arabic else text)
            out.append("")
            continue
        m = re.match(r"^(.*?)([.،:؛!؟]+)$", line)
        body, final = (m.group(1), m.group(2)) if m else (line, "")
        # pieces: words, and suffixes after a ZWNJ as pieces of their own
        pieces: list[tuple[str, str]] = []  # (text, joiner before it in the clean line)
        for k, word in enumerate(body.split()):
            parts = word.split(ZWNJ)
            for j, part in enumerate(parts):
                if part:
                    pieces.append((part, " " if (j == 0 and k) else ""))
        words = []
        for text, sep in pieces:
            if not _is_ltr(text) and len(text) > 3 and rng.random() < 0.04:
                text = _stretch(text, rng)
            words.append((text, sep))
        # runs: break at every ZWNJ piece, at numbers/Latin, and at random spaces
        runs: list[str] = []
        cur = ""
        for i, (text, sep) in enumerate(words):
            brk = i == 0 or sep == "" or _is_ltr(text) or _is_ltr(words[i - 1][0]) or rng.random() < 0.25
            if brk and cur:
                runs.append(cur)
                cur = ""
            cur = text if not cur else cur + sep + text
        if cur:
            runs.append(cur)
        runs.reverse()
        glue = "" if rng.random() < 0.75 else " "
        text = final + glue.join(runs)
        out.append(text.translate(_TO_ARABIC) if arabic else text)
        out.append("")
    return "\n".join(out) + "\n", "\n".join(lines)


def slide_lines(paragraphs: list[str], rng: random.Random, n: int) -> list[str]:
    """Slide-like lines made from clean paragraphs: the first 3-9 words of sentences, some ending
    with «:» (what :func:`corrupt_slides` is given to corrupt)."""
    out = []
    sentences = [s.strip() for p in paragraphs for s in re.split(r"(?<=[.!؟])\s+", p) if len(s.split()) > 3]
    for s in rng.sample(sentences, min(n, len(sentences))):
        words = s.rstrip(".").split()
        k = rng.randint(3, min(9, len(words)))
        line = " ".join(words[:k]).rstrip("،")
        if rng.random() < 0.2:
            line += ":"
        out.append(line)
    return out
