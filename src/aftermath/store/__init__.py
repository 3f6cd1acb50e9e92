"""Storage: SQLAlchemy Core schema, revisions and repository (SQLite by default, PostgreSQL)."""

from aftermath.store.repository import Store, open_store

__all__ = ["Store", "open_store"]
