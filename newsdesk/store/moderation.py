"""Reports, closed articles and the moderators' audit log: all their SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.store.models_community import ClosedArticle, ModerationAction, Report
from newsdesk.store.types import utcnow


@dataclass(frozen=True)
class ReportedComment:
    comment_id: int
    reports: int
    reasons: list[str]
    first_reported_at: datetime


@dataclass(frozen=True)
class LogRow:
    id: int
    moderator_name: str
    action: str
    target: str
    detail: str | None
    created_at: datetime


def add_report(session: Session, *, comment_id: int, reporter_id: int, reason: str) -> bool:
    """File a report; False if this reader already reported this comment."""
    try:
        with session.begin_nested():
            session.add(Report(comment_id=comment_id, reporter_id=reporter_id, reason=reason))
            session.flush()
    except IntegrityError:
        return False
    return True


def open_reports(session: Session, *, limit: int = 200) -> list[ReportedComment]:
    """Comments with unresolved reports, most reported first."""
    rows = session.execute(
        select(Report.comment_id, func.count(), func.min(Report.created_at))
        .where(Report.resolved_at.is_(None))
        .group_by(Report.comment_id)
        .order_by(func.count().desc(), func.min(Report.created_at))
        .limit(limit)
    ).all()
    reasons: dict[int, list[str]] = {}
    ids = [row[0] for row in rows]
    if ids:
        for comment_id, reason in session.execute(
            select(Report.comment_id, Report.reason)
            .where(Report.comment_id.in_(ids), Report.resolved_at.is_(None))
            .order_by(Report.id)
        ):
            reasons.setdefault(comment_id, []).append(reason)
    return [
        ReportedComment(
            comment_id=comment_id,
            reports=count,
            reasons=reasons.get(comment_id, []),
            first_reported_at=first,
        )
        for comment_id, count, first in rows
    ]


def resolve_reports(session: Session, *, comment_id: int) -> None:
    session.execute(
        update(Report)
        .where(Report.comment_id == comment_id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow())
    )


def close_article(session: Session, *, article_id: int) -> None:
    if session.get(ClosedArticle, article_id) is None:
        session.add(ClosedArticle(article_id=article_id))
        session.flush()


def open_article(session: Session, *, article_id: int) -> None:
    session.execute(delete(ClosedArticle).where(ClosedArticle.article_id == article_id))


def article_is_closed(session: Session, *, article_id: int) -> bool:
    return session.get(ClosedArticle, article_id) is not None


def log_action(
    session: Session,
    *,
    moderator_id: int,
    moderator_name: str,
    action: str,
    target: str,
    detail: str | None = None,
) -> None:
    session.add(
        ModerationAction(
            moderator_id=moderator_id,
            moderator_name=moderator_name,
            action=action,
            target=target,
            detail=detail,
        )
    )


def recent_actions(session: Session, *, limit: int = 200) -> list[LogRow]:
    rows = session.scalars(
        select(ModerationAction).order_by(ModerationAction.id.desc()).limit(limit)
    )
    return [
        LogRow(
            id=row.id,
            moderator_name=row.moderator_name,
            action=row.action,
            target=row.target,
            detail=row.detail,
            created_at=row.created_at,
        )
        for row in rows
    ]
