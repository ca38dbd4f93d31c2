"""Which sentences cannot stand alone, and which sentence each one leans on.

A summary line or key point must read without the sentence before it. Found by how a sentence
opens, what it refers to and where it sits, not by what it says:
- a piece of a quotation that runs over several sentences ("... whatsoever," Reeves said.
  begins inside a quote; "We need to get this killer off the street. opens one it does not
  close): out of its quote it misleads;
- a sentence that opens by pointing back ("He had pled guilty", "This comes after", "It had
  departed") or by replying ("Well, we of course have..."): without its antecedent the
  reader does not know who or what;
- a "he"/"she"/"his"/"her" before anyone is named in the sentence ("There is also evidence he
  attempted..."): the person is the previous sentence's;
- "the <noun>" for something the sentence before first brought in ("a man told the
  association..." then "... according to the man."): the definite article says "the one just
  mentioned", unless the headline names it;
- the sentence after a switch to a side story ("In related news, police are investigating a
  threat..." then "Police say they are treating the incident as a bad joke"): "the incident"
  is the side story's, not the article's.
Answers may still quote them (a reader asked, and the citation shows where they stand).
"""

from __future__ import annotations

import re

from newsdesk.analyze.lexicon import MONTHS_AND_DAYS, PERSON_TITLES, STOP_WORDS
from newsdesk.generate.question import stem
from newsdesk.generate.sentences import Sentence

_POINTS_BACK = re.compile(
    r"^(?:he|she|it|they|this|these|those|that|his|her|its|their|him|them|such|"
    r"also|however|but|and|meanwhile|instead|then|for example|for instance)\b(?!-)"
    # a reply opens by answering what was said before it
    r"|^(?:well|yes|yeah|no|nope|sure|oh|okay|ok|so|right|indeed|actually|exactly|absolutely|"
    r"of course|i mean)\s*[,.!—–]|^because (?:i|we|you|he|she|they|it)\b",
    re.IGNORECASE,
)
# A switch to a side story: what follows it in the paragraph is about that story.
_ASIDE = re.compile(
    r"^(?:in (?:related|other|separate|unrelated) news|separately|elsewhere|"
    r"in (?:a|an|another) (?:separate|related|unrelated|different) (?:\w+ )?"
    r"(?:incident|development|case|story|event|matter)|in another (?:incident|case|development))"
    r"\b",
    re.IGNORECASE,
)
_SINGULAR_PRONOUN = frozenset("he she him his her himself herself".split())  # noqa: SIM905
# Nouns for a person that a "he"/"she" later in the sentence can stand for ("The man said he").
_PERSON_NOUNS = frozenset(
    {t.lower() for t in PERSON_TITLES if t.isalpha()}
    | set(
        """man woman boy girl person child teenager father mother son daughter husband wife
        brother sister friend suspect victim driver owner official officer lawyer doctor
        candidate nominee spokesperson resident witness student teacher player fan worker
        developer founder member manager user citizen""".split()  # noqa: SIM905
    )
)
# Nouns "the" makes definite with no antecedent: there is one of each in any reader's world,
# or (incident, event, ...) they name the article's own event, whenever the word first comes.
_UNIQUE_NOUNS = frozenset(
    """air sky sea ground world public press media police government economy internet web
    country nation weather sun moon earth future past end rest top bottom front back side
    scene area region market industry military army law incident event affair episode matter
    situation""".split()  # noqa: SIM905
)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")


def quote_pieces(sentences: list[Sentence]) -> set[int]:
    """Indexes of sentences that begin inside, or leave open, a quotation of their paragraph."""
    pieces: set[int] = set()
    open_quote = False
    paragraph = -1
    for index, sentence in enumerate(sentences):
        if sentence.paragraph != paragraph:
            paragraph, open_quote = sentence.paragraph, False
        started_inside = open_quote
        open_quote = _still_open(sentence.text, open_quote)
        if started_inside or open_quote:
            pieces.add(index)
    return pieces


def _still_open(text: str, open_quote: bool) -> bool:
    """Whether a quotation is open after `text`, given whether it was open before."""
    for char in text:
        if char == '"':
            open_quote = not open_quote
        elif char == "“":
            open_quote = True
        elif char == "”":
            open_quote = False
    return open_quote


def points_back(sentence: Sentence) -> bool:
    """Whether the sentence opens with a word that needs the sentence before it."""
    return _POINTS_BACK.match(sentence.text.lstrip("\"“‘'( ")) is not None


def opens_aside(sentence: Sentence) -> bool:
    """Whether the sentence turns to a side story ("In related news, ...")."""
    return _ASIDE.match(sentence.text.lstrip("\"“‘'( ")) is not None


