"""The records (knowledge/repositories.py) as entities in Azure Table Storage, for any number of
instances of the bot writing at once (BOT_STORAGE=azure).

Each record is one entity; its JSON row (the same row the TinyDB store keeps) is in `json0`,
`json1`, ... (a string property holds at most 32K characters; an entity at most 1 MB), beside a
few plain properties the queries filter on. How each kind is kept, and why:

    Meetings       A table per partnership (PartitionKey = partnership, RowKey = meeting id), with
                   its action counter, a row per action number and a row per open action in the same
                   partition, and pointers (meeting id -> partnership) and the list of partnerships in
                   tables of their own: see meetings.py. A partnership's meetings or open actions are
                   one query of its own table; a meeting by id or an action by number, point reads;
                   saving a meeting or closing an action, one transaction.
    Deadlines      PartitionKey "deadline", RowKey = id (a seed's id or the change id it was added with).
    Subscriptions  PartitionKey = conversation, RowKey "active|<scope>" while it runs: a second
                   subscribe is refused by the insert, so a conversation is never subscribed twice.
                   Stopping moves it to "stopped|<scope>|<time>|<id>" in one transaction (the trail).
    Roles          One partition: RowKey "held|<user>|<role>|<scope>" for each role held now, and
                   "log|<time>|<n>" for each change. Granting inserts both in one transaction, so
                   two admins at once give a role once and log it once.
    Ledger         PartitionKey = the conversation the nudge goes to (the key's last part), RowKey =
                   the ledger key. A nudge is claimed by inserting its entity: only one instance can,
                   so any number of schedulers can scan and each nudge is sent once. A failed one is
                   retried by the instance whose ETag-checked update wins.
    NudgeMarks     PartitionKey "snooze" or "dismissed", RowKey "<item>|<conversation>".
    People         PartitionKey "people", RowKey = user id; kept in memory as the TinyDB version is,
                   and refreshed with what other instances noted (entities changed since the last look).
    Moves          PartitionKey "move", RowKey = the move id its confirmation was given.

Every update of a stored entity carries the ETag it was read with (`MatchConditions.IfNotModified`):
if another instance changed it in between, the change is made again on what is stored now
(`_retrying`), or, where it can no longer apply (a correction made from a meeting someone has
changed since), refused as the TinyDB store refuses it. How an entity keeps a record: entities.py.

What a turn asks for is a point read or one partition's query. Whole tables are read only by the
nudge scan (every meeting and ledger entry: what the rules look at) and a start (nudges caught
mid-send by a crash). The lists a person asks of every partnership ("open actions" with no
partnership known, "my actions") and the nudge scan's open actions read the open action rows alone.
"""

import asyncio
import logging
import time
import uuid
from datetime import datetime, timedelta, timezone

from azure.core import MatchConditions
from azure.core.exceptions import ResourceExistsError, ResourceModifiedError
from azure.data.tables import TableTransactionError

from knowledge.records import Deadline, Grant, LedgerEntry, Scope, Subscription, plain, records_of
from knowledge.repositories import AlreadyDone, UnknownDeadline

from .. import delivery_plans as plan_store
from .. import resolutions as resolution_store
from ..people import close_names, find_people
from ..nudge_ledger import FIRST_RETRY, LONGEST_RETRY, MAX_ATTEMPTS, NUDGE_FIELDS
from .entities import (_conflict, _retrying, _Table, encode_key, entity_of, etag_of, in_transactions, off_loop, row_of,
                       rows_of)
from .meetings import AzureMeetings, _history
from .settings import AzureSettings

log = logging.getLogger(__name__)

# A nudge still "sending" this long after it was claimed was caught by a crash (a send takes seconds):
# only then does a starting instance mark it uncertain, never one another instance is sending now.
CAUGHT_AFTER = timedelta(minutes=10)
PEOPLE_FRESH_FOR = 2.0  # seconds: how stale another instance's news of a name may be


# ---- deadlines --------------------------------------------------------------------------------

DEADLINE = "deadline"


