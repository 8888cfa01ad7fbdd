"""The nudge ledger: every nudge, recorded BEFORE it is sent, so none goes twice and none is lost
without a trace. Snoozes and "stop reminding me about this" beside it (tables `nudge_snoozes`,
`nudge_dismissed`).

Each record is a file of its own, named by its key (`data/bot.nudge_ledger/<sha256 of key>.json`,
storage/database.py's DocumentFolder), so claiming a nudge and marking it sent each write one
small file, however long the ledger: in one table, each of those two writes rewrote every nudge
ever sent (0.85-1.3 s at 20,000, issue 16). Nothing is pruned: a record is what stops its nudge
going again, so none may go. LedgerIndex, in memory beside the files, finds a recipient's or an
item's records and those caught mid-send without reading the rest. A ledger kept in the older
layout (one table `nudge_ledger`) is moved into the folder when first opened, the table kept as
its `.bak`.

A record:
    {"key": "<item>|<stage>|<recipient>", "item", "stage", "recipient", "subscription_id",
     "kind", "deadline_id", "subject", "partnership_id", "action_number", "due", "text",
     "state": "sending" | "sent" | "failed" | "uncertain" | "superseded" | "gave_up",
     "attempts", "created_at", "created_on" (London date), "claimed_by", "claimed_at",
     "sent_at", "activity_id", "errors": [...], "next_try_at"}

How a nudge goes out (bot/nudges.py):
1. `claim`: under the database lock, write the record as "sending" unless it exists already
   (sent, being sent by another scan, failed and not yet due a retry). Only the scan that claims
   it sends it, so two overlapping scans send it once. The record's file is on disk (fsynced)
   before `claim` returns, so a crash after it cannot forget the claim.
2. Send. 3. `mark_sent` with the channel's activity id, or `mark_failed` with the error and when
   to try again (after MAX_ATTEMPTS it is given up, and logged).
A crash between 1 and 3 leaves "sending": at the next start `recover` marks it "uncertain" (it may
or may not have reached the chat). It is NOT sent again, so it can never arrive twice; it is
logged and listed by `python -m bot nudges --ledger` for a person to check.
"""

from datetime import datetime, timedelta

from tinydb import Query

from .database import Database, DocumentFolder, DocumentKind

TABLE = "nudge_ledger"
SNOOZES = "nudge_snoozes"
DISMISSED = "nudge_dismissed"
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=2)

NUDGE_FIELDS = ("key", "item", "stage", "recipient", "subscription_id", "kind", "deadline_id", "subject",
                "partnership_id", "action_number", "due", "text")


BRIEF = ("item", "recipient", "created_on", "state", "next_try_at")     # what the nudge rules read


class LedgerIndex:
    """Which records each recipient has, which each (item, recipient) has, which are "sending",
    and each record's BRIEF (what the nudge scan reads of it, so a scan reads no record), in
    memory; DocumentFolder keeps it in step with every write."""

    def __init__(self):
        self.brief: dict[str, tuple] = {}        # a tuple of text: the garbage collector skips it
        self.of_recipient: dict[str, set[str]] = {}
        self.of_item: dict[tuple[str, str], set[str]] = {}
        self.sending: set[str] = set()
        self._place: dict[str, tuple[str, str]] = {}

    def add(self, key: str, record: dict) -> None:
        item, recipient = record.get("item") or "", record.get("recipient") or ""
        self._place[key] = (item, recipient)
        self.brief[key] = tuple(record.get(name) for name in BRIEF)
        self.of_recipient.setdefault(recipient, set()).add(key)
        self.of_item.setdefault((item, recipient), set()).add(key)
        if record.get("state") == "sending":
            self.sending.add(key)

    def drop(self, key: str) -> None:
        item, recipient = self._place.pop(key)
        del self.brief[key]
        self.of_recipient[recipient].discard(key)
        self.of_item[(item, recipient)].discard(key)
        self.sending.discard(key)


LEDGER = DocumentKind(TABLE, label="nudge ledger", one_holds="one nudge, claimed before it was sent",
                      if_damaged="stop the bot and restore it from your backup of the data folder (deleting it "
                                 "could send that nudge again).",
                      index=LedgerIndex)


def ledger_documents(database: Database) -> DocumentFolder:
    """Every ledger record, one file each, with its LedgerIndex (`.index`). The first call in a
    process reads them all (the bot makes it at start-up: storage/repositories.py)."""
    return database.documents(LEDGER)


def _records(documents: DocumentFolder, keys) -> list[dict]:
    return [documents.get(key) for key in sorted(keys)]


