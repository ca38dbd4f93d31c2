"""What kind of answer a question asks for, and whether a sentence holds one."""

from __future__ import annotations

import pytest

from newsdesk.generate.question import question_kind, wants


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        pytest.param("How old was Chirac when he died?", "age", id="age"),
        pytest.param("Where was the ship when it was attacked?", "place", id="where-before-when"),
        pytest.param("What was the name of the pilot?", "name", id="name"),
        pytest.param("What did the minister say about the deal?", "said", id="said"),
        pytest.param("How many people were hurt?", "number", id="number"),
        pytest.param("What time did the helicopter come down?", "date", id="time"),
        pytest.param("What does the report recommend?", None, id="open"),
    ],
)
def test_question_kind(question: str, kind: str | None) -> None:
    assert question_kind(question) == kind


def test_a_number_the_question_already_holds_is_not_an_answer() -> None:
    question = "How many people died in the July 7 bombings?"
    assert wants("number", "The July 7 bombings shocked London.", question) is False
    assert wants("number", "A series of bombs on July 7 killed 56 people.", question) is True


def test_an_age_is_found_in_the_ways_reports_give_it() -> None:
    for sentence in ("He was 86.", "Zamperoni, 33, worked there.", "The sixteen-year-old Swede"):
        assert wants("age", sentence, "How old is she?") is True
    assert wants("age", "He served for twelve years.", "How old is he?") is False
