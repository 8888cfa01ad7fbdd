"""Who holds which role, kept as an append-only log of changes: the audit trail IS the record.

Each change is one row (one atomic write), so a role can never be granted without its audit
entry. The roles people hold now are the log replayed in order. Identity is the Teams user's
Entra object id (or the channel's user id), never a display name: `user_name` is kept only to
show people whom to ask.

A change:
    {"change": "granted" | "removed", "user_id", "user_name", "role",
     "scope_kind": "county" | "area" | "district" | "partnership", "scope_id", "scope_name",
     "by", "by_name", "at"}
"""

from .database import Database

TABLE = "role_changes"

KEY = ("user_id", "role", "scope_kind", "scope_id")


def _key(row: dict) -> tuple:
    return tuple(row.get(k) for k in KEY)


def history(database: Database) -> list[dict]:
    """Every change, oldest first."""
    with database.lock:
        table = database.table(TABLE)
        return [dict(row) for row in sorted(table.all(), key=lambda r: r.doc_id)]


def current_grants(database: Database) -> list[dict]:
    """The roles held now: the log replayed."""
    held: dict[tuple, dict] = {}
    for change in history(database):
        if change["change"] == "granted":
            held[_key(change)] = change
        else:
            held.pop(_key(change), None)
    return list(held.values())


def grants_of(database: Database, user_id: str) -> list[dict]:
    return [g for g in current_grants(database) if g["user_id"] == user_id]


def holders_of(database: Database, role: str) -> list[dict]:
    return [g for g in current_grants(database) if g["role"] == role]


def grant(database: Database, *, user_id: str, user_name: str, role: str, scope_kind: str, scope_id: str,
          scope_name: str, by: str, by_name: str, at: str) -> bool:
    """Give a role; False (and nothing written) if they already hold it."""
    change = {"change": "granted", "user_id": user_id, "user_name": user_name, "role": role,
              "scope_kind": scope_kind, "scope_id": scope_id, "scope_name": scope_name,
              "by": by, "by_name": by_name, "at": at}
    with database.lock:   # checked and written under one lock: two admins at once give it once
        if any(_key(g) == _key(change) for g in current_grants(database)):
            return False
        database.table(TABLE).insert(change)
    return True


def remove(database: Database, *, user_id: str, role: str, scope_kind: str, scope_id: str,
           by: str, by_name: str, at: str) -> dict | None:
    """Take a role away; returns the grant removed, or None (nothing written) if it was not held."""
    wanted = (user_id, role, scope_kind, scope_id)
    with database.lock:
        held = next((g for g in current_grants(database) if _key(g) == wanted), None)
        if held is None:
            return None
        database.table(TABLE).insert({**held, "change": "removed", "by": by, "by_name": by_name, "at": at})
    return held
