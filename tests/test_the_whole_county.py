"""The whole county: every school from the DfE lists, placed by district and ward, and found the
way a primary head would ask for it."""

import csv

import pytest

from knowledge.county_schools import build_county
from knowledge.directory import DATA, load_directory
from knowledge.school_list import COLUMNS, write_schools
from tests.conversation import new_chat, talk


def test_the_shipped_list_is_what_build_county_makes(tmp_path):
    made = tmp_path / "schools.csv"
    write_schools(made, build_county())
    assert made.read_text(encoding="utf-8") == (DATA / "schools.csv").read_text(encoding="utf-8"), \
        "knowledge/data/schools.csv is out of date: run 'python -m bot directory build-county'"


def test_every_school_is_there_and_nothing_is_placed_by_post_town():
    directory = load_directory()
    schools = list(directory.schools.values())
    assert len(schools) >= 520
    assert len({s.id for s in schools}) == len(schools)
    # Only Basingstoke and Deane (no partnerships named) and schools with no address are unplaced.
    assert {s.district for s in schools if s.basis == "unresolved"} == {"Basingstoke and Deane", ""}
    # Every school in a split district is placed by a named place, its ward or the starter list's village.
    for school in schools:
        assert school.reason, school
        if school.partnership_id:
            assert school.district in (directory.partnerships[school.partnership_id].district, "East Hampshire",
                                       "Winchester"), school


def test_every_ward_in_the_ward_file_is_a_real_ward():
    with open(DATA / "dfe" / "hampshire_primary_phase_gias_2022-04-19.csv", encoding="utf-8") as handle:
        real = {(r["DistrictAdministrative"], r["AdministrativeWard"]) for r in csv.DictReader(handle)}
    directory = load_directory()
    assert {(w.district, w.name) for w in directory.wards.values()} <= real


# One primary, infant, junior and special school in every district, asked for as people type them.
# Hart and Gosport have no special school with an address in the DfE list we have.
@pytest.mark.parametrize("typed, answer", [
    # Basingstoke and Deane
    ("Ashford Hill Primary", "Ashford Hill Primary School (Ashford Hill) has no partnership yet"),
    ("bishopswood infant", "Bishopswood Infant School (Tadley) has no partnership yet"),
    ("Kempshott juniors", "Kempshott Junior School"),
    ("Dove House School", "Dove House School (Basingstoke) has no partnership yet"),
    # East Hampshire
    ("Horndean junior", "Horndean Church of England Junior School (Horndean) is in the Havant West partnership"),
    ("Horndean infant", "Horndean Infant School (Horndean) is in the Havant West partnership"),
    ("Ropley primary", "Ropley CofE Primary School (Ropley) is probably in the Alton partnership"),
    ("Hollywater School", "Hollywater School (Bordon) is in the Bordon, Liphook and Petersfield partnership"),
    # Eastleigh
    ("Fair Oak Junior School", "Fair Oak Junior School (Fair Oak) is probably in the Eastleigh East partnership"),
    ("Fair Oak Infant", "Fair Oak Infant School (Fair Oak) is probably in the Eastleigh East partnership"),
    ("Hamble Primary", "Hamble Primary School (Hamble) is probably in the Eastleigh East partnership"),
    ("Lakeside School", "Lakeside School (Chandler's Ford) is probably in the Eastleigh West partnership"),
    # Fareham
    ("Castle Primary School", "Castle Primary School (Portchester) is in the Fareham partnership"),
    ("Crofton Anne Dale Infant", "Crofton Anne Dale Infant School (Stubbington) is in the Fareham partnership"),
    ("Crofton Anne Dale Junior", "Crofton Anne Dale Junior School (Stubbington) is in the Fareham partnership"),
    ("St Francis Special School", "St Francis Special School (Fareham) is in the Fareham partnership"),
    # Gosport
    ("Bedenham Primary", "Bedenham Primary School (Gosport) is in the Gosport partnership"),
    ("Elson Infant School", "Elson Infant School (Gosport) is in the Gosport partnership"),
    ("Elson Junior", "Elson Junior School (Gosport) is in the Gosport partnership"),
    # Hart
    ("Crondall Primary", "Crondall Primary School (Crondall) is in the Hart partnership"),
    ("Hook Infant School", "Hook Infant School (Hook) is in the Hart partnership"),
    ("hook junior", "Hook Junior School (Hook) is in the Hart partnership"),
    # Havant
    ("Mill Hill Primary", "Mill Hill Primary School (Waterlooville) is probably in the Havant West partnership"),
    ("Purbrook Infant", "Purbrook Infant School (Purbrook) is probably in the Havant West partnership"),
    ("Purbrook Junior", "Purbrook Junior School (Purbrook) is probably in the Havant West partnership"),
    ("Prospect School", "Prospect School (Havant) is probably in the Havant East partnership"),
    # New Forest
    ("Cadland Primary", "Cadland Primary School (Holbury) is probably in the New Forest East partnership"),
    ("Abbotswood Junior", "Abbotswood Junior School"),
    ("Forest Park School", "Forest Park School (Totton) is probably in the New Forest East partnership"),
    # Rushmoor
    ("Henry Tyndale School", "Henry Tyndale School (Farnborough) is in the Rushmoor partnership"),
    # Test Valley
    ("Icknield School", "Icknield School (Andover) is probably in the Andover partnership"),
    ("Romsey Primary", "Romsey Primary School (Romsey) is probably in the Romsey partnership"),
    # Winchester
    ("Osborne School", "Osborne School (Winchester) is in the Winchester partnership"),
    ("Swanmore primary", "Swanmore Church of England Aided Primary School (Swanmore) is in the Eastleigh East partnership"),
])
async def test_a_school_in_every_district(tmp_path, typed, answer):
    await talk(new_chat(tmp_path), [f"which partnership is {typed} in?", f"→ {answer}"])


async def test_by_urn_and_by_postcode(tmp_path):
    await talk(new_chat(tmp_path), [
        "which partnership is 116035 in?",
        "→ Bishopswood Infant School (Tadley) has no partnership yet",
        "URN 134734",
        "→ Cadland Primary School (Holbury) is probably in the New Forest East partnership",
        "what partnership is the school at SO45 2HW in",
        "→ Cadland Primary School (Holbury)",
    ])


async def test_why_a_school_is_where_it_is(tmp_path):
    await talk(new_chat(tmp_path), [
        "why is Cowplain School in Havant West?",
        "→ The Cowplain School",
    ])


async def test_a_postcode_district_a_village_and_a_ward(tmp_path):
    await talk(new_chat(tmp_path), [
        "which schools are in PO8?",
        "→ school(s) have a postcode in PO8:",
        "PO8",
        "→ have a postcode in PO8:\n- Catherington Church of England Infant School (Catherington): Havant West (probably)",
        "which partnership covers Stakes?",               # a Havant ward
        "→ Stakes is probably covered by the Havant West partnership",
        "which partnership covers Lockerley?",            # a village in Test Valley's Mid Test ward
        "→ Lockerley is probably covered by the Andover partnership",
    ])


async def test_which_schools_in_hart(tmp_path):
    await talk(new_chat(tmp_path), [
        "which schools are in Hart?",
        "→ The Hart partnership (Hart, North and East Hampshire) has 34 schools and colleges in our list:",
    ])


async def test_infant_and_junior_schools_on_one_site_are_named_together(tmp_path):
    await talk(new_chat(tmp_path), [
        "who else is in Havant West?",
        "→ - Horndean Church of England Junior School and Horndean Infant School (Horndean)",
    ])
