"""places.yaml as a gazetteer a researcher can cite: original sources only, honest points, sound chains."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from idlibevents.dataset import Dataset
from idlibevents.location import place_chain

#: Copies of Wikipedia (and other pages) that the data once cited: a researcher cannot cite them.
MIRRORS = (
    "phil-bonus-and-reviews.com",
    "piglix.com",
    "goodnames.eth.limo",
    "wiki.studentb.eu",
    "artikeldigital.com",
    "wikimili.com",
    "sagapedia.com",
    "friendlywiki.com",
    "wiki.riteme.site",
    "wikizero.org",
    "iiab.me",
    "osmarks.net",
    "ipfs",
    "qaz.wiki",
    "xcv.wiki",
    "wiki-gateway.eudic.net",
    "wikiclassic.com",
    "findatwiki.com",
    "defzone.net",
    "arietiform.com",
    "readtiger.com",
    "dorar-aliraq.net",
    "kiwix",
)

#: Hosts of original sources: the gazetteers and encyclopedias themselves, and the news and
#: monitoring sites the reference file checked.
ORIGINAL_HOSTS = {
    "www.geonames.org",
    "www.openstreetmap.org",
    "en.wikipedia.org",
    "ar.wikipedia.org",
    "fr.wikipedia.org",
    "it.wikipedia.org",
    "www.aljazeera.com",
    "archive.aawsat.com",
    "blitzquotidiano.it",
    "syrianvoice.org",
    "www.shaam.org",
    "www.syriahr.com",
    "www.zaitonmag.com",
    "www.esyria.sy",
    "bordercrossinghub.com",
}

_URL = re.compile(r"https?://[^\s,;)'\"]+")


def _texts(dataset: Dataset) -> list[tuple[str, str, str]]:
    out = []
    for place in dataset.places:
        for field in ("coordinates_source", "note"):
            value = getattr(place, field)
            if value:
                out.append((place.id, field, value))
    return out


def test_no_coordinates_source_or_note_names_a_mirror_site(dataset: Dataset) -> None:
    for pid, field, text in _texts(dataset):
        lowered = text.lower()
        for mirror in MIRRORS:
            assert mirror not in lowered, f"{pid}.{field} cites the mirror {mirror}"
        assert "wikipedia copy" not in lowered and "copy of english wikipedia" not in lowered, f"{pid}.{field}"


def test_every_cited_address_is_an_original_source(dataset: Dataset) -> None:
    for pid, field, text in _texts(dataset):
        for url in _URL.findall(text):
            assert urlsplit(url).hostname in ORIGINAL_HOSTS, f"{pid}.{field}: {url}"


def test_a_point_cites_where_it_comes_from(dataset: Dataset) -> None:
    """A point's source names a GeoNames id, a Wikipedia article or an OpenStreetMap node."""
    for place in dataset.places:
        source = place.coordinates_source or ""
        if place.has_coordinates:
            assert re.search(r"GeoNames \d+|Wikipedia '|OpenStreetMap node \d+", source), place.id
            assert not source.startswith("No coordinates"), place.id
        else:
            assert source.startswith("No coordinates"), place.id


def test_a_geonames_id_matches_the_source_cited(dataset: Dataset) -> None:
    for place in dataset.places:
        if place.geonames_id is not None:
            assert str(place.geonames_id) in (place.coordinates_source or ""), place.id


@pytest.mark.parametrize(
    ("pid", "reason"),
    [
        ("ain-al-beida", "the namesake village in Latakia has another point"),
        ("idlib-central-prison", "no source gives the prison's point"),
        ("syria", "a country is not coded to a point"),
        ("syria-turkey-border", "a line, not a point"),
        ("bab-al-hawa-road", "a line, not a point"),
    ],
)
def test_places_without_a_sourced_point_keep_none(dataset: Dataset, pid: str, reason: str) -> None:
    assert not dataset.places[pid].has_coordinates, reason


def test_within_chains_end_and_reach_a_country_or_a_border(dataset: Dataset) -> None:
    for place in dataset.places:
        chain = place_chain(dataset, place.id)
        last = chain[-1]
        assert last.within is None, f"{place.id}: the chain loops at {last.id}"
        assert last.kind == "country" or last.id == "syria-turkey-border" or place.id in ("cairo", "benghazi"), place.id


def _reference() -> dict[str, dict[str, str]]:
    """The reference rows (a copy kept in tests/fixtures/reference), by the place id their names resolve to."""
    import csv

    from .conftest import FIXTURES

    with (FIXTURES / "reference" / "idlib-places.csv").open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row for row in csv.DictReader(handle)}


def test_every_point_is_the_reference_files_point(dataset: Dataset) -> None:
    """Coordinates, GeoNames ids and districts are copied exactly; a place with no row has no point."""
    matched: set[str] = set()
    for name, row in _reference().items():
        names = [name, *(v for v in row["variants"].split(";") if v)]
        found = {p.id for n in names if (p := dataset.places.resolve(n)) is not None}
        assert len(found) == 1, (name, found)
        place = dataset.places[found.pop()]
        matched.add(place.id)
        expected = (float(row["latitude"]), float(row["longitude"])) if row["latitude"] else (None, None)
        assert (place.latitude, place.longitude) == expected, place.id
        assert place.geonames_id == (int(row["geonames_id"]) if row["geonames_id"] else None), place.id
        if row["district"]:
            assert place.district == row["district"].replace(";", "; "), place.id
    for place in dataset.places:
        if place.id not in matched:
            assert not place.has_coordinates, f"{place.id} has a point but no row in the reference file"
