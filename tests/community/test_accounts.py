"""Accounts over real HTTP on both databases: sessions, passwords, reset by mail, tokens."""

from __future__ import annotations

import re

import httpx

from newsdesk.store.engine import Store
from tests.support.community import PASSWORD, Browser, Mailbox, make_article

NEW = "a brand new password 42"


def _signed_in(b: Browser) -> bool:
    return b.get("/account").status_code == 200


def test_sign_up_signs_in_and_sign_out_ends_the_session_at_once(site: str) -> None:
    with Browser(site) as b:
        assert b.sign_up("ann@example.org", "Ann").status_code == 303
        stolen = b.cookies.get("nd_session")
        assert _signed_in(b)
        assert b.submit("/account/signout", page="/account").status_code == 303
    with Browser(site) as thief:
        thief.cookies.set("nd_session", stolen or "")
        assert not _signed_in(thief)


def test_session_cookie_is_httponly_samesite_lax_and_not_secure_over_http(site: str) -> None:
    with Browser(site) as b:
        header = b.sign_up("ann@example.org").headers["set-cookie"]
    assert "nd_session=" in header
    assert "HttpOnly" in header and "SameSite=lax" in header.replace("Lax", "lax")
    assert "Secure" not in header


def test_unknown_email_and_wrong_password_get_the_same_answer(site: str) -> None:
    with Browser(site) as b:
        b.sign_up("ann@example.org")
    with Browser(site) as b:
        wrong = b.sign_in("ann@example.org", "not the password at all")
    with Browser(site) as b:
        unknown = b.sign_in("nobody@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    message = re.compile(r'class="community-error"[^>]*>([^<]+)<')
    assert message.findall(wrong.text) == message.findall(unknown.text)
    assert "not the password" not in wrong.text


def test_sign_in_rotates_the_session_token(site: str) -> None:
    with Browser(site) as b:
        b.sign_up("ann@example.org")
        first = b.cookies.get("nd_session")
        assert b.sign_in("ann@example.org").status_code == 303
        assert b.cookies.get("nd_session") != first
    with Browser(site) as old:
        old.cookies.set("nd_session", first or "")
        assert not _signed_in(old)


def test_too_many_failed_sign_ins_are_refused_even_with_the_right_password(site: str) -> None:
    with Browser(site) as b:
        b.sign_up("ann@example.org")
    with Browser(site) as b:
        codes = [b.sign_in("ann@example.org", "wrong password!!").status_code for _ in range(10)]
        assert codes == [401] * 10
        assert b.sign_in("ann@example.org").status_code == 429


def test_password_change_ends_every_other_session(site: str) -> None:
    with Browser(site) as one, Browser(site) as two:
        one.sign_up("ann@example.org")
        two.sign_in("ann@example.org")
        changed = one.submit(
            "/account/password", {"current": PASSWORD, "new": NEW}, page="/account"
        )
        assert changed.status_code == 200
        assert _signed_in(one) and not _signed_in(two)
        assert two.sign_in("ann@example.org", NEW).status_code == 303


def test_password_reset_link_arrives_by_mail_and_works_once(site: str, mailbox: Mailbox) -> None:
    with Browser(site) as b:
        b.sign_up("ann@example.org")
    with Browser(site) as b:
        asked = b.submit("/account/reset", {"email": "ann@example.org"}, page="/account/reset")
        unknown = b.submit("/account/reset", {"email": "bob@example.org"}, page="/account/reset")
        assert asked.status_code == unknown.status_code == 200
        assert asked.text == unknown.text
        [mail] = mailbox.wait_for(1)
        assert mail["To"] == "ann@example.org"
        link = re.search(r"http://\S+/account/reset/\S+", mail.get_content())
        assert link
        path = httpx.URL(link.group(0)).path
        assert b.submit(path, {"new": NEW}, page=path).status_code == 200
        assert b.get(path).status_code == 404  # spent
        assert b.sign_in("ann@example.org", NEW).status_code == 303
    assert len(mailbox.messages) == 1


def test_api_token_authenticates_json_calls_without_csrf(site: str, store: Store) -> None:
    article = make_article(store)
    with Browser(site) as b:
        b.sign_up("ann@example.org", "Ann")
        page = b.submit("/account/tokens", {"label": "script"}, page="/account").text
    token = re.search(r'class="api-token">([^<]+)<', page)
    assert token
    auth = {"Authorization": f"Bearer {token.group(1)}"}
    with httpx.Client(base_url=site, headers=auth) as api:
        assert api.get("/api/v1/me").json()["display_name"] == "Ann"
        made = api.post(f"/api/v1/articles/{article}/comments", json={"body": "by API"})
        assert made.status_code == 201, made.text
        assert made.json()["author"] == "Ann"


def test_deleting_an_account_keeps_or_removes_its_comments_as_chosen(
    site: str, store: Store
) -> None:
    article = make_article(store)
    for choice, author, body in (("keep", None, "kept words"), ("remove", None, "")):
        with Browser(site) as b:
            b.sign_up(f"{choice}@example.org", choice)
            b.comment(article, "kept words" if choice == "keep" else "gone words")
            done = b.submit(
                "/account/delete", {"password": PASSWORD, "comments": choice}, page="/account"
            )
            assert done.status_code == 200
        listed = httpx.get(f"{site}/api/v1/articles/{article}/comments").json()["comments"]
        if choice == "keep":
            kept = [c for c in listed if c["body"] == "kept words"]
            assert [(c["author"], c["body"]) for c in kept] == [(author, body)]
        else:
            assert not [c for c in listed if c["body"] == "gone words"]


def test_session_cookie_is_secure_when_the_site_is_served_over_https(site: str) -> None:
    with Browser(site) as b:
        b.sign_up("ann@example.org")
    with Browser(site) as b:
        token = b.token()  # over plain http, so the CSRF cookie comes back on the next request
        response = b.post(
            "/account/signin",
            data={"csrf_token": token, "email": "ann@example.org", "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https"},  # as a TLS proxy on this machine sends
        )
    header = response.headers["set-cookie"]
    assert "nd_session=" in header and "Secure" in header and "HttpOnly" in header
