"""The database keeps each table in its own file, written atomically: saving conversation state
never rewrites the meeting records, and nothing a caller does to what it read changes the data."""

import json

import pytest

from storage.database import CorruptDatabaseError, open_database
from storage.meetings import meetings_for, save_meeting

AT = "2010-07-01T09:00:00+00:00"


def a_meeting(partnership_id="winchester"):
    return {"partnership_id": partnership_id, "date": "2010-07-01", "attendees": [], "apologies": [],
            "decisions": ["Agree the plan"], "actions": [{"text": "Send the plan", "owner": "Jo Smith", "due": None}]}


def test_saving_conversation_state_leaves_the_meetings_file_untouched(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    meetings_file = tmp_path / "bot.meetings_winchester.json"
    before = meetings_file.stat()

    database.table("bot_state").insert({"key": "conversation-1", "item": {"turns": 1}, "e_tag": "1"})

    after = meetings_file.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert json.loads((tmp_path / "bot.bot_state.json").read_text())["1"]["key"] == "conversation-1"
    assert json.loads((tmp_path / "bot.json").read_text()) == {}


def test_logging_one_partnerships_meeting_leaves_the_others_files_untouched(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting("winchester"), by="aad-jo", by_name="Jo Smith", at=AT)
    winchester = (tmp_path / "bot.meetings_winchester.json").stat()

    save_meeting(database, a_meeting("gosport"), by="aad-jo", by_name="Jo Smith", at=AT)

    after = (tmp_path / "bot.meetings_winchester.json").stat()
    assert (after.st_ino, after.st_mtime_ns) == (winchester.st_ino, winchester.st_mtime_ns)
    assert sorted(m["partnership_id"] for m in meetings_for(database)) == ["gosport", "winchester"]
    assert [m["partnership_id"] for m in meetings_for(database, "gosport")] == ["gosport"]


def test_changing_what_was_read_does_not_change_the_records(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    meeting = meetings_for(database)[0]
    meeting["actions"][0]["text"] = "scribbled on"
    meeting["decisions"].append("not agreed")
    assert meetings_for(database)[0]["actions"][0]["text"] == "Send the plan"
    assert meetings_for(database)[0]["decisions"] == ["Agree the plan"]


def test_an_old_one_file_database_is_split_and_nothing_is_lost(tmp_path):
    old = {"directory_moves": {"1": {"school_id": "perins", "partnership_id": "winchester"}},
           "bot_state": {"1": {"key": "c", "item": {}, "e_tag": "x"}}}
    (tmp_path / "bot.json").write_text(json.dumps(old), encoding="utf-8")

    database = open_database(str(tmp_path / "bot.json"))

    assert database.table("directory_moves").all() == [{"school_id": "perins", "partnership_id": "winchester"}]
    assert database.table("bot_state").all()[0]["key"] == "c"
    assert json.loads((tmp_path / "bot.json.single-file").read_text()) == old
    assert json.loads((tmp_path / "bot.json").read_text()) == {}
    assert open_database(str(tmp_path / "bot.json")).tinydb.tables() == {"directory_moves", "bot_state"}


def test_two_handles_on_one_file_see_each_others_writes(tmp_path):
    first = open_database(str(tmp_path / "bot.json"))
    second = open_database(str(tmp_path / "bot.json"))
    save_meeting(first, a_meeting("winchester"), by="aad-jo", by_name="Jo Smith", at=AT)
    assert [m["partnership_id"] for m in meetings_for(second)] == ["winchester"]
    second.table("meetings_winchester").truncate()
    assert meetings_for(first) == []


def test_a_table_restored_from_its_backup_is_read_again(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting("winchester"), by="aad-jo", by_name="Jo Smith", at=AT)
    save_meeting(database, a_meeting("winchester"), by="aad-jo", by_name="Jo Smith", at=AT)
    backup = tmp_path / "bot.meetings_winchester.json.bak"
    assert [m["partnership_id"] for m in json.loads(backup.read_text()).values()] == ["winchester"]

    (tmp_path / "bot.meetings_winchester.json").write_bytes(backup.read_bytes())

    assert [m["partnership_id"] for m in meetings_for(database)] == ["winchester"]


def test_a_damaged_table_file_stops_the_bot_at_start_up_and_names_the_backup(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    (tmp_path / "bot.meetings_winchester.json").write_text('{"1": {"partnership_id": "winch', encoding="utf-8")
    with pytest.raises(CorruptDatabaseError, match=r"bot\.meetings_winchester\.json is damaged.*bot\.meetings_winchester\.json\.bak"):
        open_database(str(tmp_path / "bot.json"))


def test_a_temporary_file_left_by_a_crash_is_not_a_table(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    (tmp_path / ".bot.meetings_winchester.json.4242.1.tmp").write_text('{"1": {"half": ', encoding="utf-8")
    again = open_database(str(tmp_path / "bot.json"))
    assert again.tinydb.tables() == {"meetings_winchester"}
    assert len(meetings_for(again)) == 1


def test_dropping_every_table_removes_their_files(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    database.table("bot_state").insert({"key": "c"})
    database.tinydb.drop_tables()
    assert not (tmp_path / "bot.meetings_winchester.json").exists()
    assert open_database(str(tmp_path / "bot.json")).tinydb.tables() == set()
