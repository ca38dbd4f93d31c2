"""News outlets an article only cites are its sources, not its hashtags (analyze/sources.py),
pinned on the real Wikinews articles of the bundled corpus that showed the defect."""

from __future__ import annotations

from newsdesk.analyze.entities import extract
from newsdesk.analyze.hashtags import hashtags
from newsdesk.analyze.sources import cited, outlet
from tests.support.corpus import corpus


def _article(title: str) -> tuple[str, str]:
    found = next(a for a in corpus() if a.title.startswith(title))
    return found.title, "\n\n".join(found.paragraphs)


def _tags(title: str) -> list[str]:
    title, text = _article(title)
    return [t.tag for t in hashtags(extract(title, text), text, title)]


def test_a_cited_outlet_gives_its_place_back() -> None:
    # 'Governor Pimentel told CNN Philippines', 'CNN Philippines reported': the earthquake is
    # in the Philippines, which had joined the outlet's name as its short form.
    tags = _tags("Earthquake injures 25 people in southern Philippines")
    assert "Philippines" in tags
    assert "CNNPhilippines" not in tags


def test_a_country_named_after_a_cited_outlet_is_tagged() -> None:
    # 'told France Info' and a French quote 'La France est éplorée': both are France.
    tags = _tags("More than 80 people killed in Nice, France attack on Bastille Day")
    assert "France" in tags
    assert "FranceInfo" not in tags and "LaFrance" not in tags


def test_a_state_broadcaster_that_only_reported_is_no_tag() -> None:
    # 'state broadcaster China Central Television reported discovery of ...'.
    tags = _tags("Chinese police arrest six after woman beaten to death")
    assert tags[0] == "China"
    assert "ChinaCentralTelevision" not in tags


def test_a_newspaper_quoted_for_a_witness_is_no_tag() -> None:
    # 'telling The Washington Post', 'The Washington Post's Sam Fortier wrote': a source.
    tags = _tags("Baseball game suspended after three injured in shooting")
    assert "WashingtonPost" not in tags
    assert "WashingtonNationals" in tags


def test_an_article_about_an_outlet_keeps_it() -> None:
    # The outlet is what happened to ('the Saudi government accused Al Jazeera of ...'),
    # though the headline has it speak ('Al Jazeera says').
    title, text = _article("Al Jazeera says Snapchat")
    jazeera = next(e for e in extract(title, text) if e.name == "Al Jazeera")
    assert not jazeera.source
    raided = _tags("Kenyan TV and newspaper raided by masked police")
    assert "KenyaTelevisionNetwork" in raided and "Kenya" in raided
    bbc = _tags("BBC Director-General Entwistle resigns")
    assert any(tag.startswith("BBC") for tag in bbc)


def test_attribution_position_is_read_around_the_name() -> None:
    body = "The governor told CNN the town was hit. Reuters reported 5 dead. CNN apologised."
    assert cited(body, body.index("CNN"), body.index("CNN") + 3)
    assert cited(body, body.index("Reuters"), body.index("Reuters") + 7)
    last = body.rindex("CNN")
    assert not cited(body, last, last + 3)
    counted = "Ten were killed, according to an Associated Press count."
    at = counted.index("Associated")
    assert cited(counted, at, at + len("Associated Press"))
    assert outlet("The Jakarta Post") and outlet("Kenya Television Network")
    assert not outlet("Vicente Fox") and not outlet("Air India Express")
