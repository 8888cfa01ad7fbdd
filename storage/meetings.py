"""Partnership meetings and their actions, kept in the bot's database.

A meeting is one document, with its actions inside it, in a file of its own
(`data/bot.meetings/<sha256 of its id>.json`, storage/database.py's DocumentFolder), so saving a
meeting is one write of one small file: it is all there or not there at all, and it costs the same
with 20,000 meetings stored as with one. Every later change appends to the record's `history`
(who, when, what changed); nothing is overwritten silently. Times are UTC ISO strings.

Why a file per meeting, not a table per partnership (or per partnership and year): TinyDB
rewrites a whole table on every write, so a table's write grows with the meetings in it. The
bench's 20,000 meetings (bench/seed.py) are 1,250 per partnership and about 300 per partnership
and year. Measured side by side (2 December 2026, load average 4, medians of 25): writing one
meeting into a table of 2 to 30 took 12 ms, of 300 20 ms, of 1,250 54 ms; into a folder of a file
per meeting 7.1 ms with 100 stored and 8.0 ms with 20,000. A table per partnership and year would
have kept within 2x of the bench, but only while a partnership-year stays small; a file per
meeting is flat at any size, and moving a meeting to another partnership is one write of one
file, where two tables needed two writes (a crash between them left the meeting in both).

Questions that would otherwise read every meeting (a partnership's meetings since a date, which
meeting holds action 7, the next action number) are answered from MeetingIndex, kept in memory
beside the files and in step with every write. Action numbers come from its counter: each
partnership's highest number, worked out when the folder is read and never lowered. A meeting
moved to another partnership takes that partnership's next numbers and keeps, in
`numbers_given_in`, the highest it had in each partnership it left, so after a restart those
numbers are still counted as given: "action 3" of a partnership is never a second action.

Meetings kept in the older layouts (one table `meetings`, then a table `meetings_<partnership>`
each) are moved into the folder the first time the store is opened, each old table kept as its
`.bak` (storage/database.py, `Database.documents`).

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
A meeting moved from another partnership has "numbers_given_in": {"<partnership id>": highest}.
An action (numbered per partnership: "action 3" is stable for ever):
    {"number", "text", "owner", "owner_user_id", "due": "2010-03-19" or None,
     "status": "open" | "done", "history": [...]}
"""

import uuid
from datetime import date

from knowledge import repositories
from knowledge.action_numbers import open_actions_of, renumbered_for_move
from knowledge.meeting_types import counts_for_term

from .database import Database, DocumentFolder, DocumentKind

TABLE = "meetings"
OLD_TABLE_PREFIX = "meetings_"      # the layout before: a table per partnership


class MeetingIndex:
    """What the meetings folder holds, in memory: for each partnership its meetings (id -> date,
    logged_at), the meeting holding each action number, the meetings with an open action, the
    days of the meetings that count for a term (what the nudge scan needs), and the highest action
    number given (the counter). DocumentFolder keeps it in step."""

    def __init__(self):
        self.meetings: dict[str, dict[str, tuple[str, str]]] = {}
        self.holder: dict[tuple[str, int], str] = {}
        self.with_open_actions: dict[str, set[str]] = {}
        self.counting_for_term: dict[str, dict[str, str]] = {}     # partnership -> meeting id -> day
        self.highest: dict[str, int] = {}
        self._partnership_of: dict[str, str] = {}
        self._numbers_of: dict[str, list[int]] = {}

    def add(self, meeting_id: str, meeting: dict) -> None:
        partnership_id = meeting["partnership_id"]
        numbers = [a["number"] for a in meeting.get("actions", [])]
        self.meetings.setdefault(partnership_id, {})[meeting_id] = (meeting["date"], meeting.get("logged_at", ""))
        self._partnership_of[meeting_id] = partnership_id
        self._numbers_of[meeting_id] = numbers
        for number in numbers:
            self.holder[(partnership_id, number)] = meeting_id
        if any(a.get("status") == "open" for a in meeting.get("actions", [])):
            self.with_open_actions.setdefault(partnership_id, set()).add(meeting_id)
        if counts_for_term(meeting):
            self.counting_for_term.setdefault(partnership_id, {})[meeting_id] = meeting["date"]
        self.highest[partnership_id] = max([self.highest.get(partnership_id, 0), *numbers])
        for left, highest in (meeting.get("numbers_given_in") or {}).items():
            self.highest[left] = max(self.highest.get(left, 0), highest)

    def drop(self, meeting_id: str) -> None:
        partnership_id = self._partnership_of.pop(meeting_id)
        del self.meetings[partnership_id][meeting_id]
        for number in self._numbers_of.pop(meeting_id):
            if self.holder.get((partnership_id, number)) == meeting_id:
                del self.holder[(partnership_id, number)]
        self.with_open_actions.get(partnership_id, set()).discard(meeting_id)
        self.counting_for_term.get(partnership_id, {}).pop(meeting_id, None)
        # `highest` stays: a number once given is not given again.

    def next_number(self, partnership_id: str) -> int:
        return self.highest.get(partnership_id, 0) + 1

    def partnerships(self) -> list[str]:
        return sorted(p for p, meetings in self.meetings.items() if meetings)


