"""Acts (#19): `acts` (one row per act of an incident: canonical who/what/whom/when/where,
reports, mentions, outlets) and `act_events` (which stored events tell each act).

Both are derived from the events and incidents and filled by `aftermath incidents`; a
store upgraded from 0003 has them empty until its incidents are next updated or rebuilt.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if "acts" not in tables:
        op.create_table(
            "acts",
            sa.Column("id", sa.String(32), primary_key=True),
            sa.Column("incident_id", sa.String(32),
                      sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("family", sa.String(16)), sa.Column("plover", sa.String(16)),
            sa.Column("cameo", sa.String(8)), sa.Column("quad_class", sa.Integer),
            sa.Column("goldstein", sa.Float),
            sa.Column("source_code", sa.String(32)), sa.Column("source_name", sa.Text),
            sa.Column("target_code", sa.String(32)), sa.Column("target_name", sa.Text),
            sa.Column("date", sa.String(16)), sa.Column("place", sa.Text),
            sa.Column("reports", sa.Integer), sa.Column("mentions", sa.Integer),
            sa.Column("outlets", sa.Text),
            sa.Column("first_report", sa.String(32)), sa.Column("last_report", sa.String(32)),
        )
        op.create_index("ix_acts_incident_id", "acts", ["incident_id"])
    if "act_events" not in tables:
        op.create_table(
            "act_events",
            sa.Column("act_id", sa.String(32), sa.ForeignKey("acts.id", ondelete="CASCADE"),
                      nullable=False),
            sa.Column("document_id", sa.String(128),
                      sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("seq", sa.Integer, primary_key=True),
        )
        op.create_index("ix_act_events_act_id", "act_events", ["act_id"])


def downgrade() -> None:
    op.drop_index("ix_act_events_act_id", table_name="act_events")
    op.drop_table("act_events")
    op.drop_index("ix_acts_incident_id", table_name="acts")
    op.drop_table("acts")
