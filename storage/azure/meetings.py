"""Meetings and their actions in Azure Table Storage (knowledge.repositories.Meetings), kept so that
no turn reads a whole table: what a turn asks for is a point read or one partition.

The meetings table, PartitionKey = the partnership:

    RowKey = meeting id      the meeting with its actions (one JSON row, as the TinyDB store keeps it)
    RowKey "~counter"        the partnership's next action number
    RowKey "~action|<n>"     action n of the partnership: which meeting holds it

Saving a meeting is one transaction in its partnership's partition: the counter moved on from the
value it was read at (ETag), the meeting inserted and a row for each of its actions. Two instances
saving at once never give two actions one number: the loser reads the counter again. So "action 3
for Gosport" is two point reads (its row, then its meeting), and a partnership's meetings are one
query. (Rows starting with '~' sort after every meeting id, which are ASCII: uuid hex.)

The index table, for what a turn knows without the partnership:

    PartitionKey "meeting|<2 hex>", RowKey = meeting id   -> the partnership it is kept in
    PartitionKey "partnerships", RowKey = partnership     -> a partnership that has meetings

A meeting's pointer is written before its transaction (it cannot be in it: another partition), and
read as a pointer, never as the truth: a meeting is by id where its pointer says it is, or nowhere
(a save that crashed before its transaction saved nothing). A partnership is listed before its
first meeting is kept, so "which partnerships have an action 3" is a point read in each listed
partnership (a few dozen at most, however many meetings they hold).
"""

import asyncio
import hashlib
import uuid
from datetime import date

from azure.core import MatchConditions
from azure.core.exceptions import ResourceModifiedError
from azure.data.tables import TableTransactionError

from knowledge.action_numbers import open_actions_of, renumbered_for_move
from knowledge.meeting_types import counts_for_term
from knowledge.records import Action, Meeting, plain, records_of
from knowledge.repositories import AlreadySaved, StaleCorrection, UnknownAction

from .entities import (TRANSACTION_LIMIT, _conflict, _if_unchanged, _retrying, _Table, encode_key, entity_of,
                       etag_of, in_transactions, off_loop, row_of, rows_of)

COUNTER = "~counter"    # the action counter in each partnership's partition
ACTION = "~action|"     # before an action's number: the row saying which meeting holds it
MEETINGS_ONLY = "RowKey lt '~'"


def _history(by: str, by_name: str, at: str, what: str) -> dict:
    return {"by": by, "by_name": by_name, "at": at, "what": what}


def action_row(number: int) -> str:
    return f"{ACTION}{number:010d}"


def _where_partition(meeting_id: str) -> str:
    """The index partition of a meeting id's pointer: spread over 256, so no one partition is hot."""
    return f"meeting|{hashlib.md5(meeting_id.encode('utf-8')).hexdigest()[:2]}"


PARTNERSHIPS = "partnerships"


def _action_of(meeting: dict, number: int) -> Action | None:
    for action in meeting["actions"]:
        if action["number"] == number:
            return Action.from_dict({**action, "partnership_id": meeting["partnership_id"],
                                     "meeting_id": meeting["id"]})
    return None


