"""Entity rules: one spelling per thing, no titles, dates or sentence-opening words."""

from __future__ import annotations

import pytest

from newsdesk.analyze.entities import extract

CASES = [
    pytest.param(
        "Xi meets Biden",
        "Chinese President Xi Jinping met Joe Biden on Monday. Later, President Xi said more.",
        {"Xi Jinping": "person", "Joe Biden": "person"},
        id="titles-stripped-short-form-joins-full-name",
    ),
    pytest.param(
        "Trade talks",
        "The World Trade Organization (WTO) met in Geneva. Members of the WTO agreed.",
        {"World Trade Organization": "org", "Geneva": "place"},
        id="acronym-joins-its-name",
    ),
    pytest.param(
        "Storm hits coast",
        "U.S. officials and British ministers spoke. The US embassy in Tokyo was closed.",
        {"United States": "place", "United Kingdom": "place", "Tokyo": "place"},
        id="country-short-forms-and-demonyms",
    ),
    pytest.param(
        "Microsoft CEO Steve Ballmer speaks",
        "Microsoft CEO Steve Ballmer spoke in Seattle.",
        {"Microsoft": "topic", "Steve Ballmer": "person", "Seattle": "place"},
        id="title-inside-span-splits-it",
    ),
]


@pytest.mark.parametrize(("title", "text", "expected"), CASES)
def test_entities_have_one_spelling_and_a_kind(
    title: str, text: str, expected: dict[str, str]
) -> None:
    found = {e.name: e.kind for e in extract(title, text)}
    for name, kind in expected.items():
        assert name in found, f"{name} not in {found}"
        if kind != "topic":
            assert found[name] == kind


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param("Twin bombings hit the city on Monday.", "Twin", id="sentence-opening-word"),
        pytest.param("It happened on Monday, January 5.", "January", id="date"),
        pytest.param("However, Reuters said so.", "However", id="stop-word"),
        pytest.param("Mr. said nothing.", "Mr", id="title-alone"),
    ],
)
def test_no_entity_from_ordinary_words(text: str, absent: str) -> None:
    assert absent not in {e.name for e in extract("", text)}


def test_salience_favours_the_title_and_repetition() -> None:
    text = "Paris hosted talks. Paris was calm. A visitor from Lyon came."
    ranked = [e.name for e in extract("Talks in Paris", text)]
    assert ranked.index("Paris") < ranked.index("Lyon")


def test_a_title_counts_a_name_only_as_written() -> None:
    text = "The storm hit Hope hard, and people in Hope said so."
    found = {e.name: e for e in extract("Storm leaves a town without hope", text)}
    assert "Hope" in found and not found["Hope"].in_title
    shouted = {e.name: e for e in extract("STORM HITS HOPE", text)}
    assert shouted["Hope"].in_title


@pytest.mark.parametrize(
    ("text", "glued", "name"),
    [
        pytest.param(
            "Republican Blackwell assigns the officials. Critics say Blackwell is partisan.",
            "Republican Blackwell",
            "Blackwell",
            id="party-word",
        ),
        pytest.param(
            "Italian Silvio Berlusconi met the press. Berlusconi denied the charges.",
            "Italian Silvio Berlusconi",
            "Silvio Berlusconi",
            id="demonym",
        ),
        pytest.param(
            "Activist Joshua Wong was arrested in the morning.",
            "Activist Joshua Wong",
            "Joshua Wong",
            id="role-word",
        ),
    ],
)
def test_a_word_glued_onto_a_name_is_split_off(text: str, glued: str, name: str) -> None:
    found = {e.name for e in extract("", text)}
    assert name in found and glued not in found


def test_a_modifier_stays_when_the_article_never_writes_the_rest_alone() -> None:
    found = {e.name for e in extract("", "She won the French Open on Sunday in Paris.")}
    assert "French Open" in found


def test_an_acronym_joins_its_spelled_out_name_anywhere_in_the_article() -> None:
    text = (
        "NASA said the launch would go ahead. The National Aeronautics and Space "
        "Administration has delayed it twice. NASA engineers fixed a valve."
    )
    found = {e.name: e for e in extract("NASA to launch probe", text)}
    full = "National Aeronautics and Space Administration"
    assert full in found and "NASA" not in found and "Space Administration" not in found
    assert found[full].mentions >= 3 and found[full].in_title


def test_an_acronym_without_its_name_in_the_article_stays_as_written() -> None:
    found = {e.name for e in extract("", "NASA said the launch would go ahead. NASA agreed.")}
    assert "NASA" in found


def test_a_surname_with_its_particle_joins_the_full_name() -> None:
    text = (
        "The court summoned President José Eduardo dos Santos on Monday. Critics said "
        "President dos Santos erred."
    )
    found = {e.name: e for e in extract("", text)}
    assert "dos Santos" not in found
    assert found["José Eduardo dos Santos"].mentions == 2


def test_a_capitalised_noun_inside_a_name_stays_in_it() -> None:
    found = {
        e.name for e in extract("", "Investors sold Time Warner shares. Years later, it fell.")
    }
    assert "Time Warner" in found and "Warner" not in found and "Years" not in found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("The Qatar-based Al Jazeera aired it.", {"Qatar", "Al Jazeera"}, id="x-based"),
        pytest.param(
            "The winner was Lars Henriksson of Finland, he said.",
            {"Lars Henriksson", "Finland"},
            id="name-of-place",
        ),
        pytest.param(
            "The prime minister of Finland Matti Vanhanen spoke.",
            {"Finland", "Matti Vanhanen"},
            id="of-place-name",
        ),
        pytest.param(
            "The Bank of England met the Texas Rangers.",
            {"Bank of England", "Texas Rangers"},
            id="names-with-a-place-stay-whole",
        ),
    ],
)
def test_a_place_run_together_with_a_name_is_split_off(text: str, names: set[str]) -> None:
    found = {e.name for e in extract("", text)}
    assert names <= found


@pytest.mark.parametrize(
    ("text", "name", "fragment"),
    [
        pytest.param(
            "Finance Minister of India P. Chidambaram has been appointed. Chidambaram said so.",
            "P Chidambaram",
            "India P",
            id="initial-first",
        ),
        pytest.param(
            "John F. Kennedy was shot in Dallas. Kennedy died.",
            "John F Kennedy",
            "John F",
            id="middle",
        ),
    ],
)
def test_a_lone_initials_full_stop_does_not_cut_a_name(text: str, name: str, fragment: str) -> None:
    found = {e.name for e in extract("", text)}
    assert name in found
    assert fragment not in found


def test_a_sentence_ending_in_a_capital_letter_does_not_run_into_the_next() -> None:
    found = {e.name for e in extract("", "They lost in group A. Then John Smith spoke.")}
    assert "John Smith" in found
    assert not any(n.startswith(("A ", "Then")) for n in found)


@pytest.mark.parametrize(
    ("text", "person", "qualifier"),
    [
        ("Education Secretary Arne Duncan spoke. Duncan said.", "Arne Duncan", "Education"),
        ("Trade Minister Jane Holt resigned. Holt said.", "Jane Holt", "Trade"),
    ],
)
def test_a_portfolio_before_a_title_is_part_of_the_title(
    text: str, person: str, qualifier: str
) -> None:
    found = {e.name for e in extract("", text)}
    assert person in found
    assert qualifier not in found
