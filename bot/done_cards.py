"""Cards that know they are done.

When a card's button changes something (Save on the minutes, Done or Snooze on a nudge, Yes on a
move), the card it was pressed on is replaced by one saying what happened, with no buttons: a
second press on an old Save cannot look live, and the chat reads as a record. Teams tells the bot
which card was pressed (the press's `replyToId`); a typed "save" changes no card.

    await card_done(context, "Saved by Jo Smith", "Minutes of the Gosport partnership, 9 March 2010")
"""

import logging

from botbuilder.core import MessageFactory, TurnContext

from .cards import card

log = logging.getLogger(__name__)


def pressed_card_id(context: TurnContext) -> str | None:
    """The id of the card whose button made this message, or None when it was typed."""
    activity = context.activity
    pressed = isinstance(activity.value, dict) and bool(activity.value)
    return activity.reply_to_id or None if pressed else None


async def card_done(context: TurnContext, outcome: str, detail: str = "") -> bool:
    """Replace the pressed card with `outcome` (and a line of detail). False when nothing was pressed
    or the channel cannot update messages (the bot's reply says the same, so nothing is lost)."""
    card_id = pressed_card_id(context)
    if not card_id:
        return False
    done = MessageFactory.attachment(card("done", outcome=outcome, detail=detail))
    done.id = card_id
    try:
        await context.update_activity(done)
    except Exception as error:      # Web Chat and some channels cannot update; the reply is enough
        log.info("Could not update the pressed card: %s", type(error).__name__)
        return False
    return True
