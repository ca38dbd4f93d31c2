"""sections, entities and hashtags

Revision ID: 0005_tags
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_tags"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _article_fk() -> sa.Column:
    return sa.Column(
        "article_id", ID, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(10), nullable=False),
    )
    op.create_table(
        "article_entities",
        _article_fk(),
        sa.Column(
            "entity_id", ID, sa.ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("salience", sa.Float(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
    )
    op.create_index("ix_article_entities_entity_id", "article_entities", ["entity_id"])
    op.create_table(
        "hashtags",
        sa.Column("id", ID, primary_key=True),
        sa.Column("tag", sa.String(100), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
    )
    op.create_index("uq_hashtags_tag_lower", "hashtags", [sa.text("lower(tag)")], unique=True)
    op.create_table(
        "article_hashtags",
        _article_fk(),
        sa.Column(
            "hashtag_id", ID, sa.ForeignKey("hashtags.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
    )
    op.create_index("ix_article_hashtags_hashtag_id", "article_hashtags", ["hashtag_id"])
    op.create_table(
        "article_sections",
        _article_fk(),
        sa.Column("section", sa.String(40), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("step_version", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_article_sections_section", "article_sections", ["section"])
    op.create_table(
        "article_tagging",
        _article_fk(),
        sa.Column("step_version", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    for table in (
        "article_tagging",
        "article_sections",
        "article_hashtags",
        "hashtags",
        "article_entities",
        "entities",
    ):
        op.drop_table(table)
