"""Entities in Azure Table Storage, for every repository in storage/azure/: a record kept as its JSON
row in `json0`, `json1`, ... (a string property holds at most 32K characters; an entity at most
1 MB) beside the plain properties queries filter on; keys that hold any text; one table's client;
and the ETag discipline every update follows (`_retrying`: read, change, write only if no one else
wrote in between, else again).

Keys cannot hold '/', '\\', '#', '?' or control characters: those (and '%') are written as %XX.
"""

import asyncio
import json

from azure.core import MatchConditions
from azure.core.exceptions import ResourceExistsError, ResourceModifiedError, ResourceNotFoundError
from azure.data.tables import TableTransactionError, UpdateMode

from knowledge.records import plain

CHUNK = 30_000          # characters of JSON per property (a string property holds 32K)
TRIES = 20              # ETag conflicts in a row before giving up (each a change made by someone else)
TRANSACTION_LIMIT = 100  # operations in one transaction (all in one partition)
OFF_LOOP_FROM = 200     # entities: fewer are read on the event loop faster than a thread is handed them



def encode_key(text: str) -> str:
    """A PartitionKey or RowKey for any text: '%', '/', '\\', '#', '?' and control characters as %XX."""
    out = []
    for ch in str(text):
        if ch in "%/\\#?" or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def entity_of(partition: str, row: str, record, **columns) -> dict:
    """The entity keeping `record` (its JSON row) under these keys, with plain columns to filter on."""
    text = json.dumps(plain(record), ensure_ascii=False, separators=(",", ":"))
    chunks = {f"json{i}": text[start:start + CHUNK] for i, start in enumerate(range(0, max(len(text), 1), CHUNK))}
    return {"PartitionKey": encode_key(partition), "RowKey": encode_key(row), **columns, **chunks}


def row_of(entity) -> dict:
    """The JSON row an entity keeps."""
    parts, i = [], 0
    while entity.get(f"json{i}"):      # a column asked for (select) that the entity lacks comes as None
        parts.append(entity[f"json{i}"])
        i += 1
    return json.loads("".join(parts)) if parts else {}


async def off_loop(work, count: int):
    """`work()`, which builds `count` records. Hundreds of them (a partnership's meetings after
    years; every meeting, for the nudge scan) take milliseconds to tens of milliseconds, so they are
    built on a worker thread, leaving the event loop to answer other turns meanwhile."""
    if count < OFF_LOOP_FROM:
        return work()
    return await asyncio.to_thread(work)


async def rows_of(entities: list) -> list[dict]:
    """The JSON rows of many entities (off the event loop when there are many)."""
    return await off_loop(lambda: [row_of(e) for e in entities], len(entities))


def etag_of(entity) -> str:
    return entity.metadata["etag"]


def _conflict(error: Exception) -> bool:
    """Someone else got there first: an ETag mismatch, or an insert of a key that exists."""
    if isinstance(error, (ResourceModifiedError, ResourceExistsError)):
        return True
    return isinstance(error, TableTransactionError) and getattr(error, "status_code", None) in (409, 412)


async def _retrying(attempt):
    """Run `attempt()` (read, change, write with the ETag read) until no one else wrote in between."""
    for _ in range(TRIES):
        try:
            return await attempt()
        except (ResourceModifiedError, TableTransactionError) as error:
            if not _conflict(error):
                raise
            await asyncio.sleep(0)
    raise RuntimeError(f"gave up after {TRIES} conflicting writes in a row")


class _Table:
    """One table, created the first time it is used."""

    def __init__(self, service, name: str):
        self.client = service.get_table_client(name)
        self._created = False

    async def ready(self):
        if not self._created:
            try:
                await self.client.create_table()
            except ResourceExistsError:
                pass
            self._created = True
        return self.client

    async def query(self, query_filter: str, *, select: list[str] | None = None, **parameters) -> list:
        """The entities matching the filter (with only the `select` columns, if given)."""
        client = await self.ready()
        return [e async for e in client.query_entities(query_filter, parameters=parameters, select=select)]

    async def partition(self, partition: str) -> list:
        return await self.query("PartitionKey eq @pk", pk=encode_key(partition))

    async def rows_from(self, partition: str, prefix: str, select: list[str] | None = None) -> list:
        """The entities of a partition whose RowKey starts with `prefix` (ASCII)."""
        return await self.query("PartitionKey eq @pk and RowKey ge @lo and RowKey lt @hi", pk=encode_key(partition),
                                lo=encode_key(prefix), hi=encode_key(prefix)[:-1] + chr(ord(prefix[-1]) + 1),
                                select=select)

    async def everything(self, select: list[str] | None = None) -> list:
        client = await self.ready()
        return [e async for e in client.list_entities(select=select)]

    async def get(self, partition: str, row: str):
        client = await self.ready()
        try:
            return await client.get_entity(encode_key(partition), encode_key(row))
        except ResourceNotFoundError:
            return None

    async def insert(self, entity: dict) -> None:
        await (await self.ready()).create_entity(entity)

    async def replace(self, entity: dict, etag: str) -> None:
        """Write `entity` over the stored one only if it is still as read (its ETag)."""
        await (await self.ready()).update_entity(entity, mode=UpdateMode.REPLACE, etag=etag,
                                                 match_condition=MatchConditions.IfNotModified)

    async def delete(self, partition: str, row: str) -> None:
        """Remove an entity if it is there (gone already is as good)."""
        try:
            await (await self.ready()).delete_entity(encode_key(partition), encode_key(row))
        except ResourceNotFoundError:
            pass

    async def upsert(self, entity: dict) -> None:
        await (await self.ready()).upsert_entity(entity, mode=UpdateMode.REPLACE)

    async def transaction(self, operations: list) -> None:
        await (await self.ready()).submit_transaction(operations)


def _if_unchanged(etag: str) -> dict:
    return {"mode": UpdateMode.REPLACE, "etag": etag, "match_condition": MatchConditions.IfNotModified}


async def in_transactions(table: _Table, operations_by_partition: dict[str, list]) -> None:
    """Each partition's operations in transactions of at most 100, several partitions at once."""
    batches = [operations[start:start + TRANSACTION_LIMIT] for operations in operations_by_partition.values()
               for start in range(0, len(operations), TRANSACTION_LIMIT)]
    running = asyncio.Semaphore(8)

    async def submit(batch):
        async with running:
            await table.transaction(batch)
    await asyncio.gather(*map(submit, batches))
