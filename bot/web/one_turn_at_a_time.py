"""One turn at a time per conversation, as botbuilder middleware.

A turn reads the conversation's state, works (awaiting the database and the channel), and saves
the state at the end. Two turns of one conversation overlapping, say two people in a channel
answering at once, would both start from the same state, and the second save would be refused
by the storage's e-tag check. So turns of the same conversation wait for each other here; turns
of different conversations still run side by side. (Several bot processes sharing one store
would need more than this; the e-tag check still refuses, never silently overwrites.)
"""

import asyncio
import weakref
from typing import Awaitable, Callable

from botbuilder.core import Middleware, TurnContext


class OneTurnAtATime(Middleware):
    def __init__(self):
        # A lock lives as long as some turn holds or waits for it, then goes.
        self._locks: "weakref.WeakValueDictionary[str, asyncio.Lock]" = weakref.WeakValueDictionary()

    def lock_for(self, context: TurnContext) -> asyncio.Lock:
        conversation = context.activity.conversation
        key = f"{context.activity.channel_id}/{conversation.id if conversation else ''}"
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]):
        lock = self.lock_for(context)
        async with lock:
            await logic()
