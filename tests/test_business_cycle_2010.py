"""Gosport through 2010 and into 2011, in plain Python over a real TinyDB store (issue 15):
governors' resolutions in March, a first full meeting in June (and a steering group, and a meeting
logged by mistake and withdrawn), the delivery plan in July, one full meeting a term from September
with the police and Bridgemary School drifting away. At each point every question of the business
cycle is answered from the store, the county view agrees, and the pictures are drawn to files.

These are the functions the chat handlers will call; the conversation tests come with the wiring.
"""

from datetime import date, datetime, time

import pytest

from knowledge.attendance import read_attendance
from knowledge.clock import LONDON
from knowledge.corrections import BadChange, adding, apply_change, history_text, withdraw
from knowledge.county import MET, NOT_MET, NOT_YET, county_partnerships, county_text, county_view
from knowledge.county_schools import starter_schools
from knowledge.deadlines import load_seed
from knowledge.delivery_plans import DEADLINE_ID as PLAN_DEADLINE, deadline_scope, missing_outcomes, plan_text
from knowledge.directory import load_directory
from knowledge.engagement import ABSENT, APOLOGIES, PRESENT, engagement, engagement_text, missed_last, \
    partners_text, school_text
from knowledge.engagement_report import engagement_markdown
from knowledge.meeting_types import read_meeting_type
from knowledge.nudge_rules import Situation, due_nudges
from knowledge.pictures import MAX_BYTES, attendance_picture, county_picture
from knowledge.resolutions import DEADLINE_ID as RESOLUTION_DEADLINE, pending, pending_by_partnership, \
    pending_text
from knowledge.scopes import Geography
from knowledge.term_dates import load_terms
from storage import deadlines, delivery_plans, meetings, resolutions
from storage.database import forget_documents_in_memory, open_database

# The story is told of Gosport's secondary schools and college, as the 2010 starter list had them.
DIRECTORY = load_directory(schools=starter_schools())
TERMS = load_terms()
GOSPORT = DIRECTORY.schools_in("gosport")
BAY_HOUSE, BRIDGEMARY = "bay-house-school-gosport", "bridgemary-school-gosport"
BRUNE_PARK, ST_VINCENT = "brune-park-community-school-gosport", "st-vincent-college-gosport"
JO = {"by": "aad-jo", "by_name": "Jo Smith"}
ANN = {"by": "aad-ann", "by_name": "Ann Admin"}
SUBSCRIPTION = {"id": "sub-jo", "recipient": "conv-jo", "scope_kind": "partnership", "scope_id": "gosport",
                "active": True, "conversation_type": "personal", "user_id": "aad-jo"}


def at(day: str) -> str:
    return f"{day}T10:00:00+00:00"


class Gosport:
    """The store and the questions, as a chat handler would ask them."""

    def __init__(self, tmp_path):
        self.db = open_database(str(tmp_path / "bot.json"))
        deadlines.seed(self.db, load_seed(directory=DIRECTORY), at("2010-03-01"))

    def log(self, day: str, present: str, apologies: str = "none", kind: str = "full", **more) -> dict:
        meeting = {"partnership_id": "gosport", "date": day, "kind": kind,
                   "attendees": read_attendance(present, DIRECTORY), "apologies": read_attendance(apologies, DIRECTORY),
                   "decisions": more.get("decisions", []), "actions": more.get("actions", []),
                   "id": more.get("id", "")}
        return meetings.save_meeting(self.db, meeting, **JO, at=at(day))

    def engagement(self):
        return engagement(meetings.meetings_for(self.db, "gosport"), GOSPORT, "Gosport")

    def county(self, today: str):
        partnerships = county_partnerships(DIRECTORY)
        return county_view(partnerships, meetings.meetings_for(self.db), TERMS, date.fromisoformat(today),
                           resolutions.all_resolutions(self.db), delivery_plans.all_plans(self.db),
                           {pid: DIRECTORY.schools_in(pid) for pid, _ in partnerships})

    def nudges(self, day: str, deadline_id: str) -> list:
        situation = Situation(now=datetime.combine(date.fromisoformat(day), time(10), LONDON),
                              deadlines=deadlines.all_deadlines(self.db), subscriptions=[SUBSCRIPTION],
                              geography=Geography.from_directory(DIRECTORY), terms=TERMS,
                              meetings=meetings.meetings_for(self.db),
                              resolutions_pending=pending_by_partnership(DIRECTORY, resolutions.all_resolutions(self.db)))
        return [n for n in due_nudges(situation) if n.deadline_id == deadline_id]


def gosport_row(view):
    return next(r for r in view.rows if r.partnership_id == "gosport")


