"""Threads: replies nest three levels, deeper ones flatten; unseen comments keep their place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.community.comments import build_thread
from newsdesk.store.accounts import AccountRow
from newsdesk.store.comments import CommentRow

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _row(cid: int, parent: int | None, status: str = "visible", helpful: int = 0) -> CommentRow:
    return CommentRow(
        id=cid,
        article_id=1,
        author_id=cid,
        author_name=f"r{cid}",
        parent_id=parent,
        body=f"c{cid}",
        status=status,
        helpful_count=helpful,
        created_at=T0 + timedelta(minutes=cid),
        edited_at=None,
    )


def test_a_deep_chain_nests_three_levels_then_flattens_with_whom_it_answers() -> None:
    rows = [_row(1, None), *(_row(n, n - 1) for n in range(2, 7))]
    thread = build_thread(rows, viewer=None, sort="oldest")
    assert [(i.comment.id, i.depth, i.reply_to) for i in thread] == [
        (1, 0, None),
        (2, 1, None),
        (3, 2, None),
        (4, 2, "r3"),
        (5, 2, "r4"),
        (6, 2, "r5"),
    ]


def test_a_chain_of_thousands_is_no_problem() -> None:
    rows = [_row(1, None), *(_row(n, n - 1) for n in range(2, 5000))]
    assert len(build_thread(rows, viewer=None, sort="oldest")) == 4999


def test_sorts_order_top_level_comments_and_keep_replies_under_them() -> None:
    rows = [_row(1, None, helpful=1), _row(2, None, helpful=5), _row(3, 1), _row(4, None)]
    order = {
        sort: [i.comment.id for i in build_thread(rows, viewer=None, sort=sort)]
        for sort in ("oldest", "newest", "top")
    }
    assert order == {"oldest": [1, 3, 2, 4], "newest": [4, 2, 1, 3], "top": [2, 1, 3, 4]}


def test_hidden_and_deleted_comments_vanish_or_stay_as_placeholders_for_their_replies() -> None:
    rows = [_row(1, None, "deleted"), _row(2, 1), _row(3, None, "hidden"), _row(4, None, "held")]
    thread = build_thread(rows, viewer=None, sort="oldest")
    assert [(i.comment.id, i.shown) for i in thread] == [(1, "placeholder"), (2, "full")]


def test_authors_see_their_held_comment_and_moderators_see_everything_under_review() -> None:
    rows = [_row(3, None, "hidden"), _row(4, None, "held")]
    author = AccountRow(4, "a@x", "r4", "reader", T0, None, False)
    mod = AccountRow(9, "m@x", "m", "moderator", T0, None, True)
    assert [i.comment.id for i in build_thread(rows, viewer=author, sort="oldest")] == [4]
    assert [i.comment.id for i in build_thread(rows, viewer=mod, sort="oldest")] == [3, 4]
