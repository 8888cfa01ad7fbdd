"""What a deadline or a subscription is about: every partnership, an area, a district or one
partnership. Plain data, so the nudge rules can work without the directory or botbuilder.

A scope is (kind, id): ("county", "county"), ("area", "south"), ("district", "Havant") or
("partnership", "gosport"), written as a key "district:Havant". Scopes nest: county > area >
district > partnership, so two scopes either overlap (one holds the other) or do not meet.
"""

import re

from .records import KINDS, Scope  # noqa: F401 (one Scope, in knowledge/records.py; KINDS kept for importers)
from .text import simplify
from .wording import partnership_names, unknown_partnership, unknown_scope

COUNTY = ("county", "county")


def key_of(kind: str, scope_id: str) -> str:
    return f"{kind}:{scope_id}"


class Geography:
    """Which scope holds which: built once from the directory, then plain dicts."""

    def __init__(self, partnerships: dict, districts: dict, areas: dict):
        # partnerships: id -> (name, district, area_id, status); districts: name -> area_id; areas: id -> name
        self.partnerships = partnerships
        self.districts = districts
        self.areas = areas
        self._parents: dict[str, str] = {}
        self._chains: dict[str, list[str]] = {}
        for pid, (_name, district, area_id, _status) in partnerships.items():
            self._parents[key_of("partnership", pid)] = key_of("district", district)
        for district, area_id in districts.items():
            self._parents[key_of("district", district)] = key_of("area", area_id)
        for area_id in areas:
            self._parents[key_of("area", area_id)] = key_of(*COUNTY)
        self._members: dict[str, list[str]] = {}
        for pid in partnerships:
            for holder in self.ancestors(key_of("partnership", pid)):
                self._members.setdefault(holder, []).append(pid)

    @classmethod
    def from_directory(cls, directory) -> "Geography":
        return cls({p.id: (p.name, p.district, p.area_id, p.status) for p in directory.partnerships.values()},
                   {d.name: d.area_id for d in directory.districts.values()},
                   {a.id: a.name for a in directory.areas.values()})

    def ancestors(self, key: str) -> list[str]:
        """The scope itself and every scope holding it, narrowest first."""
        chain = self._chains.get(key)
        if chain is None:
            chain = [key]
            while chain[-1] in self._parents:
                chain.append(self._parents[chain[-1]])
            self._chains[key] = chain
        return chain

    def holds(self, outer: str, inner: str) -> bool:
        return outer == inner or outer in self.ancestors(inner)

    def narrower(self, first: str, second: str) -> str | None:
        """Where two scopes meet (the narrower one), or None if they do not."""
        if self.holds(first, second):
            return second
        if self.holds(second, first):
            return first
        return None

    def partnerships_in(self, key: str, with_options: bool = False) -> list[str]:
        """Partnership ids inside a scope. The letter's alternative options ('OR a third
        partnership in Bordon') count only when named on their own."""
        if key.startswith("partnership:"):
            return [key.split(":", 1)[1]]
        return [p for p in self._members.get(key, [])
                if with_options or self.partnerships[p][3] != "option"]

    def scope(self, key: str) -> Scope:
        kind, scope_id = key.split(":", 1)
        if kind == "county":
            return Scope("county", "county", "Hampshire")
        if kind == "area":
            return Scope(kind, scope_id, self.areas.get(scope_id, scope_id))
        if kind == "partnership":
            return Scope(kind, scope_id, self.partnerships.get(scope_id, (scope_id,))[0])
        return Scope(kind, scope_id, scope_id)


EVERYONE = {"all", "all partnerships", "every partnership", "everyone", "everybody", "hampshire", "the county",
            "county", "all of hampshire", "everything", "all deadlines", "every", "all of them"}


FILLER = re.compile(r"\b(local|childrens|children s|children|young people|deadlines|partnerships|partnership|area|"
                    r"district|team|channel)\b")


def find_scope(directory, name: str, strict: bool = False, places: bool = True) -> Scope | None:
    """The one scope finder: a partnership, district or area (or all of Hampshire) by the name
    someone typed, for deadlines, nudges and roles alike.

    Exact names first (a partnership, then a district, then an area, with or without "Hampshire"),
    then the nearest district, area or partnership, then (with `places`) the partnership covering a
    town or village. `strict` (a Teams team's name): only an exact name, never a near miss or a place."""
    text = " ".join(FILLER.sub(" ", simplify(name or "")).split())
    text = text.removeprefix("the ").strip()
    if not text:
        return None
    if text in EVERYONE or simplify(name) in EVERYONE:
        return None if strict else Scope.county()
    exact = _exact_scope(directory, text)
    if exact is not None or strict:
        return exact
    district = directory.find_district(text)
    if district is not None:
        return Scope("district", district.name, district.name)
    area = directory.find_area(text)
    if area is not None:
        return Scope("area", area.id, area.name)
    partnership = directory.find_partnership(text)
    if partnership is not None:
        return Scope("partnership", partnership.id, partnership.name)
    place = directory.find_place(text) if places else None
    if place is not None and directory.place_partnership(place):
        found = directory.partnerships[directory.place_partnership(place)]
        return Scope("partnership", found.id, found.name)
    return None


def _exact_scope(directory, text: str) -> Scope | None:
    partnership = next((p for p in directory.partnerships.values()
                        if text in (simplify(p.name), *map(simplify, p.aliases))), None)
    if partnership is not None:
        return Scope("partnership", partnership.id, partnership.name)
    district = next((d for d in directory.districts.values()
                     if text in (simplify(d.name), *map(simplify, d.aliases))), None)
    if district is not None:
        return Scope("district", district.name, district.name)
    area = next((a for a in directory.areas.values()
                 if text in (simplify(a.name), simplify(a.name.replace(" Hampshire", "")))), None)
    return Scope("area", area.id, area.name) if area is not None else None


def scope_for_role(directory, role: str, text: str) -> Scope | str:
    """Where a role given in chat applies ("make Sam Jones chair of Gosport"): found by find_scope
    (no towns or villages), or what is wrong, to say. An admin's is always the county; a chair
    chairs one partnership; a coordinator has a partnership, district or area."""
    text = (text or "").strip()
    if role == "admin":
        return Scope.county()
    if not text:
        return f"Say where: for example 'make Sam Jones {role} of Gosport'."
    found = find_scope(directory, text, places=False)
    if found is not None and found.kind == "partnership":
        return found
    if role == "chair":
        inside = [directory.partnerships[p].name
                  for p in Geography.from_directory(directory).partnerships_in(found.key, with_options=True)] if found else []
        if found is not None and found.kind != "county" and inside:
            return (f"A chair chairs one partnership, and {found.name} has {len(inside)}: {', '.join(inside)}. "
                    f"Say which, for example 'make Sam Jones chair of {inside[0]}'.")
        return unknown_partnership(text, partnership_names(directory))
    if found is None:
        return unknown_scope(text, partnership_names(directory))
    if found.kind == "county":
        return (f"A {role} looks after partnerships, districts or areas. To give someone every partnership, "
                f"make them an admin.")
    return found


def partnerships_concerned(directory, scope_kind: str, scope_id: str) -> list:
    """The partnerships a deadline (or anything scoped) concerns, for the permission check; none
    for the county as a whole."""
    if scope_kind == "county":
        return []
    geography = Geography.from_directory(directory)
    return [directory.partnerships[p] for p in geography.partnerships_in(f"{scope_kind}:{scope_id}", with_options=True)]
