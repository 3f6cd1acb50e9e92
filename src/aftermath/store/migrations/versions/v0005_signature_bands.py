"""The near-duplicate index as rows (#18): `signature_bands` holds each stored signature's
LSH band keys (store/bands.py), indexed on (band, key), so ingest finds the candidates of a
new text with one indexed query instead of loading every signature.

Backfilled here from the signatures already stored, a page at a time (keyset order on the
document id), so a large store is upgraded in bounded memory on SQLite and PostgreSQL.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from aftermath.store.bands import band_rows

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PAGE = 2000  # signatures read per backfill step


def upgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("signature_bands"):
        op.create_table(
            "signature_bands",
            sa.Column("document_id", sa.String(128),
                      sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("band", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("key", sa.BigInteger, nullable=False),
        )
        op.create_index("signature_bands_key", "signature_bands", ["band", "key"])
    _backfill(bind)


def _backfill(bind: sa.Connection) -> None:
    """Band rows for every stored signature that has none (all of them, after the table
    was just made; a rerun after an interrupted upgrade adds only the missing ones)."""
    meta = sa.MetaData()
    signatures = sa.Table("signatures", meta, autoload_with=bind)
    bands = sa.Table("signature_bands", meta, autoload_with=bind)
    last = ""
    while True:
        page = list(bind.execute(
            sa.select(signatures.c.document_id, signatures.c.minhash)
            .where(signatures.c.document_id > last)
            .where(~sa.exists().where(bands.c.document_id == signatures.c.document_id))
            .order_by(signatures.c.document_id).limit(PAGE)).mappings())
        if not page:
            return
        rows = list(band_rows(dict(row) for row in page))
        if rows:
            bind.execute(sa.insert(bands), rows)
        last = page[-1]["document_id"]


def downgrade() -> None:
    op.drop_index("signature_bands_key", table_name="signature_bands")
    op.drop_table("signature_bands")
