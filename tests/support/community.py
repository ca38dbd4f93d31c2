"""Readers for the community tests: a browser-like httpx client that fills in forms, a real
SMTP server that keeps what it receives, and articles to comment on."""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import httpx
from aiosmtpd.smtp import SMTP, Envelope

from newsdesk.store.accounts import credentials_by_email, set_role
from newsdesk.store.articles import ArticleData, store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import add_feed

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_article(store: Store, n: int = 1) -> int:
    with store.session() as session:
        feed, _ = add_feed(session, url="https://news.example/feed.xml")
        result = store_entry(
            session,
            feed_id=feed.id,
            source_id=feed.source_id,
            guid=f"g{n}",
            entry_url=None,
            entry_hash="h",
            data=ArticleData(
                title=f"Harbour budget {n}",
                text=f"The council approved the harbour budget {n}.",
                html=f"<p>The council approved the harbour budget {n}.</p>",
                text_hash=hashlib.sha256(f"{n}".encode()).hexdigest(),
                canonical_url=f"https://news.example/{n}",
            ),
        )
        return result.article_id


def make_role(store: Store, email: str, role: str) -> None:
    with store.session() as session:
        found = credentials_by_email(session, email=email)
        assert found is not None
        set_role(session, account_id=found[0].id, role=role)  # type: ignore[arg-type]


class Browser(httpx.Client):
    """A reader's browser: keeps cookies and sends each form with the token of its page."""

    def __init__(self, base: str) -> None:
        super().__init__(base_url=base, follow_redirects=False, timeout=30)

    def token(self, page: str = "/account/signin") -> str:
        found = _TOKEN.search(self.get(page, follow_redirects=True).text)
        assert found, f"no CSRF token on {page}"
        return found.group(1)

    def submit(
        self, path: str, data: dict[str, Any] | None = None, page: str = "/account/signin"
    ) -> httpx.Response:
        return self.post(path, data={"csrf_token": self.token(page), **(data or {})})

    def sign_up(self, email: str, name: str = "Reader", password: str = PASSWORD) -> httpx.Response:
        return self.submit(
            "/account/signup",
            {"email": email, "name": name, "password": password},
            page="/account/signup",
        )

    def sign_in(self, email: str, password: str = PASSWORD) -> httpx.Response:
        return self.submit("/account/signin", {"email": email, "password": password})

    def comment(self, article_id: int, body: str, parent_id: int | None = None) -> httpx.Response:
        data: dict[str, Any] = {"body": body}
        if parent_id is not None:
            data["parent_id"] = str(parent_id)
        return self.submit(f"/article/{article_id}/comments", data, page=f"/article/{article_id}")


def comment_id_of(response: httpx.Response) -> int:
    """The id in the redirect back to the comment's anchor."""
    assert response.status_code == 303, response.text[:500]
    return int(response.headers["location"].rsplit("#c", 1)[1])


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[Message] = field(default_factory=list)

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[Message]:
        done = threading.Event()
        for _ in range(int(timeout * 20)):
            if len(self.messages) >= count:
                break
            done.wait(0.05)
        return self.messages


class _Keep:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Envelope) -> str:
        self.box.messages.append(message_from_bytes(envelope.content or b"", policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """aiosmtpd on 127.0.0.1, a port of its own; every message it accepts lands in the box."""
    loop = asyncio.new_event_loop()
    box = Mailbox("127.0.0.1", 0)
    handler = _Keep(box)
    server = loop.run_until_complete(loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0))
    box.port = server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        server.close()
