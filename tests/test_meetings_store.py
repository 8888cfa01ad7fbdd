"""The meetings repository keeps a meeting and its actions together, numbered per partnership."""

from datetime import date

import pytest

from storage.database import open_database
from storage.meetings import UnknownAction, meetings_for, open_actions, save_meeting, update_action

WHO = {"by": "aad-jo", "by_name": "Jo Smith", "at": "2010-03-09T15:00:00+00:00"}


def test_actions_are_numbered_per_partnership_and_tracked(tmp_path):
    db = open_database(str(tmp_path / "bot.json"))
    save_meeting(db, {"partnership_id": "gosport", "date": "2010-03-09", "decisions": ["Adopt plan"],
                      "actions": [{"text": "circulate plan", "owner": "Jo", "due": "2010-03-19"},
                                  {"text": "book room", "owner": "Sam", "due": None}]}, **WHO)
    save_meeting(db, {"partnership_id": "gosport", "date": "2010-06-09",
                      "actions": [{"text": "report", "owner": "Jo", "due": None}]}, **WHO)
    save_meeting(db, {"partnership_id": "fareham", "date": "2010-06-10",
                      "actions": [{"text": "other", "owner": "Al", "due": None}]}, **WHO)
    assert [a["number"] for a in open_actions(db, "gosport")] == [1, 2, 3]
    assert [a["number"] for a in open_actions(db, "fareham")] == [1]
    assert len(meetings_for(db, "gosport", since=date(2010, 4, 1))) == 1

    update_action(db, "gosport", 2, {"status": "done"}, by="aad-sam", by_name="Sam", at="2010-03-10T09:00:00+00:00")
    assert [a["number"] for a in open_actions(db, "gosport", owner="jo")] == [1, 3]
    done = [a for m in meetings_for(db, "gosport") for a in m["actions"] if a["number"] == 2][0]
    assert done["history"][-1]["by_name"] == "Sam"
    with pytest.raises(UnknownAction):
        update_action(db, "gosport", 99, {"status": "done"}, **WHO)


def test_an_action_is_found_by_its_partnership_and_number(tmp_path):
    from storage.meetings import find_action, meeting_by_id, partnerships_with_action
    db = open_database(str(tmp_path / "bot.json"))
    gosport = save_meeting(db, {"partnership_id": "gosport", "date": "2010-03-09",
                                "actions": [{"text": "circulate plan", "owner": "Jo", "due": None}]}, **WHO)
    save_meeting(db, {"partnership_id": "fareham", "date": "2010-03-10",
                      "actions": [{"text": "book room", "owner": "Al", "due": None},
                                  {"text": "write", "owner": "Al", "due": None}]}, **WHO)
    assert find_action(db, "fareham", 2)["text"] == "write"
    assert find_action(db, "gosport", 1)["meeting_id"] == gosport["id"]
    assert find_action(db, "gosport", 2) is None
    assert partnerships_with_action(db, 1) == ["fareham", "gosport"]
    assert meeting_by_id(db, gosport["id"])["date"] == "2010-03-09"
    assert meeting_by_id(db, "nope") is None
