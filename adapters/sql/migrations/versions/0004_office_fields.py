"""The fields a registration office expects, and 更改、补办 with structure (issue 16).

Person: 民族, 照片 (base64 text), 资格取得方式, labour contract dates, 原印章号.
Enterprise: 资质类别 and 资质等级 as codes (the free-text 资质 stays).  Application:
what a 更改 changes (item, old and new value) or what a 补办 reissues (certificate,
seal) with the loss declaration.  Every column is nullable: existing rows stay valid.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS: dict[str, list[tuple[str, type[sa.types.TypeEngine[Any]]]]] = {
    "person": [
        ("ethnicity", sa.Text),
        ("photo", sa.Text),
        ("qualification_route", sa.Text),
        ("contract_start", sa.Date),
        ("contract_end", sa.Date),
        ("previous_seal_no", sa.Text),
    ],
    "enterprise": [
        ("qualification_category", sa.Text),
        ("qualification_grade", sa.Text),
    ],
    "application": [
        ("amend_mode", sa.Text),
        ("amend_item", sa.Text),
        ("amend_old_value", sa.Text),
        ("amend_new_value", sa.Text),
        ("reissue_items", sa.Text),
        ("loss_newspaper", sa.Text),
        ("loss_declared_on", sa.Date),
    ],
}


def upgrade() -> None:
    for table, columns in _COLUMNS.items():
        # batch mode: SQLite cannot alter a table in place; PostgreSQL adds the columns.
        with op.batch_alter_table(table) as batch:
            for name, kind in columns:
                batch.add_column(sa.Column(name, kind(), nullable=True))


def downgrade() -> None:
    for table, columns in _COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, _ in reversed(columns):
                batch.drop_column(name)
