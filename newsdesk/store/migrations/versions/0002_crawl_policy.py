"""crawl policy: robots.txt cache, per-source display policy, starred articles

Revision ID: 0002_crawl_policy
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import newsdesk.store.types

revision: str = "0002_crawl_policy"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "robots_txt",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("origin", sa.String(length=400), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("fetched_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("origin"),
    )
    op.add_column(
        "sources",
        sa.Column("display_policy", sa.String(length=10), nullable=False, server_default="full"),
    )
    op.add_column(
        "articles",
        sa.Column("starred", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("starred")
    with op.batch_alter_table("sources") as batch_op:
        batch_op.drop_column("display_policy")
    op.drop_table("robots_txt")
