"""The CloudAdapter, with an on_turn_error that logs and apologises, as in the samples."""

import logging

from botbuilder.core import ConversationState, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from storage.faults import StorageFault

from . import kept_clients
from .kept_clients import KeptClients
from .one_turn_at_a_time import OneTurnAtATime
from .plain_text import PlainText
from ..teams_text import TeamsText
from .refused_sends import RefusedSendsAdapter
from .replayed_activities import ReplayedActivities
from .state_hash import use_fast_state_hash

log = logging.getLogger(__name__)


def create_adapter(config, conversation_state: ConversationState) -> CloudAdapter:
    use_fast_state_hash()     # botbuilder's check for changed state, in C (state_hash.py)
    # One connector and token client per service URL, kept alive (see kept_clients.py for why).
    adapter = RefusedSendsAdapter(KeptClients(ConfigurationBotFrameworkAuthentication(config)))

    async def on_turn_error(context: TurnContext, error: Exception):
        if isinstance(error, KeyError) and "Etag conflict" in str(error):
            # Another turn saved this conversation first: refused, not overwritten. Keep its state.
            log.warning("Refused a stale save of conversation state: %s", error)
            await context.send_activity(
                "Two messages for this conversation arrived at the same moment and I kept the other one. "
                "Please send yours again.")
            return
        if isinstance(error, StorageFault):
            # Disk full or read-only: nothing was written, and the conversation's state is kept (a
            # chair's draft survives, so "save" can be tried again once the admin has fixed it).
            log.error("Could not save a turn: %s", error)
            try:
                await context.send_activity(error.reply_after_answer if context.responded else error.reply)
            except Exception:  # the channel itself may be what failed
                log.exception("Could not tell the user about the storage fault")
            return
        log.exception("Unhandled error in a turn", exc_info=error)
        try:
            await context.send_activity(
                "Sorry, something went wrong on my side and I couldn't finish that. Nothing half-done "
                "was saved. Please try again, or say 'help'.")
        except Exception:  # the channel itself may be what failed
            log.exception("Could not tell the user about the error")
        # Drop the conversation's dialog state so the next message starts clean. delete() needs the
        # state loaded (KeyError otherwise), and the turn may have failed before loading it.
        try:
            await conversation_state.load(context)
            await conversation_state.delete(context)
        except Exception:
            log.exception("Could not drop the conversation's state after an error")

    adapter.on_turn_error = on_turn_error
    adapter.use(OneTurnAtATime())
    adapter.use(ReplayedActivities())     # inside the lock: a repeat waits for the first, then is not redone
    adapter.use(PlainText())     # what people typed, repeated in a reply, is never markup
    adapter.use(TeamsText())     # in Teams: one bubble per answer, lists as lists (escaped Markdown)
    return adapter


async def close_connections(adapter: CloudAdapter) -> None:
    """Close the connections the adapter posted replies on: for the app's on_cleanup."""
    authentication = getattr(adapter, "bot_framework_authentication", None)
    # (the class itself, not this module's name for it, which the bench swaps for botbuilder's own)
    if isinstance(authentication, kept_clients.KeptClients):
        await authentication.close()
