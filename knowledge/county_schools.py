"""The whole county's school list, built from the Department for Education's lists.

    python -m bot directory build-county    writes knowledge/data/schools.csv (the shipped list)

Sources (all in `data/`, see `data/dfe/SOURCE.md`):
- the primary, infant, junior and all-through schools of GIAS, April 2022, with district, ward and
  easting/northing;
- the secondary schools, special schools and pupil referral units of the DfE, August 2020, with a
  postcode for most but no district or ward;
- the colleges (and a few schools the DfE lists do not have) from the 2010 starter list,
  `hampshire_secondary_starter.csv`.

Placement is by district and ward (`placement.py`, `data/wards.yaml`), never by post town. A
secondary or special school has no district or ward in its list, so it takes its district from the
starter list, a village its address names, or its postcode (the primaries sharing its postcode
sector); its position is the middle of those primaries (approximate), and where its village does
not decide its partnership, a primary school sharing its postcode lends its ward. Its reason says which.
Names the starter list spells differently are kept as aliases, and starter schools keep their ids
(slug of the starter name and town), so records stored against them still find them.
"""

import csv
from collections import Counter, defaultdict
from pathlib import Path

from .directory import DATA, Directory, load_directory, placed_school
from .model import School
from .school_list import school_id
from .text import simplify, simplify_postcode

DFE = DATA / "dfe"
PRIMARY_FILE = DFE / "hampshire_primary_phase_gias_2022-04-19.csv"
SECONDARY_FILE = DFE / "hampshire_secondary_special_pru_dfe_2020-08.csv"
STARTER_FILE = DATA / "hampshire_secondary_starter.csv"

# Starter-list names the DfE spells another way, where the words alone do not show it.
RENAMED = {
    "Hardley School": "The New Forest Academy",        # renamed as an academy in 2012
    "Samuel Cody School": "Samuel Cody Specialist Sports College",
    "Ringwood School": "Ringwood School Academy",
    "The Burgate School": "The Burgate School and Sixth Form",
}


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _key(name: str) -> str:
    """A name without 'The' and 'School': 'The Cowplain School' and 'Cowplain School' are one."""
    return " ".join(w for w in simplify(name).split() if w not in ("the", "school"))


def _title(text: str) -> str:
    """GIAS writes some post towns in capitals ('THATCHAM'); say them as people do."""
    return text.title().replace("'S", "'s") if text.isupper() else text


def _village(locality: str) -> str:
    """GIAS's Locality, unless it is really a street ('7 Nairn Road', 'The Avenue')."""
    words = locality.split()
    if not words or words[0][0].isdigit() or words[-1].lower() in STREET_WORDS or locality.lower() == "the village":
        return ""
    return _title(locality)


STREET_WORDS = {"road", "lane", "avenue", "street", "way", "close", "drive", "crescent", "grove"}


def _primary_phase(row: dict) -> str:
    return {"Infant": "Infant", "Junior": "Junior", "All-through": "All-through"}.get(row["SubPhase"], "Primary")


def _secondary_phase(row: dict) -> str:
    if row["PhaseOfEducation"] == "Secondary":
        return "Secondary"
    group = row["EstablishmentTypeGroup"]
    if group == "Special schools" or row["AgeRange"].endswith("19"):
        return "Special"
    return "PRU"          # pupil referral units and alternative provision academies


def _age_note(kind: str, group: str, listed: str) -> str:
    note = f"as listed by the DfE in {listed}"
    if "free school" in kind.lower() or "free schools" in group.lower():
        return note + "; opened after 2010 (a free school)"
    if "academ" in f"{kind} {group}".lower():
        return note + "; became an academy after 2010, with a new URN"
    return note


class _Postcodes:
    """Primary schools by postcode, sector and district of postcode, for the schools that have only a postcode."""

    def __init__(self, primaries: list[School]):
        self.by_level = [defaultdict(list) for _ in range(3)]
        for school in primaries:
            for level, part in enumerate(_postcode_parts(school.postcode)):
                self.by_level[level][part].append(school)

    def near(self, postcode: str) -> tuple[list[School], str]:
        """The primaries sharing the most of `postcode` (full, then sector, then district), and which."""
        for level, part in enumerate(_postcode_parts(postcode)):
            found = self.by_level[level].get(part)
            if found:
                return found, ("postcode", "postcode sector", "postcode district")[level] + f" {part}"
        return [], ""


def _postcode_parts(postcode: str) -> list[str]:
    code = simplify_postcode(postcode)
    if len(code) < 5:
        return []
    outward, inward = code[:-3], code[-3:]
    return [f"{outward} {inward}", f"{outward} {inward[0]}", outward]


