"""Governors' resolutions of cooperation: one document per school in the bot's TinyDB database
(table `resolutions`), its id the school's id. The record's fields are described in
knowledge/resolutions.py. Every change appends to the record's `history` (who, when, what);
nothing is overwritten silently. No botbuilder here.
"""

from tinydb import Query

from knowledge import repositories

from .database import Database

TABLE = "resolutions"


class AlreadyDone(repositories.AlreadyDone):
    """This change (known by the id its confirmation was given) is stored already: nothing written."""

    def __init__(self, record: dict):
        super().__init__(record, f"resolution {record['id']}: that change is already saved")


def _history(by: str, by_name: str, at: str, what: str, change_id: str) -> dict:
    return {"by": by, "by_name": by_name, "at": at, "what": what, **({"change_id": change_id} if change_id else {})}


def changed(stored: dict | None, school_id: str, passed_on: str, *, partnership_id: str = "", by: str,
            by_name: str, at: str, change_id: str = "") -> dict:
    """The school's record after this change (plain Python, shared by every store). A `change_id`
    already in its history means this was saved before: AlreadyDone."""
    if stored is None:
        return {"id": school_id, "school_id": school_id, "partnership_id": partnership_id, "passed_on": passed_on,
                "recorded_by": by, "recorded_by_name": by_name, "recorded_at": at,
                "history": [_history(by, by_name, at, f"passed on {passed_on}", change_id)]}
    row = dict(stored)
    if change_id and any(h.get("change_id") == change_id for h in row["history"]):
        raise AlreadyDone(row)
    what = f"passed on {row.get('passed_on') or 'not recorded'} -> {passed_on}" if passed_on \
        else f"passed on {row.get('passed_on')} -> not passed"
    row["history"] = [*row["history"], _history(by, by_name, at, what, change_id)]
    row.update({"passed_on": passed_on, "recorded_by": by, "recorded_by_name": by_name, "recorded_at": at,
                "partnership_id": partnership_id or row.get("partnership_id", "")})
    return row


def record(database: Database, school_id: str, passed_on: str, *, partnership_id: str = "", by: str, by_name: str,
           at: str, change_id: str = "") -> dict:
    """Record (or correct) the date a school's governors passed the resolution. A `change_id` already
    in the school's history means this was saved before: AlreadyDone, nothing written."""
    with database.lock:
        table = database.table(TABLE)
        stored = table.get(Query().id == school_id)
        row = changed(dict(stored) if stored is not None else None, school_id, passed_on,
                      partnership_id=partnership_id, by=by, by_name=by_name, at=at, change_id=change_id)
        if stored is None:
            table.insert(row)
        else:
            table.update(row, Query().id == school_id)
        return row


def unrecord(database: Database, school_id: str, *, by: str, by_name: str, at: str, change_id: str = "") -> dict:
    """Record that it was not passed after all (recorded by mistake); kept, with its history."""
    return record(database, school_id, "", by=by, by_name=by_name, at=at, change_id=change_id)


def all_resolutions(database: Database) -> list[dict]:
    """Every school's record (passed_on "" for one taken back), by school id."""
    with database.lock:
        rows = database.table(TABLE).all()
    return sorted((dict(r) for r in rows), key=lambda r: r["school_id"])


def for_school(database: Database, school_id: str) -> dict | None:
    with database.lock:
        found = database.table(TABLE).get(Query().id == school_id)
    return dict(found) if found is not None else None
