"""Meetings and their actions in Azure Table Storage (knowledge.repositories.Meetings), kept so that
no turn reads a whole table, and no question about one partnership costs more as other partnerships
keep more: each partnership has a table of its own.

Why a table each: Azurite (LokiJS) answers every query, even "PartitionKey eq 'gosport'", by
testing each entity of the table in turn (LokiTableMetadataStore.queryTableEntities: `.where` with
the filter as a function, no index), so in one shared table a partnership's 4 meetings took longer
to read as the others' 20,000 grew. Point reads (PartitionKey and RowKey) use its index. In Azure
itself a PartitionKey query is indexed either way; a table per partnership costs nothing there.

A partnership's table (`botMeetings` + its id's letters + 8 hex of its MD5: partnership_table_name),
PartitionKey = the partnership, made by its first write:

    RowKey = meeting id      the meeting with its actions (one JSON row, as the TinyDB store keeps it)
    RowKey "~action|<n>"     action n of the partnership: which meeting holds it
    RowKey "~counter"        the partnership's next action number
    RowKey "~open|<n>"       action n while it is open: the action itself, with its meeting's id

Every write of a meeting is one transaction in its partition: the meeting, and its action and open
rows made to match it. Saving: the counter moved on from the value it was read at (ETag), the
meeting inserted, a row for each action and an open row for each. Marking an action done, or
withdrawing a meeting: the meeting replaced if unchanged since read (ETag), and the open rows it no
longer has deleted. So the open rows are never out of step with the meetings (there is no moment
between two writes for a crash to fall in, and nothing to repair), and the open actions are read
from the open rows alone: as many entities as there are open actions, however many meetings and
done actions are kept (only a meeting with about 50 actions or more needs two transactions).
Two instances saving at once never give two actions one number: the loser reads the counter again.
"Action 3 for Gosport" is two point reads (its row, then its meeting); a partnership's meetings are
one query of its own table. (Rows starting with '~' sort after every meeting id, which are ASCII.)

The index table, for what a turn knows without the partnership:

    PartitionKey "meeting|<2 hex>", RowKey = meeting id   -> the partnership it is kept in

and the partnerships table (a few dozen entities), PartitionKey "partnerships", RowKey =
partnership: one that has meetings (and so a table). Lists of every partnership (the nudge scan's
meetings and open actions, "my actions") read it, then each listed partnership's table.

A meeting's pointer is written before its transaction (it cannot be in it: another table), and read
as a pointer, never as the truth: a meeting is by id where its pointer says it is, or nowhere (a
save that crashed before its transaction saved nothing). A partnership is listed before its first
meeting is kept, so "which partnerships have an action 3" is a point read in each listed one.

Meetings an earlier version kept all in one table (`botMeetings`, a partition per partnership) are
moved into their partnerships' tables when an instance starts (`move_from_one_table`).
"""

import asyncio
import hashlib
import logging
import re
import uuid
from datetime import date
from urllib.parse import unquote

from azure.core import MatchConditions
from azure.core.exceptions import ResourceExistsError, ResourceModifiedError, ResourceNotFoundError
from azure.data.tables import TableTransactionError

from knowledge.action_numbers import owned_by, renumbered_for_move
from knowledge.meeting_types import counts_for_term, kind_of
from knowledge.records import Action, Meeting, plain, records_of
from knowledge.repositories import AlreadySaved, StaleCorrection, UnknownAction

from .entities import (TRANSACTION_LIMIT, _conflict, _if_unchanged, _retrying, _Table, encode_key, entity_of,
                       etag_of, in_transactions, off_loop, row_of, rows_of)

log = logging.getLogger(__name__)

COUNTER = "~counter"    # the action counter in each partnership's partition
ACTION = "~action|"     # before an action's number: the row saying which meeting holds it
OPEN = "~open|"         # before an open action's number: the open action itself
MEETINGS_ONLY = "RowKey lt '~'"
PARTNERSHIPS = "partnerships"
TABLE_NAME_LENGTH = 63  # the longest table name Azure allows
# An open row's columns that open_actions reads: its JSON alone (the SDK's reading of each column and
# of the Timestamp is most of the time a list of open actions takes). An action's JSON is one chunk
# of 30,000 characters unless its history holds hundreds of changes; four hold 120,000.
OPEN_COLUMNS = ["json0", "json1", "json2", "json3"]


