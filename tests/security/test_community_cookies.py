"""In a real browser: signing up through the forms sets a session cookie that scripts cannot
read, that other sites' requests do not carry (SameSite=Lax), and that signing out removes."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from tests.support import browser
from tests.support.community import PASSWORD, make_article
from tests.support.webserver import running_site

chromium = browser.chromium  # the browser fixture, registered for this module


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_session_cookie_flags_in_chromium(settings: Settings, store: Store, chromium: Any) -> None:
    article = make_article(store)
    with running_site(settings, store) as site:
        context = chromium.new_context()
        try:
            page = context.new_page()
            page.goto(f"{site}/account/signup?next=/article/{article}")
            page.fill("input[name=email]", "ann@example.org")
            page.fill("input[name=name]", "Ann")
            page.fill("input[name=password]", PASSWORD)
            page.click("button:has-text('Create account')")
            page.wait_for_url(f"{site}/article/{article}/**")
            cookies = {c["name"]: c for c in context.cookies()}
            session = cookies["nd_session"]
            assert session["httpOnly"] is True
            assert session["sameSite"] == "Lax"
            assert session["secure"] is False  # plain http here; Secure is set over https
            assert "nd_session" not in page.evaluate("document.cookie")
            page.fill("#comment-form textarea[name=body]", "Posted without JavaScript help")
            page.click("#comment-form button")
            posted = page.locator(".comment-body", has_text="Posted without")
            posted.first.wait_for()  # htmx swaps the comments block in place
            assert posted.count() == 1
            page.goto(f"{site}/account")
            page.click("button:has-text('Sign out')")
            page.wait_for_url(f"{site}/")
            assert "nd_session" not in {c["name"] for c in context.cookies()}
        finally:
            context.close()
