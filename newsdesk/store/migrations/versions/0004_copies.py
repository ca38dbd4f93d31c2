"""duplicates: article signatures and copies

Revision ID: 0004_copies
Revises: 0001
Create Date: 2026-11-26

A MinHash signature per article (the LSH index is rebuilt from it on start) and one row per
article found to copy another, pointing at the original of its group.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import newsdesk.store.types

revision: str = "0004_copies"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "article_signatures",
        sa.Column("article_id", _ID, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("step_version", sa.String(length=20), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("lede_key", sa.BigInteger(), nullable=True),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("computed_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index(
        "ix_article_signatures_computed_at", "article_signatures", ["computed_at"], unique=False
    )
    op.create_table(
        "copies",
        sa.Column("copy_id", _ID, nullable=False),
        sa.Column("original_id", _ID, nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("detected_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["copy_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["original_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("copy_id"),
    )
    op.create_index("ix_copies_original", "copies", ["original_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_copies_original", table_name="copies")
    op.drop_table("copies")
    op.drop_index("ix_article_signatures_computed_at", table_name="article_signatures")
    op.drop_table("article_signatures")