class AzureDeadlines:
    def __init__(self, table: _Table):
        self.table = table

    @staticmethod
    def _entity(record: dict) -> dict:
        return entity_of(DEADLINE, record["id"], record, status=record.get("status", "active"), due=record["due"])

    async def seed(self, seeds: list[dict], at: str) -> int:
        have = {e["RowKey"] for e in await self.table.partition(DEADLINE)}
        new = [{**s, "id": s["seed_id"], "status": "active",
                "history": [_history("seed", "the 2010 timetable", at, "seeded")]}
               for s in plain(seeds) if encode_key(s["seed_id"]) not in have]
        added = 0
        for start in range(0, len(new), 100):
            batch = new[start:start + 100]
            try:
                await self.table.transaction([("create", self._entity(r)) for r in batch])
                added += len(batch)
            except TableTransactionError as error:
                if not _conflict(error):
                    raise
                for record in batch:         # another instance is seeding too: add what it has not
                    try:
                        await self.table.insert(self._entity(record))
                        added += 1
                    except ResourceExistsError:
                        pass
        return added

    async def active(self) -> list[Deadline]:
        rows = [row_of(e) for e in await self.table.partition(DEADLINE)]
        return records_of(Deadline, sorted((r for r in rows if r.get("status", "active") == "active"),
                                           key=lambda r: (r["due"], r["title"])))

    async def _get(self, deadline_id: str):
        entity = await self.table.get(DEADLINE, deadline_id)
        if entity is None:
            raise UnknownDeadline(deadline_id)
        return entity

    async def get(self, deadline_id: str) -> Deadline:
        return Deadline.from_dict(row_of(await self._get(deadline_id)))

    async def add(self, deadline: dict, *, by: str, by_name: str, at: str, change_id: str = "") -> Deadline:
        deadline = plain(deadline)
        record = {"kind": "one-off", "every": "", "met_by": "", "note": "", "done_for": {}, **deadline,
                  "id": change_id or uuid.uuid4().hex[:12], "status": "active",
                  "source": {"added_by": by, "added_by_name": by_name, "at": at},
                  "history": [_history(by, by_name, at, f"added, due {deadline['due']}")]}
        try:
            await self.table.insert(self._entity(record))
        except ResourceExistsError:
            stored = Deadline.from_dict(row_of(await self._get(record["id"])))
            raise AlreadyDone(stored, f"deadline {record['id']}: that change is already saved") from None
        return Deadline.from_dict(record)

    async def _change(self, deadline_id: str, change) -> Deadline:
        async def attempt():
            entity = await self._get(deadline_id)
            record = change(row_of(entity))
            await self.table.replace(self._entity(record), etag_of(entity))
            return Deadline.from_dict(record)
        return await _retrying(attempt)

    async def move(self, deadline_id: str, due: str, *, by: str, by_name: str, at: str,
                   change_id: str = "") -> Deadline:
        def change(record):
            if change_id and any(h.get("change_id") == change_id for h in record["history"]):
                raise AlreadyDone(Deadline.from_dict(record), f"deadline {record['id']}: that change is already saved")
            record["history"].append({**_history(by, by_name, at, f"due {record['due']} -> {due}"),
                                      **({"change_id": change_id} if change_id else {})})
            record["due"] = due
            return record
        return await self._change(deadline_id, change)

    async def mark_done(self, deadline_id: str, scope_key: str, *, by: str, by_name: str, at: str) -> Deadline:
        def change(record):
            record["done_for"] = {**record.get("done_for", {}), scope_key: {"by": by, "by_name": by_name, "at": at}}
            record["history"].append(_history(by, by_name, at, f"done for {scope_key}"))
            return record
        return await self._change(deadline_id, change)


# ---- subscriptions ----------------------------------------------------------------------------

