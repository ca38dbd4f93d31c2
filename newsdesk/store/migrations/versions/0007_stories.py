"""stories: stories and article_stories

Revision ID: 0007_stories
Revises: 0001
Create Date: 2026-11-25

The stories step's two tables: a story per event (with its lead article, span, counts and a
time-independent front-page score) and each article's place in one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import newsdesk.store.types

revision: str = "0007_stories"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", ID, autoincrement=False, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("lead_article_id", ID, nullable=True),
        sa.Column("first_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.Column("latest_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("outlet_count", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["lead_article_id"], ["articles.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stories_latest_at", "stories", ["latest_at"])
    op.create_index("ix_stories_score", "stories", ["score"])
    op.create_table(
        "article_stories",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("story_id", ID, nullable=True),
        sa.Column("joined_at", newsdesk.store.types.UTCDateTime(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("step_version", sa.String(length=20), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index("ix_article_stories_story", "article_stories", ["story_id"])


def downgrade() -> None:
    op.drop_index("ix_article_stories_story", table_name="article_stories")
    op.drop_table("article_stories")
    op.drop_index("ix_stories_score", table_name="stories")
    op.drop_index("ix_stories_latest_at", table_name="stories")
    op.drop_table("stories")
