"""News outlets an article cites as its source, told apart from the things it is about.

Reports quote other media: 'Governor Pimentel told CNN Philippines', 'Agence France-Presse
reported', 'according to the BBC'. Such an outlet is where the news came from, not what it is
about, yet counted as a name it became the article's top hashtag (#CNNPhilippines over an
earthquake in the Philippines), and a place in its name was read as a short form of it
('Philippines' joined 'CNN Philippines', 'France' and 'French' joined 'France Info'), so the
place itself lost its tag. Two rules follow (used by entities.resolve and hashtags):

- a place never joins an outlet's name as its short form: the outlet is not the place;
- an outlet every mention of which is in attribution position ('told X', 'X reported',
  'according to X', 'X said') is a source: no hashtag. One the article also names otherwise
  ('the BBC apologised for its coverage', 'BBC Director-General') or in its headline is a
  subject: kept. Only mentions that name the outlet itself count ('Washington' beside
  'Washington Post' is most often the city or its team).

Whether a name is an outlet is read from its words: a known agency or broadcaster, or a name
ending in a newspaper or broadcast word ('Jakarta Post', 'France Info', 'Kenya Television
Network').
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Agencies and broadcasters whose names carry no media word.
OUTLETS = frozenset(
    """BBC CNN Reuters AP AFP UPI Xinhua Kyodo Yonhap Interfax TASS ITAR-TASS Novosti
    NPR PBS ABC NBC CBS MSNBC CBC ITV RTÉ RTE Euronews Wikinews IRNA KCNA ANSA EFE DPA
    PTI Jazeera Arabiya CCTV NHK KBS""".split()  # noqa: SIM905 (a word list reads best as text)
)
OUTLET_NAMES = frozenset({"Associated Press", "Agence France-Presse", "Agence France Presse"})
# A name containing one of these is a medium's ('Google News Spain', 'Radio Free Asia').
MEDIA_WORDS = frozenset("News Television TV Radio Broadcasting Newspaper".split())  # noqa: SIM905
# Last words of newspaper and broadcaster names ('Washington Post', 'France Info').
MEDIA_ENDINGS = frozenset(
    """Times Post Journal Herald Tribune Gazette Telegraph Guardian Info Observer
    Chronicle Channel Press""".split()  # noqa: SIM905 (a word list reads best as text)
)

# Words right before a source: 'told X', 'according to X', 'reported by X', 'interview with X'.
_BEFORE = re.compile(
    r"(?:\b(?:told|tells|telling|tell|informed)"
    r"|\b(?:according|speaking|talking|spoke|speak|said|says|saying|confirmed|explained"
    r"|remarks|statement)\s+to"
    r"|\b(?:reported|quoted|cited|report|reports|published|broadcast|aired|interviewed"
    r"|described|projections|estimates|count),?\s+by"
    r"|\binterviews?\s+with)"
    r"\s+(?:(?:the|an?)\s+)*$",
    re.IGNORECASE,
)
# Words right after a source: 'X reported', 'X said', 'X's correspondent', 'X news agency'.
_AFTER = re.compile(
    r"^(?:\s+(?:has|had|have|is|are|was|were|also|later|earlier|today|yesterday|first))*"
    r"(?:\s+(?:reported|reports|reporting|said|says|quoted|cited|claimed|claims|wrote|writes"
    r"|reporting|published|broadcast|aired|confirmed|revealed|stated|states)\b"
    r"|\s+(?:report|reports|count|poll|survey|interview|article|projections?)\b"
    r"|['’]s\s+(?:(?:own|local|senior|chief|political)\s+)?(?:reporter|correspondent|journalist"
    r"|editor|report|reporting|website|coverage)"
    r"|['’]s\s+(?:[A-Z][\w.'’-]*\s+){1,3}(?:said|says|reported|reports|wrote|writes|told|tweeted)\b"
    r"|\s+(?:news\s+)?(?:agency|newspaper|television|broadcaster|channel|website)"
    r"\s+(?:reported|reports|said|says|quoted|cited)\b"
    r"|,\s+(?:which|who)\s+(?:\w+\s+){0,2}(?:reported|said|quoted|cited)\b)"
)


def outlet(name: str) -> bool:
    """Whether a name is a news outlet's: 'BBC', 'CNN Philippines', 'The Jakarta Post'."""
    if name in OUTLET_NAMES:
        return True
    words = name.split()
    if not words:
        return False
    return (
        any(w in OUTLETS or w in MEDIA_WORDS for w in words)
        or (len(words) > 1 and words[-1] in MEDIA_ENDINGS)
        or any(w.split("-")[-1] in OUTLETS for w in words)  # 'Al-Jazeera'
    )


def medium(form: str) -> bool:
    """Whether a form names the outlet itself ('CNN', 'the Post', 'Washington Post'), not only
    the place or owner it is named after ('Washington' of a team, 'Google', 'Philippines')."""
    return outlet(form) or form in MEDIA_ENDINGS


def sources(mentions: Iterable[tuple[str, bool]]) -> set[str]:
    """The outlets among (name, cited) mentions that are only ever cited: a place never
    joins these as their short form (found before the mentions are resolved)."""
    seen: dict[str, bool] = {}
    for name, quoted in mentions:
        if outlet(name):
            seen[name] = seen.get(name, True) and quoted
    return {name for name, only in seen.items() if only}


def cited(body: str, start: int, end: int) -> bool:
    """Whether the name at body[start:end] is in attribution position ('told X', 'X said')."""
    if body[end - 2 : end] in ("'s", "’s"):  # the span keeps its possessive: read it after
        end -= 2
    return bool(_BEFORE.search(body[max(0, start - 40) : start])) or bool(
        _AFTER.match(body[end : end + 80])
    )
