"""B-cubed and pairwise scores, checked against examples computed by hand."""

from __future__ import annotations

import pytest

from newsdesk.evaluation.scoring import bcubed, pairwise

# gold: {a,b,c} {d,e}; predicted: {a,b} {c,d,e}
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
PREDICTED = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_bcubed_by_hand() -> None:
    # precision per item: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> (1+1+1/3+2/3+2/3)/5 = 11/15
    # recall per item:    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> (2/3+2/3+1/3+1+1)/5 = 11/15
    scores = bcubed(PREDICTED, GOLD)
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(11 / 15)
    assert scores.f1 == pytest.approx(11 / 15)


def test_pairwise_by_hand() -> None:
    # predicted pairs: ab, cd, ce, de (4); gold pairs: ab, ac, bc, de (4); both: ab, de (2)
    scores = pairwise(PREDICTED, GOLD)
    assert (scores.precision, scores.recall) == (pytest.approx(0.5), pytest.approx(0.5))


@pytest.mark.parametrize(
    ("predicted", "b3", "pairs"),
    [
        pytest.param(
            {k: k for k in GOLD}, (1.0, (1 / 3 * 3 + 0.5 * 2) / 5), (1.0, 0.0), id="singletons"
        ),
        pytest.param(
            {k: 0 for k in GOLD}, ((3 / 5 * 3 + 2 / 5 * 2) / 5, 1.0), (0.4, 1.0), id="one-lump"
        ),
        pytest.param(dict(GOLD), (1.0, 1.0), (1.0, 1.0), id="perfect"),
    ],
)
def test_extreme_groupings(
    predicted: dict[str, object], b3: tuple[float, float], pairs: tuple[float, float]
) -> None:
    got = bcubed(predicted, GOLD)
    assert (got.precision, got.recall) == (pytest.approx(b3[0]), pytest.approx(b3[1]))
    got_pairs = pairwise(predicted, GOLD)
    assert (got_pairs.precision, got_pairs.recall) == (
        pytest.approx(pairs[0]),
        pytest.approx(pairs[1]),
    )


def test_groupings_over_different_items_are_refused() -> None:
    with pytest.raises(ValueError):
        bcubed({"a": 1}, {"b": 1})
