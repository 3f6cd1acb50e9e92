"""The shard manifest of `ingest --dask` (#14): which partition's Parquet shard was written
and which was loaded, so a rerun skips loaded partitions and reuses written shards.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A store made by a build that had the table before this revision existed keeps it.
    if sa.inspect(op.get_bind()).has_table("shard_manifest"):
        return
    op.create_table(
        "shard_manifest",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.String(32)),
    )


def downgrade() -> None:
    op.drop_table("shard_manifest")