def _history(by: str, by_name: str, at: str, what: str) -> dict:
    return {"by": by, "by_name": by_name, "at": at, "what": what}


def action_row(number: int) -> str:
    return f"{ACTION}{number:010d}"


def open_row(number: int) -> str:
    return f"{OPEN}{number:010d}"


def partnership_table_name(base: str, partnership_id: str) -> str:
    """`botMeetingsWinchesterc7e7571e` for "winchester": `base`, the id's letters and digits (as many
    as fit in a table name) and 8 hex of the id's MD5, so ids that differ only in case or punctuation
    (table names ignore case and hold only letters and digits) still get tables of their own."""
    digest = hashlib.md5(partnership_id.encode("utf-8")).hexdigest()[:8]
    words = "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", partnership_id))
    return base + words[:max(0, TABLE_NAME_LENGTH - len(base) - len(digest))] + digest


def _where_partition(meeting_id: str) -> str:
    """The index partition of a meeting id's pointer: spread over 256, so no one partition is hot."""
    return f"meeting|{hashlib.md5(meeting_id.encode('utf-8')).hexdigest()[:2]}"


def _action_of(meeting: dict, number: int) -> Action | None:
    for action in meeting["actions"]:
        if action["number"] == number:
            return Action.from_dict({**action, "partnership_id": meeting["partnership_id"],
                                     "meeting_id": meeting["id"]})
    return None


def _open_numbers(record: dict | None) -> set[int]:
    return {a["number"] for a in (record or {}).get("actions", []) if a.get("status") == "open"}


class _PartnershipTable(_Table):
    """A partnership's table, made by its first write: read before then, it is empty (so a question
    about a partnership with no meetings makes no table)."""

    async def query(self, query_filter: str, *, select: list[str] | None = None, **parameters) -> list:
        if self._created:
            return await super().query(query_filter, select=select, **parameters)
        try:
            return [e async for e in self.client.query_entities(query_filter, parameters=parameters, select=select)]
        except ResourceNotFoundError:
            return []

    async def get(self, partition: str, row: str):
        try:
            return await self.client.get_entity(encode_key(partition), encode_key(row))
        except ResourceNotFoundError:
            return None


