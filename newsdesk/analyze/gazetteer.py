"""Countries, world regions and well-known places: general world knowledge in data/gazetteer.json.

Why: a news article is nearly always *somewhere*, and the country it happens in is the tag a
reader follows most. Capitalised spans alone cannot tell 'Baghdad' (a place) from 'Checkpoint'
(a word); the gazetteer can, and it knows that Baghdad lies in Iraq, so an article that names
Baghdad three times and Iraq once is still clearly about Iraq. The lists are the world's
countries, their other common names, the continents and regions news uses, capitals, US states,
Canadian provinces, Australian states and large cities: nothing derived from any eval set.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).parent / "data" / "gazetteer.json"


class Gazetteer(NamedTuple):
    countries: frozenset[str]
    aliases: dict[str, str]  # other name → the country's common name
    regions: frozenset[str]
    places: dict[str, str]  # capital, state or city → its country


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return Gazetteer(
        countries=frozenset(data["countries"]),
        aliases=dict(data["country_aliases"]),
        regions=frozenset(data["regions"]),
        places=dict(data["places"]),
    )


def is_country(name: str) -> bool:
    return name in gazetteer().countries


def is_region(name: str) -> bool:
    return name in gazetteer().regions


def country_of(name: str) -> str | None:
    """The country a known place lies in ('Baghdad' → 'Iraq'); None when not in the list."""
    return gazetteer().places.get(name)


def known_place(name: str) -> bool:
    """A country, region or listed place: a place whatever the words around it say."""
    return is_country(name) or is_region(name) or country_of(name) is not None
