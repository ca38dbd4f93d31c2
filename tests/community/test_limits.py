"""Abuse limits and the new-account filter, over real HTTP on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.config import Settings
from newsdesk.store import comments as comments_db
from newsdesk.store.engine import Store
from tests.support.community import Browser, make_article
from tests.support.webserver import running_site


@pytest.fixture
def strict_site(community_settings: Settings, store: Store) -> Iterator[str]:
    strict = community_settings.model_copy(
        update={
            "limit_comments_per_account": 2,
            "limit_reports_per_account": 1,
            "limit_signups_per_address": 3,
            "filter_words": ["casino"],
            "new_account_max_links": 1,
        }
    )
    with running_site(strict, store) as base:
        yield base


def _statuses(store: Store, article: int) -> list[tuple[str, str]]:
    with store.session() as session:
        return [
            (r.body, r.status) for r in comments_db.article_comments(session, article_id=article)
        ]


def test_comment_report_and_signup_limits_refuse_with_429_and_store_nothing(
    strict_site: str, store: Store
) -> None:
    article = make_article(store)
    with Browser(strict_site) as ann:
        ann.sign_up("ann@example.org", "Ann")
        codes = [ann.comment(article, f"comment {n}").status_code for n in range(3)]
        reports = [
            ann.submit(f"/comments/{cid}/report", {"reason": "spam"}).status_code for cid in (1, 2)
        ]
    with Browser(strict_site) as more:
        signups = [more.sign_up(f"r{n}@example.org").status_code for n in range(3)]
    assert codes == [303, 303, 429]
    assert reports == [200, 429]
    assert signups == [303, 303, 429]  # ann's sign-up counted as the first from this address
    assert [body for body, _ in _statuses(store, article)] == ["comment 0", "comment 1"]


def test_honeypot_filled_in_is_refused(strict_site: str) -> None:
    with Browser(strict_site) as bot:
        response = bot.submit(
            "/account/signup",
            {"email": "bot@example.org", "name": "Bot", "password": "x" * 12, "website": "spam"},
            page="/account/signup",
        )
    assert response.status_code == 400
    assert "filled in by a program" in response.text


def test_filtered_words_and_links_from_new_accounts_are_held_for_review(
    strict_site: str, store: Store
) -> None:
    article = make_article(store)
    with Browser(strict_site) as ann:
        ann.sign_up("ann@example.org", "Ann")
        ann.comment(article, "Best CASINO online")
        ann.comment(article, "see https://a.example and https://b.example")
    assert _statuses(store, article) == [
        ("Best CASINO online", "held"),
        ("see https://a.example and https://b.example", "held"),
    ]
