"""Attach each fact to the cluster it is about, and mark programme-level facts national.

A fact's cluster is the cluster named in its sentence (the nearest mention before it, or the only
one after it), unless that is one item of a list of clusters (then the figure is the list's, and
goes to the main cluster if any); otherwise the document's main cluster (:mod:`extractors.clusters`). A fact an
extractor already attached (a ``cluster_priority`` item) or marked ``scope="national"`` (the national
cluster office's founding, counts «در سطح کشور») keeps that. In a document about the programme at
large (no main cluster), facts about the programme's projects (durations, start dates, strategies of
«پروژه توسعه خوشه» in general) get ``scope="national"``.
"""
from __future__ import annotations

import re

_PROGRAMME = re.compile(r"توسعه[ \u200c]*(?:ی[ \u200c]*)?خوشه|خوشه[ \u200c]*(?:ها|های|ای)|خوشه‌ای")
PROGRAMME_TYPES = {"duration_years", "start_date", "strategy_count", "strategy", "activity", "office_established"}


def attach(ctx, facts) -> None:
    from extractors.clusters import identify

    found = identify(ctx.string)
    main = found.main
    mentions = found.mentions
    for f in facts:
        if f.cluster or f.scope == "national" or f.type == "cluster":
            continue
        s, e = ctx.sentence_at(f.start)
        here = [m for m in mentions if s <= m.start < e]
        if here:
            before = [m for m in here if m.start <= f.start]
            nearest = before[-1] if before else here[0]
            if not (nearest.listed and sum(m.listed for m in here) >= 2):
                f.cluster = nearest.cluster
                continue
            # «... 4 خوشه A، B، C و D ... 2880 نفر در این خوشه‌ها»: a figure of the whole list is
            # none of its items', nor the country's
            if main is not None:
                f.cluster = main.name
            continue
        if main is not None:
            f.cluster = main.name
        elif f.type in PROGRAMME_TYPES and _PROGRAMME.search(ctx.string[s:e]):
            f.scope = "national"
