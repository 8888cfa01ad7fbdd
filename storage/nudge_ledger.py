"""The nudge ledger: every nudge, recorded BEFORE it is sent, so none goes twice and none is lost
without a trace (table `nudge_ledger`). Snoozes and "stop reminding me about this" beside it.

A record:
    {"key": "<item>|<stage>|<recipient>", "item", "stage", "recipient", "subscription_id",
     "kind", "deadline_id", "subject", "partnership_id", "action_number", "due", "text",
     "state": "sending" | "sent" | "failed" | "uncertain" | "superseded" | "gave_up",
     "attempts", "created_at", "created_on" (London date), "claimed_by", "claimed_at",
     "sent_at", "activity_id", "errors": [...], "next_try_at"}

How a nudge goes out (bot/nudges.py):
1. `claim`: under the database lock, write the record as "sending" unless it exists already
   (sent, being sent by another scan, failed and not yet due a retry). Only the scan that claims
   it sends it, so two overlapping scans send it once.
2. Send. 3. `mark_sent` with the channel's activity id, or `mark_failed` with the error and when
   to try again (after MAX_ATTEMPTS it is given up, and logged).
A crash between 1 and 3 leaves "sending": at the next start `recover` marks it "uncertain" (it may
or may not have reached the chat). It is NOT sent again, so it can never arrive twice; it is
logged and listed by `python -m bot nudges --ledger` for a person to check.
"""

from datetime import datetime, timedelta

from tinydb import Query

from .database import Database

TABLE = "nudge_ledger"
SNOOZES = "nudge_snoozes"
DISMISSED = "nudge_dismissed"
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=2)

NUDGE_FIELDS = ("key", "item", "stage", "recipient", "subscription_id", "kind", "deadline_id", "subject",
                "partnership_id", "action_number", "due", "text")


def records(database: Database) -> list[dict]:
    with database.lock:
        return [dict(r) for r in database.table(TABLE).all()]


def claim(database: Database, nudge: dict, *, scan_id: str, at: str, on: str) -> dict | None:
    """Record the nudge as being sent by this scan; None if it must not be sent now."""
    with database.lock:
        table = database.table(TABLE)
        existing = table.get(Query().key == nudge["key"])
        if existing is not None:
            if existing["state"] != "failed" or existing.get("next_try_at", "") > at:
                return None
            changes = {"state": "sending", "claimed_by": scan_id, "claimed_at": at,
                       "attempts": existing.get("attempts", 0) + 1, "text": nudge["text"]}
            table.update(changes, Query().key == nudge["key"])
            return {**existing, **changes}
        record = {**{f: nudge.get(f) for f in NUDGE_FIELDS}, "state": "sending", "attempts": 1,
                  "created_at": at, "created_on": on, "claimed_by": scan_id, "claimed_at": at, "errors": []}
        table.insert(record)
        return record


def mark_sent(database: Database, key: str, *, activity_id: str, at: str) -> None:
    with database.lock:
        database.table(TABLE).update({"state": "sent", "sent_at": at, "activity_id": activity_id or ""},
                                     Query().key == key)


def mark_failed(database: Database, key: str, *, error: str, at: str) -> dict:
    """Record a failed send; it is retried later (backing off), or given up after MAX_ATTEMPTS."""
    with database.lock:
        table = database.table(TABLE)
        record = dict(table.get(Query().key == key))
        attempts = record.get("attempts", 1)
        wait = min(FIRST_RETRY * (2 ** (attempts - 1)), LONGEST_RETRY)
        state = "gave_up" if attempts >= MAX_ATTEMPTS else "failed"
        changes = {"state": state, "errors": [*record.get("errors", []), {"at": at, "error": error[:500]}],
                   "next_try_at": (datetime.fromisoformat(at) + wait).isoformat()}
        table.update(changes, Query().key == key)
        return {**record, **changes}


def supersede(database: Database, item: str, recipient: str, *, keep: str, at: str) -> list[dict]:
    """A newer nudge about the same thing went out: failed older ones are not retried any more."""
    with database.lock:
        table = database.table(TABLE)
        Row = Query()
        older = [dict(r) for r in table.search((Row.item == item) & (Row.recipient == recipient)
                                               & (Row.state == "failed") & (Row.key != keep))]
        if older:
            table.update({"state": "superseded", "superseded_at": at, "superseded_by": keep},
                         Row.key.one_of([r["key"] for r in older]))
        return older


def recover(database: Database, *, at: str) -> list[dict]:
    """After a crash: nudges caught mid-send become 'uncertain' (never resent: see above)."""
    with database.lock:
        table = database.table(TABLE)
        caught = [dict(r) for r in table.search(Query().state == "sending")]
        if caught:
            table.update({"state": "uncertain", "recovered_at": at}, Query().state == "sending")
        return caught


def answered_by(database: Database, recipient: str, activity_ids: list[str]) -> dict | None:
    """The nudge a reply answers: the one with that activity id (a reply in its thread), else the
    latest sent to that conversation."""
    sent = [r for r in records(database) if r["recipient"] == recipient and r["state"] in ("sent", "uncertain")]
    for activity_id in activity_ids:
        match = [r for r in sent if activity_id and r.get("activity_id") == activity_id]
        if match:
            return match[0]
    return max(sent, key=lambda r: (r.get("sent_at") or r["created_at"], r["created_at"]), default=None)


def get(database: Database, key: str) -> dict | None:
    with database.lock:
        found = database.table(TABLE).get(Query().key == key)
    return dict(found) if found else None


# ---- snoozes and dismissals --------------------------------------------------------------------

def snooze(database: Database, item: str, recipient: str, until: str, *, by: str, at: str) -> None:
    with database.lock:
        database.table(SNOOZES).upsert({"item": item, "recipient": recipient, "until": until, "by": by, "at": at},
                                       (Query().item == item) & (Query().recipient == recipient))


def snoozes(database: Database) -> list[dict]:
    with database.lock:
        return [dict(r) for r in database.table(SNOOZES).all()]


def dismiss(database: Database, item: str, recipient: str, *, by: str, at: str) -> None:
    with database.lock:
        database.table(DISMISSED).upsert({"item": item, "recipient": recipient, "by": by, "at": at},
                                         (Query().item == item) & (Query().recipient == recipient))


def dismissed(database: Database) -> list[dict]:
    with database.lock:
        return [dict(r) for r in database.table(DISMISSED).all()]
