"""Who gets nudged where: one record per conversation and scope (table `subscriptions`).

    {"id", "recipient": "msteams:a:personal-jo",      # channel id and conversation id: the key
     "scope_kind", "scope_id", "scope_name",
     "reference": {...},                              # the ConversationReference, serialised
     "tenant_id": "...",                              # kept beside it (see below)
     "conversation_type": "personal" | "channel" | "groupChat" | None,
     "user_id", "user_name",                          # who subscribed (Entra object id)
     "active": true, "created_at", "stopped_at", "stopped_by"}

The reference is stored as a plain dict (what `ConversationReference.serialize()` gives), so this
module needs no botbuilder. Teams sends the tenant as `conversation.tenantId`, but botbuilder's
ConversationAccount maps its `tenant_id` to "tenantID", so the tenant is lost when an incoming
activity becomes a reference. The tenant id from the activity's channelData is kept beside the
reference and put back (into the reference and the message's channelData) when sending.

Stopping keeps the record (active false) so there is a trail of who stopped what.
"""

import uuid

from tinydb import Query

from knowledge.records import recipient_key  # noqa: F401 (kept here for callers of this module)

from .database import Database

TABLE = "subscriptions"




def subscribe(database: Database, *, recipient: str, scope_kind: str, scope_id: str, scope_name: str,
              reference: dict, tenant_id: str, conversation_type: str | None, user_id: str, user_name: str,
              at: str) -> tuple[dict, bool]:
    """Subscribe a conversation to a scope; (record, True if new). Subscribing again refreshes
    the stored reference (Teams may have moved the conversation to another service URL)."""
    with database.lock:
        table = database.table(TABLE)
        Row = Query()
        existing = table.get((Row.recipient == recipient) & (Row.scope_kind == scope_kind)
                             & (Row.scope_id == scope_id) & (Row.active == True))  # noqa: E712
        if existing is not None:
            table.update({"reference": reference, "tenant_id": tenant_id or existing.get("tenant_id", "")},
                         Row.id == existing["id"])
            return {**existing, "reference": reference}, False
        record = {"id": uuid.uuid4().hex[:12], "recipient": recipient, "scope_kind": scope_kind,
                  "scope_id": scope_id, "scope_name": scope_name, "reference": reference,
                  "tenant_id": tenant_id or "", "conversation_type": conversation_type,
                  "user_id": user_id, "user_name": user_name, "active": True, "created_at": at}
        table.insert(record)
        return record, True


def active(database: Database) -> list[dict]:
    with database.lock:
        rows = database.table(TABLE).all()
    # Oldest first; ties (the same second) in the order they were made, which TinyDB keeps.
    return sorted((dict(r) for r in rows if r.get("active")), key=lambda r: r["created_at"])


def of_recipient(database: Database, recipient: str) -> list[dict]:
    return [s for s in active(database) if s["recipient"] == recipient]


def stop(database: Database, recipient: str, scope_key: str | None = None, *, by: str, at: str) -> list[dict]:
    """Stop a conversation's subscriptions (all, or one scope's); returns those stopped."""
    with database.lock:
        stopped = [s for s in of_recipient(database, recipient)
                   if scope_key is None or f"{s['scope_kind']}:{s['scope_id']}" == scope_key]
        if stopped:
            ids = {s["id"] for s in stopped}
            database.table(TABLE).update({"active": False, "stopped_at": at, "stopped_by": by},
                                         Query().id.one_of(list(ids)))
        return stopped


def reference_of(database: Database, recipient: str) -> tuple[dict, str] | None:
    """The newest stored (reference, tenant id) for a conversation, active or not."""
    with database.lock:
        rows = [dict(r) for r in database.table(TABLE).all() if r["recipient"] == recipient]
    if not rows:
        return None
    newest = max(rows, key=lambda r: r["created_at"])
    return newest["reference"], newest.get("tenant_id", "")
