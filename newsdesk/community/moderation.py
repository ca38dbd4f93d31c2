"""Moderation: reports, the review queue, hide/restore/approve, bans, closing comments.

Every moderator action checks the role, does its work and writes one audit-log row in the
same unit of work, so the log can never miss an action that happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsdesk.community import ratelimit
from newsdesk.community.text import clean_text
from newsdesk.config import Settings
from newsdesk.errors import CommunityError, NotAllowedError, NotFoundError
from newsdesk.store import accounts as accounts_db
from newsdesk.store import comments as comments_db
from newsdesk.store import moderation as db
from newsdesk.store.accounts import AccountRow
from newsdesk.store.comments import CommentRow
from newsdesk.store.engine import Store
from newsdesk.store.moderation import LogRow, ReportedComment
from newsdesk.store.types import utcnow

FOREVER = datetime(9999, 1, 1, tzinfo=UTC)
MAX_BAN_DAYS = 3650


@dataclass(frozen=True)
class Queue:
    reported: list[tuple[ReportedComment, CommentRow]]
    held: list[CommentRow]


def require_moderator(account: AccountRow | None) -> AccountRow:
    if account is None or not account.is_moderator:
        raise NotAllowedError("Only moderators can do that.")
    return account


def report_comment(
    settings: Settings, store: Store, *, account: AccountRow, comment_id: int, reason: str
) -> bool:
    """File a report; False when this reader had already reported the comment."""
    text = clean_text(reason, field="reason", max_chars=1000)
    with store.session() as session:
        comment = comments_db.comment_by_id(session, comment_id=comment_id)
        if comment is None or comment.status in ("deleted", "hidden"):
            raise NotFoundError("No such comment.")
        ratelimit.hit(
            session,
            bucket=f"report:account:{account.id}",
            limit=settings.limit_reports_per_account,
            window=ratelimit.REPORT_WINDOW,
        )
        return db.add_report(session, comment_id=comment_id, reporter_id=account.id, reason=text)


def queue(store: Store, *, moderator: AccountRow | None) -> Queue:
    require_moderator(moderator)
    with store.session() as session:
        reported = []
        for report in db.open_reports(session):
            comment = comments_db.comment_by_id(session, comment_id=report.comment_id)
            if comment is not None:
                reported.append((report, comment))
        return Queue(reported=reported, held=comments_db.held_comments(session))


def audit_log(store: Store, *, moderator: AccountRow | None) -> list[LogRow]:
    require_moderator(moderator)
    with store.session() as session:
        return db.recent_actions(session)


_TRANSITIONS = {
    "hide": ({"visible", "held"}, "hidden"),
    "restore": ({"hidden"}, "visible"),
    "approve": ({"held"}, "visible"),
    "dismiss": ({"visible", "held", "hidden"}, None),  # reports were unfounded: keep as is
}


def act_on_comment(
    store: Store, *, moderator: AccountRow | None, comment_id: int, action: str
) -> CommentRow:
    """hide / restore / approve a comment, or dismiss its reports; resolves open reports."""
    mod = require_moderator(moderator)
    if action not in _TRANSITIONS:
        raise CommunityError(f"Unknown action {action!r}.")
    allowed_from, to = _TRANSITIONS[action]
    with store.session() as session:
        comment = comments_db.comment_by_id(session, comment_id=comment_id)
        if comment is None:
            raise NotFoundError("No such comment.")
        if comment.status not in allowed_from:
            raise CommunityError(f"A {comment.status} comment cannot be {action}d.")
        if to is not None:
            comments_db.set_status(session, comment_id=comment_id, status=to)  # type: ignore[arg-type]
        if action == "approve" and comment.author_id is not None:
            accounts_db.set_trusted(session, account_id=comment.author_id)
        db.resolve_reports(session, comment_id=comment_id)
        db.log_action(
            session,
            moderator_id=mod.id,
            moderator_name=mod.display_name,
            action=action,
            target=f"comment {comment_id}",
        )
        updated = comments_db.comment_by_id(session, comment_id=comment_id)
        assert updated is not None
        return updated


def ban(
    store: Store,
    *,
    moderator: AccountRow | None,
    account_id: int,
    days: int | None,
    reason: str,
) -> datetime:
    """Ban for `days` (None: for good); every session and token of the account ends at once."""
    mod = require_moderator(moderator)
    if days is not None and not 1 <= days <= MAX_BAN_DAYS:
        raise CommunityError(f"A ban lasts 1 to {MAX_BAN_DAYS} days, or for good.")
    text = clean_text(reason or "no reason given", field="reason", max_chars=500)
    until = FOREVER if days is None else utcnow() + timedelta(days=days)
    with store.session() as session:
        target = accounts_db.account_by_id(session, account_id=account_id)
        if target is None:
            raise NotFoundError("No such account.")
        if target.id == mod.id or (target.is_moderator and mod.role != "admin"):
            raise NotAllowedError("You cannot ban that account.")
        accounts_db.set_ban(session, account_id=account_id, until=until, reason=text)
        accounts_db.end_sessions(session, account_id=account_id)
        db.log_action(
            session,
            moderator_id=mod.id,
            moderator_name=mod.display_name,
            action="ban",
            target=f"account {account_id}",
            detail=f"{'for good' if days is None else f'{days} days'}: {text}",
        )
    return until


def unban(store: Store, *, moderator: AccountRow | None, account_id: int) -> None:
    mod = require_moderator(moderator)
    with store.session() as session:
        if not accounts_db.set_ban(session, account_id=account_id, until=None, reason=None):
            raise NotFoundError("No such account.")
        db.log_action(
            session,
            moderator_id=mod.id,
            moderator_name=mod.display_name,
            action="unban",
            target=f"account {account_id}",
        )


def set_closed(
    store: Store, *, moderator: AccountRow | None, article_id: int, closed: bool
) -> None:
    mod = require_moderator(moderator)
    with store.session() as session:
        if comments_db.article_first_seen(session, article_id=article_id) is None:
            raise NotFoundError("No such article.")
        if closed:
            db.close_article(session, article_id=article_id)
        else:
            db.open_article(session, article_id=article_id)
        db.log_action(
            session,
            moderator_id=mod.id,
            moderator_name=mod.display_name,
            action="close" if closed else "reopen",
            target=f"article {article_id}",
        )
