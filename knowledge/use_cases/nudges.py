"""Scanning for nudges: what is due now (knowledge/nudge_rules.due_nudges), each one claimed in the
ledger before it is sent, then recorded as sent or failed. The sending itself is the caller's (the
scheduler posts through botbuilder's adapter), passed in as `send`.

Claim, send, record, one nudge at a time: two overlapping scans send a nudge once (only the scan
whose claim is written sends it), and a crash between claim and record leaves it "sending", which
the next start marks "uncertain" and never sends again.
"""

import logging
import uuid
from dataclasses import asdict
from typing import Awaitable, Callable

from ..clock import LONDON, utc_iso
from ..nudge_rules import Nudge, Situation, due_nudges
from ..records import Subscription
from ..repositories import Records
from ..scopes import Geography

log = logging.getLogger(__name__)

# send(nudge, subscription) -> the channel's id for the message; raises if it did not go.
Send = Callable[[Nudge, Subscription], Awaitable[str]]


class NotSent(Exception):
    """The nudge could not be sent (the reason is the message)."""


async def read_situation(records: Records, directory, now, terms, resolutions_pending: dict | None = None) -> Situation:
    """Everything the rules need, read now. `resolutions_pending`: partnership id -> its schools still
    to pass the governors' resolution (knowledge/resolutions.pending_by_partnership), when known."""
    return Situation(
        resolutions_pending=resolutions_pending,
        now=now,
        deadlines=await records.deadlines.active(),
        subscriptions=await records.subscriptions.active(),
        geography=Geography.from_directory(directory),
        terms=terms,
        term_meeting_days=await records.meetings.term_meeting_days(),
        actions=await records.meetings.open_actions(),
        ledger=await records.ledger.entries(),
        snoozes=await records.ledger.snoozes(),
        dismissed=await records.ledger.dismissed(),
        documents={key: doc.short for key, doc in directory.documents.items()})


async def scan_for_nudges(records: Records, directory, clock, terms, send: Send,
                          logger: logging.Logger = log, resolutions_pending: dict | None = None) -> list[tuple[Nudge, str]]:
    """Send every nudge due now; (nudge, "sent" | "failed" | "gave_up") for each one this scan claimed."""
    situation = await read_situation(records, directory, clock.now(), terms, resolutions_pending)
    due = due_nudges(situation)
    if not due:
        return []
    subscriptions = {s.id: s for s in situation.subscriptions}
    scan_id = uuid.uuid4().hex[:8]
    outcomes = []
    for nudge in due:
        now = clock.now()
        claimed = await records.ledger.claim(asdict(nudge), scan_id=scan_id, at=utc_iso(now),
                                             on=now.astimezone(LONDON).date().isoformat())
        if claimed is None:
            continue            # another scan has it, or it went already
        outcome = await _send_and_record(records, clock, nudge, subscriptions.get(nudge.subscription_id), send,
                                         logger)
        outcomes.append((nudge, outcome))
    return outcomes


async def _send_and_record(records: Records, clock, nudge: Nudge, subscription: Subscription | None, send: Send,
                           logger: logging.Logger) -> str:
    try:
        if subscription is None:
            raise NotSent("the subscription was stopped before the nudge went")
        activity_id = await send(nudge, subscription)
    except Exception as error:       # the connector refused, timed out or could not be reached
        record = await records.ledger.mark_failed(nudge.key, error=f"{type(error).__name__}: {error}",
                                                  at=utc_iso(clock.now()))
        if record.state == "gave_up":
            logger.error("Gave up sending nudge %s to %s after %d attempts: %s", nudge.key, nudge.recipient,
                         record.attempts, error)
        else:
            logger.warning("Could not send nudge %s to %s (attempt %d): %s. Trying again after %s.", nudge.key,
                           nudge.recipient, record.attempts, error, record.next_try_at)
        return record.state
    at = utc_iso(clock.now())
    await records.ledger.mark_sent(nudge.key, activity_id=activity_id, at=at)
    for older in await records.ledger.supersede(nudge.item, nudge.recipient, keep=nudge.key, at=at):
        logger.warning("Nudge %s was never delivered and is replaced by %s", older.key, nudge.key)
    logger.info("Sent nudge %s", nudge.key)
    return "sent"
