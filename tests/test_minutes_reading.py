"""The plain-Python reading behind the minutes dialog (knowledge/): attendance lists, core-partner
categories, actions, British dates and the parts of a one-sentence request."""

from datetime import date

import pytest

from knowledge.actions import read_action, read_actions
from knowledge.attendance import absent_categories, core_partners, read_attendance, split_list
from knowledge.dates import meeting_date, parse_date
from knowledge.directory import load_directory
from knowledge.meeting_request import read_list, read_request

TODAY = date(2010, 3, 10)        # a Wednesday


@pytest.fixture(scope="module")
def directory():
    return load_directory()


# ---- attendance ------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, person, organisation, category", [
    ("Jo Smith (Gosport Police)", "Jo Smith", "Gosport Police", "police"),
    ("Head of Bay House", "Head", "Bay House School", "school"),
    ("Children's Centre manager", "manager", "Children's Centre", "early_years"),
    ("Sam Brown from Gosport Borough Council", "Sam Brown", "Gosport Borough Council", "district_council"),
    ("Dr Patel - PCT", "Dr Patel", "PCT", "health"),
    ("Ann Lee (Wessex YOT)", "Ann Lee", "Wessex YOT", "youth_offending"),
    ("Gosport Council of Community Service", "", "Gosport Council of Community Service", "voluntary_sector"),
    ("Sam Brown from Gosport Council of Community Service", "Sam Brown", "Gosport Council of Community Service",
     "voluntary_sector"),
    ("District Manager for Children and Families", "District Manager", "Children and Families",
     "childrens_services"),
    ("Hampshire County Council Children's Services", "", "Hampshire County Council Children's Services",
     "childrens_services"),
    ("Brune Park head", "head", "Brune Park Community School", "school"),
    ("Jo Smith", "Jo Smith", "", None),
])
def test_one_entry_is_split_into_person_and_organisation_and_matched(directory, typed, person, organisation,
                                                                     category):
    [entry] = read_attendance(typed, directory)
    assert (entry["person"], entry["organisation"], entry["category"]) == (person, organisation, category)


def test_a_name_is_never_fuzzily_turned_into_a_school(directory):
    # Every word of a school's name that tells it apart must be typed.
    assert [e["category"] for e in read_attendance("Mark Priest, Sam Perin, Al Bay", directory)] == [None] * 3


def test_a_person_whose_surname_is_a_schools_place_is_still_a_person(directory):
    # Hale Primary School is in Hale; Sarah Hale is a person (the README's "add Sarah Hale to the apologies").
    [sarah] = read_attendance("Sarah Hale", directory)
    assert (sarah["person"], sarah["organisation"], sarah["category"]) == ("Sarah Hale", "", None)
    [school] = read_attendance("Hale Primary", directory)
    assert (school["organisation"], school["category"]) == ("Hale Primary School", "school")


def test_lists_split_on_commas_semicolons_lines_and_and_but_not_inside_names(directory):
    assert split_list("Jo Smith, Sam Brown and Ann Lee; Dr Patel\nPC Jones", directory) == \
        ["Jo Smith", "Sam Brown", "Ann Lee", "Dr Patel", "PC Jones"]
    assert split_list("Havant and South Downs College, Jo (Police, YOT)", directory) == \
        ["Havant and South Downs College", "Jo (Police, YOT)"]
    assert split_list("District Manager for Children and Families", directory) == \
        ["District Manager for Children and Families"]


def test_none_is_an_empty_list(directory):
    assert read_attendance("none", directory) == [] == read_attendance("No apologies", directory)


def test_the_core_partner_categories_are_the_briefings_paragraph_6():
    assert [p.name for p in core_partners()] == [
        "youth offending", "voluntary sector", "Children's Services", "early years and children's centres",
        "health", "police", "district or borough council"]
    present = [{"category": "police"}, {"category": "school"}]
    apologies = [{"category": "health"}]
    assert [p.id for p in absent_categories(present, apologies)] == [
        "youth_offending", "voluntary_sector", "childrens_services", "early_years", "district_council"]


