"""Who came to a meeting and who sent apologies, from the free text a chair types.

    "Jo Smith (Gosport Police), Head of Bay House, Children's Centre manager"
    -> [{"person": "Jo Smith", "organisation": "Gosport Police", "category": "police", "school_id": None},
        {"person": "Head", "organisation": "Bay House School", "category": "school", "school_id": "bay-house-school-gosport"},
        {"person": "manager", "organisation": "Children's Centre", "category": "early_years", "school_id": None}]

Each organisation is matched to a school in the directory or to one of the core-partner
categories of the briefing (knowledge/data/core_partners.yaml). Plain Python: no botbuilder.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .model import Source
from .text import distinctive, simplify

DATA = Path(__file__).parent / "data"
SCHOOL = "school"          # the category of an organisation that is a school or college in the directory

NOBODY = {"none", "nobody", "no one", "noone", "n/a", "na", "nil", "no apologies", "none received",
          "no", "nothing", "-"}
ROLE_WORDS = ["deputy head teacher", "deputy headteacher", "head teacher", "headteacher", "deputy head",
              "assistant head", "head", "principal", "vice principal", "business manager", "manager", "co-ordinator",
              "coordinator", "officer", "representative", "rep", "chair", "vice chair", "clerk", "governor",
              "senco", "lead", "director", "inspector", "sergeant", "worker", "member", "leader"]
CONNECTORS = re.compile(r"\s+(?:of|from|at|for|representing|rep for|on behalf of)\s+(?:the\s+)?", re.I)
DASH = re.compile(r"\s+[-–—:]\s+")


@dataclass
class CorePartner:
    id: str
    name: str
    passage: str
    keywords: list


@lru_cache(maxsize=1)
def _core_partners_file() -> dict:
    # Parsed once: PyYAML is pure Python here, and re-reading the file on every "save" cost 7.6 ms.
    return yaml.safe_load((DATA / "core_partners.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def core_partners() -> tuple[CorePartner, ...]:
    raw = _core_partners_file()
    return tuple(CorePartner(id=c["id"], name=c["name"], passage=c["passage"],
                             keywords=[simplify(k) for k in c["keywords"]]) for c in raw["categories"])


def core_partner_source() -> Source:
    """Where the core-partner categories come from: the briefing's paragraph 6."""
    raw = _core_partners_file()["source"]
    return Source(document=raw["document"], paragraph=str(raw.get("paragraph", "")), passage=raw["passage"])


def category_named(category_id: str) -> str:
    if category_id == SCHOOL:
        return "school or college"
    return next((c.name for c in core_partners() if c.id == category_id), category_id or "")


def categorise(text: str) -> CorePartner | None:
    """The core-partner category an organisation's name belongs to, if any."""
    found = _keyword_in(text)
    return found[0] if found else None


def _keyword_in(text: str) -> tuple[CorePartner, str] | None:
    words = f" {simplify(text)} "
    for partner in core_partners():
        for keyword in partner.keywords:
            if f" {keyword} " in words:
                return partner, keyword
    return None


def _named_with_a_connector(text: str) -> bool:
    """'Gosport Council of Community Service' is one organisation, not a person 'of' another."""
    found = _keyword_in(text)
    return found is not None and any(f" {w} " in f" {found[1]} " for w in ("of", "for", "from", "at"))


def is_nobody(text: str) -> bool:
    return " ".join((text or "").lower().split()).strip(" .!") in NOBODY


# ---- splitting a list -----------------------------------------------------------------------------

def _depths(text: str) -> list[int]:
    """How deep inside brackets each character is."""
    depths, depth = [], 0
    for ch in text:
        if ch in "([":
            depth += 1
        depths.append(depth)
        if ch in ")]" and depth:
            depth -= 1
    return depths


def _split_outside_brackets(text: str, separator: re.Pattern) -> list[str]:
    """Split on `separator` wherever it is not inside brackets."""
    depths = _depths(text)
    parts, start = [], 0
    for found in separator.finditer(text):
        if depths[found.start()] == 0:
            parts.append(text[start:found.start()])
            start = found.end()
    parts.append(text[start:])
    return [p.strip(" .\t") for p in parts if p.strip(" .\t")]


LIST_SEPARATOR = re.compile(r"[,;\n]")
AND = re.compile(r"\s+(?:and|&)\s+", re.I)


def _keeps_its_and(chunk: str, directory) -> bool:
    """'Havant and South Downs College', 'District Manager for Children and Families': one entry."""
    simple = f" {simplify(chunk)} "
    if any(" and " in f" {k} " and f" {k} " in simple for p in core_partners() for k in p.keywords):
        return True
    return _school_for(directory, chunk) is not None


def split_list(text: str, directory=None) -> list[str]:
    entries = []
    for chunk in _split_outside_brackets(text or "", LIST_SEPARATOR):
        chunk = re.sub(r"^(and|&)\s+", "", chunk, flags=re.I)
        pieces = _split_outside_brackets(chunk, AND)
        if len(pieces) > 1 and not _keeps_its_and(chunk, directory):
            entries += pieces
        else:
            entries.append(chunk)
    return entries


