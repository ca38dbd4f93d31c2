"""Search snippets: matches marked, everything else escaped, windows around the match."""

from __future__ import annotations

import pytest

from newsdesk.web.highlight import mark, snippet


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        pytest.param("Harbour budget", ["harbour"], "<mark>Harbour</mark> budget", id="case"),
        pytest.param("harbours harbour", ["harbour"], "harbours <mark>harbour</mark>",
                     id="whole-words-only"),
        pytest.param("<b>harbour</b>", ["harbour"], "&lt;b&gt;<mark>harbour</mark>&lt;/b&gt;",
                     id="markup-in-text-escaped"),
        pytest.param("<mark>x</mark>", ["mark"],
                     "&lt;<mark>mark</mark>&gt;x&lt;/<mark>mark</mark>&gt;",
                     id="cannot-forge-marks"),
        pytest.param("x&y", [], "x&amp;y", id="no-terms"),
        pytest.param("1+1 (a.b)", ["a"], "1+1 (<mark>a</mark>.b)", id="regex-chars"),
    ],
)  # fmt: skip
def test_mark_escapes_then_marks(text: str, terms: list[str], expected: str) -> None:
    assert str(mark(text, terms)) == expected


def test_snippet_is_a_window_around_the_first_match() -> None:
    text = " ".join(["filler"] * 200) + " the harbour budget " + " ".join(["tail"] * 200)
    result = str(snippet(text, ["budget"]))
    assert "<mark>budget</mark>" in result
    assert result.startswith("… ") and result.endswith(" …")
    assert len(result) < 400


def test_snippet_without_a_match_starts_at_the_beginning() -> None:
    assert str(snippet("Short text.", ["absent"])) == "Short text."
