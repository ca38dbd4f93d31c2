"""Comments and their reactions: all their SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.models import Article
from newsdesk.store.models_community import Account, Comment, Reaction
from newsdesk.store.types import utcnow

Status = Literal["visible", "held", "hidden", "deleted"]


@dataclass(frozen=True)
class CommentRow:
    id: int
    article_id: int
    author_id: int | None
    author_name: str | None  # None: the author deleted their account
    parent_id: int | None
    body: str
    status: str
    helpful_count: int
    created_at: datetime
    edited_at: datetime | None


def _select_rows():  # type: ignore[no-untyped-def]
    return select(Comment, Account.display_name).outerjoin(Account, Account.id == Comment.author_id)


def _row(comment: Comment, author_name: str | None) -> CommentRow:
    return CommentRow(
        id=comment.id,
        article_id=comment.article_id,
        author_id=comment.author_id,
        author_name=author_name,
        parent_id=comment.parent_id,
        body=comment.body,
        status=comment.status,
        helpful_count=comment.helpful_count,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
    )


def article_first_seen(session: Session, *, article_id: int) -> datetime | None:
    """When the article arrived (None: no such article); comments may close N days after."""
    return session.scalar(select(Article.first_seen_at).where(Article.id == article_id))


def add_comment(
    session: Session,
    *,
    article_id: int,
    author_id: int,
    parent_id: int | None,
    body: str,
    status: Status,
) -> CommentRow:
    comment = Comment(
        article_id=article_id,
        author_id=author_id,
        parent_id=parent_id,
        body=body,
        status=status,
        helpful_count=0,
    )
    session.add(comment)
    session.flush()
    name = session.scalar(select(Account.display_name).where(Account.id == author_id))
    return _row(comment, name)


def comment_by_id(session: Session, *, comment_id: int) -> CommentRow | None:
    found = session.execute(_select_rows().where(Comment.id == comment_id)).first()
    return _row(*found) if found else None


def article_comments(session: Session, *, article_id: int) -> list[CommentRow]:
    """Every comment of an article, oldest first; the caller decides what a reader may see."""
    rows = session.execute(
        _select_rows()
        .where(Comment.article_id == article_id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [_row(comment, name) for comment, name in rows]


def edit_body(session: Session, *, comment_id: int, body: str) -> None:
    session.execute(
        update(Comment).where(Comment.id == comment_id).values(body=body, edited_at=utcnow())
    )


def set_status(session: Session, *, comment_id: int, status: Status) -> bool:
    done = session.execute(update(Comment).where(Comment.id == comment_id).values(status=status))
    return bool(done.rowcount)  # type: ignore[attr-defined]


def delete_comment(session: Session, *, comment_id: int) -> None:
    """Soft delete: the row stays (replies hang off it) but its text is gone."""
    session.execute(
        update(Comment).where(Comment.id == comment_id).values(status="deleted", body="")
    )


def add_reaction(session: Session, *, comment_id: int, account_id: int) -> bool:
    """Record one "helpful"; False (and nothing changed) if this reader already gave it."""
    try:
        with session.begin_nested():
            session.add(Reaction(comment_id=comment_id, account_id=account_id, kind="helpful"))
            session.flush()
    except IntegrityError:
        return False
    session.execute(
        update(Comment)
        .where(Comment.id == comment_id)
        .values(helpful_count=Comment.helpful_count + 1)
    )
    return True


def reacted_ids(session: Session, *, account_id: int, comment_ids: list[int]) -> set[int]:
    if not comment_ids:
        return set()
    return set(
        session.scalars(
            select(Reaction.comment_id).where(
                Reaction.account_id == account_id, Reaction.comment_id.in_(comment_ids)
            )
        )
    )


def comment_counts(session: Session, *, article_ids: list[int]) -> dict[int, int]:
    """Visible comments per article, for article cards (0 for an article without any)."""
    counts = dict.fromkeys(article_ids, 0)
    if not article_ids:
        return counts
    rows = session.execute(
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_(article_ids), Comment.status == "visible")
        .group_by(Comment.article_id)
    )
    counts.update({article_id: count for article_id, count in rows})
    return counts


def count_by_author(session: Session, *, author_id: int) -> int:
    """Comments an author has posted, whatever became of them (for the new-account hold)."""
    return (
        session.scalar(
            select(func.count()).select_from(Comment).where(Comment.author_id == author_id)
        )
        or 0
    )


def held_comments(session: Session, *, limit: int = 200) -> list[CommentRow]:
    rows = session.execute(
        _select_rows().where(Comment.status == "held").order_by(Comment.id).limit(limit)
    )
    return [_row(comment, name) for comment, name in rows]
