"""Reading the Wikinews corpus: wikitext's character references become the characters."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsdesk.demo.corpus import load_corpus

# What a reader would see verbatim if a reference were left in the text.
LITERAL_REF = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)


def test_no_bundled_article_shows_a_literal_character_reference() -> None:
    corpus = load_corpus()
    texts = [text for a in corpus for text in (a.title, *a.paragraphs, *a.categories)]
    assert not [t for t in texts if LITERAL_REF.search(t)]
    (nobel,) = [a for a in corpus if a.id == "wnsum-en-58155d8b5b"]  # written "OSLO &mdash; The"
    assert nobel.paragraphs[0].startswith("OSLO — The 2004 Nobel Peace Prize")


def test_prose_ampersands_stay_and_escaped_markup_becomes_plain_text(tmp_path: Path) -> None:
    row = {
        "id": "wn-en-refs",
        "title": "AT&amp;T and R&D &ndash; a test",
        "text": "Costs fell 5&#37; &mdash; say AT&T &amp; R&D staff.\n\n"
        "The page showed &lt;b&gt;bold&lt;/b&gt; and &unknown; and &copy2004 as written.",
        "url": "https://en.wikinews.org/wiki/Refs",
    }
    source = tmp_path / "corpus.jsonl"
    source.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (article,) = load_corpus(source)
    assert article.title == "AT&T and R&D – a test"
    assert article.paragraphs == (
        "Costs fell 5% — say AT&T & R&D staff.",
        "The page showed <b>bold</b> and &unknown; and &copy2004 as written.",
    )
