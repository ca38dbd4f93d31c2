"""A story's summary across its outlets: what they all report, and where they differ.

One event covered by several outlets is only worth a "story summary" when it says something no
single article can: which facts every outlet reports (corroborated), and which numbers the
outlets give differently. Both are extractive, like the article panel: every point is an
outlet's own sentence, verbatim, citing "<article id>/<sentence id>" for each outlet's
sentence that says the same thing, so a reader can check each outlet's wording.

Two sentences "say the same thing" when their vectors are close (all-MiniLM-L6-v2, cosine).
Outlets are counted once however many articles they have in the story, and a republished copy
of another outlet's article is not a second witness, so copies are dropped before matching:
agreement between a text and its copy is not corroboration.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsdesk.analyze.embed import get_embedder
from newsdesk.config import Settings
from newsdesk.generate.cited import Cited
from newsdesk.generate.document import Document, load_documents
from newsdesk.generate.summary import salience
from newsdesk.store.engine import Store
from newsdesk.store.generated import article_texts, get_generated, save_generated
from newsdesk.store.stories import StoryArticle, story_page

METHOD = "extractive-story"
# 2: a match giving another figure is no witness; 3: the sentence salience it ranks by marks
# down more lines that cannot stand alone (generate/context.py), so its order may change
METHOD_VERSION = "extractive-story-3"
LABEL = (
    "Drawn from the outlets' articles: each point is one outlet's sentence, quoted, with the "
    "sentences of the other outlets that report the same."
)

# Measured on real Wikinews coverage of one event (tests/generate/test_story_summary.py):
# paraphrases of one fact by two writers score 0.70-0.85, different facts of the same event
# 0.35-0.60. Disagreement needs the same statement (close) with different figures.
SAME_FACT = 0.68
SAME_STATEMENT = 0.70
MAX_POINTS = 5
MAX_DIFFERENCES = 3
COPY_SHARE = 0.5  # this share of a document's sentences found verbatim in another: a copy

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_FILLER = frozenset(
    (
        *("a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "and", "or"),
        *("was", "were", "is", "are", "be", "been", "has", "have", "had", "with", "about"),
        *("some", "than", "more", "less", "over", "under", "nearly", "almost", "around", "up"),
        "least",
    )
)
_DATE_NEAR = re.compile(rf"^\s*(?:{_MONTHS})\b|\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Difference:
    """Two outlets giving different figures in the same statement; both versions shown."""

    versions: tuple[Cited, ...]

    def as_json(self) -> dict[str, Any]:
        return {"versions": [v.as_json() for v in self.versions]}


@dataclass(frozen=True)
class StoryDigest:
    points: list[Cited]  # each: one outlet's sentence; cites every outlet's matching sentence
    differences: list[Difference]
    outlets: list[str]
    method: str = METHOD
    method_version: str = METHOD_VERSION
    label: str = LABEL
    supporters: list[list[str]] = field(default_factory=list)  # outlets behind each point

    def as_json(self) -> dict[str, Any]:
        return {
            "points": [
                {**point.as_json(), "outlets": outlets}
                for point, outlets in zip(self.points, self.supporters, strict=True)
            ],
            "differences": [d.as_json() for d in self.differences],
            "outlets": self.outlets,
            "method": self.method,
            "method_version": self.method_version,
            "label": self.label,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoryDigest:
        points = [_cited(p) for p in data.get("points", [])]
        return cls(
            points=points,
            differences=[
                Difference(tuple(_cited(v) for v in d["versions"]))
                for d in data.get("differences", [])
            ],
            outlets=[str(o) for o in data.get("outlets", [])],
            method=str(data["method"]),
            method_version=str(data["method_version"]),
            label=str(data.get("label", LABEL)),
            supporters=[[str(o) for o in p.get("outlets", [])] for p in data.get("points", [])],
        )


def _cited(data: dict[str, Any]) -> Cited:
    return Cited(str(data["text"]), tuple(str(c) for c in data["cites"]), data.get("outlet"))


@dataclass(frozen=True)
class _Sentence:
    doc: int  # index into the witnesses
    index: int  # index into that document's sentences
    vector: np.ndarray

    def cite(self, docs: Sequence[Document]) -> str:
        doc = docs[self.doc]
        return f"{doc.article_id}/{doc.sentences[self.index].id}"


def witnesses(documents: Sequence[Document]) -> list[Document]:
    """One document per outlet (the first given), copies of an earlier document left out."""
    kept: list[Document] = []
    outlets: set[str] = set()
    for doc in documents:
        outlet = doc.outlet or f"article {doc.article_id}"
        if outlet in outlets or not doc.usable or any(_copies(doc, k) for k in kept):
            continue
        outlets.add(outlet)
        kept.append(doc)
    return kept


def _copies(doc: Document, other: Document) -> bool:
    mine = {doc.sentences[i].text for i in doc.usable}
    theirs = {other.sentences[i].text for i in other.usable}
    return bool(mine) and len(mine & theirs) >= COPY_SHARE * min(len(mine), len(theirs) or 1)


def summarize_story(documents: Sequence[Document]) -> StoryDigest:
    """Points reported by two or more outlets (most outlets first) and differing figures.

    `documents` are the story's articles, earliest first (the earliest outlet's wording is the
    one quoted when several outlets say the same).
    """
    docs = witnesses(documents)
    names = [doc.outlet or f"article {doc.article_id}" for doc in docs]
    if len(docs) < 2:
        return StoryDigest(points=[], differences=[], outlets=names)
    sentences = [_Sentence(d, i, doc.vectors[i]) for d, doc in enumerate(docs) for i in doc.usable]
    matrix = np.stack([s.vector for s in sentences])
    similarity = matrix @ matrix.T
    owner = np.array([s.doc for s in sentences])
    stated = [_statement_figures(docs[s.doc].sentences[s.index].text) for s in sentences]
    points, supporters = _points(docs, names, sentences, similarity, owner, stated)
    differences = _differences(docs, sentences, similarity, owner, stated)
    return StoryDigest(points=points, differences=differences, outlets=names, supporters=supporters)


def _points(
    docs: Sequence[Document],
    names: Sequence[str],
    sentences: Sequence[_Sentence],
    similarity: np.ndarray,
    owner: np.ndarray,
    stated: Sequence[dict[str, frozenset[str]]],
) -> tuple[list[Cited], list[list[str]]]:
    """Sentences that two or more outlets report. An outlet whose closest sentence gives
    another figure for the same thing does not report it: that pair is a difference."""
    scores = {d: salience(doc) for d, doc in enumerate(docs)}
    candidates: list[tuple[int, float, int, list[int]]] = []
    for row, sentence in enumerate(sentences):
        matches = [row]
        for d in range(len(docs)):
            if d == sentence.doc:
                continue
            others = np.flatnonzero(owner == d)
            best = int(others[np.argmax(similarity[row, others])])
            if similarity[row, best] >= SAME_FACT and not _disagree(stated[row], stated[best]):
                matches.append(best)
        if len(matches) >= 2:
            value = scores[sentence.doc].get(sentence.index, 0.0)
            candidates.append((len(matches), value, row, matches))
    candidates.sort(key=lambda c: (-c[0], -c[1], sentences[c[2]].doc, c[2]))
    points: list[Cited] = []
    supporters: list[list[str]] = []
    taken: list[int] = []
    for _, _, row, matches in candidates:
        if len(points) == MAX_POINTS:
            break
        if any(similarity[row, t] >= SAME_FACT for t in taken):
            continue  # the same fact in another outlet's words is already a point
        taken.extend(matches)
        sentence = sentences[row]
        points.append(
            Cited(
                text=docs[sentence.doc].sentences[sentence.index].text,
                cites=tuple(sentences[m].cite(docs) for m in matches),
                outlet=names[sentence.doc],
            )
        )
        supporters.append([names[sentences[m].doc] for m in matches])
    return points, supporters


def figures(text: str) -> dict[str, frozenset[str]]:
    """The numbers a sentence states (without thousands separators), each with the words
    around it ("60,000 people reported dead" → {"60000": {"nearly", "people", "reported"}}).

    Not figures: days of a month ("December 26"), years (1800-2100 without a separator),
    and numbers that are part of a name ("CentOS 8", "Windows 10": right after a capitalised
    word). The words around a figure say what it counts, so two outlets' figures are compared
    only when they count the same thing.
    """
    found: dict[str, frozenset[str]] = {}
    for match in _NUMBER.finditer(text):
        raw = match.group()
        value = raw.replace(",", "")
        before, after = text[max(0, match.start() - 24) : match.start()], text[match.end() :][:24]
        if _DATE_NEAR.search(before[-12:]) or _DATE_NEAR.search(after[:12]):
            continue
        if "," not in raw and value.isdigit() and 1800 <= int(value) <= 2100:
            continue
        words_before = _WORD.findall(before)[-2:]
        if words_before and words_before[-1][:1].isupper() and before.endswith(" "):
            continue
        context = [w.lower() for w in words_before + _WORD.findall(after)[:1]]
        found[value] = frozenset(w for w in context if w not in _FILLER)
    return found


def _statement_figures(text: str) -> dict[str, frozenset[str]]:
    """Figures of a sentence that states something (a question states nothing)."""
    return {} if text.rstrip(" \"'”’)").endswith("?") else figures(text)


def _disagree(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool:
    """A figure of one that the other lacks, where the other gives another figure for the same
    thing (the words around them overlap)."""
    return any(x not in b and y not in a and a[x] & b[y] for x in a for y in b if x != y)


def _differences(
    docs: Sequence[Document],
    sentences: Sequence[_Sentence],
    similarity: np.ndarray,
    owner: np.ndarray,
    stated: Sequence[dict[str, frozenset[str]]],
) -> list[Difference]:
    found: list[tuple[float, int, int]] = []
    for a in range(len(sentences)):
        if not stated[a]:
            continue
        close = np.flatnonzero((owner > owner[a]) & (similarity[a] >= SAME_STATEMENT))
        for b in (int(i) for i in close):
            if _disagree(stated[a], stated[b]):
                found.append((float(similarity[a, b]), a, b))
    found.sort(reverse=True)
    differences: list[Difference] = []
    used: set[int] = set()
    for _, a, b in found:
        if len(differences) == MAX_DIFFERENCES:
            break
        if a in used or b in used:
            continue
        used.update((a, b))
        versions = tuple(
            Cited(
                text=docs[sentences[r].doc].sentences[sentences[r].index].text,
                cites=(sentences[r].cite(docs),),
                outlet=docs[sentences[r].doc].outlet,
            )
            for r in (a, b)
        )
        differences.append(Difference(versions))
    return differences


# --- the service: a story's digest, stored and reused until its articles change ---------------

KIND = "story-summary"
MAX_OUTLETS = 8


def story_digest(settings: Settings, store: Store, story_id: int) -> StoryDigest | None:
    """The story's digest (None when there is no such story), built at most once per change
    of its articles: stored under the story's earliest article with a hash of the texts used."""
    return fresh_story_digest(settings, store, story_id)[0]