class AzureSubscriptions:
    def __init__(self, table: _Table):
        self.table = table

    @staticmethod
    def _active_entity(record: dict, made: str) -> dict:
        # `made` orders subscriptions made in the same second as they were made (as TinyDB keeps them).
        return entity_of(record["recipient"], f"active|{record['scope_kind']}:{record['scope_id']}", record,
                         created_at=record["created_at"], made=made)

    @staticmethod
    def _oldest_first(entities) -> list[Subscription]:
        ordered = sorted(entities, key=lambda e: (e["created_at"], e.get("made", "")))
        return records_of(Subscription, [row_of(e) for e in ordered])

    async def subscribe(self, *, recipient: str, scope: Scope, reference: dict, tenant_id: str,
                        conversation_type: str | None, user_id: str, user_name: str,
                        at: str) -> tuple[Subscription, bool]:
        record = {"id": uuid.uuid4().hex[:12], "recipient": recipient, **scope.fields(),
                  "reference": plain(reference), "tenant_id": tenant_id or "", "conversation_type": conversation_type,
                  "user_id": user_id, "user_name": user_name, "active": True, "created_at": at}

        async def attempt():
            try:
                await self.table.insert(self._active_entity(record, f"{time.time_ns():020d}"))
                return Subscription.from_dict(record), True
            except ResourceExistsError:
                pass
            # Subscribed already: refresh the stored reference (Teams may have moved the conversation).
            entity = await self.table.get(recipient, f"active|{scope.key}")
            if entity is None:
                raise ResourceModifiedError("stopped in the meantime")      # try the insert again
            existing = row_of(entity)
            existing.update(reference=plain(reference), tenant_id=tenant_id or existing.get("tenant_id", ""))
            await self.table.replace(self._active_entity(existing, entity.get("made", "")), etag_of(entity))
            return Subscription.from_dict(existing), False

        return await _retrying(attempt)

    async def active(self) -> list[Subscription]:
        return self._oldest_first(await self.table.query("RowKey ge 'active|' and RowKey lt 'active}'"))

    async def of_recipient(self, recipient: str) -> list[Subscription]:
        return self._oldest_first(await self.table.rows_from(recipient, "active|"))

    async def stop(self, recipient: str, scope_key: str | None = None, *, by: str, at: str) -> list[Subscription]:
        stopped = []
        for entity in await self.table.rows_from(recipient, "active|"):
            record = row_of(entity)
            if scope_key is not None and f"{record['scope_kind']}:{record['scope_id']}" != scope_key:
                continue
            kept = {**record, "active": False, "stopped_at": at, "stopped_by": by}
            trail = entity_of(recipient, f"stopped|{record['scope_kind']}:{record['scope_id']}|{at}|{record['id']}",
                              kept, created_at=record["created_at"])
            try:     # one transaction: the running one ends and its trail is kept, or neither
                await self.table.transaction([("delete", entity, {"etag": etag_of(entity),
                                                                  "match_condition": MatchConditions.IfNotModified}),
                                              ("upsert", trail)])
            except TableTransactionError as error:
                if not _conflict(error):
                    raise
                continue        # another instance stopped (or refreshed) it at the same moment
            stopped.append(record)
        return records_of(Subscription, stopped)


# ---- roles ------------------------------------------------------------------------------------

ROLES = "roles"


class AzureRoles:
    def __init__(self, table: _Table):
        self.table = table

    @staticmethod
    def _held_row(user_id: str, role: str, scope_kind: str, scope_id: str) -> str:
        return f"held|{user_id}|{role}|{scope_kind}:{scope_id}"

    @staticmethod
    def _log_entity(change: dict) -> dict:
        # Ordered by time, then by a number that grows within this process (two changes in one second).
        return entity_of(ROLES, f"log|{change['at']}|{time.time_ns():020d}|{uuid.uuid4().hex[:6]}", change)

    async def history(self) -> list[Grant]:
        return records_of(Grant, [row_of(e) for e in await self.table.rows_from(ROLES, "log|")])

    async def current(self) -> list[Grant]:
        return records_of(Grant, [row_of(e) for e in await self.table.rows_from(ROLES, "held|")])

    async def grant(self, grant: Grant, *, by: str, by_name: str, at: str) -> bool:
        change = {"change": "granted", "user_id": grant.user_id, "user_name": grant.user_name, "role": grant.role,
                  "scope_kind": grant.scope_kind, "scope_id": grant.scope_id, "scope_name": grant.scope_name,
                  "by": by, "by_name": by_name, "at": at}
        held = entity_of(ROLES, self._held_row(grant.user_id, grant.role, grant.scope_kind, grant.scope_id), change)
        try:     # the role held and its log entry, in one transaction; the insert refuses a second grant
            await self.table.transaction([("create", held), ("create", self._log_entity(change))])
        except TableTransactionError as error:
            if _conflict(error):
                return False
            raise
        return True

    async def remove(self, *, user_id: str, role: str, scope: Scope, by: str, by_name: str,
                     at: str) -> Grant | None:
        entity = await self.table.get(ROLES, self._held_row(user_id, role, scope.kind, scope.id))
        if entity is None:
            return None
        held = row_of(entity)
        change = {**held, "change": "removed", "by": by, "by_name": by_name, "at": at}
        try:
            await self.table.transaction([("delete", entity, {"etag": etag_of(entity),
                                                              "match_condition": MatchConditions.IfNotModified}),
                                          ("create", self._log_entity(change))])
        except TableTransactionError as error:
            if _conflict(error):
                return None       # removed (or changed) by someone else at the same moment
            raise
        return Grant.from_dict(held)


