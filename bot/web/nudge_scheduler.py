"""Proactive deadline nudges: the scheduler inside the aiohttp app (see nudge_command.py to look at them).

The scheduler is an asyncio task started and stopped with the app (app.py). Every few minutes it
reads the deadlines, subscriptions, meetings and the ledger, asks knowledge/nudge_rules.py what is
due, and sends each nudge through the adapter's `continue_conversation`. Each nudge is claimed in
the ledger before it is sent (storage/nudge_ledger.py), so two overlapping scans or a restart never
send it twice; a send the connector refuses is logged and retried later.
"""

import asyncio
import logging
import uuid

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import ConversationReference

from knowledge.clock import LONDON, utc_iso
from knowledge.deadlines import load_seed
from knowledge.nudge_rules import Nudge, Situation, due_nudges
from knowledge.resolutions import pending_by_partnership
from knowledge.scopes import Geography
from knowledge.term_dates import load_terms
from storage import deadlines as deadline_store
from storage import meetings as meeting_store
from storage import nudge_ledger as ledger
from storage import resolutions as resolution_store
from storage import subscriptions as subscription_store
from storage.faults import StorageFault
from storage.off_loop import in_background

from bot.cards import card
from .service_urls import refusal

log = logging.getLogger(__name__)


def seed_deadlines(services) -> int:
    """Put the 2010 timetable in the deadline store unless it is there already (safe every start)."""
    added = deadline_store.seed(services.database, load_seed(directory=services.directory),
                                utc_iso(services.clock.now()))
    if added:
        log.info("Seeded %d deadlines from knowledge/data/deadlines.yaml", added)
    return added


def read_situation(services, terms=None) -> Situation:
    """Everything the rules need, read from the database now."""
    database = services.database
    return Situation(
        now=services.clock.now(),
        deadlines=deadline_store.all_deadlines(database),
        subscriptions=subscription_store.active(database),
        geography=Geography.from_directory(services.directory),
        terms=terms if terms is not None else load_terms(),
        meetings=meeting_store.meetings_for(database),
        resolutions_pending=pending_by_partnership(services.directory, resolution_store.all_resolutions(database)),
        actions=meeting_store.open_actions(database),
        ledger=ledger.records(database),
        snoozes=ledger.snoozes(database),
        dismissed=ledger.dismissed(database),
        documents={key: doc.short for key, doc in services.directory.documents.items()})


def nudge_message(nudge: Nudge, tenant_id: str = ""):
    """The message: the nudge's text (every client shows it) and a card with Done / Snooze."""
    reply = MessageFactory.text(nudge.text)
    reply.attachments = [card("nudge", text=nudge.text, key=nudge.key)]
    reply.summary = nudge.text
    if tenant_id:
        reply.channel_data = {"tenant": {"id": tenant_id}}
    return reply


class SendFailed(Exception):
    pass


class ServiceUrlRefused(SendFailed):
    """The subscription's serviceUrl is not one the bot may post to (bot/service_urls.py)."""


