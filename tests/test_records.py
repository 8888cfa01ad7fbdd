"""Typed records (knowledge/records.py) read and write the JSON rows storage has always kept, and
the TinyDB repositories (storage/repositories.py) are the protocols of knowledge/repositories.py."""

import json

from knowledge import repositories
from knowledge.records import Action, Deadline, Grant, LedgerEntry, Meeting, Scope, Subscription
from storage import meetings as meeting_store
from storage.database import open_database
from storage.repositories import TinyDBRecords

OLD_MEETING = {   # as a 2010 file has it: no "kind", and a key this version does not know
    "id": "m1", "partnership_id": "gosport", "date": "2010-03-09",
    "attendees": [{"person": "Jo", "organisation": "Police", "category": "police", "school_id": None}],
    "apologies": [], "decisions": ["Agreed the plan"],
    "actions": [{"number": 1, "text": "Write it", "owner": "Jo", "owner_user_id": None, "due": None,
                 "status": "open", "history": []}],
    "logged_by": "u1", "logged_by_name": "Jo", "logged_at": "2010-03-09T10:00:00+00:00", "history": [],
    "room": "Committee Room 2",
}


def test_an_old_meeting_opens_and_writes_back_with_every_key_it_had():
    meeting = Meeting.from_dict(OLD_MEETING)
    assert meeting.date == "2010-03-09" and meeting.kind == "full"
    assert isinstance(meeting.actions[0], Action) and meeting.actions[0].number == 1
    assert meeting.extra == {"room": "Committee Room 2"}
    written = meeting.to_dict()
    assert {k: v for k, v in written.items() if k != "kind"} == OLD_MEETING
    assert json.loads(json.dumps(written)) == written


def test_a_record_reads_like_the_dict_it_came_from():
    meeting = Meeting.from_dict(OLD_MEETING)
    assert meeting["date"] == "2010-03-09" and meeting.get("room") == "Committee Room 2"
    assert meeting.get("withdrawn") is None and "withdrawn" not in meeting
    action = Action.from_dict({**OLD_MEETING["actions"][0], "partnership_id": "gosport", "meeting_id": "m1"})
    assert {**action}["partnership_id"] == "gosport"
    assert action == {**OLD_MEETING["actions"][0], "partnership_id": "gosport", "meeting_id": "m1"}
    assert "partnership_id" not in Action.from_dict(OLD_MEETING["actions"][0]).to_dict()


def test_one_scope_from_a_key_a_row_or_its_parts():
    gosport = Scope("partnership", "gosport", "Gosport")
    assert Scope.from_key("partnership:gosport", "Gosport") == gosport
    assert Scope.of({"scope_kind": "partnership", "scope_id": "gosport", "scope_name": "Gosport"}) == gosport
    assert gosport.key == "partnership:gosport" and gosport.phrase() == "the Gosport partnership"
    assert Scope.county().phrase() == "every partnership"
    grant = Grant.from_dict({"user_id": "u", "user_name": "Sam", "role": "chair", **gosport.fields()})
    assert grant.scope == gosport
    deadline = Deadline.from_dict({"id": "d", "title": "Plan", "due": "2010-07-31", **gosport.fields()})
    assert deadline.scope == gosport
    subscription = Subscription.from_dict({"id": "s", "recipient": "msteams:c", **gosport.fields()})
    assert subscription.scope == gosport


def test_a_ledger_entry_keeps_the_keys_it_was_stored_with():
    row = {"key": "k", "item": "i", "stage": "due", "recipient": "r", "subscription_id": "s", "kind": "deadline",
           "deadline_id": "d", "subject": "county:county", "partnership_id": "", "action_number": 0,
           "due": "2010-07-31", "text": "t", "state": "sent", "attempts": 1, "created_at": "a", "created_on": "o",
           "claimed_by": "x", "claimed_at": "a", "errors": [], "sent_at": "b", "activity_id": "act",
           "recovered_at": "later"}
    assert LedgerEntry.from_dict(row).to_dict() == row


def test_the_tinydb_repositories_are_the_protocols(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    records = TinyDBRecords(database)
    assert isinstance(records, repositories.Records)
    assert isinstance(records.meetings, repositories.Meetings)
    assert isinstance(records.deadlines, repositories.Deadlines)
    assert isinstance(records.subscriptions, repositories.Subscriptions)
    assert isinstance(records.roles, repositories.Roles)
    assert isinstance(records.ledger, repositories.NudgeLedger)
    assert isinstance(records.people, repositories.People)
    assert isinstance(records.moves, repositories.DirectoryMoves)
    database.close()


async def test_a_meeting_saved_through_the_repository_is_typed_and_saved_once(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    records = TinyDBRecords(database)
    draft = {k: OLD_MEETING[k] for k in ("id", "partnership_id", "date", "attendees", "apologies", "decisions")}
    draft["actions"] = [{"text": "Write it", "owner": "Jo", "due": None}]
    saved = await records.meetings.save(draft, by="u1", by_name="Jo", at="2010-03-09T10:00:00+00:00")
    assert isinstance(saved, Meeting) and saved.actions[0].number == 1
    try:
        await records.meetings.save(draft, by="u1", by_name="Jo", at="2010-03-09T11:00:00+00:00")
        raise AssertionError("saved twice")
    except repositories.AlreadySaved as already:
        assert isinstance(already, meeting_store.AlreadySaved) and already.record.id == "m1"
    assert [a.number for a in await records.meetings.open_actions("gosport")] == [1]
    assert len(meeting_store.meetings_for(database)) == 1
    database.close()
