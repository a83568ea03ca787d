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
