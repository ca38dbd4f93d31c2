"""Comments over real HTTP: bad input gets a clear message and alters nothing stored."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from newsdesk.community.moderation import ban
from newsdesk.store import comments as comments_db
from newsdesk.store.accounts import credentials_by_email
from newsdesk.store.engine import Store
from newsdesk.store.moderation import close_article
from tests.support.community import Browser, comment_id_of, make_article, make_role


def _snapshot(store: Store, article_id: int) -> list[tuple[int, str, str]]:
    with store.session() as session:
        rows = comments_db.article_comments(session, article_id=article_id)
    return [(r.id, r.status, r.body) for r in rows]


def _raw(b: Browser, article: int, body: bytes) -> httpx.Response:
    token = b.token(f"/article/{article}").encode()
    return b.post(
        f"/article/{article}/comments",
        content=b"csrf_token=" + token + b"&body=" + body,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )


def _hide(store: Store, cid: int) -> None:
    with store.session() as session:
        comments_db.set_status(session, comment_id=cid, status="hidden")


def _ban(store: Store, email: str) -> None:
    with store.session() as session:
        found = credentials_by_email(session, email=email)
        mod = credentials_by_email(session, email="mod@example.org")
    assert found and mod
    ban(store, moderator=mod[0], account_id=found[0].id, days=None, reason="spam")


BAD: list[tuple[str, Callable[..., httpx.Response], int, str]] = [
    ("empty", lambda b, a, s, c: b.comment(a, "   \n "), 400, "The comment is empty"),
    ("100-kb", lambda b, a, s, c: b.comment(a, "x" * 100_000), 400, "too long"),
    ("null-byte", lambda b, a, s, c: b.comment(a, "a\x00b"), 400, "cannot be stored"),
    ("invalid-utf8", lambda b, a, s, c: _raw(b, a, b"%ff%fe%fd"), 400, "UTF-8"),
    ("too-large-body", lambda b, a, s, c: b.comment(a, "x" * 300_000), 413, "too large"),
    (
        "reply-to-deleted",
        lambda b, a, s, c: (
            b.submit(f"/comments/{c}/delete", page=f"/article/{a}"),
            b.comment(a, "re", c),
        )[1],
        400,
        "deleted or hidden",
    ),
    (
        "reply-to-hidden",
        lambda b, a, s, c: (_hide(s, c), b.comment(a, "re", c))[1],
        400,
        "deleted or hidden",
    ),
    (
        "closed-article",
        lambda b, a, s, c: (_close(s, a), b.comment(a, "hi"))[1],
        403,
        "closed",
    ),
    (
        "banned-user",
        lambda b, a, s, c: (
            _ban(s, "ann@example.org"),
            b.submit(f"/article/{a}/comments", {"body": "hi"}),
        )[1],
        303,
        "",
    ),
]


def _close(store: Store, article: int) -> None:
    with store.session() as session:
        close_article(session, article_id=article)


@pytest.mark.parametrize(("case", "act", "status", "message"), BAD, ids=[c[0] for c in BAD])
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    site: str,
    store: Store,
    case: str,
    act: Callable[..., httpx.Response],
    status: int,
    message: str,
) -> None:
    article = make_article(store)
    with Browser(site) as mod:
        mod.sign_up("mod@example.org", "Mod")
    make_role(store, "mod@example.org", "moderator")
    with Browser(site) as b:
        b.sign_up("ann@example.org", "Ann")
        first = comment_id_of(b.comment(article, "first words"))
        before = _snapshot(store, article)
        response = act(b, article, store, first)
        after = _snapshot(store, article)
    assert response.status_code == status, response.text[:300]
    assert message in response.text
    if case == "banned-user":  # the ban ended the session: the post goes to sign-in
        assert "/account/signin" in response.headers["location"]
    changed = {"reply-to-deleted": first, "reply-to-hidden": first}.get(case)
    assert [row for row in after if row[0] != changed] == [r for r in before if r[0] != changed]
    assert len(after) == len(before)


def test_edit_within_the_window_is_shown_as_edited_and_helpful_counts_once(
    site: str, store: Store
) -> None:
    article = make_article(store)
    with Browser(site) as ann, Browser(site) as bob:
        ann.sign_up("ann@example.org", "Ann")
        bob.sign_up("bob@example.org", "Bob")
        cid = comment_id_of(ann.comment(article, "frist"))
        edited = ann.submit(
            f"/comments/{cid}/edit", {"body": "first"}, page=f"/comments/{cid}/edit"
        )
        assert edited.status_code == 303
        for _ in range(2):
            bob.submit(f"/comments/{cid}/helpful", page=f"/article/{article}")
        page = bob.get(f"/article/{article}", follow_redirects=True).text
    assert "(edited)" in page and "first" in page and "frist" not in page
    assert "1 found this helpful" in page
    assert 'class="comment-count">(1)' in page


def test_report_reaches_the_queue_and_hiding_is_logged(site: str, store: Store) -> None:
    article = make_article(store)
    with Browser(site) as ann, Browser(site) as bob, Browser(site) as mod:
        ann.sign_up("ann@example.org", "Ann")
        bob.sign_up("bob@example.org", "Bob")
        mod.sign_up("mod@example.org", "Mod")
        make_role(store, "mod@example.org", "moderator")
        cid = comment_id_of(ann.comment(article, "rude words"))
        reported = bob.submit(
            f"/comments/{cid}/report", {"reason": "rude"}, page=f"/article/{article}"
        )
        assert reported.status_code == 200
        assert f"#c{cid}" in mod.get("/moderation").text
        assert bob.get("/moderation").status_code == 403
        assert mod.submit(f"/moderation/comments/{cid}/hide", page="/moderation").status_code == 303
        log = mod.get("/moderation/log").text
        public = httpx.get(f"{site}/article/{article}", follow_redirects=True).text
    assert "rude words" not in public
    assert f"comment {cid}" in log and "hide" in log


def test_first_comments_of_a_new_account_are_held_until_approved(
    community_settings: object, store: Store
) -> None:
    from tests.support.webserver import running_site

    settings = community_settings.model_copy(update={"hold_first_comments": 1})  # type: ignore[attr-defined]
    article = make_article(store)
    with running_site(settings, store) as site, Browser(site) as ann, Browser(site) as mod:
        ann.sign_up("ann@example.org", "Ann")
        mod.sign_up("mod@example.org", "Mod")
        make_role(store, "mod@example.org", "moderator")
        cid = comment_id_of(ann.comment(article, "held words"))
        assert (
            "held words" not in httpx.get(f"{site}/article/{article}", follow_redirects=True).text
        )
        assert "awaiting review" in ann.get(f"/article/{article}", follow_redirects=True).text
        mod.submit(f"/moderation/comments/{cid}/approve", page="/moderation")
        assert "held words" in httpx.get(f"{site}/article/{article}", follow_redirects=True).text
        second = comment_id_of(ann.comment(article, "second words"))
    assert _snapshot(store, article)[-1] == (second, "visible", "second words")
