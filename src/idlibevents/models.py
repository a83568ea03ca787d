"""The data model: one pydantic class per kind of record in ``data/``.

Field order here is the key order of the data files and of every export, and the
codebook (docs/codebook.md) documents each field in this order. Models check what one
record can check on its own; rules that span records or files (ids that must exist,
aliases that must be unique) live in :mod:`idlibevents.integrity`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .edtf import APPROXIMATE_SLACK, DateSpan, EdtfError, parse_edtf
from .vocab import FATAL_OUTCOMES as FATAL_OUTCOMES  # re-exported: they were defined here first
from .vocab import GROUP_SIDE as GROUP_SIDE
from .vocab import SUB_EVENT_TYPES as SUB_EVENT_TYPES
from .vocab import EventType as EventType

#: The period the dataset covers; every event date must fall inside it.
PERIOD_START = date(2011, 6, 1)
PERIOD_END = date(2012, 5, 31)

Slug = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=2, max_length=120, description="A stable lower-case id: letters, digits and single hyphens."),
]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=300)]


class Record(BaseModel):
    """Common configuration: unknown fields are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, str_strip_whitespace=False)


# --------------------------------------------------------------------------- enums


SubEventType = Literal[
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]

Outcome = Literal[
    "killed",
    "wounded",
    "killed_or_wounded",
    "captured",
    "abducted",
    "arrested",
    "executed",
    "defected",
    "surrendered",
    "escaped",
    "missing",
]
"""What happened to the people a claim counts. ``executed`` is counted among deaths."""

Group = Literal[
    "soldiers",
    "security_forces",
    "police",
    "government_forces",
    "militia",
    "rebels",
    "defectors",
    "civilians",
    "protesters",
    "journalists",
    "aid_workers",
    "prisoners",
    "refugees",
    "foreign_officials",
    "unknown",
]
"""Who a claim counts, as the article describes them (not as we would re-label them)."""

Qualifier = Literal["exact", "at_least", "about", "up_to", "more_than", "vague"]
"""How the article states a number: "at least 111" is ``at_least``; "dozens" is ``vague``."""

Role = Literal["attacker", "target", "party"]
Side = Literal["government", "opposition", "civilian", "unknown", "foreign"]

QuantityItem = Literal[
    "tanks",
    "armoured_vehicles",
    "vehicles",
    "helicopters",
    "checkpoints",
    "army_posts",
    "soldiers",
    "fighters",
    "protesters",
    "people",
]
QuantityMeasure = Literal["destroyed", "captured", "attacked", "involved", "crowd_size", "force_size"]

PlaceKind = Literal["city", "town", "village", "area", "site", "crossing", "road", "governorate", "region", "country", "camp"]
ActorKind = Literal[
    "government",
    "armed_forces",
    "army",
    "air_force",
    "division",
    "brigade",
    "regiment",
    "security_service",
    "police",
    "militia",
    "rebel_army",
    "battalion",
    "rebel_group",
    "defectors",
    "civilians",
    "journalists",
    "organisation",
    "person",
]
SourceKind = Literal[
    "human_rights_monitor",
    "state_media",
    "news_agency",
    "broadcaster",
    "newspaper",
    "activist",
    "opposition",
    "government",
    "ngo",
    "witness",
]
Alignment = Literal["independent", "pro_government", "pro_opposition", "unknown"]


# --------------------------------------------------------------------------- events


class ArticleRef(Record):
    """Where in the article the event is reported."""

    section: ShortText = Field(description="The exact heading of the article section, e.g. 'December 2011'; 'Lead' for the paragraphs before Background; 'Infobox' for the infobox.")
    paragraph: int = Field(ge=1, le=100, description="1-based paragraph index within that section.")


class ActorRole(Record):
    """An actor's part in one event."""

    actor: Slug = Field(description="An id from actors.yaml.")
    role: Role = Field(description="attacker, target, or party (took part, neither side clearly the attacker).")


