"""A comment made of 200 XSS payloads renders as inert text: by parsing, and in Chromium.

The payloads are the project's own vectors (tests/data/xss/vectors.jsonl, the OWASP filter
evasion families) plus ones aimed at the auto-linker, which is the only place comment text
becomes markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from tests.security.test_xss_vectors import executable_parts
from tests.support import browser
from tests.support.community import Browser, comment_id_of, make_article
from tests.support.webserver import running_site

chromium = browser.chromium  # the browser fixture, registered for this module
VECTORS = Path(__file__).parents[1] / "data" / "xss" / "vectors.jsonl"
LINKER = [
    'https://ex.test/"><script>alert(1)</script>',
    "https://ex.test/'onmouseover='alert(1)'",
    "https://ex.test/`onfocus=alert(1)`",
    "http://ex.test/<img src=x onerror=alert(1)>",
    "https://ex.test/?q=&quot;onmouseover=alert(1)",
    "javascript:alert(1)//https://ex.test/",
    "https://javascript:alert(1)@ex.test/",
    "data:text/html,<script>alert(1)</script> https://ex.test/",
    "https://ex.test/&#x22;onclick=alert(1)",
    "https://ex.test/\u202eevil",
]


def payloads() -> list[str]:
    lines = VECTORS.read_text(encoding="utf-8").splitlines()
    own = [json.loads(line)["payload"] for line in lines if line.strip()]
    chosen = LINKER + [p for p in own if "\x00" not in p][: 200 - len(LINKER)]
    assert len(chosen) == 200
    return chosen


@pytest.fixture
def rendered(settings: Settings, store: Store) -> Iterator[str]:
    """The comments block of an article whose one comment is all 200 payloads."""
    settings = settings.model_copy(update={"comment_max_chars": 200_000})
    article = make_article(store)
    with running_site(settings, store) as site, Browser(site) as b:
        b.sign_up("mallory@example.org", "<script>alert(1)</script>")
        cid = comment_id_of(b.comment(article, "\n\n".join(payloads())))
        page = b.get(f"/article/{article}", follow_redirects=True).text
    block = re.search(rf'<article id="c{cid}".*?</article>', page, re.S)
    assert block
    yield block.group(0)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_two_hundred_payloads_render_as_text_with_nothing_executable(rendered: str) -> None:
    root = lxml.html.fragment_fromstring(rendered)
    for part in root.xpath(".//div[@class='comment-body'] | .//header[@class='comment-meta']"):
        assert executable_parts(lxml.html.tostring(part, encoding="unicode")) == []
    links = root.xpath(".//div[@class='comment-body']//a")
    assert links and all(a.get("href", "").startswith(("http://", "https://")) for a in links)
    assert all(a.get("rel") == "nofollow ugc noopener" for a in links)
    assert len(root.xpath(".//script")) == 0
    assert "<script>alert(1)</script>" in root.text_content()  # shown, as text


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_two_hundred_payloads_run_nothing_in_chromium(rendered: str, chromium: object) -> None:
    trap = browser.ScriptTrap(chromium, embeds={})  # type: ignore[arg-type]
    breaches = trap.render_each({"comment": rendered})
    assert breaches == [], browser.breach_report(breaches)
