"""Attach each fact to the cluster it is about, and mark programme-level facts national.

A fact's cluster is the cluster named in its sentence (the nearest mention before it, or the only
one after it); otherwise the document's main cluster (:mod:`extractors.clusters`). A fact an
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
            f.cluster = (before[-1] if before else here[0]).cluster
            continue
        if main is not None:
            f.cluster = main.name
        elif f.type in PROGRAMME_TYPES and _PROGRAMME.search(ctx.string[s:e]):
            f.scope = "national"
