"""A TinyDB file with N meetings (each with 2 actions) and N nudge records, for the growth bench.

One meeting is stored through the real repository (`storage.meetings.save_meeting`) to get the
exact shape it writes; the other N-1 are copies of it with their own ids, dates, partnerships and
action numbers, stored in one bulk load (`store_meetings`: a file each, synced once at the end;
fsyncing 20,000 files one by one would only slow the seeding).
The nudge records are the same: one claimed and marked sent through `storage.nudge_ledger`
(issue 4), the rest copies of it with their own keys (`store_records`).
"""

import copy
import json
import uuid
from datetime import date, timedelta
from pathlib import Path

from knowledge.directory import load_directory
from storage.bot_state_storage import state_documents
from storage.database import forget_documents_in_memory, open_database
from storage.meetings import meetings_for, save_meeting, store_meetings
from storage.nudge_ledger import claim, mark_sent, records, store_records
FIRST_DAY = date(2010, 3, 1)
AT = "2010-07-01T09:00:00+00:00"


def sample_nudge(i: int) -> dict:
    item = f"action:gosport:{i}"
    recipient = f"msteams:a:personal-{i % 500}"
    return {"key": f"{item}|3 days before|{recipient}", "item": item, "stage": "3 days before",
            "recipient": recipient, "subscription_id": f"sub-{i % 500}", "kind": "action", "deadline_id": "",
            "subject": "partnership:gosport", "partnership_id": "gosport", "action_number": i,
            "due": "2010-07-04", "text": f"Action {i} for the Gosport partnership: \"book the hall\" is due in 3 days."}


def sample_meeting(partnership_id: str, day: date) -> dict:
    return {
        "partnership_id": partnership_id, "date": day.isoformat(), "kind": "full",
        "attendees": [
            {"person": "Jo Smith", "organisation": "Perins School", "category": "school", "school_id": None},
            {"person": "Sam Patel", "organisation": "Hampshire County Council", "category": "council",
             "school_id": None},
            {"person": "Alex Brown", "organisation": "Hampshire Constabulary", "category": "police",
             "school_id": None},
        ],
        "apologies": [{"person": "Chris Green", "organisation": "Primary Care Trust", "category": "health",
                       "school_id": None}],
        "decisions": ["Agree the summary delivery plan priorities for September."],
        "actions": [
            {"text": "Circulate the draft summary delivery plan", "owner": "Jo Smith",
             "due": (day + timedelta(days=14)).isoformat()},
            {"text": "Invite the college to the next full meeting", "owner": "Sam Patel",
             "due": (day + timedelta(days=28)).isoformat()},
        ],
    }


def seed(path: Path, count: int) -> dict:
    """Create the database `path` (in a folder of its own) holding `count` meetings and `count`
    nudge records; return what was stored and the bytes of its files."""
    partnership_ids = sorted(load_directory().partnerships)
    database = open_database(str(path))
    template = save_meeting(database, sample_meeting(partnership_ids[0], FIRST_DAY),
                            by="aad-jo", by_name="Jo Smith", at=AT)
    next_number = {pid: 1 for pid in partnership_ids}
    next_number[partnership_ids[0]] = 3
    meetings = []
    for i in range(1, count):
        pid = partnership_ids[i % len(partnership_ids)]
        day = FIRST_DAY + timedelta(days=i % 1500)
        meeting = copy.deepcopy(template)
        meeting.update(id=uuid.uuid4().hex, partnership_id=pid, date=day.isoformat())
        for action in meeting["actions"]:
            action["number"] = next_number[pid]
            action["due"] = (day + timedelta(days=14 * action["number"] % 60)).isoformat()
            action["status"] = "done" if i % 3 == 0 else "open"
            next_number[pid] += 1
        meetings.append(meeting)
    claim(database, sample_nudge(0), scan_id="bench-seed", at=AT, on=AT[:10])
    mark_sent(database, sample_nudge(0)["key"], activity_id="bench-activity-0", at=AT)
    [sent] = records(database)
    nudges = []
    for i in range(1, count):
        nudge = {**copy.deepcopy(sent), **sample_nudge(i), "activity_id": f"bench-activity-{i}"}
        nudges.append(nudge)
    store_meetings(database, meetings)
    store_records(database, nudges)
    stored = (len(meetings_for(database)), len(records(database)))
    database.close()
    if stored != (count, count):
        raise RuntimeError(f"seeded {stored} meetings and nudge records, wanted {count} of each")
    return {"meetings": count, "actions": 2 * count, "nudge_records": count,
            "file_bytes": sum(f.stat().st_size for f in path.parent.rglob(f"*{path.suffix}")
                              if f.name.startswith(path.stem + ".") or f.parent != path.parent)}


def conversation_state(i: int) -> dict:
    """One person's personal chat as the bot keeps it after a directory question."""
    return {"key": f"msteams/conversations/bench-stored-{i}",
            "item": {"conversation_data": {"last_sources": [
                {"document": "letter", "paragraph": "",
                 "passage": "A partnership of schools west of the A3 to include those schools in the Horndean "
                            "area currently supported by the Havant Education and Inclusion team"}]},
                     "dialog_state": {"py/object": "botbuilder.dialogs.dialog_state.DialogState",
                                      "_dialog_stack": []}},
            "e_tag": uuid.uuid4().hex}


def seed_conversations(path: Path, count: int) -> int:
    """`count` stored conversations in the store at `path`, as the bot's state storage keeps them
    (bot/bot_state_storage.py), written straight to their files: fsyncing 20,000 of them one by
    one would only slow the seeding. Returns the number now stored."""
    database = open_database(str(path))
    documents = state_documents(database)
    for i in range(count):
        row = conversation_state(i)
        documents.path_of(row["key"]).write_bytes(documents.file_content(json.dumps(row)))
    database.close()
    forget_documents_in_memory()
    return len(list(documents.folder.glob("*.json")))
