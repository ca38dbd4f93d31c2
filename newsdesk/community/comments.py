"""Comments: posting, replying, editing, deleting, reacting, and the thread a reader sees.

Each action is one unit of work that checks everything first (signed in, not banned, article
open, parent visible, text acceptable, under the limit) and changes nothing when it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from newsdesk.community import ratelimit
from newsdesk.community.render import link_count
from newsdesk.community.text import clean_text
from newsdesk.config import Settings
from newsdesk.errors import CommunityError, NotAllowedError, NotFoundError
from newsdesk.store import comments as db
from newsdesk.store.accounts import AccountRow
from newsdesk.store.comments import CommentRow, Status
from newsdesk.store.engine import Store
from newsdesk.store.moderation import article_is_closed
from newsdesk.store.types import utcnow

Sort = Literal["oldest", "newest", "top"]
SORTS: tuple[Sort, ...] = ("oldest", "newest", "top")
MAX_DEPTH = 2  # depths 0, 1, 2: three levels nested, deeper replies flattened onto the third


@dataclass
class ThreadItem:
    comment: CommentRow
    depth: int
    shown: Literal["full", "placeholder"]
    reply_to: str | None = None  # author replied to, for replies flattened past MAX_DEPTH


def _check_can_post(account: AccountRow) -> None:
    if account.banned(utcnow()):
        raise NotAllowedError("Your account is banned from commenting.")


def closed_reason(settings: Settings, session: Session, *, article_id: int) -> str | None:
    """Why comments are closed on an article, or None when they are open."""
    first_seen = db.article_first_seen(session, article_id=article_id)
    if first_seen is None:
        raise NotFoundError("No such article.")
    if article_is_closed(session, article_id=article_id):
        return "Comments are closed on this article."
    days = settings.comments_close_after_days
    if days > 0 and first_seen < utcnow() - timedelta(days=days):
        return f"Comments close {days} days after an article is published."
    return None


def is_new(settings: Settings, account: AccountRow) -> bool:
    young = account.created_at > utcnow() - timedelta(days=settings.new_account_days)
    return young and not account.trusted and account.role == "reader"


def _status_for(settings: Settings, session: Session, account: AccountRow, body: str) -> Status:
    """Held for review when a new account posts its first comments or trips the filter."""
    if not is_new(settings, account):
        return "visible"
    if db.count_by_author(session, author_id=account.id) < settings.hold_first_comments:
        return "held"
    lowered = body.lower()
    if any(word in lowered for word in settings.filter_words):
        return "held"
    if link_count(body) > settings.new_account_max_links:
        return "held"
    return "visible"


def post_comment(
    settings: Settings,
    store: Store,
    *,
    account: AccountRow,
    article_id: int,
    body: str,
    parent_id: int | None = None,
) -> CommentRow:
    _check_can_post(account)
    text = clean_text(body, field="comment", max_chars=settings.comment_max_chars, multiline=True)
    with store.session() as session:
        reason = closed_reason(settings, session, article_id=article_id)
        if reason:
            raise NotAllowedError(reason)
        if parent_id is not None:
            parent = db.comment_by_id(session, comment_id=parent_id)
            if parent is None or parent.article_id != article_id:
                raise NotFoundError("The comment you replied to does not exist.")
            if parent.status != "visible":
                raise CommunityError("You cannot reply to a comment that was deleted or hidden.")
        ratelimit.hit(
            session,
            bucket=f"comment:account:{account.id}",
            limit=settings.limit_comments_per_account,
            window=ratelimit.COMMENT_WINDOW,
        )
        status = _status_for(settings, session, account, text)
        return db.add_comment(
            session,
            article_id=article_id,
            author_id=account.id,
            parent_id=parent_id,
            body=text,
            status=status,
        )


def _own_comment(session: Session, account: AccountRow, comment_id: int) -> CommentRow:
    comment = db.comment_by_id(session, comment_id=comment_id)
    if comment is None or comment.status == "deleted":
        raise NotFoundError("No such comment.")
    if comment.author_id != account.id:
        raise NotAllowedError("That comment is not yours.")
    return comment


def editable_until(settings: Settings, comment: CommentRow) -> datetime:
    return comment.created_at + timedelta(minutes=settings.comment_edit_minutes)


def edit_comment(
    settings: Settings, store: Store, *, account: AccountRow, comment_id: int, body: str
) -> CommentRow:
    _check_can_post(account)
    text = clean_text(body, field="comment", max_chars=settings.comment_max_chars, multiline=True)
    with store.session() as session:
        comment = _own_comment(session, account, comment_id)
        if comment.status == "hidden":
            raise NotAllowedError("A moderator hid this comment; it can no longer be edited.")
        if utcnow() > editable_until(settings, comment):
            raise NotAllowedError(
                f"Comments can be edited for {settings.comment_edit_minutes} minutes only."
            )
        db.edit_body(session, comment_id=comment_id, body=text)
        if comment.status == "visible" and _status_for(settings, session, account, text) == "held":
            db.set_status(session, comment_id=comment_id, status="held")
        updated = db.comment_by_id(session, comment_id=comment_id)
        assert updated is not None
        return updated


def delete_comment(store: Store, *, account: AccountRow, comment_id: int) -> CommentRow:
    with store.session() as session:
        comment = _own_comment(session, account, comment_id)
        db.delete_comment(session, comment_id=comment_id)
        return comment


def mark_helpful(store: Store, *, account: AccountRow, comment_id: int) -> bool:
    """Add this reader's "helpful"; False when they had already given it."""
    _check_can_post(account)
    with store.session() as session:
        comment = db.comment_by_id(session, comment_id=comment_id)
        if comment is None or comment.status != "visible":
            raise NotFoundError("No such comment.")
        if comment.author_id == account.id:
            raise NotAllowedError("You cannot mark your own comment helpful.")
        return db.add_reaction(session, comment_id=comment_id, account_id=account.id)


