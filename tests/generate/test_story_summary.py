"""The story summary on real coverage: what outlets all report, and where their figures differ."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from newsdesk.analyze.embed import get_embedder
from newsdesk.config import Settings
from newsdesk.generate.document import Document, document_from_text
from newsdesk.generate.panel import regenerate
from newsdesk.generate.sentences import article_sentences
from newsdesk.generate.story_summary import (
    KIND,
    StoryDigest,
    figures,
    story_digest,
    summarize_story,
)
from newsdesk.store.engine import Store
from newsdesk.store.generated import ArticleText, get_generated
from newsdesk.store.story_writes import ensure_story, place, refresh_story
from tests.support.eval_rows import load_rows
from tests.support.webserver import running_site

COVERAGE = Path(__file__).parents[1] / "data/generate/story_coverage.jsonl"


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(line) for line in COVERAGE.read_text(encoding="utf-8").splitlines())


def _story(name: str) -> list[dict[str, Any]]:
    return [row for row in _rows() if row["story"] == name]


@cache
def _documents(name: str) -> tuple[Document, ...]:
    embedder = get_embedder(Settings())
    return tuple(
        document_from_text(
            embedder,
            ArticleText(number, row["title"], row["text"], row["id"], "en", row["source"]),
        )
        for number, row in enumerate(_story(name), start=1)
    )


def _sentence(docs: tuple[Document, ...], cite: str) -> str:
    article, sentence = cite.split("/")
    doc = next(d for d in docs if d.article_id == int(article))
    return doc.by_id[sentence].text


def test_every_point_is_an_outlets_sentence_citing_each_outlet_that_reports_it() -> None:
    docs = _documents("centos")
    digest = summarize_story(docs)
    assert digest.points, "real coverage of one event shares at least one fact"
    for point, outlets in zip(digest.points, digest.supporters, strict=True):
        assert len(point.cites) >= 2 and len(set(outlets)) == len(outlets) >= 2
        assert _sentence(docs, point.cites[0]) == point.text  # quoted verbatim, cited first
        assert point.outlet == outlets[0]
        for cite in point.cites:
            assert _sentence(docs, cite)  # every cite names a real sentence of its outlet


def test_differing_death_tolls_are_shown_in_both_versions() -> None:
    docs = _documents("tsunami")
    digest = summarize_story(docs)
    stated = [{v.outlet: v.text for v in d.versions} for d in digest.differences]
    assert any(
        "60,000" in versions.get("Harbour Times", "")
        and "80,000" in versions.get("Coastal Courier", "")
        for versions in stated
    ), stated
    for difference in digest.differences:
        for version in difference.versions:
            assert _sentence(docs, version.cites[0]) == version.text
    # A sentence giving another outlet's figure differently does not also "report" it.
    for point in digest.points:
        for difference in digest.differences:
            sides = {v.cites[0] for v in difference.versions}
            assert not sides <= set(point.cites), (point, difference)


def test_an_interview_and_a_report_on_one_decision_have_no_false_disagreement() -> None:
    # Version numbers ("CentOS 8"), years and dates are not figures; questions state nothing.
    assert summarize_story(_documents("centos")).differences == []


def test_a_republished_copy_is_not_a_second_witness() -> None:
    original = _documents("tsunami")[0]
    copy = replace(original, article_id=99, outlet="Copy Desk")
    digest = summarize_story([original, copy])
    assert digest.points == [] and digest.outlets == ["Harbour Times"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The toll rose to nearly 60,000 people.", {"60000"}, id="thousands"),
        pytest.param("It struck on December 26 at dawn.", set(), id="day-of-month"),
        pytest.param("Started in 2004, the project grew.", set(), id="year"),
        pytest.param("CentOS 8 reaches its end of life.", set(), id="version-in-a-name"),
        pytest.param("A magnitude 6.3 quake hit.", {"6.3"}, id="decimal"),
    ],
)
def test_figures_are_counts_not_dates_years_or_names(text: str, expected: set[str]) -> None:
    assert set(figures(text)) == expected


def _store_story(store: Store, rows: list[dict[str, Any]]) -> tuple[int, dict[str, int]]:
    ids = load_rows(store, rows)
    at = datetime(2005, 1, 1, tzinfo=UTC)
    with store.session() as session:
        ensure_story(session, story_id=1, at=at)
        for row in rows:
            place(
                session,
                article_id=ids[row["id"]],
                story_id=1,
                similarity=1.0,
                content_hash=row["id"],
                step_version="test",
                vector=None,
            )
        refresh_story(session, story_id=1, half_life_hours=24)
    return 1, ids


def test_story_digest_is_stored_once_and_reused(settings: Settings, store: Store) -> None:
    rows = _story("tsunami")
    story_id, ids = _store_story(store, rows)
    made = story_digest(settings, store, story_id)
    assert made is not None and len(made.outlets) == 3 and made.differences
    for point in made.points:  # cites use the stored article ids
        article, sentence = point.cites[0].split("/")
        row = next(r for r in rows if ids[r["id"]] == int(article))
        assert {s.id: s.text for s in article_sentences(row["text"])}[sentence] == point.text
    with store.session() as session:
        anchors = [get_generated(session, article_id=i, kind=KIND) for i in ids.values()]
    stored = [a for a in anchors if a is not None]
    assert len(stored) == 1 and StoryDigest.from_json(stored[0].payload) == made
    assert story_digest(settings, store, story_id) == made
    assert story_digest(settings, store, story_id + 1) is None


def test_regenerate_builds_a_shared_storys_digest_once(settings: Settings, store: Store) -> None:
    rows = _story("tsunami")
    story_id, ids = _store_story(store, rows)

    def stored() -> list[tuple[Any, ...]]:
        with store.session() as session:
            query = text("SELECT article_id, created_at, payload FROM generated WHERE kind = :k")
            return [tuple(r) for r in session.execute(query, {"k": KIND})]

    first = regenerate(settings, store)
    assert (first["stories_made"], first["stories_fresh"]) == (1, 0)
    [made] = stored()
    again = regenerate(settings, store)
    assert (again["stories_made"], again["stories_fresh"]) == (0, 1)
    assert (again["made"], again["fresh"]) == (0, len(rows))
    [kept] = stored()
    assert kept == made  # not rebuilt: same row, same time
    # The page reads the stored digest rather than building its own.
    with store.session() as session:
        payload = get_generated(session, article_id=made[0], kind=KIND)
    assert payload is not None
    assert story_digest(settings, store, story_id) == StoryDigest.from_json(payload.payload)
    # An edited article makes the digest stale: the next run builds it again, once.
    with store.session() as session:
        session.execute(
            text("UPDATE articles SET content_hash = 'edited' WHERE id = :id"),
            {"id": min(ids.values())},
        )
    edited = regenerate(settings, store)
    assert (edited["stories_made"], edited["stories_fresh"]) == (1, 0)
    assert regenerate(settings, store)["stories_made"] == 0


def test_story_summary_api_over_a_real_server(settings: Settings, store: Store) -> None:
    story_id, _ = _store_story(store, _story("tsunami"))
    with running_site(settings, store) as base:
        found = httpx.get(f"{base}/api/v1/stories/{story_id}/summary", timeout=120)
        missing = httpx.get(f"{base}/api/v1/stories/{story_id + 1}/summary", timeout=30)
        huge = httpx.get(f"{base}/api/v1/stories/{2**70}/summary", timeout=30)
    assert found.status_code == 200
    data = found.json()
    assert data["story_id"] == story_id and len(data["outlets"]) == 3
    assert all(len(p["cites"]) == len(p["outlets"]) >= 2 for p in data["points"])
    assert data["differences"] and all(len(d["versions"]) == 2 for d in data["differences"])
    assert missing.status_code == 404 and isinstance(missing.json()["detail"], str)
    assert huge.status_code in (404, 422)
