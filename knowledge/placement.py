"""Which partnership a school belongs to, and on what basis, from where it is.

The rules, in order (the first that applies wins):
1. named: the school's village or town is a place the letter names (Horndean, Swanmore, ...).
2. ward: the school's ward is in `data/wards.yaml`, for the splits the letter gives without listing
   schools (named where the ward is a place the letter names, inferred where it is our reading).
3. inferred: the school's village is a place we have read from geography (`data/places.yaml`).
4. district: the school's district has a single partnership (Hart, Rushmoor, Winchester, ...).
5. inferred: the school's post town is such a place (never before the district: a post town
   misleads, and 55 schools say "Southampton").
6. unresolved: nothing above applies, e.g. Basingstoke and Deane, whose partnerships are not named.
The places and wards themselves are data; this module only applies them.
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
                 district_notes: dict, ward: str = "", wards: dict | None = None) -> Placement:
    """places: simplified place name -> Place; single_partnerships: district -> partnership id;
    wards: (district, simplified ward) -> Place."""
    village, post_town = (_in(places.get(simplify(name)), district) for name in (locality, town))
    for place in (village, post_town):
        if place is not None and place.basis == "named":
            return _from_place(place)
    in_ward = (wards or {}).get((district, simplify(ward))) if ward else None
    if in_ward is not None:
        placement = _from_place(in_ward)
        placement.reason = f"{placement.reason} (ward: {ward})"
        return placement
    if village is not None and village.basis == "inferred":
        return _from_place(village)
    if district in single_partnerships:
        return Placement(single_partnerships[district], "district",
                         reason=f"{district} has a single partnership")
    if post_town is not None and post_town.basis == "inferred":
        return _from_place(post_town)
    note = district_notes.get(district) or (
        f"the letter splits {district} but we cannot tell which side {town or 'this school'} is on")
    return Placement(None, "unresolved", reason=note)


def _in(place, district: str):
    """A place only speaks for schools in its own district: Ropley's post town is Alresford, but
    Ropley is in East Hampshire, not Winchester."""
    return place if place is not None and (not district or place.district == district) else None


def _from_place(place) -> Placement:
    reason = place.reason or (f"the letter names {place.name}" if place.basis == "named" else "")
    return Placement(place.partnership_id, place.basis, place.sub_cluster, place.alternative_id, reason)
