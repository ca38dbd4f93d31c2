"""The AI panel over a real server: the article page, the Ask form without JS, the JSON API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from newsdesk.config import Settings
from newsdesk.store.engine import Store
from tests.support.anchors import anchored, article_body
from tests.support.eval_rows import load_rows
from tests.support.webserver import running_site

GOLD = Path(__file__).parents[1] / "data/eval/answers.jsonl"


def _one_article(store: Store) -> int:
    row = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    return load_rows(store, [row])[row["id"]]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"question": ""}, 400, id="empty"),
        pytest.param({"question": "x" * 5000}, 400, id="5000-chars"),
        pytest.param({"question": "<b>who</b> died?"}, 400, id="html"),
        pytest.param({"question": "Wer hat das gemacht und warum ist das so?"}, 400, id="german"),
        pytest.param({"question": 42}, 400, id="not-text"),
        pytest.param({}, 400, id="missing"),
    ],
)
def test_api_refuses_bad_questions_with_json(
    settings: Settings, store: Store, body: dict[str, object], status: int
) -> None:
    article_id = _one_article(store)
    settings = settings.model_copy(update={"ask_per_minute": 0})
    with running_site(settings, store) as base:
        response = httpx.post(f"{base}/api/v1/articles/{article_id}/ask", json=body, timeout=60)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)


def test_api_summary_and_answer_carry_citations(settings: Settings, store: Store) -> None:
    article_id = _one_article(store)
    settings = settings.model_copy(update={"ask_per_minute": 0})
    with running_site(settings, store) as base:
        summary = httpx.get(f"{base}/api/v1/articles/{article_id}/summary", timeout=60).json()
        answer = httpx.post(
            f"{base}/api/v1/articles/{article_id}/ask",
            json={"question": "How many people were killed?"},
            timeout=60,
        ).json()
        missing = httpx.get(f"{base}/api/v1/articles/999999/summary", timeout=60)
    assert summary["method"] == "extractive" and summary["summary"][0]["cites"]
    assert answer["answered"] and answer["sentences"][0]["cites"]
    assert missing.status_code == 404


def test_ask_form_works_without_javascript(settings: Settings, store: Store) -> None:
    article_id = _one_article(store)
    settings = settings.model_copy(update={"ask_per_minute": 0})
    with running_site(settings, store) as base, httpx.Client(base_url=base, timeout=60) as client:
        page = client.get(f"/article/{article_id}", follow_redirects=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None and "Key points" in page.text
        reply = client.post(
            f"/article/{article_id}/ask",
            data={"question": "How many people were killed?", "csrf_token": token.group(1)},
        )
        refused = client.post(
            f"/article/{article_id}/ask", data={"question": "", "csrf_token": token.group(1)}
        )
    assert reply.status_code == 200 and 'class="cite"' in reply.text
    # The answer page is not the article: its citations link to the article's anchors.
    hrefs = re.findall(r'<a class="cite" href="([^"]+)"', reply.text)
    anchors = anchored(article_body(page.text))
    assert hrefs
    for href in hrefs:
        assert href.startswith(f"/article/{article_id}#s-") and href.split("#")[1] in anchors
    assert refused.status_code == 200 and "Ask a question about the article." in refused.text
