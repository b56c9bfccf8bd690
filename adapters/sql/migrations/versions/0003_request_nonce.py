"""Nonces of signed HTTP requests, so that every server worker refuses a replay.

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


def upgrade() -> None:
    op.create_table(
        "request_nonce",
        sa.Column("node_id", sa.Text(), nullable=False),
        sa.Column("nonce", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", "nonce"),
    )
    op.create_index("ix_request_nonce_seen_at", "request_nonce", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_request_nonce_seen_at", table_name="request_nonce")
    op.drop_table("request_nonce")
