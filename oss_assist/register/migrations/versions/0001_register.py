"""The case register: cases, their transitions, case numbers, and shared secrets.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from oss_assist.register.db import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_secrets",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_register_secrets"),
    )
    op.create_table(
        "case_numbers",
        sa.Column("office", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office", "year", name="pk_case_numbers"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_no", sa.String(40), nullable=False),
        sa.Column("office", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("applicant_key", sa.String(64), nullable=False),
        sa.Column("open_key", sa.String(64), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("nik_masked", sa.String(20), nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("business_name", sa.String(200), nullable=False),
        sa.Column("desa", sa.String(100), nullable=False),
        sa.Column("kbli", sa.String(200), nullable=False),
        sa.Column("kbli_section", sa.String(1), nullable=False),
        sa.Column("scale", sa.String(20), nullable=False),
        sa.Column("scale_policy", sa.String(8), nullable=False),
        sa.Column("risk", sa.String(40), nullable=True),
        sa.Column("profile_path", sa.Text(), nullable=False),
        sa.Column("profile_sha256", sa.String(64), nullable=False),
        sa.Column("requirements", sa.JSON(), nullable=False),
        sa.Column("sku_number", sa.String(100), nullable=True),
        sa.Column("sku_date", sa.Date(), nullable=True),
        sa.Column("sku_desa", sa.String(100), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.Column("validated_at", UTCDateTime(), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("nib_at", UTCDateTime(), nullable=True),
        sa.Column("archived_at", UTCDateTime(), nullable=True),
        sa.Column("handed_over_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("received_by", sa.String(100), nullable=False),
        sa.Column("nib", sa.String(13), nullable=True),
        sa.Column("nib_by_hand", sa.Boolean(), nullable=False),
        sa.Column("seal_sha256", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("late_entry", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("case_no", name="uq_cases_case_no"),
        sa.UniqueConstraint("open_key", name="uq_cases_open_key"),
    )
    op.create_index("ix_cases_office_stage", "cases", ["office", "stage"])
    op.create_index("ix_cases_office_received_at", "cases", ["office", "received_at"])
    op.create_index("ix_cases_due_at", "cases", ["due_at"])
    op.create_index("ix_cases_handed_over_at", "cases", ["handed_over_at"])
    op.create_index("ix_cases_applicant_key", "cases", ["applicant_key"])
    op.create_table(
        "transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("from_stage", sa.String(16), nullable=True),
        sa.Column("to_stage", sa.String(16), nullable=False),
        sa.Column("by", sa.String(100), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("entered_at", UTCDateTime(), nullable=False),
        sa.Column("late_entry", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_transitions_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_transitions"),
    )
    op.create_index("ix_transitions_case_id", "transitions", ["case_id"])


def downgrade() -> None:
    op.drop_table("transitions")
    op.drop_table("cases")
    op.drop_table("case_numbers")
    op.drop_table("register_secrets")
