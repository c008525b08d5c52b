"""Storage: the SQLite database, through sqlite-utils."""
from __future__ import annotations

import os
import sqlite3

from pipeline.errors import DatabaseError

DEFAULT_DB = os.path.join("outputs", "khooshe.db")


def open_db(path: str, create: bool = True):
    """Open (and migrate) the database for writing."""
    from sqlite_utils import Database

    from pipeline.store import schema

    if not create and not os.path.exists(path):
        raise DatabaseError(f"{path}: no such database; run `khooshe ingest` first")
    try:
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        db = Database(path)
        db.execute("PRAGMA busy_timeout = 30000")
        db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        schema.apply(db)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise DatabaseError(f"{path}: cannot open database: {exc}") from None
    return db


def open_readonly(path: str):
    """Open the database so that no statement can write to it (SQLite's mode=ro)."""
    from urllib.parse import quote

    from sqlite_utils import Database

    if not os.path.exists(path):
        raise DatabaseError(f"{path}: no such database; run `khooshe ingest` first")
    try:
        conn = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True)
        conn.execute("PRAGMA query_only = ON")
        return Database(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: cannot open database: {exc}") from None
