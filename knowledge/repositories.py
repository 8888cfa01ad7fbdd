"""What the use cases need from a store, as protocols: storage/repositories.py implements them over
TinyDB (and an Azure Table Storage version may implement them too). Plain Python: knowledge never
imports storage, storage imports these.

Every method is async and does its own database work off the event loop, so a caller on the loop
cannot block it. Records are the typed values of knowledge/records.py. Writes that carry an id
given when a person was asked to confirm (a draft's id, a `change_id`, a `move_id`) are safe to
replay: the second one raises AlreadySaved / AlreadyDone (with the stored record) or returns None,
and writes nothing.

    records.meetings        Meetings        meetings with their actions
    records.deadlines       Deadlines
    records.subscriptions   Subscriptions   who is nudged where
    records.roles           Roles           the role log and the roles held now
    records.ledger          NudgeLedger     nudges claimed before they are sent; snoozes; dismissals
    records.people          People          who the bot has met (id -> name)
    records.moves           DirectoryMoves  coordinators' corrections to the directory
"""

from datetime import date
from typing import Protocol, runtime_checkable

from .records import Action, Deadline, Grant, LedgerEntry, Meeting, Scope, Subscription


# ---- what a write can say instead of writing ---------------------------------------------------

class AlreadySaved(Exception):
    """This record (known by the id it was given before it was saved) is stored already: nothing
    written. `record` is the stored one."""

    def __init__(self, record, message: str = ""):
        super().__init__(message or f"{record['id']} is already saved")
        self.record = record


class AlreadyDone(Exception):
    """This change (known by the id its confirmation was given) is stored already: nothing written."""

    def __init__(self, record, message: str = ""):
        super().__init__(message or f"{record['id']}: that change is already saved")
        self.record = record


class UnknownAction(LookupError):
    """No action with that number in that partnership."""


class UnknownDeadline(LookupError):
    """No deadline with that id."""


class StaleCorrection(Exception):
    """The meeting was changed by someone else since the correction was made from it: make it again."""


# ---- the repositories -------------------------------------------------------------------------

@runtime_checkable
class Meetings(Protocol):
    """Meetings, each with its actions inside it: saving a meeting is one write."""

    async def save(self, meeting: dict, *, by: str, by_name: str, at: str) -> Meeting:
        """Store a new meeting and number its actions, in one write. AlreadySaved if its id is stored."""

    async def all(self, partnership_id: str | None = None, since: date | None = None,
                  until: date | None = None) -> list[Meeting]:
        """Meetings of one partnership (or all), on or after `since` and on or before `until`, oldest
        first; withdrawn included."""

    async def counted(self, partnership_id: str | None = None, since: date | None = None) -> list[Meeting]:
        """As `all`, without withdrawn meetings: what every count uses."""

    async def by_id(self, meeting_id: str) -> Meeting | None:
        """One meeting by its id, or None."""

    async def term_meeting_days(self) -> dict[str, list[str]]:
        """For each partnership, the days (ISO dates, oldest first) of its meetings that count for
        'one full partnership meeting each term' (knowledge/meeting_types.counts_for_term): all the
        nudge scan needs of the meetings, without reading every meeting's minutes."""

    async def open_actions(self, partnership_id: str | None = None, owner: str | None = None) -> list[Action]:
        """Open actions (of one partnership, or one owner: a name or user id), by partnership and number."""

    async def find_action(self, partnership_id: str, number: int) -> Action | None:
        """One action by its number in its partnership, or None."""

    async def partnerships_with_action(self, number: int) -> list[str]:
        """Which partnerships have an action with this number."""

    async def update_action(self, partnership_id: str, number: int, changes: dict, *,
                            by: str, by_name: str, at: str) -> Action:
        """Change an action's status, owner or due date, with a history entry. UnknownAction if none."""

    async def save_correction(self, corrected: Meeting) -> Meeting:
        """Store a corrected or withdrawn meeting (knowledge/corrections.py made it from the stored one).
        AlreadySaved if this correction is stored already; StaleCorrection if the meeting changed since."""


@runtime_checkable
class Deadlines(Protocol):
    """Deadlines: the seeded timetable and those coordinators add."""

    async def seed(self, seeds: list[dict], at: str) -> int:
        """Add the seed deadlines not stored yet (by seed id), in one write; how many were added."""

    async def active(self) -> list[Deadline]:
        """Every active deadline, soonest first."""

    async def get(self, deadline_id: str) -> Deadline:
        """One deadline; UnknownDeadline if there is none with that id."""

    async def add(self, deadline: dict, *, by: str, by_name: str, at: str, change_id: str = "") -> Deadline:
        """Add one ({"title", "due", "scope_kind", "scope_id", "scope_name"}); `change_id` becomes its id,
        so adding it again raises AlreadyDone."""

    async def move(self, deadline_id: str, due: str, *, by: str, by_name: str, at: str,
                   change_id: str = "") -> Deadline:
        """Change the due date; AlreadyDone if this `change_id` is in its history already."""

    async def mark_done(self, deadline_id: str, scope_key: str, *, by: str, by_name: str, at: str) -> Deadline:
        """Record that it is done for a scope ('partnership:gosport')."""


@runtime_checkable
class Subscriptions(Protocol):
    """Conversations that are nudged about a scope's deadlines and actions."""

    async def subscribe(self, *, recipient: str, scope: Scope, reference: dict, tenant_id: str,
                        conversation_type: str | None, user_id: str, user_name: str,
                        at: str) -> tuple[Subscription, bool]:
        """Subscribe a conversation to a scope; (the subscription, True if it is new)."""

    async def active(self) -> list[Subscription]:
        """Every active subscription, oldest first."""

    async def of_recipient(self, recipient: str) -> list[Subscription]:
        """A conversation's active subscriptions."""

    async def stop(self, recipient: str, scope_key: str | None = None, *, by: str, at: str) -> list[Subscription]:
        """Stop a conversation's subscriptions (all, or one scope's); those stopped."""