class NudgeScheduler:
    """Scans for due nudges and sends them. One per app; `scan()` is safe to run twice at once."""

    def __init__(self, services, adapter, app_id: str = "", every_seconds: float = 300):
        self.services = services
        self.adapter = adapter
        self.app_id = app_id
        self.every_seconds = every_seconds
        self.terms = load_terms()
        self.scans_finished = 0
        self._task: asyncio.Task | None = None

    # ---- the app's lifetime --------------------------------------------------------------

    async def start(self, _app=None) -> None:
        database = self.services.database
        caught = await in_background(database, ledger.recover, database, at=utc_iso(self.services.clock.now()))
        for record in caught:
            log.warning("Nudge %s to %s was being sent when the bot stopped: it may not have arrived. "
                        "Not sent again (it must never arrive twice); check with 'python -m bot nudges "
                        "--ledger'. It said: %s", record["key"], record["recipient"], record["text"])
        if self.every_seconds > 0:
            self._task = asyncio.create_task(self._run(), name="deadline-nudges")

    async def stop(self, _app=None) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.scan()
            except asyncio.CancelledError:
                raise
            except StorageFault as fault:     # the disk is full or read-only: one line, not a traceback a scan
                log.error("No nudges sent this scan: %s. Trying again in %s seconds.", fault, self.every_seconds)
            except Exception:           # one bad scan must not stop the next
                log.exception("The nudge scan failed; trying again in %s seconds", self.every_seconds)
            self.scans_finished += 1    # what tests wait on, rather than on the clock
            await asyncio.sleep(self.every_seconds)

    # ---- one scan --------------------------------------------------------------------------

    async def scan(self) -> list[tuple[Nudge, str]]:
        """Send every nudge due now; returns (nudge, "sent" | "failed" | "gave_up") for each one this
        scan claimed."""
        database = self.services.database
        situation = await in_background(database, read_situation, self.services, self.terms)
        due = due_nudges(situation)
        if not due:
            return []
        references = {s["id"]: s for s in situation.subscriptions}
        scan_id = uuid.uuid4().hex[:8]
        outcomes = []
        for nudge in due:
            now = self.services.clock.now()
            claimed = await in_background(database, ledger.claim, database, _fields(nudge), scan_id=scan_id,
                                          at=utc_iso(now), on=now.astimezone(LONDON).date().isoformat())
            if claimed is None:
                continue            # another scan has it, or it went already
            outcomes.append((nudge, await self._send_and_record(nudge, references.get(nudge.subscription_id))))
        return outcomes

    async def _send_and_record(self, nudge: Nudge, subscription: dict | None) -> str:
        database = self.services.database
        try:
            if subscription is None:
                raise SendFailed("the subscription was stopped before the nudge went")
            activity_id = await self.send(nudge, subscription["reference"], subscription.get("tenant_id", ""))
        except Exception as error:       # the connector refused, timed out or could not be reached
            record = await in_background(database, ledger.mark_failed, database, nudge.key,
                                         error=f"{type(error).__name__}: {error}",
                                         at=utc_iso(self.services.clock.now()))
            if record["state"] == "gave_up":
                log.error("Gave up sending nudge %s to %s after %d attempts: %s", nudge.key, nudge.recipient,
                          record["attempts"], error)
            else:
                log.warning("Could not send nudge %s to %s (attempt %d): %s. Trying again after %s.", nudge.key,
                            nudge.recipient, record["attempts"], error, record["next_try_at"])
            return record["state"]
        at = utc_iso(self.services.clock.now())
        await in_background(database, ledger.mark_sent, database, nudge.key, activity_id=activity_id, at=at)
        older = await in_background(database, ledger.supersede, database, nudge.item, nudge.recipient,
                                    keep=nudge.key, at=at)
        for record in older:
            log.warning("Nudge %s was never delivered and is replaced by %s", record["key"], nudge.key)
        log.info("Sent nudge %s", nudge.key)
        return "sent"

    async def send(self, nudge: Nudge, reference: dict, tenant_id: str) -> str:
        """Send through the adapter's continue_conversation; returns the channel's activity id."""
        refused = refusal((reference or {}).get("serviceUrl"), self.services.config)
        if refused:
            # Stored when the rules were looser (or the settings changed since): never post there.
            log.warning("Not sending nudge %s to %s: %s (%r).", nudge.key, nudge.recipient, refused,
                        str((reference or {}).get("serviceUrl"))[:200])
            raise ServiceUrlRefused(refused)
        conversation_reference = ConversationReference().deserialize(reference)
        if tenant_id and conversation_reference.conversation is not None:
            conversation_reference.conversation.tenant_id = tenant_id
        sent, failure = [], []

        async def callback(turn_context: TurnContext):
            # Errors are caught here: left to the adapter, its on_turn_error would apologise into the
            # chat and throw away the conversation's state.
            try:
                # A new message, not a reply to the made-up continuation activity: in a channel that
                # starts its own thread, which "done" and "snooze" replies are matched to.
                turn_context.activity.id = None
                response = await turn_context.send_activity(nudge_message(nudge, tenant_id))
                sent.append(getattr(response, "id", "") or "")
            except Exception as error:
                failure.append(error)

        await self.adapter.continue_conversation(conversation_reference, callback, self.app_id)
        if failure:
            raise failure[0]
        if not sent:
            raise SendFailed("the channel did not take the message")
        return sent[0]


def _fields(nudge: Nudge) -> dict:
    return {"key": nudge.key, "item": nudge.item, "stage": nudge.stage, "recipient": nudge.recipient,
            "subscription_id": nudge.subscription_id, "kind": nudge.kind, "deadline_id": nudge.deadline_id,
            "subject": nudge.subject, "partnership_id": nudge.partnership_id,
            "action_number": nudge.action_number, "due": nudge.due, "text": nudge.text}
