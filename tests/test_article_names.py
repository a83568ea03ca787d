"""Every name the article uses for a place, actor or source (infobox included) resolves to one record.

The lists are the spellings as they appear in the article, so a user can paste any of them
into --place, --actor or --source.
"""

from __future__ import annotations

import pytest

from idlibevents.dataset import Dataset

PLACES = [
    "Idlib",
    "Idlib Governorate",
    "Idlib province",
    "Rameh",
    "Ibleen",
    "Jabal Zawiya",
    "Ehssem",
    "Maarat al-Numaan",
    "al-Habit",
    "Kafr Nabudah",
    "Ghadka",
    "Maaret Numan",
    "Kafr Nabl",
    "Saraqib",
    "al-Rami",
    "Bab al-Hawa",
    "Bab al-Hawa road",
    "Kansafra",
    "Kafr Oweid",
    "Jabal al-Zawiya",
    "al-Khudra market",
    "Jbala crossroads",
    "Jbala",
    "Khan Shaykhun",
    "Idlib central prison",
    "Zawiya hills",
    "Jisr al-Shughour",
    "Ain al-Beida",
    "Khirbet al-Joz",
    "Zawiya mountains",
    "Damascus-Aleppo highway",
    "Maarrat al-Nu'man",
    "Jebel Al-Zawiya",
    "al-Bara",
    "Abdita",
    "Iblin",
    "Balshun",
    "Saraqeb",
    "Binnish",
    "Sarmin",
    "Abu al-Thuhur Military Airport",
    "Kabani",
    "Ma'arrat an-Nu'man",
    "Darkush",
    "Jisr al-Shughur",
    "Taftanaz",
    "Zardana",
    "Ariha",
    "Homs",
    "Damascus",
    "Aleppo",
    "Cairo",
    "Turkey",
    "Syria",
    "Benghazi",
    "Mohafaza Square",
    "Mount Zawiya",
    "Idlib mountains",
    "Idlib city",
    "Airforce Intelligence complex",
    "Turkish border",
]

ACTORS = [
    "Free Syrian Army",
    "FSA",
    "Ahrar al-Sham",
    "Al-Nusra Front",
    "Free Officers Movement",
    "Syrian Government",
    "Syrian Liberation Army",
    "Martyrs of Mount Zawiya Battalion",
    "Ahrar ash-Sham Brigades",
    "Lightning Battalion",
    "Suqour al-Sham Battalion",
    "David Battalion",
    "Syrian Armed Forces",
    "Syrian Army",
    "1st Armoured Division",
    "76th Armoured Brigade",
    "5th Mechanized Division",
    "10th Mechanized Division",
    "85th Armoured Brigade",
    "11th Armoured Division",
    "15th Special Forces Division",
    "35th SF regiment",
    "41st SF regiment",
    "45th SF regiment",
    "Syrian Air Force",
    "Harmoush Battalion",
    "Shabiha",
    "Syrian Arab Red Crescent",
    "security forces",
    "army defectors",
    "deserters",
    "rebels",
    "Airforce Intelligence",
    "secret police",
    "police",
    "civilians",
    "protesters",
    "journalists",
    "Turkish military",
    "refugees",
    "Syrian security forces",
    "loyalists",
    "gunmen",
    "unknown gunmen",
    "pro-government militia",
    "army",
    "Syrian troops",
]

SOURCES = [
    "Syrian Observatory for Human Rights",
    "S.O.H.R.",
    "S.O.H.R",
    "SANA",
    "Syrian state television",
    "Reuters",
    "Alarabiya",
    "Al Jazeera",
    "AFP",
    "Syrian network for human rights",
    "Syrian National Human Rights Organisation",
    "Sky News",
    "CNN",
    "BBC",
    "CBS",
    "Der Spiegel",
    "committee to protect journalists",
    "CPJ",
    "CJP",
    "Syrian Sham radio",
    "Britain-based watchdog",
    "UK-based Syrian Observatory for Human Rights",
    "London-based activist group",
    "state media",
    "government media",
    "Syrian press agency",
    "the Observatory",
    "S.O.H.R. network",
    "Syrian state news",
    "activists",
    "opposition activists",
    "Syrian state media",
    "official Syrian state media SANA",
    "Wissam Tarif",
    "Mohammad Fizzo",
    "Alaa El Din Al Youssef",
    "Ammar Qarabi",
    "Syrian authorities",
    "Syrian government",
    "witnesses",
    "Alex Crawford",
    "Mohamed Abdel Dayem",
    "Fares",
    "opposition sources",
    "the SANA agency",
    "human rights group",
    "activist groups",
    "Syrian Arab News Agency",
]


@pytest.mark.parametrize("name", PLACES)
def test_place_names_resolve(dataset: Dataset, name: str) -> None:
    assert dataset.places.resolve(name) is not None


@pytest.mark.parametrize("name", ACTORS)
def test_actor_names_resolve(dataset: Dataset, name: str) -> None:
    assert dataset.actors.resolve(name) is not None


@pytest.mark.parametrize("name", SOURCES)
def test_source_names_resolve(dataset: Dataset, name: str) -> None:
    assert dataset.sources.resolve(name) is not None


@pytest.mark.parametrize(
    ("spellings", "ident"),
    [
        (["Maarat al-Numaan", "Maaret Numan", "Maarrat al-Nu'man", "Ma'arrat an-Nu'man"], "maarat-al-numaan"),
        (["Saraqib", "Saraqeb"], "saraqib"),
        (["Jisr al-Shughur", "Jisr al-Shughour"], "jisr-al-shughur"),
        (["Iblin", "Ibleen"], "iblin"),
        (["Jabal al-Zawiya", "Jabal Zawiya", "Jebel Al-Zawiya", "Zawiya hills", "Zawiya mountains"], "jabal-al-zawiya"),
        (["S.O.H.R.", "Syrian Observatory for Human Rights", "Britain-based watchdog", "London-based activist group"], "sohr"),
    ],
)
def test_every_spelling_names_the_same_record(dataset: Dataset, spellings: list[str], ident: str) -> None:
    for name in spellings:
        record = dataset.places.resolve(name) or dataset.sources.resolve(name)
        assert record is not None, name
        assert record.id == ident, name