# ---- one entry ----------------------------------------------------------------------------------

def _school_for(directory, text: str):
    """A school in the directory clearly named by `text`, or None.

    Stricter than the directory's own finder: a word that tells the school apart must be typed,
    so a person's name never turns into a school by fuzzy luck."""
    if directory is None or not text or len(simplify(text)) < 3:
        return None
    match = directory.find_school(text)
    if match.status != "found":
        return None
    school = match.best
    typed = set(simplify(text).split())
    telling = set(distinctive(school.name).split())
    # Every other word typed is in its name, aliases or place: 'Sarah Hale' is a person, not Hale Primary.
    known = set(simplify(" ".join([school.name, *school.aliases, school.town, school.locality])).split())
    stray = set(distinctive(text).split()) - known
    return school if telling and telling & typed and not stray else None


def _connector_split(text: str) -> tuple[str, str] | None:
    """'Sam Brown from Gosport Police' -> ('Sam Brown', 'Gosport Police'), splitting at the first
    'of', 'from', 'at'... that is not part of an organisation's name ('Council of Community Service')."""
    whole = _keyword_in(text)
    for found in CONNECTORS.finditer(text):
        person, organisation = text[:found.start()].strip(), text[found.end():].strip()
        if not person or not organisation:
            continue
        if not _named_with_a_connector(text) or _keyword_in(organisation) == whole:
            return person, organisation
    return None


def _strip_role(text: str) -> tuple[str, str]:
    """'Children's Centre manager' -> ('manager', "Children's Centre"); 'Head' -> ('Head', '')."""
    for role in ROLE_WORDS:
        pattern = re.compile(rf"^(?P<role>{re.escape(role)})\s+(?P<rest>.+)$|^(?P<rest2>.+?)\s+(?P<role2>{re.escape(role)})$",
                             re.I)
        found = pattern.match(text)
        if found:
            if found.group("role"):
                return found.group("role"), found.group("rest")
            return found.group("role2"), found.group("rest2")
    return "", text


def read_entry(text: str, directory=None) -> dict:
    """One attendee or apology as typed -> {person, organisation, category, school_id}."""
    text = " ".join(text.split()).strip(" .")
    person, organisation = text, ""
    bracketed = re.match(r"^(?P<who>[^()]*?)\s*\((?P<org>[^()]+)\)\s*$", text)
    if bracketed:
        person, organisation = bracketed.group("who").strip(), bracketed.group("org").strip()
    elif DASH.search(text):
        person, organisation = [p.strip() for p in DASH.split(text, maxsplit=1)]
    elif _connector_split(text):
        person, organisation = _connector_split(text)
    else:
        # A bare entry: an organisation ("Gosport Police", "Bay House School", "Children's
        # Centre manager") or a person ("Jo Smith").
        role, rest = _strip_role(text)
        if categorise(text) is not None or _school_for(directory, rest) is not None:
            person, organisation = role, rest

    school = None if categorise(organisation) else _school_for(directory, organisation)
    category = SCHOOL if school is not None else (categorise(organisation) or categorise(person))
    if school is not None:
        organisation = school.name
    category_id = category if isinstance(category, str) else (category.id if category else None)
    return {"person": person, "organisation": organisation, "category": category_id,
            "school_id": school.id if school is not None else None}


def read_attendance(text: str, directory=None) -> list[dict]:
    """A typed list of people and organisations; [] for 'none'."""
    if is_nobody(text):
        return []
    return [read_entry(entry, directory) for entry in split_list(text, directory) if not is_nobody(entry)]


# ---- what it says -----------------------------------------------------------------------------------

def describe(entry: dict) -> str:
    """{'person': 'Jo Smith', 'organisation': 'Gosport Police'} -> 'Jo Smith (Gosport Police)'."""
    person, organisation = entry.get("person") or "", entry.get("organisation") or ""
    if person and organisation:
        return f"{person} ({organisation})"
    return person or organisation


def absent_categories(attendees: list[dict], apologies: list[dict]) -> list[CorePartner]:
    """Core-partner categories neither present nor sending apologies, in the briefing's order."""
    seen = {e.get("category") for e in [*attendees, *apologies]}
    return [p for p in core_partners() if p.id not in seen]


def by_organisation(entries: list[dict]) -> list[tuple[str, list[str]]]:
    """Group entries as minutes list them: organisation -> people, schools first, then partners,
    then people with no organisation given."""
    groups: dict[str, list[str]] = {}
    order: dict[str, tuple] = {}
    partner_rank = {p.id: i for i, p in enumerate(core_partners())}
    for entry in entries:
        organisation = entry.get("organisation") or ""
        category = entry.get("category")
        if organisation:
            key = organisation
        elif category:
            key = category_named(category)[:1].upper() + category_named(category)[1:]
        else:
            key = "Others"
        groups.setdefault(key, [])
        if entry.get("person"):
            groups[key].append(entry["person"])
        rank = 0 if category == SCHOOL else (1 + partner_rank.get(category, 0)) if category else 99
        order.setdefault(key, (rank, key.lower()))
    return [(key, groups[key]) for key in sorted(groups, key=lambda k: order[k])]