class Claim(Record):
    """One figure for people, as the article reports it and with who reported it."""

    outcome: Outcome
    group: Group
    count: int | None = Field(ge=0, description="The number stated; null when the article gives only a vague amount.")
    qualifier: Qualifier = Field(description="How the number is stated; 'vague' exactly when count is null.")
    wording: ShortText | None = Field(default=None, description="The article's own word for a vague or hedged amount ('dozens', 'a number of').")
    source: Slug | None = Field(description="An id from sources.yaml; null when the article names no source for this figure.")
    unverified: bool = Field(default=False, description="True when the article says this figure could not be verified or confirmed.")
    within_claim: int | None = Field(
        default=None,
        ge=0,
        description="Index (from 0) of another claim of the same event that already counts these people: a subset or breakdown ('two officers among the five dead'). Kept for the record, never added to totals.",
    )
    note: Text | None = Field(default=None, description="Names, context, or the coding decision behind this claim.")

    @model_validator(mode="after")
    def _vague_iff_no_count(self) -> Claim:
        if self.count is None and self.qualifier != "vague":
            raise ValueError("count is null, so qualifier must be 'vague' (keep the article's word in 'wording')")
        if self.count is not None and self.qualifier == "vague":
            raise ValueError("qualifier 'vague' is for claims without a number; give count: null or another qualifier")
        if self.qualifier == "vague" and self.wording is None:
            raise ValueError("a vague claim keeps the article's word in 'wording' (e.g. 'dozens')")
        return self


class Quantity(Record):
    """A number that is not about people harmed: vehicles destroyed, crowd or force sizes."""

    item: QuantityItem
    measure: QuantityMeasure
    count: int | None = Field(ge=0)
    qualifier: Qualifier
    wording: ShortText | None = None
    source: Slug | None
    note: Text | None = None

    @model_validator(mode="after")
    def _vague_iff_no_count(self) -> Quantity:
        if (self.count is None) != (self.qualifier == "vague"):
            raise ValueError("count is null exactly when qualifier is 'vague'")
        return self


class Event(Record):
    """One dated incident at a place or area, with every figure the article gives for it."""

    id: Slug = Field(description="Stable unique slug: date, place, what happened.")
    date: ShortText = Field(description="EDTF level 0-1: '2011-09-08', '2011-10-05~', '2012-01', '2012-01-21/2012-01-31'.")
    places: list[Slug] = Field(min_length=1, description="Ids from places.yaml, most specific first.")
    location_precision: int = Field(ge=1, le=7, description="UCDP where_prec: 1 exact place ... 7 international waters/airspace.")
    location_note: Text | None = Field(default=None, description="Where exactly, in words, when the places alone would mislead ('between X and Y').")
    event_type: EventType
    sub_event_type: SubEventType
    actors: list[ActorRole] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    unverified: bool = Field(default=False, description="True when the article says the event itself could not be verified.")
    aggregates: list[Slug] = Field(default_factory=list, description="Ids of events whose figures this event's figures already include.")
    summary: Text = Field(description="What happened, in our own words.")
    article: ArticleRef

    @field_validator("date")
    @classmethod
    def _date_is_edtf_in_period(cls, value: str) -> str:
        try:
            span = parse_edtf(value)
        except EdtfError as exc:
            raise ValueError(str(exc)) from None
        margin = APPROXIMATE_SLACK[span.precision] if span.approximate else timedelta(0)
        if span.earliest + margin < PERIOD_START or span.latest - margin > PERIOD_END:
            raise ValueError(f"{value!r} falls outside the dataset's period {PERIOD_START}..{PERIOD_END}")
        return value

    @model_validator(mode="after")
    def _claims_within_claims(self) -> Event:
        for index, claim in enumerate(self.claims):
            if claim.within_claim is None:
                continue
            target = claim.within_claim
            if target == index or target >= len(self.claims):
                raise ValueError(f"claims[{index}].within_claim {target} must name another claim of this event (0..{len(self.claims) - 1})")
            outer = self.claims[target]
            if outer.within_claim is not None:
                raise ValueError(f"claims[{index}].within_claim {target} names a claim that is itself within another; point at the outermost one")
            if outer.outcome != claim.outcome:
                raise ValueError(f"claims[{index}].within_claim {target}: a subset has the outcome of the claim it is within ({outer.outcome}, not {claim.outcome})")
        return self

    @model_validator(mode="after")
    def _sub_type_belongs_to_type(self) -> Event:
        if self.sub_event_type not in SUB_EVENT_TYPES[self.event_type]:
            allowed = ", ".join(SUB_EVENT_TYPES[self.event_type])
            raise ValueError(f"sub_event_type {self.sub_event_type!r} is not a sub-type of {self.event_type.value!r} (allowed: {allowed})")
        if self.id in self.aggregates:
            raise ValueError("an event cannot aggregate itself")
        return self

    def sources(self) -> set[str]:
        """Ids of every source the event's claims and quantities cite."""
        return {c.source for c in self.claims if c.source} | {q.source for q in self.quantities if q.source}

    @property
    def span(self) -> DateSpan:
        """The earliest and latest possible day, and the precision, of :attr:`date`."""
        return parse_edtf(self.date)


