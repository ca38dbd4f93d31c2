"""Walking sanitised article HTML token by token, without re-parsing or re-serialising it.

Pages rewrite the stored HTML (image URLs to the proxy, sentence anchors) by copying it
through and changing only what they must, so what reaches the reader is what the sanitiser
wrote. `ingest.clean.TOKEN` splits nh3's serialisation into tags and text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.ingest.clean import TOKEN


def sanitised_tokens(html: str) -> Iterator[re.Match[str]]:
    """Each tag, comment or run of text of `html` (sanitised), in order, covering all of it."""
    pos = 0
    while pos < len(html):
        match = TOKEN.match(html, pos)
        if match is None:  # pragma: no cover - TOKEN matches any character
            return
        pos = match.end()
        yield match