def fresh_story_digest(
    settings: Settings, store: Store, story_id: int
) -> tuple[StoryDigest | None, bool]:
    """`story_digest`, and whether it was made now (False: the stored one was still fresh)."""
    with store.session() as session:
        page = story_page(session, story_id=story_id)
        if page is None:
            return None, False
        chosen = _earliest_per_outlet(page.timeline)
        texts = article_texts(session, article_ids=chosen)
        if not texts:
            return StoryDigest(points=[], differences=[], outlets=[]), False
        digest_hash = hashlib.sha256(
            "|".join(f"{t.id}:{t.content_hash}" for t in texts).encode()
        ).hexdigest()
        anchor = texts[0].id
        stored = get_generated(session, article_id=anchor, kind=KIND)
        if (
            stored is not None
            and stored.method_version == METHOD_VERSION
            and stored.content_hash == digest_hash
        ):
            return StoryDigest.from_json(stored.payload), False
        documents = load_documents(session, get_embedder(settings), [t.id for t in texts])
        made = summarize_story(documents)
        save_generated(
            session,
            article_id=anchor,
            kind=KIND,
            method_version=METHOD_VERSION,
            content_hash=digest_hash,
            payload=made.as_json(),
        )
    return made, True


def _earliest_per_outlet(timeline: Sequence[StoryArticle]) -> list[int]:
    """The first article of each outlet (the timeline is earliest first), at most MAX_OUTLETS."""
    seen: set[object] = set()
    chosen: list[int] = []
    for article in timeline:
        outlet = article.source_id if article.source_id is not None else ("article", article.id)
        if outlet not in seen:
            seen.add(outlet)
            chosen.append(article.id)
    return chosen[:MAX_OUTLETS]
