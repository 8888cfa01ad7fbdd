"""The repositories of knowledge/repositories.py over the bot's TinyDB store.

Each method runs the record module's function (storage/meetings.py, deadlines.py, ...) with
`in_background`, on the database's own worker thread under its lock, and returns typed records
(knowledge/records.py). So a handler that awaits one cannot block the event loop, and the writes
are exactly the record modules' writes: a meeting and its actions in one write, a nudge claimed
before it is sent, a replayed save a no-op.

    records = TinyDBRecords(database)
    meeting = await records.meetings.save(draft, by=..., by_name=..., at=...)
"""

import os
from datetime import date

from knowledge.records import Action, Deadline, Grant, LedgerEntry, Meeting, Scope, Subscription, plain, records_of

from . import deadlines as deadline_store
from . import delivery_plans as plan_store
from . import directory_changes
from . import meetings as meeting_store
from . import nudge_ledger
from . import resolutions as resolution_store
from . import roles as role_store
from . import subscriptions as subscription_store
from .database import Database
from .off_loop import in_background
from .people import PeopleSeen


class _OnTheStore:
    def __init__(self, database: Database):
        self.database = database

    async def _run(self, function, *args, **kwargs):
        return await in_background(self.database, function, self.database, *args, **kwargs)

    async def _many(self, kind, function, *args, **kwargs) -> list:
        """function's rows as records of `kind`, made on the worker thread too (20,000 meetings take
        a while to make into records: never on the event loop)."""
        return await in_background(self.database, lambda: records_of(kind, function(self.database, *args, **kwargs)))

    async def _one(self, kind, function, *args, **kwargs):
        """function's row (or None) as a record of `kind`, made on the worker thread."""
        def read():
            row = function(self.database, *args, **kwargs)
            return kind.from_dict(row) if row is not None else None
        return await in_background(self.database, read)


class TinyDBMeetings(_OnTheStore):
    async def save(self, meeting: dict, *, by: str, by_name: str, at: str) -> Meeting:
        try:
            return Meeting.from_dict(await self._run(meeting_store.save_meeting, plain(meeting),
                                                     by=by, by_name=by_name, at=at))
        except meeting_store.AlreadySaved as saved:
            saved.record = Meeting.from_dict(saved.record)
            raise

    async def all(self, partnership_id: str | None = None, since: date | None = None,
                  until: date | None = None) -> list[Meeting]:
        return await self._many(Meeting, meeting_store.meetings_for, partnership_id, since, until)

    async def counted(self, partnership_id: str | None = None, since: date | None = None) -> list[Meeting]:
        return await self._many(Meeting, meeting_store.counted_meetings_for, partnership_id, since)

    async def by_id(self, meeting_id: str) -> Meeting | None:
        return await self._one(Meeting, meeting_store.meeting_by_id, meeting_id)

    async def term_meeting_days(self) -> dict[str, list[str]]:
        return await self._run(meeting_store.term_meeting_days)

    async def open_actions(self, partnership_id: str | None = None, owner: str | None = None) -> list[Action]:
        return await self._many(Action, meeting_store.open_actions, partnership_id, owner)

    async def find_action(self, partnership_id: str, number: int) -> Action | None:
        return await self._one(Action, meeting_store.find_action, partnership_id, number)

    async def partnerships_with_action(self, number: int) -> list[str]:
        return await self._run(meeting_store.partnerships_with_action, number)

    async def update_action(self, partnership_id: str, number: int, changes: dict, *,
                            by: str, by_name: str, at: str) -> Action:
        return Action.from_dict(await self._run(meeting_store.update_action, partnership_id, number, plain(changes),
                                                by=by, by_name=by_name, at=at))

    async def save_correction(self, corrected: Meeting) -> Meeting:
        try:
            return Meeting.from_dict(await self._run(meeting_store.save_correction, plain(corrected)))
        except meeting_store.AlreadySaved as saved:
            saved.record = Meeting.from_dict(saved.record)
            raise


