"""An interview's parts (questions, answers, its own furniture), on real Wikinews interviews."""

from __future__ import annotations

from newsdesk.generate.interview import Interview, interview_parts
from newsdesk.generate.sentences import Sentence, article_sentences
from tests.support.corpus import corpus_rows


def _parts(title_start: str) -> tuple[list[Sentence], Interview | None]:
    row = corpus_rows(title_start)[0]
    sentences = article_sentences(row["text"])
    return sentences, interview_parts(sentences, row["title"], "Wikinews")


def _texts(sentences: list[Sentence], indexes: frozenset[int]) -> set[str]:
    return {sentences[i].text for i in indexes}


def test_a_transcript_splits_into_questions_answers_and_furniture() -> None:
    sentences, parts = _parts("Open source game developer Perttu Ahola talks about Minetest")
    assert parts is not None
    questions = _texts(sentences, parts.questions)
    assert "((WN)) How did you find out about programming?" in questions
    # the interviewer's preamble to a question is the interviewer's, not a point
    assert "As I understand, Minetest is not just a game, and you can do more with it." in questions
    answers = _texts(sentences, parts.answers)
    # a paragraph without a label continues the answer before it
    assert "Well, we of course have an issue list and PR [pull request] list on GitHub." in answers
    assert not any(text.startswith("((") for text in answers)  # the labelled line keeps its label
    furniture = _texts(sentences, parts.furniture)
    assert any(
        text.startswith("A correspondent from French Wikinews contacted") for text in furniture
    )
    assert any(text.startswith("This interview is built on top of") for text in furniture)
    assert not furniture & answers


def test_an_interview_without_its_transcript_still_has_furniture() -> None:
    sentences, parts = _parts("Simple animals could live in Martian brines")
    assert parts is not None and not parts.answers
    furniture = _texts(sentences, parts.furniture)
    assert any(text.startswith("Wikinews also asked Stamenković how") for text in furniture)
    assert any(text.startswith("Wikinews caught up with him") for text in furniture)
    # a reply the report quotes is what he said, not furniture
    assert not any(
        text.startswith("When asked about plans for a future model") for text in furniture
    )


def test_a_labelled_question_with_a_colon_is_a_question() -> None:
    sentences, parts = _parts("Wikinews interviews Jo Jorgensen")
    assert parts is not None
    assert any(
        t.startswith("((WSS)) : Which past U.S. president")
        for t in _texts(sentences, parts.questions)
    )


def test_a_report_is_not_an_interview() -> None:
    for title in ("Finland considers tougher gun laws", "Amnesty International tells Iran to free"):
        assert _parts(title)[1] is None, title