def test_meeting_types_are_read_from_words():
    assert read_meeting_type("steering group meeting") == "steering_group"
    assert read_meeting_type("it was the full partnership meeting") == "full"
    assert read_meeting_type("county chairs group") == "chairs_group"
    assert read_meeting_type("the NEET working group") == "working_group"
    assert read_meeting_type("Tuesday at Bay House") is None


def test_gosport_through_2010(tmp_path):
    g = Gosport(tmp_path)

    # ---- March: governors' resolutions ------------------------------------------------------------
    assert [s.id for s in pending(GOSPORT, resolutions.all_resolutions(g.db))] == \
        [BAY_HOUSE, BRIDGEMARY, BRUNE_PARK, ST_VINCENT]
    resolutions.record(g.db, BRIDGEMARY, "2010-03-18", partnership_id="gosport", **JO, at=at("2010-03-18"),
                       change_id="r1")
    resolutions.record(g.db, BAY_HOUSE, "2010-03-24", partnership_id="gosport", **JO, at=at("2010-03-25"),
                       change_id="r2")
    with pytest.raises(resolutions.AlreadyDone):         # 'yes' said twice writes once
        resolutions.record(g.db, BAY_HOUSE, "2010-03-24", **JO, at=at("2010-03-25"), change_id="r2")
    resolutions.record(g.db, BAY_HOUSE, "2010-03-25", **JO, at=at("2010-03-26"), change_id="r3")    # a correction
    bay_house = resolutions.for_school(g.db, BAY_HOUSE)
    assert bay_house["passed_on"] == "2010-03-25" and len(bay_house["history"]) == 2
    assert "2010-03-24 -> 2010-03-25" in bay_house["history"][-1]["what"]
    text = pending_text("Gosport", GOSPORT, resolutions.all_resolutions(g.db))
    assert "2 of 4 Gosport schools have passed" in text
    assert "Still to pass it: Brune Park Community School and St Vincent College." in text

    [nudge] = g.nudges("2010-03-30", RESOLUTION_DEADLINE)
    assert nudge.stage == "3 days before"
    assert "Still to pass it: Brune Park Community School, St Vincent College." in nudge.text
    march = g.county("2010-03-31")
    assert march.terms == ()                                       # no term of the new partnerships yet
    assert (gosport_row(march).resolutions_passed, gosport_row(march).schools) == (2, 4)
    assert "Gosport (2 of 4)" in county_text(march)

    resolutions.record(g.db, BRUNE_PARK, "2010-03-31", **JO, at=at("2010-03-31"))
    resolutions.record(g.db, ST_VINCENT, "2010-04-01", **JO, at=at("2010-04-01"))
    assert g.nudges("2010-04-01", RESOLUTION_DEADLINE) == []       # all passed: no more nudges
    assert "All 4 Gosport schools' governors have passed" in \
        pending_text("Gosport", GOSPORT, resolutions.all_resolutions(g.db))

    # ---- June: the first full meeting, a steering group, and one logged by mistake -------------------
    assert "No full partnership meetings of Gosport are recorded yet" in engagement_text(g.engagement())
    first = g.log("2010-06-09", "Head of Bay House, Jo Smith (Gosport Police), Dr Patel (PCT), "
                                "St Vincent College principal, Children's Centre manager",
                  apologies="Brune Park School", id="june")
    g.log("2010-06-16", "Head of Bay House, Sam Lee (Gosport Borough Council)", kind="steering_group")
    mistake = g.log("2010-06-20", "Head of Bridgemary, Gosport CVS", id="mistake",
                    actions=[{"text": "book the hall", "owner": "Sam", "due": "2010-07-01"}])
    assert [a["number"] for a in meetings.open_actions(g.db, "gosport")] == [1]
    meetings.save_correction(g.db, withdraw(mistake, **ANN, at=at("2010-06-21"), reason="logged twice"))
    assert meetings.open_actions(g.db, "gosport") == []
    counted = [m["id"] for m in meetings.counted_meetings_for(g.db, "gosport")]
    assert len(counted) == 2 and counted[0] == "june" and "mistake" not in counted       # kept, not counted
    assert meetings.meeting_by_id(g.db, "mistake")["withdrawn"]["reason"] == "logged twice"

    june = g.engagement()
    assert june.columns() == ["2010-06-09"]                        # not the steering group, not the withdrawn
    assert june.row(BAY_HOUSE).marks == (PRESENT,)
    assert june.row(BRUNE_PARK).marks == (APOLOGIES,)
    assert june.row("police").marks == (PRESENT,) and june.row("voluntary_sector").marks == (ABSENT,)
    assert school_text(june, BAY_HOUSE).startswith("Yes: Bay House School has been to 1 of Gosport's 1 full "
                                                   "partnership meeting, most recently on 9 June 2010.")
    assert school_text(june, BRIDGEMARY).startswith("No: Bridgemary School has not been to any")
    assert school_text(june, BRUNE_PARK).endswith("(apologies sent 1 time).")
    assert "not at any of Gosport's 1 full partnership meeting: youth offending, voluntary sector, " \
           "Children's Services and district or borough council." in partners_text(june)
    assert missed_last(june) == []                                  # one meeting: nobody has missed two yet
    summer = g.county("2010-06-30")
    assert summer.terms[0].name == "summer term 2010"
    assert gosport_row(summer).terms == (MET,)
    assert next(r for r in summer.rows if r.partnership_id == "fareham").terms == (NOT_YET,)
    assert g.nudges("2010-07-19", "first-meeting-2010") == []       # at least one meeting by July: met

    # A correction to the June minutes: the date, and an apology forgotten.
    stored = meetings.meeting_by_id(g.db, "june")
    late = read_attendance("Youth Offending Team", DIRECTORY)
    changed = apply_change(stored, {"date": "2010-06-10", **adding(stored, "apologies", late)}, **JO,
                           at=at("2010-06-11"), change_id="c1")
    meetings.save_correction(g.db, changed)
    with pytest.raises(meetings.AlreadySaved):
        meetings.save_correction(g.db, changed)
    with pytest.raises(meetings.StaleCorrection):                   # made from the old record: make it again
        meetings.save_correction(g.db, apply_change(stored, {"decisions": ["x"]}, **JO, at=at("2010-06-11")))
    with pytest.raises(BadChange):
        apply_change(meetings.meeting_by_id(g.db, "mistake"), {"date": "2010-06-21"}, **ANN, at=at("2010-06-22"))
    june = g.engagement()
    assert june.columns() == ["2010-06-10"] and june.row("youth_offending").marks == (APOLOGIES,)
    history = history_text(meetings.meeting_by_id(g.db, "june"))
    assert "Jo Smith: date: 9 June 2010 -> 10 June 2010; apologies: added Youth Offending Team" in history
    assert first["history"][0]["what"] == "logged the meeting"

    # ---- July: the delivery plan ------------------------------------------------------------------
    priorities = ["Reduce the number of young people NEET", "Reduce teenage pregnancy", "Improve attendance",
                  "Transition from primary to secondary", "Parenting support", "Emotional wellbeing",
                  "Anti-bullying", "Healthy lifestyles", "Youth provision in Leesland", "Early help"]
    delivery_plans.save_plan(g.db, "gosport", priorities, "2010-07-15", agreed_by="the full partnership meeting",
                             **JO, at=at("2010-07-15"), change_id="p1")
    plan = delivery_plans.plan_for(g.db, "gosport")
    assert [o.id for o in missing_outcomes(plan["priorities"])] == ["vulnerable_attainment"]
    assert "It does not yet address: the educational attainment of vulnerable children." in \
        plan_text(plan, "Gosport")
    assert len(g.nudges("2010-07-28", PLAN_DEADLINE)) == 1
    deadlines.mark_done(g.db, PLAN_DEADLINE, deadline_scope("gosport"), **JO, at=at("2010-07-15"))
    assert g.nudges("2010-07-28", PLAN_DEADLINE) == []
    delivery_plans.save_plan(g.db, "gosport", [*priorities[:9], "Narrow the gap for looked after children"],
                             "2010-07-20", **JO, at=at("2010-07-20"), change_id="p2")
    plan = delivery_plans.plan_for(g.db, "gosport")
    assert missing_outcomes(plan["priorities"]) == []
    assert plan["history"][-1]["previous"]["priorities"][-1] == "Early help"
    july = g.county("2010-07-31")
    assert gosport_row(july).plan_agreed_on == "2010-07-20" and gosport_row(july).outcomes_missing == ()
    assert "Delivery plans: 1 of 15 agreed" in county_text(july)

    # ---- From September: one full meeting a term; the police and Bridgemary drift away ---------------
    g.log("2010-09-22", "Head of Bay House, Head of Bridgemary, Jo Smith (Gosport Police), St Vincent College "
                        "principal, Brune Park School")
    g.log("2010-11-17", "Head of Bay House, St Vincent College principal, Brune Park School, Dr Patel (PCT)",
          apologies="Jo Smith (Gosport Police)")
    autumn = g.engagement()
    assert [r.label for r in missed_last(autumn) if PRESENT in r.marks] == \
        ["early years and children's centres"]       # at the June meeting only
    g.log("2011-02-09", "Head of Bay House, St Vincent College principal, Brune Park School, Dr Patel (PCT)")
    spring = g.engagement()
    drifting = [r.key for r in missed_last(spring) if PRESENT in r.marks]
    assert drifting == [BRIDGEMARY, "early_years", "police"]
    text = engagement_text(spring)
    assert "Gosport has 4 full partnership meetings recorded, from 10 June 2010 to 9 February 2011." in text
    assert "Missed the last two meetings: Bridgemary School; early years and children's centres; and police " \
           "(apologies once)." in text
    assert "Came before but missed the last two: early years and children's centres; and police (apologies once)" \
        in partners_text(spring)
    assert "It missed the last two." in school_text(spring, BRIDGEMARY)

    view = g.county("2011-02-20")
    assert [t.name for t in view.terms] == ["summer term 2010", "autumn term 2010", "spring term 2011"]
    assert gosport_row(view).terms == (MET, MET, MET)
    assert next(r for r in view.rows if r.partnership_id == "fareham").terms == (NOT_MET, NOT_MET, NOT_YET)
    assert "Autumn term 2010: 1 of 15 met; did not meet: Alton" in county_text(view)
    assert "Governors' resolutions: 4 of 72 schools have passed it" in county_text(view)
    # The county's table is the picture's data.
    assert view.term_table()[0] == ["", "summer term 2010", "autumn term 2010", "spring term 2011"]

    # ---- Pictures and the report ----------------------------------------------------------------------
    for picture in (attendance_picture(spring), county_picture(view)):
        path = tmp_path / picture.file_name
        path.write_bytes(picture.png)
        assert picture.png.startswith(b"\x89PNG") and 5_000 < path.stat().st_size < MAX_BYTES
        assert picture.alt and picture.text
    assert "- police: present 10 Jun 10, 22 Sep 10; apologies 17 Nov 10; absent 9 Feb 11" in \
        attendance_picture(spring).text
    assert "- Gosport: summer term 2010 met; autumn term 2010 met; spring term 2011 met" in \
        county_picture(view).text
    report = engagement_markdown(spring, schools=GOSPORT, resolutions=resolutions.all_resolutions(g.db),
                                 plan=delivery_plans.plan_for(g.db, "gosport"),
                                 meetings=meetings.meetings_for(g.db, "gosport"), terms=TERMS,
                                 today=date(2011, 2, 20), exported_at=at("2011-02-20"))
    (tmp_path / "engagement-gosport.md").write_text(report, encoding="utf-8")
    assert "# Gosport local children's partnership: engagement" in report
    assert "| police | ✓ | ✓ | A | ✗ |" in report
    assert "- Bay House School: passed on 25 March 2010" in report
    assert "10. Narrow the gap for looked after children _(attainment of vulnerable children)_" in report
    assert "- Autumn term 2010: met" in report


