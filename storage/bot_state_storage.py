"""A botbuilder `Storage` for ConversationState and UserState, kept beside the bot's TinyDB tables.

Each key (a conversation's state, a user's) is one document in a file of its own
(storage/database.py's DocumentFolder, `data/bot.bot_state/`), so a turn's read and write cost the
same with 20,000 conversations stored as with one. Reads come from memory on the event loop; writes
run on the document writers' threads, several conversations' at once, never queued behind record
writes (which keep the database's own worker, storage/off_loop.py).

Items are flattened with jsonpickle, as botbuilder's own Blob and Cosmos DB storages do, so dialog
stacks survive a restart; the parts that are plain JSON already (a conversation's own data, nearly
all of each item) are copied by json in C instead, which jsonpickle would walk in Python for the
same result (issue 16; `flat_item` and `restored_item`).

E-tags follow botbuilder's MemoryStorage: a write whose e_tag is neither
missing nor "*" and differs from the stored one is refused with KeyError; an empty e_tag is an
error. Unlike MemoryStorage, every write gets a fresh e_tag, so a stale copy is always caught.
"""

import asyncio
import json
import uuid
from typing import Dict, List

from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler
from botbuilder.core import Storage

from .database import WRITERS, Database, DocumentFolder, DocumentKind

TABLE = "bot_state"
STATE = DocumentKind(TABLE, label="state", one_holds="one conversation's place in a dialog",
                     if_damaged="stop the bot and delete it to start that one afresh.")


def state_documents(database: Database) -> DocumentFolder:
    """Every stored conversation's and user's state (`.all()`, `.keys()`), as TinyDBStorage keeps it."""
    return database.documents(STATE)


def plain_copy(value):
    """A copy of `value` when it is plain JSON (dicts with text keys, lists, text, numbers,
    true/false, null: what jsonpickle would leave as it is), else None."""
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return None
    copied = json.loads(text)
    return copied if copied == value else None   # a tuple, or a key that is not text: jsonpickle's


EACH_PROPERTY = "each_property"     # a row's "flattened": its item flattened property by property


def flat_item(item) -> tuple[object, str | None]:
    """What is stored for a state item, and how it was flattened: a dict of properties (what
    ConversationState and UserState write) property by property, plain JSON ones copied as they
    are (jsonpickle makes the same of them, more slowly), the rest by jsonpickle, each on its own
    so that its references (py/id) count from itself; anything else by jsonpickle whole."""
    if type(item) is not dict:
        return Pickler().flatten(item), None
    flat = {}
    for name, value in item.items():
        if name == "e_tag":
            continue
        plain = plain_copy(value)
        flat[name] = plain if plain is not None or value is None else Pickler().flatten(value)
    return flat, EACH_PROPERTY


TAGGED = '"py/'       # jsonpickle's tags (py/object, py/id, py/tuple...): a part that needs restoring


def restored_item(row: dict):
    """The state item of a stored row again. Rows stored before items were flattened property by
    property are restored whole, as they were flattened."""
    flat = row["item"]
    if row.get("flattened") != EACH_PROPERTY:
        return Unpickler().restore(flat)
    item = {}
    for name, value in flat.items():
        text = json.dumps(value)
        item[name] = Unpickler().restore(value) if TAGGED in text else json.loads(text)
    return item


def _e_tag_of(item) -> str | None:
    if isinstance(item, dict):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


class TinyDBStorage(Storage):
    def __init__(self, database: Database):
        self.database = database
        self.documents = state_documents(database)

    async def read(self, keys: List[str]) -> Dict[str, object]:
        # From memory, one small document each: no file is opened and no lock taken.
        found = {}
        for key in keys or ():
            row = self.documents.get(key)
            if row is not None:
                item = restored_item(row)
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
        rows = []
        for key, change in changes.items():
            if _e_tag_of(change) == "":
                raise Exception("tinydb_storage.write(): etag missing")
            flat, flattened = flat_item(change)
            if isinstance(flat, dict):
                flat.pop("e_tag", None)
            row = {"key": key, "item": flat, "e_tag": uuid.uuid4().hex}
            if flattened:
                row["flattened"] = flattened
            rows.append(row)
        await asyncio.get_running_loop().run_in_executor(WRITERS, self._write, changes, rows)

    def _write(self, changes: Dict[str, object], rows: list[dict]) -> None:
        # Under the keys' locks: every e_tag is checked before anything is written, so a conflict
        # writes nothing, and no other write of these keys comes between the check and the write.
        with self.documents.locked(changes):
            self._check_e_tags(changes)
            self.documents.put(rows)

    def _check_e_tags(self, changes: Dict[str, object]) -> None:
        for key, change in changes.items():
            new_e_tag = _e_tag_of(change)
            stored = self.documents.get(key)
            if (
                stored is not None
                and new_e_tag is not None
                and new_e_tag != "*"
                and new_e_tag != stored["e_tag"]
            ):
                raise KeyError(
                    f"Etag conflict on {key!r}.\nOriginal: {new_e_tag}\r\nCurrent: {stored['e_tag']}"
                )

    async def delete(self, keys: List[str]):
        await asyncio.get_running_loop().run_in_executor(WRITERS, self.documents.remove, list(keys))
