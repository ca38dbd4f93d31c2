"""A reader's question: checked as hostile input, reduced to terms, and classified by kind.

`clean_question` refuses what cannot be answered honestly (nothing asked, a wall of text,
markup, another language) with a one-line message for the page or the API.
"""

from __future__ import annotations

import re
import unicodedata

from newsdesk.analyze.screen import latin_share
from newsdesk.errors import QuestionError
from newsdesk.generate.synonyms import canonical

MAX_QUESTION_CHARS = 500
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|&[a-zA-Z]+;|&#\d+;|javascript:", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOP = _wordset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom whose why will with would you your yours article story say said says tell told
    according happen happened many much did get got go went one thing things also
    going goes gone come comes came coming take takes took taken taking bring brings brought
    make makes made making give gives gave given put puts keep kept need needs needed want
    wants wanted try tries tried able way ways"""
)
_ENGLISH_CUES = _wordset(
    """what who whom whose when where why how which is are was were did do does the a an of to
    in on for and or with has have had will would can could should about by from many much
    this that he she they it his her their say said"""
)
_FOREIGN_CUES = _wordset(
    """le la les des du un une est et qui que quoi quand pourquoi comment où il elle sont dans
    pour avec sur der die das und ist wer wie warum wann wo nicht ein eine mit von el los las
    qué quién cuándo dónde por qué cómo es y del che chi cosa quando perché dove sono della
    di per non una gli"""
)


def clean_question(raw: object) -> str:
    """The question as asked, whitespace-tidied; QuestionError with a reason if unusable."""
    if not isinstance(raw, str):
        raise QuestionError("Ask a question about the article.")
    text = unicodedata.normalize("NFC", raw)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf") or c in "\n\t")
    text = " ".join(text.split())
    if not text:
        raise QuestionError("Ask a question about the article.")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"Keep the question under {MAX_QUESTION_CHARS} characters.")
    if _TAG.search(text):
        raise QuestionError("Ask in plain text: HTML is not accepted in questions.")
    words = [w.lower() for w in _WORD.findall(text)]
    if not any(any(c.isalpha() for c in w) for w in words):
        raise QuestionError("Ask a question in words about the article.")
    if not is_english(text, words):
        raise QuestionError("Questions can be answered in English only, as the article is read.")
    return text


def is_english(text: str, words: list[str]) -> bool:
    """A rough call for a short text: the script, then English against foreign function words."""
    if latin_share(text) < 0.6:
        return False
    english = sum(w in _ENGLISH_CUES for w in words)
    foreign = sum(w in _FOREIGN_CUES and w not in _ENGLISH_CUES for w in words)
    return english >= foreign if len(words) >= 3 else foreign == 0


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet "resigned"/"resigns", "cities"/"city", and a
    word's derived forms ("election"/"elected", "injury"/"injured", "vote"/"voted")."""
    return _derived(_inflected(word))


def _inflected(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# (suffix, the shortest word it is taken from, what replaces it); the first that fits applies.
_DERIVED = (
    ("ation", 8, "at"),
    ("ment", 8, ""),
    ("ion", 7, ""),
    ("er", 7, ""),
    ("ly", 6, ""),
    ("y", 6, ""),
    ("e", 4, ""),
)


def _derived(word: str) -> str:
    for _ in range(2):  # "announcement" -> "announce" -> "announc"
        for suffix, shortest, replacement in _DERIVED:
            if len(word) >= shortest and word.endswith(suffix):
                word = word[: -len(suffix)] + replacement
                break
        else:
            return word
    return word


def content_terms(text: str) -> list[str]:
    """The words that carry meaning, lower-cased and stemmed (words of one sense met as one,
    see synonyms.py), stop words dropped."""
    return [
        canonical(w) or stem(w) for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP
    ]


_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen|half|several|percent)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|yesterday|today|tomorrow|tonight|"
    r"morning|evening|night|week|month|year|decade|century|ago|since|until|earlier|later|"
    r"\d{1,2}:\d{2}|\d{1,2}\s*[ap]\.?m\.?)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_PLACE = re.compile(r"\b(?:in|at|near|from|to|outside|inside)\s+(?:the\s+)?[A-Z]")
_REASON = re.compile(
    r"\b(?:because|due to|after|since|as a result|so that|in order to|reason|caused|"
    r"following|amid|over|for)\b",
    re.IGNORECASE,
)
_SAID = re.compile(r"[\"“”]|\b(?:said|says|say|stated|told|added|according to)\b", re.IGNORECASE)
# An age: "Smith, 33,", "aged 86", "the sixteen-year-old", "He was 86."
_AGE = re.compile(
    r",\s*\d{1,3}\s*,|\baged?\s+\d{1,3}\b|\b[\w-]+[- ]years?[- ]old\b|"
    r"\b(?:is|was|are|were)\s+\d{1,3}\b(?!\s*(?:%|percent|per|[a-z]))",
    re.IGNORECASE,
)
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("age", re.compile(r"\bhow old\b|\bwhat age\b", re.IGNORECASE)),
    (
        "place",
        re.compile(
            r"\bwhere\b|\b(?:which|what) (?:city|town|village|state|province|county|district|"
            r"region|place|area|country|street|road|building|venue|hospital|prison|airport|port|"
            r"island|river)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "number",
        re.compile(
            r"\bhow (?:many|much|long|far|big|large|high|tall|often|fast|heavy)\b|"
            r"\bwhat (?:percentage|percent|number|amount|share|proportion|size)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            r"\bwhen\b|\bwhat (?:year|day|date|time|month|hours?)\b|\bhow (?:long ago|soon)\b|"
            r"\bat what (?:time|hour)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "name",
        re.compile(
            r"^\s*(?:who|whom|whose)\b|\bwho (?:is|was|were|are|did|will|has|had)\b|"
            r"\bwhat (?:is|was|are|were) (?:the |his |her |their |its )?names?\b|"
            r"\bwhat (?:is|was|are|were) .{1,40} called\b|"
            r"\bwhich (?:company|person|team|country|party|group|organi[sz]ation|university|"
            r"judge|airline|newspaper|firm|club|agency|official|minister|man|woman|film|"
            r"movie|book|song|album|ship|brand|product|race|event|award|law|bill|court)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "reason",
        re.compile(
            r"\bwhy\b|\bwhat (?:caused|led to|prompted)\b|\bfor what reason\b", re.IGNORECASE
        ),
    ),
    ("said", re.compile(r"\bwhat (?:did|does|do|has|have) .{1,60} (?:say|said)\b", re.IGNORECASE)),
)
_NEEDS = {
    "age": _AGE,
    "number": _NUMBER,
    "date": _DATE,
    "name": _NAME,
    "place": _PLACE,
    "reason": _REASON,
    "said": _SAID,
}


def question_kind(question: str) -> str | None:
    """The kind of answer asked for ("age", "place", "number", "date", "name", "reason",
    "said"), or None for an open question."""
    for kind, pattern in _KINDS:
        if pattern.search(question):
            return kind
    return None


def wants(kind: str | None, sentence: str, question: str = "") -> bool | None:
    """Whether the sentence holds the kind of answer asked for (None: the question is open).

    A number, date or name the question already holds is not an answer to it: "How many died
    in the July 7 bombings?" is not answered by the "7".
    """
    if kind is None:
        return None
    asked = {m.group(0).lower() for m in _NEEDS[kind].finditer(question)}
    return any(m.group(0).lower() not in asked for m in _NEEDS[kind].finditer(sentence))
