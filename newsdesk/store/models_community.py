"""The community's tables: readers, their sessions, comments, and what moderators do to them.

Only `store/` imports these; web and community code call store/accounts.py, store/comments.py
and store/moderation.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from newsdesk.store.models import Base, IdType
from newsdesk.store.types import utcnow


class Account(Base):
    """A reader. Deleting one leaves their comments as "deleted user" (author_id NULL)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20), default="reader")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    banned_until: Mapped[datetime | None]
    ban_reason: Mapped[str | None] = mapped_column(Text)
    # Set when a moderator approves one of their held comments: the new-account rules stop.
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)


class ReaderSession(Base):
    """A signed-in browser ("web") or an API token ("api"); only the token's hash is kept."""

    __tablename__ = "reader_sessions"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10), default="web")
    label: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]


class PasswordReset(Base):
    """A one-time reset link: hashed, expiring, spent on use."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Comment(Base):
    """A comment on an article; status is visible, held (for review), hidden or deleted."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="visible")
    helpful_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]


Index("ix_comments_article_created", Comment.article_id, Comment.created_at)
Index("ix_comments_status", Comment.status)


class Reaction(Base):
    """One "helpful" per reader per comment (the unique key makes a second one a no-op)."""

    __tablename__ = "comment_reactions"
    __table_args__ = (
        UniqueConstraint("comment_id", "account_id", "kind", name="uq_reactions_once"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="helpful")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(Base):
    """A reader's report of a comment; open until a moderator resolves it."""

    __tablename__ = "comment_reports"
    __table_args__ = (UniqueConstraint("comment_id", "reporter_id", name="uq_reports_once"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class ClosedArticle(Base):
    """An article whose comments a moderator closed."""

    __tablename__ = "closed_articles"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModerationAction(Base):
    """The audit log: one row per moderator action, never updated or deleted by the app."""

    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    moderator_name: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(30))
    target: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RateEvent(Base):
    """One counted attempt (a sign-in failure, a comment...); limits count rows in a window."""

    __tablename__ = "rate_events"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_rate_events_bucket_time", RateEvent.bucket, RateEvent.created_at)
