"""INSERT ... ON CONFLICT DO NOTHING for the backend at hand (SQLite and PostgreSQL both
have it, through their own SQLAlchemy insert constructs)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_ignoring(table: Table, conn: Connection, *, on: tuple[str, ...] | None = None) -> Any:
    """An insert into `table` that skips rows clashing with a unique key (`on`, or any).

    Tell whether a row went in with `.returning(...)`, not `rowcount`: SQLAlchemy adds
    RETURNING on PostgreSQL itself, and rowcount is then -1 either way.
    """
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=on)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=on)
    return table.insert().prefix_with("IGNORE")  # pragma: no cover - MySQL-style fallback
