"""Partnership meetings and their actions, kept in the bot's database.

A meeting is one document in its partnership's own table (`meetings_<partnership id>`), with its
actions inside it, so saving a meeting is one write: it is all there or not there at all. Keeping
each partnership's meetings apart means logging or reading Gosport's minutes never parses or
rewrites every other partnership's (TinyDB rewrites a whole table on each write). Every later change appends to the record's `history`
(who, when, what changed); nothing is overwritten silently. Times are UTC ISO strings.

A meeting:
    {"id", "partnership_id", "date": "2010-03-09", "kind": "full",
     "attendees":  [{"person", "organisation", "category", "school_id"}],
     "apologies":  [same shape],
     "decisions":  ["..."],
     "actions":    [action, ...],
     "logged_by", "logged_by_name", "logged_at", "history": [...]}
"kind" is one of knowledge/data/meeting_types.yaml (full, steering_group, chairs_group,
working_group). A corrected meeting has more history entries ({"by", "by_name", "at", "what",
"fields", "change_id"}); a withdrawn one keeps everything and adds
"withdrawn": {"by", "by_name", "at", "reason"} (knowledge/corrections.py): it counts for nothing.
An action (numbered per partnership: "action 3" is stable for ever):
    {"number", "text", "owner", "owner_user_id", "due": "2010-03-19" or None,
     "status": "open" | "done", "history": [...]}
"""

import uuid
from datetime import date

from tinydb import Query

from knowledge import repositories

from .database import Database

TABLE_PREFIX = "meetings_"


def _table(database: Database, partnership_id: str):
    return database.table(TABLE_PREFIX + partnership_id)


def _partnerships_with_meetings(database: Database) -> list[str]:
    return [name.removeprefix(TABLE_PREFIX) for name in database.tinydb.tables() if name.startswith(TABLE_PREFIX)]


UnknownAction = repositories.UnknownAction


def _history(by: str, by_name: str, at: str, what: str) -> dict:
    return {"by": by, "by_name": by_name, "at": at, "what": what}


def next_action_number(database: Database, partnership_id: str) -> int:
    numbers = [a["number"] for m in meetings_for(database, partnership_id) for a in m["actions"]]
    return max(numbers, default=0) + 1


class AlreadySaved(repositories.AlreadySaved):
    """A meeting with this id is stored already: saving a draft twice writes nothing the second time."""

    def __init__(self, record: dict):
        super().__init__(record, f"meeting {record['id']} is already saved")


def save_meeting(database: Database, meeting: dict, *, by: str, by_name: str, at: str) -> dict:
    """Store a new meeting with its actions (numbered here) in one write; returns the stored record.

    A meeting's id is its draft's, given when the chair started logging it, so saving the same draft
    again (a second press of Save, "save" after a crash, a channel's retry) raises AlreadySaved with
    the stored record and writes nothing: never a second copy with new action numbers."""
    with database.lock:
        record = dict(meeting)
        record["id"] = record.get("id") or uuid.uuid4().hex
        stored = _table(database, record["partnership_id"]).get(Query().id == record["id"])
        if stored is not None:
            raise AlreadySaved(dict(stored))
        record.setdefault("kind", "full")
        record["logged_by"], record["logged_by_name"], record["logged_at"] = by, by_name, at
        record["history"] = [_history(by, by_name, at, "logged the meeting")]
        number = next_action_number(database, record["partnership_id"])
        actions = []
        for action in meeting.get("actions", []):
            actions.append({"owner_user_id": None, **action, "number": number, "status": "open",
                            "history": [_history(by, by_name, at, "created")]})
            number += 1
        record["actions"] = actions
        _table(database, record["partnership_id"]).insert(record)
        return record


def store_meetings(database: Database, records: list[dict]) -> None:
    """Store complete meeting records as they are (already numbered, with their history), one write
    per partnership: for bulk loads such as the benchmarks' seed, not for chat."""
    by_partnership: dict[str, list] = {}
    for record in records:
        by_partnership.setdefault(record["partnership_id"], []).append(record)
    with database.lock:
        for partnership_id, meetings in by_partnership.items():
            _table(database, partnership_id).insert_multiple(meetings)


def meetings_for(database: Database, partnership_id: str | None = None, since: date | None = None) -> list[dict]:
    """Meetings of one partnership (or all), on or after `since`, oldest first."""
    with database.lock:
        partnership_ids = [partnership_id] if partnership_id else _partnerships_with_meetings(database)
        rows = [m for p in partnership_ids for m in _table(database, p).all()]
    found = [m for m in rows if since is None or m["date"] >= since.isoformat()]
    return sorted(found, key=lambda m: (m["date"], m["logged_at"]))


