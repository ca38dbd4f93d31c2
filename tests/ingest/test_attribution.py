"""Finding the line where a republisher credits the original."""

from __future__ import annotations

import pytest

from newsdesk.ingest.attribution import find_attribution

BODY = "\n\n".join(f"Paragraph {i} about the budget vote in parliament." for i in range(10))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            BODY + "\n\nThis article is republished from The Conversation under a Creative "
            "Commons license.",
            "This article is republished from The Conversation under a Creative Commons license.",
            id="conversation-footer",
        ),
        pytest.param(
            "Originally published by Wikinews.\n\n" + BODY,
            "Originally published by Wikinews.",
            id="header-line",
        ),
        pytest.param(
            "WASHINGTON (AP) — The Senate voted on Tuesday.\n\n" + BODY,
            "WASHINGTON (AP) — The Senate voted on Tuesday.",
            id="wire-dateline",
        ),
        pytest.param(
            BODY + "\n\nInformation sourced from Businesswire.",
            "Information sourced from Businesswire.",
            id="sourced-from",
        ),
        pytest.param(BODY, None, id="plain-article"),
        pytest.param(
            "\n\n".join(
                [BODY[:200]] * 4
                + ["The novel was first published in 1951 and sold millions of copies."]
                + [BODY[:200]] * 4
            ),
            None,
            id="mention-in-the-middle-is-not-a-credit",
        ),
        pytest.param(
            "Originally published by Wikinews. " + "The vote went on into the night. " * 20,
            "Originally published by Wikinews.",
            id="long-paragraph-opening-with-the-credit",
        ),
        pytest.param(
            '"Originally published by Wikinews. ' + "The vote went on into the night. " * 20,
            '"Originally published by Wikinews.',
            id="long-paragraph-credit-after-a-quote-mark",
        ),
        pytest.param(
            "The vote went on into the night. " * 20 + "It was first published by Wikinews.",
            None,
            id="long-paragraph-credit-at-its-end-is-not-a-credit",
        ),
    ],
)
def test_find_attribution(text: str, expected: str | None) -> None:
    assert find_attribution(text) == expected
