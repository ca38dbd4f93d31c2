"""What matching sees of an article: the body without the frame a republisher changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.analyze.minhash import matching_text, shingle, signature

ORIGINAL = json.loads(
    (Path(__file__).parents[1] / "data/eval/duplicates.jsonl").read_text().splitlines()[0]
)["text"]


def _jaccard(one: str, two: str) -> float:
    a, b = shingle(one).shingles, shingle(two).shingles
    return len(a & b) / len(a | b)


@pytest.mark.parametrize(
    "framed",
    [
        pytest.param("(AP) — " + ORIGINAL, id="wire-dateline"),
        pytest.param("LONDON (Reuters) - " + ORIGINAL, id="city-dateline"),
        pytest.param(
            ORIGINAL + "\n\nThis article was originally published on Wikinews.", id="credit-line"
        ),
        pytest.param(
            ORIGINAL + "\n\nSign up for our newsletter.\n\n© 2024 Courier. All rights reserved.",
            id="footer",
        ),
        pytest.param(
            ORIGINAL.replace("\n\n", "\n\nRead more: Markets close higher\n\n", 1),
            id="read-more-inside",
        ),
        pytest.param(ORIGINAL.replace('"', "“"), id="curly-quotes"),
    ],
)
def test_frame_changes_leave_the_shingles_alone(framed: str) -> None:
    assert _jaccard(ORIGINAL, framed) == 1.0


def test_a_long_paragraph_that_mentions_a_newsletter_is_kept() -> None:
    body = " ".join(["The council debated the newsletter budget for the school"] * 8)
    assert matching_text(body) == body


def test_signature_is_stable_and_compact() -> None:
    shingled = shingle(ORIGINAL)
    one, two = signature(shingled.shingles), signature(shingled.shingles)
    assert one.dtype.name == "uint32"
    assert (one == two).all()
    assert one.nbytes == 384


def test_a_megabyte_is_cut_to_its_beginning() -> None:
    shingled = shingle("word " * 250_000)
    assert shingled.words <= 20_000
