"""The hashtags eval: the issue's matching rule, and the gold set as a CI gate."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsdesk.analyze.tags import analyze_tags
from newsdesk.evaluation.hashtags import matches, score


@pytest.mark.parametrize(
    ("hashtag", "keyphrase", "expected"),
    [
        pytest.param("#UnitedStates", "United States", True, id="equal"),
        pytest.param("#Bush", "George W. Bush", True, id="tag-inside-phrase"),
        pytest.param("#UnitedStatesCoastGuard", "United States", True, id="phrase-inside-tag"),
        pytest.param("#Chile", "Santiago, Chile", True, id="punctuation-ignored"),
        pytest.param("#Chi", "Chile", False, id="not-a-whole-word"),
        pytest.param("#RareEarths", "rare earth", False, id="plural-differs"),
        pytest.param("#", "Chile", False, id="empty-tag"),
    ],
)
def test_matching_rule(hashtag: str, keyphrase: str, expected: bool) -> None:
    assert matches(hashtag, keyphrase) is expected


def test_hashtags_meet_the_gate(run_eval: Callable[..., dict[str, float]]) -> None:
    # Measured P@8 0.545, R@8 0.724 at tags step 7 (step 6: 0.540, 0.724; step 5: 0.537,
    # 0.723). Earlier: 0.536, 0.718 (2.3 tags per article, 44% with 3 or more; before the
    # topic list 0.551, 0.706 with 2.2 and 29%; before the precision work 0.265, 0.592 with
    # 3.4). The gate sits a little below, so a regression fails the build.
    scores = run_eval("hashtags", [analyze_tags], score)
    assert scores["precision_at_8"] >= 0.53
    assert scores["recall_at_8"] >= 0.68
