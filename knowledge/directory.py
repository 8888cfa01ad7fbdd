"""The partnership directory: loads the data files and answers questions about them."""

from collections import Counter
from pathlib import Path

import yaml

from .lookup import NameFinder, SchoolFinder, SchoolMatch
from .model import Area, Correction, District, Document, Partnership, Place, School, Source
from .placement import Placement, place_school
from .school_list import read_schools, school_id
from .text import simplify

DATA = Path(__file__).parent / "data"


def _source(raw) -> Source | None:
    if not raw:
        return None
    return Source(document=raw["document"], passage=raw["passage"], paragraph=str(raw.get("paragraph", "")))


class Directory:
    def __init__(self, documents, areas, districts, partnerships, places, schools, facts, wards=()):
        self.documents: dict[str, Document] = documents
        self.areas: dict[str, Area] = areas
        self.districts: dict[str, District] = districts
        self.partnerships: dict[str, Partnership] = partnerships
        self.places: dict[str, Place] = {simplify(p.name): p for p in places}
        for place in places:
            for alias in place.aliases:
                self.places[simplify(alias)] = place
        self.facts: dict = facts
        # (district, simplified ward) -> the ward as a Place: the splits decided ward by ward.
        self.wards: dict[tuple, Place] = {(w.district, simplify(w.name)): w for w in wards}
        self.schools: dict[str, School] = {s.id: s for s in schools}
        self._school_finder = SchoolFinder(list(self.schools.values()))
        self._partnership_finder = NameFinder(
            {p.id: [p.name, *p.aliases] for p in partnerships.values()})
        self._district_finder = NameFinder({d.name: [d.name, *d.aliases] for d in districts.values()})
        self._area_finder = NameFinder({a.id: _area_names(a) for a in areas.values()})
        self._place_finder = NameFinder(self._place_names())

    # ---- placement -------------------------------------------------------------------------

    def single_partnerships(self) -> dict[str, str]:
        """Districts with exactly one partnership -> that partnership's id."""
        by_district = Counter(p.district for p in self.partnerships.values())
        return {p.district: p.id for p in self.partnerships.values() if by_district[p.district] == 1}

    def place_school(self, town: str, locality: str, district: str, ward: str = "") -> Placement:
        notes = {d.name: d.note for d in self.districts.values() if not d.partnerships_named}
        return place_school(town, locality, district, self.places, self.single_partnerships(), notes,
                            ward, self.wards)

    # ---- finding things by name -------------------------------------------------------------

    def find_school(self, query: str) -> SchoolMatch:
        return self._school_finder.find(query)

    def schools_called(self, words: str) -> list[School]:
        """The schools whose own name's distinctive words (knowledge/text.py's `distinctive`) are
        `words` (an alias's are not counted)."""
        return self._school_finder.called(words)

    def find_partnership(self, query: str) -> Partnership | None:
        found = self._partnership_finder.best(query)
        return self.partnerships[found] if found else None

    def find_district(self, query: str) -> District | None:
        found = self._district_finder.best(query)
        return self.districts[found] if found else None

    def find_area(self, query: str) -> Area | None:
        found = self._area_finder.best(query)
        return self.areas[found] if found else None

    def find_place(self, query: str) -> Place | None:
        found = self._place_finder.best(query)
        return self._place_named(found) if found else None

    def _place_names(self) -> dict[str, list[str]]:
        names = {p.name: [p.name, *p.aliases] for p in self.places.values()}
        for school in self.schools.values():
            for town in (school.town, school.locality, school.ward):
                if town and simplify(town) not in self.places:
                    names.setdefault(town, [town])
        return names

    def _place_named(self, name: str) -> Place:
        place = self.places.get(simplify(name))
        if place is not None:
            return place
        # A town we only know from the school list: it is covered as its schools are.
        schools = [s for s in self.schools.values() if name in (s.town, s.locality)]
        is_ward = not schools
        if is_ward:      # a ward: "which partnership covers Stakes?"
            schools = [s for s in self.schools.values() if s.ward == name]
        district = schools[0].district
        # A village whose schools are all in one ward is placed as that ward is.
        wards = {s.ward for s in schools if s.ward}
        ward = wards.pop() if len(wards) == 1 else ""
        placement = self.place_school("" if is_ward else name, "", district, ward)
        return Place(name=name, district=district, partnership_id=placement.partnership_id,
                     basis=placement.basis, sub_cluster=placement.sub_cluster,
                     alternative_id=placement.alternative_id, reason=placement.reason)

    def place_partnership(self, place: Place) -> str | None:
        if place.partnership_id:
            return place.partnership_id
        return self.single_partnerships().get(place.district)

    # ---- lists -------------------------------------------------------------------------------

    def schools_in(self, partnership_id: str) -> list[School]:
        return sorted((s for s in self.schools.values() if s.partnership_id == partnership_id),
                      key=lambda s: s.name)

    def unplaced_schools(self, district: str) -> list[School]:
        return sorted((s for s in self.schools.values()
                       if s.district == district and s.partnership_id is None), key=lambda s: s.name)

    def partnerships_in_district(self, district: str) -> list[Partnership]:
        return [p for p in self.partnerships.values() if p.district == district]

    def partnerships_in_area(self, area_id: str) -> list[Partnership]:
        return [p for p in self.partnerships.values() if p.area_id == area_id]

    def has_primary_schools(self) -> bool:
        """The shipped starter list is secondary schools and colleges; a GIAS import has the rest."""
        return any("primary" in s.phase.lower() for s in self.schools.values())

    def count_by_basis(self) -> Counter:
        return Counter(s.basis for s in self.schools.values())

    # ---- corrections ------------------------------------------------------------------------

    def move_school(self, school_id_: str, partnership_id: str, by: str, at: str) -> School:
        school = self.schools[school_id_]
        previous = school.partnership_id
        school.partnership_id = partnership_id
        school.basis = "corrected"
        school.sub_cluster = ""
        school.alternative_id = ""
        school.correction = Correction(by=by, at=at, previous_partnership_id=previous)
        return school

    def apply_moves(self, moves) -> None:
        """moves: records with school_id, partnership_id, by and at, oldest first."""
        for move in moves:
            school = self._moved_school(move)
            if school is not None and move["partnership_id"] in self.partnerships:
                self.move_school(school.id, move["partnership_id"], move.get("by_name") or move["by"], move["at"])

    def _moved_school(self, move) -> School | None:
        """The school a move was made to. A move recorded against the starter list (ids from name
        and town) still finds its school after a GIAS import (ids from URN) by its exact name."""
        if move["school_id"] in self.schools:
            return self.schools[move["school_id"]]
        wanted = simplify(move.get("school_name", ""))
        same_name = [s for s in self.schools.values() if wanted and simplify(s.name) == wanted]
        return same_name[0] if len(same_name) == 1 else None


