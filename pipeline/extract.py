"""The extract stage: ``extract(Text) -> Extraction`` (facts, the clusters they are about, versions)."""
from __future__ import annotations

from pipeline.model import Extraction, Text


def extract(text: Text) -> Extraction:
    import extractors

    facts = extractors.run(text)
    return Extraction(facts=facts, clusters=extractors.clusters_of(text, facts), versions=extractors.versions())
