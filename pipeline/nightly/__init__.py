"""Nightly unattended runs: configuration, the run lock, the JSON event log, the process pool, re-extraction
and the run report. ``khooshe run`` (pipeline/cli/run.py) puts them together around :func:`pipeline.batch.ingest`.
"""
