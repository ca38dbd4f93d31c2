"""CSRF: a state-changing request needs the signed token of the browser that loaded the form."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import Depends, Request
from fastapi.responses import PlainTextResponse

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from newsdesk.web.app import create_app
from newsdesk.web.csrf import COOKIE, FIELD, csrf_token, require_csrf
from tests.support.webserver import serving


@pytest.fixture
def site(tmp_path: object, settings: Settings, store: Store) -> Iterator[str]:
    app = create_app(settings, store)

    @app.get("/form")
    def form(request: Request) -> PlainTextResponse:
        return PlainTextResponse(csrf_token(request))

    @app.post("/form", dependencies=[Depends(require_csrf)])
    def post() -> PlainTextResponse:
        return PlainTextResponse("done")

    with serving(app) as base:
        yield base


def test_form_token_from_the_same_browser_is_accepted(site: str) -> None:
    with httpx.Client(base_url=site) as browser:
        token = browser.get("/form").text
        assert browser.cookies.get(COOKIE)
        by_form = browser.post("/form", data={FIELD: token})
        by_header = browser.post("/form", headers={"X-CSRF-Token": token})
    assert (by_form.status_code, by_form.text) == (200, "done")
    assert by_header.status_code == 200


def test_cookie_is_httponly_and_samesite_lax(site: str) -> None:
    response = httpx.get(site + "/form")
    header = response.headers["set-cookie"]
    assert f"{COOKIE}=" in header
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header


@pytest.mark.parametrize(
    "case",
    ["missing-token", "wrong-token", "token-of-another-browser", "no-cookie"],
)
def test_request_without_a_valid_token_is_refused(site: str, case: str) -> None:
    with httpx.Client(base_url=site) as browser, httpx.Client(base_url=site) as other:
        browser.get("/form")
        foreign = other.get("/form").text
        data = {
            "missing-token": {},
            "wrong-token": {FIELD: "0" * 64},
            "token-of-another-browser": {FIELD: foreign},
            "no-cookie": {FIELD: foreign},
        }[case]
        client = other if case == "no-cookie" else browser
        if case == "no-cookie":
            client.cookies.clear()
        response = client.post("/form", data=data)
    assert response.status_code == 403
    assert "reload the page" in response.text


def test_the_key_is_kept_so_every_process_signs_alike(settings: Settings) -> None:
    from newsdesk.secret import secret_key

    first = secret_key(settings)
    assert first == secret_key(settings)
    assert (settings.data_dir / "secret_key").stat().st_mode & 0o777 == 0o600
