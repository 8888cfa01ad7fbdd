"""An activity the bot has seen before is answered once, as botbuilder middleware.

Channels send an activity again when the bot was slow to answer it (Teams retries after about 15
seconds), and a client may post the same activity twice. Processing it again would log the same
minutes twice or add the same deadline twice. So each activity is known by its channel, its
conversation and its id: a repeat within WINDOW is not processed. If the channel expects the
replies in the HTTP response (`deliveryMode: expectReplies`), the repeat gets the replies the
first one got; otherwise they have already been posted to the conversation and nothing more is sent.

Only turns that finished are remembered: a turn that failed half way may be tried again. This runs
inside the one-turn-at-a-time lock (bot/one_turn_at_a_time.py), so a repeat that arrives while the
first is still working waits for it and then finds it done. Kept in memory: after a restart, the
drafts' own ids (an already-saved meeting, deadline or move is never saved twice) still hold.
"""

import pickle
import time
from collections import OrderedDict
from typing import Awaitable, Callable

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import ActivityTypes, DeliveryModes

WINDOW = 15 * 60          # seconds a finished activity is remembered
MAX_REMEMBERED = 20_000   # and at most this many, oldest forgotten first


class ReplayedActivities(Middleware):
    def __init__(self, window: float = WINDOW, now=time.monotonic):
        self.window = window
        self.now = now
        self._seen: "OrderedDict[str, tuple]" = OrderedDict()    # key -> (when, replies, pickled)

    @staticmethod
    def key_of(context: TurnContext) -> str | None:
        activity = context.activity
        if not activity.id or not activity.conversation or not activity.conversation.id:
            return None
        return f"{activity.channel_id}/{activity.conversation.id}/{activity.id}"

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]):
        key = self.key_of(context)
        if key is None or context.activity.type == ActivityTypes.invoke:
            # Invokes (a message-extension search, say) change nothing and want their own answer.
            await logic()
            return
        self._forget_old()
        seen = self._seen.get(key)
        if seen is not None:
            if context.activity.delivery_mode == DeliveryModes.expect_replies and seen[1] is not None:
                context.buffered_reply_activities.extend(_unpacked(seen[1]))
            return
        replies: list = []
        # Only a channel that expects the replies in the response is given them again; replies
        # posted to the conversation are not sent twice, so they are not kept (pickling a card's
        # reply on every turn for nothing was a tenth of a directory question's own work).
        expects_replies = context.activity.delivery_mode == DeliveryModes.expect_replies

        async def keep(_context, activities, send):
            replies.extend(activities)
            return await send()

        if expects_replies:
            context.on_send_activities(keep)
        await logic()
        # Kept pickled: one bytes object, which the garbage collector never walks, rather than the
        # hundreds of objects of each reply's card. Up to MAX_REMEMBERED turns' replies stay for
        # WINDOW; as objects they made every full collection walk millions more (issue 16).
        self._seen[key] = (self.now(), _packed(replies) if expects_replies else None)
        if len(self._seen) > MAX_REMEMBERED:
            self._seen.popitem(last=False)

    def _forget_old(self) -> None:
        limit = self.now() - self.window
        while self._seen:
            _key, (when, _replies) = next(iter(self._seen.items()))
            if when >= limit:
                break
            self._seen.popitem(last=False)


def _packed(replies: list):
    try:
        return pickle.dumps(replies, pickle.HIGHEST_PROTOCOL)
    except Exception:  # pickle's errors vary with what it met; such replies are kept as they are
        return replies


def _unpacked(replies) -> list:
    return pickle.loads(replies) if isinstance(replies, bytes) else replies