def test_pictures_leave_no_figures_behind():
    import matplotlib.pyplot as plt
    found = engagement([], GOSPORT, "Gosport")
    before = len(plt.get_fignums())
    for _ in range(5):
        assert attendance_picture(found).png.startswith(b"\x89PNG")
    assert len(plt.get_fignums()) == before


def test_a_meeting_moved_to_another_partnership_takes_the_next_action_numbers(tmp_path):
    db = open_database(str(tmp_path / "bot.json"))
    meetings.save_meeting(db, {"partnership_id": "fareham", "date": "2010-06-01",
                               "actions": [{"text": "a", "owner": "Al", "due": None}]}, **JO, at=at("2010-06-01"))
    wrong = meetings.save_meeting(db, {"partnership_id": "gosport", "date": "2010-06-02", "id": "m",
                                       "actions": [{"text": "b", "owner": "Jo", "due": None}]}, **JO,
                                  at=at("2010-06-02"))
    moved = meetings.save_correction(db, apply_change(wrong, {"partnership_id": "fareham"}, **ANN,
                                                      at=at("2010-06-03")))
    assert [a["number"] for a in moved["actions"]] == [2]
    assert meetings.meetings_for(db, "gosport") == []
    assert [m["id"] for m in meetings.meetings_for(db, "fareham")][-1] == "m"
    assert "renumbered action 1 -> 2" in moved["history"][-1]["what"]


def test_the_numbers_a_moved_meeting_leaves_behind_are_never_given_again_even_after_a_restart(tmp_path):
    db = open_database(str(tmp_path / "bot.json"))
    wrong = meetings.save_meeting(db, {"partnership_id": "gosport", "date": "2010-06-02", "id": "m",
                                       "actions": [{"text": "b", "owner": "Jo", "due": None}]}, **JO,
                                  at=at("2010-06-02"))
    meetings.save_correction(db, apply_change(wrong, {"partnership_id": "fareham"}, **ANN, at=at("2010-06-03")))
    forget_documents_in_memory()          # a restart: the counters are worked out from the files again

    again = open_database(str(tmp_path / "bot.json"))
    later = meetings.save_meeting(again, {"partnership_id": "gosport", "date": "2010-06-09",
                                          "actions": [{"text": "c", "owner": "Jo", "due": None}]}, **JO,
                                  at=at("2010-06-09"))
    assert [a["number"] for a in later["actions"]] == [2]      # Gosport's action 1 was the moved one
