"""A comment's text becomes escaped paragraphs with http(s) links, and nothing else."""

from __future__ import annotations

import pytest

from newsdesk.community.render import comment_html

CASES = [
    pytest.param("Hello", "<p>Hello</p>", id="plain"),
    pytest.param("one\n\ntwo", "<p>one</p><p>two</p>", id="paragraphs"),
    pytest.param("one\ntwo", "<p>one<br>two</p>", id="line-break"),
    pytest.param("<b>x</b>", "<p>&lt;b&gt;x&lt;/b&gt;</p>", id="html-escaped"),
    pytest.param(
        "see https://ex.org/a?b=1&c=2.",
        '<p>see <a href="https://ex.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://ex.org/a?b=1&amp;c=2</a>.</p>",
        id="link-with-query-and-full-stop",
    ),
    pytest.param(
        "(https://ex.org/wiki/A_(b))",
        '<p>(<a href="https://ex.org/wiki/A_(b)" rel="nofollow ugc noopener">'
        "https://ex.org/wiki/A_(b)</a>)</p>",
        id="balanced-parens",
    ),
    pytest.param("javascript:alert(1)", "<p>javascript:alert(1)</p>", id="js-scheme-not-linked"),
    pytest.param(
        'https://ex.org/"onmouseover="alert(1)',
        '<p><a href="https://ex.org/" rel="nofollow ugc noopener">https://ex.org/</a>'
        "&#34;onmouseover=&#34;alert(1)</p>",
        id="quote-ends-link",
    ),
    pytest.param("http://", "<p>http://</p>", id="bare-scheme"),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_comment_text_renders_as_escaped_paragraphs_and_links(body: str, expected: str) -> None:
    assert str(comment_html(body)) == expected
