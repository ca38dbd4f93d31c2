"""Extractive summary and key points: the article's own sentences, chosen and cited.

Each usable sentence gets a salience score from three signals over its vector:
- centrality: mean cosine to the article's other sentences (LexRank's intuition without the
  iteration: on one article's 10-60 sentences the ranking is the same and it costs one
  matrix product);
- closeness to the headline, which the editor wrote as the story's one-line summary;
- position: news is written as an inverted pyramid, so the lede paragraph carries most of
  the news value, and value decays with depth;
- standing alone: a piece of a multi-sentence quotation, a sentence that opens by pointing
  back ("He had pled guilty...", "This comes after..."), a "he" before anyone is named, "the
  man" the sentence before brought in (generate/context.py) misleads or puzzles without the
  sentence it leans on, so it is marked down; a switch to a side story ("In related news")
  is another story's news, marked down too.
Sentences are then taken by maximal marginal relevance (MMR), so a second sentence that
repeats the first loses to one that adds something. The summary (2-3 lines, one paragraph in
article order) may show a line that leans only right after the line it leans on: taken once
that one is, or with it when that one is short. Key points (3-5, in article order) are list
items, so each must read alone; fewer points rather than one that leans.

An interview (generate/interview.py) is summarised from its introduction, never from its
questions or its lines about the interview itself; when the interview is the article, its key
points are the interviewee's statements, ranked without the lede's bonus (answers are its
news however deep they sit).
"""

from __future__ import annotations

import re

import numpy as np

from newsdesk.generate.cited import Cited, Summary
from newsdesk.generate.context import leans_on, opens_aside
from newsdesk.generate.document import Document
from newsdesk.generate.interview import Interview, answer_is_statement, interview_parts, speaker

METHOD = "extractive"
# 4: a line that leans on one left out is never shown (more kinds found: "he" before anyone
# is named, "the man" the line before brought in, a side story's follow-up); key points read
# alone; an interview's key points are its interviewee's statements, not its furniture
METHOD_VERSION = "extractive-4"

W_CENTRAL, W_TITLE, W_POSITION = 0.35, 0.35, 0.30
MMR_LAMBDA = 0.7
QUOTE_PENALTY = 0.08  # a quotation is colour, rarely the news itself
CONTEXT_PENALTY = 0.2  # cannot stand alone: only taken when little else is left
ASIDE_PENALTY = 0.1  # "In related news, ...": another story's news, not this one's
SHORT_ANTECEDENT_WORDS = 25  # a line worth showing may bring the short one it leans on
# An interview is the article when its answers are this share of its lines or more; below
# it, an interview appended to a report (a source's few replies) is read as the report.
ANSWERS_SHARE = 0.4
# A longer sentence is fine as a key point, heavy as a summary line; the lede is exempt, as
# it is the editor's own summary however long.
MAX_SUMMARY_WORDS = 55


def not_a_point(text: str, title: str) -> bool:
    """A sentence the answerer may quote but a summary must not: the headline repeated as the
    body's first line (it says nothing the page's title does not), a question, a line that
    introduces what follows it (ends in a colon), or a speaker-labelled line of an interview
    transcript."""
    line = text.strip()
    return line.endswith(("?", ":")) or speaker(line) is not None or _plain(line) == _plain(title)


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def salience(
    doc: Document, *, by_position: bool = True, needs: dict[int, int | None] | None = None
) -> dict[int, float]:
    """Score of each usable sentence (index → score), higher = more central news.

    `by_position` False: no lede bonus, for an interview's answers, which are its news however
    deep they sit. `needs`: generate/context.py's `leans_on`, when the caller has it."""
    usable = [i for i in doc.usable if not not_a_point(doc.sentences[i].text, doc.title)]
    usable = usable or doc.usable  # an article of questions alone is still summarised
    if not usable:
        return {}
    vectors = doc.vectors[usable]
    similarity = vectors @ vectors.T
    n = len(usable)
    centrality = (similarity.sum(axis=1) - 1.0) / max(n - 1, 1)
    to_title = vectors @ doc.title_vector if doc.title.strip() else np.zeros(n)
    scores: dict[int, float] = {}
    first_paragraph = doc.sentences[usable[0]].paragraph
    dependent = leans_on(doc.sentences, doc.title) if needs is None else needs
    for row, index in enumerate(usable):
        sentence = doc.sentences[index]
        depth = sentence.paragraph - first_paragraph
        position = 1.0 / (1.0 + depth) * (1.0 if sentence.index == 0 else 0.8) * by_position
        score = (
            W_CENTRAL * float(centrality[row])
            + W_TITLE * float(to_title[row])
            + W_POSITION * position
        )
        if _is_quote(sentence.text):
            score -= QUOTE_PENALTY
        if index in dependent:
            score -= CONTEXT_PENALTY
        if opens_aside(sentence):
            score -= ASIDE_PENALTY
        scores[index] = score
    return scores


def _is_quote(text: str) -> bool:
    return text.lstrip()[:1] in "\"“‘'"


def mmr_order(
    doc: Document,
    scores: dict[int, float],
    limit: int,
    *,
    needs: dict[int, int | None] | None = None,
    chosen: list[int] | None = None,
) -> list[int]:
    """`chosen` then up to `limit` in all, each the best trade of salience against repetition.

    With `needs`, a sentence that leans on another is taken only once that one is, and then
    without its salience's mark-down (it reads right after its antecedent); or together with
    its antecedent, when that one is short, as good as the pair's mean."""
    picked = list(chosen or [])
    remaining = set(scores) - set(picked)
    while remaining and len(picked) < limit:
        best: tuple[int, ...] = ()
        best_value = -np.inf
        for index in sorted(remaining):
            take, value = _candidate(doc, scores, index, picked, needs, limit)
            if take and value > best_value:
                best, best_value = take, value
        if not best:
            break
        picked.extend(best)
        remaining.difference_update(best)
    return picked


