"""Every community form and JSON endpoint: refused without a valid CSRF token, with the wrong
role, on another reader's objects, with an oversized body; and nothing stored changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from markupsafe import escape
from sqlalchemy import text

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from tests.support.community import PASSWORD, Browser, comment_id_of, make_article, make_role
from tests.support.webserver import running_site

TABLES = (
    "accounts",
    "reader_sessions",
    "password_resets",
    "comments",
    "comment_reactions",
    "comment_reports",
    "closed_articles",
    "moderation_log",
)


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.session() as session:
        return {
            table: sorted(
                (tuple(map(str, row)) for row in session.execute(text(f"SELECT * FROM {table}"))),
            )
            for table in TABLES
        }


@dataclass
class World:
    site: str
    store: Store
    article: int
    ann: Browser  # a reader with a comment and an API token
    bob: Browser  # another reader
    mod: Browser  # a moderator
    ann_comment: int
    ann_token_id: int
    bob_id: int


@pytest.fixture
def world(settings: Settings, store: Store) -> Iterator[World]:
    article = make_article(store)
    with running_site(settings, store) as site:
        ann, bob, mod = Browser(site), Browser(site), Browser(site)
        ann.sign_up("ann@example.org", "Ann")
        bob.sign_up("bob@example.org", "Bob")
        mod.sign_up("mod@example.org", "Mod")
        make_role(store, "mod@example.org", "moderator")
        comment = comment_id_of(ann.comment(article, "Ann's words"))
        ann.submit("/account/tokens", {"label": "t"}, page="/account")
        bob_id = int(bob.get("/api/v1/me").json()["id"])
        with store.session() as session:
            token_id = session.execute(
                text("SELECT id FROM reader_sessions WHERE kind = 'api'")
            ).scalar_one()
        yield World(site, store, article, ann, bob, mod, comment, token_id, bob_id)
        for b in (ann, bob, mod):
            b.close()


def form_routes(w: World) -> dict[str, dict[str, str]]:
    """Every state-changing form: path -> fields that would make it do its work."""
    c, a = w.ann_comment, w.article
    return {
        "/account/signup": {"email": "eve@example.org", "name": "Eve", "password": PASSWORD},
        "/account/signin": {"email": "ann@example.org", "password": PASSWORD},
        "/account/signout": {},
        "/account/password": {"current": PASSWORD, "new": "another password 1"},
        "/account/tokens": {"label": "x"},
        f"/account/tokens/{w.ann_token_id}/revoke": {},
        "/account/delete": {"password": PASSWORD, "comments": "remove"},
        "/account/reset": {"email": "ann@example.org"},
        "/account/reset/sometoken": {"new": "another password 1"},
        f"/article/{a}/comments": {"body": "new words"},
        f"/comments/{c}/edit": {"body": "changed"},
        f"/comments/{c}/delete": {},
        f"/comments/{c}/helpful": {},
        f"/comments/{c}/report": {"reason": "rude"},
        f"/moderation/comments/{c}/hide": {},
        f"/moderation/accounts/{w.bob_id}/ban": {"days": "", "reason": "x"},
        f"/moderation/accounts/{w.bob_id}/unban": {},
        f"/moderation/articles/{a}/close": {},
    }


def json_routes(w: World) -> list[tuple[str, str, dict[str, Any] | None]]:
    c, a = w.ann_comment, w.article
    return [
        ("POST", f"/api/v1/articles/{a}/comments", {"body": "new words"}),
        ("PATCH", f"/api/v1/comments/{c}", {"body": "changed"}),
        ("DELETE", f"/api/v1/comments/{c}", None),
        ("POST", f"/api/v1/comments/{c}/helpful", None),
        ("POST", f"/api/v1/comments/{c}/reports", {"reason": "rude"}),
        ("POST", f"/api/v1/moderation/comments/{c}/hide", None),
    ]


def _refusals(w: World, attempts: dict[str, httpx.Response], allowed: tuple[int, ...]) -> list[str]:
    return [
        f"{name}: {r.status_code} {r.text[:120]!r}"
        for name, r in attempts.items()
        if r.status_code not in allowed
    ]


@pytest.mark.parametrize("token", ["missing", "invalid", "another-browser"])
def test_every_form_without_a_valid_csrf_token_is_refused(world: World, token: str) -> None:
    before = snapshot(world.store)
    foreign = world.bob.token("/account")
    values = {"missing": None, "invalid": "0" * 64, "another-browser": foreign}
    attempts = {}
    for path, fields in form_routes(world).items():
        data = dict(fields)
        if values[token] is not None:
            data["csrf_token"] = values[token]  # type: ignore[assignment]
        browser = world.mod if "/moderation/" in path else world.ann
        attempts[path] = browser.post(path, data=data)
    assert _refusals(world, attempts, (403,)) == []
    assert snapshot(world.store) == before


def test_json_calls_by_cookie_need_the_csrf_header(world: World) -> None:
    before = snapshot(world.store)
    attempts = {
        f"{method} {path}": world.mod.request(method, path, json=body)
        for method, path, body in json_routes(world)
    }
    assert _refusals(world, attempts, (403,)) == []
    assert snapshot(world.store) == before


def test_moderation_with_the_reader_role_is_refused(world: World) -> None:
    before = snapshot(world.store)
    token = world.bob.token(f"/article/{world.article}")
    attempts = {
        path: world.bob.post(path, data={**fields, "csrf_token": token})
        for path, fields in form_routes(world).items()
        if path.startswith("/moderation/")
    }
    attempts["GET /moderation"] = world.bob.get("/moderation")
    attempts["GET /moderation/log"] = world.bob.get("/moderation/log")
    attempts["api hide"] = world.bob.post(
        f"/api/v1/moderation/comments/{world.ann_comment}/hide", headers={"X-CSRF-Token": token}
    )
    assert _refusals(world, attempts, (403,)) == []
    assert snapshot(world.store) == before


def test_another_readers_comment_and_token_cannot_be_touched(world: World) -> None:
    before = snapshot(world.store)
    c = world.ann_comment
    token = world.bob.token(f"/article/{world.article}")
    attempts = {
        "edit": world.bob.post(f"/comments/{c}/edit", data={"body": "x", "csrf_token": token}),
        "delete": world.bob.post(f"/comments/{c}/delete", data={"csrf_token": token}),
        "revoke": world.bob.post(
            f"/account/tokens/{world.ann_token_id}/revoke", data={"csrf_token": token}
        ),
        "api edit": world.bob.patch(
            f"/api/v1/comments/{c}", json={"body": "x"}, headers={"X-CSRF-Token": token}
        ),
        "api delete": world.bob.delete(f"/api/v1/comments/{c}", headers={"X-CSRF-Token": token}),
    }
    assert _refusals(world, attempts, (403, 404)) == []
    assert snapshot(world.store) == before


def test_oversized_bodies_are_refused_before_they_are_read(world: World) -> None:
    before = snapshot(world.store)
    token = world.ann.token(f"/article/{world.article}")
    huge = "x" * (300 * 1024)
    attempts = {
        path: world.ann.post(path, data={**fields, "body": huge, "csrf_token": token})
        for path, fields in form_routes(world).items()
    }
    for method, path, _ in json_routes(world):
        attempts[f"{method} {path}"] = world.ann.request(
            method, path, json={"body": huge}, headers={"X-CSRF-Token": token}
        )
    assert _refusals(world, attempts, (413,)) == []
    assert snapshot(world.store) == before


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% raw %}",
    "\u202eevil\u202c",
    "' OR 1=1 --",
]


@pytest.mark.parametrize(
    "hostile", HOSTILE, ids=["script", "attr-break", "template", "bidi", "sql"]
)
def test_hostile_text_in_names_reasons_and_comments_is_shown_as_text(
    world: World, hostile: str
) -> None:
    with Browser(world.site) as eve:
        assert eve.sign_up("eve@example.org", hostile).status_code == 303
        cid = comment_id_of(eve.comment(world.article, hostile))
        eve.submit(f"/comments/{world.ann_comment}/report", {"reason": hostile}, page="/account")
    page = world.mod.get(f"/article/{world.article}", follow_redirects=True).text
    queue = world.mod.get("/moderation").text
    shown = str(escape(hostile.replace("\u202e", "").replace("\u202c", "")))
    for html in (page, queue):
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html
        assert "\u202e" not in html  # bidi overrides are dropped on the way in
        assert shown in html  # as text: escaped, not evaluated (a template tag stays literal)
    assert f'id="c{cid}"' in page


def test_ids_beyond_64_bits_are_no_such_page_never_a_server_error(world: World) -> None:
    huge = "9" * 30
    token = world.mod.token(f"/article/{world.article}")
    attempts = {
        "article page": world.mod.get(f"/article/{huge}"),
        "comment delete": world.mod.post(f"/comments/{huge}/delete", data={"csrf_token": token}),
        "moderation": world.mod.post(
            f"/moderation/comments/{huge}/hide", data={"csrf_token": token}
        ),
        "api list": world.mod.get(f"/api/v1/articles/{huge}/comments"),
        "api article": world.mod.get(f"/api/v1/articles/{huge}"),
        "reply parent": world.mod.post(
            f"/article/{world.article}/comments",
            data={"csrf_token": token, "body": "x", "parent_id": huge},
        ),
    }
    assert _refusals(world, attempts, (400, 404, 422)) == []
