"""Delivery plans: one document per partnership in the bot's TinyDB database (table
`delivery_plans`), its id the partnership's id. The record's fields are described in
knowledge/delivery_plans.py. A plan agreed again replaces the priorities; the previous ones are kept
in the history entry (who, when, what, previous), so nothing is overwritten silently.
No botbuilder here.
"""

from tinydb import Query

from knowledge import repositories

from .database import Database

TABLE = "delivery_plans"
FIELDS = ("priorities", "agreed_on", "agreed_by")


class AlreadyDone(repositories.AlreadyDone):
    """This change (known by the id its confirmation was given) is stored already: nothing written."""

    def __init__(self, record: dict):
        super().__init__(record, f"delivery plan {record['id']}: that change is already saved")


def planned(stored: dict | None, partnership_id: str, priorities: list[str], agreed_on: str, *, agreed_by: str = "",
            by: str, by_name: str, at: str, change_id: str = "") -> dict:
    """The partnership's plan after this change (plain Python, shared by every store). A `change_id`
    already in its history means this was saved before: AlreadyDone."""
    entry = {"by": by, "by_name": by_name, "at": at, **({"change_id": change_id} if change_id else {})}
    new = {"priorities": list(priorities), "agreed_on": agreed_on, "agreed_by": agreed_by,
           "recorded_by": by, "recorded_by_name": by_name, "recorded_at": at}
    if stored is None:
        return {"id": partnership_id, "partnership_id": partnership_id, **new,
                "history": [{**entry, "what": f"agreed on {agreed_on}, {len(priorities)} priorities"}]}
    row = dict(stored)
    if change_id and any(h.get("change_id") == change_id for h in row["history"]):
        raise AlreadyDone(row)
    changed = [f for f in FIELDS if row.get(f) != new[f]]
    row["history"] = [*row["history"], {**entry, "what": "changed " + (", ".join(changed) or "nothing"),
                                        "previous": {f: row.get(f) for f in FIELDS}}]
    row.update(new)
    return row


def save_plan(database: Database, partnership_id: str, priorities: list[str], agreed_on: str, *, agreed_by: str = "",
              by: str, by_name: str, at: str, change_id: str = "") -> dict:
    """Record the partnership's plan (or a revision of it). A `change_id` already in its history means
    this was saved before: AlreadyDone, nothing written."""
    with database.lock:
        table = database.table(TABLE)
        stored = table.get(Query().id == partnership_id)
        row = planned(dict(stored) if stored is not None else None, partnership_id, priorities, agreed_on,
                      agreed_by=agreed_by, by=by, by_name=by_name, at=at, change_id=change_id)
        if stored is None:
            table.insert(row)
        else:
            table.update(row, Query().id == partnership_id)
        return row


def plan_for(database: Database, partnership_id: str) -> dict | None:
    with database.lock:
        found = database.table(TABLE).get(Query().id == partnership_id)
    return dict(found) if found is not None else None


def all_plans(database: Database) -> list[dict]:
    with database.lock:
        rows = database.table(TABLE).all()
    return sorted((dict(r) for r in rows), key=lambda r: r["partnership_id"])