# ---- the nudge ledger -------------------------------------------------------------------------

BRIEF_COLUMNS = ("key", "created_on", "state", "next_try_at")     # with the key's item and recipient: a brief


def ledger_partition(key: str) -> str:
    """The conversation a ledger key is for: its last part ("<item>|<stage>|<recipient>")."""
    return key.split("|", 2)[-1]


class AzureNudgeLedger:
    def __init__(self, ledger: _Table, marks: _Table):
        self.table = ledger
        self.marks = marks

    @staticmethod
    def _entity(record: dict) -> dict:
        # BRIEF's columns too (the key as it is, state, created_on, next_try_at): all the nudge scan
        # reads of a record (`briefs`), without its text and history.
        return entity_of(ledger_partition(record["key"]), record["key"], record, state=record["state"],
                         claimed_at=record.get("claimed_at") or "", key=record["key"],
                         created_on=record.get("created_on") or "", next_try_at=record.get("next_try_at") or "")

    async def store_many(self, records: list[dict]) -> None:
        """Nudge records as they are, in as few transactions as fit: for bulk loads such as the
        bench's seed. Not for nudges a scheduler may be claiming."""
        by_partition: dict[str, list] = {}
        for record in map(plain, records):
            entity = self._entity(record)
            by_partition.setdefault(entity["PartitionKey"], []).append(("upsert", entity))
        await in_transactions(self.table, by_partition)

    async def entries(self) -> list[LedgerEntry]:
        rows = await rows_of(await self.table.everything())
        return await off_loop(lambda: records_of(LedgerEntry, rows), len(rows))

    async def briefs(self) -> list[dict]:
        entities = await self.table.everything(select=list(BRIEF_COLUMNS))
        if any(e.get("key") is None for e in entities):       # a record stored before the columns: read whole
            entities = [self._entity(plain(entry)) for entry in await self.entries()]
        briefs = []
        for entity in entities:
            item, _stage, recipient = entity["key"].split("|", 2)
            brief = {"key": entity["key"], "item": item, "recipient": recipient, "created_on": entity["created_on"],
                     "state": entity["state"], "next_try_at": entity["next_try_at"] or None}
            briefs.append({name: value for name, value in brief.items() if value is not None})
        return briefs

    async def claim(self, nudge: dict, *, scan_id: str, at: str, on: str) -> LedgerEntry | None:
        nudge = plain(nudge)
        record = {**{f: nudge.get(f) for f in NUDGE_FIELDS}, "state": "sending", "attempts": 1,
                  "created_at": at, "created_on": on, "claimed_by": scan_id, "claimed_at": at, "errors": []}
        try:
            await self.table.insert(self._entity(record))      # only one instance's insert can win
            return LedgerEntry.from_dict(record)
        except ResourceExistsError:
            pass
        entity = await self.table.get(ledger_partition(nudge["key"]), nudge["key"])
        if entity is None:
            return None
        existing = row_of(entity)
        if existing["state"] != "failed" or (existing.get("next_try_at") or "") > at:
            return None       # sent, being sent by another scan, uncertain, or not due a retry yet
        retry = {**existing, "state": "sending", "claimed_by": scan_id, "claimed_at": at,
                 "attempts": existing.get("attempts", 0) + 1, "text": nudge["text"]}
        try:
            await self.table.replace(self._entity(retry), etag_of(entity))     # one retrier wins
        except ResourceModifiedError:
            return None
        return LedgerEntry.from_dict(retry)

    async def _change(self, key: str, change):
        async def attempt():
            entity = await self.table.get(ledger_partition(key), key)
            if entity is None:
                raise LookupError(f"no nudge {key!r} in the ledger")
            record = change(row_of(entity))
            if record is not None:
                await self.table.replace(self._entity(record), etag_of(entity))
            return record
        return await _retrying(attempt)

    async def mark_sent(self, key: str, *, activity_id: str, at: str) -> None:
        await self._change(key, lambda r: {**r, "state": "sent", "sent_at": at, "activity_id": activity_id or ""})

    async def mark_failed(self, key: str, *, error: str, at: str) -> LedgerEntry:
        def change(record):
            attempts = record.get("attempts", 1)
            wait = min(FIRST_RETRY * (2 ** (attempts - 1)), LONGEST_RETRY)
            return {**record, "state": "gave_up" if attempts >= MAX_ATTEMPTS else "failed",
                    "errors": [*record.get("errors", []), {"at": at, "error": error[:500]}],
                    "next_try_at": (datetime.fromisoformat(at) + wait).isoformat()}
        return LedgerEntry.from_dict(await self._change(key, change))

    async def supersede(self, item: str, recipient: str, *, keep: str, at: str) -> list[LedgerEntry]:
        older = []
        for entity in await self.table.query("PartitionKey eq @pk and state eq 'failed'", pk=encode_key(recipient)):
            record = row_of(entity)
            if record["item"] != item or record["key"] == keep:
                continue
            try:
                await self.table.replace(self._entity({**record, "state": "superseded", "superseded_at": at,
                                                       "superseded_by": keep}), etag_of(entity))
            except ResourceModifiedError:
                continue      # retried by another instance in the meantime: its outcome stands
            older.append(record)
        return records_of(LedgerEntry, older)

    async def recover(self, *, at: str) -> list[LedgerEntry]:
        """Nudges "sending" for longer than any send takes were caught by a crash: 'uncertain', never
        resent. One another instance is sending right now is left alone."""
        before = (datetime.fromisoformat(at) - CAUGHT_AFTER).isoformat()
        caught = []
        for entity in await self.table.query("state eq 'sending' and claimed_at lt @before", before=before):
            record = row_of(entity)
            try:
                await self.table.replace(self._entity({**record, "state": "uncertain", "recovered_at": at}),
                                         etag_of(entity))
            except ResourceModifiedError:
                continue      # it was marked sent or failed in the meantime
            caught.append(record)
        return records_of(LedgerEntry, caught)

    async def answered_by(self, recipient: str, activity_ids: list[str]) -> LedgerEntry | None:
        sent = [r for r in await rows_of(await self.table.partition(recipient)) if r["state"] in ("sent", "uncertain")]
        for activity_id in activity_ids:
            match = [r for r in sent if activity_id and r.get("activity_id") == activity_id]
            if match:
                return LedgerEntry.from_dict(match[0])
        latest = max(sent, key=lambda r: (r.get("sent_at") or r["created_at"], r["created_at"]), default=None)
        return LedgerEntry.from_dict(latest) if latest is not None else None

    async def get(self, key: str) -> LedgerEntry | None:
        entity = await self.table.get(ledger_partition(key), key)
        return LedgerEntry.from_dict(row_of(entity)) if entity is not None else None

    async def snooze(self, item: str, recipient: str, until: str, *, by: str, at: str) -> None:
        record = {"item": item, "recipient": recipient, "until": until, "by": by, "at": at}
        await self.marks.upsert(entity_of("snooze", f"{item}|{recipient}", record))

    async def snoozes(self) -> list[dict]:
        return [row_of(e) for e in await self.marks.partition("snooze")]

    async def dismiss(self, item: str, recipient: str, *, by: str, at: str) -> None:
        record = {"item": item, "recipient": recipient, "by": by, "at": at}
        await self.marks.upsert(entity_of("dismissed", f"{item}|{recipient}", record))

    async def dismissed(self) -> list[dict]:
        return [row_of(e) for e in await self.marks.partition("dismissed")]


