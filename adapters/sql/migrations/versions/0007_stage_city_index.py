"""One index for a city's applications at a stage (issue 19 item 4).

A city lists, receives and forwards its applications at a stage (申报接收, 申报上报,
全选): ``city_code = ? AND stage = ?``.  With one index per column the database took
the city code's, and at a city every application has that code: each list read all of
the city's applications of every year to keep the few at the stage.  The index on
(stage, city_code) finds exactly those, and serves a look-up by stage alone as well,
so it replaces the index on stage.  Indexes only: no data changes.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_application_stage_city_code", "application", ["stage", "city_code"], unique=False
    )
    op.drop_index("ix_application_stage", table_name="application")


def downgrade() -> None:
    op.create_index("ix_application_stage", "application", ["stage"], unique=False)
    op.drop_index("ix_application_stage_city_code", table_name="application")