# ---- actions ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, text, owner, due, due_given", [
    ("Jo to circulate the draft delivery plan by next Friday", "circulate the draft delivery plan", "Jo",
     "2010-03-12", True),
    ("Sam Brown will write to the PCT, no due date", "write to the PCT", "Sam Brown", None, True),
    ("Book the hall for the summer meeting (Sam)", "Book the hall for the summer meeting", "Sam", None, False),
    ("Draft terms of reference - Ann Lee by 31/3", "Draft terms of reference", "Ann Lee", "2010-03-31", True),
    ("Circulate the plan to all heads by 19/3", "Circulate the plan to all heads", "", "2010-03-19", True),
    ("Ann to ask the police to attend by the next meeting", "ask the police to attend by the next meeting", "Ann",
     None, False),
    ("I will send the notes by Monday", "send the notes", "I", "2010-03-15", True),
])
def test_an_action_is_read_into_text_owner_and_due_date(typed, text, owner, due, due_given):
    assert read_action(typed, TODAY) == {"text": text, "owner": owner, "due": due, "due_given": due_given}


def test_several_actions_one_per_line_or_semicolon():
    actions = read_actions("1. Jo to circulate the plan by Friday; Sam to book the room\n- Ann to email heads", TODAY)
    assert [(a["owner"], a["text"]) for a in actions] == [
        ("Jo", "circulate the plan"), ("Sam", "book the room"), ("Ann", "email heads")]
    assert read_actions("none", TODAY) == []


# ---- dates -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, meant", [
    ("yesterday", date(2010, 3, 9)), ("last Tuesday", date(2010, 3, 9)), ("9/3", date(2010, 3, 9)),
    ("9 March 2010", date(2010, 3, 9)), ("9th March", date(2010, 3, 9)), ("on 2/3/10", date(2010, 3, 2)),
    ("31/07", date(2009, 7, 31)), ("1.3.2010", date(2010, 3, 1)),
])
def test_meeting_dates_are_british_and_lean_to_the_past(typed, meant):
    assert meeting_date(typed, TODAY).day == meant


def test_future_and_unreadable_meeting_dates_are_problems():
    assert meeting_date("tomorrow", TODAY).problem == "future"
    assert meeting_date("9/3/2011", TODAY).problem == "future"
    assert meeting_date("banana", TODAY).problem == "unreadable"
    assert meeting_date("31/2", TODAY).problem == "unreadable"
    assert meeting_date("x" * 500, TODAY).problem == "unreadable"


def test_due_dates_lean_to_the_future():
    assert parse_date("31/07", TODAY, prefer="future") == date(2010, 7, 31)
    assert parse_date("next Friday", TODAY, prefer="future") == date(2010, 3, 12)


# ---- one sentence ------------------------------------------------------------------------------------------

def test_a_request_is_read_into_its_parts():
    assert read_request("minutes for Gosport on 9 March", TODAY) == {"partnership": "Gosport", "date": "9 March"}
    assert read_request("Log the Havant West meeting last Tuesday", TODAY) == \
        {"partnership": "Havant West", "date": "last Tuesday"}
    assert read_request("minutes for 9/3", TODAY) == {"date": "9/3"}
    assert read_request("log the Bordon, Liphook and Petersfield meeting yesterday", TODAY) == \
        {"partnership": "Bordon, Liphook and Petersfield", "date": "yesterday"}
    assert read_request("log the meeting on 9 March for Gosport", TODAY) == {"partnership": "Gosport", "date": "9 March"}
    assert read_request("log a meeting that we held last Tuesday for Havant East", TODAY) == \
        {"partnership": "Havant East", "date": "last Tuesday"}
    assert read_request("log yesterday's meeting", TODAY) == {"date": "yesterday's"}
    assert meeting_date("yesterday's", TODAY).day == date(2010, 3, 9)
    assert read_request("log a meeting", TODAY) == {}
    assert read_request("log a meeting for Gosport on 9 March. Present: Jo (Police), Head of Bay House. "
                        "Apologies: none. Decisions: adopt the plan; meet termly. Actions: Jo agreed to "
                        "circulate the plan by Friday", TODAY) == {
        "partnership": "Gosport", "date": "9 March", "attendees": "Jo (Police), Head of Bay House",
        "apologies": "none", "decisions": "adopt the plan; meet termly",
        "actions": "Jo agreed to circulate the plan by Friday"}


def test_agreed_inside_an_action_does_not_start_the_decisions():
    parts = read_request("log a meeting. Actions: Jo agreed to write to heads; Sam agreed: book the hall", TODAY)
    assert parts == {"actions": "Jo agreed to write to heads; Sam agreed: book the hall"} or "decisions" not in parts


def test_decisions_list():
    assert read_list("adopt the plan; meet termly\n- invite the PCT") == ["adopt the plan", "meet termly",
                                                                         "invite the PCT"]
    assert read_list("none") == []
