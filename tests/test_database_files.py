"""The database keeps each table in its own file and each meeting and nudge record in a file of its
own, every one written atomically: saving conversation state never rewrites the meeting records,
logging a meeting never rewrites another, and nothing a caller does to what it read changes the data.
A store in an older layout (every table in bot.json, meetings in one table or a table per
partnership, the nudge ledger in one table) opens with nothing lost."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage import nudge_ledger
from tests.processes import free_port
from storage.database import CorruptDatabaseError, forget_documents_in_memory, open_database
from storage.directory_changes import all_moves, record_move
from storage.meetings import meeting_by_id, meeting_documents, meetings_for, open_actions, save_meeting, update_action

AT = "2010-07-01T09:00:00+00:00"
ROOT = Path(__file__).resolve().parent.parent


def a_meeting(partnership_id="winchester"):
    return {"partnership_id": partnership_id, "date": "2010-07-01", "attendees": [], "apologies": [],
            "decisions": ["Agree the plan"], "actions": [{"text": "Send the plan", "owner": "Jo Smith", "due": None}]}


def a_move(school_id="perins", by_name="Jo Smith"):
    return {"school_id": school_id, "school_name": "Perins School", "partnership_id": "winchester",
            "previous_partnership_id": None, "by": "aad-jo", "by_name": by_name, "at": AT}


def as_if_a_new_process():
    """Forget the records this process keeps in memory, so the next open reads the files."""
    forget_documents_in_memory()


def files_of(folder):
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in folder.iterdir()}


def test_saving_conversation_state_leaves_the_meeting_files_untouched(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    before = files_of(tmp_path / "bot.meetings")

    database.table("bot_state").insert({"key": "conversation-1", "item": {"turns": 1}, "e_tag": "1"})

    assert files_of(tmp_path / "bot.meetings") == before
    assert json.loads((tmp_path / "bot.bot_state.json").read_text())["1"]["key"] == "conversation-1"
    assert json.loads((tmp_path / "bot.json").read_text()) == {}


def test_logging_a_meeting_writes_its_own_file_and_no_other(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    winchester = save_meeting(database, a_meeting("winchester"), by="aad-jo", by_name="Jo Smith", at=AT)
    before = files_of(tmp_path / "bot.meetings")

    gosport = save_meeting(database, a_meeting("gosport"), by="aad-jo", by_name="Jo Smith", at=AT)

    after = files_of(tmp_path / "bot.meetings")
    added = meeting_documents(database).path_of(gosport["id"]).name
    assert set(after) == set(before) | {added}
    assert {name: after[name] for name in before} == before
    assert sorted(m["partnership_id"] for m in meetings_for(database)) == ["gosport", "winchester"]
    assert [m["partnership_id"] for m in meetings_for(database, "gosport")] == ["gosport"]
    assert meeting_documents(database).path_of(winchester["id"]).name in before


def test_changing_what_was_read_does_not_change_the_records(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    meeting = meetings_for(database)[0]
    meeting["actions"][0]["text"] = "scribbled on"
    meeting["decisions"].append("not agreed")
    assert meetings_for(database)[0]["actions"][0]["text"] == "Send the plan"
    assert meetings_for(database)[0]["decisions"] == ["Agree the plan"]


def test_meetings_and_action_numbers_are_read_back_by_a_new_process(tmp_path):
    path = str(tmp_path / "bot.json")
    database = open_database(path)
    first = save_meeting(database, a_meeting("gosport"), by="aad-jo", by_name="Jo Smith", at=AT)
    update_action(database, "gosport", 1, {"status": "done"}, by="aad-jo", by_name="Jo Smith", at=AT)
    as_if_a_new_process()

    reopened = open_database(path)
    second = save_meeting(reopened, a_meeting("gosport"), by="aad-jo", by_name="Jo Smith", at=AT)

    assert meeting_by_id(reopened, first["id"])["actions"][0]["status"] == "done"
    assert [a["number"] for a in second["actions"]] == [2]
    assert [a["number"] for a in open_actions(reopened, "gosport")] == [2]


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


def stored_meeting(meeting_id, partnership_id, day, numbers, status="open"):
    return {"id": meeting_id, "partnership_id": partnership_id, "date": day, "kind": "full", "attendees": [],
            "apologies": [], "decisions": [], "logged_by": "aad-jo", "logged_by_name": "Jo Smith", "logged_at": AT,
            "history": [], "actions": [{"number": n, "text": f"action {n}", "owner": "Jo Smith", "owner_user_id": None,
                                        "due": None, "status": status, "history": []} for n in numbers]}


def a_ledger_record(key, state="sent"):
    return {"key": key, "item": "action:gosport:1", "stage": "3 days before", "recipient": "msteams:a:personal-1",
            "subscription_id": "sub-1", "kind": "action", "deadline_id": "", "subject": "partnership:gosport",
            "partnership_id": "gosport", "action_number": 1, "due": "2010-07-04", "text": "Action 1 is due.",
            "state": state, "attempts": 1, "created_at": AT, "created_on": "2010-07-01", "claimed_by": "scan",
            "claimed_at": AT, "errors": [], "sent_at": AT, "activity_id": "activity-1"}


OLD_STORE = {
    # the first layout: every meeting in one table
    "meetings": {"1": stored_meeting("m-first", "gosport", "2010-03-09", [1, 2], status="done")},
    # the layout before this one: a table per partnership
    "meetings_gosport": {"1": stored_meeting("m-second", "gosport", "2010-06-09", [3])},
    "meetings_fareham": {"1": stored_meeting("m-third", "fareham", "2010-06-10", [1])},
    "nudge_ledger": {"1": a_ledger_record("action:gosport:1|3 days before|msteams:a:personal-1")},
    "directory_moves": {"1": {"school_id": "perins", "partnership_id": "winchester", "at": AT}},
}


def test_meetings_and_the_ledger_in_an_old_single_file_store_open_with_nothing_lost_and_move_once(tmp_path):
    (tmp_path / "bot.json").write_text(json.dumps(OLD_STORE), encoding="utf-8")

    database = open_database(str(tmp_path / "bot.json"), sole_writer=True)

    assert [m["id"] for m in meetings_for(database)] == ["m-first", "m-second", "m-third"]
    assert [a["number"] for a in open_actions(database, "gosport")] == [3]
    assert [r["key"] for r in nudge_ledger.records(database)] == [next(iter(OLD_STORE["nudge_ledger"].values()))["key"]]
    # Numbering goes on from the old numbers: the next Gosport action is 4.
    saved = save_meeting(database, a_meeting("gosport"), by="aad-jo", by_name="Jo Smith", at=AT)
    assert [a["number"] for a in saved["actions"]] == [4]
    # The old tables are gone from the store, each kept as its .bak, and the first file as it was.
    assert database.tinydb.tables() == {"directory_moves"}
    for table in ("meetings", "meetings_gosport", "meetings_fareham", "nudge_ledger"):
        assert json.loads((tmp_path / f"bot.{table}.json.bak").read_text()) == OLD_STORE[table]
    assert json.loads((tmp_path / "bot.json.single-file").read_text()) == OLD_STORE
    database.close()

    # Opened again (a new process), nothing is moved twice and nothing is lost.
    as_if_a_new_process()
    (tmp_path / "bot.meetings_gosport.json.bak").unlink()        # were it moved again, it would be rewritten
    again = open_database(str(tmp_path / "bot.json"), sole_writer=True)
    assert [m["id"] for m in meetings_for(again)][:3] == ["m-first", "m-second", "m-third"]
    assert len(meetings_for(again)) == 4
    assert not (tmp_path / "bot.meetings_gosport.json.bak").exists()
    again.close()


def test_a_move_cut_short_by_a_crash_is_finished_at_the_next_start(tmp_path):
    """The crash came after some meetings were written into the folder but before the old table
    went: the next start writes them all again and loses none."""
    (tmp_path / "bot.meetings_gosport.json").write_text(json.dumps(
        {"1": stored_meeting("m-1", "gosport", "2010-03-09", [1]),
         "2": stored_meeting("m-2", "gosport", "2010-06-09", [2])}), encoding="utf-8")
    (tmp_path / "bot.meetings").mkdir()
    half = {"meetings": {"1": stored_meeting("m-1", "gosport", "2010-03-09", [1])}}
    (tmp_path / "bot.meetings" / file_name_of("m-1")).write_text(json.dumps(half), encoding="utf-8")
    database = open_database(str(tmp_path / "bot.json"))

    assert [m["id"] for m in meetings_for(database, "gosport")] == ["m-1", "m-2"]
    assert not (tmp_path / "bot.meetings_gosport.json").exists()
    assert len(list((tmp_path / "bot.meetings").glob("*.json"))) == 2


def file_name_of(meeting_id):
    """A meeting's file name (the folder's path_of), without opening the folder, which would move the table."""
    return hashlib.sha256(meeting_id.encode("utf-8")).hexdigest() + ".json"


def test_two_handles_on_one_store_see_each_others_writes(tmp_path):
    first = open_database(str(tmp_path / "bot.json"))
    second = open_database(str(tmp_path / "bot.json"))
    save_meeting(first, a_meeting("winchester"), by="aad-jo", by_name="Jo Smith", at=AT)
    assert [m["partnership_id"] for m in meetings_for(second)] == ["winchester"]
    update_action(second, "winchester", 1, {"status": "done"}, by="aad-jo", by_name="Jo Smith", at=AT)
    assert open_actions(first) == []
    record_move(first, **a_move())
    assert [m["school_id"] for m in all_moves(second)] == ["perins"]
    second.table("directory_moves").truncate()
    assert all_moves(first) == []


def test_a_table_restored_from_its_backup_is_read_again(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    record_move(database, **a_move("perins"))
    record_move(database, **a_move("henry-beaufort"))
    backup = tmp_path / "bot.directory_moves.json.bak"
    assert [m["school_id"] for m in json.loads(backup.read_text()).values()] == ["perins"]

    (tmp_path / "bot.directory_moves.json").write_bytes(backup.read_bytes())

    assert [m["school_id"] for m in all_moves(database)] == ["perins"]


def test_a_damaged_table_file_stops_the_bot_at_start_up_and_names_the_backup(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    record_move(database, **a_move())
    (tmp_path / "bot.directory_moves.json").write_text('{"1": {"school_id": "per', encoding="utf-8")
    with pytest.raises(CorruptDatabaseError, match=r"bot\.directory_moves\.json is damaged.*bot\.directory_moves\.json\.bak"):
        open_database(str(tmp_path / "bot.json"))


def test_a_damaged_meeting_file_stops_the_bot_at_start_up_and_names_it(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    saved = save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    damaged = meeting_documents(database).path_of(saved["id"])
    damaged.write_text(damaged.read_text()[:40], encoding="utf-8")
    as_if_a_new_process()
    with pytest.raises(CorruptDatabaseError) as refused:
        meeting_documents(open_database(str(tmp_path / "bot.json")))
    assert damaged.name in str(refused.value) and "restore it from your backup" in str(refused.value)

    # python app.py says so in one line and exits 1, without a stack trace.
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "BOT_DB": str(tmp_path / "bot.json"), "PORT": str(free_port())})
    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]         # after the start-up log lines
    assert last.startswith("Cannot start: ") and damaged.name in last
    assert "Traceback" not in result.stderr


def test_a_temporary_file_left_by_a_crash_is_not_a_table(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    record_move(database, **a_move())
    (tmp_path / ".bot.directory_moves.json.4242.1.tmp").write_text('{"1": {"half": ', encoding="utf-8")
    again = open_database(str(tmp_path / "bot.json"))
    assert again.tinydb.tables() == {"directory_moves"}
    assert len(all_moves(again)) == 1


def test_a_temporary_meeting_file_left_by_a_crash_is_not_a_meeting(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    save_meeting(database, a_meeting(), by="aad-jo", by_name="Jo Smith", at=AT)
    (tmp_path / "bot.meetings" / ".0123abcd.json.4242.1.tmp").write_text('{"meetings": {"1": {"half": ',
                                                                          encoding="utf-8")
    as_if_a_new_process()
    again = open_database(str(tmp_path / "bot.json"), sole_writer=True)
    assert len(meetings_for(again)) == 1
    assert not list((tmp_path / "bot.meetings").glob("*.tmp"))
    again.close()


def test_dropping_every_table_removes_their_files(tmp_path):
    database = open_database(str(tmp_path / "bot.json"))
    record_move(database, **a_move())
    database.table("bot_state").insert({"key": "c"})
    database.tinydb.drop_tables()
    assert not (tmp_path / "bot.directory_moves.json").exists()
    assert open_database(str(tmp_path / "bot.json")).tinydb.tables() == set()


def test_a_nudge_claimed_before_a_crash_is_on_disk_for_the_next_start_and_never_claimed_again(tmp_path):
    path = str(tmp_path / "bot.json")
    record = a_ledger_record("action:gosport:1|3 days before|msteams:a:personal-1")
    nudge = {field: record[field] for field in nudge_ledger.NUDGE_FIELDS}
    assert nudge_ledger.claim(open_database(path), nudge, scan_id="first", at=AT, on="2010-07-01")
    as_if_a_new_process()           # the crash: killed before the send was marked

    again = open_database(path)
    assert nudge_ledger.claim(again, nudge, scan_id="second", at=AT, on="2010-07-01") is None
    assert [r["key"] for r in nudge_ledger.recover(again, at=AT)] == [nudge["key"]]
    as_if_a_new_process()
    third = open_database(path)
    assert nudge_ledger.recover(third, at=AT) == []
    assert nudge_ledger.get(third, nudge["key"])["state"] == "uncertain"
