"""The gazetteer: every place lies in a listed country; short names and places resolve."""

from __future__ import annotations

import pytest

from newsdesk.analyze.entities import extract
from newsdesk.analyze.gazetteer import country_of, gazetteer, is_country, is_region, known_place


def test_every_place_and_alias_points_to_a_listed_country() -> None:
    data = gazetteer()
    assert set(data.places.values()) <= data.countries
    assert set(data.aliases.values()) <= data.countries
    assert not data.regions & data.countries


@pytest.mark.parametrize(
    ("place", "country"),
    [("Baghdad", "Iraq"), ("Illinois", "United States"), ("Mumbai", "India"), ("Paris", "France")],
)
def test_a_place_knows_its_country(place: str, country: str) -> None:
    assert country_of(place) == country


def test_countries_regions_and_other_words() -> None:
    assert is_country("Brazil") and is_region("Middle East") and known_place("Ontario")
    assert not known_place("Checkpoint") and country_of("Brazil") is None


def test_known_places_are_places_and_other_names_take_the_common_one() -> None:
    found = {e.name: e.kind for e in extract("", "Troops left Burma. Twin blasts hit Baghdad.")}
    assert found.get("Myanmar") == "place" and found.get("Baghdad") == "place"
