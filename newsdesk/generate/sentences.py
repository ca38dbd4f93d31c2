"""An article's text as numbered sentences, each marked whether it may be quoted.

Every generated sentence cites sentences by id, so ids must be stable for a given text: the
id is "<paragraph>.<sentence>" (both from 0) over the stored plain text, whose paragraphs are
separated by blank lines. Lines that are site furniture rather than reporting (captions,
bylines, datelines, disclosures, credit lines, "Read more" and share prompts, photo credits,
headings) are kept, so ids do not shift, but marked with the reason they are never picked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.ingest.attribution import find_attribution, is_attribution

# A sentence ends at . ! ? (or …) plus closing quotes/brackets, before space and a capital,
# digit or opening quote. Abbreviations and initials are rejoined afterwards.
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    (
        *("mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "col", "lt"),
        *("sgt", "capt", "cmdr", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "supt"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *(
            "no",
            "nos",
            "v",
            "vs",
            "etc",
            "inc",
            "ltd",
            "co",
            "corp",
            "dept",
            "est",
            "approx",
            "fig",
        ),
        *(
            "u.s",
            "u.k",
            "u.n",
            "e.g",
            "i.e",
            "a.m",
            "p.m",
            "d.c",
            "u.s.a",
            "ph.d",
            "op",
            "vol",
            "fig",
        ),
    )
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.[\"'”’)\]]*$")

_REASONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "caption",
        re.compile(
            r"^(?:photo|image|picture|file photo|caption|pictured|above|below|left|right|top)"
            r"s?\s*[:|(—–-]|\((?:photo|image|file)\b|^\[(?:image|photo)",
            re.IGNORECASE,
        ),
    ),
    (
        "photo credit",
        re.compile(
            r"\b(?:photo|image|picture|photograph)s?\s*(?:credit|courtesy|by)\b|"
            r"\b(?:getty images|shutterstock|afp via getty|ap photo|reuters/|epa-efe|"
            r"photograph:|credit:)|\bImage:\s",
            re.IGNORECASE,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(?i:by|written by|reporting by|editing by|additional reporting by|contributed by|"
            r"story by|words by|compiled by)\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|"
            r"in|,))*[.,]?\s*(?:[A-Z][\w ]{0,40})?$",
        ),
    ),
    (
        "disclosure",
        re.compile(
            r"^disclosure\b|\bdoes not work for, consult, own shares|\breceives? funding from\b|"
            r"\bhas no (?:financial|relevant|other) (?:interest|affiliation|relationship)|"
            r"\b(?:we|may) (?:may )?earn (?:a )?(?:commission|affiliate)|\baffiliate links?\b|"
            r"\bdeclares? no (?:competing|conflicts?)|\bconflicts? of interest\b",
            re.IGNORECASE,
        ),
    ),
    # Wiki template or link markup left by a converter ("{{byline|date..."): not prose.
    ("markup", re.compile(r"\{\{|\}\}|\[\[|\]\]")),
    # A chat client's own line in a transcript ("X made this room no longer moderated").
    (
        "chat event",
        re.compile(
            r"^\S+ (?:made this room|sets mode [+-]|has (?:joined|left) (?:#|the (?:channel|"
            r"room|chat)\b)|has quit (?:IRC|\())"
        ),
    ),
    (
        "furniture",
        re.compile(
            r"^(?:read more|read also|also read|related|see also|more on this|recommended|"
            r"sign up|subscribe|follow us|follow (?:him|her|them) on|share (?:this|on)|"
            r"click here|listen|watch|advertisement|sponsored|newsletter|get our|download the|"
            r"this story has been updated|updated|published|last updated|copyright|©|all rights)"
            r"\b|\bsign up for (?:our|the)\b|\bnewsletter\b.{0,40}\b(?:inbox|free|sign up)\b|"
            r"\bfollow us on\b|\bcookies?\b.{0,30}\b(?:accept|settings|policy)\b|"
            r"\barticle last (?:amended|updated|modified)\b",
            re.IGNORECASE,
        ),
    ),
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_ONLY = re.compile(
    r"^(?:(?:published|updated|posted)[:\s]+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s*\d{{0,4}}|\d{{1,2}}\s+{_MONTH}\s*\d{{0,4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"[\s,]*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*[A-Z]{0,4})?\s*$",
    re.IGNORECASE,
)
# "LONDON, England (Reuters) —" or "PARIS —": a place in capitals, an agency, a dash, nothing else.
_PLACE_DASH = re.compile(
    r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]*)?\s*(?:\([\w .]+\))?\s*[—–-]+\s*$"
)
_ENDS_LIKE_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
MIN_WORDS = 3
MAX_WORDS = 80


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, verbatim, with where it stands and whether it may be used."""

    id: str
    paragraph: int
    index: int
    text: str
    skip: str | None = None  # why it is never picked; None when it may be

    @property
    def usable(self) -> bool:
        return self.skip is None


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs as the store keeps them (blank-line separated), in order."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; each is a verbatim slice of the paragraph (whitespace-trimmed)."""
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        candidate = paragraph[start : match.end()].strip()
        if candidate and _ends_in_abbreviation(candidate):
            continue
        if candidate:
            pieces.append(candidate)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces


