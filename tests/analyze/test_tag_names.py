"""Names cut wrongly around titles and places, seen as demo hashtags (#AffairsJoschkaFischer,
#UnitedStatesJoeBiden, 'John Major' cut to 'John'), each pinned on the real Wikinews article
that showed it (the bundled corpus)."""

from __future__ import annotations

import pytest

from newsdesk.analyze.entities import Entity, extract
from newsdesk.analyze.hashtags import hashtags
from newsdesk.analyze.tags import without_repeated_title
from tests.analyze.test_tag_quality import _article


def _entities(title: str) -> dict[str, Entity]:
    title, text = _article(title)
    return {e.name: e for e in extract(title, text)}


def _all_tags(title: str, text: str) -> list[str]:
    return [t.tag for t in hashtags(extract(title, text), text, title)]


@pytest.mark.parametrize(
    ("title", "person", "junk"),
    [
        # 'Federal Minister for Foreign Affairs Joschka Fischer': the portfolio is the title's.
        (
            "German Minister for Foreign Affairs gives evidence about visa practice",
            "Joschka Fischer",
            "Affairs Joschka Fischer",
        ),
        # 'Minister of National Security Martin Joseph'.
        (
            "Explosion outside Trinidad nightclub wounds more than 10",
            "Martin Joseph",
            "Security Martin Joseph",
        ),
        # A role before the name, as news writes it: 'Cosmonaut Alexei Leonov'.
        ("Cosmonaut Alexei Leonov dies at age 85", "Alexei Leonov", "Cosmonaut Alexei Leonov"),
        # A religious title: 'Sister Dorothy Stang'.
        ("American nun murdered in Brazil", "Dorothy Stang", "Sister Dorothy Stang"),
        # A hyphenated title, and a body's acronym after 'of the': 'Director-General of the
        # BBC George Entwistle'.
        ("BBC Director-General Entwistle resigns", "George Entwistle", "BBC George Entwistle"),
    ],
)
def test_a_title_before_a_name_is_not_part_of_it(title: str, person: str, junk: str) -> None:
    names = _entities(title)
    assert names[person].kind == "person"
    assert junk not in names


@pytest.mark.parametrize(
    ("title", "person"),
    [
        # 'Conservative Prime Minister John Major': a surname that is also a title word.
        ("UK Supreme Court rules prorogation of parliament unlawful", "John Major"),
        ("Egyptian court sends three Al-Jazeera journalists to jail", "Julie Bishop"),
    ],
)
def test_a_surname_that_is_a_title_word_stays_in_the_name(title: str, person: str) -> None:
    names = _entities(title)
    assert names[person].kind == "person"
    assert person.split()[0] not in names


@pytest.mark.parametrize(
    ("title", "person", "country"),
    [
        # 'former Vice President of the United States Joe Biden'
        ("Joe Biden projected US president-elect", "Joe Biden", "United States"),
        # 'US Special Representative for Iran Brian Hook'
        (
            "Iran issues arrest warrants for 36 people, including US President Trump; seeks"
            " Interpol's aid",
            "Brian Hook",
            "Iran",
        ),
    ],
)
def test_a_country_ending_a_title_is_split_from_the_name_after_it(
    title: str, person: str, country: str
) -> None:
    names = _entities(title)
    assert names[person].kind == "person" and names[country].kind == "place"
    assert f"{country} {person}" not in names


def test_a_name_spelled_out_for_an_acronym_is_an_organisation() -> None:
    # 'Médecins Sans Frontières (MSF)': three capitalised words read as a person's name.
    names = _entities("Civilian deaths as U.S. bombs hospital in Afghanistan")
    assert names["Médecins Sans Frontières"].kind == "org"


def test_a_name_ending_in_a_bodys_word_is_an_organisation() -> None:
    # Headline 'Founder of Amnesty International dies': the founder is Peter Benenson, and
    # 'Amnesty International' a body, not a person the title 'Founder' names.
    names = _entities("Founder of Amnesty International dies, aged 83")
    assert names["Peter Benenson"].kind == "person"
    assert names["Amnesty International"].kind == "org"
    assert "PeterBenenson" in _all_tags(*_article("Founder of Amnesty International dies, aged 83"))


def test_a_title_case_headline_repeated_as_the_first_line_is_not_read_as_text() -> None:
    # Extracted pages repeat the headline as the text's first line (930 of the demo's 1,067).
    title, text = _article("Colin Powell Resigns as U.S. Secretary of State, Rice Likely Successor")
    repeated = f"{title}\n\n{text}"
    assert without_repeated_title(title, repeated) == text
    tags = _all_tags(title, without_repeated_title(title, repeated))
    assert not any("Resigns" in tag for tag in tags), tags
    assert "ColinPowellResigns" in _all_tags(title, repeated)  # what the rule prevents


def test_a_sentence_case_headline_repeated_stays_in_the_text() -> None:
    # Its spans are the title's own (read as the heading); only a Title Case one is style.
    title = "Egyptian court sends three Al-Jazeera journalists to jail"
    text = f"{title}\n\nThree journalists were jailed."
    assert without_repeated_title(title, text) == text


def test_a_word_capitalised_only_to_open_a_sentence_is_not_part_of_a_name() -> None:
    # Headline 'Mockumentary Mister America has world premiere': the text says 'mockumentary'
    # and 'Mister America' on its own; #MockumentaryMisterAmerica was the tag.
    names = _entities("Mockumentary Mister America has world premiere")
    assert "Mockumentary Mister America" not in names
    assert names["Mister America"].mentions >= 4
    # A people stays whole: 'Egyptians' alone would join 'Roman Egypt'.
    assert "Ancient Egyptians" in _entities(
        "Ancient Egyptians collected wild ibis birds for sacrifice, says study"
    )


@pytest.mark.parametrize(
    ("title", "person", "junk"),
    [
        # 'Tristan Smith of University College London': where a person is from, like a place.
        (
            "Wikinews investigates disappearance of Indonesian cargo ship Namse Bangdzod",
            "Tristan Smith",
            "Tristan Smith of University College London",
        ),
        # 'the chair of the Met Foundation Ken Marsh': a body's name before the person.
        (
            "Metropolitan Police Commissioner Cressida Dick resigns amid criticism",
            "Ken Marsh",
            "Met Foundation Ken Marsh",
        ),
    ],
)
def test_a_body_is_split_from_the_person_it_names(title: str, person: str, junk: str) -> None:
    names = _entities(title)
    assert names[person].kind == "person"
    assert junk not in names


def test_a_title_of_a_body_with_no_name_is_the_body() -> None:
    # Headline 'Former Chief Operating Officer of Wikimedia Foundation is convicted felon'.
    title = "Former Chief Operating Officer of Wikimedia Foundation is convicted felon"
    names = _entities(title)
    assert "Chief Operating Officer of Wikimedia Foundation" not in names
    assert "WikimediaFoundation" in _all_tags(*_article(title))
