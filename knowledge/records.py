"""The bot's records as typed values: what storage keeps and what the use cases work on. Plain Python.

    Scope          what a deadline, subscription or role is about (county, area, district, partnership)
    Meeting        a partnership meeting, its actions inside it (storage/meetings.py)
    Action         one action from a meeting, numbered per partnership
    Deadline       a deadline and who has said it is done (storage/deadlines.py)
    Subscription   a conversation nudged about a scope (storage/subscriptions.py)
    Grant          a role someone holds, or one change in the role log (storage/roles.py)
    LedgerEntry    one nudge, recorded before it is sent (storage/nudge_ledger.py)

On disk a record stays the readable JSON it always was: `Record.from_dict(row)` reads a stored row
(keys it does not know are kept in `extra`, so an old or newer file opens and writes back whole),
and `record.to_dict()` gives the row back. A record can also be read like the dict it came from
(`meeting["date"]`, `action.get("due")`, `{**action}`), so the knowledge functions written for dicts
take records unchanged; new code uses the attributes.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

KINDS = ("county", "area", "district", "partnership")


# ---- scope ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """What something is about: ("county", "county", "Hampshire"), ("area", "south", "South
    Hampshire"), ("district", "Havant", "Havant") or ("partnership", "gosport", "Gosport"). Written
    as a key, "district:Havant"; stored as the three fields scope_kind, scope_id, scope_name."""
    kind: str
    id: str
    name: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    def phrase(self) -> str:
        """'the Gosport partnership', "Havant's partnerships", 'every partnership'."""
        if self.kind == "county":
            return "every partnership"
        if self.kind == "partnership":
            return f"the {self.name} partnership"
        return f"{self.name}'s partnerships"

    @classmethod
    def county(cls) -> "Scope":
        return cls("county", "county", "Hampshire")

    @classmethod
    def from_key(cls, key: str, name: str = "") -> "Scope":
        """'partnership:gosport' -> Scope('partnership', 'gosport', name)."""
        kind, scope_id = key.split(":", 1)
        return cls(kind, scope_id, name or ("Hampshire" if kind == "county" else scope_id))

    @classmethod
    def of(cls, row: Mapping) -> "Scope":
        """The scope a stored row names in its scope_kind, scope_id and scope_name fields."""
        return cls(row["scope_kind"], row["scope_id"], row.get("scope_name") or "")

    def fields(self) -> dict:
        """The three fields a stored row keeps it in."""
        return {"scope_kind": self.kind, "scope_id": self.id, "scope_name": self.name}


# ---- the records ------------------------------------------------------------------------------

class Record(Mapping):
    """A typed record that reads and writes the JSON row it is stored as.

    Subclasses are made with @record: dataclasses with an `extra` dict last, holding the stored keys
    the class does not declare. `OMIT_WHEN_NONE` names fields left out of `to_dict` while None
    (context added when reading, such as the meeting an action came from, that is not part of the
    stored row). Reading a record like a dict is a set lookup and an attribute: the nudge rules read
    thousands of them per scan."""

    OMIT_WHEN_NONE: ClassVar[frozenset] = frozenset()
    NESTED: ClassVar[dict] = {}          # field -> Record class of each item in that list
    _NAMES: ClassVar[tuple] = ()         # the declared fields but `extra`, in order (set by @record)
    _KNOWN: ClassVar[frozenset] = frozenset()

    @classmethod
    def from_dict(cls, row: Mapping) -> "Record":
        if isinstance(row, cls):
            return row
        known = cls._KNOWN
        values = {k: v for k, v in row.items() if k in known}
        for name, nested in cls.NESTED.items():
            items = values.get(name)
            if isinstance(items, list):
                values[name] = [nested.from_dict(item) for item in items]
        return cls(**values, extra={k: v for k, v in row.items() if k not in known})

    def to_dict(self) -> dict:
        """The JSON row: declared fields, then the keys kept in `extra`; nested records as dicts."""
        own, omit = self.__dict__, self.OMIT_WHEN_NONE
        row = {name: plain(own[name]) for name in self._NAMES if not (own[name] is None and name in omit)}
        row.update(plain(self.extra))
        return row

    # Read like the dict it came from.
    def __getitem__(self, key: str) -> Any:
        if key in self._KNOWN:
            value = self.__dict__[key]
            if value is None and key in self.OMIT_WHEN_NONE:
                raise KeyError(key)
            return value
        return self.extra[key]

    def get(self, key: str, default=None) -> Any:
        if key in self._KNOWN:
            value = self.__dict__[key]
            return default if value is None and key in self.OMIT_WHEN_NONE else value
        return self.extra.get(key, default)

    def __contains__(self, key) -> bool:
        if key in self._KNOWN:
            return not (self.__dict__[key] is None and key in self.OMIT_WHEN_NONE)
        return key in self.extra

    def __iter__(self):
        own, omit = self.__dict__, self.OMIT_WHEN_NONE
        for name in self._NAMES:
            if not (own[name] is None and name in omit):
                yield name
        yield from self.extra

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def replace(self, **changes) -> "Record":
        """A copy with some fields (or extra keys) changed."""
        return type(self).from_dict({**self.to_dict(), **changes})


def record(cls):
    """Make a Record subclass a dataclass, compared as the mapping it reads as (so a record equals
    its row), with its field names ready for fast reading."""
    cls = dataclass(eq=False)(cls)
    cls._NAMES = tuple(f.name for f in fields(cls) if f.name != "extra")
    cls._KNOWN = frozenset(cls._NAMES)
    cls.OMIT_WHEN_NONE = frozenset(cls.OMIT_WHEN_NONE)
    return cls


def plain(value):
    """Records (and lists and dicts of them) as plain JSON-ready values, for storing."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, Scope):
        return value.fields()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@record
class Action(Record):
    """An action from a meeting, numbered per partnership ("action 3" of Gosport is stable for ever).
    Read on its own, it carries the partnership and meeting it belongs to."""
    number: int = 0
    text: str = ""
    owner: str = ""
    owner_user_id: str | None = None
    due: str | None = None               # ISO date, or None
    status: str = "open"                 # open | done | withdrawn
    history: list = field(default_factory=list)
    partnership_id: str | None = None    # context, not stored inside the meeting
    meeting_id: str | None = None
    extra: dict = field(default_factory=dict)

    OMIT_WHEN_NONE: ClassVar[tuple] = ("partnership_id", "meeting_id")

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@record
class Meeting(Record):
    """A partnership meeting (storage/meetings.py has the full description). `withdrawn` is set when
    it was withdrawn ({"by", "by_name", "at", "reason"}): then it counts for nothing."""
    id: str = ""
    partnership_id: str = ""
    date: str = ""                       # ISO date
    kind: str = "full"                   # knowledge/data/meeting_types.yaml
    attendees: list = field(default_factory=list)    # {"person", "organisation", "category", "school_id"}
    apologies: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)      # Action
    logged_by: str = ""
    logged_by_name: str = ""
    logged_at: str = ""
    history: list = field(default_factory=list)
    withdrawn: dict | None = None
    extra: dict = field(default_factory=dict)

    OMIT_WHEN_NONE: ClassVar[tuple] = ("withdrawn",)
    NESTED: ClassVar[dict] = {"actions": Action}