def _ends_in_abbreviation(candidate: str) -> bool:
    """Whether the text before a boundary ends in "Mr." / "U.S." / an initial, not a sentence."""
    if not candidate.endswith("."):
        return False
    match = _LAST_WORD.search(candidate)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return True
    return word.lower() in _ABBREVIATIONS


def skip_reason(sentence: str, paragraph: str, *, at_edge: bool = False) -> str | None:
    """Why this sentence must never be picked (it is furniture, not reporting), or None.

    `at_edge`: the paragraph is the first or last, where outlets put credit lines; elsewhere
    "first appeared in Wuhan" is reporting, not a credit.
    """
    line = " ".join(sentence.split())
    if at_edge and is_attribution(line):
        return "attribution"
    for reason, pattern in _REASONS:
        if pattern.search(line):
            return reason
    words = len(line.split())
    if _DATE_ONLY.match(line) or _PLACE_DASH.match(line):
        return "dateline"
    if not _ENDS_LIKE_SENTENCE.search(line) and words <= 14:
        return "heading"
    if words < MIN_WORDS:
        return "too short"
    if words > MAX_WORDS:
        return "too long"
    return None


def sentence_texts(text: str) -> list[tuple[str, str]]:
    """(id, text) of every sentence, without judging furniture: what a page's anchors need.

    The same ids as `article_sentences` (which adds the judgement, most of its cost).
    """
    return [
        (f"{p_index}.{s_index}", sentence)
        for p_index, paragraph in enumerate(paragraphs(text))
        for s_index, sentence in enumerate(split_sentences(paragraph))
    ]


def article_sentences(text: str) -> list[Sentence]:
    """Every sentence of the article with its stable id and, when it is furniture, why."""
    found: list[Sentence] = []
    credit = find_attribution(text)
    blocks = paragraphs(text)
    for p_index, paragraph in enumerate(blocks):
        pieces = split_sentences(paragraph)
        # A credit line stands alone at the top or bottom: a short paragraph at an edge.
        edge = p_index in (0, len(blocks) - 1) and len(pieces) <= 2
        reasons = [skip_reason(s, paragraph, at_edge=edge or paragraph == credit) for s in pieces]
        # A paragraph with a photo credit in it is a caption, all of it.
        caption = any(r in ("caption", "photo credit") for r in reasons) and len(paragraph) < 400
        for s_index, sentence in enumerate(pieces):
            found.append(
                Sentence(
                    id=f"{p_index}.{s_index}",
                    paragraph=p_index,
                    index=s_index,
                    text=sentence,
                    skip="caption" if caption and reasons[s_index] is None else reasons[s_index],
                )
            )
    return found
