"""Static files: hashed names cached for a year, plain and stale names briefly."""

from __future__ import annotations

import re

import httpx

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from newsdesk.web.assets import LONG_CACHE, SHORT_CACHE
from tests.support.webserver import running_site


def test_pages_link_hashed_assets_served_immutable(settings: Settings, store: Store) -> None:
    with running_site(settings, store) as base:
        page = httpx.get(base + "/").text
        css = re.search(r'href="(/static/site\.[0-9a-f]{10}\.css)"', page)
        assert css is not None
        hashed = httpx.get(base + css.group(1))
        plain = httpx.get(base + "/static/site.css")
        stale = httpx.get(base + "/static/site.0000000000.css")
        missing = httpx.get(base + "/static/nothing.0123456789.css")
    assert hashed.status_code == 200 and hashed.headers["cache-control"] == LONG_CACHE
    assert hashed.headers["content-type"].startswith("text/css")
    assert plain.headers["cache-control"] == SHORT_CACHE
    assert stale.status_code == 200 and stale.headers["cache-control"] == SHORT_CACHE
    assert stale.text == hashed.text == plain.text
    assert missing.status_code == 404