def visible_to(comment: CommentRow, viewer: AccountRow | None) -> bool:
    if comment.status == "visible":
        return True
    if viewer is None:
        return False
    if viewer.is_moderator and comment.status in ("held", "hidden"):
        return True
    return comment.status == "held" and comment.author_id == viewer.id


def build_thread(
    rows: list[CommentRow], *, viewer: AccountRow | None, sort: Sort
) -> list[ThreadItem]:
    """The comments as a flat list in reading order, each with its indent depth.

    Comments the viewer may not see are left out, or kept as a placeholder when visible
    replies hang off them, so a conversation never loses its thread.
    """
    children: dict[int | None, list[CommentRow]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    by_id = {row.id: row for row in rows}
    keep: set[int] = set()
    for row in reversed(rows):  # replies come after their parent: children are seen first
        if visible_to(row, viewer) or any(c.id in keep for c in children.get(row.id, [])):
            keep.add(row.id)

    roots = list(children.get(None, []))
    if sort == "newest":
        roots.reverse()
    elif sort == "top":
        roots.sort(key=lambda row: (-row.helpful_count, row.created_at, row.id))
    out: list[ThreadItem] = []
    stack = [(root, 0) for root in reversed(roots)]  # iterative: a long reply chain is no risk
    while stack:
        row, depth = stack.pop()
        if row.id not in keep:
            continue
        reply_to = None
        if depth > MAX_DEPTH and row.parent_id in by_id:
            reply_to = by_id[row.parent_id].author_name or "deleted user"
        shown: Literal["full", "placeholder"] = "full" if visible_to(row, viewer) else "placeholder"
        out.append(ThreadItem(row, min(depth, MAX_DEPTH), shown, reply_to))
        stack.extend((child, depth + 1) for child in reversed(children.get(row.id, [])))
    return out