def _candidate(
    doc: Document,
    scores: dict[int, float],
    index: int,
    picked: list[int],
    needs: dict[int, int | None] | None,
    limit: int,
) -> tuple[tuple[int, ...], float]:
    """What taking `index` means (it alone, or its antecedent and it) and its MMR value."""
    if needs is None or index not in needs:
        return (index,), _mmr(doc, scores[index], index, picked)
    before = needs[index]
    if before is None or (before not in scores and before not in picked):
        return (), 0.0
    own = _mmr(doc, scores[index] + CONTEXT_PENALTY, index, picked)
    if before in picked:
        return (index,), own
    if (
        before in needs
        or len(picked) + 2 > limit
        or len(doc.sentences[before].text.split()) > SHORT_ANTECEDENT_WORDS
    ):
        return (), 0.0
    return (before, index), (own + _mmr(doc, scores[before], before, picked)) / 2


def _mmr(doc: Document, score: float, index: int, picked: list[int]) -> float:
    redundancy = max((float(doc.vectors[index] @ doc.vectors[j]) for j in picked), default=0)
    return MMR_LAMBDA * score - (1 - MMR_LAMBDA) * redundancy


def summary_size(usable: int) -> tuple[int, int]:
    """(summary sentences, key points) for an article with this many usable sentences."""
    summary = 3 if usable >= 10 else 2 if usable >= 3 else usable
    points = min(5, max(3, usable // 5))
    return summary, max(0, min(points, usable - summary))


def summarize(doc: Document) -> Summary:
    """The article's summary and key points, each an article sentence verbatim with its id."""
    needs = leans_on(doc.sentences, doc.title)
    scores = salience(doc, needs=needs)
    n_summary, n_points = summary_size(len(scores))
    interview = interview_parts(doc.sentences, doc.title, doc.outlet)
    lede = min(scores, default=-1)
    if interview is not None:  # the lede says who talked to whom: the one line of it kept
        off = (interview.questions | interview.furniture) - {lede}
        scores = {i: v for i, v in scores.items() if i not in off}
    told = {i: v for i, v in scores.items() if interview is None or i not in interview.answers}
    # An interview's summary is its introduction's: a reply out of its exchange is half of it
    summary = sorted(
        _pick_summary(doc, told if len(told) >= n_summary else scores, needs, n_summary, lede)
    )
    if interview is not None and len(interview.answers & set(scores)) >= ANSWERS_SHARE * len(
        scores
    ):
        said = _statements(doc, salience(doc, by_position=False, needs=needs), needs, interview)
        if len(said) >= n_points:
            scores = said
    points = sorted(_pick_points(doc, scores, needs, summary, n_points))
    return Summary(
        summary=[_cite(doc, i) for i in summary],
        key_points=[_cite(doc, i) for i in points],
        method=METHOD,
        method_version=METHOD_VERSION,
    )


def _pick_summary(
    doc: Document, scores: dict[int, float], needs: dict[int, int | None], limit: int, lede: int
) -> list[int]:
    """The summary's lines: each reads alone or right after the line it leans on, also taken
    (the summary is one paragraph, in article order). A line long for a summary is taken only
    when too few short ones are left; the lede is exempt."""
    short = {
        i: v
        for i, v in scores.items()
        if i == lede or len(doc.sentences[i].text.split()) <= MAX_SUMMARY_WORDS
    }
    chosen = mmr_order(doc, short, limit, needs=needs)
    if len(chosen) < limit:
        chosen = mmr_order(doc, scores, limit, needs=needs, chosen=chosen)
    if len(chosen) < min(limit, 2):  # an article of lines that all lean: still summarised
        chosen = mmr_order(doc, scores, limit, chosen=chosen)
    return chosen


def _pick_points(
    doc: Document,
    scores: dict[int, float],
    needs: dict[int, int | None],
    summary: list[int],
    limit: int,
) -> list[int]:
    """Key points: sentences that each read alone (a list item has no sentence before it), not
    in the summary and not repeating it; fewer points rather than ones that lean."""
    alone = {i: v for i, v in scores.items() if i not in needs and i not in summary}
    return mmr_order(doc, alone, len(summary) + limit, chosen=summary)[len(summary) :]


def _cite(doc: Document, index: int) -> Cited:
    sentence = doc.sentences[index]
    return Cited(text=sentence.text, cites=(sentence.id,))


def _statements(
    doc: Document, scores: dict[int, float], needs: dict[int, int | None], interview: Interview
) -> dict[int, float]:
    """An interview's answer lines that say something on their own, scored 0-1 among
    themselves: its key points, when it has enough of them (an interview's news is what the
    interviewee said). Without the lede's bonus their scores lie close together, and MMR
    would then take whatever differs most from the summary; spread, the most central win."""
    said = {
        i: v
        for i, v in scores.items()
        if i in interview.answers and i not in needs and answer_is_statement(doc.sentences[i])
    }
    low, high = min(said.values(), default=0.0), max(said.values(), default=0.0)
    return {i: (v - low) / (high - low or 1.0) for i, v in said.items()}
