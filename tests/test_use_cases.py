"""The use cases (knowledge/use_cases/) are plain async Python: no botbuilder, no turn. Called as a
shell would, over the TinyDB repositories, each says what happened, and saying it twice (a retry,
"yes" again after a crash) changes the records once."""

from datetime import datetime

from knowledge.clock import LONDON, Clock, utc_iso
from knowledge.directory import load_directory
from knowledge.records import Meeting, Scope
from knowledge.term_dates import load_terms
from knowledge.use_cases import Who
from knowledge.use_cases.deadlines import add_deadline, move_deadline
from knowledge.use_cases.directory import move_school
from knowledge.use_cases.meetings import save_meeting
from knowledge.use_cases.nudges import scan_for_nudges
from knowledge.use_cases.roles import all_grants, change_role
from storage.database import open_database
from storage.repositories import TinyDBRecords

ANN = Who("aad-ann", "Ann Admin")
AT = "2010-03-10T10:00:00+00:00"
GOSPORT = Scope("partnership", "gosport", "Gosport")


def records_in(tmp_path):
    return TinyDBRecords(open_database(str(tmp_path / "bot.json")))


async def test_a_role_given_twice_is_given_once_and_the_settings_admin_stays(tmp_path):
    records = records_in(tmp_path)
    await records.people.note("aad-sam", "Sam Jones", AT)
    change = {"change": "grant", "role": "chair", **GOSPORT.fields()}
    said = await change_role(records.roles, records.people, ["aad-ann"], user_id="aad-sam", change=change,
                             who=ANN, at=AT)
    assert said == ("Done: Sam Jones is now chair of Gosport. They can now log and change minutes and actions "
                    "there. Recorded as changed by Ann Admin on 10 March 2010 at 10:00.")
    again = await change_role(records.roles, records.people, ["aad-ann"], user_id="aad-sam", change=change,
                              who=ANN, at=AT)
    assert again == "Sam Jones is already chair of Gosport. Nothing changed."
    held = await all_grants(records.roles, records.people, ["aad-ann"])
    assert [(g.user_id, g.role, g.scope.key) for g in held] == [
        ("aad-ann", "admin", "county:county"), ("aad-sam", "chair", "partnership:gosport")]
    removing = {**change, "change": "remove", "role": "admin", **Scope.county().fields()}
    assert "because the bot's settings say so" in await change_role(
        records.roles, records.people, ["aad-ann"], user_id="aad-ann", change=removing, who=ANN, at=AT)


async def test_minutes_confirmed_twice_are_saved_once(tmp_path):
    records = records_in(tmp_path)
    draft = {"id": "draft-1", "partnership_id": "gosport", "date": "2010-03-09", "attendees": [],
             "apologies": [], "decisions": ["Agreed the terms of reference"],
             "actions": [{"text": "Circulate the terms", "owner": "Jo Smith", "due": "2010-03-19", "due_given": True}]}
    saved, new = await save_meeting(records.meetings, draft, who=ANN, at=AT)
    assert new and isinstance(saved, Meeting) and saved.actions[0].number == 1
    assert "due_given" not in saved.actions[0]
    again, new = await save_meeting(records.meetings, draft, who=ANN, at=AT)
    assert not new and again.id == saved.id
    assert len(await records.meetings.all("gosport")) == 1


async def test_a_deadline_added_and_moved_twice_changes_once(tmp_path):
    records = records_in(tmp_path)
    said = await add_deadline(records.deadlines, title="Self-evaluation", due="2011-03-31", scope=GOSPORT, who=ANN,
                              at=AT, change_id="c1")
    assert said.startswith('Added: "Self-evaluation" for the Gosport partnership, due Thursday 31 March 2011.')
    assert (await add_deadline(records.deadlines, title="Self-evaluation", due="2011-03-31", scope=GOSPORT,
                               who=ANN, at=AT, change_id="c1")).startswith("Already added")
    deadline = await records.deadlines.get("c1")
    moved = await move_deadline(records.deadlines, deadline, "2011-04-08", who=ANN, at=AT, change_id="c2")
    assert moved.startswith('Moved: "Self-evaluation" (the Gosport partnership) is now due Friday 8 April 2011')
    assert (await move_deadline(records.deadlines, deadline, "2011-04-08", who=ANN, at=AT,
                                change_id="c2")).startswith("Already moved")
    assert [h["what"] for h in (await records.deadlines.get("c1")).history] == [
        "added, due 2011-03-31", "due 2011-03-31 -> 2011-04-08"]


async def test_a_school_moved_twice_is_moved_once(tmp_path):
    records, directory = records_in(tmp_path), load_directory()
    school = next(s for s in directory.schools.values() if s.partnership_id == "andover")
    said = await move_school(records.moves, directory, school_id=school.id, partnership_id="romsey", who=ANN,
                             at=AT, move_id="m1")
    assert said.startswith(f"Done: {school.name} is now in the Romsey partnership (it was in Andover).")
    assert directory.schools[school.id].partnership_id == "romsey"
    assert (await move_school(records.moves, directory, school_id=school.id, partnership_id="romsey", who=ANN,
                              at=AT, move_id="m1")).startswith("Already done")
    assert len(await records.moves.all()) == 1


async def test_a_scan_claims_each_nudge_before_sending_it_and_never_sends_it_twice(tmp_path):
    records, directory = records_in(tmp_path), load_directory()
    from knowledge.deadlines import load_seed
    await records.deadlines.seed(load_seed(directory=directory), AT)
    await records.subscriptions.subscribe(recipient="msteams:jo", scope=GOSPORT, reference={}, tenant_id="",
                                          conversation_type="personal", user_id="aad-jo", user_name="Jo",
                                          at=AT)
    clock = Clock(at=datetime(2010, 7, 19, 10, 0, tzinfo=LONDON))
    sent = []

    async def send(nudge, subscription):
        # Claimed before it goes: the ledger says "sending" while the channel is asked.
        assert (await records.ledger.get(nudge.key)).state == "sending"
        sent.append((nudge.recipient, subscription.scope.key))
        return f"activity-{len(sent)}"

    outcomes = await scan_for_nudges(records, directory, clock, load_terms(), send)
    assert outcomes and [outcome for _n, outcome in outcomes] == ["sent"] * len(outcomes)
    assert set(sent) == {("msteams:jo", "partnership:gosport")}
    assert await scan_for_nudges(records, directory, clock, load_terms(), send) == []
    entries = await records.ledger.entries()
    assert [(e.state, e.activity_id) for e in entries] == [("sent", f"activity-{i + 1}") for i in range(len(sent))]
    assert utc_iso(clock.now()) == entries[0].sent_at