class TinyDBDeadlines(_OnTheStore):
    async def seed(self, seeds: list[dict], at: str) -> int:
        return await self._run(deadline_store.seed, plain(seeds), at)

    async def active(self) -> list[Deadline]:
        return await self._many(Deadline, deadline_store.all_deadlines)

    async def get(self, deadline_id: str) -> Deadline:
        return Deadline.from_dict(await self._run(deadline_store.get, deadline_id))

    async def add(self, deadline: dict, *, by: str, by_name: str, at: str, change_id: str = "") -> Deadline:
        try:
            return Deadline.from_dict(await self._run(deadline_store.add, plain(deadline), by=by, by_name=by_name,
                                                      at=at, change_id=change_id))
        except deadline_store.AlreadyDone as done:
            done.record = Deadline.from_dict(done.record)
            raise

    async def move(self, deadline_id: str, due: str, *, by: str, by_name: str, at: str,
                   change_id: str = "") -> Deadline:
        try:
            return Deadline.from_dict(await self._run(deadline_store.move, deadline_id, due, by=by, by_name=by_name,
                                                      at=at, change_id=change_id))
        except deadline_store.AlreadyDone as done:
            done.record = Deadline.from_dict(done.record)
            raise

    async def mark_done(self, deadline_id: str, scope_key: str, *, by: str, by_name: str, at: str) -> Deadline:
        return Deadline.from_dict(await self._run(deadline_store.mark_done, deadline_id, scope_key,
                                                  by=by, by_name=by_name, at=at))


class TinyDBSubscriptions(_OnTheStore):
    async def subscribe(self, *, recipient: str, scope: Scope, reference: dict, tenant_id: str,
                        conversation_type: str | None, user_id: str, user_name: str,
                        at: str) -> tuple[Subscription, bool]:
        record, new = await self._run(subscription_store.subscribe, recipient=recipient, scope_kind=scope.kind,
                                      scope_id=scope.id, scope_name=scope.name, reference=reference,
                                      tenant_id=tenant_id, conversation_type=conversation_type,
                                      user_id=user_id, user_name=user_name, at=at)
        return Subscription.from_dict(record), new

    async def active(self) -> list[Subscription]:
        return await self._many(Subscription, subscription_store.active)

    async def of_recipient(self, recipient: str) -> list[Subscription]:
        return await self._many(Subscription, subscription_store.of_recipient, recipient)

    async def stop(self, recipient: str, scope_key: str | None = None, *, by: str, at: str) -> list[Subscription]:
        return await self._many(Subscription, subscription_store.stop, recipient, scope_key, by=by, at=at)


class TinyDBRoles(_OnTheStore):
    """The roles held now are asked for on every command a role guards (and for 'our partnership'):
    they are kept in memory, with the signature (inode, size, times) of the role log's file they
    were read from, and read again only when a stat (no lock, no trip to the worker thread) finds
    that file changed: by a grant or removal here, by another bot on the same store, or by hand. So
    a permission check no longer waits on the database's worker behind a meeting being saved."""

    def __init__(self, database: Database):
        super().__init__(database)
        self._held: tuple | None = None       # (the file's signature when read, the grants)

    def _signature(self):
        table_path = getattr(self.database.tinydb.storage, "table_path", None)
        if table_path is None:
            return object()         # a storage that cannot say: read every time
        try:
            found = os.stat(table_path(role_store.TABLE))
        except FileNotFoundError:
            return None             # no role given yet
        return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)

    async def history(self) -> list[Grant]:
        return await self._many(Grant, role_store.history)

    async def current(self) -> list[Grant]:
        signature = self._signature()       # before reading: a change meanwhile is seen next time
        if self._held is None or self._held[0] != signature:
            self._held = (signature, await self._many(Grant, role_store.current_grants))
        return list(self._held[1])

    async def grant(self, grant: Grant, *, by: str, by_name: str, at: str) -> bool:
        return await self._run(role_store.grant, user_id=grant.user_id, user_name=grant.user_name, role=grant.role,
                               scope_kind=grant.scope_kind, scope_id=grant.scope_id, scope_name=grant.scope_name,
                               by=by, by_name=by_name, at=at)

    async def remove(self, *, user_id: str, role: str, scope: Scope, by: str, by_name: str,
                     at: str) -> Grant | None:
        held = await self._run(role_store.remove, user_id=user_id, role=role, scope_kind=scope.kind,
                               scope_id=scope.id, by=by, by_name=by_name, at=at)
        return Grant.from_dict(held) if held is not None else None


