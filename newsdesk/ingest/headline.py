"""The body without the headline a page repeats as its first heading.

Extractors keep the page's <h1> when it sits inside the article element, as on about a fifth
of real pages (61 of the first 300 labelled pages) and on every demo Wikinews page. The site
shows the headline above the body already, so a reader saw it twice, and the analysis took it
for the lede's first paragraph. Only a heading that says what the title says is dropped (by
normalise_text: case, punctuation and quotes aside; a page <title> may add the site's name
after a separator); a section heading or a different display title stays.
"""

from __future__ import annotations

import re

from newsdesk.ingest.clean import html_to_text, normalise_text

_LEADING_HEADING = re.compile(
    r"\A\s*<(h[1-3])(?:\s[^>]*)?>(.*?)</\1>\s*", re.DOTALL | re.IGNORECASE
)
_SITE_SUFFIX = re.compile(r"\s*[-|–—:·»]\s*(\S.*)\Z")
_SITE_NAME_MAX_WORDS = 5


def without_repeated_headline(html: str, text: str, title: str) -> tuple[str, str]:
    """`html` and its plain `text` less a first heading that repeats `title`; unchanged
    otherwise. The shortened body's text is read here once, for the caller to store."""
    heading = _LEADING_HEADING.match(html)
    if heading is None or not _same_headline(html_to_text(heading.group(2)), title):
        return html, text
    rest = html[heading.end() :]
    rest_text = html_to_text(rest)
    return (rest, rest_text) if rest_text.strip() else (html, text)  # never an empty article


def _same_headline(heading: str, title: str) -> bool:
    wanted = normalise_text(heading)
    if not wanted:
        return False
    if wanted == normalise_text(title):
        return True
    title = " ".join(title.split())
    heading = " ".join(heading.split())
    if not title.startswith(heading):
        return False
    suffix = _SITE_SUFFIX.match(title[len(heading) :])
    return suffix is not None and len(suffix.group(1).split()) <= _SITE_NAME_MAX_WORDS