class AzureMeetings:
    def __init__(self, table: _Table, index: _Table):
        self.table = table
        self.index = index

    # ---- entities --------------------------------------------------------------------------

    @staticmethod
    def _entity(record: dict) -> dict:
        return entity_of(record["partnership_id"], record["id"], record, date=record["date"],
                         withdrawn=bool(record.get("withdrawn")))

    @staticmethod
    def _action_entities(record: dict) -> list[dict]:
        return [{"PartitionKey": encode_key(record["partnership_id"]), "RowKey": action_row(a["number"]),
                 "meeting": record["id"]} for a in record.get("actions", [])]

    @staticmethod
    def _pointer(meeting_id: str, partnership_id: str) -> dict:
        return {"PartitionKey": encode_key(_where_partition(meeting_id)), "RowKey": encode_key(meeting_id),
                "partnership_id": partnership_id}

    @staticmethod
    def _listed(partnership_id: str) -> dict:
        return {"PartitionKey": PARTNERSHIPS, "RowKey": encode_key(partnership_id), "partnership_id": partnership_id}

    async def _next_number(self, partnership_id: str):
        """(the next action number, the counter's ETag or None if there is no counter yet)."""
        counter = await self.table.get(partnership_id, COUNTER)
        if counter is None:
            return 1, None
        return counter["next"], etag_of(counter)

    def _counter_op(self, partnership_id: str, next_number: int, etag: str | None):
        entity = {"PartitionKey": encode_key(partnership_id), "RowKey": COUNTER, "next": next_number}
        if etag is None:
            return ("create", entity)       # the first meeting: only one instance can create the counter
        return ("update", entity, _if_unchanged(etag))

    async def _where(self, meeting_id: str) -> str | None:
        """The partnership a meeting is kept in, by its pointer; None if it has none."""
        pointer = await self.index.get(_where_partition(meeting_id), meeting_id)
        return pointer["partnership_id"] if pointer is not None else None

    async def _point_to(self, record: dict, first_in_partnership: bool) -> None:
        """Its pointer (and its partnership listed, for its first meeting), before the transaction that keeps it."""
        writes = [self.index.upsert(self._pointer(record["id"], record["partnership_id"]))]
        if first_in_partnership:
            writes.append(self.index.upsert(self._listed(record["partnership_id"])))
        await asyncio.gather(*writes)

    async def _insert(self, record: dict, counter_op) -> None:
        """The counter moved on, the meeting and its action rows: one transaction (if it fits in one)."""
        operations = [counter_op, ("create", self._entity(record))]
        operations += [("upsert", e) for e in self._action_entities(record)]
        await self.table.transaction(operations[:TRANSACTION_LIMIT])
        for start in range(TRANSACTION_LIMIT, len(operations), TRANSACTION_LIMIT):     # 99 actions or more
            await self.table.transaction(operations[start:start + TRANSACTION_LIMIT])

    # ---- writes ----------------------------------------------------------------------------

    async def save(self, meeting: dict, *, by: str, by_name: str, at: str) -> Meeting:
        draft = plain(meeting)
        draft["id"] = draft.get("id") or uuid.uuid4().hex
        partnership_id = draft["partnership_id"]

        async def attempt():
            where, stored, (number, etag) = await asyncio.gather(
                self._where(draft["id"]), self.table.get(partnership_id, draft["id"]),
                self._next_number(partnership_id))
            if stored is None and where not in (None, partnership_id):    # saved, then moved by a correction
                stored = await self.table.get(where, draft["id"])
            if stored is not None:
                raise AlreadySaved(Meeting.from_dict(row_of(stored)))
            record = {**draft, "kind": draft.get("kind") or "full", "logged_by": by, "logged_by_name": by_name,
                      "logged_at": at, "history": [_history(by, by_name, at, "logged the meeting")]}
            actions = []
            for action in draft.get("actions", []):
                actions.append({"owner_user_id": None, **action, "number": number, "status": "open",
                                "history": [_history(by, by_name, at, "created")]})
                number += 1
            record["actions"] = actions
            await self._point_to(record, first_in_partnership=etag is None)
            await self._insert(record, self._counter_op(partnership_id, number, etag))
            return Meeting.from_dict(record)

        return await _retrying(attempt)

    async def store_many(self, records: list[dict]) -> None:
        """Complete meetings as they are (numbered, with history), in as few transactions as fit:
        for bulk loads such as the bench's seed. Not for meetings other instances may be saving."""
        by_partnership: dict[str, list] = {}
        for record in map(plain, records):
            by_partnership.setdefault(record["partnership_id"], []).append(record)
        pointers: dict[str, list] = {PARTNERSHIPS: [("upsert", self._listed(p)) for p in by_partnership]}
        for record in map(plain, records):
            entity = self._pointer(record["id"], record["partnership_id"])
            pointers.setdefault(entity["PartitionKey"], []).append(("upsert", entity))
        await in_transactions(self.index, pointers)
        kept = {}
        for partnership_id, meetings in by_partnership.items():
            highest = max((a["number"] for m in meetings for a in m.get("actions", [])), default=0)
            number, etag = await self._next_number(partnership_id)
            operations = [op for m in meetings for op in [("upsert", self._entity(m)),
                                                          *[("upsert", e) for e in self._action_entities(m)]]]
            if highest >= number:
                operations.append(self._counter_op(partnership_id, highest + 1, etag))
            kept[encode_key(partnership_id)] = operations
        await in_transactions(self.table, kept)

    async def update_action(self, partnership_id: str, number: int, changes: dict, *,
                            by: str, by_name: str, at: str) -> Action:
        changes = plain(changes)

        async def attempt():
            entity = await self._meeting_with_action(partnership_id, number)
            meeting = row_of(entity) if entity is not None else None
            action = next((a for a in meeting["actions"] if a["number"] == number), None) if meeting else None
            if action is None:
                raise UnknownAction(f"There is no action {number} for {partnership_id}.")
            described = ", ".join(f"{k}: {action.get(k)!r} -> {v!r}" for k, v in changes.items())
            action.update(changes)
            action["history"].append(_history(by, by_name, at, described))
            await self.table.replace(self._entity(meeting), etag_of(entity))
            return _action_of(meeting, number)

        return await _retrying(attempt)

    async def save_correction(self, corrected: Meeting) -> Meeting:
        """As storage/meetings.save_correction. A meeting moved to another partnership is inserted
        there (with that partnership's next action numbers, in one transaction with its counter), its
        pointer moved, and then it is removed from the old one if it is still as read; if it was
        changed there meanwhile, the new copy is taken back and the correction refused. A crash in
        between leaves it in both; `by_id` finds the one its pointer names."""
        record = plain(corrected)
        stored_entity = await self._entity_by_id(record["id"])
        if stored_entity is None:
            raise LookupError(f"There is no saved meeting {record['id']}.")
        stored = row_of(stored_entity)
        change_id = record["history"][-1].get("change_id")
        if change_id and any(h.get("change_id") == change_id for h in stored.get("history", [])):
            raise AlreadySaved(Meeting.from_dict(stored))
        if len(stored.get("history", [])) != len(record["history"]) - 1:
            raise StaleCorrection(record["id"])
        old_partnership, new_partnership = stored["partnership_id"], record["partnership_id"]
        try:
            if old_partnership == new_partnership:
                await self.table.replace(self._entity(record), etag_of(stored_entity))
                return Meeting.from_dict(record)

            async def attempt():
                first, etag = await self._next_number(new_partnership)
                moved, number = renumbered_for_move(record, first)
                if etag is None:
                    await self.index.upsert(self._listed(new_partnership))
                await self._insert(moved, self._counter_op(new_partnership, number, etag))
                return moved

            moved = await _retrying(attempt)
            await self.index.upsert(self._pointer(moved["id"], new_partnership))
            try:
                await self.table.transaction([("delete", stored_entity, {
                    "etag": etag_of(stored_entity), "match_condition": MatchConditions.IfNotModified})])
            except TableTransactionError as error:
                if not _conflict(error):
                    raise
                # Changed in the old partnership meanwhile: take the new copy back (its action
                # numbers stay taken, unused) and refuse, as for any stale correction.
                await self.index.upsert(self._pointer(moved["id"], old_partnership))
                await self.table.delete(new_partnership, moved["id"])
                raise
            await asyncio.gather(*[self.table.delete(old_partnership, action_row(a["number"]))
                                   for a in stored.get("actions", [])])
            return Meeting.from_dict(moved)
        except (ResourceModifiedError, TableTransactionError) as error:
            if _conflict(error):
                raise StaleCorrection(record["id"]) from error
            raise

    # ---- reads -----------------------------------------------------------------------------

    async def _rows(self, partnership_id: str | None, since: date | None = None,
                    until: date | None = None) -> list[dict]:
        """Meetings of one partnership (one partition), or of all (the whole table: the nudge scan and
        'all partnerships' lists only), on or after `since` and on or before `until` (filtered by the
        table, not here)."""
        query, parameters = MEETINGS_ONLY, {}
        if partnership_id:
            query, parameters["pk"] = f"PartitionKey eq @pk and {query}", encode_key(partnership_id)
        if since is not None:
            query, parameters["since"] = f"{query} and date ge @since", since.isoformat()
        if until is not None:
            query, parameters["until"] = f"{query} and date le @until", until.isoformat()
        return await rows_of(await self.table.query(query, **parameters))

    async def all(self, partnership_id: str | None = None, since: date | None = None,
                  until: date | None = None) -> list[Meeting]:
        rows = await self._rows(partnership_id, since, until)
        return await off_loop(lambda: records_of(Meeting, sorted(rows, key=lambda m: (m["date"], m["logged_at"]))),
                              len(rows))

    async def counted(self, partnership_id: str | None = None, since: date | None = None) -> list[Meeting]:
        return [m for m in await self.all(partnership_id, since) if not m.get("withdrawn")]

    async def _entity_by_id(self, meeting_id: str):
        where = await self._where(meeting_id)
        return await self.table.get(where, meeting_id) if where is not None else None

    async def by_id(self, meeting_id: str) -> Meeting | None:
        found = await self._entity_by_id(meeting_id)
        return Meeting.from_dict(row_of(found)) if found is not None else None

    async def _meeting_with_action(self, partnership_id: str, number: int):
        """The entity of the meeting holding action `number` of the partnership, or None."""
        pointer = await self.table.get(partnership_id, action_row(number))
        if pointer is None:
            return None
        return await self.table.get(partnership_id, pointer["meeting"])

    async def open_actions(self, partnership_id: str | None = None, owner: str | None = None) -> list[Action]:
        rows = await self._rows(partnership_id)

        return await off_loop(lambda: records_of(Action, open_actions_of(rows, owner)), len(rows))

    async def term_meeting_days(self) -> dict[str, list[str]]:
        # Every meeting's row (the whole table), as the scan read before; Table Storage has no
        # index of its own to keep the counting ones apart.
        days: dict[str, list[str]] = {}
        for meeting in await self.all():
            if counts_for_term(meeting):
                days.setdefault(meeting["partnership_id"], []).append(meeting["date"])
        return days

    async def find_action(self, partnership_id: str, number: int) -> Action | None:
        entity = await self._meeting_with_action(partnership_id, number)
        return _action_of(row_of(entity), number) if entity is not None else None

    async def partnerships_with_action(self, number: int) -> list[str]:
        listed = [e["partnership_id"] for e in await self.index.partition(PARTNERSHIPS)]
        found = await asyncio.gather(*[self.find_action(p, number) for p in listed])
        return sorted(p for p, action in zip(listed, found) if action is not None)