class TinyDBNudgeLedger(_OnTheStore):
    async def entries(self) -> list[LedgerEntry]:
        return await self._many(LedgerEntry, nudge_ledger.records)

    async def claim(self, nudge: dict, *, scan_id: str, at: str, on: str) -> LedgerEntry | None:
        return await self._one(LedgerEntry, nudge_ledger.claim, plain(nudge), scan_id=scan_id, at=at, on=on)

    async def mark_sent(self, key: str, *, activity_id: str, at: str) -> None:
        await self._run(nudge_ledger.mark_sent, key, activity_id=activity_id, at=at)

    async def mark_failed(self, key: str, *, error: str, at: str) -> LedgerEntry:
        return LedgerEntry.from_dict(await self._run(nudge_ledger.mark_failed, key, error=error, at=at))

    async def supersede(self, item: str, recipient: str, *, keep: str, at: str) -> list[LedgerEntry]:
        return await self._many(LedgerEntry, nudge_ledger.supersede, item, recipient, keep=keep, at=at)

    async def recover(self, *, at: str) -> list[LedgerEntry]:
        return await self._many(LedgerEntry, nudge_ledger.recover, at=at)

    async def answered_by(self, recipient: str, activity_ids: list[str]) -> LedgerEntry | None:
        return await self._one(LedgerEntry, nudge_ledger.answered_by, recipient, activity_ids)

    async def get(self, key: str) -> LedgerEntry | None:
        return await self._one(LedgerEntry, nudge_ledger.get, key)

    async def snooze(self, item: str, recipient: str, until: str, *, by: str, at: str) -> None:
        await self._run(nudge_ledger.snooze, item, recipient, until, by=by, at=at)

    async def snoozes(self) -> list[dict]:
        return await self._run(nudge_ledger.snoozes)

    async def dismiss(self, item: str, recipient: str, *, by: str, at: str) -> None:
        await self._run(nudge_ledger.dismiss, item, recipient, by=by, at=at)

    async def dismissed(self) -> list[dict]:
        return await self._run(nudge_ledger.dismissed)


class TinyDBPeople:
    """storage/people.PeopleSeen, read once when built (at start-up), written off the loop."""

    def __init__(self, database: Database):
        self.database = database
        self.seen = PeopleSeen(database)

    async def note(self, user_id: str, name: str, at: str) -> None:
        if not self.seen.is_news(user_id, name):
            return          # the usual turn: nothing to write, no trip to the worker thread
        await in_background(self.database, self.seen.note, user_id, name, at)

    def name_of(self, user_id: str) -> str:
        return self.seen.name_of(user_id)

    def get(self, user_id: str) -> dict | None:
        return self.seen.get(user_id)

    def find(self, query: str) -> tuple[list[dict], list[dict]]:
        return self.seen.find(query)

    def suggestions(self, query: str) -> list[str]:
        return self.seen.suggestions(query)


class TinyDBDirectoryMoves(_OnTheStore):
    async def record(self, *, school_id: str, school_name: str, partnership_id: str,
                     previous_partnership_id: str | None, by: str, by_name: str, at: str,
                     move_id: str = "") -> dict | None:
        return await self._run(directory_changes.record_move, school_id=school_id, school_name=school_name,
                               partnership_id=partnership_id, previous_partnership_id=previous_partnership_id,
                               by=by, by_name=by_name, at=at, move_id=move_id)

    async def all(self) -> list[dict]:
        return [dict(m) for m in await self._run(directory_changes.all_moves)]


class TinyDBResolutions(_OnTheStore):
    async def record(self, school_id: str, passed_on: str, *, partnership_id: str = "", by: str, by_name: str,
                     at: str, change_id: str = "") -> dict:
        return await self._run(resolution_store.record, school_id, passed_on, partnership_id=partnership_id,
                               by=by, by_name=by_name, at=at, change_id=change_id)

    async def all(self) -> list[dict]:
        return await self._run(resolution_store.all_resolutions)

    async def for_school(self, school_id: str) -> dict | None:
        return await self._run(resolution_store.for_school, school_id)


class TinyDBDeliveryPlans(_OnTheStore):
    async def save(self, partnership_id: str, priorities: list[str], agreed_on: str, *, agreed_by: str = "",
                   by: str, by_name: str, at: str, change_id: str = "") -> dict:
        return await self._run(plan_store.save_plan, partnership_id, priorities, agreed_on, agreed_by=agreed_by,
                               by=by, by_name=by_name, at=at, change_id=change_id)

    async def plan_for(self, partnership_id: str) -> dict | None:
        return await self._run(plan_store.plan_for, partnership_id)

    async def all(self) -> list[dict]:
        return await self._run(plan_store.all_plans)


class TinyDBRecords:
    """Every repository over one TinyDB store (knowledge.repositories.Records)."""

    def __init__(self, database: Database):
        self.database = database
        # Every meeting and ledger record is read now, one file each, into memory (and their tables
        # of the old layout moved into their folders): a damaged file stops the bot at start-up.
        meeting_store.meeting_documents(database)
        nudge_ledger.ledger_documents(database)
        self.meetings = TinyDBMeetings(database)
        self.deadlines = TinyDBDeadlines(database)
        self.subscriptions = TinyDBSubscriptions(database)
        self.roles = TinyDBRoles(database)
        self.ledger = TinyDBNudgeLedger(database)
        self.people = TinyDBPeople(database)
        self.moves = TinyDBDirectoryMoves(database)
        self.resolutions = TinyDBResolutions(database)
        self.delivery_plans = TinyDBDeliveryPlans(database)
