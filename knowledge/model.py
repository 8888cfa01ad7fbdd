"""The things in the directory: areas, districts, partnerships, places and schools."""

from dataclasses import dataclass, field

# How sure an assignment is, from most to least.
BASES = ("corrected", "named", "district", "inferred", "unresolved")


@dataclass
class Source:
    document: str          # key into the documents table: letter, briefing or decision
    passage: str
    paragraph: str = ""


@dataclass
class Document:
    key: str
    file: str
    title: str
    short: str


@dataclass
class Area:
    id: str
    name: str
    districts: list


@dataclass
class District:
    name: str
    area_id: str
    aliases: list = field(default_factory=list)
    coordinating_group: str = ""
    partnerships_named: bool = True
    note: str = ""
    source: Source | None = None


@dataclass
class Partnership:
    id: str
    name: str
    district: str
    area_id: str
    status: str                      # proposed | option
    proposal: str = ""               # how the letter puts it, e.g. "as a working model"
    aliases: list = field(default_factory=list)
    sub_clusters: list = field(default_factory=list)
    note: str = ""
    source: Source | None = None


@dataclass
class Place:
    name: str
    district: str
    partnership_id: str | None
    basis: str                       # named | inferred | district | unresolved
    aliases: list = field(default_factory=list)
    sub_cluster: str = ""
    alternative_id: str = ""
    reason: str = ""
    source: Source | None = None


@dataclass
class Correction:
    by: str
    at: str                          # ISO time, UTC
    previous_partnership_id: str | None


@dataclass
class School:
    id: str
    name: str
    town: str
    district: str
    partnership_id: str | None
    basis: str
    urn: str = ""
    locality: str = ""
    postcode: str = ""
    phase: str = ""
    kind: str = ""                   # type of establishment
    sub_cluster: str = ""
    alternative_id: str = ""
    reason: str = ""
    correction: Correction | None = None
    ward: str = ""                   # the local-government ward (GIAS 'AdministrativeWard')
    easting: int | None = None       # British National Grid, metres
    northing: int | None = None
    aliases: list = field(default_factory=list)   # other names it goes by (e.g. the starter list's)
    data_note: str = ""              # how old the listing is, or that it changed since 2010

    @property
    def place(self) -> str:
        """Where people would say it is: the village (GIAS 'Locality') rather than the post town,
        so Horndean's schools are in Horndean, not Waterlooville."""
        return self.locality or self.town

    @property
    def is_college(self) -> bool:
        text = f"{self.phase} {self.kind} {self.name}".lower()
        return "college" in self.phase.lower() or "further education" in text or "sixth form college" in text