MEETINGS = DocumentKind(TABLE, label="meeting", key="id", one_holds="one partnership meeting's minutes and actions",
                        index=MeetingIndex,
                        moved_in=lambda table: table.startswith(OLD_TABLE_PREFIX))


def meeting_documents(database: Database) -> DocumentFolder:
    """Every stored meeting, one file each, with its MeetingIndex (`.index`). The first call in a
    process reads them all (the bot makes it at start-up: storage/repositories.py)."""
    return database.documents(MEETINGS)


UnknownAction = repositories.UnknownAction


def _history(by: str, by_name: str, at: str, what: str) -> dict:
    return {"by": by, "by_name": by_name, "at": at, "what": what}


def next_action_number(database: Database, partnership_id: str) -> int:
    with database.lock:
        return meeting_documents(database).index.next_number(partnership_id)


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
        documents = meeting_documents(database)
        record = dict(meeting)
        record["id"] = record.get("id") or uuid.uuid4().hex
        stored = documents.get(record["id"])
        if stored is not None:
            raise AlreadySaved(stored)
        record.setdefault("kind", "full")
        record["logged_by"], record["logged_by_name"], record["logged_at"] = by, by_name, at
        record["history"] = [_history(by, by_name, at, "logged the meeting")]
        number = documents.index.next_number(record["partnership_id"])
        actions = []
        for action in meeting.get("actions", []):
            actions.append({"owner_user_id": None, **action, "number": number, "status": "open",
                            "history": [_history(by, by_name, at, "created")]})
            number += 1
        record["actions"] = actions
        documents.put([record])
        return record


def store_meetings(database: Database, records: list[dict]) -> None:
    """Store complete meeting records as they are (already numbered, with their history), synced
    once at the end: for bulk loads such as the benchmarks' seed, not for chat."""
    with database.lock:
        meeting_documents(database).put(records, synced_each=False)


def _ids(documents: DocumentFolder, partnership_id: str | None, since: date | None,
         until: date | None = None) -> list[str]:
    """The ids of a partnership's meetings (or all), on or after `since` and on or before `until`,
    oldest first: from the index."""
    index = documents.index
    partnership_ids = [partnership_id] if partnership_id else index.partnerships()
    found = [(day, logged_at, meeting_id) for p in partnership_ids
             for meeting_id, (day, logged_at) in index.meetings.get(p, {}).items()
             if (since is None or day >= since.isoformat()) and (until is None or day <= until.isoformat())]
    return [meeting_id for _day, _logged_at, meeting_id in sorted(found)]


def meetings_for(database: Database, partnership_id: str | None = None, since: date | None = None,
                 until: date | None = None) -> list[dict]:
    """Meetings of one partnership (or all), on or after `since` and on or before `until`, oldest first."""
    with database.lock:
        documents = meeting_documents(database)
        return [documents.get(meeting_id) for meeting_id in _ids(documents, partnership_id, since, until)]