@runtime_checkable
class Roles(Protocol):
    """Who holds which role: an append-only log of changes (each one write), replayed."""

    async def history(self) -> list[Grant]:
        """Every change, oldest first (each with `change`, `by`, `by_name`, `at`)."""

    async def current(self) -> list[Grant]:
        """The roles held now (not counting the settings' admins)."""

    async def grant(self, grant: Grant, *, by: str, by_name: str, at: str) -> bool:
        """Give a role; False (nothing written) if it is held already."""

    async def remove(self, *, user_id: str, role: str, scope: Scope, by: str, by_name: str,
                     at: str) -> Grant | None:
        """Take a role away; the grant removed, or None (nothing written) if it was not held."""


@runtime_checkable
class NudgeLedger(Protocol):
    """Every nudge, claimed before it is sent, so none goes twice; snoozes and dismissals beside it."""

    async def entries(self) -> list[LedgerEntry]:
        """Every nudge recorded."""

    async def claim(self, nudge: dict, *, scan_id: str, at: str, on: str) -> LedgerEntry | None:
        """Record the nudge as being sent by this scan, in one write; None if it must not be sent now."""

    async def mark_sent(self, key: str, *, activity_id: str, at: str) -> None:
        """It went: keep the channel's activity id (what replies in its thread are matched to)."""

    async def mark_failed(self, key: str, *, error: str, at: str) -> LedgerEntry:
        """It did not go: retried later, backing off, or given up after the last attempt."""

    async def supersede(self, item: str, recipient: str, *, keep: str, at: str) -> list[LedgerEntry]:
        """A newer nudge about the same thing went: failed older ones are not retried; those."""

    async def recover(self, *, at: str) -> list[LedgerEntry]:
        """After a crash: nudges caught mid-send become 'uncertain' (never resent); those."""

    async def answered_by(self, recipient: str, activity_ids: list[str]) -> LedgerEntry | None:
        """The nudge a reply in this conversation answers, or None."""

    async def get(self, key: str) -> LedgerEntry | None:
        """One nudge by its key."""

    async def snooze(self, item: str, recipient: str, until: str, *, by: str, at: str) -> None:
        """No reminders about `item` in this conversation until that date."""

    async def snoozes(self) -> list[dict]:
        """Every snooze: {"item", "recipient", "until", "by", "at"}."""

    async def dismiss(self, item: str, recipient: str, *, by: str, at: str) -> None:
        """No more reminders about `item` in this conversation."""

    async def dismissed(self) -> list[dict]:
        """Every dismissal: {"item", "recipient", "by", "at"}."""


@runtime_checkable
class People(Protocol):
    """The people the bot has met: Teams identity -> the name they go by. Kept in memory once
    read, so looking someone up is not a database call; only noting a new name writes."""

    async def note(self, user_id: str, name: str, at: str) -> None:
        """Remember that `user_id` goes by `name` (written only when that is news; never fails a turn)."""

    def name_of(self, user_id: str) -> str:
        """The name they go by, or ""."""

    def get(self, user_id: str) -> dict | None:
        """{"user_id", "name", "first_seen", "named_at"}, or None."""

    def find(self, query: str) -> tuple[list[dict], list[dict]]:
        """(people whose name is exactly `query`, people whose name holds all its words)."""

    def suggestions(self, query: str) -> list[str]:
        """Names close to `query`, for "did you mean"."""


@runtime_checkable
class DirectoryMoves(Protocol):
    """Coordinators' corrections to the directory, with who made them and when."""

    async def record(self, *, school_id: str, school_name: str, partnership_id: str,
                     previous_partnership_id: str | None, by: str, by_name: str, at: str,
                     move_id: str = "") -> dict | None:
        """Keep a move; None (nothing written) if the move with this id is kept already."""

    async def all(self) -> list[dict]:
        """Every move, oldest first."""


@runtime_checkable
class Resolutions(Protocol):
    """Governors' resolutions of cooperation, one record per school (fields: knowledge/resolutions.py)."""

    async def record(self, school_id: str, passed_on: str, *, partnership_id: str = "", by: str, by_name: str,
                     at: str, change_id: str = "") -> dict:
        """Record (or correct) the day it was passed ("" = not passed); AlreadyDone if this change is stored."""

    async def all(self) -> list[dict]:
        ...

    async def for_school(self, school_id: str) -> dict | None:
        ...


@runtime_checkable
class DeliveryPlans(Protocol):
    """Each partnership's summary delivery plan (fields: knowledge/delivery_plans.py)."""

    async def save(self, partnership_id: str, priorities: list[str], agreed_on: str, *, agreed_by: str = "",
                   by: str, by_name: str, at: str, change_id: str = "") -> dict:
        """Record the plan or a revision of it; AlreadyDone if this change is stored."""

    async def plan_for(self, partnership_id: str) -> dict | None:
        ...

    async def all(self) -> list[dict]:
        ...


@runtime_checkable
class Records(Protocol):
    """Everything the bot keeps, one repository per kind of record (Services carries one)."""

    meetings: Meetings
    deadlines: Deadlines
    subscriptions: Subscriptions
    roles: Roles
    ledger: NudgeLedger
    people: People
    moves: DirectoryMoves
    resolutions: Resolutions
    delivery_plans: DeliveryPlans
