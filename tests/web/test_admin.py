"""The admin pages over real HTTP: who gets in, CSRF on every form, the actions doing their job."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from tests.support.httpserver import TestServer, static
from tests.support.webserver import running_site

TOKEN = "correct horse battery staple"
PARAGRAPH = "The harbour council met again to discuss the budget for the coming year. " * 8
FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour News</title><link>{base}</link>
<item><title>Budget approved</title><link>{base}a1</link><guid>a1</guid>
<description>The budget passed. {text}</description></item>
<item><title>Ferry strike ends</title><link>{base}a2</link><guid>a2</guid>
<description>The ferry crews are back. {text}</description></item>
</channel></rss>"""
OPML = b"""<?xml version="1.0"?><opml version="2.0"><body>
<outline text="Local"><outline type="rss" text="Valley" xmlUrl="https://valley.example/feed"/>
</outline></body></opml>"""


@contextmanager
def admin_site(settings: Settings, store: Store, token: str = TOKEN) -> Iterator[httpx.Client]:
    with (
        running_site(settings.model_copy(update={"admin_token": token}), store) as base,
        httpx.Client(base_url=base) as client,
    ):
        yield client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def _sign_in(client: httpx.Client) -> str:
    """Sign in through the form; returns the admin page."""
    form = client.get("/admin")
    response = client.post("/admin/sign-in", data={"token": TOKEN, "csrf_token": _csrf(form.text)})
    assert response.status_code == 303
    page = client.get("/admin")
    assert page.status_code == 200
    return page.text


def _feed_server(http_server: TestServer) -> str:
    body = FEED.format(base=http_server.url("/"), text=PARAGRAPH).encode()
    http_server.route("/feed.xml", static(body, content_type="application/rss+xml"))
    return http_server.url("/feed.xml")


def test_no_token_set_means_no_admin(settings: Settings, store: Store) -> None:
    with admin_site(settings, store, token="") as client:
        assert client.get("/admin").status_code == 404
        assert client.get("/admin", headers={"X-Admin-Token": ""}).status_code == 404
        assert client.get("/admin/opml").status_code == 404


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        pytest.param({}, 401, id="nothing"),
        pytest.param({"X-Admin-Token": "wrong"}, 401, id="wrong-header"),
        pytest.param({"Cookie": "nd_admin=1.forged"}, 401, id="forged-cookie"),
        pytest.param({"X-Admin-Token": TOKEN}, 200, id="right-header"),
    ],
)
def test_admin_needs_the_token(
    settings: Settings, store: Store, headers: dict[str, str], status: int
) -> None:
    with admin_site(settings, store) as client:
        page = client.get("/admin", headers=headers)
    assert page.status_code == status
    assert ("Admin sign-in" in page.text) == (status == 401)


def test_sign_in_form_sets_a_cookie_and_a_wrong_token_does_not(
    settings: Settings, store: Store
) -> None:
    with admin_site(settings, store) as client:
        form = client.get("/admin").text
        wrong = client.post("/admin/sign-in", data={"token": "no", "csrf_token": _csrf(form)})
        assert wrong.status_code == 401 and "not the right one" in wrong.text
        assert "Feeds (" in _sign_in(client)
        other = httpx.get(str(client.base_url) + "/admin")
    assert other.status_code == 401  # another browser, without the cookie


def test_forms_without_csrf_are_refused(settings: Settings, store: Store) -> None:
    with admin_site(settings, store) as client:
        _sign_in(client)
        response = client.post("/admin/feeds", data={"url": "https://x.example/feed"})
        sign_in = client.post("/admin/sign-in", data={"token": TOKEN})
    assert response.status_code == 403
    assert sign_in.status_code == 403


def test_actions_need_admin_even_with_csrf(settings: Settings, store: Store) -> None:
    with admin_site(settings, store) as client:
        token = _csrf(client.get("/admin").text)
        response = client.post(
            "/admin/feeds", data={"url": "https://x.example/f", "csrf_token": token}
        )
    assert response.status_code == 403


def test_add_feed_then_refetch_it(
    settings: Settings, store: Store, http_server: TestServer
) -> None:
    feed_url = _feed_server(http_server)
    with admin_site(settings, store) as client:
        page = _sign_in(client)
        added = client.post("/admin/feeds", data={"url": feed_url, "csrf_token": _csrf(page)})
        assert added.status_code == 303
        page = client.get(added.headers["location"]).text
        assert "Feed added" in page and "Harbour News" in page
        action = re.search(r'action="(/admin/feeds/\d+/refetch)"', page)
        assert action is not None
        fetched = client.post(action.group(1), data={"csrf_token": _csrf(page)})
        assert fetched.status_code == 303
        articles = client.get("/api/v1/articles").json()["articles"]
    assert sorted(a["title"] for a in articles) == ["Budget approved", "Ferry strike ends"]


def test_adding_a_bad_address_says_why(settings: Settings, store: Store) -> None:
    with admin_site(settings, store) as client:
        page = _sign_in(client)
        response = client.post(
            "/admin/feeds", data={"url": "http://10.0.0.1/feed", "csrf_token": _csrf(page)}
        )
    assert response.status_code == 400
    assert "Could not add http://10.0.0.1/feed" in response.text


def test_opml_import_and_export(settings: Settings, store: Store) -> None:
    with admin_site(settings, store) as client:
        page = _sign_in(client)
        files = {"file": ("feeds.opml", OPML, "text/x-opml")}
        imported = client.post("/admin/opml", data={"csrf_token": _csrf(page)}, files=files)
        assert imported.status_code == 303
        exported = client.get("/admin/opml")
        junk = client.post(
            "/admin/opml",
            data={"csrf_token": _csrf(page)},
            files={"file": ("x.opml", b"<not opml", "text/xml")},
        )
    assert exported.status_code == 200
    assert b'xmlUrl="https://valley.example/feed"' in exported.content
    assert junk.status_code == 400 and "Could not import" in junk.text