# ---- people -----------------------------------------------------------------------------------

PEOPLE = "people"


class AzurePeople:
    """As storage/people.PeopleSeen: in memory, written only when a name is news. Other instances'
    news arrives at the next `note` more than PEOPLE_FRESH_FOR seconds after the last look (only the
    entities changed since are read), and at `load()`."""

    def __init__(self, table: _Table):
        self.table = table
        self._rows: dict[str, dict] = {}
        self._looked_at: float | None = None      # monotonic time of the last look
        self._since: datetime | None = None        # the table's time of the last look

    async def load(self) -> None:
        started = datetime.now(timezone.utc) - timedelta(seconds=60)    # allows for clock skew
        if self._since is None:
            entities = await self.table.partition(PEOPLE)
        else:
            entities = await self.table.query("PartitionKey eq @pk and Timestamp ge @since", pk=PEOPLE,
                                              since=self._since)
        for entity in entities:
            row = row_of(entity)
            self._rows[row["user_id"]] = row
        self._since, self._looked_at = started, time.monotonic()

    def is_news(self, user_id: str, name: str) -> bool:
        if not user_id or user_id == "unknown" or not name or name == user_id:
            return False
        known = self._rows.get(user_id)
        return known is None or known["name"] != name

    async def note(self, user_id: str, name: str, at: str) -> None:
        try:
            if self._looked_at is None or time.monotonic() - self._looked_at > PEOPLE_FRESH_FOR:
                await self.load()
            if not self.is_news(user_id, name):
                return
            known = self._rows.get(user_id)
            row = {"user_id": user_id, "name": name, "first_seen": known["first_seen"] if known else at,
                   "named_at": at}
            self._rows[user_id] = row
            await self.table.upsert(entity_of(PEOPLE, user_id, row))
        except Exception as error:     # never worth failing a turn for: tried again on their next message
            self._rows.pop(user_id, None)
            log.warning("Could not record who is speaking (will try again on their next message): %s", error)

    def name_of(self, user_id: str) -> str:
        row = self._rows.get(user_id)
        return row["name"] if row else ""

    def get(self, user_id: str) -> dict | None:
        return self._rows.get(user_id)

    def find(self, query: str) -> tuple[list[dict], list[dict]]:
        return find_people(self._rows.values(), query)

    def suggestions(self, query: str) -> list[str]:
        return close_names(self._rows.values(), query)