# --------------------------------------------------------------------------- reference files


class Place(Record):
    """A named place the article mentions, with sourced coordinates or none."""

    id: Slug
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list, description="Every other spelling the article uses, and common transliterations.")
    kind: PlaceKind
    district: ShortText | None = Field(default=None, description="Idlib Governorate district (or governorate/country note) as the reference source states it.")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    coordinates_source: Text | None = Field(default=None, description="Where the coordinates come from; when they are null, why.")
    geonames_id: int | None = Field(default=None, ge=1)
    within: Slug | None = Field(default=None, description="A larger place that contains this one.")
    note: Text | None = None

    @model_validator(mode="after")
    def _coordinates_paired_and_sourced(self) -> Place:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude are given together or not at all")
        if self.coordinates_source is None:
            raise ValueError("coordinates_source is required: cite the source, or say why there are no coordinates")
        if self.within == self.id:
            raise ValueError("a place cannot be within itself")
        return self

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Actor(Record):
    """An armed group, unit, institution or category of people that takes part in events."""

    id: Slug
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list)
    side: Side
    kind: ActorKind
    parent: Slug | None = Field(default=None, description="The actor this one is part of (a battalion of the FSA, a brigade of a division).")
    note: Text | None = None

    @model_validator(mode="after")
    def _not_own_parent(self) -> Actor:
        if self.parent == self.id:
            raise ValueError("an actor cannot be its own parent")
        return self


class Source(Record):
    """Who a figure or report is attributed to in the article."""

    id: Slug
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list)
    kind: SourceKind
    alignment: Alignment
    note: Text | None = None


# --------------------------------------------------------------------------- infobox


class DateRange(Record):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError("end comes before start")
        return self


class InfoboxResult(Record):
    text: Text = Field(description="The result line, paraphrased.")
    counter_offensive_by: Slug | None = Field(default=None, description="Actor id that launched the counter-offensive.")
    control_taken_by: Slug | None = Field(default=None, description="Actor id that took control of the towns.")
    towns: list[Slug] = Field(default_factory=list, description="Place ids of the towns named in the result.")


class InfoboxCommander(Record):
    name: ShortText
    side: Literal[1, 2]
    rank: ShortText | None = None
    unit: Slug | None = Field(default=None, description="Actor id of the unit the infobox names beside the commander.")
    killed_in_action: bool = False
    note: Text | None = None


class InfoboxStrength(Record):
    side: Literal[1, 2]
    what: Literal["fighters", "soldiers", "tanks"]
    count: int | None = Field(default=None, ge=0)
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    actor: Slug | None = Field(default=None, description="Actor id the figure is for, when narrower than the whole side.")
    place: Slug | None = Field(default=None, description="Place id the figure is for, when the infobox names an area.")
    note: Text | None = None

    @model_validator(mode="after")
    def _count_or_range(self) -> InfoboxStrength:
        has_range = self.low is not None or self.high is not None
        if (self.count is None) == (not has_range):
            raise ValueError("give either count or low and high")
        if has_range and (self.low is None or self.high is None or self.high < self.low):
            raise ValueError("a range needs low <= high")
        return self


class InfoboxCasualties(Record):
    side: Literal[1, 2]
    count: int | None = Field(ge=0, description="Null when the infobox says 'Unknown'.")
    qualifier: Qualifier
    wording: ShortText | None = None
    what: ShortText = Field(description="What is counted, e.g. 'opposition fighters and defectors killed'.")
    claimed_by: Slug | None = Field(default=None, description="Source id of who claims the figure.")


class InfoboxSide(Record):
    side: Literal[1, 2]
    combatants: list[Slug] = Field(description="Actor ids listed as combatants.")
    units: list[Slug] = Field(default_factory=list, description="Actor ids listed as units; their hierarchy is in actors.yaml.")


class Infobox(Record):
    """Every field of the article's infobox, typed and linked to the reference files."""

    conflict: ShortText
    part_of: list[ShortText]
    dates: DateRange
    places: list[Slug]
    result: InfoboxResult
    sides: list[InfoboxSide] = Field(min_length=2, max_length=2)
    commanders: list[InfoboxCommander]
    strength: list[InfoboxStrength]
    casualties: list[InfoboxCasualties]
    article: ArticleRef


#: The data files and the model of their records (a list of records, or one mapping).
FILE_MODELS: dict[str, type[Record]] = {
    "events.yaml": Event,
    "places.yaml": Place,
    "actors.yaml": Actor,
    "sources.yaml": Source,
    "infobox.yaml": Infobox,
}