class AzureMeetings:
    def __init__(self, service, base_name: str, index: _Table, listing: _Table):
        self.service, self.base_name = service, base_name
        self.index = index
        self.listing = listing
        self._tables: dict[str, _PartnershipTable] = {}

    def table(self, partnership_id: str) -> _PartnershipTable:
        """The partnership's own table (its client made once per instance)."""
        table = self._tables.get(partnership_id)
        if table is None:
            table = _PartnershipTable(self.service, partnership_table_name(self.base_name, partnership_id))
            self._tables[partnership_id] = table
        return table

    async def close(self) -> None:
        for table in self._tables.values():
            await table.client.close()

    # ---- entities --------------------------------------------------------------------------

    @staticmethod
    def _entity(record: dict) -> dict:
        # date, withdrawn and kind as columns of their own too: what a query filters on, and all
        # the nudge scan reads of a meeting (term_meeting_days).
        return entity_of(record["partnership_id"], record["id"], record, date=record["date"],
                         withdrawn=bool(record.get("withdrawn")), kind=kind_of(record))

    @staticmethod
    def _action_entities(record: dict) -> list[dict]:
        return [{"PartitionKey": encode_key(record["partnership_id"]), "RowKey": action_row(a["number"]),
                 "meeting": record["id"]} for a in record.get("actions", [])]

    @staticmethod
    def _open_entities(record: dict) -> list[dict]:
        return [entity_of(record["partnership_id"], open_row(a["number"]),
                          {**a, "partnership_id": record["partnership_id"], "meeting_id": record["id"]},
                          meeting=record["id"]) for a in record.get("actions", []) if a.get("status") == "open"]

    @classmethod
    def _open_rows_matching(cls, partnership_id: str, was_open: set[int], record: dict | None) -> list:
        """Operations making the partnership's open rows, which matched a meeting whose open actions
        were `was_open`, match `record` (None: the meeting leaves the partnership)."""
        now_open = _open_numbers(record)
        return ([("upsert", e) for e in (cls._open_entities(record) if record else [])]
                + [("delete", {"PartitionKey": encode_key(partnership_id), "RowKey": open_row(n)})
                   for n in sorted(was_open - now_open)])

    @staticmethod
    def _pointer(meeting_id: str, partnership_id: str) -> dict:
        return {"PartitionKey": encode_key(_where_partition(meeting_id)), "RowKey": encode_key(meeting_id),
                "partnership_id": partnership_id}

    @staticmethod
    def _listed(partnership_id: str) -> dict:
        return {"PartitionKey": PARTNERSHIPS, "RowKey": encode_key(partnership_id), "partnership_id": partnership_id}

    async def _partnerships(self) -> list[str]:
        """Every partnership that has (or had) meetings."""
        return sorted(e["partnership_id"] for e in await self.listing.partition(PARTNERSHIPS))

    async def _next_number(self, partnership_id: str):
        """(the next action number, the counter's ETag or None if there is no counter yet)."""
        counter = await self.table(partnership_id).get(partnership_id, COUNTER)
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
            writes.append(self.listing.upsert(self._listed(record["partnership_id"])))
        await asyncio.gather(*writes)

    async def _write(self, partnership_id: str, operations: list) -> None:
        """Operations on one partnership's table, the meeting's own first, in one transaction (in more
        past 100: a meeting with about 50 actions or more). Should an open row to delete be missing
        (only if such a many-transaction write stopped half way), the rest is done in one transaction
        and the open rows deleted after it, so the action can still be closed."""
        table = self.table(partnership_id)
        for start in range(0, len(operations), TRANSACTION_LIMIT):
            batch = operations[start:start + TRANSACTION_LIMIT]
            try:
                await table.transaction(batch)
            except TableTransactionError as error:
                closing = [op for op in batch if op[0] == "delete" and op[1]["RowKey"].startswith(OPEN)]
                if getattr(error, "status_code", None) != 404 or not closing:
                    raise
                await table.transaction([op for op in batch if op not in closing])
                for _, key in closing:
                    await table.delete(partnership_id, key["RowKey"])

    async def _insert(self, record: dict, counter_op) -> None:
        """The counter moved on, the meeting, its action rows and its open rows: one transaction (if it fits in one)."""
        await self._write(record["partnership_id"], [
            counter_op, ("create", self._entity(record)), *[("upsert", e) for e in self._action_entities(record)],
            *[("upsert", e) for e in self._open_entities(record)]])

    # ---- writes ----------------------------------------------------------------------------

    async def save(self, meeting: dict, *, by: str, by_name: str, at: str) -> Meeting:
        draft = plain(meeting)
        draft["id"] = draft.get("id") or uuid.uuid4().hex
        partnership_id = draft["partnership_id"]

        async def attempt():
            where, stored, (number, etag) = await asyncio.gather(
                self._where(draft["id"]), self.table(partnership_id).get(partnership_id, draft["id"]),
                self._next_number(partnership_id))
            if stored is None and where not in (None, partnership_id):    # saved, then moved by a correction
                stored = await self.table(where).get(where, draft["id"])
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
        await in_transactions(self.listing, {PARTNERSHIPS: [("upsert", self._listed(p)) for p in by_partnership]})
        pointers: dict[str, list] = {}
        for record in map(plain, records):
            entity = self._pointer(record["id"], record["partnership_id"])
            pointers.setdefault(entity["PartitionKey"], []).append(("upsert", entity))
        await in_transactions(self.index, pointers)
        for partnership_id, meetings in by_partnership.items():
            highest = max((a["number"] for m in meetings for a in m.get("actions", [])), default=0)
            number, etag = await self._next_number(partnership_id)
            operations = [("upsert", e) for m in meetings
                          for e in [self._entity(m), *self._action_entities(m), *self._open_entities(m)]]
            if highest >= number:
                operations.append(self._counter_op(partnership_id, highest + 1, etag))
            await in_transactions(self.table(partnership_id), {encode_key(partnership_id): operations})

    async def update_action(self, partnership_id: str, number: int, changes: dict, *,
                            by: str, by_name: str, at: str) -> Action:
        changes = plain(changes)

        async def attempt():
            entity = await self._meeting_with_action(partnership_id, number)
            meeting = row_of(entity) if entity is not None else None
            action = next((a for a in meeting["actions"] if a["number"] == number), None) if meeting else None
            if action is None:
                raise UnknownAction(f"There is no action {number} for {partnership_id}.")
            was_open = _open_numbers(meeting)
            described = ", ".join(f"{k}: {action.get(k)!r} -> {v!r}" for k, v in changes.items())
            action.update(changes)
            action["history"].append(_history(by, by_name, at, described))
            await self._write(partnership_id, [("update", self._entity(meeting), _if_unchanged(etag_of(entity))),
                                               *self._open_rows_matching(partnership_id, was_open, meeting)])
            return _action_of(meeting, number)

        return await _retrying(attempt)

    async def save_correction(self, corrected: Meeting) -> Meeting:
        """As storage/meetings.save_correction. A meeting moved to another partnership is inserted
        there (with that partnership's next action numbers, in one transaction with its counter), its
        pointer moved, and then it is removed from the old one (with its open rows, in one
        transaction) if it is still as read; if it was changed there meanwhile, the new copy is taken
        back and the correction refused. A crash in between leaves it in both; `by_id` finds the one
        its pointer names."""
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
        unchanged = {"etag": etag_of(stored_entity), "match_condition": MatchConditions.IfNotModified}
        try:
            if old_partnership == new_partnership:
                await self._write(old_partnership, [
                    ("update", self._entity(record), _if_unchanged(etag_of(stored_entity))),
                    *self._open_rows_matching(old_partnership, _open_numbers(stored), record)])
                return Meeting.from_dict(record)

            async def attempt():
                first, etag = await self._next_number(new_partnership)
                moved, number = renumbered_for_move(record, first)
                if etag is None:
                    await self.listing.upsert(self._listed(new_partnership))
                await self._insert(moved, self._counter_op(new_partnership, number, etag))
                return moved

            moved = await _retrying(attempt)
            await self.index.upsert(self._pointer(moved["id"], new_partnership))
            try:
                await self._write(old_partnership, [
                    ("delete", stored_entity, unchanged),
                    *self._open_rows_matching(old_partnership, _open_numbers(stored), None)])
            except TableTransactionError as error:
                if not _conflict(error):
                    raise
                # Changed in the old partnership meanwhile: take the new copy back (its action
                # numbers stay taken, unused) and refuse, as for any stale correction.
                await self.index.upsert(self._pointer(moved["id"], old_partnership))
                await self._write(new_partnership, [
                    ("delete", {"PartitionKey": encode_key(new_partnership), "RowKey": encode_key(moved["id"])}),
                    *self._open_rows_matching(new_partnership, _open_numbers(moved), None)])
                raise
            old_table = self.table(old_partnership)
            await asyncio.gather(*[old_table.delete(old_partnership, action_row(a["number"]))
                                   for a in stored.get("actions", [])])
            return Meeting.from_dict(moved)
        except (ResourceModifiedError, TableTransactionError) as error:
            if _conflict(error):
                raise StaleCorrection(record["id"]) from error
            raise

    # ---- reads -----------------------------------------------------------------------------

    async def _each_partnership(self, partnership_id: str | None, read) -> list:
        """`read(partnership_id)`'s entities for one partnership, or for every listed one (at once)."""
        if partnership_id:
            return await read(partnership_id)
        found = await asyncio.gather(*map(read, await self._partnerships()))
        return [entity for entities in found for entity in entities]

    async def _rows(self, partnership_id: str | None, since: date | None = None,
                    until: date | None = None) -> list[dict]:
        """Meetings of one partnership (its table), or of all (every table: the nudge scan and 'all
        partnerships' lists only), on or after `since` and on or before `until` (filtered by the
        table, not here)."""
        query, parameters = f"PartitionKey eq @pk and {MEETINGS_ONLY}", {}
        if since is not None:
            query, parameters["since"] = f"{query} and date ge @since", since.isoformat()
        if until is not None:
            query, parameters["until"] = f"{query} and date le @until", until.isoformat()

        async def read(pid):
            return await self.table(pid).query(query, pk=encode_key(pid), **parameters)
        return await rows_of(await self._each_partnership(partnership_id, read))

    async def all(self, partnership_id: str | None = None, since: date | None = None,
                  until: date | None = None) -> list[Meeting]:
        rows = await self._rows(partnership_id, since, until)
        return await off_loop(lambda: records_of(Meeting, sorted(rows, key=lambda m: (m["date"], m["logged_at"]))),
                              len(rows))

    async def counted(self, partnership_id: str | None = None, since: date | None = None) -> list[Meeting]:
        return [m for m in await self.all(partnership_id, since) if not m.get("withdrawn")]

    async def _entity_by_id(self, meeting_id: str):
        where = await self._where(meeting_id)
        return await self.table(where).get(where, meeting_id) if where is not None else None

    async def by_id(self, meeting_id: str) -> Meeting | None:
        found = await self._entity_by_id(meeting_id)
        return Meeting.from_dict(row_of(found)) if found is not None else None

    async def _meeting_with_action(self, partnership_id: str, number: int):
        """The entity of the meeting holding action `number` of the partnership, or None."""
        table = self.table(partnership_id)
        pointer = await table.get(partnership_id, action_row(number))
        if pointer is None:
            return None
        return await table.get(partnership_id, pointer["meeting"])

    async def open_actions(self, partnership_id: str | None = None, owner: str | None = None) -> list[Action]:
        """From the open rows alone (one partnership's, or every listed partnership's): as many
        entities as there are open actions, however many meetings and done actions are kept."""
        async def read(pid):
            return await self.table(pid).rows_from(pid, OPEN, select=OPEN_COLUMNS)
        entities = await self._each_partnership(partnership_id, read)
        return await off_loop(lambda: records_of(Action, owned_by([row_of(e) for e in entities], owner)),
                              len(entities))

    async def term_meeting_days(self) -> dict[str, list[str]]:
        # Each meeting's date, withdrawn and kind columns only, not its minutes. A partnership with
        # a meeting stored before the kind had a column of its own is read whole.
        async def read(pid):
            query = f"PartitionKey eq @pk and {MEETINGS_ONLY}"
            meetings = await self.table(pid).query(query, pk=encode_key(pid), select=["date", "withdrawn", "kind"])
            if any(m.get("kind") is None for m in meetings):
                meetings = await rows_of(await self.table(pid).query(query, pk=encode_key(pid)))
            return sorted(m["date"] for m in meetings if counts_for_term(m))
        listed = await self._partnerships()
        found = await asyncio.gather(*(read(pid) for pid in listed))
        return {pid: days for pid, days in zip(listed, found) if days}

    async def find_action(self, partnership_id: str, number: int) -> Action | None:
        entity = await self._meeting_with_action(partnership_id, number)
        return _action_of(row_of(entity), number) if entity is not None else None

    async def partnerships_with_action(self, number: int) -> list[str]:
        listed = await self._partnerships()
        found = await asyncio.gather(*[self.find_action(p, number) for p in listed])
        return [p for p, action in zip(listed, found) if action is not None]

    # ---- a move stopped half way ---------------------------------------------------------------

    async def finish_interrupted_moves(self) -> int:
        """A move to another partnership (save_correction) that stopped between keeping the meeting in
        its new partnership and removing it from the old leaves it in both. Run as an instance starts:
        each partnership's meeting ids read (one select of RowKeys per table), and of a meeting found
        in two, the copy its pointer names stays (the old one if the pointer had not moved yet: the
        move was never confirmed; the new one if it had) and the other goes, with its open rows and
        action pointers (its action numbers stay taken, unused). How many copies were removed."""
        listed = await self._partnerships()

        async def ids(pid):
            rows = await self.table(pid).query(f"PartitionKey eq @pk and {MEETINGS_ONLY}", pk=encode_key(pid),
                                               select=["RowKey"])
            return [unquote(r["RowKey"]) for r in rows]
        kept_in: dict[str, list[str]] = {}
        for pid, meeting_ids in zip(listed, await asyncio.gather(*(ids(pid) for pid in listed))):
            for meeting_id in meeting_ids:
                kept_in.setdefault(meeting_id, []).append(pid)
        removed = 0
        for meeting_id, partnerships in kept_in.items():
            if len(partnerships) < 2:
                continue
            keep = await self._where(meeting_id)
            if keep not in partnerships:
                log.error("Meeting %s is kept in %s and its pointer names none of them: left for a person "
                          "to look at", meeting_id, ", ".join(partnerships))
                continue
            for pid in partnerships:
                if pid != keep:
                    removed += await self._remove_copy(pid, meeting_id)
        return removed

    async def _remove_copy(self, partnership_id: str, meeting_id: str) -> int:
        table = self.table(partnership_id)
        entity = await table.get(partnership_id, meeting_id)
        if entity is None:
            return 0
        copy = row_of(entity)
        unchanged = {"etag": etag_of(entity), "match_condition": MatchConditions.IfNotModified}
        await self._write(partnership_id, [("delete", entity, unchanged),
                                           *self._open_rows_matching(partnership_id, _open_numbers(copy), None)])
        for action in copy.get("actions", []):
            pointer = await table.get(partnership_id, action_row(action["number"]))
            if pointer is not None and pointer.get("meeting") == meeting_id:
                await table.delete(partnership_id, action_row(action["number"]))
        log.warning("Meeting %s was in two partnerships after a move that stopped half way: removed its "
                    "copy in %s", meeting_id, partnership_id)
        return 1

    # ---- from an earlier version's layout ----------------------------------------------------

    async def move_from_one_table(self, legacy) -> int:
        """Meetings an earlier version kept all in one table (`legacy`, a TableClient of `botMeetings`,
        a partition per partnership), copied into their partnerships' tables with their action and open
        rows, then deleted from it; how many meetings were copied (not there already). Run as an instance starts, before it
        answers anyone. Copies are inserts, so a meeting another instance starting at the same time
        has copied already (and may have changed since) is left as it is; the old entities are deleted
        only when every copy is made, and only if unchanged since read. A start that stops half way
        leaves them to the next start."""
        try:
            entities = [e async for e in legacy.list_entities()]
        except ResourceNotFoundError:
            return 0            # a store this version made: there is no one table
        by_partition: dict[str, list] = {}
        for entity in entities:
            by_partition.setdefault(entity["PartitionKey"], []).append(entity)
        copied = 0
        for partition, kept in by_partition.items():
            meetings = [row_of(e) for e in kept if e["RowKey"] < "~"]
            partnership_id = meetings[0]["partnership_id"] if meetings else unquote(partition)
            await self.listing.upsert(self._listed(partnership_id))
            groups = [[self._entity(m), *self._action_entities(m), *self._open_entities(m)] for m in meetings]
            counter = next((e for e in kept if e["RowKey"] == COUNTER), None)
            if counter is not None:       # numbers given stay given
                groups.append([{"PartitionKey": partition, "RowKey": COUNTER, "next": counter["next"]}])
            made = await self._create_all(self.table(partnership_id), groups)
            copied += sum(first["RowKey"] != COUNTER for first in made)
            for start in range(0, len(kept), TRANSACTION_LIMIT):
                batch = kept[start:start + TRANSACTION_LIMIT]
                try:
                    await legacy.submit_transaction([("delete", e, {"etag": etag_of(e),
                                                                    "match_condition": MatchConditions.IfNotModified})
                                                     for e in batch])
                except TableTransactionError as error:
                    if not _conflict(error) and getattr(error, "status_code", None) != 404:
                        raise
                    log.warning("Meetings of %s in the old one table changed while they were copied: left there "
                                "for the next start to copy", partnership_id)
        return copied

    @staticmethod
    async def _create_all(table: _Table, groups: list[list[dict]]) -> list[dict]:
        """Insert each group (a meeting and its rows; the counter) that is not there yet, in
        transactions of up to 100 while none is; the first entity of each group inserted. A meeting
        there already is left with its rows as they are: its open rows are not made again for
        actions closed since it was copied."""
        made: list[dict] = []
        batch: list[list[dict]] = []
        for group in [*groups, None]:
            if group is not None and sum(map(len, batch)) + len(group) <= TRANSACTION_LIMIT:
                batch.append(group)
                continue
            if batch:
                try:
                    await table.transaction([("create", e) for g in batch for e in g])
                    made += [first for first, *_ in batch]
                except TableTransactionError as error:
                    if not _conflict(error):
                        raise
                    for first, *rows in batch:
                        try:
                            await table.insert(first)
                        except ResourceExistsError:
                            continue
                        made.append(first)
                        for row in rows:
                            try:
                                await table.insert(row)
                            except ResourceExistsError:
                                pass
            batch = [group] if group is not None else []
        return made
