"""A botbuilder `Storage` for ConversationState and UserState, kept beside the bot's TinyDB tables.

Each key (a conversation's state, a user's) is one document in a file of its own
(storage/database.py's DocumentFolder, `data/bot.bot_state/`), so a turn's read and write cost the
same with 20,000 conversations stored as with one. Reads come from memory on the event loop; writes
run on the document writers' threads, several conversations' at once, never queued behind record
writes (which keep the database's own worker, storage/off_loop.py).

Items are stored property by property (`flat_item` and `restored_item`): a property that is plain
JSON (a conversation's own data, nearly all of each item) is copied by json in C; any other (a
dialog under way: botbuilder's DialogState, with the prompt it is waiting on, its card and the
chair's draft) is pickled, as base64 text, and the row lists which. botbuilder's own Blob and
Cosmos DB storages flatten such objects with jsonpickle, which walks every value of the card in
Python: 1 ms to write a chair's minutes summary and 1 ms to read it back, twenty times pickle's
(issue 16). Restoring either runs the classes' code, so the store is trusted as jsonpickle's is,
and a stored pickle names classes as jsonpickle's py/object does. Rows written before are read as
they were written (jsonpickle's, whole or property by property).

E-tags follow botbuilder's MemoryStorage: a write whose e_tag is neither
missing nor "*" and differs from the stored one is refused with KeyError; an empty e_tag is an
error. Unlike MemoryStorage, every write gets a fresh e_tag, so a stale copy is always caught.
"""

import asyncio
import base64
import json
import pickle
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
PICKLED = "pickled"     # a row's: the properties stored as a pickle (base64 text), not as JSON


def flat_item(item) -> tuple[object, str | None, list[str]]:
    """What is stored for a state item, how it was flattened, and which properties are pickled:
    a dict of properties (what ConversationState and UserState write) property by property, plain
    JSON ones copied as they are, the rest pickled (or by jsonpickle, for one pickle cannot take);
    anything else by jsonpickle whole."""
    if type(item) is not dict:
        return Pickler().flatten(item), None, []
    flat, pickled = {}, []
    for name, value in item.items():
        if name == "e_tag":
            continue
        plain = plain_copy(value)
        if plain is not None or value is None:
            flat[name] = plain
            continue
        try:
            flat[name] = base64.b64encode(pickle.dumps(value, protocol=5)).decode("ascii")
            pickled.append(name)
        except Exception:  # pickle's errors vary with what it met (PicklingError, TypeError, ...)
            flat[name] = Pickler().flatten(value)
    return flat, EACH_PROPERTY, pickled


TAGGED = '"py/'       # jsonpickle's tags (py/object, py/id, py/tuple...): a part that needs restoring


def restored_item(row: dict, may_hold_tags: bool = True):
    """The state item of a stored row again. Rows stored before items were flattened property by
    property are restored whole, as they were flattened. `row` is the caller's own (just parsed):
    its plain values become the item's. `may_hold_tags` False says the row's text holds no
    jsonpickle tag anywhere, so no property needs looking at for one (nearly every row)."""
    flat = row["item"]
    if row.get("flattened") != EACH_PROPERTY:
        return Unpickler().restore(flat)
    pickled = row.get(PICKLED) or ()
    item = {}
    for name, value in flat.items():
        if name in pickled:
            item[name] = pickle.loads(base64.b64decode(value))
        elif may_hold_tags and TAGGED in json.dumps(value):
            item[name] = Unpickler().restore(value)
        else:
            item[name] = value
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
            text = self.documents.text_of(key)
            if text is not None:
                row = json.loads(text)
                item = restored_item(row, may_hold_tags=TAGGED in text)
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
            flat, flattened, pickled = flat_item(change)
            if isinstance(flat, dict):
                flat.pop("e_tag", None)
            row = {"key": key, "item": flat, "e_tag": uuid.uuid4().hex}
            if flattened:
                row["flattened"] = flattened
            if pickled:
                row[PICKLED] = pickled
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
