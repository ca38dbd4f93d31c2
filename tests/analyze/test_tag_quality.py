"""Hashtag defects seen in the demo, each pinned on the real Wikinews article that showed it
(the bundled corpus), so that a rule that stops working fails here, not in a reader's view."""

from __future__ import annotations

from newsdesk.analyze.entities import extract
from newsdesk.analyze.hashtags import hashtags
from tests.support.corpus import corpus


def _article(title: str) -> tuple[str, str]:
    found = next(a for a in corpus() if a.title == title)
    return found.title, "\n\n".join(found.paragraphs)


def _tags(title: str) -> list[str]:
    title, text = _article(title)
    return [t.tag for t in hashtags(extract(title, text), text, title)]


def test_an_honorific_inside_a_name_does_not_split_it() -> None:
    title, text = _article("Alleged 9-11 conspirators will confess and plead guilty")
    names = {e.name: e.mentions for e in extract(title, text)}
    # 'Khalid Sheikh Mohammed', 'Khalid Sheikh [Mohammed]' and 'said Mohammed': one person.
    assert names.get("Khalid Sheikh Mohammed", 0) >= 6
    assert "Khalid" not in names and "Mohammed" not in names
    assert "KhalidSheikhMohammed" in _tags(title)


def test_a_phrase_capitalised_for_emphasis_is_no_hashtag() -> None:
    # 'closed at a new All-time High' beside 'an All-time high': a phrase, not a name.
    tags = _tags("Indian Sensex reaches a New All-time High")
    assert "India" in tags
    assert not any("AllTime" in tag for tag in tags)
