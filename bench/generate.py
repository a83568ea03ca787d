"""Synthetic data folders in idlibevents' own format, for the benchmark (bench/run.py).

The shipped data has 140 events; the questions the benchmark asks ("does the query stay
faster than jq at 100,000 events?") need far more. This script writes a data folder
(events.yaml, places.yaml, actors.yaml, sources.yaml, infobox.yaml) that passes
``idlib validate`` and looks like the real file where it matters to a parser and a
validator: block-style records with flow-style claims, comment blocks between records,
summaries of one to three sentences wrapped over several lines, notes that need quoting,
interval, month and approximate dates, vague claims, subsets (``within_claim``),
unverified figures and aggregate events, at about the rates of data/events.yaml.

Actors, sources and the infobox are copied from data/. Places are the shipped ones plus,
for large datasets, generated villages with transliteration aliases, so that alias
look-ups scale too. Output depends only on ``--events``, ``--places`` and ``--seed``.

YAML is written as text, not through ``yaml.dump``: 100,000 events take seconds.

Usage: python bench/generate.py --events 100000 --seed 8 --out bench/out/data-100000
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import random
import re
import shutil
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import yaml

from idlibevents.names import normalize_name

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "data"
GENERATOR_VERSION = 1


def generator_fingerprint() -> str:
    """Version plus a hash of this file: data made by an edited generator is never reused."""
    return f"{GENERATOR_VERSION}-{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]}"


PERIOD_START = date(2011, 6, 1)
PERIOD_END = date(2012, 5, 31)

T = TypeVar("T")


class Picker:
    """A weighted choice with its cumulative weights computed once (``random.choices`` redoes them per call)."""

    def __init__(self, rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> None:
        self.rng = rng
        self.values = [v for v, _ in weighted]
        self.cum: list[float] = []
        total = 0.0
        for _, w in weighted:
            total += w
            self.cum.append(total)
        self.total = total

    def __call__(self) -> Any:
        return self.values[bisect.bisect_right(self.cum, self.rng.random() * self.total)]


# --------------------------------------------------------------------------- YAML text

_PLAIN_START_BAD = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_BAD = re.compile(r"[,\[\]{}]")
_RESERVED = re.compile(r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|no|on|off|[-+]?[0-9._:eE]+)$")


def plain_ok(text: str, flow: bool = False) -> bool:
    """Whether ``text`` can be written as a plain scalar and read back as the same string."""
    if not text or text != text.strip() or text[0] in _PLAIN_START_BAD or _RESERVED.match(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\n" in text or '"' in text:
        return False
    return not (flow and _FLOW_BAD.search(text))


def scalar(text: str, flow: bool = False) -> str:
    """A string as plain YAML when that is safe, else double-quoted (JSON strings are valid YAML)."""
    return text if plain_ok(text, flow) else json.dumps(text, ensure_ascii=False)


def block_text(key: str, text: str, indent: str = "  ", width: int = 100) -> str:
    """``key: text`` folded over several lines as the shipped summaries are, when plain is safe."""
    if not plain_ok(text):
        return f"{indent}{key}: {json.dumps(text, ensure_ascii=False)}\n"
    lines = textwrap.wrap(text, width=width, initial_indent=f"{indent}{key}: ", subsequent_indent=indent + "  ", break_long_words=False, break_on_hyphens=False)
    # A continuation line must not start with a comment sign or look like a key.
    if any(line.lstrip().startswith("#") for line in lines[1:]):
        return f"{indent}{key}: {json.dumps(text, ensure_ascii=False)}\n"
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- vocabulary

EVENT_KINDS: list[tuple[tuple[str, str, str], float]] = [
    (("Battles", "Armed clash", "clashes"), 67),
    (("Violence against civilians", "Attack", "civilians-killed"), 21),
    (("Explosions/Remote violence", "Remote explosive/landmine/IED", "roadside-bomb"), 12),
    (("Strategic developments", "Non-violent transfer of territory", "control"), 9),
    (("Battles", "Government regains territory", "army-retakes"), 7),
    (("Protests", "Peaceful protest", "protest"), 5),
    (("Strategic developments", "Change to group/activity", "defection"), 4),
    (("Strategic developments", "Other", "troop-movement"), 4),
    (("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelling"), 4),
    (("Protests", "Excessive force against protesters", "protesters-shot"), 3),
    (("Violence against civilians", "Abduction/forced disappearance", "abduction"), 2),
    (("Strategic developments", "Arrests", "arrests"), 1),
    (("Strategic developments", "Agreement", "agreement"), 1),
    (("Explosions/Remote violence", "Air/drone strike", "air-strike"), 1),
    (("Riots", "Mob violence", "mob-violence"), 0.5),
    (("Battles", "Non-state actor overtakes territory", "rebels-take"), 1),
]
OUTCOMES = [
    ("killed", 121),
    ("wounded", 18),
    ("captured", 6),
    ("defected", 5),
    ("abducted", 3),
    ("killed_or_wounded", 3),
    ("arrested", 3),
    ("executed", 3),
    ("escaped", 3),
    ("surrendered", 1),
    ("missing", 1),
]
GROUPS = [
    ("soldiers", 59),
    ("civilians", 26),
    ("rebels", 22),
    ("security_forces", 20),
    ("unknown", 10),
    ("defectors", 8),
    ("police", 7),
    ("government_forces", 5),
    ("protesters", 3),
    ("journalists", 3),
    ("aid_workers", 1),
    ("refugees", 1),
    ("foreign_officials", 1),
    ("militia", 1),
    ("prisoners", 1),
]
QUALIFIERS = [("exact", 140), ("at_least", 8), ("about", 2), ("up_to", 1), ("more_than", 1)]
CLAIMS_PER_EVENT = [(0, 30), (1, 70), (2, 29), (3, 8), (4, 2), (6, 1)]
VAGUE_WORDS = ["dozens", "a number of", "several", "many", "hundreds", "a large number", "scores", "an unknown number"]
QUANTITIES = [
    (("tanks", "destroyed"), 4),
    (("armoured_vehicles", "destroyed"), 3),
    (("vehicles", "attacked"), 3),
    (("checkpoints", "attacked"), 3),
    (("army_posts", "attacked"), 2),
    (("protesters", "crowd_size"), 3),
    (("soldiers", "force_size"), 2),
    (("fighters", "force_size"), 2),
    (("helicopters", "involved"), 1),
    (("tanks", "involved"), 2),
]
MONTH_WEIGHT = {  # the article is densest from December 2011 to March 2012
    (2011, 6): 1,
    (2011, 7): 1,
    (2011, 8): 1,
    (2011, 9): 3,
    (2011, 10): 4,
    (2011, 11): 4,
    (2011, 12): 9,
    (2012, 1): 6,
    (2012, 2): 7,
    (2012, 3): 8,
    (2012, 4): 5,
    (2012, 5): 3,
}
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]

SENTENCE_OPENERS = [
    "{att} attacked {tgt} in {place}",
    "Fighting broke out between {att} and {tgt} near {place}",
    "{att} moved against positions held by {tgt} around {place}",
    "Heavy gunfire was reported in {place} as {att} confronted {tgt}",
    "{att} shelled parts of {place} where {tgt} were said to be sheltering",
    "A convoy of {att} came under fire on the road into {place}",
    "{att} stormed a checkpoint on the outskirts of {place}",
    "Residents of {place} reported raids by {att} on several houses",
]
SENTENCE_FIGURES = [
    "{src} said {n} {group} were {outcome} in the fighting.",
    "According to {src}, {n} {group} were {outcome} that day.",
    "{src} put the toll at {n} {group} {outcome}, a figure that could not be checked independently.",
    "Later reports from {src} raised the number of {group} {outcome} to {n}.",
]
SENTENCE_AFTER = [
    "The clashes lasted several hours before the attackers withdrew toward the hills.",
    "Tanks and armoured vehicles were seen entering the town the next morning.",
    "Activists described the operation as a collective punishment for the protests of the previous week.",
    "The roads leading to the village stayed closed for two days afterwards.",
    "Several houses were burnt and shops along the main street were looted.",
    "Funerals for the dead turned into further demonstrations against the government.",
    "The army said it had restored order; opposition groups disputed the claim.",
]
COMMENTS = [
    "Coded as {etype} / {sub}: the paragraph describes {what} and names no other kind of incident.",
    "The article gives no day beyond the date of the report, so the report's date is used.",
    "Two sources give differing tolls for the same deaths; both are kept and form a range (see Counting).",
    "The place is the most specific one the article names; the province is added for look-ups.",
    "Split from the neighbouring paragraph because the actors differ (defectors vs. protesters).",
    "The figure is attributed to {src} in the article; it is not repeated in the daily toll.",
    "Vague amounts keep the article's own word in 'wording' and are not added to totals.",
    "Precision {prec}: the article places the incident {where}.",
]
CLAIM_NOTES = [
    "second day only",
    "figure given by {src} to a news agency",
    "among them two officers, according to the same report",
    "the article gives the figure without naming who was killed",
    "reported the following day; names are not given",
    "a later report raised the figure, see the next claim",
    "women and children among the dead, per the report",
    "reportedly killed while trying to defect: {src} did not confirm",
]
LOCATION_NOTES = [
    "in the vicinity of {name}",
    "the article says only that the fighting was in {name}",
    "on the road between {name} and {other}",
    "a checkpoint on the outskirts of {name}",
    'the article says only "{name}"',
    "unnamed villages around {name}; the article names none of them",
    "near the main square of {name}",
]
DISTRICTS = ["Idlib", "Ariha", "Harem", "Jisr al-Shughur", "Maarat al-Numaan"]

# Place names: a prefix, a root, and spellings of both as transliterations vary.
PREFIXES: dict[str, list[str]] = {
    "Kafr": ["Kfar", "Kafar", "Kefr"],
    "Tell": ["Tal", "Tel"],
    "Ain": ["Ein", "Ayn"],
    "Deir": ["Dayr", "Dair"],
    "Khirbet": ["Khirbat", "Khurbet"],
    "Maarat": ["Maarrat", "Ma'arat", "Maaret"],
    "Umm": ["Um", "Omm"],
    "Beit": ["Bayt", "Bait"],
    "Jisr": ["Jissr", "Jasr"],
    "Qasr": ["Kasr", "Qusr"],
    "Bab": ["Baab"],
    "Hazm": ["Hazem"],
    "": [],
}
ONSETS = ["b", "d", "f", "gh", "h", "j", "k", "kh", "l", "m", "n", "q", "r", "s", "sh", "t", "th", "z", "y", "w"]
VOWELS = ["a", "a", "i", "u", "aa", "ee", "ou"]
CODAS = ["", "", "n", "r", "l", "m", "s", "b", "t", "sh", "d", "k"]
VOWEL_VARIANTS = [("ou", "u"), ("ee", "i"), ("aa", "a"), ("u", "ou"), ("i", "ee"), ("a", "e")]


@dataclass
class Reference:
    """What the generator needs to know of the shipped reference files."""

    place_ids: list[str]
    place_names: dict[str, str]
    place_within: dict[str, str | None]
    place_kind: dict[str, str]
    place_weight: dict[str, float]
    actors_by_side: dict[str, list[str]]
    actor_names: dict[str, str]
    source_ids: list[tuple[str, float]]
    source_names: dict[str, str]
    name_keys: set[str] = field(default_factory=set)


def load_reference(shipped: Path) -> Reference:
    """Ids, names and how often the shipped events use each place and source."""

    def read(name: str) -> Any:
        with (shipped / name).open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=yaml.CSafeLoader)

    places, actors, sources, events = read("places.yaml"), read("actors.yaml"), read("sources.yaml"), read("events.yaml")
    used = Counter(p for e in events for p in e["places"][:1])
    cited = Counter(c.get("source") for e in events for c in e.get("claims", []) if c.get("source"))
    by_side: dict[str, list[str]] = {}
    for actor in actors:
        by_side.setdefault(actor["side"], []).append(actor["id"])
    keys: set[str] = set()
    for record in (*places, *actors, *sources):
        for name in (record["id"], record["name"], *record.get("aliases", [])):
            keys.add(normalize_name(name))
    # Every place gets some weight (0.3) so that rarely named places also appear.
    return Reference(
        place_ids=[p["id"] for p in places],
        place_names={p["id"]: p["name"] for p in places},
        place_within={p["id"]: p.get("within") for p in places},
        place_kind={p["id"]: p["kind"] for p in places},
        place_weight={p["id"]: used.get(p["id"], 0) + 0.3 for p in places if p["kind"] not in ("country",) and p.get("within") not in ("turkey",)},
        actors_by_side=by_side,
        actor_names={a["id"]: a["name"] for a in actors},
        source_ids=[(s["id"], cited.get(s["id"], 0) + 0.5) for s in sources],
        source_names={s["id"]: s["name"] for s in sources},
        name_keys=keys,
    )


# --------------------------------------------------------------------------- places


def _root(rng: random.Random) -> str:
    syllables = rng.choice((2, 2, 3))
    text = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables))
    return text.capitalize()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-")


def generate_places(rng: random.Random, ref: Reference, count: int) -> tuple[str, list[str]]:
    """``count`` villages with 0-3 aliases each, every name unique as look-ups compare names."""
    out: list[str] = []
    ids: list[str] = []
    taken_ids = set(ref.place_ids)
    parents = [p for p in ("idlib-governorate", "jabal-al-zawiya", "idlib-mountains") if p in ref.place_kind]
    prefixes = list(PREFIXES)
    while len(ids) < count:
        prefix = rng.choice(prefixes)
        root = _root(rng)
        article = rng.random() < 0.25
        name = " ".join(part for part in (prefix, ("al-" + root.lower()) if article else root) if part)
        key = normalize_name(name)
        ident = _slug(name)
        if key in ref.name_keys or ident in taken_ids or len(ident) < 2 or ident in ref.name_keys:
            continue
        ref.name_keys.add(key)
        ref.name_keys.add(ident)
        taken_ids.add(ident)
        aliases: list[str] = []
        wanted = rng.choice((0, 1, 1, 2, 2, 3))
        for _ in range(wanted * 3):
            if len(aliases) >= wanted:
                break
            alt_prefix = rng.choice(PREFIXES[prefix]) if PREFIXES[prefix] and rng.random() < 0.6 else prefix
            alt_root = root
            old, new = rng.choice(VOWEL_VARIANTS)
            if old in alt_root.lower() and rng.random() < 0.7:
                alt_root = alt_root.lower().replace(old, new, 1).capitalize()
            alias = " ".join(part for part in (alt_prefix, ("el-" + alt_root.lower()) if article else alt_root) if part)
            alias_key = normalize_name(alias)
            if alias_key in ref.name_keys or not alias_key:
                continue
            ref.name_keys.add(alias_key)
            aliases.append(alias)
        kind = rng.choice(("village", "village", "village", "town", "town", "area", "site"))
        parent = parents[0] if rng.random() < 0.8 or len(parents) == 1 else rng.choice(parents[1:])
        lines = [f"- id: {ident}", f"  name: {scalar(name)}"]
        if aliases:
            lines.append("  aliases:")
            lines.extend(f"    - {scalar(a)}" for a in aliases)
        else:
            lines.append("  aliases: []")
        lines.append(f"  kind: {kind}")
        district = rng.choice(DISTRICTS)
        lines.append(f"  district: {scalar(district)}")
        if rng.random() < 0.7:
            lat, lon = round(rng.uniform(35.45, 36.25), 5), round(rng.uniform(36.25, 36.95), 5)
            lines += [
                f"  latitude: {lat}",
                f"  longitude: {lon}",
                "  coordinates_source: 'synthetic point drawn by bench/generate.py inside the province; not a real location'",
            ]
            lines.append(f"  geonames_id: {rng.randint(160000, 180000)}")
        else:
            lines += [
                "  latitude: null",
                "  longitude: null",
                "  coordinates_source: 'No coordinates: a synthetic village of the benchmark, with no source to locate it.'",
                "  geonames_id: null",
            ]
        lines.append(f"  within: {parent}")
        if rng.random() < 0.4:
            lines.append(f"  note: {scalar(f'A synthetic {kind} of the {district} district, generated for the benchmark; its aliases are spelling variants.')}")
        out.append("\n".join(lines) + "\n")
        ids.append(ident)
        ref.place_names[ident] = name
        ref.place_within[ident] = parent
        ref.place_kind[ident] = kind
    header = "\n# ---------------------------------------------------------------- synthetic places (bench/generate.py)\n\n"
    return (header + "\n".join(out)) if out else "", ids


# --------------------------------------------------------------------------- events


def _section(day: date) -> str:
    if day < date(2011, 9, 1):
        return "Background"
    if (day.year, day.month) == (2012, 4):
        return "Early April 2012" if day.day <= 15 else "Late April 2012"
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _number_text(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def _count(rng: random.Random) -> int:
    # Heavy tailed as the article's figures are: mostly a handful, sometimes a hundred or more.
    return min(int(rng.paretovariate(1.1)), 400) if rng.random() < 0.9 else rng.randint(10, 250)


def _month_days(rng: random.Random, n: int) -> list[date]:
    months = Picker(rng, list(MONTH_WEIGHT.items()))
    days: list[date] = []
    for _ in range(n):
        year, month = months()
        first = date(year, month, 1)
        last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        days.append(first + timedelta(days=rng.randint(0, (last - first).days)))
    days.sort()
    return days


@dataclass
class EventWriter:
    """Writes one event after another as YAML text; keeps what ids and aggregates need."""

    rng: random.Random
    ref: Reference
    place_pick: Picker
    extra_places: list[str]
    chunks: list[str] = field(default_factory=list)
    ids: Counter[str] = field(default_factory=Counter)
    same_day: list[str] = field(default_factory=list)
    current_day: date = PERIOD_START
    aggregate_rate: float = 0.03
    current_month: tuple[int, int] = (0, 0)
    stats: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        rng = self.rng
        self.kind = Picker(rng, EVENT_KINDS)
        self.outcome = Picker(rng, OUTCOMES)
        self.group = Picker(rng, GROUPS)
        self.qualifier = Picker(rng, QUALIFIERS)
        self.n_claims = Picker(rng, CLAIMS_PER_EVENT)
        self.source = Picker(rng, self.ref.source_ids)
        self.quantity = Picker(rng, QUANTITIES)
        self.gov = self.ref.actors_by_side.get("government", [])
        self.opp = self.ref.actors_by_side.get("opposition", [])
        self.civ = self.ref.actors_by_side.get("civilian", [])

    def _place(self) -> str:
        if self.extra_places and self.rng.random() < 0.45:
            return self.rng.choice(self.extra_places)
        return str(self.place_pick())

    def _unique_id(self, base: str) -> str:
        base = base[:112].rstrip("-")
        self.ids[base] += 1
        n = self.ids[base]
        if n == 1:
            return base
        ident = f"{base}-{n}"
        while ident in self.ids:  # the suffixed form could itself be a base used before
            n += 1
            ident = f"{base}-{n}"
        self.ids[ident] += 1
        return ident

    def _claim(self, rng: random.Random, claims: list[dict[str, Any]], outcome: str | None = None) -> dict[str, Any]:
        claim: dict[str, Any] = {"outcome": outcome or self.outcome(), "group": self.group()}
        if rng.random() < 0.084:
            claim.update(count=None, qualifier="vague", wording=rng.choice(VAGUE_WORDS))
            self.stats["vague_claims"] += 1
        else:
            claim.update(count=_count(rng), qualifier=self.qualifier())
            if claim["qualifier"] != "exact" and rng.random() < 0.3:
                claim["wording"] = {"at_least": "at least", "about": "around", "up_to": "as many as", "more_than": "more than"}[claim["qualifier"]]
        claim["source"] = self.source() if rng.random() < 0.62 else None
        if rng.random() < 0.024:
            claim["unverified"] = True
        if claims and rng.random() < 0.1:
            outer = [i for i, c in enumerate(claims) if "within_claim" not in c]
            if outer:
                target = rng.choice(outer)
                claim["outcome"] = claims[target]["outcome"]
                claim["within_claim"] = target
                self.stats["within_claims"] += 1
        if rng.random() < 0.55:
            claim["note"] = rng.choice(CLAIM_NOTES).format(src=self.ref.source_names.get(claim["source"] or "", "the source"))
        return claim

    @staticmethod
    def _flow(record: dict[str, Any]) -> str:
        parts = []
        for key, value in record.items():
            if value is None:
                text = "null"
            elif isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, int):
                text = str(value)
            else:
                text = scalar(str(value), flow=True)
            parts.append(f"{key}: {text}")
        return "{" + ", ".join(parts) + "}"

    def event(self, day: date) -> None:
        rng = self.rng
        if (day.year, day.month) != self.current_month:
            self.current_month = (day.year, day.month)
            self.chunks.append(f"# ---------------------------------------------------------------- {MONTH_NAMES[day.month - 1]} {day.year}\n\n")
        roll = rng.random()
        if roll < 0.86:
            text_date, first = day.isoformat(), day
        elif roll < 0.95:
            end = min(day + timedelta(days=rng.randint(1, 10)), PERIOD_END)
            text_date, first = (f"{day.isoformat()}/{end.isoformat()}" if end > day else day.isoformat()), day
        elif roll < 0.985:
            text_date, first = day.isoformat()[:7], day.replace(day=1)
        else:
            safe = min(max(day, date(2011, 6, 15)), date(2012, 5, 15))
            text_date, first = safe.isoformat() + "~", safe
        if day != self.current_day:
            self.current_day, self.same_day = day, []

        # An aggregate is a day's toll that includes events of the same day written before it.
        aggregate = bool(self.same_day) and len(text_date) == 10 and rng.random() < self.aggregate_rate
        if aggregate:
            etype, sub, what = "Battles", "Armed clash", "daily-toll"
            places = ["idlib-governorate"] if "idlib-governorate" in self.ref.place_kind else [self._place()]
            precision = 4
        else:
            etype, sub, what = self.kind()
            primary = self._place()
            places = [primary]
            parent = self.ref.place_within.get(primary)
            if parent and parent not in ("syria", "turkey") and rng.random() < 0.3:
                places.append(parent)
            kind = self.ref.place_kind.get(primary, "village")
            precision = 4 if kind == "governorate" else (rng.choice((2, 5)) if kind in ("area", "region", "road") else rng.choice((1, 1, 1, 2)))
        ident = self._unique_id(f"{text_date.replace('/', '-').rstrip('~')}-{places[0]}-{what}")
        name = self.ref.place_names.get(places[0], places[0])

        # Actors: an attacker and a target from opposing sides, or one party.
        roles: list[tuple[str, str]] = []
        if etype in ("Battles", "Explosions/Remote violence"):
            pair = [rng.choice(self.gov), rng.choice(self.opp)]
            rng.shuffle(pair)
            roles = [(pair[0], "attacker"), (pair[1], "target")]
        elif etype == "Violence against civilians":
            roles = [(rng.choice(self.gov + self.opp), "attacker"), (rng.choice(self.civ), "target")]
        elif etype in ("Protests", "Riots"):
            roles = [(rng.choice(self.civ), "party")] + ([(rng.choice(self.gov), "attacker")] if sub != "Peaceful protest" else [])
        else:
            roles = [(rng.choice(self.gov + self.opp), "party")]
        if rng.random() < 0.15:
            extra = rng.choice(self.opp + self.gov)
            if extra not in (a for a, _ in roles):
                roles.append((extra, "party"))

        claims: list[dict[str, Any]] = []
        n_claims = max(1, int(self.n_claims())) if aggregate else int(self.n_claims())
        for _ in range(n_claims):
            claims.append(self._claim(rng, claims, "killed" if aggregate else None))
        quantities: list[dict[str, Any]] = []
        while rng.random() < 0.2:
            item, measure = self.quantity()
            quantity: dict[str, Any] = {"item": item, "measure": measure}
            if rng.random() < 0.2:
                quantity.update(count=None, qualifier="vague", wording=rng.choice(VAGUE_WORDS))
            else:
                quantity.update(count=rng.randint(1, 40) if measure != "crowd_size" else rng.randint(50, 20000), qualifier=self.qualifier())
            quantity["source"] = self.source() if rng.random() < 0.4 else None
            quantities.append(quantity)
        unverified = rng.random() < 0.02
        parts = rng.sample(self.same_day[-6:], k=min(len(self.same_day[-6:]), rng.choice((1, 1, 2)))) if aggregate else []

        # Summary: one to three sentences naming the place, the actors and a figure.
        att = self.ref.actor_names[roles[0][0]]
        tgt = self.ref.actor_names[roles[1][0]] if len(roles) > 1 else "local residents"
        sentences = [rng.choice(SENTENCE_OPENERS).format(att=att, tgt=tgt, place=name) + f" on {first.day} {MONTH_NAMES[first.month - 1]}."]
        counted = [c for c in claims if c["count"] is not None]
        if counted and rng.random() < 0.8:
            c = counted[0]
            src = self.ref.source_names.get(c["source"] or "", "Activists")
            sentences.append(
                rng.choice(SENTENCE_FIGURES).format(
                    src=src, n=_number_text(c["count"]), group=c["group"].replace("_", " "), outcome=c["outcome"].replace("_", " ")
                )
            )
        if rng.random() < 0.45:
            sentences.append(rng.choice(SENTENCE_AFTER))
        if aggregate:
            sentences.append("The day's toll for the province includes the deaths reported separately for that day.")
        summary = " ".join(sentences)

        out: list[str] = []
        if rng.random() < 0.6:
            comment = rng.choice(COMMENTS).format(
                etype=etype,
                sub=sub,
                what=what.replace("-", " "),
                src=self.ref.source_names.get(str(self.source()), "SOHR"),
                prec=precision,
                where=f"around {name}",
            )
            out.extend("# " + line + "\n" for line in textwrap.wrap(comment, 100))
        out.append(f"- id: {ident}\n  date: '{text_date}'\n  places: [{', '.join(places)}]\n  location_precision: {precision}\n")
        if rng.random() < 0.65:
            other = self.ref.place_names.get(self._place(), "the highway")
            out.append(f"  location_note: {scalar(rng.choice(LOCATION_NOTES).format(name=name, other=other))}\n")
        out.append(f"  event_type: {etype}\n  sub_event_type: {sub}\n")
        if roles:
            out.append("  actors:\n" + "".join(f"    - {{actor: {a}, role: {r}}}\n" for a, r in roles))
        if claims:
            out.append("  claims:\n" + "".join(f"    - {self._flow(c)}\n" for c in claims))
        if quantities:
            out.append("  quantities:\n" + "".join(f"    - {self._flow(q)}\n" for q in quantities))
        if unverified:
            out.append("  unverified: true\n")
        if parts:
            out.append(f"  aggregates: [{', '.join(parts)}]\n")
            self.stats["aggregate_events"] += 1
        out.append(block_text("summary", summary))
        out.append(f"  article: {{section: {_section(first)}, paragraph: {rng.randint(1, 24)}}}\n\n")
        self.chunks.append("".join(out))
        self.stats["events"] += 1
        self.stats["claims"] += len(claims)
        if not aggregate and len(text_date) == 10:
            self.same_day.append(ident)


def generate(out: Path, events: int, seed: int, extra_places: int | None = None, shipped: Path = SHIPPED) -> dict[str, Any]:
    """Write a data folder of ``events`` synthetic events into ``out``; return what was written."""
    started = time.perf_counter()
    rng = random.Random(seed)
    ref = load_reference(shipped)
    n_places = extra_places if extra_places is not None else (0 if events <= 1000 else events // 50)
    places_text, new_places = generate_places(rng, ref, n_places)
    pick = Picker(rng, sorted(ref.place_weight.items()))
    days = _month_days(rng, events)
    # Only events with an earlier event on the same day can be aggregates: scale the rate so that
    # about 3% of all events are, as in data/events.yaml (4 of 140), whatever the size.
    eligible = sum(1 for a, b in itertools.pairwise(days) if a == b) * 0.86
    writer = EventWriter(rng, ref, pick, new_places, aggregate_rate=min(0.5, 0.03 * events / max(eligible, 1.0)))
    writer.chunks.append(
        f"# Synthetic events for the idlibevents benchmark: {events} events, seed {seed}.\n"
        "# Written by bench/generate.py; the figures, places and summaries are made up.\n\n"
    )
    for day in days:
        writer.event(day)
    out.mkdir(parents=True, exist_ok=True)
    (out / "events.yaml").write_text("".join(writer.chunks), encoding="utf-8")
    shipped_places = (shipped / "places.yaml").read_text(encoding="utf-8")
    (out / "places.yaml").write_text(shipped_places.rstrip("\n") + "\n" + places_text, encoding="utf-8")
    for name in ("actors.yaml", "sources.yaml", "infobox.yaml"):
        shutil.copyfile(shipped / name, out / name)
    manifest = {
        "generator_version": generator_fingerprint(),
        "events": events,
        "seed": seed,
        "extra_places": len(new_places),
        "places": len(ref.place_ids) + len(new_places),
        "stats": dict(writer.stats),
        "events_yaml_bytes": (out / "events.yaml").stat().st_size,
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic idlibevents data folder for the benchmark.")
    parser.add_argument("--events", type=int, default=10000, help="How many events (default 10000).")
    parser.add_argument("--seed", type=int, default=8, help="Random seed; the same seed and sizes give the same files (default 8).")
    parser.add_argument(
        "--places", type=int, default=None, help="Generated places on top of the shipped ones (default: events // 50 above 1000 events, else 0)."
    )
    parser.add_argument("--out", type=Path, default=None, help="Folder to write (default bench/out/data-EVENTS).")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    out = args.out or REPO / "bench" / "out" / f"data-{args.events}"
    manifest = generate(out, args.events, args.seed, args.places)
    print(
        f"wrote {out}: {manifest['events']} events, {manifest['places']} places, {manifest['events_yaml_bytes'] / 1e6:.1f} MB events.yaml in {manifest['seconds']} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