def meeting_by_id(database: Database, meeting_id: str) -> dict | None:
    with database.lock:
        return meeting_documents(database).get(meeting_id)


def _holder(database: Database, partnership_id: str, number: int) -> dict | None:
    """The meeting holding this action number in this partnership, or None."""
    documents = meeting_documents(database)
    meeting_id = documents.index.holder.get((partnership_id, number))
    return documents.get(meeting_id) if meeting_id is not None else None


def find_action(database: Database, partnership_id: str, number: int) -> dict | None:
    """One action by its number in its partnership, with partnership_id and meeting_id added."""
    with database.lock:
        meeting = _holder(database, partnership_id, number)
    for action in meeting["actions"] if meeting else []:
        if action["number"] == number:
            return {**action, "partnership_id": partnership_id, "meeting_id": meeting["id"]}
    return None


def partnerships_with_action(database: Database, number: int) -> list[str]:
    """Which partnerships have an action with this number (to ask which one is meant)."""
    with database.lock:
        index = meeting_documents(database).index
        return [p for p in index.partnerships() if (p, number) in index.holder]


def term_meeting_days(database: Database) -> dict[str, list[str]]:
    """For each partnership, the days of its meetings that count for a term, oldest first (from the
    index: no meeting is read)."""
    with database.lock:
        counting = meeting_documents(database).index.counting_for_term
        return {pid: sorted(days.values()) for pid, days in counting.items() if days}


def open_actions(database: Database, partnership_id: str | None = None, owner: str | None = None) -> list[dict]:
    """Open actions, each with its meeting's partnership_id and meeting_id added, by number."""
    with database.lock:
        documents = meeting_documents(database)
        index = documents.index
        partnership_ids = [partnership_id] if partnership_id else index.partnerships()
        meetings = [documents.get(meeting_id) for p in partnership_ids
                    for meeting_id in sorted(index.with_open_actions.get(p, ()))]
    return open_actions_of(meetings, owner)


def update_action(database: Database, partnership_id: str, number: int, changes: dict, *,
                  by: str, by_name: str, at: str) -> dict:
    """Change an action's status, owner or due date, keeping a history entry of what changed."""
    with database.lock:
        meeting = _holder(database, partnership_id, number)
        for action in meeting["actions"] if meeting else []:
            if action["number"] == number:
                described = ", ".join(f"{k}: {action.get(k)!r} -> {v!r}" for k, v in changes.items())
                action.update(changes)
                action["history"].append(_history(by, by_name, at, described))
                meeting_documents(database).put([meeting])
                return {**action, "partnership_id": partnership_id, "meeting_id": meeting["id"]}
    raise UnknownAction(f"There is no action {number} for {partnership_id}.")


# ---- corrections to saved minutes (the corrected record is made by knowledge/corrections.py) --------

StaleCorrection = repositories.StaleCorrection


def save_correction(database: Database, corrected: dict) -> dict:
    """Store a corrected (or withdrawn) meeting made by knowledge.corrections from the stored one.

    Its last history entry is the correction. If that entry's change_id is in the stored history
    already, this correction was saved before (a retry, a second 'yes'): AlreadySaved, nothing
    written. If the stored meeting has changed since, StaleCorrection. A meeting moved to another
    partnership (still one write: its one file) gets the next action numbers of the new partnership
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
        documents = meeting_documents(database)
        if stored["partnership_id"] != record["partnership_id"]:
            given = [a["number"] for a in stored.get("actions", [])]
            if given:       # still counted as given in the partnership it leaves, after any restart
                left = stored["partnership_id"]
                earlier = dict(record.get("numbers_given_in") or {})
                record["numbers_given_in"] = {**earlier, left: max([earlier.get(left, 0), *given])}
            record, _next = renumbered_for_move(record, documents.index.next_number(record["partnership_id"]))
        documents.put([record])        # one write, whether it stays in its partnership or moves
        return record


def counted_meetings_for(database: Database, partnership_id: str | None = None, since: date | None = None) -> list[dict]:
    """As meetings_for, without withdrawn meetings: what every count should use."""
    return [m for m in meetings_for(database, partnership_id, since) if not m.get("withdrawn")]
