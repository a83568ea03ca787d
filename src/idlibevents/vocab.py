"""The fixed vocabularies the models and the counting rules share, without pydantic.

They live apart from :mod:`idlibevents.models` so that the fast read path (the cache, the
filters and the totals) can use them without importing pydantic; ``models`` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum

#: The files of a data directory, in the order they are checked and reported.
DATA_FILES: tuple[str, ...] = ("places.yaml", "actors.yaml", "sources.yaml", "events.yaml", "infobox.yaml")


class EventType(StrEnum):
    """ACLED's six event types."""

    BATTLES = "Battles"
    EXPLOSIONS = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC = "Strategic developments"


#: ACLED's 25 sub-event types, by event type.
SUB_EVENT_TYPES: dict[EventType, tuple[str, ...]] = {
    EventType.BATTLES: ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    EventType.EXPLOSIONS: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    EventType.PROTESTS: ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    EventType.RIOTS: ("Violent demonstration", "Mob violence"),
    EventType.STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


#: Outcomes that are deaths, for totals of fatalities.
FATAL_OUTCOMES: frozenset[str] = frozenset({"killed", "executed"})

#: The side each group belongs to, for totals by side and for UCDP's deaths_a/deaths_b.
GROUP_SIDE: dict[str, str] = {
    "soldiers": "government",
    "security_forces": "government",
    "police": "government",
    "government_forces": "government",
    "militia": "government",
    "rebels": "opposition",
    "defectors": "opposition",
    "civilians": "civilian",
    "protesters": "civilian",
    "journalists": "civilian",
    "aid_workers": "civilian",
    "refugees": "civilian",
    "foreign_officials": "foreign",
    "prisoners": "unknown",
    "unknown": "unknown",
}


#: A short name for each sub-event type, for narrow columns; ``--type`` accepts it too.
SHORT_TYPES: dict[str, str] = {
    "Armed clash": "armed clash",
    "Government regains territory": "regained",
    "Non-state actor overtakes territory": "overtaken",
    "Chemical weapon": "chemical",
    "Air/drone strike": "air strike",
    "Suicide bomb": "suicide bomb",
    "Shelling/artillery/missile attack": "shelling",
    "Remote explosive/landmine/IED": "explosive",
    "Grenade": "grenade",
    "Sexual violence": "sexual violence",
    "Attack": "attack",
    "Abduction/forced disappearance": "abduction",
    "Peaceful protest": "protest",
    "Protest with intervention": "intervention",
    "Excessive force against protesters": "excessive force",
    "Violent demonstration": "riot",
    "Mob violence": "mob violence",
    "Agreement": "agreement",
    "Arrests": "arrests",
    "Change to group/activity": "group change",
    "Disrupted weapons use": "disrupted use",
    "Headquarters or base established": "base set up",
    "Looting/property destruction": "looting",
    "Non-violent transfer of territory": "transfer",
    "Other": "other",
}

#: How a claim with no source is shown, everywhere (tables, totals by source, ``show``).
UNATTRIBUTED = "(unattributed)"

#: One of a group or of an item, for "1 civilian abducted" (the plural is the code's words).
SINGULAR: dict[str, str] = {
    "soldiers": "soldier",
    "security_forces": "member of the security forces",
    "police": "police officer",
    "government_forces": "member of the government forces",
    "militia": "militia member",
    "rebels": "rebel",
    "defectors": "defector",
    "civilians": "civilian",
    "protesters": "protester",
    "journalists": "journalist",
    "aid_workers": "aid worker",
    "prisoners": "prisoner",
    "refugees": "refugee",
    "foreign_officials": "foreign official",
    "unknown": "person",
    "tanks": "tank",
    "armoured_vehicles": "armoured vehicle",
    "vehicles": "vehicle",
    "helicopters": "helicopter",
    "checkpoints": "checkpoint",
    "army_posts": "army post",
    "fighters": "fighter",
    "people": "person",
}

#: The plural where the code's word is not one ("unknown" counts people).
PLURAL: dict[str, str] = {"unknown": "people"}


def counted(count: int | None, what: str) -> str:
    """``what`` (a group or item code) in the number ``count`` takes: civilian or civilians."""
    if count == 1:
        return SINGULAR.get(what, what.replace("_", " "))
    return PLURAL.get(what, what.replace("_", " "))