def meeting_by_id(database: Database, meeting_id: str) -> dict | None:
    with database.lock:
        for partnership_id in _partnerships_with_meetings(database):
            meeting = _table(database, partnership_id).get(Query().id == meeting_id)
            if meeting is not None:
                return meeting
    return None


def find_action(database: Database, partnership_id: str, number: int) -> dict | None:
    """One action by its number in its partnership, with partnership_id and meeting_id added."""
    for meeting in meetings_for(database, partnership_id):
        for action in meeting["actions"]:
            if action["number"] == number:
                return {**action, "partnership_id": partnership_id, "meeting_id": meeting["id"]}
    return None


def partnerships_with_action(database: Database, number: int) -> list[str]:
    """Which partnerships have an action with this number (to ask which one is meant)."""
    return sorted({m["partnership_id"] for m in meetings_for(database)
                   if any(a["number"] == number for a in m["actions"])})


def open_actions(database: Database, partnership_id: str | None = None, owner: str | None = None) -> list[dict]:
    """Open actions, each with its meeting's partnership_id and meeting_id added, by number."""
    found = []
    for meeting in meetings_for(database, partnership_id):
        for action in meeting["actions"]:
            if action["status"] != "open":
                continue
            if owner is not None and owner.lower() not in (action.get("owner") or "").lower() \
                    and owner != action.get("owner_user_id"):
                continue
            found.append({**action, "partnership_id": meeting["partnership_id"], "meeting_id": meeting["id"]})
    return sorted(found, key=lambda a: (a["partnership_id"], a["number"]))


def update_action(database: Database, partnership_id: str, number: int, changes: dict, *,
                  by: str, by_name: str, at: str) -> dict:
    """Change an action's status, owner or due date, keeping a history entry of what changed."""
    with database.lock:
        table = _table(database, partnership_id)
        for meeting in table.all():
            for action in meeting["actions"]:
                if action["number"] == number:
                    described = ", ".join(f"{k}: {action.get(k)!r} -> {v!r}" for k, v in changes.items())
                    action.update(changes)
                    action["history"].append(_history(by, by_name, at, described))
                    table.update({"actions": meeting["actions"]}, Query().id == meeting["id"])
                    return {**action, "partnership_id": partnership_id, "meeting_id": meeting["id"]}
    raise UnknownAction(f"There is no action {number} for {partnership_id}.")


# ---- corrections to saved minutes (the corrected record is made by knowledge/corrections.py) --------

StaleCorrection = repositories.StaleCorrection


def save_correction(database: Database, corrected: dict) -> dict:
    """Store a corrected (or withdrawn) meeting made by knowledge.corrections from the stored one.

    Its last history entry is the correction. If that entry's change_id is in the stored history
    already, this correction was saved before (a retry, a second 'yes'): AlreadySaved, nothing
    written. If the stored meeting has changed since, StaleCorrection. A meeting moved to another
    partnership leaves its old table and its actions get the next numbers of the new partnership
    (numbers belong to a partnership); the history says so."""
    with database.lock:
        stored = meeting_by_id(database, corrected["id"])
        if stored is None:
            raise LookupError(f"There is no saved meeting {corrected['id']}.")
        change_id = corrected["history"][-1].get("change_id")
        if change_id and any(h.get("change_id") == change_id for h in stored.get("history", [])):
            raise AlreadySaved(dict(stored))
        if len(stored.get("history", [])) != len(corrected["history"]) - 1:
            raise StaleCorrection(corrected["id"])
        record = dict(corrected)
        old_partnership, new_partnership = stored["partnership_id"], record["partnership_id"]
        if old_partnership == new_partnership:
            _table(database, new_partnership).update(record, Query().id == record["id"])
            return record
        number = next_action_number(database, new_partnership)
        renumbered = []
        for action in record.get("actions", []):
            renumbered.append({**action, "number": number})
            number += 1
        if renumbered:
            moves = ", ".join(f"action {a['number']} -> {b['number']}" for a, b in zip(record["actions"], renumbered))
            record["history"][-1] = {**record["history"][-1],
                                     "what": record["history"][-1]["what"] + f" (renumbered {moves})"}
        record["actions"] = renumbered
        _table(database, new_partnership).insert(record)
        _table(database, old_partnership).remove(Query().id == record["id"])
        return record


def counted_meetings_for(database: Database, partnership_id: str | None = None, since: date | None = None) -> list[dict]:
    """As meetings_for, without withdrawn meetings: what every count should use."""
    return [m for m in meetings_for(database, partnership_id, since) if not m.get("withdrawn")]
