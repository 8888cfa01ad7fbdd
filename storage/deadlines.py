"""The deadline store: one document per deadline in the bot's TinyDB database (table `deadlines`).

The record's fields are described in knowledge/deadlines.py. Seeded deadlines keep their seed id
as their id, so seeding twice never duplicates one and a moved seed keeps its new date. Every
change appends to the record's `history` (who, when, what); nothing is overwritten silently.
No botbuilder here.
"""

import uuid

from tinydb import Query

from knowledge import repositories

from .database import Database

TABLE = "deadlines"


UnknownDeadline = repositories.UnknownDeadline


def _history(by: str, by_name: str, at: str, what: str) -> dict:
    return {"by": by, "by_name": by_name, "at": at, "what": what}


def seed(database: Database, seeds: list[dict], at: str) -> int:
    """Add the seed deadlines not stored yet (by seed id); returns how many were added."""
    with database.lock:
        table = database.table(TABLE)
        have = {row.get("seed_id") for row in table.all()}
        new = [{**s, "id": s["seed_id"], "status": "active",
                "history": [_history("seed", "the 2010 timetable", at, "seeded")]}
               for s in seeds if s["seed_id"] not in have]
        if new:
            table.insert_multiple(new)       # one write: all seeded, or none
        return len(new)


def all_deadlines(database: Database) -> list[dict]:
    """Every active deadline, soonest first."""
    with database.lock:
        rows = database.table(TABLE).all()
    return sorted((dict(r) for r in rows if r.get("status", "active") == "active"),
                  key=lambda r: (r["due"], r["title"]))


def get(database: Database, deadline_id: str) -> dict:
    with database.lock:
        found = database.table(TABLE).get(Query().id == deadline_id)
    if found is None:
        raise UnknownDeadline(deadline_id)
    return dict(found)


class AlreadyDone(repositories.AlreadyDone):
    """This change (known by the id its confirmation was given) is stored already: nothing written."""

    def __init__(self, record: dict):
        super().__init__(record, f"deadline {record['id']}: that change is already saved")


def add(database: Database, deadline: dict, *, by: str, by_name: str, at: str, change_id: str = "") -> dict:
    """Add a deadline. `change_id` (given when the coordinator was asked to confirm) becomes its id,
    so confirming twice (a retry, 'yes' again after a crash) raises AlreadyDone and adds it once."""
    record = {"kind": "one-off", "every": "", "met_by": "", "note": "", "done_for": {}, **deadline,
              "id": change_id or uuid.uuid4().hex[:12], "status": "active",
              "source": {"added_by": by, "added_by_name": by_name, "at": at},
              "history": [_history(by, by_name, at, f"added, due {deadline['due']}")]}
    with database.lock:
        table = database.table(TABLE)
        stored = table.get(Query().id == record["id"]) if change_id else None
        if stored is not None:
            raise AlreadyDone(dict(stored))
        table.insert(record)
    return record


def move(database: Database, deadline_id: str, due: str, *, by: str, by_name: str, at: str,
         change_id: str = "") -> dict:
    """Change the due date (a moved deadline is nudged afresh for its new date). A `change_id`
    already in the history means this move was saved before: AlreadyDone, nothing written."""
    with database.lock:
        record = get(database, deadline_id)
        if change_id and any(h.get("change_id") == change_id for h in record["history"]):
            raise AlreadyDone(record)
        record["history"].append({**_history(by, by_name, at, f"due {record['due']} -> {due}"),
                                  **({"change_id": change_id} if change_id else {})})
        record["due"] = due
        database.table(TABLE).update({"due": due, "history": record["history"]}, Query().id == deadline_id)
        return record


def mark_done(database: Database, deadline_id: str, scope_key: str, *, by: str, by_name: str, at: str) -> dict:
    """Record that the deadline is done for a scope ('partnership:gosport')."""
    with database.lock:
        record = get(database, deadline_id)
        record["done_for"] = {**record.get("done_for", {}), scope_key: {"by": by, "by_name": by_name, "at": at}}
        record["history"].append(_history(by, by_name, at, f"done for {scope_key}"))
        database.table(TABLE).update({"done_for": record["done_for"], "history": record["history"]},
                                     Query().id == deadline_id)
        return record
