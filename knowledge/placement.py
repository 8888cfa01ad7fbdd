"""Which partnership a school belongs to, and on what basis, from where it is.

The rules, in order (the first that applies wins):
1. named: the school's town or locality is a place the letter names (Horndean, Swanmore, ...).
2. district: the school's district has a single partnership (Hart, Rushmoor, Winchester, ...).
3. inferred: the town or locality is a place we have read from geography (Andover vs Romsey,
   east vs west, the A3).
4. unresolved: nothing above applies, e.g. Basingstoke and Deane, whose partnerships are not named.
The places themselves are data (`data/places.yaml`); this module only applies them.
"""

from dataclasses import dataclass

from .text import simplify


@dataclass
class Placement:
    partnership_id: str | None
    basis: str
    sub_cluster: str = ""
    alternative_id: str = ""
    reason: str = ""


def place_school(town: str, locality: str, district: str, places: dict, single_partnerships: dict,
                 district_notes: dict) -> Placement:
    """places: simplified place name -> Place; single_partnerships: district -> partnership id."""
    candidates = [places.get(simplify(locality)), places.get(simplify(town))]
    for place in candidates:
        if place is not None and place.basis == "named":
            return _from_place(place)
    if district in single_partnerships:
        return Placement(single_partnerships[district], "district",
                         reason=f"{district} has a single partnership")
    for place in candidates:
        if place is not None and place.basis == "inferred":
            return _from_place(place)
    note = district_notes.get(district) or (
        f"the letter splits {district} but we cannot tell which side {town or 'this school'} is on")
    return Placement(None, "unresolved", reason=note)


def _from_place(place) -> Placement:
    reason = place.reason or (f"the letter names {place.name}" if place.basis == "named" else "")
    return Placement(place.partnership_id, place.basis, place.sub_cluster, place.alternative_id, reason)
