"""Reading the Wikinews corpus: wikitext's character references become the characters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

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


def _first_paragraph(article_id: str) -> str:
    (article,) = [a for a in load_corpus() if a.id == article_id]
    return article.paragraphs[0]


def test_no_bundled_article_shows_wikitext_markup() -> None:
    markup = re.compile(r"\[\[|\]\]|\{\{|\}\}|''|byline\||(?:thumb|frame|\d+px)\|", re.IGNORECASE)
    paragraphs = [p for a in load_corpus() for p in a.paragraphs]
    assert [p for p in paragraphs if markup.search(p)] == []


@pytest.mark.parametrize(
    ("article_id", "opening"),
    [
        # written "{{byline|dater. Bao, …": the dump cut the template and one character more
        pytest.param("wnsum-en-8c39549a5e", "Mr. Bao, the newly-installed envoy", id="Mr"),
        pytest.param("wnsum-en-3c6751cb3e", "The report was based on", id="The"),
        pytest.param("wnsum-en-d97ad2d2bb", "If such a deal is struck", id="If-such"),
        # "{{byline|date[w:US District Court|US District Court]] Judge …": a link's label
        pytest.param("wnsum-en-0a58567c57", "US District Court Judge Ernest Torres", id="link"),
        # an image's "right|300px|frame|A map of …" line, then the cut lede
        pytest.param("wnsum-en-c96e073b67", "According to the BBC, the document", id="image"),
        # "If the" and "Of the" both open sentences: no guess, the fragment stays
        pytest.param("wnsum-en-37e61bbcc6", "f the new films opening", id="ambiguous"),
    ],
)
def test_a_cut_lede_gets_its_character_back_only_when_the_corpus_is_clear(
    article_id: str, opening: str
) -> None:
    assert _first_paragraph(article_id).startswith(opening)