# ---- directory moves --------------------------------------------------------------------------

MOVE = "move"


class AzureDirectoryMoves:
    def __init__(self, table: _Table):
        self.table = table
        self._seen: set[str] = set()        # RowKeys of the moves this instance has been given

    async def record(self, *, school_id: str, school_name: str, partnership_id: str,
                     previous_partnership_id: str | None, by: str, by_name: str, at: str,
                     move_id: str = "") -> dict | None:
        move = {"school_id": school_id, "school_name": school_name, "partnership_id": partnership_id,
                "previous_partnership_id": previous_partnership_id, "by": by, "by_name": by_name, "at": at,
                **({"move_id": move_id} if move_id else {})}
        entity = entity_of(MOVE, move_id or f"{at}|{uuid.uuid4().hex}", move, at=at)
        try:
            await self.table.insert(entity)
        except ResourceExistsError:
            return None           # this move (by its id) is kept already
        self._seen.add(entity["RowKey"])     # applied here by the caller already
        return move

    async def all(self) -> list[dict]:
        entities = await self.table.partition(MOVE)
        self._seen |= {e["RowKey"] for e in entities}
        return sorted((row_of(e) for e in entities), key=lambda m: m["at"])

    async def news(self) -> list[dict]:
        """Moves other instances have kept since this one last looked, oldest first."""
        entities = [e for e in await self.table.partition(MOVE) if e["RowKey"] not in self._seen]
        self._seen |= {e["RowKey"] for e in entities}
        return sorted((row_of(e) for e in entities), key=lambda m: m["at"])


# ---- all of them ------------------------------------------------------------------------------

# ---- governors' resolutions and delivery plans ---------------------------------------------------

RESOLUTION = "resolution"
PLAN = "plan"


class _OneRecordEach:
    """One JSON record per key (a school's resolution, a partnership's plan), changed by the store's
    own plain function and written only if no one else wrote it in between (ETag, or insert-only)."""

    def __init__(self, table: _Table, partition: str):
        self.table, self.partition = table, partition

    async def _change(self, key: str, change) -> dict:
        async def attempt():
            entity = await self.table.get(self.partition, key)
            row = change(row_of(entity) if entity is not None else None)
            if entity is None:
                try:
                    await self.table.insert(entity_of(self.partition, key, row))
                except ResourceExistsError as error:      # another instance made it first: read it again
                    raise ResourceModifiedError("made meanwhile") from error
            else:
                await self.table.replace(entity_of(self.partition, key, row), etag_of(entity))
            return row
        return await _retrying(attempt)

    async def _get(self, key: str) -> dict | None:
        entity = await self.table.get(self.partition, key)
        return row_of(entity) if entity is not None else None

    async def _all(self, sort_key: str) -> list[dict]:
        return sorted((row_of(e) for e in await self.table.partition(self.partition)), key=lambda r: r[sort_key])


