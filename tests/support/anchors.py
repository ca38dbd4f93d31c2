"""Reading sentence anchors back out of a rendered article body, as a browser would see them.

`anchored(html)` parses the HTML with lxml (not with our own tokeniser) and returns each
`span.sentence`'s id and visible text, whitespace folded and soft hyphens dropped as the
generator's plain text has them (a <br> is a break, so a space), so a test can hold every
anchor to its sentence verbatim.
"""

from __future__ import annotations

from html import escape

from lxml import html as lxml_html

from newsdesk.generate.sentences import article_sentences
from newsdesk.web.anchors import anchor_id


def fold(text: str) -> str:
    return " ".join(text.replace("\xad", "").split())


def article_body(page: str) -> str:
    """The article body's HTML out of a whole article page."""
    root = lxml_html.document_fromstring(page)
    [body] = root.find_class("article-body")
    inner = (lxml_html.tostring(child, encoding="unicode") for child in body)
    return escape(body.text or "") + "".join(inner)


def anchored(html: str) -> dict[str, str]:
    """{element id: folded text} of every sentence anchor in `html`, in document order."""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for br in root.iter("br"):  # a line break shows as one: the plain text holds a space
        br.tail = " " + (br.tail or "")
    found: dict[str, str] = {}
    for span in root.iter("span"):
        if span.get("class") == "sentence":
            assert span.get("id") not in found, f"anchor {span.get('id')} appears twice"
            found[str(span.get("id"))] = fold(span.text_content())
    return found


def mismatches(html: str, text: str) -> list[str]:
    """Anchors whose text is not their sentence's, verbatim; [] when every anchor holds."""
    sentences = {anchor_id(s.id): fold(s.text) for s in article_sentences(text)}
    return [
        f"{key}: {shown!r} != {sentences.get(key)!r}"
        for key, shown in anchored(html).items()
        if sentences.get(key) != shown
    ]