def leans_on(sentences: list[Sentence], title: str = "") -> dict[int, int | None]:
    """Each sentence that cannot stand alone → the sentence that makes it readable when shown
    just before it (the previous one), or None when no single sentence does (a quote piece).

    `title`: what the headline names needs no antecedent ("the gate" under "... gate fire").
    """
    names = _article_names(sentences)
    first_seen = _first_mentions(sentences, title)
    needs: dict[int, int | None] = dict.fromkeys(quote_pieces(sentences))
    for index in range(len(sentences)):
        if index not in needs and _leans_back(sentences, index, names, first_seen):
            before = index - 1
            needs[index] = before if before >= 0 and sentences[before].usable else None
    return needs


def _leans_back(
    sentences: list[Sentence], index: int, names: set[str], first_seen: dict[str, int]
) -> bool:
    sentence = sentences[index]
    if points_back(sentence):
        return True
    if index == 0:
        return False
    tokens = _TOKEN.findall(sentence.text)
    before = sentences[index - 1]
    continues_aside = (
        opens_aside(before) and before.paragraph == sentence.paragraph and not opens_aside(sentence)
    )
    return (
        continues_aside
        or _unnamed_person(sentence.text, names)
        or _just_introduced(tokens, first_seen, index)
    )


def _article_names(sentences: list[Sentence]) -> set[str]:
    """Words the article writes capitalised inside a sentence and never in lower case: names,
    so that "Auvinen had obtained a license for his..." names its "his" and "Police ..." not."""
    inside: set[str] = set()
    lower: set[str] = set()
    for sentence in sentences:
        for position, token in enumerate(_TOKEN.findall(sentence.text)):
            token = _POSSESSIVE.sub("", token)
            if token[0].isupper():
                if position > 0:
                    inside.add(token)
            else:
                lower.add(token)
    return {t for t in inside if t.lower() not in lower and t.lower() not in STOP_WORDS}


def _unnamed_person(text: str, names: set[str]) -> bool:
    """Whether a "he"/"she"/"his"/"her" has no name or person noun in the sentence to stand for:
    none before it, nor, when it sits in an opening phrase, after that phrase's comma
    ("Following his conviction, Williams became..." names him; "He later died" does not)."""
    comma = text.find(",")
    pronoun_at = -1
    for position, match in enumerate(_TOKEN.finditer(text)):
        token = match.group()
        if pronoun_at < 0 and token.lower() in _SINGULAR_PRONOUN:
            if comma < 0 or match.start() > comma:
                return True
            pronoun_at = match.start()
        elif _names_someone(token, position, names):
            return pronoun_at >= 0 and match.start() < comma
    return pronoun_at >= 0


def _names_someone(token: str, position: int, names: set[str]) -> bool:
    token = _POSSESSIVE.sub("", token)
    word = token.lower()
    if word in _PERSON_NOUNS or (word.endswith(("man", "woman")) and len(word) > 5):
        return True
    if not token[0].isupper():
        return False
    return token in names or (position > 0 and token not in MONTHS_AND_DAYS and token != "I")


def _first_mentions(sentences: list[Sentence], title: str) -> dict[str, int]:
    """Stem of each word → index of the first sentence using it; -1 for the headline's and the
    lede's, which set the scene every summary opens with ("The roof of Notre Dame caught
    fire" makes "the roof" known)."""
    lede = next((s.text for s in sentences if s.usable), "")
    words = {w.lower(): -1 for w in _TOKEN.findall(f"{title} {lede}")}
    for index, sentence in enumerate(sentences):
        for token in _TOKEN.findall(sentence.text):
            words.setdefault(token.lower(), index)
    seen: dict[str, int] = {}
    for word, index in words.items():  # each word stemmed once; the earliest form wins
        key = stem(word)
        seen[key] = min(index, seen.get(key, index))
    return seen


def _just_introduced(tokens: list[str], first_seen: dict[str, int], index: int) -> bool:
    """Whether "the <noun>" refers to a thing the previous sentence was the first to mention.

    The noun is the last of the lower-case words after "the" (English puts the head last: "the
    finance ministry" is a ministry), stopping at a past-tense verb ("the man attempted")."""
    for position, token in enumerate(tokens[:-1]):
        if token.lower() != "the":
            continue
        head = ""
        for word in tokens[position + 1 : position + 4]:
            if not word.islower() or word in STOP_WORDS or (head and word.endswith("ed")):
                break
            head = word
            if word.endswith(("'s", "’s")):  # "the fire's cause" is the fire
                break
        if len(head) >= 3 and head not in _UNIQUE_NOUNS and first_seen.get(stem(head)) == index - 1:
            return True
    return False