class AzureResolutions(_OneRecordEach):
    def __init__(self, table: _Table):
        super().__init__(table, RESOLUTION)

    async def record(self, school_id: str, passed_on: str, *, partnership_id: str = "", by: str, by_name: str,
                     at: str, change_id: str = "") -> dict:
        return await self._change(school_id, lambda stored: resolution_store.changed(
            stored, school_id, passed_on, partnership_id=partnership_id, by=by, by_name=by_name, at=at,
            change_id=change_id))

    async def all(self) -> list[dict]:
        return await self._all("school_id")

    async def for_school(self, school_id: str) -> dict | None:
        return await self._get(school_id)


class AzureDeliveryPlans(_OneRecordEach):
    def __init__(self, table: _Table):
        super().__init__(table, PLAN)

    async def save(self, partnership_id: str, priorities: list[str], agreed_on: str, *, agreed_by: str = "",
                   by: str, by_name: str, at: str, change_id: str = "") -> dict:
        return await self._change(partnership_id, lambda stored: plan_store.planned(
            stored, partnership_id, priorities, agreed_on, agreed_by=agreed_by, by=by, by_name=by_name, at=at,
            change_id=change_id))

    async def plan_for(self, partnership_id: str) -> dict | None:
        return await self._get(partnership_id)

    async def all(self) -> list[dict]:
        return await self._all("partnership_id")


class AzureRecords:
    """Every repository over one storage account's tables (knowledge.repositories.Records)."""

    KINDS = ("meetingIndex", "meetingPartnerships", "deadlines", "subscriptions", "roles", "ledger", "nudgeMarks", "people",
             "moves", "cycle")

    def __init__(self, settings: AzureSettings):
        self.settings = settings
        self.service = settings.table_service()
        tables = {kind: _Table(self.service, settings.table_name(kind)) for kind in self.KINDS}
        self.tables = tables
        self.meetings = AzureMeetings(self.service, settings.table_name("meetings"), tables["meetingIndex"],
                                      tables["meetingPartnerships"])
        self.deadlines = AzureDeadlines(tables["deadlines"])
        self.subscriptions = AzureSubscriptions(tables["subscriptions"])
        self.roles = AzureRoles(tables["roles"])
        self.ledger = AzureNudgeLedger(tables["ledger"], tables["nudgeMarks"])
        self.people = AzurePeople(tables["people"])
        self.moves = AzureDirectoryMoves(tables["moves"])
        self.resolutions = AzureResolutions(tables["cycle"])
        self.delivery_plans = AzureDeliveryPlans(tables["cycle"])

        self._following: asyncio.Task | None = None

    async def start(self) -> None:
        """Create the tables that are missing, move meetings an earlier version kept in one table into
        their partnerships' tables, finish the moves of meetings a crash stopped half way, and read
        who the bot has met."""
        for table in self.tables.values():
            await table.ready()
        legacy = self.service.get_table_client(self.settings.table_name("meetings"))
        try:
            moved = await self.meetings.move_from_one_table(legacy)
        finally:
            await legacy.close()
        if moved:
            log.info("Moved %d meetings from the one meetings table of an earlier version into their "
                     "partnerships' tables", moved)
        await self.meetings.finish_interrupted_moves()
        await self.people.load()

    def follow_moves(self, apply, every: float = 1.0) -> None:
        """Give `apply` (the directory's apply_moves) the school moves other instances keep, within
        `every` seconds, so a question to this instance sees a move confirmed on another."""
        async def follow():
            while True:
                await asyncio.sleep(every)
                try:
                    news = await self.moves.news()
                except Exception as error:      # the next look tries again
                    log.warning("Could not read other instances' school moves: %s", error)
                    continue
                if news:
                    apply(news)
        if self._following is None:
            self._following = asyncio.create_task(follow(), name="follow-school-moves")

    async def close(self) -> None:
        if self._following is not None:
            self._following.cancel()
            try:
                await self._following
            except asyncio.CancelledError:
                pass
            self._following = None
        for table in self.tables.values():
            await table.client.close()
        await self.meetings.close()
        await self.service.close()
