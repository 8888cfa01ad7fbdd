"""Governors' resolutions nudge like any deadline before 2 April 2010, name the schools still to pass
it, and stop for a partnership once every school has passed it. Withdrawn meetings meet nothing.
Pure: due_nudges over a Situation, with the 2010 seed timetable, as the scheduler would build it."""

from datetime import date, datetime, time

from knowledge.clock import LONDON
from knowledge.deadlines import load_seed
from knowledge.directory import load_directory
from knowledge.nudge_rules import Situation, due_nudges
from knowledge.resolutions import DEADLINE_ID, pending_by_partnership
from knowledge.scopes import Geography
from knowledge.term_dates import load_terms

DIRECTORY = load_directory()
GEOGRAPHY = Geography.from_directory(DIRECTORY)
JO = {"id": "sub-jo", "recipient": "conv-jo", "scope_kind": "partnership", "scope_id": "gosport", "active": True,
      "conversation_type": "personal", "user_id": "aad-jo"}
COUNTY = {"id": "sub-ann", "recipient": "conv-ann", "scope_kind": "area", "scope_id": "south", "active": True,
          "conversation_type": "personal", "user_id": "aad-ann"}


def deadlines():
    return [{**d, "id": d["seed_id"], "status": "active"} for d in load_seed(directory=DIRECTORY)]


def passed(*school_ids):
    return [{"school_id": s, "passed_on": "2010-03-10"} for s in school_ids]


def nudges(day, resolutions=None, subscriptions=(JO,), meetings=()):
    situation = Situation(now=datetime.combine(day, time(10), LONDON), deadlines=deadlines(),
                          subscriptions=list(subscriptions), geography=GEOGRAPHY, terms=load_terms(),
                          meetings=list(meetings),
                          resolutions_pending=None if resolutions is None
                          else pending_by_partnership(DIRECTORY, resolutions))
    return [n for n in due_nudges(situation) if n.deadline_id == DEADLINE_ID]


def test_the_nudge_names_the_schools_still_to_pass_it():
    [nudge] = nudges(date(2010, 3, 19), passed("bay-house-school-gosport", "bridgemary-school-gosport"))
    assert nudge.stage == "14 days before"
    still = nudge.text.split("Still to pass it: ", 1)[1]
    assert "Brune Park Community School" in still and "St Vincent College" in still
    assert "Bay House" not in nudge.text


def test_no_nudge_once_every_school_has_passed_it():
    gosport = [s.id for s in DIRECTORY.schools_in("gosport")]
    assert nudges(date(2010, 3, 19), passed(*gosport)) == []
    assert nudges(date(2010, 3, 30), passed(*gosport)) == []


def test_a_wider_scope_hears_which_partnerships_are_behind():
    gosport = [s.id for s in DIRECTORY.schools_in("gosport")]
    [nudge] = nudges(date(2010, 3, 19), passed(*gosport), subscriptions=[COUNTY])
    assert "Schools still to pass it in:" in nudge.text and "Fareham (40)" in nudge.text
    assert "Gosport (" not in nudge.text


def test_without_resolutions_it_is_nudged_as_before():
    [nudge] = nudges(date(2010, 3, 19))
    assert "Still to pass it" not in nudge.text


def test_a_withdrawn_meeting_does_not_meet_the_first_meeting_deadline():
    meeting = {"id": "m1", "partnership_id": "gosport", "date": "2010-06-09", "kind": "full"}
    situation = lambda ms: Situation(now=datetime.combine(date(2010, 7, 19), time(10), LONDON),  # noqa: E731
                                     deadlines=deadlines(), subscriptions=[JO], geography=GEOGRAPHY,
                                     terms=load_terms(), meetings=ms)
    first = [n for n in due_nudges(situation([meeting])) if n.deadline_id == "first-meeting-2010"]
    assert first == []
    withdrawn = {**meeting, "withdrawn": {"by": "aad-ann", "at": "2010-06-10T09:00:00+00:00"}}
    steering = {**meeting, "kind": "steering_group"}
    for ms in ([withdrawn], [steering]):
        [nudge] = [n for n in due_nudges(situation(ms)) if n.deadline_id == "first-meeting-2010"]
        assert "At least one meeting" in nudge.text
