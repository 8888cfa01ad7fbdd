"""A botbuilder `Storage` for ConversationState and UserState, kept in the bot's TinyDB file.

Items are flattened with jsonpickle, as botbuilder's own Blob and Cosmos DB storages do, so dialog
stacks survive a restart. E-tags follow botbuilder's MemoryStorage: a write whose e_tag is neither
missing nor "*" and differs from the stored one is refused with KeyError; an empty e_tag is an
error. Unlike MemoryStorage, every write gets a fresh e_tag, so a stale copy is always caught.
"""

import uuid
from typing import Dict, List

from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler
from botbuilder.core import Storage
from tinydb import Query

from .database import Database
from .off_loop import in_background

TABLE = "bot_state"


def _e_tag_of(item) -> str | None:
    if isinstance(item, dict):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


class TinyDBStorage(Storage):
    def __init__(self, database: Database):
        self.database = database
        self.table = database.table(TABLE)

    async def read(self, keys: List[str]) -> Dict[str, object]:
        if not keys:
            return {}
        return await in_background(self.database, self._read, keys)

    def _read(self, keys: List[str]) -> Dict[str, object]:
        found = {}
        with self.database.lock:
            for key in keys:
                row = self.table.get(Query().key == key)
                if row is not None:
                    item = Unpickler().restore(row["item"])
                    if isinstance(item, dict):
                        item["e_tag"] = row["e_tag"]
                    elif hasattr(item, "e_tag"):
                        item.e_tag = row["e_tag"]
                    found[key] = item
        return found

    async def write(self, changes: Dict[str, object]):
        if changes is None:
            raise Exception("Changes are required when writing")
        if not changes:
            return
        await in_background(self.database, self._write, changes)

    def _write(self, changes: Dict[str, object]) -> None:
        with self.database.lock:
            rows = []
            for key, change in changes.items():
                new_e_tag = _e_tag_of(change)
                if new_e_tag == "":
                    raise Exception("tinydb_storage.write(): etag missing")
                stored = self.table.get(Query().key == key)
                if (
                    stored is not None
                    and new_e_tag is not None
                    and new_e_tag != "*"
                    and new_e_tag != stored["e_tag"]
                ):
                    raise KeyError(
                        f"Etag conflict on {key!r}.\nOriginal: {new_e_tag}\r\nCurrent: {stored['e_tag']}"
                    )
                flat = Pickler().flatten(change)
                if isinstance(flat, dict):
                    flat.pop("e_tag", None)
                rows.append({"key": key, "item": flat, "e_tag": uuid.uuid4().hex})
            # Every e_tag was checked before anything is written: a conflict writes nothing.
            for row in rows:
                self.table.upsert(row, Query().key == row["key"])

    async def delete(self, keys: List[str]):
        await in_background(self.database, self._delete, keys)

    def _delete(self, keys: List[str]) -> None:
        with self.database.lock:
            self.table.remove(Query().key.one_of(list(keys)))