def _area_names(area: Area) -> list[str]:
    """'Western Hampshire' is also 'Western', 'the western area' and 'Western Hants'."""
    short = area.name.replace(" Hampshire", "")
    return [area.name, short, f"{short} area", f"{short} Hants"]


def load_directory(data_dir: Path = DATA, schools_file: Path | None = None,
                   with_schools: bool = True, schools: list | None = None) -> Directory:
    """The directory from its data files. `with_schools=False` loads it without any schools,
    which is how the school list itself is built."""
    raw = yaml.safe_load((data_dir / "partnerships.yaml").read_text(encoding="utf-8"))
    documents = {key: Document(key=key, **value) for key, value in raw["documents"].items()}
    areas = {a["id"]: Area(id=a["id"], name=a["name"], districts=a["districts"]) for a in raw["areas"]}
    districts = {
        d["name"]: District(
            name=d["name"], area_id=d["area"], aliases=d.get("aliases", []),
            coordinating_group=d.get("coordinating_group", ""),
            partnerships_named=d.get("partnerships_named", True), note=d.get("note", ""),
            source=_source(d.get("source")))
        for d in raw["districts"]
    }
    partnerships = {
        p["id"]: Partnership(
            id=p["id"], name=p["name"], district=p["district"],
            area_id=districts[p["district"]].area_id, status=p["status"],
            proposal=p.get("proposal", ""),
            aliases=p.get("aliases", []), sub_clusters=p.get("sub_clusters", []),
            note=p.get("note", ""), source=_source(p.get("source")))
        for p in raw["partnerships"]
    }
    places_raw = yaml.safe_load((data_dir / "places.yaml").read_text(encoding="utf-8"))["places"]
    places = [
        Place(name=p["name"], district=p["district"], partnership_id=p.get("partnership"),
              basis=p.get("basis", "district"), aliases=p.get("aliases", []),
              sub_cluster=p.get("sub_cluster", ""), alternative_id=p.get("alternative", ""),
              reason=p.get("reason", ""), source=_source(p.get("source")))
        for p in places_raw
    ]
    facts = yaml.safe_load((data_dir / "facts.yaml").read_text(encoding="utf-8"))["facts"]
    if schools is None:
        schools = read_schools(schools_file or data_dir / "schools.csv") if with_schools else []
    return Directory(documents, areas, districts, partnerships, places, schools, facts, _wards(data_dir))


def _wards(data_dir: Path) -> list[Place]:
    path = data_dir / "wards.yaml"
    if not path.is_file():
        return []
    return [
        Place(name=w["ward"], district=w["district"], partnership_id=w["partnership"], basis=w["basis"],
              sub_cluster=w.get("sub_cluster", ""), alternative_id=w.get("alternative", ""),
              reason=w.get("reason", ""))
        for w in yaml.safe_load(path.read_text(encoding="utf-8"))["wards"]
    ]


def placed_school(directory: Directory, *, name, town, district, urn="", locality="", postcode="",
                  phase="", kind="", ward="", easting=None, northing=None, school_id_="",
                  aliases=(), data_note="") -> School:
    """A new School with its partnership worked out by the placement rules."""
    placement = directory.place_school(town, locality, district, ward)
    return School(
        id=school_id_ or school_id(urn, name, town), urn=urn, name=name, town=town, locality=locality,
        district=district, postcode=postcode, phase=phase, kind=kind,
        partnership_id=placement.partnership_id, basis=placement.basis,
        sub_cluster=placement.sub_cluster, alternative_id=placement.alternative_id,
        reason=placement.reason, ward=ward, easting=easting, northing=northing,
        aliases=list(aliases), data_note=data_note)