def build_county(directory: Directory | None = None) -> list[School]:
    directory = directory or load_directory(with_schools=False)
    starter = {_key(row["name"]): row for row in _read(STARTER_FILE)}
    renamed = {_key(new): _key(old) for old, new in RENAMED.items()}
    used_starter = set()

    def starter_row(name: str) -> dict | None:
        key = renamed.get(_key(name), _key(name))
        row = starter.get(key)
        if row is not None:
            used_starter.add(key)
        return row

    schools = [_primary(directory, row, starter_row(row["EstablishmentName"])) for row in _read(PRIMARY_FILE)]
    postcodes = _Postcodes([s for s in schools if s.easting is not None])
    schools += [_secondary(directory, row, starter_row(row["EstablishmentName"]), postcodes)
                for row in _read(SECONDARY_FILE)]
    for key, row in starter.items():
        if key not in used_starter:
            schools.append(_starter_only(directory, row))
    schools.sort(key=lambda s: (s.district, s.name))
    return schools


def _from_starter(row: dict | None, name: str, town: str) -> dict:
    """What a school keeps from the starter list: its id, its old name as an alias, its village."""
    if row is None:
        return {}
    kept = {"school_id_": school_id("", row["name"], row["town"])}
    if simplify(row["name"]) != simplify(name):
        kept["aliases"] = [row["name"]]
    if simplify(row["town"]) != simplify(town):
        kept["locality"] = row["town"]
    return kept


def _primary(directory: Directory, row: dict, starter: dict | None) -> School:
    town = _title(row["Town"])
    kept = _from_starter(starter, row["EstablishmentName"], town)
    return placed_school(
        directory, name=row["EstablishmentName"], urn=row["URN"], town=town,
        locality=kept.pop("locality", "") or _village(row["Locality"]),
        district=row["DistrictAdministrative"], postcode=row["Postcode"], phase=_primary_phase(row),
        kind=row["TypeOfEstablishment"], ward=row["AdministrativeWard"],
        easting=int(row["Easting"]) if row["Easting"] else None,
        northing=int(row["Northing"]) if row["Northing"] else None,
        data_note=_age_note(row["TypeOfEstablishment"], row["EstablishmentTypeGroup"], "April 2022"),
        school_id_=kept.pop("school_id_", "") or school_id(row["URN"], "", ""), **kept)


def _secondary(directory: Directory, row: dict, starter: dict | None, postcodes: _Postcodes) -> School:
    name, town = row["EstablishmentName"], _title(row["Town"])
    kept = _from_starter(starter, name, town)
    locality = kept.pop("locality", "")
    if starter is None and row["Address2"] and simplify(row["Address2"]) in directory.places:
        locality = row["Address2"]
    near, shared = postcodes.near(row["Postcode"]) if row["Postcode"] else ([], "")
    if starter is not None:
        district, how = starter["district"], ""       # as it always was
    elif locality:
        # Its address names a village we know (Cowplain): a postcode sector can straddle districts.
        district = directory.places[simplify(locality)].district
        how = f"district from its address, {locality}"
    elif near:
        district = Counter(s.district for s in near).most_common(1)[0][0]
        how = f"district from its {shared}, shared with {len(near)} primary school(s) in {district}"
    else:
        district, how = "", ("the DfE list gives no address for it, so its district is not known; "
                             "a coordinator can place it")
    nearest = min((s for s in near if s.district == district), default=None,
                  key=lambda s: (s.postcode != row["Postcode"], s.name))
    school = placed_school(
        directory, name=name, urn=row["URN"], town=town, locality=locality, district=district,
        postcode=row["Postcode"], phase=_secondary_phase(row), kind=row["EstablishmentTypeGroup"],
        data_note=_age_note("", row["EstablishmentTypeGroup"], "August 2020"),
        school_id_=kept.pop("school_id_", "") or school_id(row["URN"], "", ""), **kept)
    if nearest is not None:
        school.easting, school.northing = _centre(s for s in near if s.district == district)
        if school.basis == "unresolved" and directory.districts[district].partnerships_named:
            # Its village does not decide it: the ward of a primary school sharing its postcode does.
            by_ward = placed_school(directory, name=name, town=town, locality=locality, district=district,
                                    ward=nearest.ward)
            for field in ("partnership_id", "basis", "sub_cluster", "alternative_id", "reason"):
                setattr(school, field, getattr(by_ward, field))
            school.ward = nearest.ward
            how += ("; " if how else "") + f"ward {nearest.ward} from {nearest.name}, which shares its {shared}"
    if how:
        school.reason = how if not district else f"{school.reason} ({how})"
    return school


def starter_schools(directory: Directory | None = None) -> list[School]:
    """The 2010 starter list alone (84 secondary schools and colleges), placed by the same rules: the
    directory as it was, for stories told about 2010's secondaries and for comparisons."""
    directory = directory or load_directory(with_schools=False)
    return [placed_school(directory, name=r["name"], town=r["town"], district=r["district"], phase=r["phase"])
            for r in _read(STARTER_FILE)]


def _centre(schools) -> tuple[int, int]:
    schools = list(schools)
    return (round(sum(s.easting for s in schools) / len(schools)),
            round(sum(s.northing for s in schools) / len(schools)))


def _starter_only(directory: Directory, row: dict) -> School:
    school = placed_school(directory, name=row["name"], town=row["town"], district=row["district"],
                           phase=row["phase"])
    school.data_note = ("from the 2010 starter list (colleges are not in the DfE school lists)"
                        if school.is_college else "from the 2010 starter list; not in the DfE lists used here")
    return school

