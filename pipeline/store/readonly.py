"""Running an analyst's SQL so that it can only read.

The database is already opened with SQLite's ``mode=ro`` and ``query_only`` (``open_readonly``),
which stops writes to the file. Two holes remain that an authorizer closes: ``ATTACH`` (it creates
the file it names, and a URI filename can ask for a writable one) and ``PRAGMA`` settings (``PRAGMA
query_only = OFF`` would reopen the second one). The authorizer also refuses every write before it
runs, so the message can say which statement was refused rather than SQLite's "readonly database".
"""
from __future__ import annotations

import sqlite3
from typing import Any, Sequence

from pipeline.errors import DatabaseError, ReadOnlyError, UsageError

# Authorizer action codes (sqlite3.h). The module's constants share values with result codes, so name them here.
_ACTIONS = {
    1: "CREATE INDEX", 2: "CREATE TABLE", 3: "CREATE INDEX", 4: "CREATE TABLE", 5: "CREATE TRIGGER",
    6: "CREATE VIEW", 7: "CREATE TRIGGER", 8: "CREATE VIEW", 9: "DELETE", 10: "DROP INDEX", 11: "DROP TABLE",
    12: "DROP INDEX", 13: "DROP TABLE", 14: "DROP TRIGGER", 15: "DROP VIEW", 16: "DROP TRIGGER", 17: "DROP VIEW",
    18: "INSERT", 19: "PRAGMA", 23: "UPDATE", 24: "ATTACH", 25: "DETACH", 26: "ALTER TABLE", 27: "REINDEX",
    28: "ANALYZE", 29: "CREATE VIRTUAL TABLE", 30: "DROP VIRTUAL TABLE",
}
_INSERT, _DELETE, _UPDATE = 18, 9, 23
_PRAGMA = 19
# SQLite asks about writes to its schema table when it reads the schema, and before a CREATE or DROP
# is authorized as such: let those through (mode=ro stops any real write) so the message names the statement.
_SCHEMA_TABLES = {"sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"}
# Pragmas that only report. Those that can also set something (user_version = 5) are allowed without a value.
READ_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "collation_list", "database_list", "function_list", "module_list", "pragma_list",
    "compile_options", "integrity_check", "quick_check", "data_version", "page_count", "freelist_count",
}
SETTABLE_READ_PRAGMAS = {"user_version", "application_id", "schema_version", "encoding", "page_size",
                         "journal_mode", "foreign_keys", "recursive_triggers", "query_only", "cache_size"}


class _Guard:
    def __init__(self) -> None:
        self.refused: str | None = None

    def __call__(self, action: int, arg1: str | None, arg2: str | None, dbname: str | None, source: str | None) -> int:
        if action in (_INSERT, _UPDATE, _DELETE) and arg1 in _SCHEMA_TABLES:
            return sqlite3.SQLITE_OK  # the statement's own action (CREATE, DROP, ...) is judged next
        if action == _PRAGMA:
            name = (arg1 or "").lower()
            if name in READ_PRAGMAS or (name in SETTABLE_READ_PRAGMAS and arg2 is None):
                return sqlite3.SQLITE_OK
            self.refused = f"PRAGMA {name}" + (f" = {arg2}" if arg2 is not None else "")
            return sqlite3.SQLITE_DENY
        if action in _ACTIONS:
            target = arg2 if action == 26 else arg1  # ALTER TABLE names the database first, then the table
            self.refused = f"{_ACTIONS[action]} {target}" if target else _ACTIONS[action]
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK


def run_query(db, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement; returns (column names, rows).

    A statement that would write (or attach a file, or change a pragma) raises ReadOnlyError; a
    malformed one raises UsageError.
    """
    conn: sqlite3.Connection = db.conn
    guard = _Guard()
    conn.set_authorizer(guard)
    try:
        cursor = conn.execute(sql, params)
        if cursor.description is None:  # empty, a comment, BEGIN: nothing that reads
            raise UsageError("query: no statement that returns rows: give a SELECT, WITH, PRAGMA or EXPLAIN")
        rows = cursor.fetchall()
        columns = [d[0] for d in cursor.description]
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if guard.refused or "readonly" in message or "read-only" in message or "may not be modified" in message:
            what = guard.refused or "a write"
            raise ReadOnlyError(f"query: refused {what}: `khooshe query` only reads the database "
                                "(SELECT, WITH, EXPLAIN and reporting PRAGMAs)") from None
        if isinstance(exc, (sqlite3.OperationalError, sqlite3.ProgrammingError)):  # syntax, no such table, bindings
            raise UsageError(f"query: {message}") from None
        raise DatabaseError(f"query: {message}") from None
    except sqlite3.Warning as exc:  # older Pythons: "You can only execute one statement at a time."
        raise UsageError(f"query: {exc}") from None
    finally:
        conn.set_authorizer(None)
    return columns, rows
