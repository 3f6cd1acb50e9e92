"""Storage: SQLAlchemy Core schema and repository (SQLite by default, PostgreSQL-ready)."""

from aftermath.store.repository import Store, open_store

__all__ = ["Store", "open_store"]