def records(database: Database) -> list[dict]:
    with database.lock:
        return ledger_documents(database).all()


def briefs(database: Database) -> list[dict]:
    """Every record's key and BRIEF, from the index (no record is read)."""
    with database.lock:
        brief = dict(ledger_documents(database).index.brief)
    return [{"key": key, **{name: value for name, value in zip(BRIEF, values) if value is not None}}
            for key, values in brief.items()]


def claim(database: Database, nudge: dict, *, scan_id: str, at: str, on: str) -> dict | None:
    """Record the nudge as being sent by this scan; None if it must not be sent now."""
    with database.lock:
        documents = ledger_documents(database)
        existing = documents.get(nudge["key"])
        if existing is not None:
            if existing["state"] != "failed" or existing.get("next_try_at", "") > at:
                return None
            record = {**existing, "state": "sending", "claimed_by": scan_id, "claimed_at": at,
                      "attempts": existing.get("attempts", 0) + 1, "text": nudge["text"]}
        else:
            record = {**{f: nudge.get(f) for f in NUDGE_FIELDS}, "state": "sending", "attempts": 1,
                      "created_at": at, "created_on": on, "claimed_by": scan_id, "claimed_at": at, "errors": []}
        documents.put([record])
        return record


def _change(database: Database, key: str, changes: dict) -> dict | None:
    """The record with these changes, written; None (nothing written) if there is no such record."""
    documents = ledger_documents(database)
    record = documents.get(key)
    if record is None:
        return None
    record.update(changes)
    documents.put([record])
    return record


def mark_sent(database: Database, key: str, *, activity_id: str, at: str) -> None:
    with database.lock:
        _change(database, key, {"state": "sent", "sent_at": at, "activity_id": activity_id or ""})


def mark_failed(database: Database, key: str, *, error: str, at: str) -> dict:
    """Record a failed send; it is retried later (backing off), or given up after MAX_ATTEMPTS."""
    with database.lock:
        record = ledger_documents(database).get(key)
        if record is None:
            raise LookupError(f"There is no nudge {key!r} in the ledger.")
        attempts = record.get("attempts", 1)
        wait = min(FIRST_RETRY * (2 ** (attempts - 1)), LONGEST_RETRY)
        state = "gave_up" if attempts >= MAX_ATTEMPTS else "failed"
        changes = {"state": state, "errors": [*record.get("errors", []), {"at": at, "error": error[:500]}],
                   "next_try_at": (datetime.fromisoformat(at) + wait).isoformat()}
        return _change(database, key, changes)


def supersede(database: Database, item: str, recipient: str, *, keep: str, at: str) -> list[dict]:
    """A newer nudge about the same thing went out: failed older ones are not retried any more."""
    with database.lock:
        documents = ledger_documents(database)
        older = [r for r in _records(documents, documents.index.of_item.get((item, recipient), ()))
                 if r["state"] == "failed" and r["key"] != keep]
        for record in older:
            _change(database, record["key"], {"state": "superseded", "superseded_at": at, "superseded_by": keep})
        return older


def recover(database: Database, *, at: str) -> list[dict]:
    """After a crash: nudges caught mid-send become 'uncertain' (never resent: see above)."""
    with database.lock:
        documents = ledger_documents(database)
        caught = _records(documents, documents.index.sending)
        for record in caught:
            _change(database, record["key"], {"state": "uncertain", "recovered_at": at})
        return caught


def answered_by(database: Database, recipient: str, activity_ids: list[str]) -> dict | None:
    """The nudge a reply answers: the one with that activity id (a reply in its thread), else the
    latest sent to that conversation."""
    with database.lock:
        documents = ledger_documents(database)
        theirs = _records(documents, documents.index.of_recipient.get(recipient, ()))
    sent = [r for r in theirs if r["state"] in ("sent", "uncertain")]
    for activity_id in activity_ids:
        match = [r for r in sent if activity_id and r.get("activity_id") == activity_id]
        if match:
            return match[0]
    return max(sent, key=lambda r: (r.get("sent_at") or r["created_at"], r["created_at"]), default=None)


def get(database: Database, key: str) -> dict | None:
    with database.lock:
        return ledger_documents(database).get(key)


def store_records(database: Database, rows: list[dict]) -> None:
    """Store complete ledger records as they are, synced once at the end: for bulk loads such as
    the benchmarks' seed, not for sending."""
    with database.lock:
        ledger_documents(database).put(rows, synced_each=False)


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
