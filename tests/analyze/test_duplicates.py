"""The duplicates step on real articles, on both databases: copies fold, look-alikes do not."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from newsdesk.analyze.duplicates import analyze_duplicates
from newsdesk.config import Settings
from newsdesk.store.copies import copy_ids, is_copy, original_of, provenance
from newsdesk.store.engine import Store
from newsdesk.store.models_copies import ArticleSignature, Copy
from newsdesk.store.signatures import signature_reason
from tests.support.eval_rows import Context, load_rows

GOLD = Path(__file__).parents[1] / "data/eval/duplicates.jsonl"
ROWS = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
BY_ID = {row["id"]: row for row in ROWS}


def _has_copies(row_id: str) -> bool:
    return any(r["duplicate_of"] == row_id for r in ROWS)


ORIGINALS = [r for r in ROWS if _has_copies(r["id"])]


def _sample() -> list[dict[str, Any]]:
    """Six originals that others quote, all their copies, the quoters, and same-topic articles."""
    quoters = [r for r in ROWS if r["id"].startswith("quote-")]
    quoted = []
    for quoter in quoters:
        original = next((r for r in ORIGINALS if r["text"][:80] in quoter["text"]), None)
        if original is not None and original not in quoted:
            quoted.append(original)
        if len(quoted) == 6:
            break
    ids = {r["id"] for r in quoted}
    picked = [r for r in ROWS if r["id"] in ids or r["duplicate_of"] in ids]
    picked += [q for q in quoters if any(o["text"][:80] in q["text"] for o in quoted)]
    others = [r for r in ROWS if r["duplicate_of"] is None and r["id"].startswith("wn")]
    picked += [r for r in others if r["id"] not in ids and not _has_copies(r["id"])][:10]
    return picked


SAMPLE = _sample()


def _run(settings: Settings, store: Store, rows: list[dict[str, Any]]) -> dict[str, int]:
    ids = load_rows(store, rows)
    analyze_duplicates(Context(settings, store), sorted(set(ids.values())))
    return ids


def test_realistic_copies_fold_into_their_original(settings: Settings, store: Store) -> None:
    ids = _run(settings, store, SAMPLE)
    copies = [r for r in SAMPLE if r["duplicate_of"]]
    assert len(copies) >= 6
    with store.session() as session:
        for row in copies:
            group = original_of(session, article_id=ids[row["duplicate_of"]])
            assert original_of(session, article_id=ids[row["id"]]) == group, row["id"]
            members = [
                r["id"] for r in SAMPLE if row["duplicate_of"] in (r["id"], r["duplicate_of"])
            ]
            assert group in {ids[m] for m in members}


def test_quoted_ledes_and_same_topic_articles_are_not_copies(
    settings: Settings, store: Store
) -> None:
    ids = _run(settings, store, SAMPLE)
    negatives = [r for r in SAMPLE if r["duplicate_of"] is None and not _has_copies(r["id"])]
    assert any(r["id"].startswith("quote-") for r in negatives)
    with store.session() as session:
        folded = copy_ids(session)
        for row in negatives:
            article = ids[row["id"]]
            assert article not in folded, row["id"]
            assert session.scalar(select(func.count()).where(Copy.original_id == article)) == 0


def test_running_twice_changes_nothing(settings: Settings, store: Store) -> None:
    ids = _run(settings, store, SAMPLE)
    with store.session() as session:
        before = _snapshot(session)
    analyze_duplicates(Context(settings, store), sorted(set(ids.values())))
    with store.session() as session:
        assert _snapshot(session) == before


def _snapshot(session: Any) -> tuple[list[Any], list[Any]]:
    copies = session.execute(select(Copy.__table__).order_by(Copy.copy_id)).all()
    signs = session.execute(
        select(ArticleSignature.__table__).order_by(ArticleSignature.article_id)
    ).all()
    return copies, signs


def test_a_copy_analysed_first_still_yields_to_the_earlier_original(
    settings: Settings, store: Store
) -> None:
    original = dict(next(r for r in SAMPLE if _has_copies(r["id"])))
    copy = dict(next(r for r in SAMPLE if r["duplicate_of"] == original["id"]))
    original["published"] = "2021-03-01T09:00:00+00:00"
    copy["published"] = "2021-03-02T09:00:00+00:00"
    ids = load_rows(store, [copy, original])
    context = Context(settings, store)
    analyze_duplicates(context, [ids[copy["id"]]])
    analyze_duplicates(context, [ids[original["id"]]])
    with store.session() as session:
        assert original_of(session, article_id=ids[copy["id"]]) == ids[original["id"]]
        assert not is_copy(session, article_id=ids[original["id"]])


def test_the_credited_outlet_is_the_original_even_when_dated_later(
    settings: Settings, store: Store
) -> None:
    original = dict(BY_ID[next(r["id"] for r in SAMPLE if _has_copies(r["id"]))])
    body = original["text"]
    early = datetime(2020, 1, 1, tzinfo=UTC)
    credited = {
        **original,
        "id": "credited",
        "text": body + "\n\nThis article was originally published by Wikinews.",
        "source": "Courier",
        "url": "https://courier.example/a",
        "published": early.isoformat(),
    }
    original["published"] = (early + timedelta(days=2)).isoformat()
    ids = _run(settings, store, [credited, original])
    with store.session() as session:
        assert original_of(session, article_id=ids["credited"]) == ids[original["id"]]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("", "empty text", id="empty"),
        pytest.param("Police closed the road on Monday.", "too short", id="one-line"),
        pytest.param(
            "Sign up for our newsletter.\n\n© 2024 Courier. All rights reserved.",
            "only boilerplate",
            id="all-boilerplate",
        ),
        pytest.param(
            "\n\n".join([ORIGINALS[0]["text"]] * (1_000_000 // len(ORIGINALS[0]["text"]) + 1)),
            None,
            id="one-megabyte",
        ),
    ],
)
def test_bad_input_is_recorded_not_raised(
    settings: Settings, store: Store, text: str, reason: str | None
) -> None:
    row = {"id": "bad", "title": "Bad", "text": text, "published": None}
    row |= {"source": "Odd", "url": "https://odd.example/bad"}
    ids = _run(settings, store, [row])
    with store.session() as session:
        recorded = signature_reason(session, article_id=ids["bad"])
        if reason is None:
            assert recorded is None
            assert session.get(ArticleSignature, ids["bad"]).signature is not None
        else:
            assert recorded is not None and recorded.startswith(reason)


def test_provenance_reads_the_same_from_every_member(settings: Settings, store: Store) -> None:
    ids = _run(settings, store, SAMPLE)
    group = next(r["id"] for r in SAMPLE if sum(x["duplicate_of"] == r["id"] for x in SAMPLE) >= 2)
    members = [group, *[r["id"] for r in SAMPLE if r["duplicate_of"] == group]]
    with store.session() as session:
        seen = [provenance(session, article_id=ids[m]) for m in members]
    first = seen[0]
    assert all(p == first for p in seen)
    assert first.original.article_id == ids[group]
    assert first.original.source_name == "Wikinews"
    assert {a.article_id for a in first.republications} == {ids[m] for m in members[1:]} or len(
        {BY_ID[m]["source"] for m in members[1:]}
    ) < len(members) - 1
    dates = [a.date for a in first.republications]
    assert dates == sorted(dates, key=lambda d: (d is None, d))
