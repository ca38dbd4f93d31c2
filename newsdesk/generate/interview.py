"""An interview's parts: whose turn each sentence is, and which lines are the interview's own
furniture rather than what the interviewee said.

An interview's news is in the interviewee's answers. Its questions, the interviewer's
preambles ("As I understand, Minetest is not just a game...") and the lines about the
interview itself ("schedules were juggled to have both", "Wikinews also asked X how...")
are not points the article makes, and a summary that lists them has said nothing.

Turns are found by speaker labels at the head of a paragraph: "((WN))", "((Perttu Ahola))",
"Q:"/"A:", or "Name:" when the same name heads two paragraphs or more. The interviewer is the
label whose turns hold the questions; a paragraph without a label continues the answer before
it, or is the answer to the question before it. Without labels (the transcript was lost, or
never kept) an article is still an interview when its headline says so, and its lines about
the interview are still furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsdesk.generate.sentences import Sentence

_BRACKETED = re.compile(r"^\s*\(\(([^()]{1,60})\)\)\s*:?")
_QA = re.compile(r"^\s*([QA])[:.]\s")
_NAMED = re.compile(r"^\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s")
# "Wikinews interviews X", "X tells Wikinews about Y", "X discusses Y with Wikinews": not "X
# tells Iran to free..." (an interviewer is named last, or before "about").
_INTERVIEW_TITLE = re.compile(
    r"(?i:\binterview)|\b(?i:tells?|talks? (?:to|with)|speaks? (?:to|with)|discuss(?:es)? .{1,80}? "
    r"with) [A-Z][\w.]*(?i: about\b| as\b| after\b|\s*$)"
)
# A line about the interview rather than its subject: the word itself, or the interviewer as
# the one acting ("Wikinews also asked...", "A correspondent ... contacted...").
_ABOUT_INTERVIEW = re.compile(
    r"\binterview(?:s|ed|er|ers|ing)?\b|\banswer(?:s|ed)? (?:\w+ ){0,3}questions\b|"
    r"^thank(?:s| you)\b",
    re.IGNORECASE,
)
_INTERVIEWER = r"(?:we|i|our (?:reporter|correspondent)|the interviewer|an? (?:\w+ )?correspondent)"
_ASKS = re.compile(
    r"\b(?:asked|asks|contacted|spoke (?:to|with)|talked (?:to|with)|caught up with|reached|"
    r"discuss(?:es|ed)?)\b",
    re.IGNORECASE,
)
MIN_ANSWER_WORDS = 8  # shorter replies ("Myself only.", "Git of course.") lean on the question


@dataclass(frozen=True)
class Interview:
    """Sentence indexes by part; `answers` are the interviewee's lines that carry no label."""

    questions: frozenset[int]
    answers: frozenset[int]
    furniture: frozenset[int]


def speaker(text: str, repeated: Counter[str] | None = None) -> str | None:
    """The speaker label a paragraph's first sentence opens with, or None."""
    for pattern in (_BRACKETED, _QA):
        match = pattern.match(text)
        if match:
            return match.group(1).strip()
    match = _NAMED.match(text)
    if match and repeated is not None and repeated[match.group(1)] >= 2:
        return match.group(1)
    return None


def interview_parts(sentences: list[Sentence], title: str, outlet: str | None) -> Interview | None:
    """The interview's parts, or None when the article is not an interview."""
    firsts = [s for s in sentences if s.index == 0]
    named = Counter(m.group(1) for s in firsts if (m := _NAMED.match(s.text)))
    labels = {s.paragraph: label for s in firsts if (label := speaker(s.text, named))}
    if len(labels) < 2 and not _INTERVIEW_TITLE.search(title):
        return None
    asker = _interviewer(sentences, labels)
    questions: set[int] = set()
    answers: set[int] = set()
    turn: str | None = None
    for index, sentence in enumerate(sentences):
        labelled = sentence.paragraph in labels
        if labelled:
            turn = labels[sentence.paragraph]
        elif turn is not None and turn == asker and sentence.index == 0:
            turn = ""  # an unlabelled paragraph after a question is its answer
        if turn is None:
            continue  # the introduction
        if turn == asker:
            questions.add(index)
        elif not (labelled and sentence.index == 0):
            answers.add(index)  # the labelled first line keeps its label: never a point
    actors = _interviewers(title, outlet)
    furniture = {
        i
        for i, s in enumerate(sentences)
        if i not in answers and i not in questions and _about_interview(s.text, actors)
    }
    return Interview(frozenset(questions), frozenset(answers), frozenset(furniture))


def _interviewer(sentences: list[Sentence], labels: dict[int, str]) -> str | None:
    """The label whose turns are most often questions (Q, WN, the reporter's initials)."""
    asked: Counter[str] = Counter()
    turns = Counter(labels.values())
    for sentence in sentences:
        label = labels.get(sentence.paragraph)
        if label is not None and sentence.text.rstrip().endswith("?"):
            asked[label] += 1
    if not asked:
        return "Q" if "Q" in turns else None
    return max(asked, key=lambda label: asked[label] / turns[label])


def _interviewers(title: str, outlet: str | None) -> list[str]:
    """Who asks: the outlet, and the name the headline gives the interviewer ("Wikinews
    interviews X", "X talks about Y with Wikinews")."""
    found = [outlet] if outlet else []
    found += re.findall(r"\b([A-Z][\w.]+) (?:interviews|talks to|speaks to|asks)\b", title)
    found += re.findall(r"\b(?:tells|to|with) ([A-Z][\w.]+)\s*$", title)
    return found


def _about_interview(text: str, actors: list[str]) -> bool:
    if _ABOUT_INTERVIEW.search(text):
        return True
    opening = " ".join(text.split()[:6])
    actor = "|".join([_INTERVIEWER, *(re.escape(a) for a in actors)])
    return bool(re.search(rf"^(?:\w+ ){{0,2}}(?:{actor})\b", opening, re.IGNORECASE)) and bool(
        _ASKS.search(text)
    )


def answer_is_statement(sentence: Sentence) -> bool:
    """Whether an answer line says something on its own: long enough to be more than a reply."""
    return len(sentence.text.split()) >= MIN_ANSWER_WORDS
