"""Tables of the generate stage: sentence vectors and generated output (summaries, answers).

Kept apart from models.py so the stage adds its tables without touching the foundation's;
both import the one `Base`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.store.models import Base, IdType
from newsdesk.store.types import utcnow


class SentenceVectors(Base):
    """An article's sentence vectors under one model, for the text with `content_hash`.

    `vectors` is little-endian float16, `rows` rows of the model's width: row 0 is the
    title, row i+1 the article's i-th sentence (in `article_sentences` order).
    """

    __tablename__ = "sentence_vectors"

    article_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[str] = mapped_column(String(120), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    vectors: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Generated(Base):
    """One generated output (kind "summary", …) for one article, reused until stale.

    Stale when the article's `content_hash` or the generator's `method_version` moved on.
    """

    __tablename__ = "generated"

    article_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    method_version: Mapped[str] = mapped_column(String(120))
    content_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
