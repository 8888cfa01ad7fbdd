"""The people the bot has met: Teams identity -> the name they go by, so an admin can say
"make Sam Jones chair of Gosport" and the bot knows which Sam Jones.

Only a new person or a changed name is written, so an ordinary turn costs no write. Noting a name
is never worth failing a turn for: if the disk is full or read-only, the name is kept in memory,
the fault is logged once, and the write is tried again on the person's next message.
"""

import difflib
import logging

from tinydb import Query

from knowledge.text import simplify

from .database import Database
from .faults import StorageFault

log = logging.getLogger(__name__)

TABLE = "people"


class PeopleSeen:
    def __init__(self, database: Database):
        self.database = database
        with database.lock:
            rows = database.table(TABLE).all()
        self._rows = {row["user_id"]: dict(row) for row in rows}
        self._unsaved: set[str] = set()       # known here, not yet written (the disk was full)

    def is_news(self, user_id: str, name: str) -> bool:
        """Would noting this write anything? (A new person, a changed name, or one not saved yet.)"""
        if not user_id or user_id == "unknown" or not name or name == user_id:
            return False
        known = self._rows.get(user_id)
        return known is None or known["name"] != name or user_id in self._unsaved

    def note(self, user_id: str, name: str, at: str) -> None:
        """Remember that `user_id` goes by `name` (written only when that is news)."""
        if not self.is_news(user_id, name):
            return
        known = self._rows.get(user_id)
        row = {"user_id": user_id, "name": name, "first_seen": known["first_seen"] if known else at,
               "named_at": at}
        self._rows[user_id] = row
        try:
            with self.database.lock:
                self.database.table(TABLE).upsert(row, Query().user_id == user_id)
        except StorageFault as fault:
            if not self._unsaved:
                log.warning("Could not record who is speaking (will try again on their next message): %s", fault)
            self._unsaved.add(user_id)
            return
        self._unsaved.discard(user_id)

    def name_of(self, user_id: str) -> str:
        row = self._rows.get(user_id)
        return row["name"] if row else ""

    def get(self, user_id: str) -> dict | None:
        return self._rows.get(user_id)

    def find(self, query: str) -> tuple[list[dict], list[dict]]:
        return find_people(self._known(), query)

    def suggestions(self, query: str) -> list[str]:
        return close_names(self._known(), query)

    def _known(self) -> list[dict]:
        """Everyone met so far, as a list made at once (in C, under the GIL): a search runs on the
        event loop while `note` adds people on the store's thread, and walking the dict itself
        then failed with 'dictionary changed size during iteration' (seen in the bench, with 50
        new people logging minutes at once)."""
        return list(self._rows.values())


def find_people(rows, query: str) -> tuple[list[dict], list[dict]]:
    """(people whose name is exactly `query`, people whose name contains all its words).

    A user id typed in full also finds its person exactly. Shared by every store of people."""
    wanted = simplify(query)
    if not wanted:
        return [], []
    exact = [r for r in rows if simplify(r["name"]) == wanted or r["user_id"] == query.strip()]
    if exact:
        return exact, []
    words = wanted.split()
    return [], [r for r in rows if all(w in simplify(r["name"]).split() for w in words)]


def close_names(rows, query: str) -> list[str]:
    """Up to three known names close to `query`, for "did you mean ...?"."""
    names = sorted({r["name"] for r in rows})
    by_simple = {simplify(n): n for n in names}
    return [by_simple[s] for s in difflib.get_close_matches(simplify(query), list(by_simple), n=3, cutoff=0.6)]
