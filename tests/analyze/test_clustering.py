"""Online clustering without a database: joining, windows, merges, order, quality."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import numpy
import pytest

from newsdesk.analyze.clustering import Clusterer, Item, Params, cluster
from newsdesk.analyze.embed import get_embedder
from newsdesk.analyze.stories import story_text
from newsdesk.config import Settings
from newsdesk.evaluation.scoring import bcubed
from tests.analyze.storyworld import T0

# B-cubed F1 measured on this file with the default parameters: 0.800 (P 0.948, R 0.693;
# `bench/stories.py tests/data/eval/stories.jsonl`). The gate sits a little below so that a
# regression, not a rounding difference between embedders, fails the build.
MIN_BCUBED_F1 = 0.77


def _unit(*values: float) -> numpy.ndarray:
    vector = numpy.array(values, dtype=numpy.float32)
    return vector / numpy.linalg.norm(vector)


def _item(key: str, hours: float, *values: float, terms: frozenset[str] = frozenset()) -> Item:
    return Item(key=key, at=T0 + timedelta(hours=hours), vector=_unit(*values), terms=terms)


@pytest.mark.parametrize(
    ("second", "together"),
    [
        pytest.param(_item("b", 1, 1, 0.1, 0), True, id="close-vector-joins"),
        pytest.param(_item("b", 1, 0, 1, 0), False, id="unrelated-vector-starts-own"),
        pytest.param(_item("b", 24 * 4, 1, 0.1, 0), False, id="outside-window-starts-own"),
        pytest.param(_item("b", -24 * 2, 1, 0.1, 0), True, id="late-arrival-within-window"),
    ],
)
def test_joining(second: Item, together: bool) -> None:
    stories = cluster([_item("a", 0, 1, 0, 0), second])
    assert (stories["a"] == stories["b"]) is together


def test_shared_terms_tip_a_near_miss_but_never_decide_alone() -> None:
    params = Params(join=0.5, centroid_weight=1.0)
    near = [_item("a", 0, 1, 0, terms=frozenset({"x"})), _item("b", 1, 0.485, 0.8745)]
    near_shared = [near[0], _item("b", 1, 0.485, 0.8745, terms=frozenset({"x"}))]
    far = [
        _item("a", 0, 1, 0, terms=frozenset({"x", "y", "z", "w"})),
        _item("b", 1, 0.1, 0.995, terms=frozenset({"x", "y", "z", "w"})),
    ]
    assert len(set(cluster(near, params).values())) == 2
    assert len(set(cluster(near_shared, params).values())) == 1
    assert len(set(cluster(far, params).values())) == 2


def test_converging_stories_merge_into_the_older() -> None:
    clusterer = Clusterer(Params(join=0.6, merge=0.6))
    clusterer.add(_item("a", 0, 1, 0))
    clusterer.add(_item("b", 1, 0, 1))
    assert len(clusterer.stories) == 2
    for n in range(6):
        clusterer.add(_item(f"m{n}", 2 + n, 1, 1))
    assert set(clusterer.assignments().values()) == {1}
    assert clusterer.merged == {2: 1}


def test_arrival_order_does_not_change_the_stories() -> None:
    rng = random.Random(7)
    centres = [rng.gauss(0, 1) for _ in range(3 * 8)]
    items = [
        _item(f"{s}-{n}", n, *(c + rng.gauss(0, 0.4) for c in centres[s * 8 : s * 8 + 8]))
        for s in range(3)
        for n in range(10)
    ]
    expected = cluster(items)
    for _ in range(3):
        rng.shuffle(items)
        assert cluster(items) == expected


def test_headlines_cluster_into_their_google_news_stories(data_dir: Path) -> None:
    rows = [json.loads(line) for line in (data_dir / "eval" / "stories.jsonl").open()]
    vectors = get_embedder(Settings()).embed([story_text(r["title"], r["text"]) for r in rows])
    items = [
        Item(key=r["id"], at=datetime.fromisoformat(r["published"]), vector=v)
        for r, v in zip(rows, vectors, strict=True)
    ]
    scores = bcubed(cluster(items), {r["id"]: r["event"] for r in rows})
    assert scores.f1 >= MIN_BCUBED_F1, scores
