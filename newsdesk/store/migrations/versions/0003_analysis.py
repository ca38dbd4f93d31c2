"""analysis runner: per-step analysis rows, article vectors, related articles

Revision ID: 0003_analysis
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import newsdesk.store.types

revision: str = "0003_analysis"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "article_analysis",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("analyzed_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "step"),
    )
    op.create_table(
        "article_vectors",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("model", sa.String(length=120), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "model"),
    )
    op.create_index("ix_article_vectors_model_updated", "article_vectors", ["model", "updated_at"])
    op.create_table(
        "related_articles",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("related_id", ID, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["related_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "related_id"),
    )
    op.create_index("ix_related_articles_related", "related_articles", ["related_id"])


def downgrade() -> None:
    op.drop_index("ix_related_articles_related", table_name="related_articles")
    op.drop_table("related_articles")
    op.drop_index("ix_article_vectors_model_updated", table_name="article_vectors")
    op.drop_table("article_vectors")
    op.drop_table("article_analysis")
