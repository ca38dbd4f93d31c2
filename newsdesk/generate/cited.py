"""The one output format of every generator: sentences, each citing what it rests on.

The extractive engine fills it with article sentences verbatim; an LLM mode (a later issue)
will fill the same shape with its own wording, and `citations.check` holds both to their
cites. A cite is a sentence id ("3.1") of the article itself, or "<article id>/<sentence id>"
for a sentence of another article of the same story (with the outlet that said it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

DOES_NOT_SAY = "The article does not say."
DRAWN_FROM_ARTICLE = "Drawn from the article: each sentence is quoted from it, with its place."


@dataclass(frozen=True)
class Cited:
    """One generated sentence and the ids of the sentences it rests on."""

    text: str
    cites: tuple[str, ...]
    outlet: str | None = None  # set when the cite is to another outlet's article

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["cites"] = list(self.cites)
        if self.outlet is None:
            del data["outlet"]
        return data


@dataclass(frozen=True)
class Summary:
    summary: list[Cited]
    key_points: list[Cited]
    method: str
    method_version: str
    label: str = DRAWN_FROM_ARTICLE

    def as_json(self) -> dict[str, Any]:
        return {
            "summary": [c.as_json() for c in self.summary],
            "key_points": [c.as_json() for c in self.key_points],
            "method": self.method,
            "method_version": self.method_version,
            "label": self.label,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        return cls(
            summary=[_cited(c) for c in data.get("summary", [])],
            key_points=[_cited(c) for c in data.get("key_points", [])],
            method=str(data["method"]),
            method_version=str(data["method_version"]),
            label=str(data.get("label", DRAWN_FROM_ARTICLE)),
        )


@dataclass(frozen=True)
class Answer:
    """Sentences that answer the question, or `answered` False and the plain refusal."""

    question: str
    answered: bool
    sentences: list[Cited] = field(default_factory=list)
    method: str = ""
    method_version: str = ""

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.sentences) if self.answered else DOES_NOT_SAY

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "sentences": [c.as_json() for c in self.sentences],
            "method": self.method,
            "method_version": self.method_version,
        }


def _cited(data: dict[str, Any]) -> Cited:
    return Cited(str(data["text"]), tuple(str(c) for c in data["cites"]), data.get("outlet"))


class Generator(Protocol):
    """What a generation mode provides; the extractive engine is one, an LLM mode another.

    `method_version` goes into the stored output, so changing a mode's logic or prompt makes
    every stored output of it stale.
    """

    method: str
    method_version: str

    def summarize(self, doc: Any) -> Summary: ...

    def answer(self, doc: Any, question: str) -> Answer: ...
