"""Proactive deadline nudges: the scheduler inside the aiohttp app (see nudge_command.py to look at them).

The scheduler is an asyncio task started and stopped with the app (app.py). Every few minutes it
reads the deadlines, subscriptions, meetings and the ledger, asks knowledge/nudge_rules.py what is
due, and sends each nudge through the adapter's `continue_conversation`. Each nudge is claimed in
the ledger before it is sent (storage/nudge_ledger.py), so two overlapping scans or a restart never
send it twice; a send the connector refuses is logged and retried later.
"""

import asyncio
import logging

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import ConversationReference

from knowledge.clock import utc_iso
from knowledge.nudge_rules import Nudge
from knowledge.records import Subscription
from knowledge.term_dates import load_terms
from knowledge.use_cases.nudges import NotSent, scan_for_nudges
from knowledge.resolutions import pending_by_partnership
from storage import resolutions as resolution_store
from storage.faults import StorageFault
from storage.off_loop import in_background

from bot.cards import card
from .service_urls import refusal

log = logging.getLogger(__name__)


async def resolutions_pending(services) -> dict | None:
    """Partnership id -> its schools still to pass the governors' resolution, so the 2 April nudge
    names them and stops once all have; None when the store keeps no resolutions (then it nudges
    every partnership until the date, as before)."""
    try:
        recorded = await in_background(services.database, resolution_store.all_resolutions, services.database)
    except (AttributeError, TypeError):       # a store without TinyDB tables (BOT_STORAGE=azure)
        return None
    return pending_by_partnership(services.directory, recorded)


def nudge_message(nudge: Nudge, tenant_id: str = ""):
    """The message: the nudge's text (every client shows it) and a card with Done / Snooze."""
    reply = MessageFactory.text(nudge.text)
    reply.attachments = [card("nudge", text=nudge.text, key=nudge.key)]
    reply.summary = nudge.text
    if tenant_id:
        reply.channel_data = {"tenant": {"id": tenant_id}}
    return reply


class SendFailed(NotSent):
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
        caught = await self.services.records.ledger.recover(at=utc_iso(self.services.clock.now()))
        for record in caught:
            log.warning("Nudge %s to %s was being sent when the bot stopped: it may not have arrived. "
                        "Not sent again (it must never arrive twice); check with 'python -m bot nudges "
                        "--ledger'. It said: %s", record.key, record.recipient, record.text)
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
        scan claimed (knowledge/use_cases/nudges.py claims each before sending it)."""
        return await scan_for_nudges(self.services.records, self.services.directory, self.services.clock,
                                     self.terms, self._send_to, log,
                                     resolutions_pending=await resolutions_pending(self.services))

    async def _send_to(self, nudge: Nudge, subscription: Subscription) -> str:
        return await self.send(nudge, subscription.reference, subscription.tenant_id)

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

