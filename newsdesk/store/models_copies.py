"""Tables of the duplicates step: a MinHash signature per article, and which article copies which.

Kept apart from models.py so the analysis stage adds its tables without touching the
foundation's; both import the one `Base`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.store.models import Base, IdType
from newsdesk.store.types import utcnow


class ArticleSignature(Base):
    """What the duplicates step made of one article: its signature, or why it has none.

    `content_hash` and `step_version` say which article text and which code produced the row,
    so a re-run skips articles that have not changed.
    """

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    step_version: Mapped[str] = mapped_column(String(20))
    # num_perm little-endian uint32 MinHash values; NULL when the article was skipped.
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    # crc32 of the first words, the LSH index's extra band (see analyze/minhash.py).
    lede_key: Mapped[int | None] = mapped_column(BigInteger)
    shingles: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Copy(Base):
    """One article found to be a republication of another (the original of its group)."""

    __tablename__ = "copies"

    copy_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    original_id: Mapped[int] = mapped_column(IdType, ForeignKey("articles.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(30))
    score: Mapped[float] = mapped_column(Float)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_copies_original", Copy.original_id)
