"""One scope finder (knowledge/scopes.find_scope) for deadlines, nudges and roles, and the
"I don't know a partnership called ..." wording written once (knowledge/wording.py)."""

import pytest

from knowledge.directory import load_directory
from knowledge.records import Scope
from knowledge.scopes import find_scope, scope_for_role

DIRECTORY = load_directory()


@pytest.mark.parametrize("typed,key", [
    ("Gosport", "partnership:gosport"),
    ("the Gosport partnership", "partnership:gosport"),
    ("Havant", "district:Havant"),
    ("East Hants", "district:East Hampshire"),
    ("South Hampshire", "area:south"),
    ("South", "area:south"),
    ("West Havant", "partnership:havant-west"),
])
def test_a_name_finds_the_same_scope_for_a_deadline_and_a_coordinator(typed, key):
    assert find_scope(DIRECTORY, typed).key == key
    assert scope_for_role(DIRECTORY, "coordinator", typed).key == key


def test_a_town_finds_its_partnership_for_a_deadline_but_not_for_a_role():
    assert find_scope(DIRECTORY, "Horndean") is not None
    assert find_scope(DIRECTORY, "Horndean").kind == "partnership"
    assert scope_for_role(DIRECTORY, "coordinator", "Horndean").startswith(
        "I don't know a partnership, district or area called 'Horndean'. The partnerships are: ")


def test_a_chair_is_for_one_partnership_and_an_admin_for_the_county():
    assert scope_for_role(DIRECTORY, "admin", "") == Scope.county()
    assert scope_for_role(DIRECTORY, "chair", "Gosport") == Scope("partnership", "gosport", "Gosport")
    assert scope_for_role(DIRECTORY, "chair", "Havant") == (
        "A chair chairs one partnership, and Havant has 2: Havant West, Havant East. "
        "Say which, for example 'make Sam Jones chair of Havant West'.")
    assert scope_for_role(DIRECTORY, "chair", "Atlantis").startswith(
        "I don't know a partnership called 'Atlantis'. The partnerships are: Alton; Bordon, Liphook and Petersfield; ")
    assert scope_for_role(DIRECTORY, "chair", "") == "Say where: for example 'make Sam Jones chair of Gosport'."


def test_everyone_is_the_county_except_for_a_teams_team_or_a_coordinator():
    assert find_scope(DIRECTORY, "all deadlines") == Scope.county()
    assert find_scope(DIRECTORY, "all partnerships", strict=True) is None
    assert "make them an admin" in scope_for_role(DIRECTORY, "coordinator", "all of Hampshire")


def test_a_teams_team_is_matched_only_by_an_exact_name():
    assert find_scope(DIRECTORY, "Havant West Partnership", strict=True).key == "partnership:havant-west"
    assert find_scope(DIRECTORY, "North and East Hampshire", strict=True).key == "area:north-and-east"
    assert find_scope(DIRECTORY, "Gosprt", strict=True) is None
    assert find_scope(DIRECTORY, "Horndean", strict=True) is None
