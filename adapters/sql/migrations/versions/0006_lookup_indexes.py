"""Indexes for every look-up a use case makes (issue 19 item 4).

发证 looks certificates and seals up by number, the province's status by application
number, the decision and issue lists by stage, the city by city code: without an index
each is a scan of a table that grows with the province (20,000 certificates issued one
batch after another slowed down batch after batch).  Indexes only: no data changes.

Revision ID: 0006
Revises: 0004 (the lead relinks it after 0005 when both branches are merged)
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES: tuple[tuple[str, str], ...] = (
    ("enterprise", "city_code"),
    ("enterprise", "org_code"),
    ("person", "registration_status"),
    ("application", "stage"),
    ("application", "city_code"),
    ("application", "provenance"),
    ("certificate", "certificate_number"),
    ("certificate", "application_number"),
    ("seal", "seal_number"),
    ("seal", "certificate_number"),
    ("conduct", "person_id_number"),
    ("leave_province", "person_id_number"),
    ("exam_result", "person_id_number"),
)


def upgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(INDEXES):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
