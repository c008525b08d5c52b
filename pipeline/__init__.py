"""Khooshe: a Persian document-ingestion and information-extraction pipeline."""

__version__ = "0.1.0"
