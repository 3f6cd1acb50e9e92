"""The sentence and rule that set a claim's evidence status (#13): five nullable columns on
`claims`, so rows stored before them read back as "no deciding sentence".

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (
    ("status_evidence_text", sa.Text), ("status_evidence_start", sa.Integer),
    ("status_evidence_end", sa.Integer), ("status_evidence_sentence", sa.Integer),
    ("status_rule", lambda: sa.String(64)),
)


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("claims")}
    with op.batch_alter_table("claims") as batch:  # batch: SQLite cannot ALTER much
        for name, kind in COLUMNS:
            if name not in present:
                batch.add_column(sa.Column(name, kind()))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        for name, _kind in reversed(COLUMNS):
            batch.drop_column(name)
