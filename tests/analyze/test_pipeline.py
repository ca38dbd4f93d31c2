"""The analysis runner: stale articles only, idempotent, and bad input never stops it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from newsdesk.analyze.pipeline import available_steps, make_context, run_analysis
from newsdesk.config import Settings
from newsdesk.evaluation.load import EVAL_FEED_PATH, _entry, load_rows
from newsdesk.store.analysis import analysis_of
from newsdesk.store.articles import store_entry
from newsdesk.store.engine import Store
from newsdesk.store.feeds import get_feed_by_url
from newsdesk.store.models_analysis import ArticleAnalysis, ArticleVector, RelatedArticle
from tests.analyze.conftest import french_rows

BOILERPLATE = "Accept cookies\nSubscribe to our newsletter\nAll rights reserved\nPrivacy policy"


def bad_rows(english: list[dict[str, Any]]) -> list[dict[str, Any]]:
    base = {"published": "2020-01-01", "source": "Test", "url": None}
    huge = (english[0]["text"] + "\n\n") * (1_000_000 // len(english[0]["text"]) + 1)
    return [
        {**base, "id": "empty", "title": "", "text": ""},
        {**base, "id": "one-line", "title": "Storm hits the coast", "text": "Winds hit 100 km/h."},
        {**base, **french_rows()[0], "id": "french"},
        {
            **base,
            "id": "chinese",
            "title": "北京举行新闻发布会",
            "text": "北京今天举行了新闻发布会。" * 20,
        },
        {**base, "id": "huge", "title": english[0]["title"] + " (long)", "text": huge},
        {**base, "id": "boilerplate", "title": "", "text": BOILERPLATE},
        {**base, "id": "boilerplate-titled", "title": "Council vote delayed", "text": BOILERPLATE},
    ]


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.session() as session:
        return {
            "analysis": sorted(
                (r.article_id, r.step, r.content_hash, r.version, r.status, r.reason, r.analyzed_at)
                for r in session.scalars(select(ArticleAnalysis))
            ),
            "vectors": sorted(
                (r.article_id, r.model, r.vector, r.updated_at)
                for r in session.scalars(select(ArticleVector))
            ),
            "related": sorted(
                (r.article_id, r.related_id, r.score, r.rank)
                for r in session.scalars(select(RelatedArticle))
            ),
        }


# (row id, status of every step, part of the recorded reason)
BAD_INPUT_CASES = [
    ("empty", "skipped", "empty"),
    ("one-line", "ok", "short text"),
    ("french", "skipped", "not English"),
    ("chinese", "skipped", "not English"),
    ("huge", "ok", "characters"),
    ("boilerplate", "skipped", "boilerplate"),
    ("boilerplate-titled", "ok", "boilerplate"),
]


def test_bad_input_is_skipped_or_analysed_with_a_reason(
    settings: Settings, store: Store, english_rows: list[dict[str, Any]]
) -> None:
    """One load for the whole table (a 1 MB article is slow to assemble); every case checked."""
    ids = load_rows(store, english_rows[:5] + bad_rows(english_rows))
    report = run_analysis(make_context(settings, store))
    assert report.articles == len(set(ids.values()))
    steps = {step.name for step in available_steps("x")}
    wrong = []
    with store.session() as session:
        for row_id, status, reason in BAD_INPUT_CASES:
            rows = {r.step: r for r in analysis_of(session, article_id=ids[row_id])}
            got = (set(rows), {r.status for r in rows.values()}, rows["embed"].reason or "")
            if got[:2] != (steps, {status}) or reason not in got[2]:
                wrong.append((row_id, got))
    assert wrong == []


def test_a_second_run_changes_nothing(
    settings: Settings, store: Store, english_rows: list[dict[str, Any]]
) -> None:
    load_rows(store, english_rows[:12])
    context = make_context(settings, store)
    first = run_analysis(context)
    before = snapshot(store)
    second = run_analysis(context)
    assert (first.articles, second.articles) == (12, 0)
    assert snapshot(store) == before
    assert len(before["related"]) > 0


def test_reanalyse_recomputes_the_same_vectors_and_related_lists(
    settings: Settings, store: Store, english_rows: list[dict[str, Any]]
) -> None:
    load_rows(store, english_rows[:8])
    context = make_context(settings, store)
    run_analysis(context)
    before = snapshot(store)
    report = run_analysis(context, everything=True)
    after = snapshot(store)
    assert report.articles == 8
    assert (after["vectors"], after["related"]) == (before["vectors"], before["related"])


def test_a_changed_article_is_analysed_again(
    settings: Settings, store: Store, english_rows: list[dict[str, Any]]
) -> None:
    rows = english_rows[:8]
    ids = load_rows(store, rows)
    context = make_context(settings, store)
    run_analysis(context)
    changed = {**rows[3], "text": english_rows[30]["text"]}  # another real article's body
    with store.session() as session:
        feed = get_feed_by_url(session, url="https://en.wikinews.org" + EVAL_FEED_PATH)
        assert feed is not None
        entry = _entry(changed)
        store_entry(
            session,
            feed_id=feed.id,
            source_id=feed.source_id,
            guid=entry.guid,
            entry_url=entry.entry_url,
            entry_hash="changed",
            data=entry.data,
        )
    before = snapshot(store)
    report = run_analysis(context)
    assert report.articles == 1
    vector_of = {row[0]: row[2] for row in snapshot(store)["vectors"]}
    old_vector_of = {row[0]: row[2] for row in before["vectors"]}
    assert vector_of[ids[rows[3]["id"]]] != old_vector_of[ids[rows[3]["id"]]]
    assert all(vector_of[i] == old_vector_of[i] for i in vector_of if i != ids[rows[3]["id"]])


def test_a_step_that_raises_fails_only_its_article(
    settings: Settings,
    store: Store,
    english_rows: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = load_rows(store, english_rows[:6])
    victim = ids[english_rows[2]["id"]]
    import newsdesk.analyze.related as related

    real = related.analyze_related

    def fragile(ctx: Any, article_ids: Any) -> None:
        if victim in article_ids:
            raise RuntimeError("boom\nsecond line")
        real(ctx, article_ids)

    monkeypatch.setattr(related, "analyze_related", fragile)
    report = run_analysis(make_context(settings, store))
    assert report.by_status.get("failed") == 1
    with store.session() as session:
        steps = {r.step: r for r in analysis_of(session, article_id=victim)}
        others = analysis_of(session, article_id=ids[english_rows[3]["id"]])
    assert steps["related"].status == "failed"
    assert steps["related"].reason == "RuntimeError: boom second line"
    assert steps["embed"].status == "ok"
    assert {r.status for r in others} == {"ok"}


def test_the_analyze_articles_task_runs_the_runner(
    settings: Settings, store: Store, english_rows: list[dict[str, Any]]
) -> None:
    import asyncio

    from newsdesk.jobs import InProcessRunner

    ids = load_rows(store, english_rows[:4])

    async def run() -> None:
        async with InProcessRunner(settings, store, cpu_workers=0) as runner:
            runner.enqueue("analyze_articles")
            stats = await runner.run_until_empty()
            assert (stats.done, stats.failed) == (1, 0)

    asyncio.run(run())
    with store.session() as session:
        statuses = {r.status for i in ids.values() for r in analysis_of(session, article_id=i)}
    assert statuses == {"ok"}
