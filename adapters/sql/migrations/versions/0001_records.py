"""The record tables, one per record kind of DESIGN §3.

Written out in full: migrations are history and never derive from the current model.

Revision ID: 0001
Revises: None
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application",
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("person_id_number", sa.Text(), nullable=False),
        sa.Column("person_name", sa.Text(), nullable=False),
        sa.Column("enterprise_uscc", sa.Text(), nullable=False),
        sa.Column("enterprise_name", sa.Text(), nullable=False),
        sa.Column("city_code", sa.Text(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("stage", sa.Text(), nullable=True),
        sa.Column("qualification_cert_no", sa.Text(), nullable=True),
        sa.Column("qualification_date", sa.Date(), nullable=True),
        sa.Column("registration_cert_no", sa.Text(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("previous_employer", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("ce_compulsory_hours", sa.Integer(), nullable=True),
        sa.Column("ce_elective_hours", sa.Integer(), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("provenance", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_index(
        "ix_application_enterprise_uscc", "application", ["enterprise_uscc"], unique=False
    )
    op.create_index(
        "ix_application_person_id_number", "application", ["person_id_number"], unique=False
    )
    op.create_table(
        "certificate",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("certificate_number", sa.Text(), nullable=False),
        sa.Column("person_id_number", sa.Text(), nullable=False),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("enterprise_uscc", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("application_number", sa.Text(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_certificate_person_id_number", "certificate", ["person_id_number"], unique=False
    )
    op.create_table(
        "conduct",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("person_id_number", sa.Text(), nullable=False),
        sa.Column("good", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "conflict",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("record_kind", sa.Text(), nullable=False),
        sa.Column("record_key", sa.Text(), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("kept_value", sa.Text(), nullable=False),
        sa.Column("lost_value", sa.Text(), nullable=False),
        sa.Column("kept_origin", sa.Text(), nullable=False),
        sa.Column("lost_origin", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "continuing_education",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("person_id_number", sa.Text(), nullable=False),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("compulsory_hours", sa.Integer(), nullable=False),
        sa.Column("elective_hours", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("provider", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_continuing_education_person_id_number",
        "continuing_education",
        ["person_id_number"],
        unique=False,
    )
    op.create_table(
        "decision",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("application_number", sa.Text(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_decision_application_number", "decision", ["application_number"], unique=False
    )
    op.create_table(
        "enterprise",
        sa.Column("uscc", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("city_code", sa.Text(), nullable=False),
        sa.Column("org_code", sa.Text(), nullable=True),
        sa.Column("enterprise_number", sa.Text(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("legal_representative", sa.Text(), nullable=True),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("qualification", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("uscc"),
    )
    op.create_table(
        "exam_result",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("person_id_number", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "leave_province",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("person_id_number", sa.Text(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=False),
        sa.Column("destination", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "node",
        sa.Column("node_id", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=True),
        sa.Column("certificate", sa.Text(), nullable=True),
        sa.Column("city_code", sa.Text(), nullable=True),
        sa.Column("uscc", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("node_id"),
    )
    op.create_table(
        "performance",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("application_number", sa.Text(), nullable=False),
        sa.Column("project_name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("scale", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_performance_application_number", "performance", ["application_number"], unique=False
    )
    op.create_table(
        "person",
        sa.Column("id_number", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("gender", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("employer_uscc", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("education", sa.Text(), nullable=True),
        sa.Column("major", sa.Text(), nullable=True),
        sa.Column("school", sa.Text(), nullable=True),
        sa.Column("graduation_date", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("qualification_cert_no", sa.Text(), nullable=True),
        sa.Column("qualification_date", sa.Date(), nullable=True),
        sa.Column("registration_status", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id_number"),
    )
    op.create_index("ix_person_employer_uscc", "person", ["employer_uscc"], unique=False)
    op.create_table(
        "review",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("application_number", sa.Text(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_application_number", "review", ["application_number"], unique=False)
    op.create_table(
        "seal",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("seal_number", sa.Text(), nullable=False),
        sa.Column("person_id_number", sa.Text(), nullable=False),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("certificate_number", sa.Text(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_seal_person_id_number", "seal", ["person_id_number"], unique=False)
    op.create_table(
        "user",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("city_code", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("user")
    op.drop_table("seal")
    op.drop_table("review")
    op.drop_table("person")
    op.drop_table("performance")
    op.drop_table("node")
    op.drop_table("leave_province")
    op.drop_table("exam_result")
    op.drop_table("enterprise")
    op.drop_table("decision")
    op.drop_table("continuing_education")
    op.drop_table("conflict")
    op.drop_table("conduct")
    op.drop_table("certificate")
    op.drop_table("application")