@record
class Deadline(Record):
    """A deadline (knowledge/deadlines.py has the full description)."""
    id: str = ""
    title: str = ""
    due: str = ""                        # ISO date
    scope_kind: str = "county"
    scope_id: str = "county"
    scope_name: str = "Hampshire"
    kind: str = "one-off"                # one-off | recurring
    every: str = ""
    met_by: str = ""
    note: str = ""
    status: str = "active"
    source: dict = field(default_factory=dict)
    done_for: dict = field(default_factory=dict)     # scope key -> {"by", "by_name", "at"}
    history: list = field(default_factory=list)
    seed_id: str | None = None
    extra: dict = field(default_factory=dict)

    OMIT_WHEN_NONE: ClassVar[tuple] = ("seed_id",)

    @property
    def scope(self) -> Scope:
        return Scope(self.scope_kind, self.scope_id, self.scope_name)


def recipient_key(channel_id: str, conversation_id: str) -> str:
    """A subscription's recipient: one per conversation ("msteams:19:abc@thread.tacv2"); a
    channel thread ('...;messageid=123') is its channel."""
    return f"{channel_id}:{(conversation_id or '').split(';messageid=')[0]}"


@record
class Subscription(Record):
    """A conversation nudged about a scope (storage/subscriptions.py). `reference` is the
    ConversationReference as a plain dict; `tenant_id` is kept beside it."""
    id: str = ""
    recipient: str = ""                  # "<channel id>:<conversation id>"
    scope_kind: str = "county"
    scope_id: str = "county"
    scope_name: str = "Hampshire"
    reference: dict = field(default_factory=dict)
    tenant_id: str = ""
    conversation_type: str | None = None
    user_id: str = ""
    user_name: str = ""
    active: bool = True
    created_at: str = ""
    stopped_at: str | None = None
    stopped_by: str | None = None
    extra: dict = field(default_factory=dict)

    OMIT_WHEN_NONE: ClassVar[tuple] = ("stopped_at", "stopped_by")

    @property
    def scope(self) -> Scope:
        return Scope(self.scope_kind, self.scope_id, self.scope_name)


@record
class Grant(Record):
    """A role someone holds for a scope. A row of the role log (storage/roles.py) is a Grant too,
    with `change` ("granted" | "removed") and who changed it when; the first admins, from the
    settings, have `from_settings`."""
    user_id: str = ""
    user_name: str = ""
    role: str = ""
    scope_kind: str = "county"
    scope_id: str = "county"
    scope_name: str = "Hampshire"
    change: str | None = None
    by: str | None = None
    by_name: str | None = None
    at: str | None = None
    from_settings: bool | None = None
    extra: dict = field(default_factory=dict)

    OMIT_WHEN_NONE: ClassVar[tuple] = ("change", "by", "by_name", "at", "from_settings")

    @property
    def scope(self) -> Scope:
        return Scope(self.scope_kind, self.scope_id, self.scope_name)


@record
class LedgerEntry(Record):
    """One nudge in the ledger (storage/nudge_ledger.py): claimed ("sending") before it is sent,
    then "sent", "failed" (retried later), "gave_up", "superseded" or "uncertain"."""
    key: str = ""                        # "<item>|<stage>|<recipient>"
    item: str = ""
    stage: str = ""
    recipient: str = ""
    subscription_id: str | None = None
    kind: str = ""                       # deadline | action | no_meeting
    deadline_id: str | None = None
    subject: str | None = None           # the scope key it is about
    partnership_id: str | None = None
    action_number: int | None = None
    due: str | None = None
    text: str = ""
    state: str = "sending"
    attempts: int = 1
    created_at: str = ""
    created_on: str = ""
    claimed_by: str | None = None
    claimed_at: str | None = None
    sent_at: str | None = None
    activity_id: str | None = None
    errors: list = field(default_factory=list)
    next_try_at: str | None = None
    extra: dict = field(default_factory=dict)

    OMIT_WHEN_NONE: ClassVar[tuple] = ("sent_at", "activity_id", "next_try_at")


def records_of(cls, rows) -> list:
    """Stored rows as records of one class."""
    return [cls.from_dict(row) for row in rows]
