"""Holds every generated sentence to its citations before anyone sees it.

Extractive output must be the cited sentence itself, verbatim, citing exactly that one
sentence, and never a sentence marked as furniture. Other methods (the later LLM mode) must
cite sentences that exist and are usable; whether the wording is supported by them is that
mode's checker to add. A problem is a one-line description; an empty list means it passed.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.generate.cited import Cited
from newsdesk.generate.sentences import Sentence

EXTRACTIVE = "extractive"


def check(outputs: Iterable[Cited], sentences: Iterable[Sentence], *, method: str) -> list[str]:
    """Problems with `outputs` against the article's sentences; [] when every one holds."""
    by_id = {s.id: s for s in sentences}
    problems: list[str] = []
    for number, output in enumerate(outputs, start=1):
        own = [c for c in output.cites if "/" not in c]
        if not output.cites:
            problems.append(f"sentence {number} cites nothing")
            continue
        missing = [c for c in own if c not in by_id]
        if missing:
            problems.append(f"sentence {number} cites unknown sentence(s) {', '.join(missing)}")
            continue
        furniture = [c for c in own if not by_id[c].usable]
        if furniture:
            problems.append(f"sentence {number} cites furniture ({', '.join(furniture)})")
        if method == EXTRACTIVE and own:
            if len(output.cites) != 1:
                problems.append(f"sentence {number}: an extracted sentence cites exactly one")
            elif by_id[own[0]].text != output.text:
                problems.append(f"sentence {number} is not verbatim sentence {own[0]}")
    return problems
